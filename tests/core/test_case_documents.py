"""The case's printable documents: the same form filled twice on one day reads as two
different lines (which one of the day, the time it was saved, and by whom)."""

from __future__ import annotations

import datetime as dt

from desktop.core.casework.assessments import save_assessment
from desktop.core.vault import OpenVault
from desktop.core.views.case import load_case
from tests.ui.test_forms_support import make_case

TODAY = dt.date.today()
CONSENT = {"consent_date": TODAY.isoformat(), "consent_kind": "consent", "decision": "given",
           "institutions": ["school"], "purposes": ["referral"],
           "data_shared": ["identification"],
           "valid_until": (TODAY + dt.timedelta(days=90)).isoformat(),
           "signed_by": "beneficiary", "informed": True, "signed": True}


def test_the_same_form_twice_a_day_gets_its_time_and_author(vault: OpenVault) -> None:
    store = vault.store
    _person, case_id = make_case(store)
    first = save_assessment(store, case_id, "consent", CONSENT)
    second = save_assessment(store, case_id, "consent", CONSENT)
    docs = [d for d in load_case(store, case_id).documents if d.kind == "assessment_summary"]
    assert {d.record_id for d in docs} == {first.id, second.id}
    assert all(d.saved_at and d.saved_by == store.user for d in docs)
    assert sorted((d.nth, d.record_id) for d in docs) == [(1, first.id), (2, second.id)]
    consents = [d for d in load_case(store, case_id).documents if d.kind == "consent"]
    assert sorted(d.nth for d in consents) == [1, 2]   # the consent records they wrote


def test_a_form_once_that_day_stays_short(vault: OpenVault) -> None:
    store = vault.store
    _person, case_id = make_case(store)
    save_assessment(store, case_id, "consent", CONSENT)
    [doc] = [d for d in load_case(store, case_id).documents if d.kind == "assessment_summary"]
    assert doc.nth == 0 and doc.saved_at == "" and doc.saved_by == ""
