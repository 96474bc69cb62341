"""Indicator definitions: the report's tables as data, the plans' tables, a municipality's own."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader

from desktop.cli import main
from desktop.core.keys import FAST_KDF
from desktop.core.reports import Period, ReportRequest, build_report, render
from desktop.core.reports.definitions import (
    load_definitions,
    plan_files,
    standard_definitions,
)
from desktop.core.reports.export import header_lines
from desktop.core.reports.yearly import report_terms
from desktop.core.vault import create_vault
from sync.profile import load_profile
from sync.yamlfile import DataFileError
from tests.reports.caseload import AS_OF, Caseload, build_caseload
from tests.reports.conftest import PASSWORD

SOURCE_GROUP_YEAR = """\
plan: {sq: "Plani i bashkisë", en: "The municipality's plan"}
indicators:
  - key: source_group_year
    title: {sq: "Raste të reja sipas burimit dhe grupit", en: "New cases by source and group"}
    count: new_case_groups
    rows: source
    columns: target_group
    years: 3
    target: {sq: "≥ 40 në vit", en: "≥ 40 a year"}
"""


def write(folder: Path, text: str, name: str = "indicators.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_report_tables_are_the_shipped_definitions():
    keys = [d.key for d in standard_definitions()]
    assert len(keys) == 25 and keys[0] == "cases_identified_by_source"
    assert keys[18] == "satisfaction" and keys[-1] == "acts_by_type"


def test_source_by_group_over_three_years_matches_the_records(
        loaded: tuple[Any, Caseload], tmp_path: Path):
    vault, load = loaded
    found = load_definitions(write(tmp_path, SOURCE_GROUP_YEAR), vault.store.profile)
    report = build_report(vault.store, ReportRequest(Period.year(2025), language="en",
                                                     as_of=AS_OF), definitions=found.definitions)
    table = report.table("source_group_year")
    expected: Counter = Counter()
    for case in load.cases.values():
        year = int(case["opened_on"][:4])
        if 2023 <= year <= 2025 and case["person_id"] in load.persons:
            for group in load.person_groups(case["person_id"]):
                expected[(case.get("referral_source"), f"{year}:{group or ''}")] += 1
    got = Counter({(r, c): table.cells[i][j] for i, r in enumerate(table.row_keys)
                   for j, c in enumerate(table.column_keys) if table.cells[i][j]})
    assert got == expected
    assert table.column_labels[0].startswith("2023 · ")
    assert table.totals.grand == sum(expected.values()) == sum(table.totals.rows)
    assert "Plan target: ≥ 40 a year" in table.notes


def test_the_public_edition_hides_small_counts_of_a_definition(
        loaded: tuple[Any, Caseload], tmp_path: Path):
    vault, _ = loaded
    found = load_definitions(write(tmp_path, SOURCE_GROUP_YEAR), vault.store.profile)
    report = build_report(vault.store, ReportRequest(Period.year(2025), language="sq",
                                                     as_of=AS_OF, public=True),
                          definitions=found.definitions)
    table = report.table("source_group_year")
    shown = [table.text(r, c, "sq") for r, c in table.positions()]
    assert "<5" in shown
    assert not any(table.value(r, c) in (1, 2, 3, 4) for r, c in table.positions()
                   if (r, c) not in table.hidden)


def test_quarters_side_by_side_match_the_records(loaded: tuple[Any, Caseload], tmp_path: Path):
    vault, load = loaded
    path = write(tmp_path, "indicators:\n  - {key: q, count: new_cases, rows: case_type, "
                 "columns: quarter}\n")
    report = build_report(vault.store, ReportRequest(Period.half(2025, 2), language="sq",
                                                     as_of=AS_OF),
                          definitions=load_definitions(path, vault.store.profile).definitions)
    table = report.table("q")
    assert table.column_labels == ("Tremujori I 2025", "Tremujori II 2025",
                                   "Tremujori III 2025", "Tremujori IV 2025")
    expected = Counter((c["case_type"], f"2025-Q{(int(c['opened_on'][5:7]) + 2) // 3}:")
                       for c in load.cases.values() if c["opened_on"].startswith("2025"))
    got = Counter({(r, c): table.cells[i][j] for i, r in enumerate(table.row_keys)
                   for j, c in enumerate(table.column_keys) if table.cells[i][j]})
    assert got == expected


def test_cases_closed_in_the_period_by_closure_reason(loaded: tuple[Any, Caseload],
                                                     tmp_path: Path):
    vault, load = loaded
    path = write(tmp_path, "indicators:\n  - {key: closed, count: closed_cases, "
                 "rows: closure_reason, columns: case_type}\n")
    report = build_report(vault.store, ReportRequest(Period.year(2025), language="sq",
                                                     as_of=AS_OF),
                          definitions=load_definitions(path, vault.store.profile).definitions)
    table = report.table("closed")
    expected = Counter((c.get("closure_reason"), c["case_type"]) for c in load.cases.values()
                       if c["status"] == "closed" and c["closed_on"].startswith("2025"))
    got = Counter({(r, c): table.cells[i][j] for i, r in enumerate(table.row_keys)
                   for j, c in enumerate(table.column_keys) if table.cells[i][j]})
    assert got == expected and table.totals.grand > 0
    assert "Objektivat u arritën" in table.row_labels
    assert table.row_heading == "Arsyeja e mbylljes"


@pytest.mark.parametrize(("text", "line", "message"), [
    ("indicators:\n  - {key: a, count: visits, rows: unit, columns: sex}\n", 2,
     "visits has no dimension 'sex'"),
    ("indicators:\n  - key: a\n    count: meeting\n    rows: unit\n    columns: sex\n", 3,
     "cannot count 'meeting'"),
    ("indicators:\n  - key: a\n    count: meetings\n    rows: unit\n    columns: sex\n", 5,
     "meetings has no dimension 'sex' (known: meeting_group, unit)"),
    ("indicators:\n  - key: a\n    count: referrals\n    rows: provider\n"
     "    columns: provider_level\n    filters: {provider_level: outside}\n", 6,
     "provider_level has no code 'outside' (known: local, regional, national)"),
    ("indicators:\n  - key: a\n    count: assessments\n    rows: form\n    columns: unit\n"
     "    filters: {provider: X}\n", 6, "cannot filter by 'provider'"),
    ("indicators:\n  - {key: a, count: acts, rows: act_type, columns: decision, country: XX}\n",
     2, "a: country is one of AL, XK"),
    ("indicators:\n  - key: a\n    count: cases\n    rows: unit\n    columns: sex\n"
     "    filters: {source: polizia}\n", 6, "source has no code 'polizia'"),
    ("indicators:\n  - key: a\n    count: cases\n    rows: unit\n    columns: year\n", 5,
     "columns by year need 'years'"),
    ("indicators:\n  - {key: a, count: cases, rows: unit, columns: sex}\n"
     "  - {key: a, count: cases, rows: unit, columns: area}\n", 3, "key 'a' is used twice"),
    ("indicators:\n  - {key: a, count: cases, rows: unit, colums: sex}\n", 2,
     "unknown setting 'colums'"),
    ("indicators: [\n", 2, ""),
])
def test_a_bad_definition_names_file_line_and_mistake(tmp_path: Path, text: str, line: int,
                                                       message: str):
    path = write(tmp_path, text, "bashkia.yaml")
    with pytest.raises(DataFileError) as caught:
        load_definitions(path, load_profile("AL"))
    assert str(caught.value).startswith(f"bashkia.yaml:{line}: ")
    assert message in str(caught.value)


def test_every_plan_table_computes_with_totals_that_add_up(loaded: tuple[Any, Caseload]):
    vault, _ = loaded
    files = plan_files(vault.store.profile)
    assert [f.key for f in files] == ["himare", "kucove", "puke", "tirane"]
    for found in files:
        report = build_report(vault.store, ReportRequest(Period.year(2025), language="sq",
                                                         as_of=AS_OF),
                              definitions=found.definitions, title=found.plan_in("sq"))
        assert [t.key for t in report.tables] == [d.key for d in found.definitions]
        for table in report.tables:
            assert table.totals.grand == sum(table.totals.rows) == sum(table.totals.columns)
    himare = {d.key: d for d in files[0].definitions}
    assert himare["HIM-01"].target_in("sq") == "≥ 50 raste brenda vitit të dytë të planit"


def test_gjilan_tables_are_for_kosovo():
    assert [f.key for f in plan_files(load_profile("XK"))] == ["gjilan"]
    gjilan = plan_files(load_profile("XK"))[0]
    assert gjilan.definitions[0].years == 3 and gjilan.definitions[0].by_year_only


def test_kosovo_reports_say_komuna_and_kuvendi_komunal(loaded: tuple[Any, Caseload]):
    vault, _ = loaded
    report = build_report(vault.store, ReportRequest(Period.year(2025), language="sq",
                                                     as_of=AS_OF, public=True))
    assert "Botim për Këshillin Bashkiak dhe publikun" in header_lines(report)
    kosovo = report.with_(terms=report_terms(load_profile("XK"), "sq"), municipality="Gjilan")
    lines = header_lines(kosovo)
    assert "Komuna: Gjilan" in lines
    assert "Botim për Kuvendin Komunal dhe publikun" in lines
    assert not any("Bashki" in line for line in lines)


@pytest.fixture(scope="module")
def cli_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli") / "data"
    with create_vault(folder, "arta", PASSWORD, kdf=FAST_KDF) as vault:
        build_caseload(vault.store, persons=60, seed=5)
    return folder


def test_kujdes_report_with_a_definition(monkeypatch, cli_dir: Path, tmp_path: Path, capsys):
    data_dir = cli_dir
    definition = write(tmp_path, SOURCE_GROUP_YEAR)
    out = tmp_path / "plan.xlsx"

    def run(*args: str) -> int:
        monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
        return main(["report", "--data-dir", str(data_dir), "--user", "arta",
                     "--password-stdin", *args])

    assert run("--from", "2025-01-01", "--to", "2025-12-31", "--public", "--definition",
               str(definition), "--out", str(out), "--language", "en") == 0
    sheet = openpyxl.load_workbook(out).worksheets[0]
    assert sheet["A1"].value == "The municipality's plan"
    bad = write(tmp_path, "indicators:\n  - {key: a, count: visits, rows: unit, columns: sex}\n",
                "bad.yaml")
    assert run("--period", "2025", "--definition", str(bad), "--out",
               str(tmp_path / "x.csv")) == 1
    assert "bad.yaml:2: a: visits has no dimension 'sex'" in capsys.readouterr().err


def test_a_kosovo_report_and_the_gjilan_tables_from_the_command_line(monkeypatch, tmp_path: Path):
    folder = tmp_path / "xk"
    create_vault(folder, "drita", PASSWORD, kdf=FAST_KDF, country="XK").lock()

    def run(*args: str) -> int:
        monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
        return main(["report", "--data-dir", str(folder), "--user", "drita",
                     "--password-stdin", "--period", "2025", "--language", "sq", *args])

    out = tmp_path / "raporti.csv"
    assert run("--public", "--out", str(out)) == 0
    text = out.read_text("utf-8-sig")
    assert "Botim për Kuvendin Komunal dhe publikun" in text and "Komuna: " in text
    assert "Bashki" not in text, [line for line in text.splitlines() if "Bashki" in line]
    gjilan = Path(plan_files(load_profile("XK"))[0].path)
    assert run("--definition", str(gjilan), "--out", str(out)) == 0
    text = out.read_text("utf-8-sig")
    assert "Gjilan – Strategjia për përfshirje sociale (2022)" in text
    assert "Kategoritë sociale si përfituese të shërbimeve sociale në tri vitet e fundit" in text
    assert "2023" in text and "2024" in text and "2025" in text


def test_a_table_of_two_years_by_group_prints_on_the_page(loaded: tuple[Any, Caseload]):
    vault, _ = loaded
    tirane = next(f for f in plan_files(vault.store.profile) if f.key == "tirane")
    report = build_report(vault.store, ReportRequest(Period.year(2025), language="sq",
                                                     as_of=AS_OF, public=True),
                          definitions=tirane.definitions, title=tirane.plan_in("sq"))
    assert len(report.tables[0].column_labels) > 8   # units x (2 years x target groups)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(render(report, "pdf"))).pages)
    assert "Tiranë – Plani Social 2025–2027" in text
    assert "Menaxhimi i rasteve sipas njësive administrative dhe kategorive" in text
    assert "2024 ·" in text and "2025 ·" in text
