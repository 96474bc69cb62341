"""The head of unit's tasks: cases without a manager, caseloads, plans waiting for approval."""

from __future__ import annotations

import json

from desktop.core.casework.holding import SERVER_USER_KEY
from desktop.core.casework.plans import approve_plan, create_plan
from desktop.core.store import Store
from desktop.core.views.my_tasks import load_my_tasks

from .conftest import TODAY, new_case


def test_the_head_sees_unassigned_cases_caseloads_and_plans_to_approve(store: Store) -> None:
    mine = new_case(store)
    other = new_case(store, assigned_worker="besnik")
    nobody = new_case(store)
    store.update(nobody.id, {"assigned_worker": None})
    protection = new_case(store, "child_protection")
    plan = create_plan(store, protection.id, goals=["Shkollim i rregullt"])
    create_plan(store, other.id, goals=["Të ardhura"])        # a care plan: no approval
    tasks = load_my_tasks(store, TODAY.isoformat())
    assert [t.case_id for t in tasks.unassigned] == [nobody.id]
    loads = {c.worker: c.open_cases for c in tasks.caseloads}
    assert loads == {store.user: 2, "besnik": 1}
    assert [p.plan_id for p in tasks.waiting_plans] == [plan.id]
    assert tasks.waiting_plans[0].plan_type == "protection_plan" and tasks.for_head
    approve_plan(store, plan.id)
    assert load_my_tasks(store, TODAY.isoformat()).waiting_plans == []
    assert mine.id not in [t.case_id for t in tasks.unassigned]


def test_a_worker_is_not_a_head(store: Store) -> None:
    store.meta_set(SERVER_USER_KEY, json.dumps({"role": "social_worker", "units": []}))
    assert not load_my_tasks(store, TODAY.isoformat()).for_head
    store.meta_set(SERVER_USER_KEY, json.dumps({"role": "head_of_unit", "units": []}))
    assert load_my_tasks(store, TODAY.isoformat()).for_head
