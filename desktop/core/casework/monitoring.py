"""The monitoring reports of a measure: those done, the one coming due, and which are late.

A report is *done* once entered (late if entered after the day it was due), *due* while its
day has not passed, *late* after. The coordinator's list (``kujdes measures due``) is every
active measure on an open case whose next report is due within some days or already late.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.core.casework.config import as_date
from desktop.core.casework.due import REPORT, due_items
from desktop.core.i18n import fmt_date, tr
from desktop.core.store import Store
from sync.records import Record

DONE, DUE, LATE = "done", "due", "late"


@dataclass(frozen=True)
class ReportSlot:
    number: int
    due_on: str | None  # ISO date the report was (or is) due
    state: str  # DONE, DUE or LATE
    done_on: str | None = None
    sent_to_police_on: str | None = None
    done_late: bool = False


def report_schedule(measure: Record, *, today: dt.date | str | None = None) -> list[ReportSlot]:
    """The measure's reports in order: those entered, then the next one if any is due."""
    day = as_date(today).isoformat()
    slots = []
    reports = [r for r in measure.fields.get("reports") or [] if isinstance(r, dict)]
    for index, report in enumerate(reports, start=1):
        due_on = report.get("due_on")
        slots.append(ReportSlot(int(report.get("number") or index), due_on, DONE,
                                report.get("date"), report.get("sent_to_police_on"),
                                bool(due_on and report.get("date", "") > due_on)))
    upcoming = measure.fields.get("next_report_due")
    if upcoming and measure.fields.get("status") == "active":
        slots.append(ReportSlot(len(reports) + 1, upcoming, LATE if upcoming < day else DUE))
    return slots


@dataclass(frozen=True)
class DueReport:
    case_number: str
    measure_type: str
    due_on: str  # ISO date
    state: str  # DUE or LATE


def due_reports(store: Store, *, within_days: int = 14,
                today: dt.date | str | None = None) -> list[DueReport]:
    """Reports of active measures on open cases due by ``today + within_days`` or late."""
    day = as_date(today)
    items = due_items(store, today=day, within_days=within_days, kinds=(REPORT,))
    return [DueReport(i.case_number, i.detail or "", i.due, LATE if i.overdue else DUE)
            for i in items]


def schedule_text(slots: list[ReportSlot]) -> str:
    """The reports of a measure in a line: "no. 1 done 01.03.2026 · no. 2 late (due ...)"."""
    parts = []
    for slot in slots:
        if slot.state == DONE:
            text = tr("no. {n} done {date}", n=slot.number, date=fmt_date(slot.done_on))
            if slot.done_late:
                text += " " + tr("(late)")
            if slot.sent_to_police_on:
                text += " " + tr("sent to the police {date}",
                                 date=fmt_date(slot.sent_to_police_on))
        elif slot.state == LATE:
            text = tr("no. {n} late (due {date})", n=slot.number, date=fmt_date(slot.due_on))
        else:
            text = tr("no. {n} due {date}", n=slot.number, date=fmt_date(slot.due_on))
        parts.append(text)
    return " · ".join(parts)


def households_by_name(store: Store, text: str, limit: int = 20) -> list[tuple[str, str]]:
    """(household id, "name, village") of the people whose name matches ``text``: to link a
    protection order to the household where the abuser lives."""
    found: dict[str, str] = {}
    for hit in store.search(text, limit=limit) if text.strip() else []:
        person = store.get(hit.person_id)
        household_id = person.fields.get("household_id") if person else None
        if household_id and household_id not in found:
            found[household_id] = ", ".join(p for p in (hit.full_name, hit.village) if p)
    return list(found.items())
