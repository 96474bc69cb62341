"""Every visible text exists in Albanian and English; periods have the right days and names."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core.catalogs import po_path, read_catalog
from desktop.core.i18n import ptr
from desktop.core.reports import TABLES, Period
from desktop.core.reports.dimensions import DIMENSIONS
from desktop.core.reports.settings import ReportSettings, ReportSettingsError
from desktop.core.reports.texts import CODE_LABELS, DIMENSION_TITLES, TABLE_TITLES


def test_every_table_dimension_and_fixed_code_is_named_in_albanian():
    albanian_catalog = read_catalog(po_path("sq"))

    def albanian(message: str) -> str:
        entry = albanian_catalog.get(message, context="report")
        assert entry is not None and entry.string and not entry.fuzzy, message
        return entry.string

    assert all(albanian(TABLE_TITLES[t.key]) for t in TABLES)
    assert all(albanian(DIMENSION_TITLES[d]) for d in DIMENSIONS)
    for dim in DIMENSIONS.values():
        if dim.prefix:
            assert all(albanian(CODE_LABELS[dim.prefix + code]) for code in dim.fixed), dim.name


@pytest.mark.parametrize(("text", "start", "end", "sq", "en"), [
    ("2025", "2025-01-01", "2025-12-31", "Viti 2025", "Year 2025"),
    ("2025-Q1", "2025-01-01", "2025-03-31", "Tremujori I 2025", "Q1 2025"),
    ("2024-T4", "2024-10-01", "2024-12-31", "Tremujori IV 2024", "Q4 2024"),
    ("2025-H2", "2025-07-01", "2025-12-31", "Gjashtëmujori II 2025", "H2 2025"),
    ("2024-02", "2024-02-01", "2024-02-29", "Shkurt 2024", "February 2024"),
    ("2025-11", "2025-11-01", "2025-11-30", "Nëntor 2025", "November 2025"),
])
def test_periods(text: str, start: str, end: str, sq: str, en: str):
    period = Period.parse(text)
    assert period.iso() == (start, end)
    assert (period.label("sq"), period.label("en")) == (sq, en)
    assert Period.parse(period.code()) == period


def test_a_range_and_its_years():
    period = Period.between(dt.date(2024, 12, 1), dt.date(2025, 1, 31))
    assert period.label("sq") == "01.12.2024 – 31.01.2025"
    assert period.years() == [(2024, 31), (2025, 31)]
    with pytest.raises(ValueError):
        Period.between(dt.date(2025, 2, 1), dt.date(2025, 1, 1))
    with pytest.raises(ValueError):
        Period.parse("2025-Q5")


def test_visit_calendar_per_unit_and_year(tmp_path):
    path = tmp_path / "settings.yaml"
    path.write_text("visit_targets:\n  every_year: {Himarë: 100}\n  2025: {Himarë: 120}\n",
                    encoding="utf-8")
    settings = ReportSettings.load(path)
    assert settings.visit_target("Himarë", Period.year(2024)) == 100
    assert settings.visit_target("Himarë", Period.year(2025)) == 120
    assert settings.visit_target("Himarë", Period.half(2025, 1)) == pytest.approx(
        120 * 181 / 365, abs=0.1)
    assert settings.visit_target("Lukovë", Period.year(2025)) is None
    path.write_text("small_cell_threshold: 1\n", encoding="utf-8")
    with pytest.raises(ReportSettingsError):
        ReportSettings.load(path)


def test_label_fills_values():
    assert ptr("report", "Page {page} of {pages}", "sq", page=2, pages=9) == "Faqe 2 nga 9"
    assert ptr("report", "No such text") == "No such text"


def test_counts_and_figures_are_written_as_the_language_writes_numbers():
    from desktop.core.reports.model import SideColumn, Table

    table = Table.from_counts("Cases", ["Pukë", "Fushë-Arrëz"], ["Open"], [[1649], [13579]])
    assert [table.text(r, 1, "sq") for r in range(3)] == ["1\xa0649", "13\xa0579", "15\xa0228"]
    assert [table.text(r, 1, "en") for r in range(3)] == ["1,649", "13,579", "15,228"]
    assert table.text(0, 0, "sq") == table.text(0, 1, "sq")
    share = SideColumn("percent", "%", (12.25, 1234.5), decimals=1)
    assert [share.text(v, i, "sq") for i, v in enumerate(share.values)] == ["12,2", "1\xa0234,5"]
    assert share.text(12.25, 0, "en") == "12.2"
