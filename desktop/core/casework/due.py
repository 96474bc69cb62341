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


def _part(kind: str, case_column: str, where: str) -> str:
    """The (kind, record id, case id, due date, detail) of one kind of due item."""
    return (f"SELECT '{kind}' AS kind, x.id AS rid, x.{case_column} AS cid, x.due AS due, "
            f"x.kind AS detail FROM records x WHERE x.deleted = 0 AND x.due <= :until "
            f"AND {where}")


_PARTS = {
    PLAN_REVIEW: _part(PLAN_REVIEW, "case_id",
                       "x.type = 'plan' AND x.status IN ('draft', 'active')"),
    # A case with no plan yet: its first review (assessment and plan) is due.
    CASE_REVIEW: _part(CASE_REVIEW, "id",
                       "x.type = 'case' AND x.status = 'open' AND NOT EXISTS (SELECT 1 FROM "
                       "records p WHERE p.type = 'plan' AND p.case_id = x.id "
                       "AND p.deleted = 0)"),
    REPORT: _part(REPORT, "case_id", "x.type = 'measure' AND x.status = 'active'"),
    # Only the latest visit of a case asks for a follow-up.
    FOLLOW_UP_VISIT: _part(FOLLOW_UP_VISIT, "case_id",
                           "x.type = 'visit' AND x.status IS NULL AND NOT EXISTS (SELECT 1 "
                           "FROM records v WHERE v.type = 'visit' AND v.case_id = x.case_id "
                           "AND v.deleted = 0 AND (v.date1 > x.date1 OR "
                           "(v.date1 = x.date1 AND v.id > x.id)))"),
    REFERRAL: _part(REFERRAL, "case_id",
                    "x.type = 'referral' AND x.status IN ('sent', 'accepted')"),
}
_OUTER = (
    "SELECT d.kind, d.rid, d.cid, d.due, d.detail, c.label, c.person_id, c.admin_unit, "
    "c.village, c.household_id, c.worker, json_extract(p.fields, '$.first_name'), "
    "json_extract(p.fields, '$.last_name') FROM ({parts}) AS d "
    "JOIN records c ON c.id = d.cid AND c.type = 'case' AND c.status = 'open' "
    "AND c.deleted = 0 {worker} "
    "LEFT JOIN records p ON p.id = c.person_id "
    "WHERE d.due >= :since "
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
    parts = " UNION ALL ".join(_PARTS[k] for k in kinds)
    return _OUTER.format(parts=parts, worker="AND c.worker = :worker" if worker else "")


def due_items(store: Store, *, worker: str | None = None, today: dt.date | None = None,
              within_days: int = 14, kinds: Sequence[str] = KINDS,
              since: dt.date | None = None, limit: int | None = None) -> list[DueItem]:
    """Everything due by ``today + within_days`` (and overdue), on open cases, by due date.

    ``worker`` limits it to that case manager's cases; ``since`` drops items due before it.
    """
    unknown = [k for k in kinds if k not in _PARTS]
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
