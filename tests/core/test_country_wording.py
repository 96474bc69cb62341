"""A country's own wording: a Kosovo vault says Komuna where Albania says Bashkia, in every
message the Albanian catalog words with an Albanian institution."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from babel.messages.pofile import read_po

from desktop.core.i18n import (
    LOCALE_DIR,
    cptr,
    current_country,
    ntr,
    ptr,
    set_country,
    tr,
)

# Albanian institutions and terms of Albania's administration, as each catalog says them
# (the Cyrillic catalog is made from the Latin Serbian one).
ALBANIA_ONLY = {
    "sq": re.compile(r"[Bb]ashki|Këshill\w* Bashkiak|Policia e Shtetit|"
                     r"Drejtoria e Shërbimeve Sociale|[Nn]jësi\w* administrativ"),
    "sr": re.compile(r"Državna policija|Direkcija za socijalne usluge|"
                     r"[Aa]dministrativn\w* jedinic|[Ss]ve jedinice|[Bb]ilo koja jedinica"),
}
# Messages about Albania itself (the choice of country on the command line).
ABOUT_ALBANIA = ("AL for an Albanian municipality, XK for a Kosovo one",)
KOSOVO = {None: "XK", "document": "document@XK", "report": "report@XK"}


@pytest.fixture
def kosovo() -> Iterator[None]:
    before = current_country()
    set_country("XK")
    yield
    set_country(before)


@pytest.mark.parametrize("language", ["sq", "sr"])
def test_every_albanian_institution_has_its_kosovo_wording(language: str) -> None:
    with (LOCALE_DIR / language / "LC_MESSAGES" / "kujdes.po").open("rb") as handle:
        catalog = read_po(handle)
    albania_only = ALBANIA_ONLY[language]
    own = {(m.context, m.id) for m in catalog if (m.context or "").endswith("XK")}
    missing = []
    for message in catalog:
        text = message.string if isinstance(message.string, str) else " ".join(message.string)
        if not message.id or message.id in ABOUT_ALBANIA or message.context not in KOSOVO:
            continue
        if albania_only.search(text or "") and (KOSOVO[message.context], message.id) not in own:
            missing.append(message.id)
    assert missing == []
    for context, message_id in own:
        wording = catalog.get(message_id, context=context).string
        wording = wording if isinstance(wording, str) else " ".join(wording)
        assert wording and not albania_only.search(wording), message_id


def test_the_open_vaults_country_words_the_screens(kosovo: None) -> None:
    assert tr("Administrative unit", "sq") == "Komuna"
    assert tr("Beneficiary", "en") == "Client"
    assert ptr("report", "Municipality", "sq") == "Komuna"
    assert tr("Vault created for {user}.", "sq", user="drita") == \
        "U krijua kasaforta për drita."  # no Kosovo wording: as everywhere
    assert ntr("{n} case", "{n} cases", 3, "sq") == "3 raste"
    assert ntr("Refused by the municipal server: {n} change",
               "Refused by the municipal server: {n} changes", 2, "sq") == \
        "Të refuzuara nga serveri i komunës: 2 ndryshime"
    set_country("AL")
    assert tr("Administrative unit", "sq") == "Njësia administrative"
    assert ptr("report", "Municipality", "sq") == "Bashkia"


def test_a_document_names_its_own_country(kosovo: None) -> None:
    set_country(None)
    assert cptr("XK", "document", "State Police", "sq") == "Policia e Kosovës"
    assert cptr("XK", "document", "State Police", "en") == "Kosovo Police"
    assert cptr("AL", "document", "State Police", "sq") == "Policia e Shtetit"
    assert cptr(None, "document", "Municipality of {name}", "sq", name="Pukë") == "Bashkia Pukë"


def test_a_form_says_euro_and_client_in_kosovo(kosovo: None) -> None:
    from desktop.core.forms.catalog import form_definition
    from desktop.core.forms.display import localized

    intake = form_definition(None, "intake", 1)
    income = intake.field("monthly_income")
    assert income.text("sq") == "Të ardhurat mujore të familjes (euro)"
    assert localized(income.label, "en") == "Monthly household income (EUR)"
    assert intake.choice("relations", "beneficiary").text("sq") == "Klienti"
    set_country("AL")
    assert income.text("sq") == "Të ardhurat mujore të familjes (lekë)"
    assert localized(income.label, "en") == "Monthly household income (ALL)"


def test_case_field_labels_in_serbian_cyrillic() -> None:
    from desktop.core.i18n import set_language
    from desktop.core.views.case_texts import CaseTexts
    from sync.profile import load_profile

    texts = CaseTexts(load_profile("XK"))
    set_language("sr-Cyrl")
    assert texts.field_label("case", "administrative_unit") == "Општина / подручје"
    assert texts.field_label("case", "referral_source") != "Burimi i referimit"
    set_language("sq")
    assert texts.field_label("case", "administrative_unit") == "Komuna / zona"
