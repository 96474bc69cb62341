"""What the Meetings screen lists and what the meeting dialog looks up (Qt-free)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop.core.atomic import write_atomic
from desktop.core.casework.errors import UnknownCode
from desktop.core.documents.context import format_date
from desktop.core.documents.minutes import minutes_pdf
from desktop.core.i18n import current_language
from desktop.core.store import Store


@dataclass(frozen=True)
class MeetingRow:
    meeting_id: str
    date: str  # dd.MM.yyyy
    group: str
    place: str
    attendees: int
    cases: str  # the case numbers, comma separated


def meeting_rows(store: Store) -> list[MeetingRow]:
    """The meetings on this laptop, newest first."""
    meetings = store.query("meeting", order_by="main_date", descending=True)
    ids = {c for m in meetings for c in m.get("case_ids") or []}
    numbers = {c: str(store.get(c).get("case_number")) for c in ids if store.get(c)}
    language = current_language()
    return [MeetingRow(m.id, format_date(m.get("meeting_date")),
                       store.profile.label("multidisciplinary_groups", m.get("group"), language),
                       str(m.get("place") or ""), len(m.get("attendees") or []),
                       ", ".join(numbers.get(c, "") for c in m.get("case_ids") or []))
            for m in meetings]


def case_by_number(store: Store, number: str) -> tuple[str, str]:
    """(case id, case number) of the case numbered ``number`` on this laptop."""
    found = store.query("case", title=number.strip(), limit=1)
    if not found:
        raise UnknownCode(what="case number", code=number.strip())
    return found[0].id, str(found[0].get("case_number"))


def save_minutes(store: Store, meeting_id: str, path: str | Path, language: str) -> None:
    """Write the minutes to ``path`` as PDF and log the print."""
    write_atomic(path, minutes_pdf(store, meeting_id, printed_by=store.user, language=language))
    store.audit("print", store.get(meeting_id), {"document": "meeting-minutes"})
