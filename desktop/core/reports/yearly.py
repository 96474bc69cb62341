"""Tables with several periods side by side, and the wording a table takes from the profile.

A definition with ``years: 3`` counts each of the last three calendar years up to the end of
the report's period, each over its own year (cases managed in that year, referrals sent in
it ...); its columns are the years, or each year's columns one after the other. With
``columns: quarter`` (or ``half``) the columns are the quarters (halves) of the report's last
year. Row totals add up the periods, so a case managed in two of them counts in both.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from desktop.core.i18n import ptr
from desktop.core.reports.cache import records_cache
from desktop.core.reports.definitions import Definition
from desktop.core.reports.dimensions import DIMENSIONS, Dimension
from desktop.core.reports.facts import SOURCES, Scope
from desktop.core.reports.model import Table
from desktop.core.reports.periods import Period
from desktop.core.reports.settings import ReportSettings
from desktop.core.store import Store
from sync.profile import Profile

if TYPE_CHECKING:
    from desktop.core.reports.compute import ReportRequest

Counts = dict[tuple[str | None, str | None], int]
TERMS = ("municipality", "council", "administrative_unit", "publication_for")


def report_terms(profile: Profile, language: str) -> tuple[tuple[str, str], ...]:
    """The country's words for the municipality, its council and its units (Bashkia,
    Këshilli Bashkiak; Komuna, Kuvendi Komunal), in ``language``; none the profile lacks."""
    out = []
    for name in TERMS:
        word = profile.term(name, language)
        if word != name:
            out.append((name, word))
    return tuple(out)


def heading(profile: Profile, dim: str, language: str) -> str:
    """A row or column heading; administrative units are named as the profile names them."""
    if dim == "unit":
        word = profile.term("administrative_unit", language)
        if word != "administrative_unit":
            return word
    if dim == "year":
        return ptr("report", "Year", language)
    return DIMENSIONS[dim].heading(language)


def target_notes(definition: Definition, language: str) -> tuple[str, ...]:
    target = definition.target_in(language)
    return (ptr("report", "Plan target: {target}", language, target=target),) if target else ()


def yearly_table(store: Store, settings: ReportSettings, definition: Definition,
                 request: ReportRequest) -> Table:
    """``definition`` counted over each of its periods, side by side."""
    periods = definition.periods(request.period)
    as_of = (request.as_of or dt.date.today()).isoformat()
    by_period: dict[str, Counts] = {}
    profile = store.profile
    for period in periods:
        start, end = period.iso()
        with records_cache(store).facts(settings, Scope(start, end, request.unit, as_of)) as f:
            by_period[period.code()] = _counts(f, definition)
            profile = f.profile
    return _assemble(profile, definition, request.language, periods, by_period)


def _counts(facts, definition: Definition) -> Counts:  # noqa: ANN001 - Facts
    if not definition.by_year_only:
        return facts.counts(definition.source, [(definition.row_dim, definition.column_dim,
                                                 definition.filters)])[0]
    other = next(d for d in SOURCES[definition.source].dims if d != definition.row_dim)
    found = facts.counts(definition.source, [(definition.row_dim, other, definition.filters)])
    out: Counts = {}
    for (row, _), n in found[0].items():
        out[(row, None)] = out.get((row, None), 0) + n
    return out


def _assemble(profile: Profile, definition: Definition, language: str, periods: list[Period],
              by_period: dict[str, Counts]) -> Table:
    row_dim: Dimension = DIMENSIONS[definition.row_dim]
    rows = row_dim.order(profile, {r for counts in by_period.values() for r, _ in counts})
    names = {p.code(): str(p.start.year) if definition.years else p.label(language)
             for p in periods}
    if definition.by_year_only:
        columns: list[tuple[str, str | None]] = [(p.code(), None) for p in periods]
        labels = [names[p.code()] for p in periods]
    else:
        column_dim = DIMENSIONS[definition.column_dim]
        codes = column_dim.order(profile, {c for counts in by_period.values() for _, c in counts})
        columns = [(p.code(), c) for p in periods for c in codes]
        labels = [f"{names[p]} · {column_dim.label(profile, c, language)}" for p, c in columns]
    cells = [[by_period[p].get((r, c), 0) for p, c in columns] for r in rows]
    column_heading = ptr("report", "Year" if definition.years else "Period", language)
    if not definition.by_year_only:
        column_heading += " · " + heading(profile, definition.column_dim, language)
    return Table.from_counts(
        definition.title_in(language), [row_dim.label(profile, r, language) for r in rows],
        labels, cells, key=definition.key,
        row_heading=heading(profile, definition.row_dim, language),
        column_heading=column_heading, row_keys=tuple(rows),
        column_keys=tuple(f"{p}:{c or ''}" for p, c in columns), source="",
        filters=definition.filters, row_dim=definition.row_dim, column_dim="period",
        target=definition.target_in(language),
        notes=(*target_notes(definition, language),
               ptr("report", "Each period counts what was managed in it; the total adds the "
                   "periods up.", language)))
