"""Every document kind, from synthetic records, checked through the text of its PDF."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from desktop.core.documents import KINDS, DocumentContext, render_document
from tests.documents import samples
from tests.documents.conftest import pdf_pages, pdf_text

PLAN_KINDS = ("care-plan", "protection-plan", "employment-plan", "home-service-plan")


def make(kind: str, form: Any, **over: Any) -> tuple[bytes, DocumentContext]:
    records, case_type = samples.records_for(kind, form)
    records.update(over.pop("records", {}))
    if kind == "protection-plan":
        over.setdefault("person_record", samples.child())
    ctx = samples.context(case_type=case_type, **over)
    return render_document(kind, ctx, **records), ctx


def beneficiary_name(kind: str) -> str:
    return "Dritë Çela" if kind == "protection-plan" else "Ërmira Çela"


# What each kind must show from its own records.
CONTENT = {
    "care-plan": ["Ërmira merr çdo ditë një vakt të ngrohtë", "Shtëpia ngrohet gjatë dimrit",
                  "Shpërndarje e një vakti"],
    "protection-plan": ["Ërmira merr çdo ditë", "Masë mbrojtjeje për fëmijën",
                        "Njësia për Mbrojtjen e"],
    "employment-plan": ["Lidhja me familjen dhe fqinjët", "Situata ekonomike e familjes",
                        "18 000 ALL"],
    "home-service-plan": ["Shtëpia ngrohet gjatë dimrit", "Shtëpi përdhese",
                          "Shërbimet në shtëpi dhe kalendari i vizitave"],
    "referral": ["Qendra Ditore «Nënë Tereza», Pukë", "Qendër ditore",
                 "Ërmira jeton vetëm dhe ka nevojë për kujdes"],
    "visit-report": ["Shtëpia është e pastër por e ftohtë", "Vizitë rutinë", "05.01.2026"],
    "dv-60-day": ["Policia e Shtetit", "Gjykata e Rrethit Gjyqësor Shkodër",
                  "Nuk u raportua asnjë afrim", "Raporti nr. 2", "11.01.2026 – 11.03.2026"],
    "assessment": ["Vlerësimi funksional i të moshuarit", "Larja dhe higjiena", "E kryen vetë",
                   "Familja, Fqinjët", "Pikët e aftësive të përditshme"],
    "consent": ["Tërhequr", "10.03.2026", "02.03.2026", "Qendra shëndetësore, Shkolla",
                "Referim te një shërbim", "Ërmira nuk dëshiron që shkolla të njoftohet"],
}


@pytest.mark.parametrize("kind", KINDS)
def test_document_carries_case_person_content_and_footer(kind: str, form: Any) -> None:
    pdf, _ = make(kind, form)
    pages = pdf_pages(pdf)
    text = "\n".join(pages)
    assert samples.CASE_NUMBER in text
    assert beneficiary_name(kind) in text
    for expected in CONTENT[kind]:
        assert expected in text, expected
    assert "ë" in text and "ç" in text and "Ë" in text and "Ç" in text
    assert "Bashkia Pukë" in text and "REPUBLIKA E SHQIPËRISË" in text
    assert "Shtypur më 14.03.2026 10:35 nga Blerina Dushaj" in text
    for n, page in enumerate(pages, start=1):
        assert f"Faqe {n} nga {len(pages)}" in page
    assert "Nënshkrimi" in text


@pytest.mark.parametrize("kind", KINDS)
def test_sensitive_fields_are_left_out_by_default(kind: str, form: Any) -> None:
    text = pdf_text(make(kind, form)[0])
    for value in samples.SENSITIVE.values():
        assert value not in text
    assert "Dhunuesi jeton në familje" not in text or kind == "dv-60-day"
    assert "Viktima të dhunës në familje" not in text
    assert "Të dhënat e ndjeshme nuk janë përfshirë" in text
    assert "Përmban të dhëna të ndjeshme".upper() not in text


@pytest.mark.parametrize("kind", KINDS)
def test_sensitive_fields_are_included_when_chosen(kind: str, form: Any) -> None:
    text = pdf_text(make(kind, form, include_sensitive=True)[0])
    assert samples.SENSITIVE["address"] in text
    if kind in ("dv-60-day", "protection-plan"):
        assert samples.SENSITIVE["details"] in text
    if kind in ("care-plan", "referral", "employment-plan", "home-service-plan"):
        assert samples.SENSITIVE["health_diagnosis"] in text
        assert samples.SENSITIVE["ethnicity"] in text
        assert "Viktima të dhunës në familje" in text
    if kind == "assessment":
        assert "Metformin 500 mg" in text
    assert "PËRMBAN TË DHËNA TË NDJESHME" in text
    assert "Të dhënat e ndjeshme nuk janë përfshirë" not in text


@pytest.mark.parametrize("kind", KINDS)
def test_english_uses_english_labels(kind: str, form: Any) -> None:
    pages = pdf_pages(make(kind, form, language="en")[0])
    text = "\n".join(pages)
    assert "Page 1 of" in text and "Faqe" not in text
    assert "Printed on 14.03.2026 10:35 by Blerina Dushaj" in text
    assert "Municipality of Pukë" in text and "REPUBLIC OF ALBANIA" in text
    assert "Signature" in text and "CONFIDENTIAL" in text
    assert beneficiary_name(kind) in text
    titles = {"care-plan": "Individual care and support plan",
              "protection-plan": "Individual Protection Plan",
              "employment-plan": "Individual employment plan",
              "home-service-plan": "Home-service plan", "referral": "Referral letter",
              "visit-report": "Home visit report",
              "dv-60-day": "60-day monitoring report on the protection order",
              "assessment": "Assessment summary",
              "consent": "Consent and legal basis for sharing information"}
    assert titles[kind] in text
    assert "Date of birth" in text or kind == "assessment" and "Completed on" in text


def test_english_assessment_uses_english_form_labels(form: Any) -> None:
    text = pdf_text(make("assessment", form, language="en")[0])
    assert "Washing and hygiene" in text and "Does it alone" in text
    assert "Functional assessment of an older person" in text


def test_long_plan_paginates_with_footer_on_every_page(form: Any) -> None:
    goals = [f"Objektivi nr. {n}: Ërmira përmbush hapin {n} të planit me ndihmën e çdo "
             f"anëtari të familjes." for n in range(1, 31)]
    records = {"plan": samples.plan(goals=goals), "actions": samples.actions(60)}
    pdf, _ = make("care-plan", form, records=records)
    pages = pdf_pages(pdf)
    assert len(pages) >= 3
    for n, page in enumerate(pages, start=1):
        assert f"Faqe {n} nga {len(pages)}" in page
        assert "Shtypur më 14.03.2026 10:35 nga Blerina Dushaj" in page
        assert samples.CASE_NUMBER in page
    text = "\n".join(pages)
    assert "Objektivi nr. 30" in text
    assert text.count("Shpërndarje e një vakti") == 15


def test_dates_are_printed_day_month_year(form: Any) -> None:
    text = pdf_text(make("care-plan", form)[0])
    assert "12.01.2026" in text and "15.06.2026" in text and "02.07.1951" in text
    assert "2026-01-12" not in text


def test_approval_block_only_where_the_plan_type_requires_it(form: Any) -> None:
    pim = pdf_text(make("protection-plan", form)[0])
    care = pdf_text(make("care-plan", form)[0])
    assert "Përgjegjësi i njësisë" in pim and "Prindi / kujdestari ligjor" in pim
    assert "Arben Çela" in pim
    assert "Përgjegjësi i njësisë" not in care and "Përfituesi" in care


def test_sensitive_case_type_is_not_named_by_default(form: Any) -> None:
    records = {"plan": samples.plan(), "actions": samples.actions(1)}
    ctx = samples.context(case_type="domestic_violence")
    text = pdf_text(render_document("care-plan", ctx, **records))
    assert "Dhunë në familje" not in text
    shown = dataclasses.replace(ctx, include_sensitive=True)
    assert "Dhunë në familje" in pdf_text(render_document("care-plan", shown, **records))


def test_serbian_latin_and_cyrillic_render(form: Any) -> None:
    person = samples.person(first_name="Đorđe", last_name="Petrović",
                            father_name="Čedomir Šćekić Žarko")
    plan = samples.plan(goals=["Ђорђе добија помоћ у кући.", "Živi bezbedno; ćerka pomaže."])
    ctx = samples.context(person_record=person)
    text = pdf_text(render_document("care-plan", ctx, plan=plan, actions=[]))
    for expected in ("Đorđe Petrović", "Čedomir Šćekić Žarko", "Ђорђе добија помоћ у кући.",
                     "Živi bezbedno; ćerka pomaže."):
        assert expected in text


def test_markup_in_content_is_printed_as_text(form: Any) -> None:
    plan = samples.plan(goals=["Pagesa <b>qiraje</b> & ngrohje", {"text": "a < b > c"}])
    ctx = samples.context(person_record=samples.person(last_name="Çela & <Hoxha>"))
    text = pdf_text(render_document("care-plan", ctx, plan=plan, actions=[]))
    assert "Pagesa <b>qiraje</b> & ngrohje" in text
    assert "a < b > c" in text and "Çela & <Hoxha>" in text


def test_visit_history_prints_every_visit(form: Any) -> None:
    visits = [samples.visit(n) for n in range(5)]
    ctx = samples.context()
    text = pdf_text(render_document("visit-report", ctx, visits=visits))
    assert "Historiku i vizitave në shtëpi" in text
    for n in range(1, 6):
        assert f"Vizita {n} –" in text


def test_dv_report_lists_earlier_reports_and_next_due(form: Any) -> None:
    text = pdf_text(make("dv-60-day", form)[0])
    assert "Raportet e mëparshme" in text and "12.11.2025 – 10.01.2026" in text
    assert "Raporti i radhës duhet më 11.05.2026" in text
    first = render_document("dv-60-day", samples.context(case_type="domestic_violence"),
                            measure=samples.measure(), report_index=0)
    assert "Raporti nr. 1" in pdf_text(first)


def test_dv_report_without_reports_prints_an_empty_period(form: Any) -> None:
    ctx = samples.context(case_type="domestic_violence")
    text = pdf_text(render_document("dv-60-day", ctx, measure=samples.measure(reports=[])))
    assert "Nuk ka përmbajtje për këtë periudhë." in text
    assert "10.01.2026 – 14.03.2026" in text


def test_assessment_without_its_form_shows_field_names(form: Any) -> None:
    ctx = samples.context()
    assessment = samples.assessment(form_id="no_such_form", form_version=1)
    text = pdf_text(render_document("assessment", ctx, assessment=assessment))
    assert "Përkufizimi i formularit nuk u gjet" in text
    assert "washing" in text and "alone" in text
    assert "Metformin" in text  # without a definition nothing says the field is sensitive


def test_a_pdf_embeds_the_dejavu_font(form: Any) -> None:
    import io

    from pypdf import PdfReader

    pdf, _ = make("care-plan", form)
    embedded = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts") or [font]
            for d in descendants:
                descriptor = d.get_object().get("/FontDescriptor")
                if descriptor is not None and "/FontFile2" in descriptor.get_object():
                    embedded.add(str(font["/BaseFont"]).split("+")[-1])
    assert {"DejaVuSans", "DejaVuSans-Bold"} <= embedded


def test_assessment_finds_its_form_definition(form: Any, monkeypatch: pytest.MonkeyPatch
                                              ) -> None:
    from desktop.core.forms import loader

    monkeypatch.setattr(loader, "FORMS_DIR", form.path.parent.parent)
    ctx = samples.context(language="en")
    text = pdf_text(render_document("assessment", ctx, assessment=samples.assessment()))
    assert "Washing and hygiene" in text and "Family, Neighbours" in text
    assert "Metformin" not in text
