"""Individual plans: goals, actions, review dates, versions, signatures and approval.

A plan starts as a ``draft``. It becomes ``active`` when the worker and the beneficiary (or a
guardian) have signed it and, for plan types that ``requires_approval`` (the child protection
plan), the head of unit has approved it. A signed plan is not edited: :func:`new_plan_version`
copies its goals and actions into a new draft and marks the old version ``superseded``.
Action status can always be updated on the current version.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from desktop.core.casework.cases import require_case, require_open_case
from desktop.core.casework.config import add_days, as_date, casework_config, iso
from desktop.core.casework.errors import (
    ApprovalNotNeeded,
    DateOrder,
    MissingValue,
    PlanExists,
    PlanLocked,
    PlanSuperseded,
    UnknownCode,
)
from desktop.core.casework.persons import require
from desktop.core.store import Store
from sync.records import Record

DRAFT, ACTIVE, SUPERSEDED = "draft", "active", "superseded"
ACTION_STATUSES = ("planned", "in_progress", "done", "cancelled")
SIGNERS = ("worker", "beneficiary", "guardian")
ACTION_FIELDS = ("goal", "description", "service", "provider", "responsible", "start_date",
                 "end_date", "frequency", "status")
# What may change on an action of a plan that is already signed.
PROGRESS_FIELDS = {"status", "end_date"}


def normal_goals(goals: Any) -> list[dict[str, str]]:
    """Goals as a list of {"text", optional "indicator", "due"}."""
    out = []
    for goal in goals or []:
        item = {"text": goal} if isinstance(goal, str) else dict(goal)
        text = str(item.get("text") or "").strip()
        if text:
            out.append({k: str(v) for k, v in {**item, "text": text}.items() if v})
    return out


def create_plan(store: Store, case_id: str, *, plan_type: str | None = None,
                goals: list[str] | list[dict[str, Any]] | None = None,
                review_date: dt.date | str | None = None,
                created_on: dt.date | str | None = None) -> Record:
    """The first plan of a case (its type by default from the case type)."""
    config = casework_config(store.profile)
    with store.transaction():
        case = require_open_case(store, case_id)
        plan_type = plan_type or config.plan_type_for(case.fields["case_type"])
        days = config.plan_review_days(plan_type)
        if current_plan(store, case_id) is not None:
            raise PlanExists(number=case.fields["case_number"])
        day = as_date(created_on)
        review = iso(review_date) if review_date else add_days(day, days)
        if review < day.isoformat():
            raise DateOrder(later=review, earlier=day.isoformat())
        return store.create("plan", {
            "case_id": case_id, "plan_type": plan_type, "version": 1, "status": DRAFT,
            "goals": normal_goals(goals), "review_date": review,
            "created_on": day.isoformat(), "created_by": store.user})


def current_plan(store: Store, case_id: str) -> Record | None:
    """The latest version of the case's plan that is not superseded (draft or active)."""
    plans = [p for p in store.query("plan", case_id=case_id, order_by="main_date", descending=True)
             if p.fields.get("status") != SUPERSEDED]
    return max(plans, key=lambda p: (p.fields["version"], p.id)) if plans else None


def plan_versions(store: Store, case_id: str) -> list[Record]:
    """Every version of the case's plan, oldest first."""
    plans = store.query("plan", case_id=case_id, order_by="main_date")
    return sorted(plans, key=lambda p: (p.fields["version"], p.id))


def plan_actions(store: Store, plan_id: str) -> list[Record]:
    return [a for a in store.query("plan_action", order_by="main_date",
                                   case_id=require_plan(store, plan_id).fields["case_id"])
            if a.fields.get("plan_id") == plan_id]


def require_plan(store: Store, plan_id: str) -> Record:
    return require(store, plan_id, "plan")


def is_editable(plan: Record | None) -> bool:
    """Whether goals and actions may change: a plan not yet made, or a draft nobody has
    signed."""
    if plan is None:
        return True
    f = plan.fields
    return f.get("status") == DRAFT and not f.get("signed_worker_on") \
        and not f.get("signed_beneficiary_on")


def _editable(plan: Record) -> None:
    if plan.fields["status"] == SUPERSEDED:
        raise PlanSuperseded(version=plan.fields["version"])
    if not is_editable(plan):
        raise PlanLocked(version=plan.fields["version"], status=_status_word(plan))


def _status_word(plan: Record) -> str:
    return "signed" if plan.fields["status"] == DRAFT else plan.fields["status"]


def set_goals(store: Store, plan_id: str, goals: list[str] | list[dict[str, Any]]) -> Record:
    with store.transaction():
        _editable(require_plan(store, plan_id))
        return store.update(plan_id, {"goals": normal_goals(goals)})


def save_plan(store: Store, case_id: str, plan_type: str | None, goals: list[str],
              review_date: str | None) -> Record:
    """Create the case's plan, or save the goals and review date of its unsigned draft (a
    signed plan is returned unchanged)."""
    with store.transaction():
        plan = current_plan(store, case_id)
        if plan is None:
            return create_plan(store, case_id, plan_type=plan_type, goals=goals,
                               review_date=review_date)
        if not is_editable(plan):
            return plan
        plan = set_goals(store, plan.id, goals)
        if review_date and review_date != plan.fields.get("review_date"):
            plan = store.update(plan.id, {"review_date": review_date})
        return plan


def remove_action(store: Store, action_id: str) -> None:
    """Delete an action of a plan nobody has signed yet."""
    with store.transaction():
        action = require(store, action_id, "plan_action")
        _editable(require_plan(store, action.fields["plan_id"]))
        store.delete(action_id)


def add_action(store: Store, plan_id: str, *, description: str, goal: str | None = None,
               service: str | None = None, provider: str | None = None,
               responsible: str | None = None, start_date: dt.date | str | None = None,
               end_date: dt.date | str | None = None, frequency: str | None = None,
               status: str = "planned") -> Record:
    """An action of a draft plan: what, which service and provider, who, when, how often."""
    if not description or not description.strip():
        raise MissingValue(what="The action")
    fields = _action_fields(store, {
        "goal": goal, "description": description.strip(), "service": service,
        "provider": provider, "responsible": responsible, "start_date": start_date,
        "end_date": end_date, "frequency": frequency, "status": status})
    with store.transaction():
        plan = require_plan(store, plan_id)
        _editable(plan)
        return store.create("plan_action", {**fields, "plan_id": plan_id,
                                            "case_id": plan.fields["case_id"]})


def _action_fields(store: Store, fields: dict[str, Any]) -> dict[str, Any]:
    out = dict(fields)
    config = casework_config(store.profile)
    if out.get("service") and not config.is_service(out["service"]):
        raise UnknownCode(what="service", code=out["service"])
    if out.get("status") is not None and out["status"] not in ACTION_STATUSES:
        raise UnknownCode(what="action status", code=out["status"])
    for key in ("start_date", "end_date"):
        if out.get(key) is not None:
            out[key] = iso(out[key])
    if out.get("start_date") and out.get("end_date") and out["end_date"] < out["start_date"]:
        raise DateOrder(later=out["end_date"], earlier=out["start_date"])
    return out


def action_edits(plan: Record | None, old: dict[str, Any], new: dict[str, Any]
                 ) -> dict[str, Any]:
    """The fields of an action that ``new`` changes and that ``plan`` lets change: any on a
    draft nobody signed, only the status and end date on a signed plan."""
    allowed = ACTION_FIELDS if is_editable(plan) else sorted(PROGRESS_FIELDS)
    return {k: new.get(k) for k in allowed if new.get(k) != old.get(k)}


def update_action(store: Store, action_id: str, **changes: Any) -> Record:
    """Change an action. On a signed or active plan only its status and end date change."""
    unknown = set(changes) - set(ACTION_FIELDS)
    if unknown:
        raise UnknownCode(what="action field", code=sorted(unknown)[0])
    with store.transaction():
        action = require(store, action_id, "plan_action")
        plan = require_plan(store, action.fields["plan_id"])
        if plan.fields["status"] == SUPERSEDED:
            raise PlanSuperseded(version=plan.fields["version"])
        if set(changes) - PROGRESS_FIELDS:
            _editable(plan)
        merged = _action_fields(store, {**action.fields, **changes})
        return store.update(action_id, {k: merged.get(k) for k in changes})


def new_plan_version(store: Store, plan_id: str, *, created_on: dt.date | str | None = None,
                     review_date: dt.date | str | None = None) -> Record:
    """A new draft version with the same goals and actions; the old version is superseded."""
    config = casework_config(store.profile)
    with store.transaction():
        old = require_plan(store, plan_id)
        if old.fields["status"] == SUPERSEDED:
            raise PlanSuperseded(version=old.fields["version"])
        require_open_case(store, old.fields["case_id"])
        day = as_date(created_on)
        days = config.plan_review_days(old.fields["plan_type"])
        new = store.create("plan", {
            "case_id": old.fields["case_id"], "plan_type": old.fields["plan_type"],
            "version": old.fields["version"] + 1, "previous_plan_id": old.id,
            "status": DRAFT, "goals": old.fields.get("goals") or [],
            "review_date": iso(review_date) if review_date else add_days(day, days),
            "created_on": day.isoformat(), "created_by": store.user})
        _copy_actions(store, old, new)
        store.update(old.id, {"status": SUPERSEDED, "superseded_on": day.isoformat(),
                              "superseded_by": new.id})
        return new


def _copy_actions(store: Store, old: Record, new: Record) -> None:
    actions = plan_actions(store, old.id)
    if actions:
        store.create_many([("plan_action", {
            **{k: a.fields.get(k) for k in ACTION_FIELDS},
            "plan_id": new.id, "case_id": new.fields["case_id"]}) for a in actions])


def sign_plan(store: Store, plan_id: str, *, by: str, on: dt.date | str | None = None,
              guardian_name: str | None = None) -> Record:
    """Record a signature: ``by`` is "worker", "beneficiary" or "guardian" (named)."""
    if by not in SIGNERS:
        raise UnknownCode(what="signer", code=by)
    if by == "guardian" and not (guardian_name and guardian_name.strip()):
        raise MissingValue(what="The guardian's name")
    with store.transaction():
        plan = require_plan(store, plan_id)
        if plan.fields["status"] == SUPERSEDED:
            raise PlanSuperseded(version=plan.fields["version"])
        day = iso(on)
        if by == "worker":
            changes = {"signed_worker_on": day, "signed_worker_by": store.user}
        else:
            changes = {"signed_beneficiary_on": day,
                       "signed_by_guardian": guardian_name.strip() if guardian_name else None}
        return store.update(plan_id, _with_activation(store, plan, changes))


def approve_plan(store: Store, plan_id: str, *, approved_by: str | None = None,
                 on: dt.date | str | None = None) -> Record:
    """Approval by the head of unit, for plan types that require it."""
    config = casework_config(store.profile)
    with store.transaction():
        plan = require_plan(store, plan_id)
        if plan.fields["status"] == SUPERSEDED:
            raise PlanSuperseded(version=plan.fields["version"])
        if not config.requires_approval(plan.fields["plan_type"]):
            raise ApprovalNotNeeded()
        changes = {"approved_on": iso(on), "approved_by": approved_by or store.user}
        return store.update(plan_id, _with_activation(store, plan, changes))


def is_complete(store: Store, plan: Record | dict[str, Any]) -> bool:
    """Signed by both sides and, where required, approved."""
    f = plan.fields if isinstance(plan, Record) else plan
    signed = bool(f.get("signed_worker_on") and f.get("signed_beneficiary_on"))
    needs_approval = casework_config(store.profile).requires_approval(f["plan_type"])
    return signed and (not needs_approval or bool(f.get("approved_on")))


def _with_activation(store: Store, plan: Record, changes: dict[str, Any]) -> dict[str, Any]:
    """``changes``, plus becoming active if with them the draft is complete (one write)."""
    merged = {**plan.fields, **changes}
    if plan.fields["status"] == DRAFT and is_complete(store, merged):
        return {**changes, "status": ACTIVE}
    return changes


def review_plan(store: Store, plan_id: str, *, reviewed_on: dt.date | str | None = None,
                next_review: dt.date | str | None = None, note: str = "",
                outcome: str = "continue") -> Record:
    """A periodic review: when, what was found, and when the next review is due."""
    config = casework_config(store.profile)
    with store.transaction():
        plan = require_plan(store, plan_id)
        if plan.fields["status"] == SUPERSEDED:
            raise PlanSuperseded(version=plan.fields["version"])
        day = as_date(reviewed_on)
        following = iso(next_review) if next_review else add_days(
            day, config.plan_review_days(plan.fields["plan_type"]))
        if following < day.isoformat():
            raise DateOrder(later=following, earlier=day.isoformat())
        reviews = [*(plan.fields.get("reviews") or []),
                   {"on": day.isoformat(), "by": store.user, "outcome": outcome,
                    "note": note or None, "next_review": following}]
        return store.update(plan_id, {"reviewed_on": day.isoformat(), "review_date": following,
                                      "reviews": reviews})


def plan_case(store: Store, plan: Record) -> Record:
    return require_case(store, plan.fields["case_id"])
