"""The consent form writes the consent record; its status (given, refused, withdrawn) is kept
with its history; without a valid consent, a plan or referral is told."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core.casework.assessments import save_assessment
from desktop.core.casework.consent import (
    ConsentNotGiven,
    FutureDate,
    consent_missing,
    withdraw_consent,
)
from desktop.core.casework.errors import DateOrder
from desktop.core.store import Store

from .conftest import TODAY, new_case

ANSWERS = {"consent_date": TODAY.isoformat(), "consent_kind": "consent", "decision": "given",
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
    assert (fields["status"], fields["decided_by"], fields["recorded_by"]) == \
        ("given", "person", "arta")
    assert consent_missing(store, person_id, TODAY.isoformat()) == ""
    assert consent_missing(store, person_id, "2027-04-01") != ""    # expired by then


def test_a_guardian_refusal_is_recorded_and_counts_as_no_consent(store: Store) -> None:
    case = new_case(store)
    person_id = case.fields["person_id"]
    refused = {**ANSWERS, "consent_kind": "guardian_consent", "decision": "refused",
               "signed_by": "guardian", "guardian_basis": "Nëna"}
    refused.pop("signed")
    save_assessment(store, case.id, "consent", refused, submitted_on=TODAY)
    record = store.query("consent", person_id=person_id)[0]
    assert (record.fields["status"], record.fields["decided_by"]) == ("refused",
                                                                      "representative")
    assert "was refused" in consent_missing(store, person_id, TODAY.isoformat())


def test_a_withdrawal_keeps_the_history_and_ends_the_consent(store: Store) -> None:
    case = new_case(store)
    person_id = case.fields["person_id"]
    save_assessment(store, case.id, "consent", ANSWERS, submitted_on=TODAY)
    consent = store.query("consent", person_id=person_id)[0]
    later = TODAY + dt.timedelta(days=10)
    withdrawn = withdraw_consent(store, consent.id, on=later, by="representative",
                                 reason="Nuk dëshiron më")
    f = withdrawn.fields
    assert (f["status"], f["status_on"], f["decided_by"], f["recorded_by"]) == \
        ("withdrawn", later.isoformat(), "representative", "arta")
    assert [(h["status"], h["on"], h["by"]) for h in f["history"]] == [
        ("given", TODAY.isoformat(), "person"), ("withdrawn", later.isoformat(),
                                                 "representative")]
    assert "was withdrawn" in consent_missing(store, person_id, later.isoformat())
    with pytest.raises(ConsentNotGiven, match="withdrawn"):
        withdraw_consent(store, consent.id, on=later)


def test_a_withdrawal_date_is_checked_not_changed(store: Store) -> None:
    case = new_case(store)
    save_assessment(store, case.id, "consent", ANSWERS, submitted_on=TODAY)
    consent = store.query("consent", person_id=case.fields["person_id"])[0]
    with pytest.raises(DateOrder, match="cannot be before"):
        withdraw_consent(store, consent.id, on=TODAY - dt.timedelta(days=1))
    with pytest.raises(FutureDate, match="in the future"):
        withdraw_consent(store, consent.id, on=dt.date.today() + dt.timedelta(days=2))
    assert store.get(consent.id).fields["status"] == "given"


@pytest.mark.parametrize("country", ["AL", "XK"])
def test_both_profiles_accept_a_withdrawn_consent(country: str) -> None:
    """What the laptop writes is what the server checks against the same profile."""
    from desktop.core.casework.demo_consent import demo_consent
    from sync.profile import load_profile

    profile = load_profile(country)
    _id, record_type, fields = demo_consent("c-1", {"case_number": "X-00002"}, "p-1",
                                            "2026-01-05", "arta", False, dt.date(2026, 6, 1))
    fields.update(status="withdrawn", status_on="2026-02-01", withdrawal_reason="Nuk do")
    assert profile.validate_fields(record_type, fields, complete=True) == []
    assert [profile.label("consent_parties", code, "en") for code in
            ("person", "representative")] == \
        ["The beneficiary" if country == "AL" else "The client", "The legal representative"]
