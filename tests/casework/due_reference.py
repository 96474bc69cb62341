"""What is due computed from the records alone: the queries Today ran before schema step 10
kept what is due in its own table. The tests compare the kept table's answers with these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from desktop.core.casework.config import as_date
from desktop.core.casework.due import DueCounts, DueItem, _item
from desktop.core.store import Store

if TYPE_CHECKING:
    from sqlalchemy import Connection

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
_NO_PLAN = ("NOT EXISTS (SELECT 1 FROM records p INDEXED BY records_live_case_dates "
            "WHERE p.type = 'plan' "
            "AND p.case_id = {case} AND p.deleted = 0)")
# Only the latest visit of a case asks for a follow-up.
_LATEST_VISIT = ("NOT EXISTS (SELECT 1 FROM records v INDEXED BY records_live_case_dates "
                 "WHERE v.type = 'visit' AND "
                 "v.case_id = x.case_id AND v.deleted = 0 AND (v.main_date > x.main_date OR "
                 "(v.main_date = x.main_date AND v.id > x.id)))")


_OPEN_CASE = "c.type = 'case' AND c.status = 'open' AND c.deleted = 0"
_MINE_TEST = " AND c.worker = :worker"
_OPEN_CASE_OF = "type = 'case' AND status = 'open' AND deleted = 0"
_BY_WORKER = "INDEXED BY records_open_case_worker"   # the planner prefers a wider one
# A case manager holding at least this share of the open cases has their items read in due
# order across every case (a LIMIT stops after about limit / share items); one holding fewer
# has them read case by case (the cost follows their caseload, not the vault's).
DUE_ORDER_SHARE = 0.1


def _status_test(column: str, status: str | None) -> str:
    return f"{column} IS NULL" if status is None else f"{column} = '{status}'"


def _ranges(kind: str) -> list[str]:
    """The conditions on ``x`` of one kind; each is one range of the (type, status, due)
    index."""
    record_type, statuses = _STATUSES[kind]
    extra = {CASE_REVIEW: " AND " + _NO_PLAN.format(case="x.id"),
             FOLLOW_UP_VISIT: " AND " + _LATEST_VISIT}.get(kind, "")
    return [f"x.type = '{record_type}' AND {_status_test('x.status', s)} AND x.due <= :until "
            f"AND x.due >= :since AND x.deleted = 0{extra}" for s in statuses]


def _parts(kind: str) -> list[str]:
    """The index ranges of one kind, over every case (joined to open cases later)."""
    case_column = "id" if kind == CASE_REVIEW else "case_id"
    return [f"SELECT '{kind}' AS kind, x.id AS rid, x.{case_column} AS cid, x.due AS due, "
            f"x.subtype AS detail FROM records x WHERE {where}" for where in _ranges(kind)]


def _count_parts(kind: str, worker: bool = False) -> list[str]:
    """The due dates of one kind on open cases (of ``:worker`` if ``worker``), for counting:
    no names, no order. A case review is its own open case; anything else looks its case up
    by id."""
    if kind == CASE_REVIEW:
        mine = " AND x.worker = :worker" if worker else ""
        return [f"SELECT x.due AS due FROM records x WHERE {where}{mine}"
                for where in _ranges(kind)]
    # CROSS JOIN: walk the index range of x, never every open case.
    return [f"SELECT x.due AS due FROM records x CROSS JOIN records c ON c.id = x.case_id "
            f"AND {_OPEN_CASE}{_MINE_TEST if worker else ''} WHERE {where}"
            for where in _ranges(kind)]


_CASE_COLUMNS = ("title", "person_id", "admin_unit", "village", "household_id", "worker")
# The first :limit items in due-date order, with their case's columns; then the names of only
# those (reading a person's fields for every item due would cost more than all the rest).
_NAMED = ("SELECT t.kind, t.rid, t.cid, t.due, t.detail, t.title, t.person_id, t.admin_unit, "
          "t.village, t.household_id, t.worker, json_extract(p.fields, '$.first_name'), "
          "json_extract(p.fields, '$.last_name') FROM ({ordered}) AS t "
          "LEFT JOIN records p ON p.id = t.person_id ORDER BY t.due, t.kind, t.title, t.rid")
_ALL = _NAMED.format(ordered=(
    "SELECT d.kind AS kind, d.rid AS rid, d.cid AS cid, d.due AS due, d.detail AS detail, "
    + ", ".join(f"c.{column} AS {column}" for column in _CASE_COLUMNS)
    + f" FROM ({{parts}}) AS d JOIN records c ON c.id = d.cid AND {_OPEN_CASE}{{mine}} "
    "ORDER BY d.due, d.kind, c.title, d.rid LIMIT :limit"))


def _worker_part(kind: str) -> str:
    """One kind of due item on the worker's open cases (the cases drive the search), with the
    case's columns."""
    record_type, statuses = _STATUSES[kind]
    case = ", ".join(f"m.{column} AS {column}" for column in _CASE_COLUMNS)
    if kind == CASE_REVIEW:
        return ("SELECT 'case_review' AS kind, m.id AS rid, m.id AS cid, m.due AS due, "
                f"m.subtype AS detail, {case} FROM mine m WHERE m.due <= :until "
                "AND m.due >= :since AND " + _NO_PLAN.format(case="m.id"))
    tests = " OR ".join(_status_test("x.status", s) for s in statuses)
    extra = " AND " + _LATEST_VISIT if kind == FOLLOW_UP_VISIT else ""
    # The worker's cases lead, each to its records through the (type, case_id) index. Left to
    # itself SQLite may walk every record of the type for every case instead (it did so for a
    # count, through the (type, status, due) index or an index covering case_id).
    return (f"SELECT '{kind}' AS kind, x.id AS rid, m.id AS cid, x.due AS due, "
            f"x.subtype AS detail, {case} FROM mine m CROSS JOIN records x "
            f"INDEXED BY records_case WHERE "
            f"x.type = '{record_type}' AND x.case_id = m.id AND ({tests}) "
            f"AND +x.due <= :until AND +x.due >= :since AND x.deleted = 0{extra}")


_MINE_CASES = (
    "WITH mine AS MATERIALIZED (SELECT id, title, person_id, admin_unit, village, "
    "household_id, worker, due, subtype FROM records WHERE type = 'case' AND worker = :worker "
    "AND +status = 'open' AND deleted = 0) ")
_MINE = _MINE_CASES + _NAMED.format(
    ordered="SELECT * FROM ({parts}) ORDER BY due, kind, title, rid LIMIT :limit")
# How many items are due before today, and from today on: the same items as the lists above,
# read from the indexes and the cases alone (no names, no order), each counted up to :cap
# (-1: no cap) so that a count of thousands stops early.
_COUNT = ("SELECT (SELECT count(*) FROM (SELECT 1 FROM ({overdue}) LIMIT :cap)), "
          "(SELECT count(*) FROM (SELECT 1 FROM ({soon}) LIMIT :cap))")


def _sql(kinds: Sequence[str], worker: str | None, by_due: bool) -> str:
    if worker and not by_due:
        return _MINE.format(parts=" UNION ALL ".join(_worker_part(k) for k in kinds))
    return _ALL.format(parts=" UNION ALL ".join(p for k in kinds for p in _parts(k)),
                       mine=_MINE_TEST if worker else "")


def _count_sql(kinds: Sequence[str], worker: str | None, by_due: bool) -> str:
    if worker and not by_due:
        prefix, parts = _MINE_CASES, " UNION ALL ".join(_worker_part(k) for k in kinds)
    else:
        prefix, parts = "", " UNION ALL ".join(p for k in kinds
                                               for p in _count_parts(k, bool(worker)))
    # the overdue items end yesterday, the others start today
    return prefix + _COUNT.format(overdue=parts.replace(":until", ":overdue_until"),
                                  soon=parts.replace(":since", ":soon_since"))


def _by_due(conn: Connection, worker: str | None) -> bool:
    """Whether ``worker``'s items are read in due order over every case (a large share of
    the open cases) rather than case by case; two counts of a small index."""
    if not worker:
        return True
    mine, everyone = conn.exec_driver_sql(
        f"SELECT (SELECT count(*) FROM records {_BY_WORKER} WHERE {_OPEN_CASE_OF} AND "
        f"worker = ?), (SELECT count(*) FROM records {_BY_WORKER} WHERE {_OPEN_CASE_OF})",
        (worker,)).one()
    return mine > 0 and mine >= everyone * DUE_ORDER_SHARE


def _params(kinds: Sequence[str], worker: str | None, day: dt.date, within_days: int,
            since: dt.date | None) -> dict[str, str | int]:
    unknown = [k for k in kinds if k not in _STATUSES]
    if unknown:
        raise ValueError(f"unknown kind of due item {unknown[0]!r}")
    params = {"until": (day + dt.timedelta(days=within_days)).isoformat(),
              "since": since.isoformat() if since else ""}
    if worker:
        params["worker"] = worker
    return params


def reference_due_items(store: Store, *, worker: str | None = None, today: dt.date | None = None,
              within_days: int = 14, kinds: Sequence[str] = KINDS,
              since: dt.date | None = None, limit: int | None = None) -> list[DueItem]:
    """Everything due by ``today + within_days`` (and overdue), on open cases, by due date.

    ``worker`` limits it to that case manager's cases; ``since`` drops items due before it;
    ``limit`` keeps the first items only (the query stops there when it can).
    """
    day = as_date(today)
    params = _params(kinds, worker, day, within_days, since)
    with store.reading() as conn:
        rows = conn.exec_driver_sql(_sql(kinds, worker, _by_due(conn, worker)), {
            **params, "limit": -1 if limit is None else int(limit)}).fetchall()
    return [_item(row, day) for row in rows]


def reference_count_due(store: Store, *, worker: str | None = None, today: dt.date | None = None,
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
    with store.reading() as conn:
        overdue, soon = conn.exec_driver_sql(_count_sql(kinds, worker, _by_due(conn, worker)),
                                             params).one()
    return DueCounts(int(overdue), int(soon), cap)


