"""What is due: plan and case reviews, monitoring reports on measures, follow-up visits and
referrals waiting for an answer — and the day's visit route, grouped by village.

Everything is one SQL query over the indexed projection columns (type, status, due), joined
to the open case and its person, so it stays quick on a vault with 100,000 cases.
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


# Each part selects (kind, record id, case id, due date, detail) of one kind of due item.
# Every part is one range of the (type, status, due) index, so the parts come out in due-date
# order and merge without sorting: a LIMIT stops early.
_STATUSES = {PLAN_REVIEW: ("plan", ("draft", "active")), CASE_REVIEW: ("case", ("open",)),
             REPORT: ("measure", ("active",)), FOLLOW_UP_VISIT: ("visit", (None,)),
             REFERRAL: ("referral", ("sent", "accepted"))}
# A case with no plan yet: its first review (assessment and plan) is due.
_NO_PLAN = ("NOT EXISTS (SELECT 1 FROM records p WHERE p.type = 'plan' AND p.case_id = {case} "
            "AND p.deleted = 0)")
# Only the latest visit of a case asks for a follow-up.
_LATEST_VISIT = ("NOT EXISTS (SELECT 1 FROM records v WHERE v.type = 'visit' AND "
                 "v.case_id = x.case_id AND v.deleted = 0 AND (v.date1 > x.date1 OR "
                 "(v.date1 = x.date1 AND v.id > x.id)))")


def _status_test(column: str, status: str | None) -> str:
    return f"{column} IS NULL" if status is None else f"{column} = '{status}'"


def _parts(kind: str) -> list[str]:
    """The index ranges of one kind, over every case (joined to open cases later)."""
    record_type, statuses = _STATUSES[kind]
    case_column = "id" if kind == CASE_REVIEW else "case_id"
    extra = {CASE_REVIEW: " AND " + _NO_PLAN.format(case="x.id"),
             FOLLOW_UP_VISIT: " AND " + _LATEST_VISIT}.get(kind, "")
    return [f"SELECT '{kind}' AS kind, x.id AS rid, x.{case_column} AS cid, x.due AS due, "
            f"x.kind AS detail FROM records x WHERE x.type = '{record_type}' "
            f"AND {_status_test('x.status', s)} AND x.due <= :until AND x.due >= :since "
            f"AND x.deleted = 0{extra}" for s in statuses]


_ALL = (
    "SELECT d.kind, d.rid, d.cid, d.due, d.detail, c.label, c.person_id, c.admin_unit, "
    "c.village, c.household_id, c.worker, json_extract(p.fields, '$.first_name'), "
    "json_extract(p.fields, '$.last_name') FROM ({parts}) AS d "
    "JOIN records c ON c.id = d.cid AND c.type = 'case' AND c.status = 'open' "
    "AND c.deleted = 0 LEFT JOIN records p ON p.id = c.person_id "
    "ORDER BY d.due, d.kind, c.label, d.rid"
)


def _worker_part(kind: str) -> str:
    """One kind of due item on the worker's open cases (the cases drive the search)."""
    record_type, statuses = _STATUSES[kind]
    if kind == CASE_REVIEW:
        return ("SELECT 'case_review' AS kind, m.id AS rid, m.id AS cid, m.due AS due, "
                "m.kind AS detail FROM mine m WHERE m.due <= :until AND m.due >= :since AND "
                + _NO_PLAN.format(case="m.id"))
    tests = " OR ".join(_status_test("x.status", s) for s in statuses)
    extra = " AND " + _LATEST_VISIT if kind == FOLLOW_UP_VISIT else ""
    # "+" keeps SQLite on the (type, case_id) index for x, led by the worker's cases.
    return (f"SELECT '{kind}' AS kind, x.id AS rid, m.id AS cid, x.due AS due, "
            f"x.kind AS detail FROM mine m CROSS JOIN records x WHERE "
            f"x.type = '{record_type}' AND x.case_id = m.id AND ({tests}) "
            f"AND +x.due <= :until AND +x.due >= :since AND x.deleted = 0{extra}")


_MINE = (
    "WITH mine AS MATERIALIZED (SELECT id, label, person_id, admin_unit, village, "
    "household_id, worker, due, kind FROM records WHERE type = 'case' AND worker = :worker "
    "AND +status = 'open' AND deleted = 0) "
    "SELECT d.kind, d.rid, d.cid, d.due, d.detail, c.label, c.person_id, c.admin_unit, "
    "c.village, c.household_id, c.worker, json_extract(p.fields, '$.first_name'), "
    "json_extract(p.fields, '$.last_name') FROM ({parts}) AS d "
    "JOIN mine c ON c.id = d.cid LEFT JOIN records p ON p.id = c.person_id "
    "ORDER BY d.due, d.kind, c.label, d.rid"
)


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


def _sql(kinds: Sequence[str], worker: str | None) -> str:
    if worker:
        return _MINE.format(parts=" UNION ALL ".join(_worker_part(k) for k in kinds))
    return _ALL.format(parts=" UNION ALL ".join(p for k in kinds for p in _parts(k)))


def due_items(store: Store, *, worker: str | None = None, today: dt.date | None = None,
              within_days: int = 14, kinds: Sequence[str] = KINDS,
              since: dt.date | None = None, limit: int | None = None) -> list[DueItem]:
    """Everything due by ``today + within_days`` (and overdue), on open cases, by due date.

    ``worker`` limits it to that case manager's cases; ``since`` drops items due before it.
    """
    unknown = [k for k in kinds if k not in _STATUSES]
    if unknown:
        raise ValueError(f"unknown kind of due item {unknown[0]!r}")
    day = as_date(today)
    params = {"until": (day + dt.timedelta(days=within_days)).isoformat(),
              "since": since.isoformat() if since else ""}
    if worker:
        params["worker"] = worker
    sql = _sql(kinds, worker)
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    with store.reading() as conn:
        rows = conn.exec_driver_sql(sql, params).fetchall()
    return [_item(row, day) for row in rows]


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


def visit_route(store: Store, day: dt.date | str, *, worker: str | None = None,
                include_overdue: bool = True) -> list[RouteStop]:
    """The visits due on ``day`` (and overdue ones), grouped by administrative unit and
    village, with how many households carry a safety warning."""
    when = as_date(day)
    items = due_items(store, worker=worker, today=when, within_days=0, kinds=ROUTE_KINDS)
    if not include_overdue:
        items = [i for i in items if i.due == when.isoformat()]
    flagged = households_with_warnings(store, (i.household_id for i in items), today=when)

    def place(item: DueItem) -> tuple[str, str]:
        return (item.administrative_unit or "", item.village or "")

    stops = []
    for (unit, village), group in groupby(sorted(items, key=place), key=place):
        stop_items = sorted(group, key=lambda i: (i.case_number, i.kind))
        households = {i.household_id or i.case_id for i in stop_items}
        stops.append(RouteStop(unit or None, village or None, stop_items, len(households),
                               len(households & flagged)))
    return stops
