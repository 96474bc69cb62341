"""What is due: plan and case reviews, monitoring reports on measures, follow-up visits and
referrals waiting for an answer — and the day's visit route, grouped by village.

The items are read from the table ``due_items`` that triggers keep up to date (schema step 10,
desktop/core/migrations_due.py), joined to the open case and its person, so they stay quick on
a vault with 100,000 cases. Every case manager's items together can number tens of thousands
there: screens read the first ones (``limit``) and count the rest (:func:`count_due`, with a
cap), which costs milliseconds where reading them all took seconds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import groupby

from desktop.core.casework.config import as_date
from desktop.core.casework.safety import households_with_warnings
from desktop.core.store import Store

PLAN_REVIEW = "plan_review"
CASE_REVIEW = "case_review"
REPORT = "report"
FOLLOW_UP_VISIT = "follow_up_visit"
REFERRAL = "referral"
KINDS = (PLAN_REVIEW, CASE_REVIEW, REPORT, FOLLOW_UP_VISIT, REFERRAL)
ROUTE_KINDS = (FOLLOW_UP_VISIT, REPORT, PLAN_REVIEW, CASE_REVIEW)


# What is due is kept in the table ``due_items`` (one row per item due on an open case, with the
# case's worker and number), brought up to date by triggers on every change to a case or its
# plans, measures, visits and referrals (desktop/core/migrations_due.py says which items are
# due). Its indexes are in (due, kind, case number, id) order, for everyone and by worker, so
# the first items and the capped counts are one short index range each.
_DUE = ("SELECT kind, rid, cid, due, detail FROM due_items INDEXED BY {index} "
        "WHERE {mine}due >= :since AND due <= :until AND {kinds}")
# The first :limit items, then their case's columns and their person's name (reading a
# person's fields for every item due would cost more than all the rest).
_NAMED = ("SELECT t.kind, t.rid, t.cid, t.due, t.detail, c.title, c.person_id, c.admin_unit, "
          "c.village, c.household_id, c.worker, json_extract(p.fields, '$.first_name'), "
          "json_extract(p.fields, '$.last_name') FROM ({due} ORDER BY due, kind, title, rid "
          "LIMIT :limit) AS t JOIN records c ON c.id = t.cid LEFT JOIN records p "
          "ON p.id = c.person_id ORDER BY t.due, t.kind, c.title, t.rid")
# How many items are due before today, and from today on, each counted up to :cap (-1: no
# cap) so that a count of thousands stops early.
_COUNT = ("SELECT (SELECT count(*) FROM (SELECT 1 FROM ({overdue}) LIMIT :cap)), "
          "(SELECT count(*) FROM (SELECT 1 FROM ({soon}) LIMIT :cap))")


@dataclass(frozen=True)
class DueItem:
    kind: str  # one of KINDS
    record_id: str  # the plan, case, measure, visit or referral that is due
    case_id: str
    case_number: str
    person_id: str
    person_name: str
    administrative_unit: str | None
    village: str | None
    household_id: str | None
    worker: str | None
    due: str  # ISO date
    overdue: bool
    detail: str | None = None  # plan type, measure type, visit protocol or service


def _due_sql(kinds: Sequence[str], worker: str | None) -> str:
    """The due items of ``kinds`` (of ``:worker``'s cases if ``worker``) from :since to
    :until, in (due, kind, case number, id) order."""
    tests = " OR ".join(f"kind = '{kind}'" for kind in kinds)
    return _DUE.format(index="due_items_worker" if worker else "due_items_due",
                       mine="worker = :worker AND " if worker else "", kinds=f"({tests})")


def _params(kinds: Sequence[str], worker: str | None, day: dt.date, within_days: int,
            since: dt.date | None) -> dict[str, str | int]:
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise ValueError(f"unknown kind of due item {unknown[0]!r}")
    params = {"until": (day + dt.timedelta(days=within_days)).isoformat(),
              "since": since.isoformat() if since else ""}
    if worker:
        params["worker"] = worker
    return params


def due_items(store: Store, *, worker: str | None = None, today: dt.date | None = None,
              within_days: int = 14, kinds: Sequence[str] = KINDS,
              since: dt.date | None = None, limit: int | None = None) -> list[DueItem]:
    """Everything due by ``today + within_days`` (and overdue), on open cases, by due date.

    ``worker`` limits it to that case manager's cases; ``since`` drops items due before it;
    ``limit`` keeps the first items only (the query stops there when it can).
    """
    day = as_date(today)
    params = _params(kinds, worker, day, within_days, since)
    with store.reading() as conn:
        rows = conn.exec_driver_sql(_NAMED.format(due=_due_sql(kinds, worker)), {
            **params, "limit": -1 if limit is None else int(limit)}).fetchall()
    return [_item(row, day) for row in rows]


@dataclass(frozen=True)
class DueCounts:
    """How many items :func:`due_items` would return, without reading them."""

    overdue: int  # due before today
    soon: int  # due from today to the end of the window
    cap: int | None = None  # each number was counted up to this: equal to it means "or more"

    @property
    def total(self) -> int:
        return self.overdue + self.soon

    def capped(self, number: int) -> bool:
        return self.cap is not None and number >= self.cap


def count_due(store: Store, *, worker: str | None = None, today: dt.date | None = None,
              within_days: int = 14, kinds: Sequence[str] = KINDS,
              since: dt.date | None = None, cap: int | None = None) -> DueCounts:
    """How many items are due (and how many of them overdue), counted like :func:`due_items`
    with the same arguments. ``cap`` stops each of the two counts there: a head of unit's
    tens of thousands cost a second to count exactly on a 100,000-case vault."""
    day = as_date(today)
    params = _params(kinds, worker, day, within_days, since)
    params |= {"overdue_until": min(params["until"],
                                    (day - dt.timedelta(days=1)).isoformat()),
               "soon_since": max(params["since"], day.isoformat()),
               "cap": -1 if cap is None else max(int(cap), 0)}
    due = _due_sql(kinds, worker)
    sql = _COUNT.format(overdue=due.replace(":until", ":overdue_until"),  # ends yesterday
                        soon=due.replace(":since", ":soon_since"))     # starts today
    with store.reading() as conn:
        overdue, soon = conn.exec_driver_sql(sql, params).one()
    return DueCounts(int(overdue), int(soon), cap)


def _item(row: Sequence, day: dt.date) -> DueItem:
    (kind, rid, cid, due, detail, number, person_id, unit, village, household_id, worker,
     first, last) = row
    name = " ".join(p for p in (first, last) if p)
    return DueItem(kind, rid, cid, number or "", person_id or "", name, unit, village,
                   household_id, worker, due, due < day.isoformat(), detail)


@dataclass
class RouteStop:
    """One village of the day's route and what is due there."""

    administrative_unit: str | None
    village: str | None
    items: list[DueItem] = field(default_factory=list)
    households: int = 0
    warnings: int = 0  # households with the abuser present or an active protection order
    warned: set[str] = field(default_factory=set)  # those households' ids


def visit_route(store: Store, day: dt.date | str, *, worker: str | None = None,
                include_overdue: bool = True, limit: int | None = None) -> list[RouteStop]:
    """The visits due on ``day`` (and overdue ones), grouped by administrative unit and
    village, with how many households carry a safety warning.

    ``limit`` keeps the earliest-due items only (see :func:`count_due` for how many in all).
    """
    when = as_date(day)
    items = due_items(store, worker=worker, today=when, within_days=0, kinds=ROUTE_KINDS,
                      since=None if include_overdue else when, limit=limit)
    flagged = households_with_warnings(store, (i.household_id for i in items), today=when)

    def place(item: DueItem) -> tuple[str, str]:
        return (item.administrative_unit or "", item.village or "")

    stops = []
    for (unit, village), group in groupby(sorted(items, key=place), key=place):
        stop_items = sorted(group, key=lambda i: (i.case_number, i.kind))
        households = {i.household_id or i.case_id for i in stop_items}
        warned = households & flagged
        stops.append(RouteStop(unit or None, village or None, stop_items, len(households),
                               len(warned), warned))
    return stops
