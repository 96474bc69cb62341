"""From a number to the cases behind it: the same cases the number counts."""

from __future__ import annotations

from typing import Any

import pytest

from desktop.core.reports import (
    DrillDownRefused,
    Period,
    Report,
    ReportRequest,
    build_report,
    cases_behind,
)
from tests.reports.caseload import AS_OF, Caseload

REQUEST = ReportRequest(Period.year(2025), language="en", as_of=AS_OF)


@pytest.fixture(scope="module")
def report(loaded: tuple[Any, Caseload]) -> Report:
    return build_report(loaded[0].store, REQUEST)


def test_a_cell_lists_exactly_the_cases_it_counts(loaded, report: Report):
    vault, load = loaded
    table = report.table("cases_managed_by_type")
    row, col = table.row_keys.index("social_care"), table.column_keys.index("open")
    found = cases_behind(vault.store, REQUEST, table, row, col, role="social_worker")
    expected = {cid for cid, c in load.managed().items()
                if c["case_type"] == "social_care" and load.case_status(c) == "open"}
    assert {c.case_id for c in found.cases} == expected
    assert len(found.cases) == table.cells[row][col] and found.withheld == 0
    assert all(c.beneficiary for c in found.cases)


def test_totals_list_their_whole_row_or_column(loaded, report: Report):
    vault, _ = loaded
    table = report.table("referrals_by_outcome")
    n_rows, n_cols = table.shape
    col = table.column_keys.index("delivered")
    column = cases_behind(vault.store, REQUEST, table, None, col, role="director")
    assert len(column.cases) <= table.totals.columns[col]  # a case may have two referrals
    everything = cases_behind(vault.store, REQUEST, table, n_rows, n_cols, role="director")
    assert {c.case_id for c in column.cases} <= {c.case_id for c in everything.cases}


def test_persons_lead_to_their_cases(loaded, report: Report):
    vault, load = loaded
    table = report.table("persons_by_group_sex")
    row = table.row_keys.index("elderly")
    found = cases_behind(vault.store, REQUEST, table, row, None, role="director")
    persons = {load.cases[c.case_id]["person_id"] for c in found.cases}
    assert len(persons) == table.totals.rows[row]


def test_sensitive_cases_are_only_counted_for_other_roles(loaded, report: Report):
    vault, _ = loaded
    table = report.table("cases_managed_by_type")
    row = table.row_keys.index("domestic_violence")
    for role in (None, "mobile_unit"):
        hidden = cases_behind(vault.store, REQUEST, table, row, None, role=role)
        assert hidden.cases == () and hidden.withheld == table.totals.rows[row]
    shown = cases_behind(vault.store, REQUEST, table, row, None, role="dv_coordinator")
    assert len(shown.cases) == table.totals.rows[row]


def test_not_for_the_public_edition(loaded):
    vault, _ = loaded
    public = ReportRequest(Period.year(2025), language="en", as_of=AS_OF, public=True)
    table = build_report(vault.store, public).table("cases_managed_by_type")
    with pytest.raises(DrillDownRefused):
        cases_behind(vault.store, public, table, 0, 0, role="director")


def test_viewing_the_list_is_audited_without_names(loaded, report: Report):
    vault, _ = loaded
    cases_behind(vault.store, REQUEST, report.table("plans_made"), 0, 0, role="director")
    with vault.store.reading() as conn:
        detail = conn.exec_driver_sql("SELECT detail FROM audit WHERE action = "
                                      "'view_report_cases' ORDER BY seq DESC").fetchone()[0]
    assert '"table":"plans_made"' in detail.replace(" ", "")
