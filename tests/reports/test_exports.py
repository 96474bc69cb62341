"""Exports open in the programs people use, carry the same numbers, and are audited."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader

from desktop.core.reports import Period, Report, ReportRequest, build_report, export_report
from tests.reports.caseload import AS_OF, FIRST, LAST, Caseload


@pytest.fixture(scope="module")
def public_sq(loaded: tuple[Any, Caseload]) -> Report:
    vault, _ = loaded
    return build_report(vault.store, ReportRequest(Period.year(2025), language="sq",
                                                   as_of=AS_OF, public=True))


@pytest.fixture(scope="module")
def internal_en(loaded: tuple[Any, Caseload]) -> Report:
    vault, _ = loaded
    return build_report(vault.store, ReportRequest(Period.year(2025), language="en",
                                                   as_of=AS_OF))


def audit_entries(store, action: str) -> list[dict[str, Any]]:
    with store.reading() as conn:
        rows = conn.exec_driver_sql("SELECT detail FROM audit WHERE action = ? ORDER BY seq",
                                    (action,)).fetchall()
    return [json.loads(r[0]) for r in rows]


def test_xlsx_reads_back_with_the_same_numbers(loaded, internal_en: Report, tmp_path: Path):
    vault, _ = loaded
    path = export_report(vault.store, internal_en, tmp_path / "report.xlsx")
    book = openpyxl.load_workbook(path)
    assert len(book.sheetnames) == len(internal_en.tables) + 1
    table = internal_en.table("cases_managed_by_type")
    number = internal_en.tables.index(table) + 1
    sheet = book[next(n for n in book.sheetnames if n.startswith(f"{number:02d} "))]
    rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == f"Table {number}. {table.title}"
    totals = next(r for r in rows if r[0] == "Total")
    assert totals[len(table.column_labels) + 1] == table.totals.grand
    body = {r[0]: r for r in rows if r[0] in table.row_labels}
    for i, name in enumerate(table.row_labels):
        assert list(body[name][1:len(table.column_labels) + 2]) == [
            *table.cells[i], table.totals.rows[i]]
    assert audit_entries(vault.store, "export_report")[-1]["format"] == "xlsx"


def test_public_xlsx_shows_marks_not_numbers(loaded, public_sq: Report, tmp_path: Path):
    vault, _ = loaded
    path = export_report(vault.store, public_sq, tmp_path / "publik.xlsx")
    values = {c for s in openpyxl.load_workbook(path).worksheets
              for row in s.iter_rows(values_only=True) for c in row if c is not None}
    assert "<5" in values and "x" in values
    assert not any(isinstance(v, int) and 1 <= v <= 4 for v in values)
    assert "Përmbajtja" in openpyxl.load_workbook(path).sheetnames


def test_pdf_has_the_title_charts_and_a_total(loaded, public_sq: Report, tmp_path: Path):
    vault, _ = loaded
    path = export_report(vault.store, public_sq, tmp_path / "raporti.pdf")
    reader = PdfReader(path)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert reader.metadata.title == "Raporti i shërbimeve të kujdesit shoqëror"
    assert "Raporti i shërbimeve të kujdesit shoqëror" in text
    grand = public_sq.table("cases_managed_by_type").totals.grand
    assert "Raste të menaxhuara sipas llojit dhe statusit" in text
    assert "Gjithsej" in text and str(grand) in text
    assert "Faqe 1 nga" in text
    assert len(reader.pages) >= 4


def test_csv_in_english_with_the_totals(loaded, internal_en: Report, tmp_path: Path):
    vault, _ = loaded
    path = export_report(vault.store, internal_en, tmp_path / "report.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["Social care services report"]
    table = internal_en.table("persons_by_group_sex")
    at = rows.index([f"Table {internal_en.tables.index(table) + 1}. {table.title}"])
    assert rows[at + 1][0] == "Target group \\ Sex"
    total_row = rows[at + 2 + len(table.row_labels)]
    assert total_row[0] == "Total" and int(total_row[-1]) == table.totals.grand
    assert rows[at + 3 + len(table.row_labels)] == ["Persons (each counted once)",
                                                    str(table.unique_total)]


def test_public_exports_contain_no_names(loaded, public_sq: Report, tmp_path: Path):
    vault, load = loaded
    names = {p["first_name"] for p in load.persons.values()} | {
        p["last_name"] for p in load.persons.values()}
    assert names <= set(FIRST) | set(LAST) | {"Edge"} | {f"Case{n}" for n in range(7)}
    texts = [export_report(vault.store, public_sq, tmp_path / "p.csv").read_text("utf-8-sig")]
    texts.append("\n".join(p.extract_text() for p in PdfReader(
        export_report(vault.store, public_sq, tmp_path / "p.pdf")).pages))
    book = openpyxl.load_workbook(export_report(vault.store, public_sq, tmp_path / "p.xlsx"))
    texts.append("\n".join(str(c) for s in book.worksheets for r in s.iter_rows(values_only=True)
                           for c in r if c is not None))
    for text in texts:
        for name in names:
            assert name not in text
        assert "T-0" not in text  # no case numbers either


def test_exports_are_written_atomically_and_audited(loaded, public_sq: Report, tmp_path: Path):
    vault, _ = loaded
    before = len(audit_entries(vault.store, "export_report"))
    target = tmp_path / "r.pdf"
    target.write_bytes(b"old")
    export_report(vault.store, public_sq, target)
    assert target.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    entry = audit_entries(vault.store, "export_report")[-1]
    assert len(audit_entries(vault.store, "export_report")) == before + 1
    assert entry["public"] is True and entry["period"] == "2025" and len(entry["sha256"]) == 64
    assert vault.store.verify_audit().ok


def test_unknown_format_is_refused(public_sq: Report, tmp_path: Path):
    with pytest.raises(ValueError):
        export_report(None, public_sq, tmp_path / "report.doc")
