"""Legal measures: protection orders, child protection measures, guardianship, foster and
kinship placement.

A measure whose type has ``report_every_days`` in the profile (60 for protection orders) has
a next report due date; :func:`record_monitoring_report` appends the report and moves the
date on. A report shaped for the printed 60-day report has ``date``, ``period_from``,
``period_to`` and text parts (``situation``, ``compliance``, ``incidents``, ...).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from desktop.core.casework.cases import require_open_case
from desktop.core.casework.config import add_days, as_date, casework_config, iso
from desktop.core.casework.errors import DateOrder, MeasureNotActive, MissingValue, UnknownCode
from desktop.core.casework.persons import require
from desktop.core.store import Store
from sync.profile import Profile
from sync.records import Record

ACTIVE, ENDED, REVOKED = "active", "ended", "revoked"
PLACEMENTS = {"guardianship": "guardianship", "foster": "foster_placement",
              "kinship": "kinship_placement"}
REPORT_PARTS = ("situation", "compliance", "incidents", "contacts", "services", "risk",
                "recommendations", "summary")


def add_measure(store: Store, case_id: str, measure_type: str, *,
                issued_on: dt.date | str | None = None, end_date: dt.date | str | None = None,
                issued_by: str | None = None, details: str | None = None,
                **fields: Any) -> Record:
    """Record a measure on an open case; its first report is due ``report_every_days`` on."""
    every = casework_config(store.profile).report_every_days(measure_type)
    issued = as_date(issued_on)
    end = iso(end_date) if end_date else None
    if end and end < issued.isoformat():
        raise DateOrder(later=end, earlier=issued.isoformat())
    with store.transaction():
        require_open_case(store, case_id)
        return store.create("measure", {
            **fields, "case_id": case_id, "measure_type": measure_type,
            "issued_on": issued.isoformat(), "issued_by": issued_by, "end_date": end,
            "status": ACTIVE, "details": details, "reports": [],
            "report_every_days": every,
            "next_report_due": _next_due(issued.isoformat(), every, end)})


def _next_due(after: str, every: int | None, end: str | None) -> str | None:
    if not every:
        return None
    due = add_days(after, every)
    if end and after >= end:
        return None
    return min(due, end) if end else due


def record_protection_order(store: Store, case_id: str, *, kind: str,
                            issued_on: dt.date | str | None = None,
                            end_date: dt.date | str | None = None, court: str | None = None,
                            decision_number: str | None = None,
                            decided_on: dt.date | str | None = None,
                            conditions: str | None = None, protected_persons: str | None = None,
                            abuser_household_id: str | None = None,
                            details: str | None = None) -> Record:
    """A protection order: ``kind`` "immediate" (UMM) or "ordinary" (UM), per the profile.

    ``abuser_household_id`` is the household where the abuser lives: visits there warn too.
    """
    measure_type = casework_config(store.profile).protection_order_measure(kind)
    if abuser_household_id:
        require(store, abuser_household_id, "household")
    extra = {"decided_on": iso(decided_on)} if decided_on else {}
    if extra and extra["decided_on"] > as_date(issued_on).isoformat():
        raise DateOrder(later=as_date(issued_on).isoformat(), earlier=extra["decided_on"])
    return add_measure(store, case_id, measure_type, issued_on=issued_on, end_date=end_date,
                       issued_by=court, details=details, order_kind=kind, court=court,
                       decision_number=decision_number, conditions=conditions,
                       protected_persons=protected_persons,
                       abuser_household_id=abuser_household_id, **extra)


def add_child_protection_measure(store: Store, case_id: str, measure: str, *,
                                 issued_on: dt.date | str | None = None,
                                 end_date: dt.date | str | None = None,
                                 issued_by: str | None = None,
                                 details: str | None = None) -> Record:
    """A protection measure for a child (from the profile's child_protection_measures)."""
    casework_config(store.profile).require_code("child_protection_measures", measure,
                                                "protection measure")
    return add_measure(store, case_id, "child_protection_measure", issued_on=issued_on,
                       end_date=end_date, issued_by=issued_by, details=details,
                       protection_measure=measure)


def place_child(store: Store, case_id: str, placement: str, *, carer_name: str,
                issued_on: dt.date | str | None = None, end_date: dt.date | str | None = None,
                issued_by: str | None = None, details: str | None = None,
                carer_address: str | None = None,
                review_on: dt.date | str | None = None) -> Record:
    """Guardianship, foster or kinship placement ("guardianship", "foster", "kinship")."""
    if placement not in PLACEMENTS:
        raise UnknownCode(what="placement", code=placement)
    if not carer_name or not carer_name.strip():
        raise MissingValue(what="The guardian or carer family")
    review = iso(review_on) if review_on else None
    if review and review < as_date(issued_on).isoformat():
        raise DateOrder(later=review, earlier=as_date(issued_on).isoformat())
    return add_measure(store, case_id, PLACEMENTS[placement], issued_on=issued_on,
                       end_date=end_date, issued_by=issued_by, details=details,
                       carer_name=carer_name.strip(), carer_address=carer_address,
                       review_on=review)


def record_monitoring_report(store: Store, measure_id: str, *,
                             reported_on: dt.date | str | None = None,
                             **parts: Any) -> Record:
    """Append a monitoring report; the next one is due ``report_every_days`` after it.

    ``parts`` are the report's texts (situation, compliance, incidents, contacts, services,
    risk, recommendations, summary; others are kept too).
    """
    with store.transaction():
        measure = require(store, measure_id, "measure")
        if measure.fields["status"] != ACTIVE:
            raise MeasureNotActive()
        day = iso(reported_on)
        reports = list(measure.fields.get("reports") or [])
        start = measure.fields.get("last_report_on") or measure.fields["issued_on"]
        if day < start:
            raise DateOrder(later=day, earlier=start)
        reports.append({"number": len(reports) + 1, "date": day, "period_from": start,
                        "period_to": day, "by": store.user,
                        "due_on": measure.fields.get("next_report_due"),
                        **{k: v for k, v in parts.items() if v not in (None, "")}})
        every = measure.fields.get("report_every_days") or casework_config(
            store.profile).report_every_days(measure.fields["measure_type"])
        return store.update(measure_id, {
            "reports": reports, "last_report_on": day,
            "next_report_due": _next_due(day, every, measure.fields.get("end_date"))})


def mark_report_sent(store: Store, measure_id: str, number: int, *,
                     on: dt.date | str | None = None) -> Record:
    """Report ``number`` of the measure was sent to the police on ``on``."""
    with store.transaction():
        measure = require(store, measure_id, "measure")
        reports = [dict(r) for r in measure.fields.get("reports") or []]
        found = [r for r in reports if r.get("number") == number]
        if not found:
            raise UnknownCode(what="monitoring report", code=str(number))
        day = iso(on)
        if day < found[0]["date"]:
            raise DateOrder(later=day, earlier=found[0]["date"])
        found[0]["sent_to_police_on"] = day
        return store.update(measure_id, {"reports": reports})


def end_measure(store: Store, measure_id: str, *, on: dt.date | str | None = None,
                revoked: bool = False, reason: str | None = None) -> Record:
    """The measure ended (or was revoked): no more reports are due."""
    with store.transaction():
        measure = require(store, measure_id, "measure")
        if measure.fields["status"] != ACTIVE:
            raise MeasureNotActive()
        day = iso(on)
        if day < measure.fields["issued_on"]:
            raise DateOrder(later=day, earlier=measure.fields["issued_on"])
        return store.update(measure_id, {"status": REVOKED if revoked else ENDED,
                                         "ended_on": day, "end_reason": reason,
                                         "next_report_due": None})


def placement_types(profile: Profile) -> set[str]:
    """The measure types that place a child with a carer family (the profile's
    ``placement_kinds``): their periodic reports print as the placement report."""
    return {t for kind in profile.items("placement_kinds") for t in kind.get("measure_types") or []}


def measures_of_case(store: Store, case_id: str, *, active_only: bool = False) -> list[Record]:
    where = {"status": ACTIVE} if active_only else {}
    return store.query("measure", case_id=case_id, order_by="main_date", descending=True, **where)
