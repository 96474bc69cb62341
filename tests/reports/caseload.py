"""A synthetic caseload with known values, and its true counts computed here, in plain Python.

Everything is invented: names are drawn from short made-up lists and places are demo units.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from desktop.core.store import Store
from sync.ids import uuid7

START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
AS_OF = dt.date(2026, 2, 1)
UNITS = {"Qelëz": ("Qelëz", "Bicaj", "Kabash"), "Lukovë": ("Lukovë", "Piqeras"),
         "Kuçovë": ("Kuçovë", "Velçan")}
FIRST = ("Zanë", "Drin", "Ylbere", "Kaltrin", "Shkëndijë", "Arbnor")
LAST = ("Qafëzezi", "Malësori", "Gjethja", "Lumëbardhi")
GROUPS = ("income", "economic_aid", "disability", "blind", "elderly", "child_protection",
          "domestic_violence", "roma_egyptian", "homeless")
PARENT = {"economic_aid": "income", "blind": "disability"}
SOURCES = ("self", "police", "school", "health_centre", "village_head", "ngo", None)
CASE_TYPES = ("social_care", "disability", "elderly_care", "child_protection",
              "domestic_violence")
SERVICES = ("counselling", "home_care", "day_centre", "food_package", "protected_housing")
CATEGORY = {"counselling": "pre_social", "home_care": "community", "day_centre": "community",
            "food_package": "support", "protected_housing": "community"}
REF_STATUSES = ("sent", "accepted", "delivered", "refused", "not_possible")
REASONS = ("no_capacity", "distance", "not_available", None)
PROTOCOLS = ("routine", "rapid_response", "emergency")
CLOSURES = ("goals_reached", "moved_municipality", "lost_contact", None)
MEASURES = ("protection_order_immediate", "protection_order", "guardianship")


def day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def age_band(birth: str | None, end: dt.date = END) -> str | None:
    if birth is None:
        return None
    born = dt.date.fromisoformat(birth)
    if born > end:
        return None
    age = end.year - born.year - ((end.month, end.day) < (born.month, born.day))
    for band, top in (("0-5", 5), ("6-15", 15), ("16-18", 18), ("19-64", 64)):
        if age <= top:
            return band
    return "65+"


@dataclass
class Caseload:
    """The records made, and their true counts for 2025 (as of 1 February 2026)."""

    persons: dict[str, dict[str, Any]] = field(default_factory=dict)
    households: dict[str, dict[str, Any]] = field(default_factory=dict)
    cases: dict[str, dict[str, Any]] = field(default_factory=dict)
    others: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)

    # -- true counts -----------------------------------------------------------------------
    def managed(self) -> dict[str, dict[str, Any]]:
        out = {}
        for cid, case in self.cases.items():
            ended = case.get("closed_on") or case.get("transferred_on")
            if case["opened_on"] <= END.isoformat() and (
                    ended is None or ended >= START.isoformat()):
                out[cid] = case
        return out

    def case_status(self, case: dict[str, Any]) -> str:
        ended = case.get("closed_on") or case.get("transferred_on")
        if ended is not None and ended > END.isoformat():
            return "open"  # closed or transferred after the year: open at its end
        if case["status"] == "transferred":
            return "transferred"
        return "closed" if ended else "open"

    def area(self, case: dict[str, Any]) -> str | None:
        return self.households[case["household_id"]].get("area_type")

    def person_of(self, case: dict[str, Any]) -> dict[str, Any]:
        return self.persons[case["person_id"]]

    def served_persons(self) -> dict[str, dict[str, Any]]:
        """Person id -> the most recent managed case (by opening date, then id)."""
        latest: dict[str, tuple[str, str]] = {}
        for cid, case in self.managed().items():
            key = (case["opened_on"], cid)
            if case["person_id"] not in latest or key > latest[case["person_id"]]:
                latest[case["person_id"]] = key
        return {pid: self.cases[cid] for pid, (_, cid) in latest.items()}

    def person_groups(self, pid: str) -> set[str | None]:
        groups = {PARENT.get(g, g) for g in self.persons[pid].get("target_groups") or []}
        return groups or {None}

    def of_type(self, record_type: str) -> list[tuple[str, dict[str, Any]]]:
        return [(rid, f) for rid, t, f in self.others if t == record_type]

    def counter(self, items: list[tuple[Any, Any]]) -> Counter:
        return Counter(items)


def build_caseload(store: Store, persons: int = 260, seed: int = 7) -> Caseload:
    rng = random.Random(seed)
    load = Caseload()
    items: list[tuple[str, str, dict[str, Any]]] = []
    for _ in range(persons):
        _person_with_cases(rng, load, items)
    for cid, case in list(load.cases.items()):
        items += _case_work(rng, load, cid, case)
    items += _boundary_people(load)
    store.create_many([(t, f) for _, t, f in items], record_ids=[i for i, _, _ in items])
    return load


def _person_with_cases(rng: random.Random, load: Caseload,
                       items: list[tuple[str, str, dict[str, Any]]]) -> None:
    unit = rng.choice(sorted(UNITS))
    village = rng.choice(UNITS[unit])
    hid, pid = uuid7(), uuid7()
    household = {"administrative_unit": unit, "village": village,
                 "area_type": rng.choice(("urban", "rural", "rural", None))}
    groups = sorted(rng.sample(GROUPS, rng.choice((0, 1, 1, 2, 3))))
    person = {"first_name": rng.choice(FIRST), "last_name": rng.choice(LAST),
              "sex": rng.choice(("F", "M", "F", "M", None)),
              "birth_date": None if rng.random() < 0.05 else
              day(rng, dt.date(1935, 1, 1), dt.date(2025, 6, 1)).isoformat(),
              "household_id": hid, "administrative_unit": unit, "village": village,
              "target_groups": groups}
    load.households[hid], load.persons[pid] = household, person
    items += [(hid, "household", household), (pid, "person", person)]
    for _ in range(rng.choice((0, 1, 1, 1, 2))):
        cid = uuid7()
        case = _case(rng, pid, hid, unit, village, len(load.cases))
        load.cases[cid] = case
        items.append((cid, "case", case))


def _case(rng: random.Random, pid: str, hid: str, unit: str, village: str,
          number: int) -> dict[str, Any]:
    opened = day(rng, dt.date(2023, 6, 1), dt.date(2026, 1, 20))
    case: dict[str, Any] = {
        "case_number": f"T-{number:05d}", "person_id": pid, "household_id": hid,
        "case_type": rng.choice(CASE_TYPES), "status": "open", "opened_on": opened.isoformat(),
        "referral_source": rng.choice(SOURCES), "administrative_unit": unit,
        "village": village}
    roll = rng.random()
    if roll < 0.3:
        case["status"] = "closed"
        case["closed_on"] = day(rng, opened, opened + dt.timedelta(days=400)).isoformat()
        case["closure_reason"] = CLOSURES[number % len(CLOSURES)]  # no draw: same caseload
    elif roll < 0.35:
        case["status"] = "transferred"
        case["transferred_on"] = day(rng, opened, opened + dt.timedelta(days=300)).isoformat()
    return {k: v for k, v in case.items() if v is not None}


def _case_work(rng: random.Random, load: Caseload, cid: str,
               case: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    out: list[tuple[str, str, dict[str, Any]]] = []
    opened = dt.date.fromisoformat(case["opened_on"])
    if rng.random() < 0.6:
        out += _plans(rng, cid, opened)
    for _ in range(rng.choice((0, 0, 1, 2))):
        out.append((uuid7(), "referral", _referral(rng, cid, opened)))
    for _ in range(rng.choice((0, 1, 2, 3))):
        out.append((uuid7(), "visit", {
            "case_id": cid, "visit_date": day(rng, opened, opened + dt.timedelta(days=300))
            .isoformat(), "protocol": rng.choice(PROTOCOLS),
            "administrative_unit": case["administrative_unit"]}))
    if case["case_type"] == "domestic_violence" and rng.random() < 0.8:
        out.append((uuid7(), "measure", _measure(rng, cid, opened)))
    if rng.random() < 0.3:
        out.append((uuid7(), "assessment", {
            "case_id": cid, "form_id": "satisfaction", "form_version": 1,
            "submitted_on": day(rng, opened, opened + dt.timedelta(days=200)).isoformat(),
            "answers": {"q1": 4}, "computed": {"mean_score": rng.choice(
                (1.0, 2.5, 3.4, 4.0, 4.6, 5.0))}}))
    for rid, t, f in out:
        load.others.append((rid, t, f))
    return out


def _plans(rng: random.Random, cid: str, opened: dt.date
           ) -> list[tuple[str, str, dict[str, Any]]]:
    created = day(rng, opened, opened + dt.timedelta(days=60))
    due = created + dt.timedelta(days=180)
    first_id = uuid7()
    first: dict[str, Any] = {"case_id": cid, "plan_type": "care_plan", "version": 1,
                             "status": rng.choice(("active", "active", "draft")),
                             "created_on": created.isoformat(), "review_date": due.isoformat()}
    roll = rng.random()
    if roll < 0.4:
        first["reviewed_on"] = (due - dt.timedelta(days=rng.randint(0, 20))).isoformat()
    elif roll < 0.6:
        first["reviewed_on"] = (due + dt.timedelta(days=rng.randint(1, 40))).isoformat()
    out = [(first_id, "plan", first)]
    if roll < 0.3 and first["status"] == "active":
        first["status"] = "superseded"
        revised = dt.date.fromisoformat(first["reviewed_on"])
        out.append((uuid7(), "plan", {
            "case_id": cid, "plan_type": "care_plan", "version": 2,
            "previous_plan_id": first_id, "status": "active", "created_on": revised.isoformat(),
            "review_date": (revised + dt.timedelta(days=180)).isoformat()}))
    return out


def _referral(rng: random.Random, cid: str, opened: dt.date) -> dict[str, Any]:
    status = rng.choice(REF_STATUSES)
    referral = {"case_id": cid, "service": rng.choice(SERVICES), "status": status,
                "prescribed": rng.random() < 0.5,
                "sent_on": day(rng, opened, opened + dt.timedelta(days=120)).isoformat()}
    if status == "not_possible":
        reason = rng.choice(REASONS)
        if reason:
            referral["not_possible_reason"] = reason
    return referral


def _measure(rng: random.Random, cid: str, opened: dt.date) -> dict[str, Any]:
    kind = rng.choice(MEASURES)
    issued = day(rng, opened, opened + dt.timedelta(days=30))
    measure: dict[str, Any] = {"case_id": cid, "measure_type": kind,
                               "issued_on": issued.isoformat(), "status": "active"}
    if rng.random() < 0.4:
        measure["status"] = "ended"
        measure["ended_on"] = (issued + dt.timedelta(days=rng.randint(30, 400))).isoformat()
    reports = []
    for n in range(1, 8):
        due = issued + dt.timedelta(days=60 * n)
        if rng.random() < 0.75:
            reports.append({"number": n, "date": (due + dt.timedelta(
                days=rng.choice((-5, -1, 0, 3, 20)))).isoformat()})
    measure["reports"] = reports
    return measure


def _boundary_people(load: Caseload) -> list[tuple[str, str, dict[str, Any]]]:
    """Persons born exactly on age-band edges (ages at 31.12.2025), each with one open case."""
    out: list[tuple[str, str, dict[str, Any]]] = []
    hid = uuid7()
    household = {"administrative_unit": "Qelëz", "village": "Qelëz", "area_type": "rural"}
    load.households[hid] = household
    out.append((hid, "household", household))
    for n, birth in enumerate(("2020-01-01", "2019-12-31", "2009-12-31", "2010-01-01",
                               "2006-12-31", "1961-01-01", "1960-12-31")):
        pid, cid = uuid7(), uuid7()
        person = {"first_name": "Edge", "last_name": f"Case{n}", "sex": "F",
                  "birth_date": birth, "household_id": hid, "target_groups": ["elderly"]}
        case = {"case_number": f"E-{n:03d}", "person_id": pid, "household_id": hid,
                "case_type": "social_care", "status": "open", "opened_on": "2024-05-05",
                "administrative_unit": "Qelëz", "village": "Qelëz"}
        load.persons[pid], load.cases[cid] = person, case
        out += [(pid, "person", person), (cid, "case", case)]
    return out
