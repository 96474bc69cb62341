"""A plan review on its due date: checked in words, the next review moves, and a review may
make a new version of the plan."""

from __future__ import annotations

import datetime as dt

from desktop.core.casework.plan_review import record_review, review_problems, review_state
from desktop.core.casework.plans import create_plan
from desktop.core.store import Store

from .conftest import TODAY, new_case


def test_a_review_before_the_plan_or_in_the_future_is_refused() -> None:
    problems = review_problems("2026-01-01", "2026-01-01", "2026-02-01", TODAY)
    assert problems["date"] == ("The plan was written on 01.02.2026; it cannot be reviewed "
                                "before that.")
    assert problems["next_review"] == "The next review must come after this one."
    tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()
    assert review_problems(tomorrow, None, None, TODAY) == {
        "date": "The date cannot be in the future."}
    assert review_problems(None, None, None, TODAY) == {"date": "Enter the date of the review."}


def test_a_review_moves_the_next_one_and_may_make_a_new_version(store: Store) -> None:
    case = new_case(store)
    plan = create_plan(store, case.id, goals=["Të ardhura"], created_on="2026-02-01")
    same = record_review(store, plan.id, day="2026-03-01", note="Vazhdon.",
                         next_review="2026-06-01", new_version=False)
    assert same == plan.id and review_state(store, case.id).review_date == "2026-06-01"
    newer = record_review(store, plan.id, day="2026-03-02", note="Objektiv i ri.",
                          next_review=None, new_version=True)
    assert newer != plan.id
    state = review_state(store, case.id)
    assert state.plan_id == newer and state.version == 2
    assert store.get(plan.id).fields["status"] == "superseded"
    assert store.get(plan.id).fields["reviews"][-1]["outcome"] == "new_version"
