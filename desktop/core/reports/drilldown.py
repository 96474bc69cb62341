"""From a number in a table to the cases behind it (never for a published report).

The cases are selected from the same fact rows the number counts. Cases of sensitive kinds are
listed only for the roles the profile names in ``visible_to``; the others are only counted.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.reports.cache import records_cache
from desktop.core.reports.compute import ReportRequest
from desktop.core.reports.facts import Facts
from desktop.core.reports.model import Table
from desktop.core.reports.settings import ReportSettings
from desktop.core.store import Store
from sync.profile import Profile


class DrillDownRefused(Exception):
    """The cases behind a published number are not shown."""


@dataclass(frozen=True)
class CaseRow:
    case_id: str
    case_number: str
    beneficiary: str
    case_type: str
    status: str
    unit: str
    village: str
    opened_on: str


@dataclass(frozen=True)
class DrillDown:
    cases: tuple[CaseRow, ...]
    withheld: int = 0  # cases of sensitive kinds the role may not see


def cases_behind(store: Store, request: ReportRequest, table: Table, row: int | None = None,
                 column: int | None = None, *, role: str | None = None,
                 settings: ReportSettings | None = None) -> DrillDown:
    """The cases counted at (``row``, ``column``) of ``table``; ``None`` or the totals' index
    means the whole row or column."""
    if request.public or table.hidden or not table.source:
        raise DrillDownRefused()
    conditions = _conditions(table, row, column)
    with records_cache(store).facts(settings or ReportSettings.load(),
                                    request.scope()) as facts:
        rows = facts.query(*_listing_sql(facts, table.source, conditions))
    visible = [CaseRow(*(str(v or "") for v in r[:8])) for r in rows
               if may_see(store.profile, r[3], role)]
    store.audit("view_report_cases", None, {"table": table.key, "period":
                                             request.period.code(), "cases": len(visible)})
    return DrillDown(tuple(visible), withheld=len(rows) - len(visible))


def may_see(profile: Profile, case_type: str | None, role: str | None) -> bool:
    item = profile.item("case_types", case_type) if case_type else None
    if not item or not item.get("sensitive"):
        return True
    return role is not None and role in (item.get("visible_to") or [])


def _conditions(table: Table, row: int | None, column: int | None
                ) -> list[tuple[str, str | None]]:
    n_rows, n_cols = table.shape
    conditions: list[tuple[str, str | None]] = list(table.filters)
    if row is not None and row < n_rows:
        conditions.append((table.row_dim, table.row_keys[row]))
    if column is not None and column < n_cols:
        conditions.append((table.column_dim, table.column_keys[column]))
    return conditions


def _listing_sql(facts: Facts, source: str, conditions: list[tuple[str, str | None]]
                 ) -> tuple[str, dict[str, object]]:
    counted, params = facts.case_ids_sql(source, conditions)
    return f"""
        SELECT c.id, c.title,
            trim(COALESCE(json_extract(p.fields, '$.first_name'), '') || ' ' ||
                 COALESCE(json_extract(p.fields, '$.last_name'), '')),
            c.subtype, c.status, c.admin_unit, c.village, c.main_date
        FROM records c
        LEFT JOIN records p ON p.type = 'person' AND p.person_id = c.person_id
        WHERE c.type = 'case' AND c.id IN ({counted})
        ORDER BY c.title, c.id""", params
