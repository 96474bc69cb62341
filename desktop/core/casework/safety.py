"""Warnings a worker must see before visiting a household.

Domestic violence victims often still live with the abuser. Any case whose household has the
abuser present, or in which someone is protected by an active protection order, carries a
warning; so does a household where staff safety was at risk at the last visit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from desktop.core.casework.cases import require_case
from desktop.core.casework.config import as_date
from desktop.core.i18n import tr
from desktop.core.store import Store
from sync.records import loads


def protection_order_types(store: Store) -> list[str]:
    """The measure types that are protection orders (from the profile)."""
    return [item["measure_type"] for item in store.profile.items("protection_order_types")]


def safety_warnings(store: Store, case_id: str, *, today: dt.date | None = None) -> list[str]:
    """Sentences (in the user's language) to show before visiting this case's household."""
    day = as_date(today).isoformat()
    case = require_case(store, case_id)
    household_id = case.fields.get("household_id")
    warnings: list[str] = []
    if household_id:
        household = store.get(household_id)
        if household and household.fields.get("abuser_present"):
            warnings.append(tr("The abuser lives in this household. Do not visit alone: plan "
                               "the visit with the case manager or the police."))
    until = _active_order_end(store, case.fields.get("person_id"), household_id, day)
    if until is not None:
        warnings.append(tr("A member of this household is protected by an active protection "
                           "order (until {date}).", date=_shown(until))
                        if until else tr("A member of this household is protected by an "
                                         "active protection order."))
    if household_id and _abuser_household_orders(store, [household_id], day):
        warnings.append(tr("An active protection order names this household as the abuser's. "
                           "Do not visit alone: plan the visit with the police."))
    unsafe_on = _last_unsafe_visit(store, case.fields.get("person_id"), household_id)
    if unsafe_on:
        warnings.append(tr("Staff safety was at risk at the visit of {date}.",
                           date=_shown(unsafe_on)))
    return warnings


def _shown(iso_date: str) -> str:
    return dt.date.fromisoformat(iso_date).strftime("%d.%m.%Y")


def _order_sql(store: Store, where: str) -> tuple[str, list[Any]]:
    """Active protection orders on the cases ``where`` selects (the cases lead the search,
    through the household and person indexes; "+" keeps SQLite off the status index);
    ``where`` says the records are cases."""
    types = protection_order_types(store)
    marks = ",".join("?" for _ in types) or "NULL"
    sql = ("SELECT m.fields, c.household_id, c.person_id FROM records c CROSS JOIN records m "
           f"WHERE ({where}) AND c.deleted = 0 AND m.type = 'measure' "
           f"AND m.case_id = c.id AND m.deleted = 0 AND +m.status = 'active' "
           f"AND +m.subtype IN ({marks})")
    return sql, list(types)


def _active_order_end(store: Store, person_id: str | None, household_id: str | None,
                      day: str) -> str | None:
    """None: no active order; "" an open-ended one; else the latest end date."""
    # the household's and the person's cases by their indexes, then each by its id (an OR of
    # the two, or "c.type = 'case'" beside the ids, is read without ANALYZE statistics by
    # walking every case)
    sql, params = _order_sql(store, "c.id IN (SELECT id FROM records WHERE type = 'case' AND "
                                    "household_id = ? UNION ALL SELECT id FROM records WHERE "
                                    "type = 'case' AND person_id = ?)")
    with store.reading() as conn:
        rows = conn.exec_driver_sql(sql, (household_id or "", person_id or "", *params))
        ends = [loads(r[0]).get("end_date") or "" for r in rows]
    live = [e for e in ends if not e or e >= day]
    if not live:
        return None
    return "" if "" in live else max(live)


def _abuser_household_orders(store: Store, household_ids: list[str], day: str) -> set[str]:
    """Which of these households an active protection order names as the abuser's."""
    types = protection_order_types(store)
    if not household_ids or not types:
        return set()
    found: set[str] = set()
    with store.reading() as conn:
        for start in range(0, len(household_ids), 500):
            chunk = household_ids[start:start + 500]
            # by the household named (an index of schema step 10), not every active measure
            sql = ("SELECT json_extract(fields, '$.abuser_household_id'), "
                   "json_extract(fields, '$.end_date') FROM records "
                   "INDEXED BY records_abuser_household WHERE type = 'measure' "
                   "AND +status = 'active' AND deleted = 0 "
                   f"AND subtype IN ({','.join('?' for _ in types)}) "
                   "AND json_extract(fields, '$.abuser_household_id') IN "
                   f"({','.join('?' for _ in chunk)})")
            found |= {h for h, end in conn.exec_driver_sql(sql, (*types, *chunk))
                      if not end or end >= day}
    return found


# The visits of the households asked about, through the household index: left to itself
# SQLite may walk every visit in date order (the live-date index) to find a household's last.
_VISITS_OF = ("SELECT household_id, main_date, id, "
              "json_extract(fields, '$.answers.answers.staff_safety_concern') "
              "FROM records INDEXED BY records_household WHERE type = 'visit' "
              "AND household_id IN ({marks}) AND deleted = 0")


def _last_unsafe_visit(store: Store, person_id: str | None, household_id: str | None
                       ) -> str | None:
    if not household_id:
        return None
    return _unsafe_last_visits(store, [household_id]).get(household_id)


def _unsafe_last_visits(store: Store, household_ids: list[str]) -> dict[str, str]:
    """The households among these whose last visit found staff safety at risk, with the
    date of that visit."""
    last: dict[str, tuple[str, str, str | None]] = {}
    with store.reading() as conn:
        for start in range(0, len(household_ids), 500):
            chunk = household_ids[start:start + 500]
            sql = _VISITS_OF.format(marks=",".join("?" for _ in chunk))
            for household_id, day, visit_id, concern in conn.exec_driver_sql(sql, tuple(chunk)):
                seen = last.get(household_id)
                if seen is None or (day or "", visit_id) > (seen[0], seen[1]):
                    last[household_id] = (day or "", visit_id, concern)
    return {h: day for h, (day, _id, concern) in last.items() if concern == "yes" and day}


def households_with_warnings(store: Store, household_ids: Iterable[str], *,
                             today: dt.date | None = None) -> set[str]:
    """Which of these households have the abuser present, an active protection order, or
    staff safety at risk at their last visit (as the case view warns)."""
    ids = sorted({h for h in household_ids if h})
    day = as_date(today).isoformat()
    flagged: set[str] = set()
    with store.reading() as conn:
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" for _ in chunk)
            flagged |= {r[0] for r in conn.exec_driver_sql(
                f"SELECT id FROM records WHERE +type = 'household' AND deleted = 0 "
                f"AND id IN ({marks}) AND json_extract(fields, '$.abuser_present') = 1",
                tuple(chunk))}
            sql, params = _order_sql(store, f"c.type = 'case' AND c.household_id IN ({marks})")
            for fields, household_id, _ in conn.exec_driver_sql(sql, (*chunk, *params)):
                end = loads(fields).get("end_date")
                if not end or end >= day:
                    flagged.add(household_id)
    flagged |= _abuser_household_orders(store, ids, day)
    flagged |= set(_unsafe_last_visits(store, [h for h in ids if h not in flagged]))
    return flagged
