"""Every built-in form's scoring through save_assessment, on worked examples."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from desktop.core.casework.assessments import assessments_of_case, save_assessment
from desktop.core.casework.errors import AssessmentInvalid, FormUnavailable
from desktop.core.forms import list_forms
from desktop.core.store import Store

from .conftest import new_case, outbox_count

DAY = dt.date(2026, 3, 1)
D = DAY.isoformat()

ELDERLY = {"assessment_date": D, "informant": "self", "lives_alone": "yes", "has_carer": "no",
           "b_feeding": "10", "b_bathing": "0", "b_grooming": "5", "b_dressing": "5",
           "b_bowels": "10", "b_bladder": "5", "b_toilet": "5", "b_transfers": "10",
           "b_mobility": "10", "b_stairs": "5",
           "l_telephone": "answers_only", "l_shopping": "small_purchases",
           "l_food": "if_supplied", "l_housekeeping": "needs_help_all",
           "l_laundry": "small_items", "l_transport": "accompanied_public",
           "l_medication": "prepared", "l_finances": "day_to_day"}
DV = {"assessment_date": D, "violence_duration": "over_5y", "previous_reports": "no",
      "escalation": "yes", "violence_types": ["psychological"], "injuries": "medical",
      "strangulation": "no", "threats_to_kill": "no", "threats_children": "no",
      "threats_suicide": "no", "fears_for_life": "no", "weapon_access": "no",
      "weapon_used": "no", "abuser_relation": "spouse", "abuser_same_household": "yes",
      "abuser_substance": "no", "abuser_controlling": "yes", "recent_separation": "no",
      "children_present": "yes", "children_count": 2, "children_witnessed": "yes",
      "children_harmed": "no", "protection_order_status": "protection_order",
      "order_issued_on": "2026-01-10", "order_violated": "yes", "safety_plan": "yes"}
CHILD = {"assessment_date": D, "child_age": 9, "concerns": ["neglected"],
         "immediate_danger": "no", "perpetrator_access": "unknown", "safety_supervision": "2",
         "safety_environment": "0", "harm_severity": "1", "harm_frequency": "2",
         "child_vulnerability": "0", "caregiver_protection": "0", "caregiver_wellbeing": "0",
         "caregiver_parenting": "2", "caregiver_cooperation": "1", "need_basic": "2",
         "need_health": "0", "need_education": "2", "need_emotional": "0",
         "measure_proposed": "no", "review_date": "2026-04-01"}
INTAKE = {"assessment_date": D, "referral_source": "village_head", "previously_referred": "no",
          "reasons": ["economic_hardship"],
          "members": [{"member_relation": "beneficiary", "member_sex": "F", "member_age": 78}],
          "income_sources": ["pension"], "monthly_income": 14000.0, "chronic_illness": "yes",
          "health_card": "yes", "unmet_medical_care": "no", "has_disability": "no",
          "housing_type": "owned", "housing_condition": "adequate",
          "violence_in_household": "no", "immediate_danger": "no", "no_shelter_tonight": "no",
          "no_food": "no", "next_step": "open_case"}
DISABILITY = {"assessment_date": D, "age_group": "adult", "disability_type": "paraplegic",
              "severity": "severe", "commission_decision": "yes", "decision_date": "2025-05-10",
              "disability_payment": "yes", "carer": "personal_assistant",
              "personal_assistant_paid": "yes", "needs_areas": ["mobility", "personal_care"],
              "services_prescribed": ["rehabilitation", "assistive_devices", "day_centre",
                                      "transport"],
              "services_received": ["day_centre", "health_service"],
              "not_received_reasons": ["distance", "not_available"]}
SURVEY = {"survey_date": D, "service": "mobile_unit", "respondent": "beneficiary",
          "q_overall": "4", "q_information": "5", "q_respect": "5", "q_timeliness": "3"}
CONSENT = {"consent_date": D, "institutions": ["health_centre"], "purposes": ["referral"],
           "data_shared": ["identification", "health"], "valid_until": "2027-03-01",
           "consent_kind": "legal_obligation", "law": "child_rights_law",
           "legal_reference": "neni 51"}
VISIT = {"visit_date": D, "protocol": "routine",
         "present": [{"present_role": "beneficiary"}, {"present_role": "family_member"}],
         "beneficiary_seen": "yes", "housing_condition": "poor", "food_available": "no",
         "wellbeing": "concerning", "concerns": ["no_food", "isolation"],
         "observations": "Lives alone, little food.", "staff_safety_concern": "no",
         "follow_up_needed": "yes", "follow_up_date": "2026-03-15",
         "follow_up_action": "Bring a food package."}

EXAMPLES: list[tuple[str, str, dict[str, Any], dict[str, Any]]] = [
    ("elderly_functional", "elderly_care", ELDERLY,
     {"barthel_total": 65, "barthel_band": "moderate", "lawton_total": 5,
      "lawton_band": "moderate"}),
    ("dv_risk", "domestic_violence", DV, {"risk_score": 11, "risk_level": "medium"}),
    ("child_protection_risk", "child_protection", CHILD,
     {"safety_score": 3, "harm_score": 3, "caregiver_score": 3, "needs_score": 4,
      "risk_score": 13, "risk_level": "medium"}),
    ("intake", "social_care", INTAKE,
     {"household_size": 1, "elderly_count": 1, "income_per_person": 14000, "needs_score": 1,
      "urgency_level": "low"}),
    ("disability_needs", "disability", DISABILITY, {"prescribed_not_received": 3}),
    ("satisfaction", "social_care", SURVEY,
     {"answered_count": 4, "mean_score": 4.25, "satisfaction_level": "satisfied"}),
    ("consent", "social_care", CONSENT, {"legal_basis": "child_rights_law"}),
    ("home_visit", "elderly_care", VISIT, {"present_count": 2, "alert": "no"}),
]


def test_every_built_in_form_has_a_worked_example() -> None:
    assert {f.id for f in list_forms()} <= {e[0] for e in EXAMPLES}


@pytest.mark.parametrize(("form_id", "case_type", "answers", "expected"), EXAMPLES,
                         ids=[e[0] for e in EXAMPLES])
def test_scoring_through_save_assessment(store: Store, form_id: str, case_type: str,
                                         answers: dict[str, Any],
                                         expected: dict[str, Any]) -> None:
    case = new_case(store, case_type)
    record = save_assessment(store, case.id, form_id, answers, submitted_on=DAY)
    stored = store.require(record.id).fields
    newest = 2 if form_id == "consent" else 1   # consent v2: a consent may be refused
    assert stored["form_id"] == form_id and stored["form_version"] == newest
    assert stored["case_id"] == case.id and stored["person_id"] == case.fields["person_id"]
    assert stored["submitted_on"] == D and stored["submitted_by"] == "arta"
    assert {k: stored["computed"].get(k) for k in expected} == expected
    assert stored["answers"]["members" if form_id == "intake" else next(iter(answers))]
    assert assessments_of_case(store, case.id, form_id)[0].id == record.id


def test_a_computed_risk_level_becomes_the_case_risk(store: Store) -> None:
    case = new_case(store, "domestic_violence", risk_level="low")
    before = outbox_count(store)
    save_assessment(store, case.id, "dv_risk", DV, submitted_on=DAY)
    assert store.require(case.id).fields["risk_level"] == "medium"
    assert outbox_count(store) - before == 2  # the assessment and the case


def test_problems_are_listed_by_field_and_nothing_is_saved(store: Store) -> None:
    case = new_case(store, "domestic_violence")
    answers = {**DV, "children_count": 50, "injuries": None, "weapon_used": "perhaps"}
    with pytest.raises(AssessmentInvalid) as caught:
        save_assessment(store, case.id, "dv_risk", answers, submitted_on=DAY)
    message = str(caught.value)
    assert message.startswith("The Domestic violence risk assessment form cannot be saved: ")
    assert "Number of children: The value is not valid." in message
    assert "Injuries from the latest incident: This field is required." in message
    assert "Has used a weapon or threatened with one: Choose one of the options" in message
    assert store.count("assessment") == 0


def test_an_unknown_form_is_a_clear_error(store: Store) -> None:
    case = new_case(store)
    with pytest.raises(FormUnavailable):
        save_assessment(store, case.id, "horoscope", {})
