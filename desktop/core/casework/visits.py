"""Home and field visits: append-only records with who was present, what was seen, and when
to come back. A visit filled in with the home visit form keeps the whole submission."""

from __future__ import annotations

import datetime as dt
from typing import Any

from desktop.core.casework.assessments import check_answers
from desktop.core.casework.cases import require_case
from desktop.core.casework.config import add_days, as_date, casework_config, iso
from desktop.core.casework.errors import DateOrder
from desktop.core.store import Store
from sync.records import Record

VISIT_FORM = "home_visit"
_FROM_FORM = (("visit_date", "visit_date"), ("protocol", "protocol"),
              ("follow_up_date", "follow_up_date"), ("observations", "observations"),
              ("living_conditions", "housing_condition"))


def record_visit(store: Store, case_id: str, fields: dict[str, Any]) -> Record:
    """Save a visit to the case's household.

    ``fields`` are those of the visit record (visit_date defaults to today, protocol to
    routine). If ``fields["answers"]`` holds answers of the home visit form they are checked
    with the form, stored as a submission, and fill in the date, protocol, follow-up date and
    observations that were not given.
    """
    fields = {k: v for k, v in fields.items() if v is not None}
    answers = fields.pop("answers", None)
    if answers is not None:
        content = check_answers(VISIT_FORM, answers, on=_answer_day(fields, answers))
        _fill_from_form(fields, content["answers"])
        fields["answers"] = content
    day = as_date(fields.get("visit_date"))
    fields["visit_date"] = day.isoformat()
    fields.setdefault("protocol", "routine")
    casework_config(store.profile).require_code("visit_protocols", fields["protocol"],
                                                "visit protocol")
    if fields.get("follow_up_date"):
        fields["follow_up_date"] = iso(fields["follow_up_date"])
        if fields["follow_up_date"] < fields["visit_date"]:
            raise DateOrder(later=fields["follow_up_date"], earlier=fields["visit_date"])
    with store.transaction():
        case = require_case(store, case_id)
        return store.create("visit", {
            **fields, "case_id": case_id,
            "household_id": fields.get("household_id") or case.fields.get("household_id"),
            "administrative_unit": case.fields.get("administrative_unit"),
            "village": case.fields.get("village"),
            "visited_by": fields.get("visited_by") or store.user})


def _answer_day(fields: dict[str, Any], answers: dict[str, Any]) -> dt.date:
    return as_date(fields.get("visit_date") or answers.get("visit_date"))


def _fill_from_form(fields: dict[str, Any], answers: dict[str, Any]) -> None:
    flat = _flatten(answers)
    for field, key in _FROM_FORM:
        value = flat.get(key)
        if field not in fields and isinstance(value, str) and value:
            fields[field] = value


def _flatten(answers: dict[str, Any]) -> dict[str, Any]:
    """Answers of groups lifted to the top (repeats are left out)."""
    flat: dict[str, Any] = {}
    for key, value in answers.items():
        if isinstance(value, dict):
            flat.update(_flatten(value))
        else:
            flat.setdefault(key, value)
    return flat


def suggested_follow_up(store: Store, protocol: str, visit_date: dt.date | str | None = None
                        ) -> str:
    """The follow-up date the profile suggests after a visit under ``protocol``."""
    days = casework_config(store.profile).follow_up_days(protocol)
    return add_days(as_date(visit_date), days)


def visits_of_case(store: Store, case_id: str) -> list[Record]:
    """The case's visits, newest first."""
    return store.query("visit", case_id=case_id, order_by="main_date", descending=True)
