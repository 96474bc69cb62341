"""Each write of a workflow is one outbox change and one audit entry, in one transaction."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from desktop.core.casework import cases, measures, meetings, plans, referrals, visits
from desktop.core.casework.errors import PlanLocked
from desktop.core.store import Store

from .conftest import TODAY, new_case


def audit_count(store: Store) -> int:
    with store.reading() as conn:
        return conn.exec_driver_sql("SELECT count(*) FROM audit").scalar_one()


def changes(store: Store, action: Callable[[], object]) -> tuple[int, int, list[str]]:
    """(outbox changes, audit entries, record types changed) caused by ``action``."""
    outbox, audit = store.pending_count(), audit_count(store)
    with store.reading() as conn:
        seq = conn.exec_driver_sql("SELECT coalesce(max(seq), 0) FROM outbox").scalar_one()
    action()
    with store.reading() as conn:
        types = [r[0] for r in conn.exec_driver_sql(
            "SELECT record_type FROM outbox WHERE seq > ? ORDER BY seq", (seq,))]
    return store.pending_count() - outbox, audit_count(store) - audit, types


def test_every_workflow_write_is_one_change(store: Store) -> None:
    case = new_case(store, "domestic_violence")
    plan = plans.create_plan(store, case.id)
    action = plans.add_action(store, plan.id, description="Counselling", service="counselling")
    referral = referrals.refer(store, case.id, "counselling")
    order = measures.record_protection_order(store, case.id, kind="immediate")
    expected = [
        (lambda: plans.sign_plan(store, plan.id, by="worker"), ["plan"]),
        # the second signature makes the plan active, in the same write
        (lambda: plans.sign_plan(store, plan.id, by="beneficiary"), ["plan"]),
        (lambda: plans.update_action(store, action.id, status="done"), ["plan_action"]),
        (lambda: plans.new_plan_version(store, plan.id),
         ["plan", "plan_action", "plan"]),  # new version, its copied action, the old one
        (lambda: referrals.set_referral_status(store, referral.id, "accepted"), ["referral"]),
        (lambda: measures.record_monitoring_report(store, order.id, situation="calm"),
         ["measure"]),
        (lambda: visits.record_visit(store, case.id, {"visit_date": TODAY}), ["visit"]),
        (lambda: meetings.record_meeting(store, group="etn", case_ids=[case.id], attendees=[
            {"name": "A", "institution": "police"}]), ["meeting"]),
        (lambda: cases.transfer_case(store, case.id, to_worker="besa", note="Handover"),
         ["case", "note"]),
        # closing clears the plan's review date, reopening sets it again
        (lambda: cases.close_case(store, case.id, "goals_reached"), ["plan", "case"]),
        (lambda: cases.reopen_case(store, case.id), ["case", "plan"]),
    ]
    for action_, types in expected:
        outbox, audit, changed = changes(store, action_)
        assert changed == types
        assert outbox == audit == len(types)


def test_a_failed_workflow_leaves_no_change(store: Store) -> None:
    case = new_case(store)
    plan = plans.create_plan(store, case.id)
    plans.sign_plan(store, plan.id, by="worker")
    outbox, audit, _ = changes(store, lambda: pytest.raises(
        PlanLocked, plans.add_action, store, plan.id, description="x"))
    assert (outbox, audit) == (0, 0)
