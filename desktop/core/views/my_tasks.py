"""The head of unit's "My tasks": open cases without a case manager, the caseload of each
worker, and plans waiting for approval (Qt-free)."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.casework.config import casework_config
from desktop.core.casework.holding import holder
from desktop.core.casework.persons import full_name
from desktop.core.store import Store

UNASSIGNED_LIMIT = 200


@dataclass(frozen=True)
class TaskCase:
    case_id: str
    number: str
    name: str
    case_type: str
    opened_on: str


@dataclass(frozen=True)
class Caseload:
    worker: str
    open_cases: int
    reviews_overdue: int


@dataclass(frozen=True)
class WaitingPlan:
    case_id: str
    plan_id: str
    number: str
    name: str
    plan_type: str
    written_on: str
    written_by: str


@dataclass(frozen=True)
class MyTasks:
    unassigned: list[TaskCase]
    caseloads: list[Caseload]
    waiting_plans: list[WaitingPlan]
    for_head: bool


def is_head(store: Store) -> bool:
    """A role that assigns cases or approves plans (before a first sign-in: anyone)."""
    who = holder(store)
    if who is None:
        return True
    item = store.profile.item("roles", who.role) or {}
    return bool(item.get("assigns_cases") or item.get("approves_plans"))


def load_my_tasks(store: Store, today: str) -> MyTasks:
    with store.reading() as conn:
        unassigned_ids = [r[0] for r in conn.exec_driver_sql(
            "SELECT id FROM records WHERE type = 'case' AND status = 'open' AND deleted = 0 "
            "AND (worker IS NULL OR worker = '') ORDER BY main_date LIMIT ?",
            (UNASSIGNED_LIMIT,)).fetchall()]
        loads = conn.exec_driver_sql(
            "SELECT worker, count(*), sum(CASE WHEN due < ? THEN 1 ELSE 0 END) FROM records "
            "WHERE type = 'case' AND status = 'open' AND deleted = 0 AND worker > '' "
            "GROUP BY worker ORDER BY count(*) DESC, worker", (today,)).fetchall()
        unassigned = [_task_case(store, case_id) for case_id in unassigned_ids]
        waiting = _waiting_plans(store)
    return MyTasks(unassigned, [Caseload(w, n, int(o or 0)) for w, n, o in loads], waiting,
                   is_head(store))


def _task_case(store: Store, case_id: str) -> TaskCase:
    fields = store.require(case_id).fields
    person = store.get(fields.get("person_id") or "")
    return TaskCase(case_id, str(fields.get("case_number") or ""), full_name(person),
                    str(fields.get("case_type") or ""), str(fields.get("opened_on") or ""))


def _waiting_plans(store: Store) -> list[WaitingPlan]:
    config = casework_config(store.profile)
    types = [item["code"] for item in store.profile.items("plan_types")
             if config.requires_approval(item["code"])]
    out: list[WaitingPlan] = []
    for plan_type in types:
        for plan in store.query("plan", subtype=plan_type, limit=500):
            f = plan.fields
            if f.get("approved_on") or f.get("status") == "superseded":
                continue
            case = store.get(f.get("case_id") or "")
            if case is None or case.fields.get("status") != "open":
                continue
            person = store.get(case.fields.get("person_id") or "")
            out.append(WaitingPlan(case.id, plan.id, str(case.fields.get("case_number")),
                                   full_name(person), plan_type,
                                   str(f.get("created_on") or ""),
                                   str(f.get("created_by") or "")))
    return sorted(out, key=lambda p: p.written_on)
