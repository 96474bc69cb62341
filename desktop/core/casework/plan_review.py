"""A plan's periodic review on its due date: when, what was found, the next review, and
whether the review makes a new version of the plan (Qt-free)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.core.casework.input_checks import Problems
from desktop.core.casework.plans import current_plan, new_plan_version, review_plan
from desktop.core.i18n import fmt_date, tr
from desktop.core.store import Store

NEW_VERSION = "new_version"
CONTINUE = "continue"


@dataclass(frozen=True)
class ReviewState:
    plan_id: str | None
    created_on: str | None
    review_date: str | None
    version: int


def review_state(store: Store, case_id: str) -> ReviewState:
    plan = current_plan(store, case_id)
    if plan is None:
        return ReviewState(None, None, None, 0)
    f = plan.fields
    return ReviewState(plan.id, f.get("created_on"), f.get("review_date"),
                       int(f.get("version") or 1))


def review_problems(day: str | None, next_review: str | None, plan_created: str | None,
                    today: dt.date | None = None) -> Problems:
    """A review date neither in the future nor before the plan; the next one after it."""
    problems: Problems = {}
    if day is None:
        problems["date"] = tr("Enter the date of the review.")
    elif day > (today or dt.date.today()).isoformat():
        problems["date"] = tr("The date cannot be in the future.")
    elif plan_created and day < plan_created:
        problems["date"] = tr("The plan was written on {date}; it cannot be reviewed before "
                              "that.", date=fmt_date(plan_created))
    if day and next_review and next_review <= day:
        problems["next_review"] = tr("The next review must come after this one.")
    return problems


def record_review(store: Store, plan_id: str, *, day: str, note: str,
                  next_review: str | None, new_version: bool) -> str:
    """Record the review; with ``new_version`` the plan gets a new draft version (the id
    returned is the plan to work on)."""
    with store.transaction():
        review_plan(store, plan_id, reviewed_on=day, next_review=next_review, note=note.strip(),
                    outcome=NEW_VERSION if new_version else CONTINUE)
        if not new_version:
            return plan_id
        return new_plan_version(store, plan_id, created_on=day, review_date=next_review).id
