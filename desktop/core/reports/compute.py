"""Computing a report from the records in a vault.

Every table is a count of fact rows (see :mod:`desktop.core.reports.facts`) by two dimensions,
so its row and column totals are sums of its cells by construction; the fact tables are built
once per report from one snapshot of the records, so tables that share a total agree.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from desktop.core.i18n import ptr
from desktop.core.reports.cache import records_cache
from desktop.core.reports.dimensions import DIMENSIONS
from desktop.core.reports.facts import Facts, Scope
from desktop.core.reports.model import Report, SideColumn, Table
from desktop.core.reports.periods import Period
from desktop.core.reports.settings import ReportSettings
from desktop.core.reports.suppression import publish
from desktop.core.reports.texts import TABLE_TITLES
from desktop.core.store import Store


@dataclass(frozen=True)
class TableSpec:
    key: str
    source: str
    row_dim: str
    column_dim: str
    filters: tuple[tuple[str, str], ...] = ()
    side: str = ""  # "visits" (calendar target) or "satisfaction" (mean score)

    @property
    def counts_persons_per_group(self) -> bool:
        return self.source == "person_groups"


TABLES: tuple[TableSpec, ...] = (
    TableSpec("cases_identified_by_source", "cases", "source", "sex", (("opened_in", "1"),)),
    TableSpec("cases_identified_by_unit", "cases", "unit", "age_band", (("opened_in", "1"),)),
    TableSpec("cases_managed_by_type", "cases", "case_type", "case_status"),
    TableSpec("cases_managed_by_unit", "cases", "unit", "area"),
    TableSpec("persons_by_group_sex", "person_groups", "target_group", "sex"),
    TableSpec("persons_by_group_age", "person_groups", "target_group", "age_band"),
    TableSpec("persons_by_age_sex", "persons", "age_band", "sex"),
    TableSpec("persons_by_unit_sex", "persons", "unit", "sex"),
    TableSpec("persons_by_area_age", "persons", "area", "age_band"),
    TableSpec("persons_by_village_sex", "persons", "place", "sex"),
    TableSpec("plans_made", "plans", "plan_type", "origin"),
    TableSpec("plan_reviews", "plan_reviews", "plan_type", "review"),
    TableSpec("referrals_by_outcome", "referrals", "service", "referral_status"),
    TableSpec("prescribed_vs_delivered", "referrals", "service", "delivery",
              (("prescribed", "1"),)),
    TableSpec("referrals_not_possible", "referrals", "not_possible_reason", "category",
              (("referral_status", "not_possible"),)),
    TableSpec("visits_by_protocol", "visits", "unit", "protocol", side="visits"),
    TableSpec("measures_monitored", "measures", "measure_type", "measure_status"),
    TableSpec("measure_reports", "measure_reports", "reported_measure", "report_outcome"),
    TableSpec("satisfaction", "satisfaction", "unit", "score", side="satisfaction"),
)
SPECS = {spec.key: spec for spec in TABLES}


@dataclass(frozen=True)
class ReportRequest:
    """What to report on: a period, optionally one administrative unit, in which language."""

    period: Period
    unit: str | None = None
    language: str = "sq"
    public: bool = False
    as_of: dt.date | None = None

    def scope(self) -> Scope:
        start, end = self.period.iso()
        as_of = (self.as_of or dt.date.today()).isoformat()
        return Scope(start, end, self.unit or None, as_of)


def build_report(store: Store, request: ReportRequest,
                 settings: ReportSettings | None = None) -> Report:
    """The report for ``request``: true counts, or the publishable version if ``public``."""
    settings = settings or ReportSettings.load()
    began = time.perf_counter()
    with records_cache(store).facts(settings, request.scope()) as facts:
        counts = _all_counts(facts)
        tables = tuple(_table(facts, spec, request, counts[spec.key]) for spec in TABLES)
        persons = facts.persons()
        municipality = settings.municipality or facts.codes.municipality
    report = Report(
        title=ptr("report", "Social care services report", request.language), period=request.period,
        language=request.language, tables=tables, unit=request.unit or None,
        municipality=municipality, generated_on=request.as_of or dt.date.today(),
        cases_managed=_grand(tables, "cases_managed_by_type"), persons=persons)
    if request.public:
        report = publish(report, settings.small_cell_threshold)
    return report.with_(seconds=round(time.perf_counter() - began, 3))


def _grand(tables: tuple[Table, ...], key: str) -> int | None:
    return next(t.totals.grand for t in tables if t.key == key)


# -- one table -----------------------------------------------------------------------------------

def _all_counts(facts: Facts) -> dict[str, dict[tuple[str | None, str | None], int]]:
    """The counts of every table, one pass over each source."""
    out = {}
    for source in dict.fromkeys(spec.source for spec in TABLES):
        specs = [spec for spec in TABLES if spec.source == source]
        found = facts.counts(source, [(s.row_dim, s.column_dim, s.filters) for s in specs])
        out.update({spec.key: counts for spec, counts in zip(specs, found, strict=True)})
    return out


def _table(facts: Facts, spec: TableSpec, request: ReportRequest,
           counts: dict[tuple[str | None, str | None], int]) -> Table:
    language = request.language
    rows = DIMENSIONS[spec.row_dim].order(facts.profile, {r for r, _ in counts},
                                          _always_rows(facts, spec, request))
    columns = DIMENSIONS[spec.column_dim].order(facts.profile, {c for _, c in counts})
    cells = [[counts.get((r, c), 0) for c in columns] for r in rows]
    row_dim, column_dim = DIMENSIONS[spec.row_dim], DIMENSIONS[spec.column_dim]
    table = Table.from_counts(
        ptr("report", TABLE_TITLES[spec.key], language),
        [row_dim.label(facts.profile, r, language) for r in rows],
        [column_dim.label(facts.profile, c, language) for c in columns], cells,
        key=spec.key, row_heading=row_dim.heading(language),
        column_heading=column_dim.heading(language), row_keys=tuple(rows),
        column_keys=tuple(columns), source=spec.source, filters=spec.filters,
        row_dim=spec.row_dim, column_dim=spec.column_dim)
    if spec.counts_persons_per_group:
        table = table.with_(unique_total=_distinct_persons(facts, spec), unique_source="persons",
                            notes=(ptr("report", "A person can belong to several groups: "
                                       "the groups can add up to more than the number of "
                                       "persons.", language),))
    if spec.side == "visits":
        table = table.with_(side=_visit_targets(facts, table, request),
                            notes=(ptr("report", "Target: the unit's visits in the annual visit "
                                       "calendar, in proportion to the days of the period.",
                                       language),))
    elif spec.side == "satisfaction":
        table = table.with_(side=(_mean_scores(facts, spec, table, language),))
    return table


def _distinct_persons(facts: Facts, spec: TableSpec) -> int:
    return facts.persons()


def _always_rows(facts: Facts, spec: TableSpec, request: ReportRequest) -> set[str]:
    """Units of the visit calendar have a row even without visits."""
    if spec.side != "visits":
        return set()
    units = facts.settings.target_units(request.period)
    return {u for u in units if not request.unit or u == request.unit}


def _visit_targets(facts: Facts, table: Table, request: ReportRequest) -> tuple[SideColumn, ...]:
    language = request.language
    targets = [facts.settings.visit_target(u, request.period) if u else None
               for u in table.row_keys]
    percents = [None if not t else round(100 * (n or 0) / t)
                for t, n in zip(targets, table.totals.rows, strict=True)]
    known = [t for t in targets if t]
    total_target = round(sum(known), 1) if known else None
    done = sum(n or 0 for t, n in zip(targets, table.totals.rows, strict=True) if t)
    total_percent = round(100 * done / total_target) if total_target else None
    return (SideColumn("target", ptr("report", "Target", language), tuple(targets), total_target,
                       decimals=0, depends="none"),
            SideColumn("percent_of_target", ptr("report", "% of target", language),
                       tuple(float(p) if p is not None else None for p in percents),
                       float(total_percent) if total_percent is not None else None,
                       decimals=0, depends="total"))


def _mean_scores(facts: Facts, spec: TableSpec, table: Table, language: str) -> SideColumn:
    means, overall = facts.means(spec.source, spec.row_dim)
    values = tuple(round(means[k], 2) if means.get(k) is not None else None
                   for k in table.row_keys)
    return SideColumn("mean_score", ptr("report", "Mean", language), values,
                      round(overall, 2) if overall is not None else None, decimals=2)


def report_units(store: Store) -> list[str]:
    """The administrative units that have cases, alphabetically (for the unit filter)."""
    from desktop.core.reports.dimensions import sort_key

    with store.reading() as conn:
        rows = conn.exec_driver_sql("SELECT DISTINCT admin_unit FROM records WHERE type = 'case' "
                                    "AND deleted = 0 AND admin_unit IS NOT NULL").fetchall()
    return sorted((r[0] for r in rows), key=sort_key)
