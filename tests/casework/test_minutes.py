"""The minutes of a multidisciplinary meeting print with the attendance list to sign."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from desktop.core.casework.errors import MissingValue, UnknownCode
from desktop.core.casework.meetings import record_meeting
from desktop.core.documents.minutes import minutes_pdf
from desktop.core.store import Store

from .conftest import new_case, new_person


def pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)


def test_minutes_of_a_meeting_with_three_institutions_and_two_tasks(store: Store) -> None:
    child = new_person(store, first_name="Arbër", last_name="Çeliku", birth_date="2014-03-01",
                       personal_id=None)
    case = new_case(store, "child_protection", person=child)
    meeting = record_meeting(
        store, meeting_date="2026-02-10", group="gtn", place="Zyra e Shërbimeve Sociale",
        attendees=[{"name": "Arta Hoxha", "institution": "social_services"},
                   {"name": "Ilir Leka", "institution": "police"},
                   {"name": "Mirela Gjoçi", "institution": "school"}],
        case_ids=[case.id], case_decisions={case.id: "Vendosje emergjente te të afërmit."},
        tasks=[{"description": "Vizitë në familje", "owner": "Arta Hoxha",
                "case_id": case.id, "due": "2026-02-17"},
               {"description": "Njoftim i gjykatës", "owner": "Ilir Leka"}])
    text = pdf_text(minutes_pdf(store, meeting.id, printed_by="Arta Hoxha", language="sq"))
    assert case.fields["case_number"] in text
    for expected in ("Mirela Gjoçi", "Policia", "Shkolla", "Vendosje emergjente te të afërmit.",
                     "Vizitë në familje", "Njoftim i gjykatës", "17.02.2026", "10.02.2026",
                     "Zyra e Shërbimeve Sociale"):
        assert expected in text, expected


def test_a_decision_for_a_case_not_discussed_or_no_attendee_is_refused(store: Store) -> None:
    case, other = new_case(store), new_case(store)
    with pytest.raises(UnknownCode):
        record_meeting(store, group="gtn", attendees=[{"name": "A", "institution": "police"}],
                       case_ids=[case.id], case_decisions={other.id: "Nothing"})
    with pytest.raises(MissingValue) as refused:
        record_meeting(store, group="gtn", attendees=[], case_ids=[case.id])
    assert "attendee" in str(refused.value)
    assert store.query("meeting") == []


def test_a_childs_protection_plan_is_marked_agreed_in_the_meeting(store: Store) -> None:
    from desktop.core.casework.meetings import NoProtectionPlan, mark_plan_agreed
    from desktop.core.casework.plans import create_plan

    child = new_person(store, first_name="Arbër", birth_date="2014-03-01", personal_id=None)
    case = new_case(store, "child_protection", person=child)
    without_plan = new_case(store, "child_protection",
                            person=new_person(store, first_name="Ema", personal_id=None,
                                              birth_date="2015-01-01"))
    meeting = record_meeting(store, meeting_date="2026-02-10", group="gtn",
                             attendees=[{"name": "Ilir Leka", "institution": "police"}],
                             case_ids=[case.id, without_plan.id])
    plan = create_plan(store, case.id, plan_type="protection_plan")
    agreed = mark_plan_agreed(store, meeting.id, case.id)
    assert agreed.id == plan.id
    assert agreed.fields["agreed_in_meeting"] == meeting.id
    assert agreed.fields["agreed_on"] == "2026-02-10"
    with pytest.raises(NoProtectionPlan) as refused:
        mark_plan_agreed(store, meeting.id, without_plan.id)
    assert without_plan.fields["case_number"] in str(refused.value)
