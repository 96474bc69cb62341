"""The printed plan: the case number on one line, and the signatures never alone on a page
(the agreement they sign goes with them; they stay on page 1 when it has room)."""

from __future__ import annotations

import dataclasses

import pytest

from desktop.core.documents import render_document
from tests.documents import samples
from tests.documents.conftest import pdf_pages

PLANS = ("care-plan", "protection-plan", "employment-plan", "home-service-plan")
WIDE_NUMBER = "PUK-2026-WWWW-00012"   # a device code of wide letters


def _pages(kind: str, actions: int, language: str = "sq", **case: str) -> list[str]:
    records, case_type = samples.records_for(kind)
    records["actions"] = samples.actions(actions)
    ctx = samples.context(case_type=case_type, language=language,
                          **({"person_record": samples.child()}
                             if kind == "protection-plan" else {}))
    if case:
        ctx = dataclasses.replace(ctx, case=samples.rec("case", "c-1", **{
            **samples.case(case_type).fields, **case}))
    return pdf_pages(render_document(kind, ctx, **records))


@pytest.mark.parametrize("kind", PLANS)
def test_a_wide_case_number_stays_on_one_line(kind: str) -> None:
    first = _pages(kind, 1, case_number=WIDE_NUMBER)[0]
    assert WIDE_NUMBER in first.split("Plani do të")[0]   # in the facts strip, unbroken
    assert first.count(WIDE_NUMBER) >= 2                   # and in the footer


@pytest.mark.parametrize("kind", PLANS)
@pytest.mark.parametrize("actions", range(0, 9))
def test_the_signatures_are_never_alone_on_a_page(kind: str, actions: int) -> None:
    pages = _pages(kind, actions)
    [signed] = [page for page in pages if "Nënshkrimet" in page]
    assert "Rishikimi dhe pëlqimi" in signed and "u informua për përmbajtjen" in signed
    assert "përmban të dhëna personale dhe është konfidencial" in signed  # the notes too
    last = pages[-1].split("KONFIDENCIALE")[0]
    assert "Nënshkrimet" in last        # no page of privacy notes alone


def test_one_action_care_plan_keeps_its_privacy_notes_on_page_one() -> None:
    for language, notes in (("sq", "Të dhënat e ndjeshme nuk janë përfshirë"),
                            ("en", "Sensitive data is left out")):
        pages = _pages("care-plan", 1, language)
        assert len(pages) == 1, language
        assert notes in pages[0], language


def test_one_action_care_plan_signs_on_page_one() -> None:
    for language, signatures in (("sq", "Nënshkrimet"), ("en", "Signatures")):
        pages = _pages("care-plan", 1, language)
        assert signatures in pages[0], language
