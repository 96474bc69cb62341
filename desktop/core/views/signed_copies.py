"""How the signed copies of a plan are listed on screen: one line each. Qt-free."""

from __future__ import annotations

from desktop.core.casework.signed_copies import ACCEPTED
from desktop.core.documents.context import format_date
from sync.records import Record

LINE_SEPARATOR = "  ·  "


def size_text(size: int) -> str:
    """A file size as a worker reads it: "1.5 MB", "320 KB" (at least 1 KB)."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def copy_line(record: Record) -> str:
    """One line of the list: date, type, size and the description."""
    f = record.fields
    parts = [format_date(f.get("added_on")), ACCEPTED.get(str(f.get("mime")), "?"),
             size_text(int(f.get("size") or 0))]
    if f.get("description"):
        parts.append(str(f["description"]))
    return LINE_SEPARATOR.join(parts)
