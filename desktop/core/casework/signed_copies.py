"""Signed copies of a plan, scanned back into the case.

The worker prints the plan in the village, the beneficiary signs it, and the scan (an image
or a PDF) is attached to that plan version: the bytes go into the vault's blob table under
their SHA-256, and an ``attachment`` record (case, plan, hash, type, size, date) points at them,
both in one transaction. Nothing is written outside the vault. Qt-free.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from desktop.core.casework.config import iso
from desktop.core.casework.persons import require
from desktop.core.errors import KujdesError
from desktop.core.store import Store
from sync.records import Record

MAX_BYTES = 20 * 1024 * 1024
# Accepted types, with the name a worker knows them by.
ACCEPTED: dict[str, str] = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/tiff": "TIFF",
    "image/webp": "WebP",
    "application/pdf": "PDF",
}
_ALIASES = {"image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg", "image/tif": "image/tiff",
            "image/x-png": "image/png", "application/x-pdf": "application/pdf"}
PDF_HEADER_WINDOW = 1024  # a PDF header may follow a few bytes of junk


class UnsupportedFile(KujdesError):
    message = ("This file cannot be attached as a signed copy: only scanned images (JPEG, PNG, "
               "TIFF, WebP) and PDF files are accepted.")


class FileTooLarge(KujdesError):
    message = ("The file is {size} MB; a signed copy can be at most {limit} MB. Scan it again "
               "at a lower resolution or in black and white.")


class EmptyFile(KujdesError):
    message = "The file is empty."


class CopyNotOnLaptop(KujdesError):
    message = ("The scanned copy is not on this laptop yet: it arrives with the next sync.")


class CopyDamaged(KujdesError):
    message = "The scanned copy on this laptop is damaged. Sync again to fetch it."


def sniff_mime(data: bytes) -> str | None:
    """The accepted type ``data`` is, judged by its first bytes (None if none of them)."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return "image/tiff"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if b"%PDF-" in data[:PDF_HEADER_WINDOW]:
        return "application/pdf"
    return None


def normal_mime(mime: str) -> str:
    """``mime`` in lower case, without parameters, with common aliases made standard."""
    base = mime.split(";", 1)[0].strip().lower()
    return _ALIASES.get(base, base)


def check_signed_copy(data: bytes, mime: str) -> str:
    """The standard type of an acceptable scan; raises a clear error for anything else."""
    check_size(len(data))
    mime = normal_mime(mime)
    if mime not in ACCEPTED or sniff_mime(data) != mime:
        raise UnsupportedFile()
    return mime


def check_size(size: int) -> None:
    if size == 0:
        raise EmptyFile()
    if size > MAX_BYTES:
        raise FileTooLarge(size=_megabytes(size), limit=MAX_BYTES // (1024 * 1024))


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}"


def attach_signed_copy(store: Store, plan_id: str, data: bytes, mime: str, *,
                       description: str = "", added_on: dt.date | str | None = None) -> Record:
    """Keep a scan of the signed plan ``plan_id`` in the vault; the new attachment record."""
    mime = check_signed_copy(data, mime)
    with store.transaction():
        plan = require(store, plan_id, "plan")
        sha = store.put_blob(data, mime)
        return store.create("attachment", {
            "case_id": plan.fields.get("case_id"), "plan_id": plan.id, "sha256": sha,
            "mime": mime, "size": len(data), "description": description.strip() or None,
            "added_on": iso(added_on)})


def attach_signed_copy_file(store: Store, plan_id: str, path: str | Path, *,
                            description: str | None = None) -> Record:
    """:func:`attach_signed_copy` of a scan the worker picked on disk (its type from its
    contents; the description defaults to the file's name)."""
    path = Path(path)
    check_size(path.stat().st_size)
    data = path.read_bytes()
    mime = sniff_mime(data)
    if mime is None:
        raise UnsupportedFile()
    text = path.name if description is None else description
    return attach_signed_copy(store, plan_id, data, mime, description=text)


def signed_copies(store: Store, plan_id: str) -> list[Record]:
    """The signed copies of plan ``plan_id``, the newest first."""
    plan = require(store, plan_id, "plan")
    found = store.query("attachment", case_id=plan.fields.get("case_id"), order_by="main_date",
                        descending=True)
    return [a for a in found if a.fields.get("plan_id") == plan.id]


def signed_copy_bytes(store: Store, attachment_id: str) -> bytes:
    """The scanned bytes of attachment ``attachment_id``, checked against their hash."""
    attachment = require(store, attachment_id, "attachment")
    sha = str(attachment.fields.get("sha256") or "")
    data = store.get_blob(sha)
    if data is None:
        raise CopyNotOnLaptop()
    if hashlib.sha256(data).hexdigest() != sha:
        raise CopyDamaged()
    return data
