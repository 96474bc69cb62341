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


def period_counts(facts, definitions: list[Definition], period: Period  # noqa: ANN001
                  ) -> dict[tuple[str, str], Counts]:
    """{(definition key, period code): counts} over ``period``, the period of ``facts``; one
    pass over each source for all the definitions."""
    code = period.code()
    by_source: dict[str, list[Definition]] = {}
    for definition in definitions:
        by_source.setdefault(definition.source, []).append(definition)
    out = {}
    for source, group in by_source.items():
        found = facts.counts(source, [(d.row_dim, _column(d), d.filters) for d in group])
        for definition, counts in zip(group, found, strict=True):
            out[(definition.key, code)] = _collapse(definition, counts)
    return out


def split_tables(store: Store, settings: ReportSettings, definitions: list[Definition],
                 request: ReportRequest, done: dict[tuple[str, str], Counts]
                 ) -> dict[str, Table]:
    """The definitions counted over each of their periods, side by side; ``done``: the
    counts already made (over the report's own period)."""
    counts = dict(done)
    as_of = (request.as_of or dt.date.today()).isoformat()
    periods = {p.code(): p for d in definitions for p in d.periods(request.period)}
    profile = store.profile
    for code, period in periods.items():
        wanted = [d for d in definitions if (d.key, code) not in counts
                  and code in {p.code() for p in d.periods(request.period)}]
        if not wanted:
            continue
        start, end = period.iso()
        with records_cache(store).facts(settings, Scope(start, end, request.unit, as_of)) as f:
            counts.update(period_counts(f, wanted, period))
            profile = f.profile
    out = {}
    for d in definitions:
        own = d.periods(request.period)
        out[d.key] = _assemble(profile, d, request.language, own,
                               {p.code(): counts[(d.key, p.code())] for p in own})
    return out


def _column(definition: Definition) -> str:
    """The column dimension counted (any other of the source when the columns are periods)."""
    if not definition.by_year_only:
        return definition.column_dim
    return next(d for d in SOURCES[definition.source].dims if d != definition.row_dim)


def _collapse(definition: Definition, counts: Counts) -> Counts:
    if not definition.by_year_only:
        return counts
    out: Counts = {}
    for (row, _), n in counts.items():
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
