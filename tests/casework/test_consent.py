"""The consent form writes the consent record; without one, a plan or referral is told."""

from __future__ import annotations

from desktop.core.casework.assessments import save_assessment
from desktop.core.casework.consent import consent_missing
from desktop.core.store import Store

from .conftest import TODAY, new_case

ANSWERS = {"consent_date": TODAY.isoformat(), "consent_kind": "consent",
           "institutions": ["school", "health_centre"], "purposes": ["referral"],
           "data_shared": ["identification", "contact"],
           "valid_until": "2027-03-02", "signed_by": "beneficiary", "informed": True,
           "signed": True}


def test_the_consent_form_writes_the_consent_record(store: Store) -> None:
    case = new_case(store)
    person_id = case.fields["person_id"]
    assert "no consent" in consent_missing(store, person_id, TODAY.isoformat())
    save_assessment(store, case.id, "consent", ANSWERS, submitted_on=TODAY)
    consents = store.query("consent", person_id=person_id)
    assert len(consents) == 1
    fields = consents[0].fields
    assert fields["kind"] == "consent" and fields["given_on"] == TODAY.isoformat()
    assert fields["legal_basis"] == "consent" and fields["case_id"] == case.id
    assert fields["institutions"] == ["school", "health_centre"]
    assert consent_missing(store, person_id, TODAY.isoformat()) == ""
    assert consent_missing(store, person_id, "2027-04-01") != ""    # expired by then
