"""The quarterly child protection report on a vault of synthetic children: ages on the
quarter's last day, each child once, measures, placements, referrals, cases closed in the
quarter, and the public edition."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from desktop.core.reports.child_protection import (
    QuarterlyReport,
    build_child_protection_report,
    parse_quarter,
)
from desktop.core.reports.model import Table
from desktop.core.store import Store
from desktop.core.vault import OpenVault
from tests.reports.children import synthetic_children

Q3 = parse_quarter("2026Q3")


@pytest.fixture
def loaded(vault: OpenVault) -> OpenVault:
    synthetic_children(vault.store)
    return vault


def cells(table: Table) -> dict[tuple[str, str], int]:
    """{(row label, column label): count} of the non-zero cells."""
    return {(table.row_labels[r], table.column_labels[c]): n
            for r, row in enumerate(table.cells) for c, n in enumerate(row) if n}


def report(store: Store, **options: Any) -> QuarterlyReport:
    return build_child_protection_report(store, Q3, language="en", as_of=dt.date(2026, 10, 5),
                                         **options)


def test_children_by_age_on_the_quarters_last_day_each_counted_once(loaded: OpenVault) -> None:
    found = report(loaded.store)
    by_age = found.table("cp_children_age")
    assert cells(by_age) == {("0–5", "Female"): 1, ("6–15", "Female"): 1,
                             ("16–17", "Male"): 1}
    assert by_age.totals.grand == 3 and found.persons == 3
    assert found.cases_managed == 4      # Drin's two cases
    by_unit = found.table("cp_children_unit")
    assert cells(by_unit) == {("Qelëz", "Female"): 2, ("Lukovë", "Male"): 1}


def test_measures_placements_and_referrals_of_those_children(loaded: OpenVault) -> None:
    found = report(loaded.store)
    assert cells(found.table("cp_measures")) == {
        ("Family support and counselling", "Male"): 1,
        ("Foster family placement", "Female"): 1}
    assert cells(found.table("cp_placements")) == {
        ("Foster care", "New in the quarter"): 1, ("Kinship care", "Continuing from before"): 1}
    assert found.table("cp_placements").row_labels == ("Foster care", "Kinship care",
                                                        "Residential care")
    assert cells(found.table("cp_referrals")) == {("Counselling", "Sent"): 1,
                                                  ("Health service", "Sent"): 1}


def test_cases_closed_in_the_quarter_by_reason(loaded: OpenVault) -> None:
    closed = report(loaded.store).table("cp_closed")
    assert cells(closed) == {("Turned 18", "Male"): 1,
                             ("Best interest of the child", "Female"): 1}
    assert "Goals reached" in closed.row_labels     # every reason has its row, even at 0


def test_one_administrative_unit(loaded: OpenVault) -> None:
    found = report(loaded.store, unit="Lukovë")
    assert cells(found.table("cp_children_unit")) == {("Lukovë", "Male"): 1}
    assert cells(found.table("cp_referrals")) == {}


def test_the_public_edition_hides_small_counts(loaded: OpenVault) -> None:
    found = report(loaded.store, public=True)
    by_age = found.table("cp_children_age")
    n_rows, n_cols = by_age.shape
    shown = {by_age.text(r, c) for r in range(n_rows + 1) for c in range(n_cols + 1)}
    assert shown <= {"0", "<5", "x"} and "<5" in shown
    assert found.persons is None and found.public
    assert any("hidden" in line for line in found.legend())


def test_the_wording_comes_from_the_profile(loaded: OpenVault) -> None:
    found = build_child_protection_report(loaded.store, Q3, language="sq")
    assert found.title == "Raporti tremujor i mbrojtjes së fëmijëve"
    assert "ASHMDF" in found.recipient and "NjMF" in found.sender
    assert found.letterhead is not None and "Pukë" in found.letterhead.text("name", "sq")


@pytest.mark.parametrize("text", ["2026Q3", "2026-Q3", "2026-T3", "2026 q3"])
def test_a_quarter_is_written_several_ways(text: str) -> None:
    assert parse_quarter(text) == Q3


@pytest.mark.parametrize("text", ["2026", "2026Q5", "Q3-2026", ""])
def test_what_is_not_a_quarter_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_quarter(text)


def test_the_two_tables_of_children_hide_the_same_totals(vault: OpenVault) -> None:
    """Both tables count the same children by sex: a total hidden in one is hidden in the
    other, or the first would give away what the second hides."""
    from tests.reports.children import case, child

    store = vault.store
    plan = [("F", "2022-01-01", "Qelëz")] * 7 + [("F", "2012-01-01", "Lukovë")] * 2 \
        + [("M", "2014-01-01", "Qelëz")] * 6 + [("M", "2009-01-01", "Kabash")] * 1
    for n, (sex, born, unit) in enumerate(plan):
        case(store, child(store, f"Fëmija{n}", sex, born, unit=unit), "2026-04-01")
    true = report(store)
    assert true.table("cp_children_age").totals.grand == 16
    assert true.table("cp_children_unit").totals.grand == 16
    found = report(store, public=True)
    by_age, by_unit = found.table("cp_children_age"), found.table("cp_children_unit")
    for table in (by_age, by_unit):
        n_rows, n_cols = table.shape
        shown = [table.value(r, c) for r in range(n_rows + 1) for c in range(n_cols + 1)]
        assert not any(v is not None and 1 <= v < 5 for v in shown)
    assert by_age.column_labels == by_unit.column_labels
    totals_hidden = [((by_age.shape[0], c) in by_age.hidden,
                      (by_unit.shape[0], c) in by_unit.hidden)
                     for c in range(by_age.shape[1] + 1)]
    assert all(a == b for a, b in totals_hidden) and any(a for a, _ in totals_hidden)
    assert by_age.totals.columns[0] == by_unit.totals.columns[0] == 9   # the girls: shown
