"""Every table adds up: rows to row totals, columns to column totals, both to the grand total."""

from __future__ import annotations

from typing import Any

import pytest

from desktop.core.reports import Period, Report, ReportRequest, Table, build_report
from tests.reports.caseload import AS_OF, Caseload

PERIODS = [Period.year(2025), Period.half(2025, 1), Period.quarter(2025, 3),
           Period.month(2025, 11), Period.parse("2024"),
           Period.between(Period.month(2024, 12).start, Period.month(2025, 2).end)]


def assert_adds_up(table: Table) -> None:
    n_rows, n_cols = table.shape
    for r in range(n_rows):
        assert sum(table.cells[r]) == table.totals.rows[r], (table.key, r)
    for c in range(n_cols):
        assert sum(row[c] for row in table.cells) == table.totals.columns[c], (table.key, c)
    assert sum(table.totals.rows) == table.totals.grand == sum(table.totals.columns)


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.code())
def test_every_table_adds_up(loaded: tuple[Any, Caseload], period: Period):
    vault, _ = loaded
    report = build_report(vault.store, ReportRequest(period, language="en", as_of=AS_OF))
    assert len(report.tables) >= 15
    for table in report.tables:
        assert_adds_up(table)
    check_shared_totals(report)


def check_shared_totals(report: Report) -> None:
    persons = report.table("persons_by_age_sex").totals.grand
    for key in ("persons_by_unit_sex", "persons_by_area_age", "persons_by_village_sex"):
        assert report.table(key).totals.grand == persons
    for key in ("persons_by_group_sex", "persons_by_group_age"):
        table = report.table(key)
        assert table.unique_total == persons <= table.totals.grand
    cases = report.table("cases_managed_by_type").totals.grand
    assert report.table("cases_managed_by_unit").totals.grand == cases
    identified = report.table("cases_identified_by_source").totals.grand
    assert report.table("cases_identified_by_unit").totals.grand == identified <= cases
    outcome = report.table("referrals_by_outcome")
    not_possible = outcome.totals.columns[outcome.column_keys.index("not_possible")]
    assert report.table("referrals_not_possible").totals.grand == not_possible
    assert report.table("prescribed_vs_delivered").totals.grand <= outcome.totals.grand


def test_published_tables_add_up_where_they_show_everything(loaded: tuple[Any, Caseload]):
    vault, _ = loaded
    report = build_report(vault.store, ReportRequest(Period.year(2025), language="en",
                                                     as_of=AS_OF, public=True))
    for table in report.tables:
        grid = table.grid()
        for line in [*grid, *map(list, zip(*grid, strict=True))]:
            if None not in line:
                assert sum(line[:-1]) == line[-1], table.key


def test_an_empty_vault_gives_empty_tables_that_add_up(vault):
    report = build_report(vault.store, ReportRequest(Period.year(2025), language="sq"))
    for table in report.tables:
        assert table.totals.grand == 0
        assert_adds_up(table)
    assert report.persons == 0
