"""What the Today screen shows, read on the database thread (Qt-free).

The case workflows decide what is due and the day's visit route
(:mod:`desktop.core.casework.due`); this module turns their answers into rows for the
screen and marks the households a worker must be warned about before going.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from desktop.core.casework.due import (
    ROUTE_KINDS,
    DueCounts,
    DueItem,
    count_due,
    due_items,
    visit_route,
)
from desktop.core.i18n import tr
from desktop.core.store import Store
from sync.records import loads

SOON_DAYS = 14
# The screen lists the earliest-due items only and counts the rest: a head of unit's list over
# every case manager can hold tens of thousands of items. Counts stop at COUNT_CAP ("2.000+").
DUE_SHOWN = 300
ROUTE_SHOWN = 300
COUNT_CAP = 2_000
KIND_TEXT = {
    "plan_review": "Plan review",
    "case_review": "Assessment and plan",
    "report": "Monitoring report",
    "follow_up_visit": "Follow-up visit",
    "referral": "Referral without an answer",
}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def kind_text(kind: str, detail: str = "") -> str:
    """What a due item is, in the current language ("60-day report" for a protection
    order's monitoring report)."""
    if kind == "report" and detail.startswith("protection_order"):
        return tr("60-day report")
    return tr(KIND_TEXT.get(kind, kind.replace("_", " ").capitalize()))


def weekday_text(day: dt.date) -> str:
    return tr(WEEKDAYS[day.weekday()])


@dataclass(frozen=True)
class DueRow:
    kind: str            # plan_review, case_review, report, follow_up_visit, referral
    detail: str          # plan type, measure type, visit protocol or service
    case_id: str
    case_number: str
    person: str
    village: str
    due: str             # ISO date
    overdue: bool
    warning: bool = False


@dataclass(frozen=True)
class RouteVillage:
    unit: str
    village: str
    households: int
    warnings: int
    stops: list[DueRow]


@dataclass(frozen=True)
class TaskRow:
    """An open task given to the worker in a multidisciplinary meeting."""

    meeting_id: str
    index: int           # the task's place in the meeting's list
    description: str
    owner: str
    due: str | None      # ISO date
    overdue: bool
    case_id: str | None


@dataclass(frozen=True)
class TodayData:
    day: dt.date
    due: list[DueRow]        # the earliest-due items, at most DUE_SHOWN
    route: list[RouteVillage]  # the villages of the earliest-due stops, at most ROUTE_SHOWN
    overdue: int = 0         # how many items are overdue, shown or not
    soon: int = 0            # how many are due in the next SOON_DAYS days, shown or not
    route_total: int = 0     # how many stops the route has, shown or not
    workers: tuple[str, ...] = ()  # the case managers of the vault's cases, for the filter
    # the counts that stopped at COUNT_CAP: there are at least that many
    overdue_or_more: bool = False
    soon_or_more: bool = False
    route_or_more: bool = False
    tasks: list[TaskRow] = field(default_factory=list)  # open meeting tasks, earliest due first

    @property
    def route_stops(self) -> int:
        return sum(len(v.stops) for v in self.route)

    @property
    def due_more(self) -> int:
        """Items due that the list does not show (or more, when a count stopped at the cap)."""
        return self.overdue + self.soon - len(self.due)

    @property
    def route_more(self) -> int:
        return self.route_total - self.route_stops


def _row(item: DueItem, flagged: set[str]) -> DueRow:
    return DueRow(item.kind, item.detail or "", item.case_id, item.case_number,
                  item.person_name, item.village or "", item.due, item.overdue,
                  bool(item.household_id and item.household_id in flagged))


def case_workers(store: Store) -> tuple[str, ...]:
    """The case managers named on cases, in order: one index lookup per name."""
    names: list[str] = []
    with store.reading() as conn:
        while (name := conn.exec_driver_sql(
                "SELECT min(worker) FROM records WHERE type = 'case' AND worker > ?",
                (names[-1] if names else "",)).scalar()) is not None:
            names.append(name)
    return tuple(names)


def load_today(store: Store, *, worker: str | None, today: dt.date, day: dt.date,
               include_overdue: bool = False) -> TodayData:
    """What is due for ``worker`` (None: everyone) as of ``today``, and ``day``'s route.

    Only the earliest-due items are read; when a list is full, the rest is counted, up to
    COUNT_CAP.
    """
    items = due_items(store, worker=worker, today=today, within_days=SOON_DAYS,
                      limit=DUE_SHOWN)
    cap = max(COUNT_CAP, DUE_SHOWN, ROUTE_SHOWN)
    overdue = sum(1 for i in items if i.overdue)
    due = DueCounts(overdue, len(items) - overdue)
    if len(items) >= DUE_SHOWN:
        due = count_due(store, worker=worker, today=today, within_days=SOON_DAYS, cap=cap)
    stops = visit_route(store, day, worker=worker, include_overdue=include_overdue,
                        limit=ROUTE_SHOWN)
    route = DueCounts(0, sum(len(s.items) for s in stops))
    if route.total >= ROUTE_SHOWN:
        route = count_due(store, worker=worker, today=day, within_days=0, kinds=ROUTE_KINDS,
                          since=None if include_overdue else day, cap=cap)
    villages = [RouteVillage(s.administrative_unit or "", s.village or "", s.households,
                             s.warnings, [_row(i, s.warned) for i in s.items]) for s in stops]
    return TodayData(day, [_row(i, set()) for i in items], villages, due.overdue, due.soon,
                     route.total, case_workers(store), due.capped(due.overdue),
                     due.capped(due.soon), route.capped(route.overdue) or route.capped(route.soon),
                     meeting_tasks(store, worker, today))


# The first open tasks (of an owner), from the table triggers keep (schema step 10), in the
# order of :func:`desktop.core.casework.meetings.open_tasks`; then their meetings.
_TASKS = ("SELECT meeting_id, idx FROM open_tasks {mine}ORDER BY due, meeting_id, idx "
          "LIMIT :limit")


def meeting_tasks(store: Store, owner: str | None, today: dt.date) -> list[TaskRow]:
    """The open tasks of meetings given to ``owner`` (None: everyone's), earliest due first."""
    if "meeting" not in store.profile.record_types:
        return []
    sql = _TASKS.format(mine="INDEXED BY open_tasks_owner WHERE owner = :owner "
                        if owner is not None else "INDEXED BY open_tasks_due ")
    with store.reading() as conn:
        places = conn.exec_driver_sql(sql, {"owner": owner, "limit": DUE_SHOWN}).fetchall()
        ids = sorted({meeting_id for meeting_id, _ in places})
        fields = dict(conn.exec_driver_sql(
            f"SELECT id, fields FROM records WHERE id IN ({','.join('?' * len(ids))})",
            tuple(ids)).fetchall()) if ids else {}
    rows = []
    for meeting_id, index in places:
        task = loads(fields[meeting_id])["tasks"][int(index)]
        rows.append(TaskRow(meeting_id, int(index), str(task.get("description") or ""),
                            str(task.get("owner") or ""), task.get("due"),
                            bool(task.get("due")) and task["due"] < today.isoformat(),
                            task.get("case_id")))
    return rows
