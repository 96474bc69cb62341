"""What is due, read a screenful at a time: the first items by due date, and how many in all."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core.casework import due
from desktop.core.casework.due import count_due, due_items, visit_route
from desktop.core.demo import add_demo_data
from desktop.core.store import Store
from desktop.core.views import today as today_data
from desktop.core.views.today import load_today

from .conftest import TODAY

WORKERS = ("arta", "besa")


@pytest.fixture
def caseload(store: Store) -> Store:
    add_demo_data(store, 600, seed=5, today=TODAY, workers=WORKERS)
    return store


def ids(items: list[due.DueItem]) -> list[tuple[str, str]]:
    return [(i.kind, i.record_id) for i in items]


@pytest.mark.parametrize("worker", [None, "arta"])
def test_a_limited_list_is_the_start_of_the_whole_list(caseload: Store,
                                                       worker: str | None) -> None:
    everything = due_items(caseload, worker=worker, today=TODAY)
    assert len(everything) > 40
    first = due_items(caseload, worker=worker, today=TODAY, limit=40)
    assert ids(first) == ids(everything[:40])
    assert [i.due for i in first] == sorted(i.due for i in first)
    assert first == everything[:40]  # names and places too


@pytest.mark.parametrize("worker", [None, "arta", "besa", "nobody"])
def test_counts_match_the_list(caseload: Store, worker: str | None) -> None:
    for options in ({}, {"within_days": 90}, {"within_days": 0, "kinds": due.ROUTE_KINDS},
                    {"since": TODAY - dt.timedelta(days=30)}, {"kinds": [due.REFERRAL]}):
        items = due_items(caseload, worker=worker, today=TODAY, **options)
        counts = count_due(caseload, worker=worker, today=TODAY, **options)
        overdue = sum(1 for i in items if i.overdue)
        assert (counts.overdue, counts.soon) == (overdue, len(items) - overdue), options
        assert counts.total == len(items)


def test_all_workers_is_every_worker_together(caseload: Store) -> None:
    both = sum(count_due(caseload, worker=w, today=TODAY).total for w in WORKERS)
    assert count_due(caseload, today=TODAY).total == both > 0


def test_the_route_of_one_day_leaves_overdue_visits_out(caseload: Store) -> None:
    day = TODAY + dt.timedelta(days=3)
    everything = visit_route(caseload, day)
    on_the_day = visit_route(caseload, day, include_overdue=False)
    assert {i.due for s in on_the_day for i in s.items} == {day.isoformat()}
    assert sum(len(s.items) for s in everything) > sum(len(s.items) for s in on_the_day)
    short = visit_route(caseload, day, limit=10)
    assert sum(len(s.items) for s in short) == 10
    earliest = sorted(i.due for s in everything for i in s.items)[:10]
    assert sorted(i.due for s in short for i in s.items) == earliest


def test_today_reads_a_screenful_and_counts_the_rest(caseload: Store,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(today_data, "DUE_SHOWN", 25)
    monkeypatch.setattr(today_data, "ROUTE_SHOWN", 8)
    for worker in (None, "besa"):
        everything = due_items(caseload, worker=worker, today=TODAY,
                               within_days=today_data.SOON_DAYS)
        data = load_today(caseload, worker=worker, today=TODAY, day=TODAY,
                          include_overdue=True)
        assert [(r.case_id, r.due) for r in data.due] == [
            (i.case_id, i.due) for i in everything[:25]]
        overdue = sum(1 for i in everything if i.overdue)
        assert (data.overdue, data.soon) == (overdue, len(everything) - overdue)
        assert data.due_more == len(everything) - 25 > 0
        route = visit_route(caseload, TODAY, worker=worker)
        assert data.route_stops == 8
        assert data.route_total == sum(len(s.items) for s in route) > 8
        assert data.workers == WORKERS
    # one worker's view holds that worker's cases only
    besa = {c.id for c in caseload.query("case", worker="besa", limit=10_000)}
    data = load_today(caseload, worker="besa", today=TODAY, day=TODAY, include_overdue=True)
    assert {r.case_id for r in data.due} <= besa
    assert {r.case_id for v in data.route for r in v.stops} <= besa


def test_a_short_list_needs_no_count(caseload: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_count(*_args: object, **_options: object) -> None:
        raise AssertionError("counted a list that was not cut short")

    monkeypatch.setattr(today_data, "count_due", no_count)
    data = load_today(caseload, worker="arta", today=TODAY, day=TODAY)
    items = due_items(caseload, worker="arta", today=TODAY, within_days=today_data.SOON_DAYS)
    assert len(items) < today_data.DUE_SHOWN
    assert data.overdue + data.soon == len(data.due) == len(items)
    assert data.due_more == 0 and data.route_more == 0


@pytest.mark.parametrize("worker", [None, "besa"])
def test_a_capped_count_stops_there_and_says_so(caseload: Store, worker: str | None) -> None:
    exact = count_due(caseload, worker=worker, today=TODAY)
    assert exact.overdue > 12 and exact.soon > 0 and not exact.capped(exact.overdue)
    capped = count_due(caseload, worker=worker, today=TODAY, cap=12)
    assert (capped.overdue, capped.soon) == (12, min(exact.soon, 12))
    assert capped.capped(capped.overdue)
    assert capped.capped(capped.soon) == (exact.soon >= 12)
    roomy = count_due(caseload, worker=worker, today=TODAY, cap=exact.overdue + 1)
    assert roomy.overdue == exact.overdue and not roomy.capped(roomy.overdue)


def test_today_says_or_more_when_a_count_stopped(caseload: Store,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in (("DUE_SHOWN", 10), ("ROUTE_SHOWN", 10), ("COUNT_CAP", 20)):
        monkeypatch.setattr(today_data, name, value)
    exact = count_due(caseload, today=TODAY, within_days=today_data.SOON_DAYS)
    assert exact.overdue > 20
    data = load_today(caseload, worker=None, today=TODAY, day=TODAY, include_overdue=True)
    assert (data.overdue, data.overdue_or_more) == (20, True)
    assert (data.soon, data.soon_or_more) == (min(exact.soon, 20), exact.soon >= 20)
    assert data.route_or_more and data.route_total >= 20 and data.route_stops == 10
