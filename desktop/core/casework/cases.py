"""Opening, assigning, handing over, closing and reopening cases.

A case number is made on the laptop (:func:`next_case_number`, unique without a connection);
the managing role comes from the profile's case type, and the first review is due after the
days the profile gives for the risk level.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from desktop.core.case_numbers import next_case_number
from desktop.core.casework.config import add_days, as_date, casework_config, iso
from desktop.core.casework.errors import (
    CaseAlreadyOpen,
    CaseAlreadyOpenNow,
    CaseNotOpen,
    DateOrder,
    MissingValue,
    NothingToTransfer,
    UnknownCode,
)
from desktop.core.casework.holding import require_may_hold
from desktop.core.casework.persons import require
from desktop.core.casework.places import find_municipality, find_unit
from desktop.core.store import Store
from sync.records import Record

OPEN, CLOSED, TRANSFERRED = "open", "closed", "transferred"
# Record types that belong to a case and are counted in its summary.
CASE_RECORD_TYPES = ("assessment", "plan", "plan_action", "visit", "referral", "measure",
                     "note", "consent", "attachment", "meeting")


def open_case(store: Store, person_id: str, case_type: str, *, referral_source: str,
              reason: str = "", risk_level: str = "medium",
              opened_on: dt.date | str | None = None, assigned_worker: str | None = None,
              municipality: str, allow_second: bool = False) -> Record:
    """Open a case for a registered person.

    A person with an open case of the same type is refused (:class:`CaseAlreadyOpen`): the
    new referral belongs on that case (:func:`add_repeat_referral`) unless ``allow_second``.
    A case the user's role or units may not hold is refused at once (:mod:`holding`).
    """
    with store.transaction():
        return store.create("case", new_case_fields(
            store, person_id, case_type, referral_source=referral_source, reason=reason,
            risk_level=risk_level, opened_on=opened_on, assigned_worker=assigned_worker,
            municipality=municipality, allow_second=allow_second))


def new_case_fields(store: Store, person_id: str, case_type: str, *, referral_source: str,
                    reason: str = "", risk_level: str = "medium",
                    opened_on: dt.date | str | None = None,
                    assigned_worker: str | None = None, municipality: str,
                    allow_second: bool = False) -> dict[str, Any]:
    """The fields of a new case after every check of :func:`open_case` (its number is taken
    from the counter): for an import that writes many cases in one batch. Call it inside
    the transaction that writes the case."""
    config = casework_config(store.profile)
    manager_role = config.manager_role(case_type)
    config.require_code("referral_sources", referral_source, "referral source")
    review_days = config.risk_review_days(risk_level)
    place = find_municipality(store.profile.country, municipality)
    if place is None:
        raise UnknownCode(what=store.profile.term("municipality", "en").lower(),
                          code=municipality)
    opened = as_date(opened_on)
    with store.transaction():
        person = require(store, person_id, "person")
        require_may_hold(store, case_type, person.fields.get("administrative_unit"))
        if not allow_second:
            _refuse_second_case(store, person_id, case_type)
        fields = {
            "case_number": next_case_number(store, place.name, opened.year),
            "person_id": person_id,
            "household_id": person.fields.get("household_id"),
            "case_type": case_type,
            "status": OPEN,
            "risk_level": risk_level,
            "referral_source": referral_source,
            "reason": reason or None,
            "opened_on": opened.isoformat(),
            "assigned_worker": assigned_worker or store.user,
            "manager_role": manager_role,
            "municipality": place.name,
            "administrative_unit": person.fields.get("administrative_unit"),
            "village": person.fields.get("village"),
            "review_due": add_days(opened, review_days),
        }
    return fields


def _refuse_second_case(store: Store, person_id: str, case_type: str) -> None:
    existing = store.query("case", person_id=person_id, subtype=case_type, status=OPEN, limit=1)
    if existing:
        raise CaseAlreadyOpen(number=existing[0].fields["case_number"])


def add_repeat_referral(store: Store, case_id: str, *, referral_source: str, reason: str = "",
                        on: dt.date | str | None = None) -> Record:
    """Record that the person was referred again (a repeat referral is not a new case)."""
    casework_config(store.profile).require_code("referral_sources", referral_source,
                                                "referral source")
    with store.transaction():
        case = require_case(store, case_id)
        history = list(case.fields.get("repeat_referrals") or [])
        history.append({"on": iso(on), "source": referral_source, "reason": reason or None})
        return store.update(case_id, {"repeat_referrals": history})


def require_case(store: Store, case_id: str) -> Record:
    return require(store, case_id, "case")


def require_open_case(store: Store, case_id: str) -> Record:
    case = require_case(store, case_id)
    if case.fields.get("status") != OPEN:
        raise CaseNotOpen(number=case.fields["case_number"])
    return case


def assign_case(store: Store, case_id: str, worker: str, *, note: str | None = None) -> Record:
    """Make ``worker`` the case manager (a head of unit assigning work)."""
    if not worker:
        raise MissingValue(what="Case manager")
    with store.transaction():
        case = require_open_case(store, case_id)
        updated = store.update(case_id, {"assigned_worker": worker})
        if note:
            _note(store, case.id, note)
        return updated


def transfer_case(store: Store, case_id: str, *, to_worker: str | None = None,
                  to_municipality: str | None = None, to_unit: str | None = None, note: str,
                  on: dt.date | str | None = None) -> Record:
    """Hand a case over to another worker, another administrative unit of its municipality,
    or another municipality, with a handover note (kept as a note of the case, which the
    receiver sees, and in the case's list of handovers).

    Handed to another municipality, the case here becomes ``transferred``. Handed to another
    unit, the case moves there (its village is left empty) if the user's role and units may
    hold it there, as the server would check; without a worker named, it has no manager
    until the receiving unit assigns one.
    """
    if not to_worker and not to_municipality and not to_unit:
        raise NothingToTransfer()
    if not note or not note.strip():
        raise MissingValue(what="A handover note")
    municipality = None
    if to_municipality:
        found = find_municipality(store.profile.country, to_municipality)
        municipality = found.name if found else to_municipality.strip()
    with store.transaction():
        case = require_open_case(store, case_id)
        unit = _receiving_unit(store, case, to_unit) if to_unit else None
        day = iso(on)
        changes = _handover_changes(store, case, day, to_worker, municipality, unit, note)
        updated = store.update(case_id, changes)
        _note(store, case_id, note, day)
        return updated


def _receiving_unit(store: Store, case: Record, to_unit: str) -> str:
    """The unit's known name, once the user is known to be allowed to hold the case there."""
    found = find_unit(store.profile.country, to_unit, case.fields.get("municipality"))
    if found is None:
        raise UnknownCode(what="administrative unit", code=to_unit.strip())
    require_may_hold(store, str(case.fields.get("case_type") or ""), found.name)
    return found.name


def _handover_changes(store: Store, case: Record, day: str, to_worker: str | None,
                      municipality: str | None, unit: str | None, note: str
                      ) -> dict[str, Any]:
    f = case.fields
    entry = {"on": day, "by": store.user, "from_worker": f.get("assigned_worker"),
             "to_worker": to_worker, "from_municipality": f.get("municipality"),
             "to_municipality": municipality, "from_unit": f.get("administrative_unit"),
             "to_unit": unit, "note": note.strip()}
    changes: dict[str, Any] = {"transfers": [*(f.get("transfers") or []), entry]}
    if to_worker:
        changes["assigned_worker"] = to_worker
    if unit and unit != f.get("administrative_unit"):
        changes.update(administrative_unit=unit, village=None)
        if not to_worker:
            changes["assigned_worker"] = None
    if municipality and municipality != f.get("municipality"):
        changes.update(status=TRANSFERRED, transferred_to=municipality, transferred_on=day,
                       review_due=None)
    return changes


def close_case(store: Store, case_id: str, reason: str,
               closed_on: dt.date | str | None = None) -> Record:
    """Close a case with a closure reason from the profile; its plan has no review due."""
    from desktop.core.casework.plans import current_plan

    with store.transaction():
        case = require_open_case(store, case_id)
        changes = closure_changes(store, case.fields["opened_on"], reason, closed_on)
        plan = current_plan(store, case_id)
        if plan is not None and plan.fields.get("review_date"):
            store.update(plan.id, {"review_date": None})
        return store.update(case_id, changes)


def closure_changes(store: Store, opened_on: str, reason: str,
                    closed_on: dt.date | str | None) -> dict[str, Any]:
    """What closing a case opened on ``opened_on`` sets, after the checks of closing."""
    casework_config(store.profile).require_code("closure_reasons", reason, "closure reason")
    day = iso(closed_on)
    if day < opened_on:
        raise DateOrder(later=day, earlier=opened_on)
    return {"status": CLOSED, "closed_on": day, "closure_reason": reason, "review_due": None}


def reopen_case(store: Store, case_id: str, *, reason: str = "",
                reopened_on: dt.date | str | None = None,
                risk_level: str | None = None) -> Record:
    """Open a closed case again (the person came back); a new review is due."""
    config = casework_config(store.profile)
    with store.transaction():
        case = require_case(store, case_id)
        if case.fields.get("status") == OPEN:
            raise CaseAlreadyOpenNow(number=case.fields["case_number"])
        day = as_date(reopened_on)
        risk = risk_level or case.fields.get("risk_level") or "medium"
        updated = store.update(case_id, {
            "status": OPEN, "closed_on": None, "closure_reason": None,
            "transferred_to": None, "reopened_on": day.isoformat(), "risk_level": risk,
            "review_due": add_days(day, config.risk_review_days(risk))})
        _plan_review_again(store, case_id, day)
        if reason:
            _note(store, case_id, reason, day.isoformat())
        return updated


def _plan_review_again(store: Store, case_id: str, day: dt.date) -> None:
    """A reopened case's plan is reviewed within the risk level's days."""
    from desktop.core.casework.plans import current_plan

    plan = current_plan(store, case_id)
    if plan is not None and not plan.fields.get("review_date"):
        store.update(plan.id, {"review_date": add_days(day, casework_config(
            store.profile).risk_review_days(store.require(case_id).fields["risk_level"]))})


def change_case_type(store: Store, case_id: str, case_type: str) -> Record:
    """Give a case another type (and that type's managing role), if the user may hold it."""
    manager_role = casework_config(store.profile).manager_role(case_type)
    with store.transaction():
        case = require_case(store, case_id)
        require_may_hold(store, case_type, case.fields.get("administrative_unit"))
        return store.update(case_id, {"case_type": case_type, "manager_role": manager_role})


def change_case_unit(store: Store, case_id: str, unit: str, village: str | None = None
                     ) -> Record:
    """Move a case to another administrative unit (and village), if the user holds it."""
    if not unit:
        raise MissingValue(what="Administrative unit")
    with store.transaction():
        case = require_case(store, case_id)
        require_may_hold(store, str(case.fields.get("case_type") or ""), unit)
        return store.update(case_id, {"administrative_unit": unit, "village": village})


def set_risk_level(store: Store, case_id: str, risk_level: str) -> Record:
    casework_config(store.profile).require_code("risk_levels", risk_level, "risk level")
    return store.update(require_case(store, case_id).id, {"risk_level": risk_level})


def _note(store: Store, case_id: str, text: str, day: str | None = None) -> Record:
    return store.create("note", {"case_id": case_id, "text": text.strip(),
                                 "written_on": day or iso(None), "author": store.user})


def add_note(store: Store, case_id: str, text: str, *,
             written_on: dt.date | str | None = None) -> Record:
    if not text or not text.strip():
        raise MissingValue(what="The note")
    require_case(store, case_id)
    return _note(store, case_id, text, iso(written_on))


@dataclass
class CaseSummary:
    case: Record
    person: Record | None
    household: Record | None
    members: int
    counts: dict[str, int] = field(default_factory=dict)
    current_plan: Record | None = None
    open_referrals: int = 0
    active_measures: int = 0
    last_visit_on: str | None = None


def case_summary(store: Store, case_id: str) -> CaseSummary:
    """The case with its person, household and how many records of each kind it has."""
    from desktop.core.casework.plans import current_plan

    with store.reading() as conn:
        case = require_case(store, case_id)
        person = store.get(case.fields["person_id"])
        household_id = case.fields.get("household_id")
        household = store.get(household_id) if household_id else None
        rows = conn.exec_driver_sql(
            "SELECT type, count(*) FROM records WHERE case_id = ? AND deleted = 0 "
            "AND type != 'case' GROUP BY type", (case_id,)).fetchall()
        counts = {t: 0 for t in CASE_RECORD_TYPES} | {r[0]: r[1] for r in rows}
        last_visit = conn.exec_driver_sql(
            "SELECT max(main_date) FROM records WHERE type = 'visit' AND case_id = ? "
            "AND deleted = 0", (case_id,)).scalar_one()
        open_referrals = store.count("referral", case_id=case_id, status="sent") + \
            store.count("referral", case_id=case_id, status="accepted")
        summary = CaseSummary(
            case=case, person=person, household=household,
            members=store.count("person", household_id=household_id) if household_id else 0,
            counts=counts, current_plan=current_plan(store, case_id),
            open_referrals=open_referrals,
            active_measures=store.count("measure", case_id=case_id, status="active"),
            last_visit_on=last_visit)
    return summary


def cases_of_person(store: Store, person_id: str) -> list[Record]:
    return store.query("case", person_id=person_id, order_by="main_date", descending=True)
