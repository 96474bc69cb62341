"""Scores of the built-in instruments against worked examples."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from desktop.core.forms import FormState, load_form, validate_submission

TODAY = dt.date(2025, 3, 1)

BARTHEL_ITEMS = ["b_feeding", "b_bathing", "b_grooming", "b_dressing", "b_bowels", "b_bladder",
                 "b_toilet", "b_transfers", "b_mobility", "b_stairs"]
BARTHEL_MAX = [10, 5, 5, 10, 10, 10, 10, 15, 15, 10]
LAWTON_ITEMS = ["l_telephone", "l_shopping", "l_food", "l_housekeeping", "l_laundry",
                "l_transport", "l_medication", "l_finances"]
LAWTON_INDEPENDENT = ["own_initiative", "independent", "independent", "alone", "all",
                      "independent", "responsible", "independent"]
LAWTON_DEPENDENT = ["does_not_use", "unable", "needs_meals", "none", "by_others", "none",
                    "unable", "unable"]
ELDERLY_CONTEXT = {"assessment_date": "2025-03-01", "informant": "self", "lives_alone": "yes",
                   "has_carer": "no"}


def elderly(barthel: list[int], lawton: list[str]) -> dict[str, Any]:
    answers = dict(ELDERLY_CONTEXT)
    answers.update({item: str(score) for item, score in zip(BARTHEL_ITEMS, barthel, strict=True)})
    answers.update(dict(zip(LAWTON_ITEMS, lawton, strict=True)))
    return answers


def computed(form_id: str, answers: dict[str, Any]) -> dict[str, Any]:
    submission = validate_submission(load_form(form_id), answers, today=TODAY)
    assert submission.ok, submission.errors
    return submission.computed


def test_barthel_item_weights_are_the_standard_ones() -> None:
    form = load_form("elderly_functional")
    weights = {f.name: [int(c.name) for c in form.choices[f.choices]]
               for f in form.all_fields() if f.name in BARTHEL_ITEMS}
    assert weights == {
        "b_feeding": [0, 5, 10], "b_bathing": [0, 5], "b_grooming": [0, 5],
        "b_dressing": [0, 5, 10], "b_bowels": [0, 5, 10], "b_bladder": [0, 5, 10],
        "b_toilet": [0, 5, 10], "b_transfers": [0, 5, 10, 15], "b_mobility": [0, 5, 10, 15],
        "b_stairs": [0, 5, 10],
    }


def test_fully_independent_person() -> None:
    result = computed("elderly_functional", elderly(BARTHEL_MAX, LAWTON_INDEPENDENT))
    assert result == {"barthel_total": 100, "barthel_band": "independent",
                      "lawton_total": 8, "lawton_band": "independent"}


def test_fully_dependent_person() -> None:
    result = computed("elderly_functional", elderly([0] * 10, LAWTON_DEPENDENT))
    assert result == {"barthel_total": 0, "barthel_band": "total",
                      "lawton_total": 0, "lawton_band": "severe"}


@pytest.mark.parametrize(("barthel", "total", "band"), [
    ([5, 0, 0, 5, 5, 5, 0, 0, 0, 0], 20, "total"),
    ([5, 0, 0, 5, 5, 5, 0, 5, 0, 0], 25, "severe"),
    ([5, 0, 5, 5, 10, 5, 5, 10, 10, 5], 60, "severe"),
    ([10, 0, 5, 5, 10, 5, 5, 10, 10, 5], 65, "moderate"),
    ([10, 5, 5, 10, 10, 10, 10, 10, 10, 10], 90, "moderate"),
    ([10, 5, 5, 10, 10, 10, 10, 15, 15, 5], 95, "slight"),
])
def test_barthel_bands(barthel: list[int], total: int, band: str) -> None:
    result = computed("elderly_functional", elderly(barthel, LAWTON_INDEPENDENT))
    assert (result["barthel_total"], result["barthel_band"]) == (total, band)


@pytest.mark.parametrize(("lawton", "total", "band"), [
    (["answers_only", "small_purchases", "if_supplied", "needs_help_all", "small_items",
      "accompanied_public", "prepared", "day_to_day"], 5, "moderate"),
    (["few_numbers", "independent", "heats_only", "light_tasks", "all", "taxi", "responsible",
      "independent"], 7, "slight"),
    (["does_not_use", "accompanied", "needs_meals", "light_not_clean", "by_others",
      "accompanied_car", "unable", "day_to_day"], 2, "severe"),
    (["own_initiative", "unable", "needs_meals", "none", "all", "none", "prepared",
      "independent"], 3, "moderate"),
])
def test_lawton_scores_and_bands(lawton: list[str], total: int, band: str) -> None:
    result = computed("elderly_functional", elderly(BARTHEL_MAX, lawton))
    assert (result["lawton_total"], result["lawton_band"]) == (total, band)


def test_totals_stay_empty_until_every_item_is_answered() -> None:
    s = FormState(load_form("elderly_functional"), today=TODAY)
    for item in BARTHEL_ITEMS[:-1]:
        s.set(item, "5")
    s.set("l_telephone", "own_initiative")
    assert s.computed["barthel_total"] is None and s.computed["barthel_band"] is None
    assert s.computed["lawton_total"] is None
    s.set("b_stairs", "10")
    assert s.computed["barthel_total"] == 55
    assert s.computed["barthel_band"] == "severe"


# -- domestic violence --------------------------------------------------------------------------

DV_NONE = {
    "assessment_date": "2025-03-01", "violence_duration": "first_time", "previous_reports": "no",
    "escalation": "no", "violence_types": ["psychological"], "injuries": "none",
    "strangulation": "no", "threats_to_kill": "no", "threats_children": "no",
    "threats_suicide": "no", "fears_for_life": "no", "weapon_access": "no", "weapon_used": "no",
    "abuser_relation": "spouse", "abuser_same_household": "no", "abuser_substance": "no",
    "abuser_controlling": "no", "recent_separation": "no", "children_present": "no",
    "protection_order_status": "none", "safety_plan": "yes",
}


def dv(**changes: Any) -> dict[str, Any]:
    return computed("dv_risk", {**DV_NONE, **changes})


def test_dv_low_risk() -> None:
    assert dv() == {"risk_score": 0, "risk_level": "low"}


def test_dv_worked_example() -> None:
    result = dv(violence_duration="over_5y", escalation="yes", injuries="medical",
                abuser_same_household="yes", abuser_controlling="yes",
                children_present="yes", children_count=2, children_witnessed="yes",
                children_harmed="no", protection_order_status="protection_order",
                order_issued_on="2025-01-10", order_violated="yes")
    # 1 (over 5 years) + 2 (escalation) + 2 (medical) + 2 (same home) + 1 (control) + 3 (violated)
    assert result == {"risk_score": 11, "risk_level": "medium"}


def test_dv_high_risk_by_score_and_by_red_flags() -> None:
    assert dv(threats_to_kill="yes", fears_for_life="yes", weapon_access="yes",
              recent_separation="yes", escalation="yes", abuser_same_household="yes",
              violence_types=["physical", "sexual"]) == {"risk_score": 15, "risk_level": "high"}
    assert dv(weapon_used="yes") == {"risk_score": 3, "risk_level": "high"}
    assert dv(strangulation="yes", threats_to_kill="yes")["risk_level"] == "high"


def test_dv_children_questions_depend_on_children() -> None:
    sub = validate_submission(load_form("dv_risk"), {**DV_NONE, "children_present": "yes"},
                              today=TODAY)
    assert {"children_count", "children_witnessed", "children_harmed"} <= set(sub.errors)


# -- child protection ---------------------------------------------------------------------------

CHILD_NONE = {
    "assessment_date": "2025-03-01", "child_age": 9, "concerns": ["neglected"],
    "immediate_danger": "no", "perpetrator_access": "no", "safety_supervision": "0",
    "safety_environment": "0", "harm_severity": "0", "harm_frequency": "0",
    "child_vulnerability": "0", "caregiver_protection": "0", "caregiver_wellbeing": "0",
    "caregiver_parenting": "0", "caregiver_cooperation": "0", "need_basic": "0",
    "need_health": "0", "need_education": "0", "need_emotional": "0",
    "measure_proposed": "no", "review_date": "2025-04-01",
}


def child(**changes: Any) -> dict[str, Any]:
    return computed("child_protection_risk", {**CHILD_NONE, **changes})


def test_child_low_risk() -> None:
    result = child()
    assert result["risk_score"] == 0
    assert result["risk_level"] == "low"
    assert result["immediate_measure_needed"] == "no"


def test_child_medium_risk_worked_example() -> None:
    result = child(safety_supervision="2", perpetrator_access="unknown", harm_severity="1",
                   harm_frequency="2", caregiver_parenting="2", caregiver_cooperation="1",
                   need_basic="2", need_education="2")
    assert result["safety_score"] == 3
    assert result["harm_score"] == 3
    assert result["caregiver_score"] == 3
    assert result["needs_score"] == 4
    assert result["risk_score"] == 13
    assert result["risk_level"] == "medium"


def test_child_serious_harm_needs_an_immediate_measure() -> None:
    answers = {**CHILD_NONE, "harm_severity": "3", "perpetrator_access": "yes"}
    sub = validate_submission(load_form("child_protection_risk"), answers, today=TODAY)
    assert sub.computed["risk_level"] == "high"
    assert sub.computed["immediate_measure_needed"] == "yes"
    assert "no_measure_reason" in sub.errors  # declining the measure must be explained
    assert child(immediate_danger="yes", measure_proposed="yes",
                 measure_type="kinship_placement")["risk_level"] == "urgent"


# -- intake -------------------------------------------------------------------------------------

INTAKE = {
    "assessment_date": "2025-03-01", "referral_source": "village_head",
    "previously_referred": "no", "reasons": ["economic_hardship"],
    "members": [{"member_relation": "beneficiary", "member_sex": "F", "member_age": 78}],
    "income_sources": ["pension"], "monthly_income": 14000.0, "chronic_illness": "yes",
    "health_card": "yes", "unmet_medical_care": "no", "has_disability": "no",
    "housing_type": "owned", "housing_condition": "adequate", "violence_in_household": "no",
    "immediate_danger": "no", "no_shelter_tonight": "no", "no_food": "no",
    "next_step": "open_case",
}


def test_intake_low_urgency() -> None:
    result = computed("intake", INTAKE)
    assert result["household_size"] == 1 and result["elderly_count"] == 1
    assert result["income_per_person"] == 14000
    assert result["needs_score"] == 1  # only elderly members
    assert result["urgency_level"] == "low"


def test_intake_needs_raise_urgency() -> None:
    result = computed("intake", {**INTAKE, "income_sources": ["none"], "monthly_income": None,
                                 "housing_condition": "unsafe", "health_card": "no",
                                 "debts": "yes"})
    assert result["needs_score"] == 7
    assert result["urgency_level"] == "high"


def test_intake_urgent_case_cannot_end_with_information_only() -> None:
    answers = {**INTAKE, "no_shelter_tonight": "yes", "next_step": "information_only"}
    sub = validate_submission(load_form("intake"), answers, today=TODAY)
    assert sub.computed["urgency_level"] == "urgent"
    assert sub.errors["next_step"]["sq"] == "Për një rast urgjent nuk mjafton vetëm informimi."


# -- disability, satisfaction, consent ----------------------------------------------------------

DISABILITY = {
    "assessment_date": "2025-03-01", "age_group": "adult", "disability_type": "paraplegic",
    "severity": "severe", "commission_decision": "yes", "decision_date": "2024-05-10",
    "disability_payment": "yes", "carer": "personal_assistant", "personal_assistant_paid": "yes",
    "needs_areas": ["mobility", "personal_care"],
}


def test_prescribed_services_not_received() -> None:
    answers = {**DISABILITY,
               "services_prescribed": ["rehabilitation", "assistive_devices", "day_centre",
                                       "transport"],
               "services_received": ["day_centre", "health_service"],
               "not_received_reasons": ["distance", "not_available"]}
    assert computed("disability_needs", answers)["prescribed_not_received"] == 3
    everything = {**DISABILITY, "services_prescribed": ["day_centre"],
                  "services_received": ["day_centre"]}
    assert computed("disability_needs", everything)["prescribed_not_received"] == 0
    missing_reason = validate_submission(
        load_form("disability_needs"), {**answers, "not_received_reasons": None}, today=TODAY)
    assert "not_received_reasons" in missing_reason.errors


SURVEY = {"survey_date": "2025-03-01", "service": "mobile_unit", "respondent": "beneficiary",
          "q_overall": "4"}


def test_satisfaction_mean_of_answered_items() -> None:
    result = computed("satisfaction", {**SURVEY, "q_information": "5", "q_respect": "5",
                                       "q_timeliness": "3"})
    assert result == {"answered_count": 4, "mean_score": 4.25,
                      "satisfaction_level": "satisfied"}
    low = computed("satisfaction", {**SURVEY, "q_overall": "2", "q_respect": "3"})
    assert low["mean_score"] == 2.5 and low["satisfaction_level"] == "dissatisfied"
    all_items = {f"q_{n}": "3" for n in ("information", "respect", "timeliness",
                                          "confidentiality", "accessibility", "needs_met",
                                          "overall")}
    assert computed("satisfaction", {**SURVEY, **all_items})["satisfaction_level"] == "neutral"


def test_consent_legal_basis_and_end_date() -> None:
    base = {"consent_date": "2025-03-01", "institutions": ["health_centre"],
            "purposes": ["referral"], "data_shared": ["identification", "health"],
            "valid_until": "2026-03-01"}
    signed = {**base, "consent_kind": "consent", "decision": "given",
              "signed_by": "beneficiary", "informed": True,
              "signed": True}
    assert computed("consent", signed) == {"legal_basis": "consent"}
    by_law = {**base, "consent_kind": "legal_obligation", "law": "child_rights_law",
              "legal_reference": "neni 51"}
    assert computed("consent", by_law) == {"legal_basis": "child_rights_law"}
    today_only = validate_submission(load_form("consent"), {**signed, "valid_until": "2025-03-01"},
                                     today=TODAY)
    assert today_only.errors["valid_until"]["en"] == "The end date must be after today."
