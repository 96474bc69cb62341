"""``kujdes report child-protection --quarter 2026Q3``: a vault on disk, the password on stdin,
the quarterly child protection report written as PDF, CSV or XLSX; a bad quarter refused."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from desktop.cli import main
from desktop.core.keys import FAST_KDF
from desktop.core.vault import create_vault
from tests.reports.children import synthetic_children
from tests.reports.conftest import PASSWORD


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cp-cli") / "data"
    with create_vault(folder, "drita", PASSWORD, kdf=FAST_KDF) as vault:
        synthetic_children(vault.store)
    return folder


def run(monkeypatch: pytest.MonkeyPatch, data_dir: Path, *args: str) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    return main(["report", "child-protection", "--data-dir", str(data_dir), "--user", "drita",
                 "--password-stdin", *args])


def test_the_pdf_of_a_quarter_in_albanian(monkeypatch, data_dir: Path, tmp_path: Path, capsys):
    out = tmp_path / "mbrojtja.pdf"
    assert run(monkeypatch, data_dir, "--quarter", "2026Q3", "--format", "pdf",
               "--out", str(out), "--language", "sq") == 0
    text = "\n".join(p.extract_text() for p in PdfReader(out).pages)
    assert "Raporti tremujor i mbrojtjes së fëmijëve" in text and "Bashkia Pukë" in text
    assert "01.07.2026 – 30.09.2026" in text and "Mbushi 18 vjeç" in text
    assert "mbrojtja.pdf" in capsys.readouterr().out


def test_xlsx_and_csv_in_english(monkeypatch, data_dir: Path, tmp_path: Path):
    assert run(monkeypatch, data_dir, "--quarter", "2026-Q3", "--out",
               str(tmp_path / "q.xlsx"), "--language", "en") == 0
    book = openpyxl.load_workbook(tmp_path / "q.xlsx")
    assert book.worksheets[0]["A1"].value == "Quarterly child protection report"
    assert run(monkeypatch, data_dir, "--period", "2026-Q3", "--public", "--out",
               str(tmp_path / "q.csv"), "--language", "en") == 0
    text = (tmp_path / "q.csv").read_text("utf-8-sig")
    assert "Children with open cases by age and sex" in text and "<5" in text


@pytest.mark.parametrize("args", [("--quarter", "2026Q5"), ("--period", "2026"), (),
                                  ("--quarter", "2026Q3", "--definition", "plan.yaml")])
def test_a_missing_or_bad_quarter_is_refused_in_words(monkeypatch, data_dir: Path,
                                                       tmp_path: Path, capsys, args):
    out = tmp_path / "x.pdf"
    assert run(monkeypatch, data_dir, *args, "--out", str(out), "--language", "en") != 0
    err = capsys.readouterr().err
    assert ("2026Q3" in err or "definition file" in err) and "Traceback" not in err
    assert not out.exists()
