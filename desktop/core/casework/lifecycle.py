"""What the lifecycle dialogs check and save: assigning the case manager, handing a case over
with a note, reopening a closed case with a reason (Qt-free)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.core.casework.cases import assign_case, reopen_case, require_case, transfer_case
from desktop.core.casework.input_checks import Problems
from desktop.core.casework.places import units_of
from desktop.core.i18n import fmt_date, tr
from desktop.core.store import Store
from desktop.core.views.today import case_workers
from sync.records import Record


@dataclass(frozen=True)
class CaseState:
    """What a lifecycle dialog shows of its case."""

    number: str
    status: str
    manager: str
    closed_on: str | None
    workers: tuple[str, ...]
    unit: str = ""
    other_units: tuple[str, ...] = ()  # the other administrative units of its municipality


def case_state(store: Store, case_id: str) -> CaseState:
    fields = require_case(store, case_id).fields
    workers = tuple(sorted(set(case_workers(store)) | {store.user}))
    unit = str(fields.get("administrative_unit") or "")
    municipality = str(fields.get("municipality") or "")
    others = tuple(u.name for u in units_of(store.profile.country, municipality)
                   if u.name != unit) if municipality else ()
    return CaseState(str(fields.get("case_number") or ""), str(fields.get("status") or ""),
                     str(fields.get("assigned_worker") or ""), fields.get("closed_on"),
                     workers, unit, others)


def assign_problems(worker: str, current: str) -> Problems:
    if not worker.strip():
        return {"worker": tr("Enter the case manager.")}
    if worker.strip() == current:
        return {"worker": tr("{name} is already the case manager.", name=current)}
    return {}


def handover_problems(worker: str, municipality: str, note: str, current: str,
                      unit: str | None = None) -> Problems:
    """Someone or somewhere to hand over to (a unit of this municipality or another
    municipality, not both), and the handover note."""
    problems: Problems = {}
    if not worker.strip() and not municipality.strip() and not unit:
        problems["worker"] = tr("Enter the worker, the administrative unit or the "
                                "municipality the case goes to.")
    elif worker.strip() == current and not municipality.strip() and not unit:
        problems["worker"] = tr("{name} is already the case manager.", name=current)
    if unit and municipality.strip():
        problems["unit"] = tr("Choose a unit of this municipality or another municipality, "
                              "not both.")
    if not note.strip():
        problems["note"] = tr("Write the handover note: what the next worker must know.")
    return problems


def reopen_problems(reason: str, day: str | None, closed_on: str | None,
                    today: dt.date | None = None) -> Problems:
    problems: Problems = {}
    if not reason.strip():
        problems["reason"] = tr("Write why the case is opened again.")
    if day is None:
        problems["date"] = tr("Enter the date the case was opened again.")
    elif day > (today or dt.date.today()).isoformat():
        problems["date"] = tr("The date cannot be in the future.")
    elif closed_on and day < closed_on:
        problems["date"] = tr("The case was closed on {date}; it cannot be opened again "
                              "before that.", date=fmt_date(closed_on))
    return problems


def assign(store: Store, case_id: str, worker: str, note: str) -> Record:
    return assign_case(store, case_id, worker.strip(), note=note.strip() or None)


def hand_over(store: Store, case_id: str, worker: str, municipality: str, note: str,
              unit: str | None = None) -> Record:
    return transfer_case(store, case_id, to_worker=worker.strip() or None,
                         to_municipality=municipality.strip() or None, to_unit=unit or None,
                         note=note)


def reopen(store: Store, case_id: str, reason: str, day: str) -> Record:
    return reopen_case(store, case_id, reason=reason.strip(), reopened_on=day)
