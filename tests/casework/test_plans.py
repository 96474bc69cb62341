"""Plans: goals and actions, sign-off, approval, versions and reviews."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core.casework.errors import (
    ApprovalNotNeeded,
    PlanExists,
    PlanLocked,
    PlanSuperseded,
    UnknownCode,
)
from desktop.core.casework.plans import (
    add_action,
    approve_plan,
    create_plan,
    current_plan,
    new_plan_version,
    plan_actions,
    plan_versions,
    review_plan,
    sign_plan,
    update_action,
)
from desktop.core.store import Store

from .conftest import TODAY, new_case


def test_a_care_plan_becomes_active_when_both_sides_sign(store: Store) -> None:
    case = new_case(store)
    plan = create_plan(store, case.id, goals=["Regular income", {"text": "Safe housing",
                                                                 "indicator": "roof repaired"}],
                       created_on=TODAY)
    assert plan.fields["plan_type"] == "care_plan"  # from the case type
    assert plan.fields["status"] == "draft" and plan.fields["version"] == 1
    assert plan.fields["review_date"] == "2026-08-29"  # 180 days for a care plan
    assert plan.fields["goals"][1] == {"text": "Safe housing", "indicator": "roof repaired"}
    action = add_action(store, plan.id, description="Apply for economic aid",
                        service="economic_aid", provider="Bashkia Pukë", responsible="arta",
                        start_date=TODAY, end_date="2026-06-01", frequency="monthly")
    assert action.fields["case_id"] == case.id and action.fields["status"] == "planned"
    signed = sign_plan(store, plan.id, by="worker", on=TODAY)
    assert signed.fields["status"] == "draft" and signed.fields["signed_worker_by"] == "arta"
    with pytest.raises(PlanLocked):
        add_action(store, plan.id, description="Too late")
    active = sign_plan(store, plan.id, by="beneficiary", on=TODAY)
    assert active.fields["status"] == "active"
    assert current_plan(store, case.id).id == plan.id
    with pytest.raises(PlanExists):
        create_plan(store, case.id)


def test_actions_are_checked_and_progress_on_a_signed_plan(store: Store) -> None:
    case = new_case(store)
    plan = create_plan(store, case.id)
    with pytest.raises(UnknownCode):
        add_action(store, plan.id, description="Magic", service="wand")
    action = add_action(store, plan.id, description="Day centre", service="day_centre")
    sign_plan(store, plan.id, by="worker")
    sign_plan(store, plan.id, by="beneficiary")
    assert update_action(store, action.id, status="in_progress").fields["status"] == \
        "in_progress"
    with pytest.raises(PlanLocked):
        update_action(store, action.id, description="Something else")


def test_a_protection_plan_needs_a_guardian_and_approval(store: Store) -> None:
    from .conftest import new_person

    child = new_person(store, first_name="Drane", sex="F", birth_date="2015-04-04",
                       personal_id=None)
    case = new_case(store, "child_protection", person=child)
    plan = create_plan(store, case.id, goals=["The child is safe at home"])
    assert plan.fields["plan_type"] == "protection_plan"
    assert plan.fields["review_date"] == (dt.date.today() + dt.timedelta(days=90)).isoformat()
    sign_plan(store, plan.id, by="worker")
    signed = sign_plan(store, plan.id, by="guardian", guardian_name="Gjon Çela")
    assert signed.fields["signed_by_guardian"] == "Gjon Çela"
    assert signed.fields["status"] == "draft"  # still waiting for the head of unit
    approved = approve_plan(store, plan.id, approved_by="head.of.unit", on=TODAY)
    assert approved.fields["status"] == "active"
    assert approved.fields["approved_by"] == "head.of.unit"


def test_approval_only_where_the_plan_type_requires_it(store: Store) -> None:
    plan = create_plan(store, new_case(store).id)
    with pytest.raises(ApprovalNotNeeded):
        approve_plan(store, plan.id)


def test_a_new_version_copies_goals_and_actions_and_supersedes(store: Store) -> None:
    case = new_case(store)
    v1 = create_plan(store, case.id, goals=["Regular income"], created_on="2026-01-10")
    add_action(store, v1.id, description="Economic aid", service="economic_aid")
    add_action(store, v1.id, description="Food package", service="food_package")
    sign_plan(store, v1.id, by="worker", on="2026-01-10")
    sign_plan(store, v1.id, by="beneficiary", on="2026-01-10")
    v2 = new_plan_version(store, v1.id, created_on=TODAY)
    assert v2.fields["version"] == 2 and v2.fields["previous_plan_id"] == v1.id
    assert v2.fields["goals"] == [{"text": "Regular income"}] and v2.fields["status"] == "draft"
    old = store.require(v1.id).fields
    assert old["status"] == "superseded" and old["superseded_by"] == v2.id
    assert sorted(a.fields["description"] for a in plan_actions(store, v2.id)) == \
        ["Economic aid", "Food package"]
    assert len(plan_actions(store, v1.id)) == 2  # the old version keeps its actions
    assert current_plan(store, case.id).id == v2.id
    assert [p.fields["version"] for p in plan_versions(store, case.id)] == [1, 2]
    with pytest.raises(PlanSuperseded):
        sign_plan(store, v1.id, by="worker")
    add_action(store, v2.id, description="Employment office", service="employment_office")


def test_a_review_moves_the_review_date(store: Store) -> None:
    plan = create_plan(store, new_case(store).id, created_on="2025-09-01")
    reviewed = review_plan(store, plan.id, reviewed_on=TODAY, note="Income is regular now.")
    assert reviewed.fields["reviewed_on"] == TODAY.isoformat()
    assert reviewed.fields["review_date"] == "2026-08-29"
    assert reviewed.fields["reviews"][0]["note"] == "Income is regular now."
    again = review_plan(store, plan.id, reviewed_on="2026-04-01", next_review="2026-05-01")
    assert again.fields["review_date"] == "2026-05-01" and len(again.fields["reviews"]) == 2
