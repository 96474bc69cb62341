"""The language of a document apart from the language of the screens: the beneficiary's
preferred language by default, another when chosen, or two together as the municipality
sets."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from desktop.cli import main
from desktop.core.documents import DocumentError
from desktop.core.documents.from_store import document_for_case
from desktop.core.documents.letterhead import Letterhead, LetterheadError
from desktop.core.i18n import set_language
from tests.conftest import PASSWORD
from tests.documents import samples
from tests.documents.conftest import pdf_pages, pdf_text


@pytest.fixture
def store(vault: Any) -> Any:
    store = vault.store
    for record in (samples.household(), samples.person(preferred_language="en"),
                   samples.case(), samples.plan(), *samples.actions()):
        store.create(record.type, dict(record.fields), record_id=record.id)
    return store


def letterhead(tmp_path: Path, layout: str) -> Letterhead:
    path = tmp_path / "letterhead.yaml"
    path.write_text("name: {sq: Komuna Gjilan, en: Municipality of Gjilan}\ncountry: XK\n"
                    f"bilingual: {{languages: [sq, en], layout: {layout}}}\n",
                    encoding="utf-8")
    return Letterhead.load(path)


def plan(store: Any, language: str | None, **over: Any) -> bytes:
    return document_for_case(store, samples.CASE_NUMBER, "care-plan", language,
                             printed_by=samples.WORKER, now=samples.NOW, **over)


def test_the_beneficiarys_language_unless_another_is_chosen(store: Any) -> None:
    set_language("sq")
    try:
        assert "Page 1 of" in pdf_text(plan(store, None))     # preferred: English
        assert "Faqe 1 nga" in pdf_text(plan(store, "sq"))    # chosen: Albanian
        store.update("p-1", {"preferred_language": None})
        assert "Faqe 1 nga" in pdf_text(plan(store, None))    # none recorded: the screens'
    finally:
        set_language("sq")


def test_one_language_after_the_other(store: Any, tmp_path: Path) -> None:
    single = len(pdf_pages(plan(store, "sq")))
    pages = pdf_pages(plan(store, "sq+en", letterhead=letterhead(tmp_path, "one_after_other")))
    assert len(pages) == 2 * single
    assert all("Komuna Gjilan" in p for p in pages[:single])
    assert all("Municipality of Gjilan" in p for p in pages[single:])


def test_side_by_side_on_landscape_sheets(store: Any, tmp_path: Path) -> None:
    single = len(pdf_pages(plan(store, "sq")))
    pdf = plan(store, "sq+en", letterhead=letterhead(tmp_path, "side_by_side"))
    sheets = PdfReader(io.BytesIO(pdf)).pages
    assert len(sheets) == single
    assert all(float(s.mediabox.width) > float(s.mediabox.height) for s in sheets)
    first = pdf_pages(pdf)[0]
    assert "Komuna Gjilan" in first and "Municipality of Gjilan" in first


def test_a_pair_the_municipality_has_not_set_is_refused(store: Any, tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="as the letterhead sets"):
        plan(store, "sq+en")  # the default Albanian letterhead prints one language
    with pytest.raises(DocumentError, match="sq\\+en"):
        plan(store, "en+sq", letterhead=letterhead(tmp_path, "side_by_side"))
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: Gjilan\nbilingual: {languages: [sq, sq]}\n", encoding="utf-8")
    with pytest.raises(LetterheadError, match="two different languages"):
        Letterhead.load(bad)


def test_print_command_uses_the_beneficiarys_language_or_the_pair(
        store: Any, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config"
    config.mkdir()
    letterhead(config, "side_by_side")  # the municipality's letterhead, in its config folder
    monkeypatch.setenv("KUJDES_CONFIG_DIR", str(config))

    def kujdes_print(out: Path, *extra: str) -> None:
        monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
        assert main(["print", "--data-dir", str(data_dir), "--user", "arta",
                     "--password-stdin", "--case", samples.CASE_NUMBER, "--document",
                     "care-plan", "--out", str(out), *extra]) == 0

    kujdes_print(tmp_path / "theirs.pdf")
    assert "Page 1 of" in pdf_text((tmp_path / "theirs.pdf").read_bytes())
    kujdes_print(tmp_path / "sq.pdf", "--language", "sq")
    assert "Faqe 1 nga" in pdf_text((tmp_path / "sq.pdf").read_bytes())
    kujdes_print(tmp_path / "both.pdf", "--bilingual")
    first = pdf_pages((tmp_path / "both.pdf").read_bytes())[0]
    assert "Faqe 1 nga" in first and "Page 1 of" in first
