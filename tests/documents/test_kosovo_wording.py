"""A Gjilan vault prints and reports in Kosovo's words: every document and report, through the
``kujdes print`` and ``kujdes report`` commands, in every language, with no Albanian
institution or term left in the extracted text."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.cli import main
from desktop.core.demo import add_demo_data
from desktop.core.documents import KINDS
from desktop.core.documents.from_store import NoDocumentSource, records_for_kind
from desktop.core.i18n import LANGUAGES, current_country, set_country
from desktop.core.keys import FAST_KDF
from desktop.core.vault import create_vault

PASSWORD = "gjilan password"
# Albania's institutions and terms, which a Kosovo paper must never carry.
ALBANIAN_ONLY = re.compile(
    r"Bashki|bashkis|Këshill\w* Bashkiak|Municipal Council|Policia e Shtetit|State Police|"
    r"Njësi\w* administrative|njësi\w* administrative|Administrative unit|"
    r"Drejtoria e Shërbimeve Sociale|Directorate of Social Services|REPUBLIKA E SHQIPËRISË|"
    r"REPUBLIC OF ALBANIA|\b[Pp]ërfitues(?:i|it|in)\b|\b[Bb]eneficiary\b|\bNJVNR\b|\bASHMDF\b|\bGTN\b|"
    r"\bETN\b|\bALL\b|\blekë\b|\bLekë\b|"
    r"Državna policija|Direkcija za socijalne usluge|[Aa]dministrativn\w* jedinic\w*|"
    r"Државна полиција|Дирекција за социјалне услуге|[Аа]дминистративн\w* јединиц\w*|\bАЛЛ\b")

# The issuer and the police by language: the Serbian name of Gjilan in Serbian.
MUNICIPALITY = {"sq": "Komuna Gjilan", "en": "Municipality of Gjilan", "sr": "Opština Gnjilane",
                "sr-Cyrl": "Општина Гњилане"}
POLICE = {"sq": "Policia e Kosovës", "en": "Kosovo Police", "sr": "Kosovska policija",
          "sr-Cyrl": "Косовска полиција"}


@pytest.fixture(scope="module")
def gjilan(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("gjilan") / "data"
    country = current_country()   # made before a test's own put-back: put it back here
    with create_vault(folder, "drita", PASSWORD, kdf=FAST_KDF, country="XK") as vault:
        add_demo_data(vault.store, 300, seed=3, workers=("drita",))
        cases: dict[str, str] = {}
        for case in vault.store.query("case", limit=500):
            for kind in KINDS:
                if kind in cases:
                    continue
                try:
                    records_for_kind(vault.store, case, kind)
                except NoDocumentSource:
                    continue
                cases[kind] = case.get("case_number")
    set_country(country)
    assert set(cases) == set(KINDS)
    return folder, cases


def kujdes(monkeypatch: pytest.MonkeyPatch, *args: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main([args[0], "--user", "drita", "--password-stdin", *args[1:]]) == 0


def pdf_text(path: Path) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(path).pages)


def albanian_terms(text: str) -> list[str]:
    return sorted({m.group(0) for m in ALBANIAN_ONLY.finditer(text)})


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_every_document_speaks_of_kosovo(monkeypatch, gjilan, tmp_path: Path, kind: str,
                                         language: str) -> None:
    folder, cases = gjilan
    out = tmp_path / f"{kind}.pdf"
    kujdes(monkeypatch, "print", "--data-dir", str(folder), "--case", cases[kind],
           "--document", kind, "--language", language, "--out", str(out))
    text = pdf_text(out)
    state = {"sq": "REPUBLIKA E KOSOVËS", "en": "REPUBLIC OF KOSOVO"}
    if language in state:
        assert state[language] in text
    assert MUNICIPALITY[language] in text
    assert albanian_terms(text) == []
    if kind == "dv-60-day":
        assert POLICE[language] in text
    if language == "sr-Cyrl":
        assert re.search("[\u0400-\u04ff]{4}", text) and "\ufffd" not in text


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("fmt", ["pdf", "csv"])
def test_every_report_speaks_of_kosovo(monkeypatch, gjilan, tmp_path: Path, fmt: str,
                                       language: str) -> None:
    folder, _ = gjilan
    for public in (False, True):
        out = tmp_path / f"report-{public}.{fmt}"
        kujdes(monkeypatch, "report", "--data-dir", str(folder), "--period", "2025",
               "--out", str(out), "--language", language, *(["--public"] if public else []))
        text = pdf_text(out) if fmt == "pdf" else out.read_text(encoding="utf-8-sig")
        assert albanian_terms(text) == []
        if language == "sq":
            assert "Komuna: Gjilan" in text
            assert ("Botim për Kuvendin Komunal" in text) == public
        if language == "en":
            assert ("Publication for the Municipal Assembly" in text) == public
        if language == "sr-Cyrl":
            assert re.search("[\u0400-\u04ff]{4}", text) and "\ufffd" not in text


def test_kosovo_prints_albanian_and_serbian_together(monkeypatch, gjilan, tmp_path: Path
                                                     ) -> None:
    folder, cases = gjilan
    out = tmp_path / "both.pdf"
    kujdes(monkeypatch, "print", "--data-dir", str(folder), "--case", cases["care-plan"],
           "--document", "care-plan", "--bilingual", "--out", str(out))
    pages = [" ".join((p.extract_text() or "").split()) for p in PdfReader(out).pages]
    half = len(pages) // 2
    assert len(pages) == 2 * half and half > 0  # one language after the other
    assert all("Komuna Gjilan" in p for p in pages[:half])
    assert all("Opština Gnjilane" in p for p in pages[half:])


def test_the_preview_offers_the_pair_in_kosovo(gjilan) -> None:
    from desktop.core.vault import open_vault
    from desktop.core.views.printing import DocumentRequest, language_name, render_request

    folder, cases = gjilan
    with open_vault(folder, "drita", PASSWORD) as vault:
        case = vault.store.query("case", title=cases["referral"], limit=1)[0]
        rendered = render_request(vault.store, DocumentRequest(case.id, "referral_letter",
                                                               language=None))
        both = render_request(vault.store, DocumentRequest(case.id, "referral_letter",
                                                           language="sq+sr"))
    assert rendered.languages[-1] == "sq+sr"
    assert language_name("sq+sr") == "Shqip + Srpski"
    assert len(PdfReader(io.BytesIO(both.pdf)).pages) == \
        2 * len(PdfReader(io.BytesIO(rendered.pdf)).pages)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("fmt", ["pdf", "csv"])
def test_the_quarterly_child_protection_report_speaks_of_kosovo(
        monkeypatch, gjilan, tmp_path: Path, fmt: str, language: str) -> None:
    folder, _ = gjilan
    out = tmp_path / f"child-protection.{fmt}"
    kujdes(monkeypatch, "report", "child-protection", "--data-dir", str(folder),
           "--quarter", "2025Q4", "--out", str(out), "--language", language)
    text = pdf_text(out) if fmt == "pdf" else out.read_text(encoding="utf-8-sig")
    assert albanian_terms(text) == []
    if language == "sq":
        assert "Qendra për Punë Sociale (QPS)" in text
        assert "Departamenti i Politikave Sociale dhe Familjare" in text
    if fmt == "pdf" and language in MUNICIPALITY:
        assert MUNICIPALITY[language] in text
    if language == "sr-Cyrl":
        assert re.search("[\u0400-\u04ff]{4}", text) and "\ufffd" not in text
