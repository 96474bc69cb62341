"""``kujdes report`` end to end: a vault on disk, the password on stdin, a file out."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from desktop.cli import main
from desktop.core.keys import FAST_KDF
from desktop.core.vault import create_vault
from tests.reports.caseload import build_caseload
from tests.reports.conftest import PASSWORD


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli") / "data"
    with create_vault(folder, "drita", PASSWORD, kdf=FAST_KDF) as vault:
        build_caseload(vault.store, persons=80, seed=11)
    return folder


def run(monkeypatch: pytest.MonkeyPatch, data_dir: Path, *args: str) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    return main(["report", "--data-dir", str(data_dir), "--user", "drita", "--password-stdin",
                 *args])


def test_public_pdf_in_albanian(monkeypatch, data_dir: Path, tmp_path: Path, capsys):
    out = tmp_path / "raporti.pdf"
    assert run(monkeypatch, data_dir, "--from", "2025-01-01", "--to", "2025-12-31", "--public",
               "--format", "pdf", "--out", str(out), "--language", "sq") == 0
    text = "\n".join(p.extract_text() for p in PdfReader(out).pages)
    assert "Raporti i shërbimeve të kujdesit shoqëror" in text
    assert "Botim për Këshillin Bashkiak dhe publikun" in text
    assert "01.01.2025 – 31.12.2025" in text
    assert "raporti.pdf" in capsys.readouterr().out


def test_xlsx_in_english_for_a_range(monkeypatch, data_dir: Path, tmp_path: Path):
    out = tmp_path / "report.xlsx"
    assert run(monkeypatch, data_dir, "--from", "2025-02-10", "--to", "2025-05-20",
               "--format", "xlsx", "--out", str(out), "--language", "en") == 0
    first = openpyxl.load_workbook(out).worksheets[0]
    assert first["A1"].value == "Social care services report"
    assert first["A2"].value == "Period: 10.02.2025 – 20.05.2025 (10.02.2025 – 20.05.2025)"


def test_csv_for_a_quarter_of_one_unit(monkeypatch, data_dir: Path, tmp_path: Path):
    out = tmp_path / "q.csv"
    assert run(monkeypatch, data_dir, "--period", "2025-Q3", "--unit", "Lukovë",
               "--out", str(out), "--language", "en") == 0
    text = out.read_text("utf-8-sig")
    assert "Q3 2025" in text and "Administrative unit: Lukovë" in text


def test_bad_input_is_one_clear_line(monkeypatch, data_dir: Path, tmp_path: Path, capsys):
    assert run(monkeypatch, data_dir, "--from", "2025-02-30", "--to", "2025-03-01",
               "--out", str(tmp_path / "x.csv"), "--language", "en") == 1
    assert "2025-02-30" in capsys.readouterr().err
    assert run(monkeypatch, data_dir, "--out", str(tmp_path / "x.csv")) == 1
    assert run(monkeypatch, data_dir, "--period", "2025", "--out",
               str(tmp_path / "x.doc")) == 1
    monkeypatch.setattr("sys.stdin", io.StringIO("wrong password\n"))
    assert main(["report", "--data-dir", str(data_dir), "--user", "drita", "--password-stdin",
                 "--period", "2025", "--out", str(tmp_path / "x.csv")]) == 1
    assert not (tmp_path / "x.csv").exists()
