"""What the plan editor shows: the case, its current plan and the plan's actions, and the
goals as the lines of a text box (Qt-free)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from desktop.core.casework.persons import require
from desktop.core.casework.plans import current_plan, plan_actions
from desktop.core.store import Store
from desktop.core.views.case import case_heading
from sync.records import Record

GOAL_BULLETS = " -•\t"


@dataclass(frozen=True)
class PlanView:
    """The case's number and person, its type, its current plan (None before the first is
    made) and that plan's actions."""

    number: str
    name: str
    case_type: str | None
    plan: Record | None
    actions: list[Record] = field(default_factory=list)


def load_plan(store: Store, case_id: str) -> PlanView:
    heading = case_heading(store, case_id)
    case = require(store, case_id, "case")
    plan = current_plan(store, case_id)
    return PlanView(number=heading.number, name=heading.name,
                    case_type=case.fields.get("case_type"), plan=plan,
                    actions=plan_actions(store, plan.id) if plan else [])


def goals_from_text(text: str) -> list[str]:
    """One goal per line; list bullets and empty lines are left out."""
    return [line.strip(GOAL_BULLETS) for line in text.splitlines()
            if line.strip(GOAL_BULLETS)]


def goals_to_text(goals: list[Any]) -> str:
    return "\n".join(g.get("text", "") if isinstance(g, dict) else str(g) for g in goals or [])
