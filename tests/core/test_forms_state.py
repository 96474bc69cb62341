"""Filling in forms: skip logic, required and constraint messages, choice filters, repeats,
submissions and versions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desktop.core.forms import (
    FormState,
    available_versions,
    load_form,
    validate_submission,
)
from desktop.core.forms.values import REQUIRED, UNKNOWN_FIELD

TODAY = dt.date(2025, 3, 1)
SHA = "a3" * 32


def state(form_id: str, answers: dict | None = None) -> FormState:
    return FormState(load_form(form_id), answers, today=TODAY)


# -- skip logic ---------------------------------------------------------------------------------

def test_a_field_becomes_irrelevant_and_its_answer_is_dropped() -> None:
    s = state("intake")
    s.set("reasons", ["economic_hardship", "other"])
    assert s.is_relevant("reason_other")
    s.set("reason_other", "Zjarr në shtëpi")
    assert "reason_other" in s.visible_fields()

    s.set("reasons", ["economic_hardship"])
    assert not s.is_relevant("reason_other")
    assert "reason_other" not in s.visible_fields()
    assert "reason_other" not in s.errors()
    assert s.answers["reason_other"] == "Zjarr në shtëpi"  # kept while the form is open
    assert "reason_other" not in s.submission().answers

    s.set("reasons", ["other"])
    assert s.get("reason_other") == "Zjarr në shtëpi"


def test_irrelevant_group_hides_its_fields_and_reads_empty() -> None:
    s = state("home_visit")
    s.set("beneficiary_seen", "yes")
    s.set("wellbeing", "critical")
    assert s.computed["alert"] == "yes"
    s.set("beneficiary_seen", "no")
    assert not s.is_relevant("wellbeing")
    assert s.computed["alert"] == "no"  # the hidden answer no longer counts
    submission = s.submission()
    assert "wellbeing" not in submission.answers
    assert "not_seen_reason" in submission.errors


def test_relevant_depends_on_a_calculation_from_a_repeat() -> None:
    s = state("intake")
    assert not s.is_relevant("single_parent")
    s.set("members", [{"member_relation": "beneficiary", "member_sex": "F", "member_age": 31},
                      {"member_relation": "child", "member_sex": "M", "member_age": 4}])
    assert s.is_relevant("single_parent")
    assert s.is_required("single_parent")


# -- required, constraints, types ----------------------------------------------------------------

def test_required_message_is_bilingual() -> None:
    s = state("home_visit")
    errors = s.errors()
    assert errors["protocol"] == REQUIRED
    assert errors["protocol"]["sq"] == "Kjo fushë është e detyrueshme."
    assert errors["present"] == REQUIRED  # a required repeat needs one entry


def test_constraint_uses_its_own_message() -> None:
    s = state("home_visit")
    s.set("follow_up_needed", "yes")
    s.set("follow_up_date", "2025-02-27")
    assert s.errors()["follow_up_date"] == {
        "sq": "Data e ndjekjes nuk mund të jetë në të kaluarën.",
        "en": "The follow-up date cannot be in the past.",
        "sr": "Datum praćenja ne može biti u prošlosti.",
    }
    s.set("follow_up_date", dt.date(2025, 3, 1))
    assert s.get("follow_up_date") == "2025-03-01"
    assert "follow_up_date" not in s.errors()


def test_constraint_across_fields_and_exclusive_choice() -> None:
    s = state("intake")
    s.set("income_sources", ["none", "pension"])
    assert s.errors()["income_sources"]["en"].startswith("'No income' cannot")
    s.set("income_sources", ["none"])
    assert "income_sources" not in s.errors()
    assert not s.is_relevant("monthly_income")

    consent = state("consent")
    consent.set("consent_kind", "guardian_consent")
    consent.set("signed_by", "beneficiary")
    assert consent.errors()["signed_by"]["en"] == \
        "A guardian's consent is signed by the legal guardian."


def test_typed_input_is_read_and_bad_input_reported_not_lost() -> None:
    s = state("intake")
    s.set("monthly_income", "12500,50")
    assert s.get("monthly_income") == 12500.5
    s.add_repeat("members")
    s.set("members[0].member_age", " 42 ")
    assert s.get("members[0].member_age") == 42
    s.set("members[0].member_age", "dyzet")
    assert s.get("members[0].member_age") == "dyzet"
    assert s.errors()["members[0].member_age"]["en"] == "Enter a whole number."
    s.set("members[0].member_age", 130)
    assert "120" in s.errors()["members[0].member_age"]["en"]


def test_type_checks_of_stored_answers() -> None:
    form = load_form("home_visit")
    sub = validate_submission(form, {
        "visit_date": "01.03.2025",
        "protocol": "holiday",
        "document_photo": "not-a-hash",
        "beneficiary_seen": ["yes"],
        "surname": "x",
    }, today=TODAY)
    assert sub.errors["visit_date"]["en"] == "Enter a valid date."
    assert sub.errors["protocol"]["en"] == "Choose one of the options in the list."
    assert sub.errors["document_photo"]["en"] == "The attachment is not valid."
    assert sub.errors["beneficiary_seen"]["en"] == "Choose one of the options in the list."
    assert sub.errors["surname"] == UNKNOWN_FIELD
    ok = validate_submission(form, {"document_photo": SHA}, today=TODAY)
    assert "document_photo" not in ok.errors


def test_acknowledge_must_be_ticked() -> None:
    s = state("consent")
    s.set("consent_kind", "consent")
    assert s.errors()["informed"] == REQUIRED
    s.set("informed", False)
    assert s.errors()["informed"] == REQUIRED
    s.set("informed", True)
    assert "informed" not in s.errors()


def test_defaults_fill_a_new_form_only() -> None:
    assert state("home_visit").get("visit_date") == "2025-03-01"
    assert state("home_visit", {}).get("visit_date") is None


# -- choice filters -----------------------------------------------------------------------------

PLACES_FORM = """\
id: places
version: 1
title: {sq: Vendi, en: Place}
choices:
  units:
    - {name: puke, label: {sq: Pukë, en: Pukë}}
    - {name: rrape, label: {sq: Rrapë, en: Rrapë}}
    - {name: qelez, label: {sq: Qelëz, en: Qelëz}}
  villages:
    - {name: bicaj, label: {sq: Bicaj, en: Bicaj}, unit: puke}
    - {name: dedaj, label: {sq: Dedaj, en: Dedaj}, unit: puke}
    - {name: megulle, label: {sq: Mëgullë, en: Mëgullë}, unit: rrape}
    - {name: kalivare, label: {sq: Kalivare, en: Kalivare}, unit: rrape}
    - {name: plan, label: {sq: Plan, en: Plan}, unit: qelez}
fields:
  - {name: unit, type: select_one, choices: units, label: {sq: Njësia, en: Unit}}
  - name: village
    type: select_one
    choices: villages
    choice_filter: unit = ${unit}
    label: {sq: Fshati, en: Village}
    required: true
"""


def write(tmp_path: Path, form_id: str, version: int, text: str) -> None:
    folder = tmp_path / form_id
    folder.mkdir(exist_ok=True)
    (folder / f"v{version}.yaml").write_text(text, encoding="utf-8")


def test_choice_filter_unit_to_village(tmp_path: Path) -> None:
    write(tmp_path, "places", 1, PLACES_FORM)
    s = FormState(load_form("places", directory=tmp_path))
    assert s.choices_for("village") == []
    s.set("unit", "rrape")
    assert [c.name for c in s.choices_for("village")] == ["megulle", "kalivare"]
    assert s.choices_for("village")[0].text("sq") == "Mëgullë"
    s.set("village", "megulle")
    assert s.errors() == {}
    s.set("unit", "puke")  # the chosen village is no longer in the unit
    assert s.errors()["village"]["en"] == "Choose one of the options in the list."
    assert [c.name for c in s.choices_for("village")] == ["bicaj", "dedaj"]


def test_choice_filter_on_the_choice_name() -> None:
    s = state("disability_needs")
    s.set("aids_owned", ["wheelchair", "hearing_aid"])
    names = [c.name for c in s.choices_for("aids_needed")]
    assert "wheelchair" not in names and "special_bed" in names
    s.set("aids_needed", {"special_bed", "walking_aid"})
    assert s.computed["aids_missing"] == 2


# -- repeats ------------------------------------------------------------------------------------

def test_repeat_with_sum_and_count() -> None:
    s = state("intake")
    for age, relation in [(68, "beneficiary"), (70, "spouse"), (9, "grandchild")]:
        index = s.add_repeat("members")
        s.set(f"members[{index}].member_relation", relation)
        s.set(f"members[{index}].member_sex", "F")
        s.set(f"members[{index}].member_age", age)
    computed = s.computed
    assert computed["household_size"] == 3
    assert computed["children_count"] == 1
    assert computed["elderly_count"] == 2
    assert computed["members"][2] == {"member_is_child": 1, "member_is_elderly": 0,
                                      "member_has_disability": 0}
    assert "members[1].member_age" in s.visible_fields()

    s.remove_repeat("members", 2)
    assert s.computed["household_size"] == 2
    assert s.computed["children_count"] == 0
    assert not s.is_relevant("children_out_of_school")

    s.set("members[0].member_age", None)
    assert s.errors()["members[0].member_age"] == REQUIRED


def test_repeat_keys_must_name_the_instance() -> None:
    s = state("intake")
    with pytest.raises(KeyError, match=r"members\[i\]\.member_age"):
        s.set("member_age", 4)
    with pytest.raises(KeyError, match="no such repeat instance"):
        s.set("members[3].member_age", 4)
    with pytest.raises(KeyError):
        s.set("no_such_field", 1)
    with pytest.raises(ValueError, match="takes no answer"):
        s.set("household_size", 3)


def test_whole_repeat_set_at_once_is_read_as_typed() -> None:
    s = state("home_visit")
    s.set("present", [{"present_role": "beneficiary"}, {"present_role": "police",
                                                        "present_institution": "Komisariati"}])
    assert s.computed["present_count"] == 2
    assert s.is_relevant("present[1].present_institution")
    assert not s.is_relevant("present[0].present_institution")
    assert "present" not in s.errors()


# -- submissions --------------------------------------------------------------------------------

VISIT = {
    "visit_date": "2025-03-01",
    "protocol": "routine",
    "present": [{"present_role": "beneficiary"}],
    "beneficiary_seen": "yes",
    "housing_condition": "poor",
    "food_available": "yes",
    "wellbeing": "concerning",
    "concerns": ["isolation"],
    "observations": "Jeton vetëm, shtëpia e ftohtë.",
    "staff_safety_concern": "no",
    "follow_up_needed": "yes",
    "follow_up_date": "2025-03-15",
    "follow_up_action": "Pako ushqimore dhe dru zjarri.",
    "response_reason": "not relevant for a routine visit",
}


def test_submission_to_assessment_fields() -> None:
    sub = validate_submission(load_form("home_visit"), VISIT, today=TODAY)
    assert sub.ok, sub.errors
    fields = sub.to_fields()
    assert fields["form_id"] == "home_visit" and fields["form_version"] == 1
    assert "response_reason" not in fields["answers"]
    assert fields["answers"]["present"] == [{"present_role": "beneficiary"}]
    assert fields["computed"] == {"present_count": 1, "alert": "no"}


def test_an_old_submission_is_judged_on_its_own_day() -> None:
    form = load_form("home_visit")
    later = validate_submission(form, VISIT, today=dt.date(2025, 6, 1))
    assert "follow_up_date" in later.errors
    with pytest.raises(ValueError, match="follow_up_date"):
        later.to_fields()
    assert validate_submission(form, VISIT, today=TODAY).ok


TEST_V1 = """\
id: survey
version: 1
title: {sq: Anketë, en: Survey}
choices:
  ratings:
    - {name: good, label: {sq: Mirë, en: Good}}
    - {name: bad, label: {sq: Keq, en: Bad}}
fields:
  - {name: rating, type: select_one, choices: ratings, required: true, label: {sq: Vlerësimi, en: Rating}}
  - {name: note, type: text, label: {sq: Shënim, en: Note}}
"""
TEST_V2 = """\
id: survey
version: 2
title: {sq: Anketë, en: Survey}
choices:
  ratings:
    - {name: '1', label: {sq: Keq, en: Bad}}
    - {name: '2', label: {sq: Mirë, en: Good}}
fields:
  - {name: rating, type: select_one, choices: ratings, required: true, label: {sq: Vlerësimi, en: Rating}}
  - {name: visits, type: integer, required: true, label: {sq: Vizita, en: Visits}}
  - {name: score, type: calculate, calculation: "${rating} * 10"}
"""


def test_versioned_submissions(tmp_path: Path) -> None:
    write(tmp_path, "survey", 1, TEST_V1)
    write(tmp_path, "survey", 2, TEST_V2)
    assert available_versions("survey", tmp_path) == [1, 2]
    latest = load_form("survey", directory=tmp_path)
    assert latest.version == 2
    v1 = load_form("survey", 1, directory=tmp_path)

    old = validate_submission(v1, {"rating": "good", "note": "Faleminderit"}).to_fields()
    assert old["form_version"] == 1

    again = load_form("survey", old["form_version"], directory=tmp_path)
    assert validate_submission(again, old["answers"]).ok
    against_latest = validate_submission(latest, old["answers"])
    assert set(against_latest.errors) == {"rating", "visits", "note"}

    new = validate_submission(latest, {"rating": "2", "visits": 3})
    assert new.ok and new.computed == {"score": 20}


NESTED = """\
id: rounds
version: 1
title: {sq: Vizitat, en: Visits}
fields:
  - name: visits
    type: repeat
    label: {sq: Vizitat, en: Visits}
    fields:
      - {name: village, type: text, label: {sq: Fshati, en: Village}}
      - name: people
        type: repeat
        label: {sq: Personat, en: People}
        fields:
          - {name: age, type: integer, label: {sq: Mosha, en: Age}, constraint: ". < 120"}
          - {name: older_than_visit_mean, type: calculate, calculation: "${age} > ${mean_age}"}
      - {name: people_here, type: calculate, calculation: "count(${people})"}
      - {name: mean_age, type: calculate, calculation: "sum(${age}) div count(${people})"}
  - {name: everyone, type: calculate, calculation: "sum(${people_here})"}
  - {name: oldest, type: calculate, calculation: "max(${age})"}
"""


def test_nested_repeats_scope_to_their_own_entry(tmp_path: Path) -> None:
    write(tmp_path, "rounds", 1, NESTED)
    s = FormState(load_form("rounds", directory=tmp_path))
    s.set("visits", [{"village": "Bicaj", "people": [{"age": 70}, {"age": 30}]},
                     {"village": "Dedaj", "people": [{"age": 8}]}])
    computed = s.computed
    assert [v["people_here"] for v in computed["visits"]] == [2, 1]
    assert [v["mean_age"] for v in computed["visits"]] == [50, 8]
    assert computed["visits"][0]["people"] == [{"older_than_visit_mean": True},
                                              {"older_than_visit_mean": False}]
    assert computed["everyone"] == 3 and computed["oldest"] == 70
    s.set("visits[1].people[0].age", 130)
    assert list(s.errors()) == ["visits[1].people[0].age"]
