"""The register of administrative acts: what its screen lists, searching and the CSV export.

One row per act, by protocol number: date, type, person, decision. Qt-free.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from desktop.core.atomic import write_atomic
from desktop.core.case_numbers import fold
from desktop.core.casework.persons import full_name, persons_by_ids
from desktop.core.documents.act import act_pdf
from desktop.core.documents.context import format_date
from desktop.core.i18n import current_language, tr
from desktop.core.store import Store


@dataclass(frozen=True)
class ActRow:
    """One act as the register shows it."""

    act_id: str
    number: str
    issued_on: str  # dd.MM.yyyy
    act_type: str  # label in the user's language
    person: str
    decision: str

    def matches(self, words: list[str]) -> bool:
        text = fold(" ".join((self.number, self.issued_on, self.act_type, self.person)))
        return all(word in text for word in words)


def register_rows(store: Store, search: str = "") -> list[ActRow]:
    """The acts on this laptop, newest number first; ``search``: every word must appear in
    the number, date, type or person's name (accents ignored)."""
    if "administrative_act" not in store.profile.record_types:
        return []
    acts = store.query("administrative_act", order_by="title", descending=True)
    people = persons_by_ids(store, [str(a.get("person_id")) for a in acts])
    language = current_language()
    decisions = {"granted": tr("Granted"), "refused": tr("Refused")}
    rows = [ActRow(act.id, str(act.get("protocol_number") or ""),
                   format_date(act.get("issued_on")),
                   store.profile.label("administrative_act_types", act.get("act_type"),
                                       language),
                   full_name(people.get(str(act.get("person_id")))),
                   decisions.get(str(act.get("decision")), str(act.get("decision") or "")))
            for act in acts]
    words = fold(search).split()
    return [row for row in rows if row.matches(words)] if words else rows


def register_headers() -> list[str]:
    return [tr("Protocol number"), tr("Date"), tr("Act type"), tr("Person"), tr("Decision")]


def register_csv(rows: list[ActRow]) -> bytes:
    """The register as CSV (UTF-8 with a BOM so that spreadsheets read ë and ç)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(register_headers())
    writer.writerows([r.number, r.issued_on, r.act_type, r.person, r.decision] for r in rows)
    return buffer.getvalue().encode("utf-8-sig")


def save_register(store: Store, path: str | Path, search: str = "") -> int:
    """Write the register (as searched) to ``path`` as CSV and log the export; the rows."""
    rows = register_rows(store, search)
    write_atomic(path, register_csv(rows))
    store.audit("export", None, {"what": "administrative_acts", "rows": len(rows)})
    return len(rows)


def save_act(store: Store, act_id: str, path: str | Path, language: str) -> None:
    """Write the act's document to ``path`` as PDF and log the print."""
    write_atomic(path, act_pdf(store, act_id, printed_by=store.user, language=language))
    act = store.get(act_id)
    store.audit("print", act, {"document": "administrative-act"})
