"""Both country profiles load and check; a broken profile names its file and line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desktop.core.casework.config import casework_config, check_profile
from desktop.core.casework.places import find_municipality, municipalities, units_of
from sync.profile import PROFILES_DIR, load_profile, load_profile_file
from sync.yamlfile import DataFileError

ROLES = {"social_administrator", "social_worker", "child_protection_worker", "dv_coordinator",
         "mobile_unit", "head_of_unit", "director", "inspector"}


@pytest.mark.parametrize("country", ["AL", "XK"])
def test_both_profiles_load_with_every_section(country: str) -> None:
    profile = load_profile(country)
    check_profile(profile)
    config = casework_config(profile)
    assert set(profile.codes("roles")) >= ROLES
    for section in ("target_groups", "case_types", "plan_types", "closure_reasons",
                    "referral_sources", "service_taxonomy", "measure_types", "consent_kinds",
                    "legal_bases", "protection_order_types", "child_protection_measures",
                    "referral_statuses", "multidisciplinary_groups", "institutions"):
        assert profile.codes(section), section
    assert any(g.get("subgroups") for g in profile.items("target_groups"))
    for case_type in profile.items("case_types"):
        assert config.manager_role(case_type["code"]) in profile.codes("roles")
        if case_type.get("sensitive"):
            assert case_type["manager_role"] in case_type["visible_to"]
    assert {"domestic_violence", "child_protection", "trafficking"} <= \
        profile.sensitive_case_types
    assert config.requires_approval("protection_plan")
    assert config.report_every_days(config.protection_order_measure("immediate")) == 60


def test_terms_differ_between_the_countries() -> None:
    al, xk = load_profile("AL"), load_profile("XK")
    assert (al.term("municipality"), xk.term("municipality")) == ("Bashkia", "Komuna")
    assert (al.term("assessment_unit"), xk.term("assessment_unit")) == ("NJVNR", "NJVRN")
    assert (al.term("multidisciplinary_group"), xk.term("multidisciplinary_group")) == \
        ("GTN", "GTR")
    assert (al.data["currency"], xk.data["currency"]) == ("ALL", "EUR")
    assert "qps_official" in xk.codes("roles") and "qps_official" not in al.codes("roles")
    assert xk.label("case_types", "domestic_violence", "sr") == "Nasilje u porodici"


def test_kosovo_has_the_qps_categories() -> None:
    codes = set(load_profile("XK").codes("target_groups"))
    assert {"children_no_parental_care", "domestic_adoption", "domestic_violence",
            "minors_conflict_law", "adults_disability", "marital_counselling",
            "children_antisocial", "children_disability", "children_maltreated",
            "early_marriage", "child_labour", "trafficking_minors", "elderly_residential",
            "family_conflict", "single_mothers", "abandonment_risk",
            "late_birth_registration", "inadequate_parenting"} <= codes
    assert "02/L-17" in load_profile("XK").label("legal_bases", "social_care_law", "en")


def test_kosovo_records_have_every_albanian_field() -> None:
    al, xk = load_profile("AL"), load_profile("XK")
    for name, spec in al.record_types.items():
        assert name in xk.record_types, name
        missing = set(spec.fields) - set(xk.record_types[name].fields)
        assert not missing, (name, missing)
        assert xk.record_types[name].projections == spec.projections, name
    assert "administrative_act" in xk.record_types


def test_places_of_both_countries() -> None:
    assert len(municipalities("AL")) == 61
    assert len(municipalities("XK")) == 38
    assert find_municipality("XK", "Gnjilane").name == "Gjilan"  # Serbian name
    assert find_municipality("AL", "kucove").name == "Kuçovë"
    assert [u.name for u in units_of("AL", "Puke")] == ["Pukë", "Rrapë", "Gjegjan", "Qerret",
                                                      "Qelëz"]


def _broken_copy(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    text = (PROFILES_DIR / "albania.yaml").read_text(encoding="utf-8")
    assert text.count(old) == 1
    line = text[:text.index(old)].count("\n") + 1
    path = tmp_path / "albania.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path, line


def test_a_yaml_mistake_names_file_and_line(tmp_path: Path) -> None:
    path, line = _broken_copy(tmp_path, "  - {code: police, label: {sq: Policia, en: Police, sr: Policija}, share",
                              "  - {code: police label: {sq: Policia, en: Police, sr: Policija}, share")
    with pytest.raises(DataFileError) as caught:
        load_profile_file(path)
    assert caught.value.path == str(path)
    assert caught.value.line == line
    assert str(caught.value).startswith(f"albania.yaml:{line}:")


def test_a_bad_field_type_names_file_and_line(tmp_path: Path) -> None:
    path, line = _broken_copy(tmp_path, "reopened_on: {type: date,", "reopened_on: {type: day,")
    with pytest.raises(DataFileError, match=re.escape(f"albania.yaml:{line}:")):
        load_profile_file(path)


def test_a_broken_cross_reference_names_file_and_line(tmp_path: Path) -> None:
    path, line = _broken_copy(tmp_path, "manager_role: dv_coordinator, plan_type: care_plan",
                              "manager_role: dv_coordinatr, plan_type: care_plan")
    with pytest.raises(DataFileError) as caught:
        check_profile(load_profile_file(path))
    assert (Path(caught.value.path).name, caught.value.line) == ("albania.yaml", line)
    assert "dv_coordinatr" in caught.value.message


def test_a_duplicate_code_names_file_and_line(tmp_path: Path) -> None:
    path, line = _broken_copy(tmp_path, "  - {code: lost_contact,", "  - {code: deceased,")
    with pytest.raises(DataFileError) as caught:
        check_profile(load_profile_file(path))
    assert caught.value.line == line
    assert "appears twice" in caught.value.message


def test_an_unquoted_comma_in_a_label_is_an_error_naming_the_line(tmp_path):
    from sync.profile import PROFILES_DIR, load_profile_file
    from sync.yamlfile import DataFileError

    text = (PROFILES_DIR / "albania.yaml").read_text(encoding="utf-8")
    broken = text.replace('"Helpline (ALO 116111, DV line)"', "Helpline (ALO 116111, DV line)")
    assert broken != text
    path = tmp_path / "albania.yaml"
    path.write_text(broken, encoding="utf-8")
    line = next(n for n, row in enumerate(broken.splitlines(), 1) if "ALO 116111" in row)
    with pytest.raises(DataFileError, match=f"albania.yaml:{line}: label"):
        load_profile_file(path)
