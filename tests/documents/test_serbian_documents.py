"""Every document printed in Serbian, Latin and Cyrillic: Serbian headings, Cyrillic glyphs."""

from __future__ import annotations

import re
from typing import Any

import pytest

from desktop.core.documents import KINDS, render_document
from desktop.core.i18n import ptr, to_cyrillic
from tests.documents import samples
from tests.documents.conftest import pdf_text

CYRILLIC = re.compile("[\u0400-\u04ff]")
SERBIAN_LATIN = re.compile("[čćđšžČĆĐŠŽ]")


def _render(kind: str, form: Any, language: str) -> str:
    records, case_type = samples.records_for(kind, form)
    extra = {"person_record": samples.child()} if kind == "protection-plan" else {}
    ctx = samples.context(case_type=case_type, language=language, **extra)
    return pdf_text(render_document(kind, ctx, **records))


@pytest.mark.parametrize("kind", KINDS)
def test_every_document_prints_in_serbian_latin_and_cyrillic(kind: str, form: Any) -> None:
    latin = _render(kind, form, "sr")
    cyrillic = _render(kind, form, "sr-Cyrl")
    page = ptr("document", "Page {page} of {pages}", "sr", page=1, pages="")
    assert page.strip() in latin
    assert to_cyrillic(page).strip() in cyrillic
    assert ptr("document", "CONFIDENTIAL", "sr-Cyrl") in cyrillic
    assert SERBIAN_LATIN.search(latin) and not CYRILLIC.search(latin)
    assert len(CYRILLIC.findall(cyrillic)) > 100
    assert "\ufffd" not in latin + cyrillic  # no glyph the font lacks


def test_profile_field_labels_are_in_the_document_script(form: Any) -> None:
    latin = _render("care-plan", form, "sr")
    cyrillic = _render("care-plan", form, "sr-Cyrl")
    assert "Ime oca" in latin and "Име оца" in cyrillic
    assert "Datum rođenja" in latin and "Датум рођења" in cyrillic
    for albanian in ("Atësia", "Gjinia", "Datëlindja"):
        assert albanian not in latin + cyrillic
