"""The plan rules the plan editor relies on: what may be edited, saving goals, removing an
action; registering a person with the duplicate check inside the save; referral moves."""

from __future__ import annotations

import pytest

from desktop.core.casework.errors import PlanLocked
from desktop.core.casework.plans import (
    action_edits,
    add_action,
    create_plan,
    is_editable,
    remove_action,
    save_plan,
    sign_plan,
)
from desktop.core.casework.referrals import next_statuses
from desktop.core.casework.registration import register_unless_similar
from desktop.core.store import Store

from .conftest import TODAY, new_case, new_person, person_fields


def test_save_plan_creates_then_saves_goals_of_the_unsigned_draft(store: Store) -> None:
    case = new_case(store)
    plan = save_plan(store, case.id, None, ["Ngrohje"], None)
    assert plan.fields["version"] == 1 and is_editable(plan)
    plan = save_plan(store, case.id, None, ["Ngrohje", "Ushqim"], "2030-01-31")
    assert [g["text"] for g in plan.fields["goals"]] == ["Ngrohje", "Ushqim"]
    assert plan.fields["review_date"] == "2030-01-31"


def test_a_signed_plan_is_not_edited_and_its_actions_stay(store: Store) -> None:
    case = new_case(store)
    plan = create_plan(store, case.id, goals=["Ngrohje"], created_on=TODAY)
    action = add_action(store, plan.id, description="Dru për dimër")
    plan = sign_plan(store, plan.id, by="worker", on=TODAY)
    assert not is_editable(plan)
    unchanged = save_plan(store, case.id, None, ["Tjetër"], None)
    assert [g["text"] for g in unchanged.fields["goals"]] == ["Ngrohje"]
    with pytest.raises(PlanLocked):
        remove_action(store, action.id)
    assert store.get(action.id) is not None


def test_remove_an_action_of_a_draft(store: Store) -> None:
    case = new_case(store)
    plan = create_plan(store, case.id, created_on=TODAY)
    action = add_action(store, plan.id, description="Vizitë mujore")
    remove_action(store, action.id)
    assert store.query("plan_action", case_id=case.id) == []
    assert is_editable(None)  # no plan yet: the editor may make one


def test_registering_stops_at_a_similar_person_unless_set_aside(store: Store) -> None:
    existing = new_person(store, personal_id=None)
    fields = person_fields(personal_id=None)
    outcome = register_unless_similar(store, fields, None, set())
    assert outcome.person_id is None
    assert [c.person.id for c in outcome.similar] == [existing.id]
    drafts: list[bool] = []
    outcome = register_unless_similar(store, fields, {"size": 2}, {existing.id},
                                      also=lambda _store: drafts.append(True))
    assert outcome.person_id is not None and drafts == [True]
    assert store.get(outcome.person_id).fields["household_id"]


def test_referral_moves() -> None:
    assert next_statuses("sent") == ("accepted", "delivered", "refused", "not_possible")
    assert next_statuses("delivered") == ()
    assert next_statuses(None) == () and next_statuses("unknown") == ()


def test_action_edits_on_a_signed_plan_keep_to_progress(store: Store) -> None:
    case = new_case(store)
    plan = create_plan(store, case.id, created_on=TODAY)
    old = {"description": "Vizitë", "status": "planned", "end_date": None}
    new = {"description": "Vizitë mujore", "status": "done", "end_date": "2026-04-01"}
    assert action_edits(plan, old, new) == new
    signed = sign_plan(store, plan.id, by="worker", on=TODAY)
    assert action_edits(signed, old, new) == {"end_date": "2026-04-01", "status": "done"}
