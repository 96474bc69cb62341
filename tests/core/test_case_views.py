"""What the case view and the plan editor read: the case with its records, counts, the
printable documents, the audit entry of a view; the plan editor's goals as text."""

from __future__ import annotations

import pytest

from desktop.core.casework.plans import add_action, create_plan
from desktop.core.casework.referrals import refer
from desktop.core.store import Store
from desktop.core.vault import OpenVault
from desktop.core.views.case import (
    case_heading,
    goal_text,
    load_case,
    referral_context,
    visit_context,
)
from desktop.core.views.case_texts import CaseTexts
from desktop.core.views.plan import goals_from_text, goals_to_text, load_plan
from desktop.core.views.profile_lists import (
    field_choices,
    profile_entries,
    profile_label,
    service_entries,
)
from tests.casework.conftest import TODAY, new_case


@pytest.fixture
def store(vault: OpenVault) -> Store:
    return vault.store


def _audit_views(store: Store, case_id: str) -> int:
    with store.reading() as conn:
        return conn.exec_driver_sql(
            "SELECT COUNT(*) FROM audit WHERE record_id = ? AND action = 'view'",
            (case_id,)).fetchone()[0]


def test_load_case_reads_everything_and_audits_the_view(store: Store) -> None:
    case = new_case(store)
    plan = create_plan(store, case.id, goals=["Ngrohje"], created_on=TODAY)
    add_action(store, plan.id, description="Dru për dimër")
    refer(store, case.id, "home_care", provider_name="Kryqi i Kuq", sent_on=TODAY)
    data = load_case(store, case.id)
    assert data.person is not None and data.household is not None
    assert data.current_plan is not None and data.current_plan.id == plan.id
    assert [a.fields["description"] for a in data.current_plan_actions] == ["Dru për dimër"]
    assert data.open_referrals == 1 and data.active_measures == 0
    assert data.last_visit_on == ""
    assert data.is_household_head(data.person.id)
    assert [d.kind for d in data.documents] == ["plan", "referral_letter"]
    assert _audit_views(store, case.id) == 1
    load_case(store, case.id, audit=False)
    assert _audit_views(store, case.id) == 1


def test_headings_and_plan_view(store: Store) -> None:
    case = new_case(store)
    heading = case_heading(store, case.id)
    assert heading.number == case.fields["case_number"] and heading.status == "open"
    assert heading.name == "Engjëll Çela"
    referral = referral_context(store, case.id)
    assert referral.heading == heading and referral.referrals == []
    assert referral.target_groups == ["income"]
    assert visit_context(store, case.id).warnings == []
    view = load_plan(store, case.id)
    assert view.plan is None and view.actions == [] and view.case_type == "social_care"
    assert view.number == case.fields["case_number"]


def test_goals_as_lines() -> None:
    assert goals_from_text("- Ngrohje\n\n• Ushqim \n") == ["Ngrohje", "Ushqim"]
    assert goals_to_text([{"text": "Ngrohje"}, "Ushqim"]) == "Ngrohje\nUshqim"
    assert goal_text({"text": "Strehim"}) == "Strehim" and goal_text("x") == "x"


def test_profile_lists_come_from_the_profile(store: Store) -> None:
    profile = store.profile
    protocols = profile_entries(profile, "visit_protocols")
    assert [code for code, _label in protocols] == profile.codes("visit_protocols")
    assert profile_label(profile, "referral_statuses", "sent") == "Sent"
    assert field_choices(profile, "person", "sex") == ("F", "M")
    assert field_choices(profile, "person", "no_such_field") == ()
    services = dict(service_entries(profile))
    assert "home_care" in services and "·" in services["home_care"]


def test_case_texts_read_codes_and_dates_as_labels(store: Store) -> None:
    texts = CaseTexts(store.profile)
    assert texts.field_value("person", "birth_date", "1950-03-04") == "04.03.1950"
    assert texts.field_value("person", "target_groups", ["income"]) == \
        store.profile.label("target_groups", "income", "en")
    assert texts.code_text("F", "sex") == "Female"
    assert texts.code_text("superseded") == "Superseded"   # a status the profile has no list for
    assert texts.code_text("no-such-code") == "no-such-code"
    assert texts.field_label("person", "birth_date") == "Date of birth"
