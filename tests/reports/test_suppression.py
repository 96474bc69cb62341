"""Published tables: small counts hidden, and no hidden count can be worked back out."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from desktop.core.reports import Report, ReportRequest, Table, build_report, publish
from desktop.core.reports.model import COMPLEMENT, SMALL
from desktop.core.reports.periods import Period
from desktop.core.reports.suppression import (
    bounds,
    feasible,
    find_bridges,
    identity,
    suppress_grid,
)
from tests.reports.caseload import AS_OF, Caseload


def extended(cells: list[list[int]]) -> list[list[int]]:
    grid = [[*row, sum(row)] for row in cells]
    columns = [sum(row[c] for row in cells) for c in range(len(cells[0]))]
    return [*grid, [*columns, sum(columns)]]


def recover_by_subtraction(shown: list[list[int | None]]) -> dict[tuple[int, int], int]:
    """What a reader works out from a published grid: any row or column (totals included)
    with one unknown number gives it away; repeat until nothing more is learnt."""
    grid = [list(row) for row in shown]
    last_row, last_col = len(grid) - 1, len(grid[0]) - 1
    lines = [[(r, c) for c in range(last_col + 1)] for r in range(last_row + 1)]
    lines += [[(r, c) for r in range(last_row + 1)] for c in range(last_col + 1)]
    found: dict[tuple[int, int], int] = {}
    progress = True
    while progress:
        progress = False
        for line in lines:
            unknown = [p for p in line if grid[p[0]][p[1]] is None]
            if len(unknown) != 1:
                continue
            (r, c), total = unknown[0], line[-1]
            parts = sum(grid[p[0]][p[1]] for p in line[:-1] if p != (r, c))
            value = parts if (r, c) == total else grid[total[0]][total[1]] - parts
            grid[r][c] = found[(r, c)] = value
            progress = True
    return found


def published_grid(grid: list[list[int]], hidden: set[tuple[int, int]]
                   ) -> list[list[int | None]]:
    return [[None if (r, c) in hidden else v for c, v in enumerate(row)]
            for r, row in enumerate(grid)]


# -- one grid ------------------------------------------------------------------------------------

def test_one_small_cell_in_a_row_takes_a_partner_in_its_row_and_column():
    grid = extended([[3, 20, 30], [15, 25, 35], [12, 18, 40]])
    hidden, small = suppress_grid(grid)
    assert small == {(0, 0)}
    assert len([p for p in hidden if p[0] == 0]) >= 2
    assert len([p for p in hidden if p[1] == 0]) >= 2
    assert recover_by_subtraction(published_grid(grid, hidden)) == {}


def test_zero_is_shown_and_large_counts_stay():
    grid = extended([[0, 20], [15, 25]])
    hidden, small = suppress_grid(grid)
    assert hidden == set() and small == set()


def test_a_small_total_is_hidden_too():
    grid = extended([[3, 0], [0, 0]])
    hidden, small = suppress_grid(grid)
    assert (0, 2) in small and (2, 2) in small and (2, 0) in small
    assert recover_by_subtraction(published_grid(grid, hidden)) == {}


def test_four_ones_under_a_small_total_are_not_marked_as_small():
    # four "<5" whose total is "<5" could only be four ones: they are shown as "x"
    grid = extended([[1, 1, 1, 1], [20, 30, 40, 50]])
    hidden, small = suppress_grid(grid)
    row = [(0, c) for c in range(5)]
    assert set(row) <= hidden and not set(row) & small
    for position in row:
        value = grid[position[0]][position[1]]
        low, high = bounds(grid, hidden, small, 5, position)
        assert any(low <= v <= high and feasible(grid, hidden, small, 5, {position: v})
                   for v in (value - 1, value + 1))


def test_two_small_cells_that_give_each_other_away_are_protected_by_bounds():
    # Row 0 shows 2 as the sum of its two hidden numbers: both "<5" means both are 1.
    grid = extended([[1, 1, 30], [40, 50, 60]])
    hidden, small = suppress_grid(grid)
    for position in small:
        value = grid[position[0]][position[1]]
        low, high = bounds(grid, hidden, small, 5, position)
        others = [v for v in (value - 1, value + 1)
                  if low <= v <= high and feasible(grid, hidden, small, 5, {position: v})]
        assert others, f"{position} is pinned by the bounds"


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from([0, 0, 1, 2, 3, 4, 5, 6, 9, 14, 30]),
                         min_size=1, max_size=6), min_size=1, max_size=9)
       .filter(lambda rows: len({len(r) for r in rows}) == 1))
@example(cells=[[1, 1, 1, 1]])  # four ones: the grand total row stayed pinned once
def test_no_hidden_number_can_be_recovered(cells: list[list[int]]):
    grid = extended(cells)
    hidden, small = suppress_grid(grid)
    counts_1_to_4 = {(r, c) for r, row in enumerate(grid) for c, v in enumerate(row)
                     if 1 <= v <= 4}
    assert small <= counts_1_to_4 <= hidden
    # by subtraction along rows and columns (repeated), and by any combination of them
    assert recover_by_subtraction(published_grid(grid, hidden)) == {}
    assert find_bridges(len(grid), len(grid[0]), hidden) == []
    # and by the bounds the marks give ("<5" is 1-4, "x" is 0 or 5 and more)
    for r, c in counts_1_to_4:
        value = grid[r][c]
        low, high = bounds(grid, hidden, small, 5, (r, c))
        assert any(low <= v <= high and feasible(grid, hidden, small, 5, {(r, c): v})
                   for v in (value - 1, value + 1)), (r, c)


# -- a whole report ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def reports(loaded: tuple[Any, Caseload]) -> tuple[Report, Report]:
    vault, _ = loaded
    request = ReportRequest(Period.year(2025), language="en", as_of=AS_OF)
    internal = build_report(vault.store, request)
    public = build_report(vault.store, ReportRequest(Period.year(2025), language="en",
                                                     as_of=AS_OF, public=True))
    return internal, public


def test_public_edition_hides_every_count_from_1_to_4(reports: tuple[Report, Report]):
    internal, public = reports
    assert public.public and not internal.public
    hidden_somewhere = False
    for true, shown in zip(internal.tables, public.tables, strict=True):
        for r, c in true.positions():
            value = true.value(r, c)
            if 1 <= value <= 4:
                assert shown.value(r, c) is None and shown.text(r, c) in (SMALL, COMPLEMENT)
                hidden_somewhere = hidden_somewhere or shown.text(r, c) == SMALL
            elif shown.value(r, c) is None:
                assert shown.text(r, c) == COMPLEMENT
            else:
                assert shown.value(r, c) == value
    assert hidden_somewhere


def test_no_published_table_gives_a_hidden_number_away(reports: tuple[Report, Report]):
    _, public = reports
    for table in public.tables:
        shown = [[table.value(r, c) for c in range(table.shape[1] + 1)]
                 for r in range(table.shape[0] + 1)]
        assert recover_by_subtraction(shown) == {}, table.key


def test_a_number_hidden_in_one_table_is_hidden_in_every_table(
        reports: tuple[Report, Report]):
    _, public = reports
    hidden = {identity(t, p) for t in public.tables for p in t.hidden}
    for table in public.tables:
        for position in table.positions():
            if identity(table, position) in hidden:
                assert position in table.hidden, (table.key, position)


def test_shared_totals_agree_between_tables(reports: tuple[Report, Report]):
    internal, _ = reports
    seen: dict[Any, int] = {}
    for table in internal.tables:
        for position in table.positions():
            key = identity(table, position)
            value = table.value(*position)
            assert seen.setdefault(key, value) == value, (table.key, position)


def test_derived_figures_of_hidden_rows_are_hidden(reports: tuple[Report, Report]):
    _, public = reports
    for table in public.tables:
        n_rows, n_cols = table.shape
        for side in table.side:
            for r, value in enumerate(side.values):
                if side.depends == "row" and any((r, c) in table.hidden
                                                 for c in range(n_cols + 1)):
                    assert value is None
                if side.depends == "total" and (r, n_cols) in table.hidden:
                    assert value is None


def test_unique_persons_hidden_when_small():
    table = Table.from_counts("t", ["a", "b"], ["F"], [[2], [1]], key="g",
                              source="person_groups", row_dim="target_group",
                              column_dim="sex", row_keys=("a", "b"), column_keys=("F",),
                              unique_total=2, unique_source="persons")
    report = Report("r", Period.year(2025), "en", (table,))
    shown = publish(report).tables[0]
    assert shown.unique_total is None and shown.unique_text() == SMALL
