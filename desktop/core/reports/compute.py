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
from desktop.core.reports.definitions import Definition, for_country, standard_definitions
from desktop.core.reports.dimensions import DIMENSIONS
from desktop.core.reports.facts import PERSON_SOURCES, SOURCES, Facts, Scope
from desktop.core.reports.model import Report, SideColumn, Table
from desktop.core.reports.periods import Period
from desktop.core.reports.settings import ReportSettings
from desktop.core.reports.suppression import publish
from desktop.core.reports.yearly import (
    heading,
    period_counts,
    report_terms,
    split_tables,
    target_notes,
)
from desktop.core.store import Store

TableSpec = Definition
TABLES: tuple[Definition, ...] = standard_definitions()
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
                 settings: ReportSettings | None = None,
                 definitions: tuple[Definition, ...] | None = None,
                 title: str | None = None) -> Report:
    """The report for ``request``: true counts, or the publishable version if ``public``.
    ``definitions``: the tables to compute (the social care services report when ``None``)."""
    settings = settings or ReportSettings.load()
    definitions = for_country(tuple(definitions or TABLES), store.profile.country)
    began = time.perf_counter()
    now = tuple(d for d in definitions if not d.split)
    split = [d for d in definitions if d.split]
    with records_cache(store).facts(settings, request.scope()) as facts:
        counts = _all_counts(facts, now)
        found = {d.key: _table(facts, d, request, counts[d.key]) for d in now}
        done = period_counts(facts, [d for d in split if request.period in
                                     d.periods(request.period)], request.period)
        persons = facts.persons()
        managed = (found["cases_managed_by_type"].totals.grand if "cases_managed_by_type" in found
                   else sum(facts.counts("cases", [("case_type", "case_status", ())])[0].values()))
        municipality = settings.municipality or facts.codes.municipality
        profile = facts.profile
    found.update(split_tables(store, settings, split, request, done))
    tables = tuple(found[d.key] for d in definitions)
    language = request.language
    report = Report(
        title=title or ptr("report", "Social care services report", language),
        period=request.period, language=language, tables=tables, unit=request.unit or None,
        municipality=municipality, generated_on=request.as_of or dt.date.today(),
        cases_managed=managed, persons=persons,
        terms=report_terms(profile, language))
    if request.public:
        report = publish(report, settings.small_cell_threshold)
    return report.with_(seconds=round(time.perf_counter() - began, 3))


# -- one table -----------------------------------------------------------------------------------

def _all_counts(facts: Facts, definitions: tuple[Definition, ...]
                ) -> dict[str, dict[tuple[str | None, str | None], int]]:
    """The counts of every table, one pass over each source."""
    out = {}
    for source in dict.fromkeys(d.source for d in definitions):
        specs = [d for d in definitions if d.source == source]
        found = facts.counts(source, [(s.row_dim, s.column_dim, s.filters) for s in specs])
        out.update({spec.key: counts for spec, counts in zip(specs, found, strict=True)})
    return out


def _table(facts: Facts, spec: Definition, request: ReportRequest,
           counts: dict[tuple[str | None, str | None], int]) -> Table:
    language = request.language
    rows = DIMENSIONS[spec.row_dim].order(facts.profile, {r for r, _ in counts},
                                          _always_rows(facts, spec, request))
    columns = DIMENSIONS[spec.column_dim].order(facts.profile, {c for _, c in counts})
    cells = [[counts.get((r, c), 0) for c in columns] for r in rows]
    row_dim, column_dim = DIMENSIONS[spec.row_dim], DIMENSIONS[spec.column_dim]
    table = Table.from_counts(
        spec.title_in(language),
        [row_dim.label(facts.profile, r, language) for r in rows],
        [column_dim.label(facts.profile, c, language) for c in columns], cells,
        key=spec.key, row_heading=heading(facts.profile, spec.row_dim, language),
        column_heading=heading(facts.profile, spec.column_dim, language), row_keys=tuple(rows),
        column_keys=tuple(columns), source=spec.source if _lists_cases(spec) else "",
        filters=spec.filters, row_dim=spec.row_dim, column_dim=spec.column_dim,
        notes=target_notes(spec, language), target=spec.target_in(language))
    if spec.counts_persons_per_group:
        overlap = ptr("report", "A person can belong to several groups: the groups can add up "
                      "to more than the number of persons.", language)
        table = table.with_(unique_total=_distinct_persons(facts, spec), unique_source="persons",
                            notes=(*table.notes, overlap))
    if spec.side == "visits":
        calendar = ptr("report", "Target: the unit's visits in the annual visit calendar, in "
                       "proportion to the days of the period.", language)
        table = table.with_(side=_visit_targets(facts, table, request),
                            notes=(*table.notes, calendar))
    elif spec.side == "satisfaction":
        table = table.with_(side=(_mean_scores(facts, spec, table, language),))
    return table


def _lists_cases(spec: Definition) -> bool:
    """Whether the cases behind the table's numbers can be listed (and a number is the same
    number in another table of its source and filters)."""
    return spec.single_codes and (bool(SOURCES[spec.source].case_id)
                                  or spec.source in PERSON_SOURCES)


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
