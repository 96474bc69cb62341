"""The consent prints from the vault: given by the form, then withdrawn by the legal
representative, in Albanian, English and Serbian (text extracted from the PDF with pypdf)."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core.casework.assessments import save_assessment
from desktop.core.casework.consent import withdraw_consent
from desktop.core.store import Store
from desktop.core.vault import OpenVault
from desktop.core.views.printing import DocumentRequest, render_request
from tests.casework.conftest import new_case
from tests.casework.test_consent import ANSWERS
from tests.documents.conftest import pdf_text

GIVEN = dt.date.today() - dt.timedelta(days=20)
WITHDRAWN = dt.date.today() - dt.timedelta(days=2)

EXPECTED = {
    "sq": ["Pëlqimi dhe baza ligjore për ndarjen e informacionit", "Engjëll Çela",
           "Tërhequr", "Përfaqësuesi ligjor", "Shkolla, Qendra shëndetësore",
           "Referim te një shërbim", "Historiku i pëlqimit", "u tërhoq më",
           "Nuk dëshiron më"],
    "en": ["Consent and legal basis for sharing information", "Withdrawn",
           "The legal representative", "School, Health centre", "History of the consent",
           "was withdrawn on"],
    "sr": ["Saglasnost i pravni osnov za deljenje informacija", "Povučena",
           "Zakonski zastupnik", "Škola, Dom zdravlja", "Istorija saglasnosti"],
}


@pytest.fixture
def store(vault: OpenVault) -> Store:
    return vault.store


@pytest.fixture
def withdrawn_case(store: Store) -> str:
    case = new_case(store)
    answers = {**ANSWERS, "consent_date": GIVEN.isoformat(),
               "valid_until": (GIVEN + dt.timedelta(days=365)).isoformat()}
    save_assessment(store, case.id, "consent", answers, submitted_on=GIVEN)
    consent = store.query("consent", case_id=case.id)[0]
    withdraw_consent(store, consent.id, on=WITHDRAWN, by="representative",
                     reason="Nuk dëshiron më")
    return case.id


@pytest.mark.parametrize("language", ["sq", "en", "sr"])
def test_the_withdrawn_consent_prints_with_its_history(store: Store, withdrawn_case: str,
                                                      language: str) -> None:
    document = render_request(store, DocumentRequest(withdrawn_case, "consent",
                                                     language=language))
    text = pdf_text(document.pdf)
    for expected in EXPECTED[language]:
        assert expected in text, expected
    assert GIVEN.strftime("%d.%m.%Y") in text and WITHDRAWN.strftime("%d.%m.%Y") in text
    assert "arta" in text                      # who recorded it
    for internal in ("consent_kind", "decided_by", "withdrawn_on", "social_care_law"):
        assert internal not in text               # no internal names


def test_a_case_without_consent_has_none_to_print(store: Store) -> None:
    case = new_case(store)
    with pytest.raises(Exception, match="no consent to print"):
        render_request(store, DocumentRequest(case.id, "consent"))
