"""A plan that needs approval: the head approves it, or returns it with a comment the worker
sees; a worker may not approve."""

from __future__ import annotations

import json

import pytest

from desktop.core.casework.approval import (
    NotAnApprover,
    approval_line,
    approval_state,
    approve,
    return_plan,
    return_problems,
)
from desktop.core.casework.holding import SERVER_USER_KEY
from desktop.core.casework.plans import create_plan
from desktop.core.store import Store

from .conftest import new_case


def _role(store: Store, role: str) -> None:
    store.meta_set(SERVER_USER_KEY, json.dumps({"role": role, "units": []}))


def test_return_with_a_comment_then_approve(store: Store) -> None:
    case = new_case(store, "child_protection")
    plan = create_plan(store, case.id, goals=["Shkollim i rregullt"])
    state = approval_state(store, case.id)
    assert state.needs_approval and state.plan_id == plan.id and not state.approved_on
    assert approval_line(store.get(plan.id), True) == " · waiting for approval"
    assert return_problems(" ") == {"comment": "Write what the worker must change in the plan."}
    _role(store, "head_of_unit")
    return_plan(store, plan.id, "Shtoni kontaktin me shkollën.")
    line = approval_line(store.get(plan.id), True)
    assert "returned by" in line and "Shtoni kontaktin me shkollën." in line
    approve(store, plan.id)
    fields = store.get(plan.id).fields
    assert fields["approved_on"] and not fields.get("return_comment")
    assert approval_line(store.get(plan.id), True).startswith(" · approved on ")


def test_a_worker_may_not_approve(store: Store) -> None:
    case = new_case(store, "child_protection")
    plan = create_plan(store, case.id, goals=["Shkollim i rregullt"])
    _role(store, "child_protection_worker")
    assert not approval_state(store, case.id).may_approve
    with pytest.raises(NotAnApprover):
        approve(store, plan.id)
    assert not store.get(plan.id).fields.get("approved_on")
