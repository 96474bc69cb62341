"""Visits, and the warnings shown before visiting a household."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core.casework.assessments import AssessmentInvalid
from desktop.core.casework.measures import end_measure, record_protection_order
from desktop.core.casework.persons import register_person
from desktop.core.casework.safety import households_with_warnings, safety_warnings
from desktop.core.casework.visits import record_visit, suggested_follow_up, visits_of_case
from desktop.core.store import Store

from .conftest import TODAY, new_case, new_person, person_fields
from .test_assessments import VISIT


def test_a_visit_takes_the_household_and_place_of_the_case(store: Store) -> None:
    case = new_case(store)
    visit = record_visit(store, case.id, {"visit_date": TODAY, "present": "beneficiary",
                                          "observations": "Roof leaks.",
                                          "follow_up_date": "2026-03-20"})
    f = visit.fields
    assert f["household_id"] == case.fields["household_id"] and f["village"] == "Plan"
    assert f["protocol"] == "routine" and f["visited_by"] == "arta"
    assert visits_of_case(store, case.id)[0].id == visit.id
    assert suggested_follow_up(store, "emergency", TODAY) == "2026-03-04"


def test_a_visit_with_the_home_visit_form(store: Store) -> None:
    case = new_case(store)
    visit = record_visit(store, case.id, {"answers": VISIT})
    f = visit.fields
    assert f["visit_date"] == "2026-03-01" and f["follow_up_date"] == "2026-03-15"
    assert f["observations"] == "Lives alone, little food."
    assert f["answers"]["form_id"] == "home_visit" and f["answers"]["computed"]["alert"] == "no"
    with pytest.raises(AssessmentInvalid):
        record_visit(store, case.id, {"answers": {**VISIT, "beneficiary_seen": None}})
    assert store.count("visit") == 1


def test_no_warning_for_an_ordinary_household(store: Store) -> None:
    assert safety_warnings(store, new_case(store).id, today=TODAY) == []


def test_warning_when_the_abuser_lives_in_the_household(store: Store) -> None:
    case = new_case(store, "domestic_violence")
    store.update(case.fields["household_id"], {"abuser_present": True})
    warnings = safety_warnings(store, case.id, today=TODAY)
    assert warnings == ["The abuser lives in this household. Do not visit alone: plan the "
                        "visit with the case manager or the police."]


def test_an_active_order_warns_on_every_case_of_the_household(store: Store) -> None:
    victim = new_case(store, "domestic_violence")
    child = register_person(store, person_fields(first_name="Drane", birth_date="2014-01-01",
                                                 personal_id=None),
                            household_id=victim.fields["household_id"])
    child_case = new_case(store, "social_care", person=child)
    order = record_protection_order(store, victim.id, kind="ordinary", issued_on="2026-01-10",
                                    end_date="2026-12-31")
    expected = ["A member of this household is protected by an active protection order "
                "(until 31.12.2026)."]
    assert safety_warnings(store, victim.id, today=TODAY) == expected
    assert safety_warnings(store, child_case.id, today=TODAY) == expected
    assert households_with_warnings(store, [victim.fields["household_id"]], today=TODAY) == \
        {victim.fields["household_id"]}
    # an order past its end date, or ended, no longer warns
    assert safety_warnings(store, victim.id, today=dt.date(2027, 1, 5)) == []
    end_measure(store, order.id, on=TODAY)
    assert safety_warnings(store, child_case.id, today=TODAY) == []
    other = new_case(store, person=new_person(store, first_name="Besa", personal_id=None))
    assert safety_warnings(store, other.id, today=TODAY) == []


def test_staff_safety_at_the_last_visit_warns(store: Store) -> None:
    case = new_case(store)
    record_visit(store, case.id, {"answers": {**VISIT, "staff_safety_concern": "yes"}})
    assert safety_warnings(store, case.id, today=TODAY) == [
        "Staff safety was at risk at the visit of 01.03.2026."]


def test_the_route_warns_where_staff_safety_was_at_risk_at_the_last_visit(store: Store) -> None:
    case = new_case(store)
    household = case.fields["household_id"]
    assert households_with_warnings(store, [household], today=TODAY) == set()
    record_visit(store, case.id, {"answers": {**VISIT, "staff_safety_concern": "yes"}})
    assert households_with_warnings(store, [household], today=TODAY) == {household}
