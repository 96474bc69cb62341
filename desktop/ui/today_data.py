"""What the Today screen shows, read on the database thread (Qt-free).

The case workflows decide what is due and the day's visit route
(:mod:`desktop.core.casework.due`); this module turns their answers into rows for the
screen and marks the households a worker must be warned about before going.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.core.casework.due import DueItem, due_items, visit_route
from desktop.core.casework.safety import households_with_warnings
from desktop.core.store import Store

SOON_DAYS = 14
DUE_LIMIT = 1_000


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
class TodayData:
    day: dt.date
    due: list[DueRow]
    route: list[RouteVillage]
    due_truncated: bool = False

    @property
    def route_stops(self) -> int:
        return sum(len(v.stops) for v in self.route)


def _row(item: DueItem, flagged: set[str]) -> DueRow:
    return DueRow(item.kind, item.detail or "", item.case_id, item.case_number,
                  item.person_name, item.village or "", item.due, item.overdue,
                  bool(item.household_id and item.household_id in flagged))


def load_today(store: Store, *, worker: str | None, today: dt.date, day: dt.date,
               include_overdue: bool = False) -> TodayData:
    """What is due for ``worker`` (None: everyone) as of ``today``, and ``day``'s route."""
    items = due_items(store, worker=worker, today=today, within_days=SOON_DAYS,
                      limit=DUE_LIMIT + 1)
    truncated = len(items) > DUE_LIMIT
    items = items[:DUE_LIMIT]
    stops = visit_route(store, day, worker=worker, include_overdue=include_overdue)
    households = {i.household_id for s in stops for i in s.items if i.household_id}
    flagged = set(households_with_warnings(store, households, today=day)) if households \
        else set()
    route = [RouteVillage(s.administrative_unit or "", s.village or "", s.households,
                          s.warnings, [_row(i, flagged) for i in s.items]) for s in stops]
    return TodayData(day, [_row(i, set()) for i in items], route, truncated)
