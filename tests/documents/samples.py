"""Synthetic records for document tests and the benchmark (made-up people only)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from desktop.core.documents import DocumentContext, Letterhead
from sync.profile import Profile, load_profile
from sync.records import Record

NOW = dt.datetime(2026, 3, 14, 10, 35)
CASE_NUMBER = "PUK-2026-7F3A-00012"
WORKER = "Blerina Dushaj"
# Values of fields the profile marks sensitive: they must not be printed by default.
SENSITIVE = {
    "address": "Rruga e Ullinjve 17, pallati 3",
    "ethnicity": "Egjiptiane",
    "health_diagnosis": "Diabet i tipit 2",
    "details": "Dhunuesi kërcënoi me armë në shkurt",
}

FORM_YAML = """\
id: functional_assessment
version: 2
title: {sq: Vlerësimi funksional i të moshuarit, en: Functional assessment of an older person}
choices:
  ability:
    - {name: alone, label: {sq: E kryen vetë, en: Does it alone}}
    - {name: help, label: {sq: Me ndihmë, en: With help}}
    - {name: unable, label: {sq: Nuk e kryen dot, en: Cannot do it}}
  support:
    - {name: family, label: {sq: Familja, en: Family}}
    - {name: neighbours, label: {sq: Fqinjët, en: Neighbours}}
    - {name: none, label: {sq: Askush, en: Nobody}}
fields:
  - {name: lives_alone, type: select_one, choices: ability, label: {sq: Gatimi i ushqimit, en: Cooking}}
  - {name: washing, type: select_one, choices: ability, label: {sq: Larja dhe higjiena, en: Washing and hygiene}}
  - {name: support_from, type: select_multiple, choices: support, label: {sq: Kush e ndihmon, en: Who helps}}
  - {name: last_doctor_visit, type: date, label: {sq: Vizita e fundit te mjeku, en: Last visit to a doctor}}
  - {name: medication_notes, type: text, sensitive: true, label: {sq: Mjekimi, en: Medication}}
  - {name: remarks, type: text, label: {sq: Shënime, en: Remarks}}
  - name: adl_score
    type: calculate
    label: {sq: Pikët e aftësive të përditshme, en: Daily living score}
    calculation: "if(${washing} = 'alone', 2, if(${washing} = 'help', 1, 0))"
"""


def rec(record_type: str, record_id: str, **fields: Any) -> Record:
    return Record(record_id, record_type, {k: v for k, v in fields.items() if v is not None})


def person(**over: Any) -> Record:
    fields = dict(first_name="Ërmira", last_name="Çela", father_name="Gëzim", sex="F",
                  birth_date="1951-07-02", personal_id="H51702123A", village="Qelëz",
                  administrative_unit="Qerret", phone="069 123 4567",
                  target_groups=["elderly", "living_alone", "domestic_violence"],
                  address=SENSITIVE["address"], ethnicity=SENSITIVE["ethnicity"],
                  health_diagnosis=SENSITIVE["health_diagnosis"],
                  disability_type="Lëvizje e kufizuar")
    fields.update(over)
    return rec("person", "p-1", **fields)


def child() -> Record:
    return person(first_name="Dritë", last_name="Çela", birth_date="2014-05-20",
                  target_groups=["child_protection", "neglected"], personal_id="J40520111B")


def household() -> Record:
    return rec("household", "h-1", head_person_id="p-1", administrative_unit="Qerret",
               village="Qelëz", area_type="rural", address=SENSITIVE["address"], size=3,
               monthly_income=18000, economic_aid=True, abuser_present=True,
               housing="Shtëpi përdhese, një dhomë e ngrohur me dru")


def case(case_type: str = "elderly_care") -> Record:
    return rec("case", "c-1", case_number=CASE_NUMBER, person_id="p-1", household_id="h-1",
               case_type=case_type, status="open", risk_level="medium",
               referral_source="village_head", opened_on="2026-01-12",
               assigned_worker="bdushaj", manager_role="social_worker", municipality="Pukë",
               administrative_unit="Qerret", village="Qelëz", review_due="2026-06-12")


def letterhead(logo: Path | None = None) -> Letterhead:
    return Letterhead(
        name={"sq": "Bashkia Pukë", "en": "Municipality of Pukë"},
        unit={"sq": "Drejtoria e Shërbimeve Sociale – NJVNR",
              "en": "Directorate of Social Services – Needs Assessment and Referral Unit"},
        address="Sheshi «Skënderbej», Pukë 4401", phone="+355 212 22 000",
        email="sherbimet.sociale@puke.example", logo=logo, place="Pukë")


def context(profile: Profile | None = None, *, person_record: Record | None = None,
            case_type: str = "elderly_care", **over: Any) -> DocumentContext:
    values: dict[str, Any] = dict(
        profile=profile or load_profile("AL"), letterhead=letterhead(), case=case(case_type),
        person=person_record or person(), household=household(), printed_by=WORKER,
        language="sq", include_sensitive=False, now=NOW, worker_role="social_worker")
    values.update(over)
    return DocumentContext(**values)


GOALS = [
    {"goal": "Ërmira merr çdo ditë një vakt të ngrohtë dhe ilaçet në kohë.",
     "indicator": "Vakti i ngrohtë 7 ditë në javë", "due": "2026-06-30"},
    "Shtëpia ngrohet gjatë dimrit: dru zjarri të mjaftueshëm deri në mars.",
    {"goal": "Lidhja me familjen dhe fqinjët forcohet; ajo nuk ndihet e vetmuar.",
     "indicator": "Dy vizita në javë nga fqinja Mirela Gjoça"},
]


def plan(plan_type: str = "care_plan", goals: Any = None, **over: Any) -> Record:
    fields = dict(case_id="c-1", plan_type=plan_type, version=3, status="active",
                  goals=GOALS if goals is None else goals, review_date="2026-06-15",
                  created_on="2026-03-14", created_by="bdushaj")
    fields.update(over)
    return rec("plan", "pl-1", **fields)


ACTION_ROWS = [
    ("Ushqim dhe ilaçe", "Shpërndarje e një vakti të ngrohtë në shtëpi", "home_care",
     "Qendra komunitare Pukë", "Njësia lëvizëse", "2026-03-16", "2026-06-30", "Çdo ditë"),
    ("Ushqim dhe ilaçe", "Kontroll i mjekimit nga infermierja e qendrës shëndetësore",
     "health_service", "QSH Qerret", "Infermierja Vjollca Hoxha", "2026-03-20", "2026-06-30",
     "Një herë në javë"),
    ("Ngrohja", "Dorëzim i drurëve të zjarrit (3 m³)", "emergency_fund", "Bashkia Pukë",
     "Administratori shoqëror", "2026-03-18", "2026-03-25", "Një herë"),
    ("Lidhja me komunitetin", "Vizitë nga vullnetarët e Kryqit të Kuq", "counselling",
     "Kryqi i Kuq, dega Pukë", "Koordinatori i vullnetarëve", "2026-04-01", "2026-06-30",
     "Dy herë në javë"),
]


def actions(count: int | None = None) -> list[Record]:
    rows = ACTION_ROWS if count is None else [ACTION_ROWS[i % len(ACTION_ROWS)]
                                              for i in range(count)]
    out = []
    for n, (goal, desc, service, provider, who, start, end, freq) in enumerate(rows):
        out.append(rec("plan_action", f"pa-{n:03d}", plan_id="pl-1", case_id="c-1", goal=goal,
                       description=desc, service=service, provider=provider, responsible=who,
                       start_date=start, end_date=end, frequency=freq, status="planned"))
    return out


def measure(reports: list[dict[str, Any]] | None = None, **over: Any) -> Record:
    fields = dict(case_id="c-1", measure_type="protection_order", issued_on="2026-01-10",
                  issued_by="Gjykata e Rrethit Gjyqësor Shkodër", end_date="2027-01-10",
                  status="active", next_report_due="2026-05-11", details=SENSITIVE["details"],
                  reports=DV_REPORTS if reports is None else reports)
    fields.update(over)
    return rec("measure", "m-1", **fields)


DV_REPORTS = [
    {"date": "2026-01-11", "period_from": "2025-11-12", "period_to": "2026-01-10",
     "summary": "Raporti i parë pas lëshimit të urdhrit."},
    {"date": "2026-03-12", "period_from": "2026-01-11", "period_to": "2026-03-11",
     "situation": "Ërmira jeton me vajzën në Qelëz. Ndihet më e sigurt; fëmijët ndjekin "
                  "shkollën rregullisht.",
     "compliance": "Nuk u raportua asnjë afrim i dhunuesit në banesë gjatë periudhës.",
     "incidents": "Një telefonatë kërcënuese më 02.02.2026, e raportuar në komisariat.",
     "contacts": "Katër vizita në shtëpi dhe dy takime në zyrë.",
     "services": "Këshillim psikologjik çdo javë; pako ushqimore në shkurt.",
     "risk": "medium",
     "recommendations": "Vazhdimi i urdhrit dhe i patrullimit të policisë pranë banesës."},
]


def referral(**over: Any) -> Record:
    fields = dict(case_id="c-1", person_id="p-1", service="day_centre",
                  provider_name="Qendra Ditore «Nënë Tereza», Pukë",
                  reason="Ërmira jeton vetëm dhe ka nevojë për kujdes gjatë ditës, "
                         "shoqëri dhe një vakt të ngrohtë.",
                  prescribed=True, status="sent", sent_on="2026-03-14",
                  response_due="2026-03-28", referred_by="bdushaj")
    fields.update(over)
    return rec("referral", "r-1", **fields)


def consent(**over: Any) -> Record:
    """A consent given on 02.03.2026 and withdrawn by the person on 10.03.2026."""
    fields = dict(case_id="c-1", person_id="p-1", kind="consent", legal_basis="consent",
                  institutions=["health_centre", "school"], purpose="referral",
                  given_on="2026-03-02", valid_until="2027-03-01", status="withdrawn",
                  status_on="2026-03-10", decided_by="person", recorded_by="bdushaj",
                  withdrawal_reason="Ërmira nuk dëshiron që shkolla të njoftohet.",
                  history=[{"status": "given", "on": "2026-03-02", "by": "person",
                            "recorded_by": "bdushaj"},
                           {"status": "withdrawn", "on": "2026-03-10", "by": "person",
                            "recorded_by": "bdushaj"}])
    fields.update(over)
    return rec("consent", "cn-1", **fields)


def visit(n: int = 0, **over: Any) -> Record:
    day = dt.date(2026, 1, 5) + dt.timedelta(days=7 * n)
    fields = dict(case_id="c-1", household_id="h-1", visit_date=day.isoformat(),
                  protocol="routine", present="Ërmira Çela, fqinja Mirela Gjoça",
                  living_conditions="Shtëpia është e pastër por e ftohtë; dritaret pa xhama "
                                    "në një dhomë. Druri për zjarr mjafton për një javë.",
                  observations="Ërmira ishte e gëzuar për vizitën. Merr ilaçet rregullisht; "
                               "ankohet për dhimbje në gjunjë. Kërkon ndihmë për pazarin.",
                  follow_up_date=(day + dt.timedelta(days=14)).isoformat(),
                  visited_by="Blerina Dushaj", village="Qelëz",
                  answers={"heating": "sobë me dru", "food_in_house": True,
                           "medication_days_left": 6})
    fields.update(over)
    return rec("visit", f"v-{n:03d}", **fields)


def write_form(directory: Path) -> Path:
    folder = directory / "functional_assessment"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "v2.yaml"
    path.write_text(FORM_YAML, encoding="utf-8")
    return path


def assessment(**over: Any) -> Record:
    fields = dict(case_id="c-1", person_id="p-1", form_id="functional_assessment",
                  form_version=2,
                  answers={"lives_alone": "help", "washing": "alone",
                           "support_from": ["family", "neighbours"],
                           "last_doctor_visit": "2026-02-20",
                           "medication_notes": "Metformin 500 mg dy herë në ditë",
                           "remarks": "Çdo mëngjes e ndihmon vajza që jeton në Kabash."},
                  computed={"adl_score": 2}, submitted_on="2026-03-10",
                  submitted_by="Blerina Dushaj")
    fields.update(over)
    return rec("assessment", "a-1", **fields)


def records_for(kind: str, form: Any = None) -> tuple[dict[str, Any], str]:
    """(records, case_type) that make a complete document of ``kind``."""
    if kind == "care-plan":
        return {"plan": plan(), "actions": actions()}, "elderly_care"
    if kind == "protection-plan":
        return ({"plan": plan("protection_plan", signed_by_guardian="Arben Çela"),
                 "actions": actions(2), "measures": [measure(
                     measure_type="child_protection_measure", reports=[],
                     issued_by="Njësia për Mbrojtjen e Fëmijës")]}, "child_protection")
    if kind == "employment-plan":
        return {"plan": plan("employment_plan"), "actions": actions(3)}, "employment"
    if kind == "home-service-plan":
        return {"plan": plan("home_service_plan"), "actions": actions()}, "elderly_care"
    if kind == "referral":
        return {"referral": referral()}, "elderly_care"
    if kind == "visit-report":
        return {"visit": visit()}, "elderly_care"
    if kind == "dv-60-day":
        return {"measure": measure()}, "domestic_violence"
    if kind == "assessment":
        return {"assessment": assessment(), "form": form}, "elderly_care"
    if kind == "consent":
        return {"consent": consent()}, "elderly_care"
    raise ValueError(kind)
