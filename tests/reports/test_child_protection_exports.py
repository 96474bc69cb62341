"""The quarterly child protection report printed (a letter on the municipality's letterhead,
text read back from the PDF) and exported as CSV and XLSX, written atomically and audited."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from desktop.core.reports import export_report
from desktop.core.reports.child_protection import build_child_protection_report, parse_quarter
from desktop.core.vault import OpenVault
from tests.reports.children import synthetic_children
from tests.reports.test_exports import audit_entries

Q3 = parse_quarter("2026-Q3")


@pytest.fixture
def loaded(vault: OpenVault) -> OpenVault:
    synthetic_children(vault.store)
    return vault


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_the_printed_report_in_albanian(loaded: OpenVault, tmp_path: Path) -> None:
    report = build_child_protection_report(loaded.store, Q3, language="sq")
    path = export_report(loaded.store, report, tmp_path / "tremujori.pdf")
    text = pdf_text(path)
    for expected in ("REPUBLIKA E SHQIPËRISË", "Bashkia Pukë",
                     "Njësia për Mbrojtjen e Fëmijëve (NjMF)",
                     "Agjencia Shtetërore për të Drejtat dhe Mbrojtjen e Fëmijës",
                     "Raporti tremujor i mbrojtjes së fëmijëve", "Tremujori III 2026",
                     "01.07.2026", "30.09.2026", "Mbushi 18 vjeç", "Qelëz", "Lukovë",
                     "Në familje kujdestare"):
        assert expected in text, expected
    assert "Quarterly" not in text and "Female" not in text


def test_the_public_print_shows_no_small_number(loaded: OpenVault, tmp_path: Path) -> None:
    report = build_child_protection_report(loaded.store, Q3, language="en", public=True)
    text = pdf_text(export_report(loaded.store, report, tmp_path / "public.pdf"))
    assert "<5" in text and "Publication for the municipal council" in text
    assert "State Agency for the Rights and Protection of the Child" in text


def test_csv_and_xlsx_carry_the_same_tables(loaded: OpenVault, tmp_path: Path) -> None:
    report = build_child_protection_report(loaded.store, Q3, language="sq")
    rows = list(csv.reader(io.StringIO(
        export_report(loaded.store, report, tmp_path / "r.csv").read_text("utf-8-sig"))))
    assert rows[0] == ["Raporti tremujor i mbrojtjes së fëmijëve"]
    assert ["Mbushi 18 vjeç", "0", "1", "1"] in rows
    book = load_workbook(export_report(loaded.store, report, tmp_path / "r.xlsx"))
    assert len(book.sheetnames) == 1 + len(report.tables)
    values = [c.value for row in book.worksheets[1].iter_rows() for c in row]
    assert "Fëmijët me raste të hapura sipas moshës dhe gjinisë" in str(values[0])
    assert [e["format"] for e in audit_entries(loaded.store, "export_report")] == ["csv", "xlsx"]


def test_kosovo_wording(tmp_path: Path) -> None:
    from desktop.core.keys import FAST_KDF
    from desktop.core.vault import create_vault
    from tests.reports.children import case, child

    vault = create_vault(tmp_path / "xk", "drita", "correct horse battery", kdf=FAST_KDF,
                         country="XK")
    try:
        case(vault.store, child(vault.store, "Drita", "F", "2019-05-05", unit="Gjilan"),
             "2026-07-01", municipality="Gjilan")
        report = build_child_protection_report(vault.store, Q3, language="sq")
        text = pdf_text(export_report(vault.store, report, tmp_path / "xk.pdf"))
    finally:
        vault.lock()
    assert "REPUBLIKA E KOSOVËS" in text and "Komuna" in text
    assert "Qendra për Punë Sociale (QPS)" in text
    assert "Departamenti i Politikave Sociale dhe Familjare" in text
    assert "Bashki" not in text and "ASHMDF" not in text
