"""``kujdes report --language sr|sr-Cyrl``: the whole report in Serbian, in either script."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.cli import main
from desktop.core.keys import FAST_KDF
from desktop.core.vault import create_vault
from tests.reports.caseload import build_caseload
from tests.reports.conftest import PASSWORD


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli-sr") / "data"
    with create_vault(folder, "drita", PASSWORD, kdf=FAST_KDF) as vault:
        build_caseload(vault.store, persons=60, seed=5)
    return folder


def _report(monkeypatch: pytest.MonkeyPatch, data_dir: Path, out: Path, language: str) -> str:
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["report", "--data-dir", str(data_dir), "--user", "drita", "--password-stdin",
                 "--period", "2025-Q2", "--format", "pdf", "--out", str(out),
                 "--language", language]) == 0
    return " ".join("\n".join(p.extract_text() for p in PdfReader(out).pages).split())


@pytest.mark.parametrize(("language", "wanted"), [
    ("sr", ["Izveštaj o uslugama socijalne zaštite", "II kvartal 2025",
            "Klijenti po ciljnoj grupi i polu", "Ukupno"]),
    ("sr-Cyrl", ["Извештај о услугама социјалне заштите", "II квартал 2025",
                 "Клијенти по циљној групи и полу", "Укупно"]),
])
def test_the_report_in_serbian(monkeypatch: pytest.MonkeyPatch, data_dir: Path, tmp_path: Path,
                               language: str, wanted: list[str]) -> None:
    text = _report(monkeypatch, data_dir, tmp_path / "izvestaj.pdf", language)
    for phrase in wanted:
        assert phrase in text
    albanian = re.compile(r"Raporti|Përfitues|Gjithsej|Tremujori")
    assert not albanian.search(text)
    assert "\ufffd" not in text
