"""A report is a list of tables of counts; every table carries its row and column totals.

Positions in a table's *extended grid* include the totals: row ``len(row_labels)`` is the row
of column totals, column ``len(column_labels)`` the column of row totals, and their crossing
is the grand total. In a published table (:func:`desktop.core.reports.suppression.publish`)
hidden numbers are ``None`` and their positions are listed in ``hidden``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from desktop.core.i18n import fmt_number, ptr
from desktop.core.reports.periods import Period

Count = int | None
Position = tuple[int, int]
SMALL = "<5"
COMPLEMENT = "x"


@dataclass(frozen=True)
class Totals:
    rows: tuple[Count, ...]
    columns: tuple[Count, ...]
    grand: Count


@dataclass(frozen=True)
class SideColumn:
    """A figure beside the counts that is not added up (a target, a percentage, a mean)."""

    key: str
    label: str
    values: tuple[float | None, ...]
    total: float | None = None
    decimals: int = 0
    depends: str = "row"  # published only when the row's counts ("row") or total ("total") are
    hidden: frozenset[int] = frozenset()  # rows hidden in a published table (the total: -1)

    def text(self, value: float | None, row: int | None = None,
             language: str | None = None) -> str:
        """``value`` as printed; ``x`` where publication hid it, blank where there is none."""
        if row is not None and row in self.hidden:
            return COMPLEMENT
        return "" if value is None else fmt_number(value, language, self.decimals)

    def value_at(self, row: int) -> float | None:
        """The figure of row ``row``; ``len(values)`` (or -1) is the total."""
        return self.total if row in (-1, len(self.values)) else self.values[row]


@dataclass(frozen=True)
class Table:
    title: str
    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    cells: tuple[tuple[Count, ...], ...]
    totals: Totals
    key: str = ""
    row_heading: str = ""
    column_heading: str = ""
    row_keys: tuple[str | None, ...] = ()
    column_keys: tuple[str | None, ...] = ()
    source: str = ""                       # the facts behind the table (for drill-down)
    filters: tuple[tuple[str, str], ...] = ()
    row_dim: str = ""
    column_dim: str = ""
    unique_total: Count = None             # persons counted once, when rows overlap
    unique_source: str = ""
    side: tuple[SideColumn, ...] = ()
    hidden: frozenset[Position] = frozenset()
    small: frozenset[Position] = frozenset()  # hidden because the count is 1-4
    unique_hidden: bool = False
    notes: tuple[str, ...] = ()
    target: str = ""  # the plan's target for this indicator, as the plan words it

    @classmethod
    def from_counts(cls, title: str, row_labels: list[str], column_labels: list[str],
                    cells: list[list[int]], **extra: object) -> Table:
        """A table whose totals are the sums of ``cells``."""
        rows = tuple(sum(r) for r in cells)
        columns = tuple(sum(r[c] for r in cells) for c in range(len(column_labels)))
        totals = Totals(rows, columns, sum(rows))
        return cls(title, tuple(row_labels), tuple(column_labels),
                   tuple(tuple(r) for r in cells), totals, **extra)  # type: ignore[arg-type]

    # -- the extended grid ----------------------------------------------------------------------
    @property
    def shape(self) -> tuple[int, int]:
        return len(self.row_labels), len(self.column_labels)

    def value(self, row: int, column: int) -> Count:
        """The number at a position of the extended grid (totals included)."""
        n_rows, n_cols = self.shape
        if row == n_rows and column == n_cols:
            return self.totals.grand
        if row == n_rows:
            return self.totals.columns[column]
        if column == n_cols:
            return self.totals.rows[row]
        return self.cells[row][column]

    def grid(self) -> list[list[Count]]:
        n_rows, n_cols = self.shape
        return [[self.value(r, c) for c in range(n_cols + 1)] for r in range(n_rows + 1)]

    def positions(self) -> Iterator[Position]:
        n_rows, n_cols = self.shape
        for r in range(n_rows + 1):
            for c in range(n_cols + 1):
                yield r, c

    def text(self, row: int, column: int, language: str | None = None) -> str:
        """The number as printed (``1 649``): ``<5`` for a small count, ``x`` for a hidden
        complement."""
        if (row, column) in self.hidden:
            return SMALL if (row, column) in self.small else COMPLEMENT
        value = self.value(row, column)
        return "" if value is None else fmt_number(value, language)

    def unique_text(self, language: str | None = None) -> str:
        if self.unique_hidden:
            return SMALL
        return "" if self.unique_total is None else fmt_number(self.unique_total, language)

    def with_(self, **changes: object) -> Table:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Report:
    title: str
    period: Period
    language: str
    tables: tuple[Table, ...]
    unit: str | None = None
    public: bool = False
    municipality: str | None = None
    generated_on: dt.date = field(default_factory=dt.date.today)
    cases_managed: Count = None
    persons: Count = None
    seconds: float = 0.0
    terms: tuple[tuple[str, str], ...] = ()  # the profile's words: municipality, council ...

    def term(self, name: str) -> str | None:
        """The profile's word ``name`` (municipality, council ...), if it has one."""
        return dict(self.terms).get(name)

    def edition(self) -> str:
        """Who the edition is for; the council is named as the country names it."""
        if not self.public:
            return ptr("report", "For internal use – not for publication", self.language)
        return dict(self.terms).get("publication_for") or ptr(
            "report", "Publication for the municipal council and the public", self.language)

    def table(self, key: str) -> Table:
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)

    def subtitle(self) -> str:
        unit = self.unit or ptr("report", "All units", self.language)
        return f"{self.period.label(self.language)} · {unit} · {self.edition()}"

    def legend(self) -> list[str]:
        lines = [ptr("report", "Age at the end of the period.", self.language)]
        if self.public:
            lines += [ptr("report", "Aggregate figures only; no names.", self.language),
                      ptr("report", "<5: from 1 to 4 (hidden to protect the persons)",
                          self.language),
                      ptr("report", "x: also hidden, so that small numbers cannot be worked "
                          "out from the totals", self.language)]
        return lines

    def with_(self, **changes: object) -> Report:
        return replace(self, **changes)  # type: ignore[arg-type]
