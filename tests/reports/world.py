"""A small synthetic world for the report tests of assessments, providers, meetings and acts.

Everything is invented: names are made up, places are demo units.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sync.ids import uuid7

AS_OF = dt.date(2026, 2, 1)
YEAR = ("2025-01-01", "2025-12-31")
PLACES = {"Kuçovë": ("Kuçovë", "Velçan"), "Lukovë": ("Piqeras",)}
FORMS = ("elderly_functional", "dv_risk", "child_protection_risk", "satisfaction")
INSTITUTIONS = ("police", "school", "health_centre", "ngo", "court")
GROUPS = ("gtn", "etn", "case_conference")
# name, level, municipality
PROVIDERS = (("Qendra Multifunksionale Kuçovë", "local", "Kuçovë"),
             ("Qendra Ditore Berat", "local", "Berat"),
             ("Drejtoria Rajonale Berat", "regional", "Berat"),
             ("Shërbimi Kombëtar i Strehimit", "national", None),
             ("Qendra Rajonale Kuçovë", "regional", "Kuçovë"))
DAYS = [dt.date(2024, 11, 1) + dt.timedelta(days=9 * n) for n in range(60)]  # to 2026-04


def in_year(day: str | None) -> bool:
    return day is not None and YEAR[0] <= day <= YEAR[1]


class World:
    """The records made, kept as plain dicts for the counts made here."""

    def __init__(self, seed: int = 4) -> None:
        self.rng = random.Random(seed)
        self.items: list[tuple[str, str, dict[str, Any]]] = []
        self.persons: dict[str, dict[str, Any]] = {}
        self.cases: dict[str, dict[str, Any]] = {}
        self.providers = {uuid7(): p for p in PROVIDERS}

    def of(self, record_type: str) -> list[tuple[str, dict[str, Any]]]:
        return [(i, f) for i, t, f in self.items if t == record_type]

    def add(self, record_type: str, fields: dict[str, Any]) -> str:
        rid = uuid7()
        self.items.append((rid, record_type, fields))
        return rid

    def save(self, store: Any) -> World:
        store.create_many([(t, f) for _, t, f in self.items],
                          record_ids=[i for i, _, _ in self.items])
        return self

    def build(self, persons: int = 40) -> World:
        for rid, (name, level, municipality) in self.providers.items():
            self.items.append((rid, "service_provider", {
                "name": name, "level": level, "municipality": municipality,
                "services": ["counselling"]}))
        for n in range(persons):
            self._person_and_case(n)
        for cid in self.cases:
            self._work(cid)
        first, centre = sorted(self.cases)[0], sorted(self.providers)[0]
        for sent in ("2025-03-03", "2025-09-09"):  # one person served twice by one provider
            self.add("referral", {"case_id": first, "service": "counselling",
                                  "status": "delivered", "sent_on": sent,
                                  "provider_id": centre})
        case_ids = sorted(self.cases)
        for n in range(9):
            self._meeting(n, case_ids)
        return self

    def _person_and_case(self, n: int) -> None:
        rng = self.rng
        unit = rng.choice(sorted(PLACES))
        village = rng.choice(PLACES[unit])
        pid = self.add("person", {"first_name": f"Drin{n}", "last_name": "Malësori",
                                  "sex": rng.choice(("F", "M")), "administrative_unit": unit,
                                  "village": village, "birth_date": "1980-05-05"})
        self.persons[pid] = self.items[-1][2]
        case = {"case_number": f"V-{n:03d}", "person_id": pid, "case_type": "social_care",
                "status": "open", "opened_on": rng.choice(DAYS[:20]).isoformat(),
                "administrative_unit": unit, "municipality": "Kuçovë"}
        if n % 4:  # every fourth case has no village of its own: its person's counts
            case["village"] = rng.choice(PLACES[unit])
        self.cases[self.add("case", case)] = case

    def _work(self, cid: str) -> None:
        rng = self.rng
        for _ in range(rng.choice((0, 1, 2))):
            self.add("assessment", {"case_id": cid, "form_id": rng.choice(FORMS),
                                    "form_version": 1, "answers": {},
                                    "submitted_on": rng.choice(DAYS).isoformat()})
        for _ in range(rng.choice((0, 1, 1, 2))):
            referral = {"case_id": cid, "service": "counselling",
                        "status": rng.choice(("sent", "delivered", "delivered")),
                        "sent_on": rng.choice(DAYS).isoformat()}
            choice = rng.random()
            if choice < 0.75:
                referral["provider_id"] = rng.choice(sorted(self.providers))
            elif choice < 0.9:
                referral["provider_name"] = "Shoqata Vullnetare"
            self.add("referral", referral)

    def _meeting(self, n: int, case_ids: list[str]) -> None:
        rng = self.rng
        discussed = rng.sample(case_ids, rng.randint(1, 4))
        attendees = [{"name": f"Anëtar {n}-{i}", "institution": rng.choice(INSTITUTIONS)}
                     for i in range(rng.randint(2, 6))]
        self.add("meeting", {"meeting_date": DAYS[5 + 5 * n].isoformat(),
                             "group": GROUPS[n % 3], "attendees": attendees,
                             "case_ids": discussed, "case_id": discussed[0]})

    # -- the counts made here --------------------------------------------------------------
    def managed(self) -> dict[str, dict[str, Any]]:
        return {c: f for c, f in self.cases.items() if f["opened_on"] <= YEAR[1]}

    def place(self, case: dict[str, Any]) -> str:
        if case.get("village"):
            return f"{case['administrative_unit']} / {case['village']}"
        person = self.persons[case["person_id"]]
        return f"{person['administrative_unit']} / {person['village']}"

    def meetings(self) -> list[dict[str, Any]]:
        return [f for _, f in self.of("meeting") if in_year(f["meeting_date"])]

    def provider(self, referral: dict[str, Any]) -> tuple[str | None, str | None]:
        found = self.providers.get(referral.get("provider_id", ""))
        if found is None:
            return referral.get("provider_name"), None
        return found[0], found[1]

    def outside(self, referral: dict[str, Any]) -> bool:
        found = self.providers.get(referral.get("provider_id", ""))
        if found is None:
            return False
        _, level, municipality = found
        return municipality != "Kuçovë" if municipality else level != "local"


ACT_TYPES = ("no_guardianship_certificate", "child_travel_consent",
             "property_transfer_consent")


def kosovo_acts(store: Any, count: int = 30) -> list[dict[str, Any]]:
    """Persons of Gjilan and one administrative act for each, saved in ``store`` (a vault of
    the Kosovo profile); the acts made."""
    rng = random.Random(3)
    acts = []
    for n in range(count):
        pid = uuid7()
        act = {"act_type": rng.choice(ACT_TYPES), "protocol_number": f"GJI-2025-A{n:05d}",
               "person_id": pid, "issued_on": rng.choice(DAYS).isoformat(),
               "issued_by": "drita", "municipality": "Gjilan",
               "decision": rng.choice(("granted", "granted", "refused"))}
        store.create_many([
            ("person", {"first_name": f"Arbnor{n}", "last_name": "Lumëbardhi",
                        "sex": rng.choice(("F", "M")), "administrative_unit": "Gjilan",
                        "birth_date": "1990-01-01"}),
            ("administrative_act", act)], record_ids=[pid, None])
        acts.append(act)
    return acts
