"""Approval of a plan by the head of unit, where the plan type requires it: approve, or
return it with a comment that the worker sees on the case (Qt-free)."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.casework.config import casework_config, iso
from desktop.core.casework.errors import MissingValue
from desktop.core.casework.holding import holder
from desktop.core.casework.input_checks import Problems
from desktop.core.casework.plans import approve_plan, current_plan, require_plan
from desktop.core.errors import KujdesError
from desktop.core.i18n import fmt_date, tr
from desktop.core.store import Store
from sync.authority import may_approve
from sync.records import Record


class NotAnApprover(KujdesError):
    message = "Only the head of unit or the director approves plans."


class NoPlanToApprove(KujdesError):
    message = "This case has no plan that waits for approval."


@dataclass(frozen=True)
class ApprovalState:
    plan_id: str | None
    plan_type: str
    needs_approval: bool
    approved_on: str | None
    return_comment: str | None
    may_approve: bool


def may_approve_plan(store: Store, plan_type: str | None) -> bool:
    """Whether the user's role approves plans of this type, by the rule the server applies
    (sync/authority.py); before a first sign-in at a server, anyone may."""
    who = holder(store)
    return who is None or may_approve(store.profile, who.role, plan_type)


def approval_state(store: Store, case_id: str) -> ApprovalState:
    plan = current_plan(store, case_id)
    if plan is None:
        return ApprovalState(None, "", False, None, None, may_approve_plan(store, None))
    f = plan.fields
    needs = casework_config(store.profile).requires_approval(f["plan_type"])
    return ApprovalState(plan.id, f["plan_type"], needs, f.get("approved_on"),
                         f.get("return_comment"), may_approve_plan(store, f["plan_type"]))


def return_problems(comment: str) -> Problems:
    if not comment.strip():
        return {"comment": tr("Write what the worker must change in the plan.")}
    return {}


def _require_approver(store: Store, plan_id: str) -> None:
    if not may_approve_plan(store, require_plan(store, plan_id).fields.get("plan_type")):
        raise NotAnApprover()


def approve(store: Store, plan_id: str) -> Record:
    _require_approver(store, plan_id)
    with store.transaction():
        approve_plan(store, plan_id)
        return store.update(plan_id, {"returned_on": None, "returned_by": None,
                                      "return_comment": None})


def return_plan(store: Store, plan_id: str, comment: str) -> Record:
    """Send the plan back to its worker with what to change; it stays unapproved."""
    _require_approver(store, plan_id)
    if not comment.strip():
        raise MissingValue(what="The comment")
    with store.transaction():
        plan = require_plan(store, plan_id)
        if not casework_config(store.profile).requires_approval(plan.fields["plan_type"]):
            raise NoPlanToApprove()
        return store.update(plan_id, {"returned_on": iso(None), "returned_by": store.user,
                                      "return_comment": comment.strip(), "approved_on": None,
                                      "approved_by": None})


def approval_line(plan: Record | None, needs_approval: bool) -> str:
    """What the case's plan tab says about approval ("" when the type needs none)."""
    if plan is None or not needs_approval:
        return ""
    f = plan.fields
    if f.get("approved_on"):
        return " · " + tr("approved on {date}", date=fmt_date(f["approved_on"]))
    if f.get("return_comment"):
        return " · " + tr("returned by {name} on {date}: {comment}",
                          name=f.get("returned_by") or "", date=fmt_date(f.get("returned_on")),
                          comment=f["return_comment"])
    return " · " + tr("waiting for approval")
