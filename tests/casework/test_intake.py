"""Intake: the case types a user may open, the checks in words, and a second referral that
goes on the open case instead of a new one."""

from __future__ import annotations

import datetime as dt
import json

from desktop.core.casework.holding import SERVER_USER_KEY
from desktop.core.casework.intake import (
    Intake,
    add_referral_to_case,
    intake_choices,
    intake_problems,
    open_case_of_type,
    open_intake,
    openable_case_types,
    record_intake,
)
from desktop.core.store import Store

from .conftest import TODAY, new_person


def _signed_in(store: Store, role: str) -> None:
    store.meta_set(SERVER_USER_KEY, json.dumps({"username": store.user, "role": role,
                                                "units": []}))


def _intake(person_id: str | None, **changes: object) -> Intake:
    values: dict = {"person_id": person_id, "case_type": "social_care",
                    "referral_source": "self", "opened_on": "2026-03-01",
                    "risk_level": "high", "urgency": "rapid_response", "manager": "arben",
                    "reason": "Pa të ardhura."}
    values.update(changes)
    return Intake(**values)


def test_only_the_case_types_the_role_may_hold_are_offered(store: Store) -> None:
    assert "domestic_violence" in openable_case_types(store)   # never signed in: no limit
    _signed_in(store, "social_worker")
    offered = openable_case_types(store)
    assert "social_care" in offered and "mental_health" in offered
    assert "domestic_violence" not in offered and "child_protection" not in offered
    _signed_in(store, "inspector")
    assert openable_case_types(store) == ()


def test_each_missing_or_wrong_field_is_named(store: Store) -> None:
    empty = Intake(None, None, None, None, None)
    problems = intake_problems(empty, ("social_care",), TODAY)
    assert set(problems) == {"person", "case_type", "referral_source", "opened_on",
                             "risk_level", "manager"}
    assert problems["case_type"] == "Choose the case type."
    future = _intake("p", opened_on=(TODAY + dt.timedelta(days=1)).isoformat(),
                     case_type="domestic_violence")
    problems = intake_problems(future, ("social_care",), TODAY)
    assert problems == {"opened_on": "The date cannot be in the future.",
                        "case_type": "Your role may not open cases of this type."}
    assert intake_problems(_intake("p"), ("social_care",), TODAY) == {}


def test_an_intake_opens_a_case_with_its_manager_and_urgency(store: Store) -> None:
    person = new_person(store, personal_id=None)
    case = open_intake(store, _intake(person.id))
    fields = case.fields
    assert fields["status"] == "open" and fields["case_type"] == "social_care"
    assert fields["assigned_worker"] == "arben" and fields["urgency"] == "rapid_response"
    assert fields["risk_level"] == "high" and fields["municipality"] == "Pukë"
    assert fields["opened_on"] == "2026-03-01"
    assert "arben" in intake_choices(store).workers


def test_a_second_referral_goes_on_the_open_case(store: Store) -> None:
    person = new_person(store, personal_id=None)
    case = open_intake(store, _intake(person.id))
    assert open_case_of_type(store, person.id, "social_care").id == case.id
    assert open_case_of_type(store, person.id, "disability") is None
    add_referral_to_case(store, case.id, _intake(person.id, referral_source="police",
                                                 opened_on="2026-03-02"))
    assert store.count("case") == 1
    history = store.get(case.id).fields["repeat_referrals"]
    assert history[-1]["source"] == "police" and history[-1]["on"] == "2026-03-02"


def test_saving_twice_asks_before_adding_to_the_open_case(store: Store) -> None:
    person = new_person(store, personal_id=None)
    first = record_intake(store, _intake(person.id))
    assert first.saved
    again = record_intake(store, _intake(person.id, referral_source="police"))
    assert not again.saved and again.case_id == first.case_id
    number = store.get(first.case_id).fields["case_number"]
    assert again.existing == number
    assert not store.get(first.case_id).fields.get("repeat_referrals")   # nothing yet
    added = record_intake(store, _intake(person.id, referral_source="police"),
                          add_to_case=again.case_id)
    assert added.saved and store.count("case") == 1
    assert store.get(first.case_id).fields["repeat_referrals"][0]["source"] == "police"


def test_a_person_without_a_unit_gets_the_unit_chosen_in_the_intake(store: Store) -> None:
    import pytest

    from desktop.core.casework.errors import NoUnit
    from desktop.core.casework.intake import person_unit

    person = new_person(store, administrative_unit=None, personal_id=None)
    assert person_unit(store, person.id) is None
    assert "Qerret" in intake_choices(store).units
    problems = intake_problems(_intake(person.id), ("social_care",), TODAY, needs_unit=True)
    assert problems == {"unit": "Choose the administrative unit where the person lives."}
    with pytest.raises(NoUnit) as refused:        # no unit and no case to take one from
        open_intake(store, _intake(person.id))
    assert "registered without an administrative unit" in refused.value.translated("en")
    assert store.count("case") == 0
    case = open_intake(store, _intake(person.id, unit="Qerret"))
    assert case.fields["municipality"] == "Pukë"
    assert case.fields["administrative_unit"] == "Qerret"
    assert person_unit(store, person.id) == "Qerret"
