"""Deterministic synthetic caseloads for the demo, the tests and the benchmarks.

Everyone generated here is invented: Albanian first names, surnames and father's names drawn
at random, plausible birth dates and personal ID numbers that belong to nobody. Places are the
real municipalities, administrative units and (demo) villages shipped in ``resources/places``.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from desktop.core.case_numbers import case_number_prefix, municipality_code
from desktop.core.store import Store
from sync.ids import uuid7
from sync.profile import Profile

PLACES_DIR = Path(__file__).resolve().parents[2] / "resources" / "places"
DEFAULT_MUNICIPALITIES = ("Pukë", "Kuçovë", "Himarë", "Tiranë")

MALE_NAMES = (
    "Agim", "Albert", "Arben", "Ardit", "Arjan", "Artan", "Astrit", "Bardhyl", "Bashkim",
    "Besnik", "Blerim", "Dritan", "Edmond", "Elton", "Engjëll", "Erion", "Fatmir", "Flamur",
    "Gazmend", "Gjergj", "Gjon", "Ilir", "Jetmir", "Kastriot", "Klodian", "Leonard", "Lulzim",
    "Marjan", "Mark", "Mehmet", "Nikollë", "Pashk", "Përparim", "Petrit", "Qazim", "Rrok",
    "Sokol", "Shkëlqim", "Tomorr", "Ujkan", "Valmir", "Xhevdet", "Ylli", "Zef", "Çlirim",
    "Ndue", "Prend", "Gëzim", "Fran", "Lekë",
)
FEMALE_NAMES = (
    "Alma", "Anila", "Arjola", "Besa", "Blerta", "Bora", "Dhurata", "Drita", "Elona", "Entela",
    "Ermira", "Etleva", "Fatbardha", "Flutura", "Gentjana", "Hëna", "Ilirjana", "Jonida",
    "Klea", "Lindita", "Liljana", "Luljeta", "Majlinda", "Manjola", "Mirela", "Natasha",
    "Ornela", "Pranvera", "Rudina", "Rozafa", "Shpresa", "Silvana", "Suela", "Teuta", "Vjollca",
    "Valbona", "Xhulieta", "Yllka", "Zamira", "Ëngjëllushe", "Çiljeta", "Marije", "Drane",
    "Lule", "Prenda", "Mrika", "Dila", "Tereze", "Gjystina", "Katerina",
)
SURNAMES = (
    "Hoxha", "Shehu", "Gjoka", "Leka", "Marku", "Prenga", "Gjini", "Doda", "Kola", "Pjetri",
    "Çela", "Dushku", "Bardhi", "Zefi", "Ndoja", "Gjeloshi", "Kaçaj", "Lleshi", "Bushati",
    "Mëhilli", "Frroku", "Palaj", "Vukaj", "Kurti", "Bajraktari", "Domi", "Meta", "Xhafa",
    "Rama", "Basha", "Dervishi", "Hysa", "Muça", "Shkurti", "Tafa", "Hasani", "Brahimi",
    "Qose", "Rrapaj", "Gjonaj", "Ndreu", "Kodra", "Përlala", "Dedaj", "Gjergji", "Mirashi",
    "Llazi", "Ziu", "Koçi", "Bregu",
)
# Birth-decade letter of Albanian personal numbers (synthetic: letter, 8 digits, letter).
_DECADE_LETTERS = "ABCDEFGHIJKLMN"
_AGE_BANDS = ((0, 5, 0.13), (6, 15, 0.17), (16, 18, 0.05), (19, 64, 0.40), (65, 92, 0.25))


@dataclass(frozen=True)
class Place:
    municipality: str
    unit: str
    village: str
    area_type: str


@cache
def demo_places(municipalities: tuple[str, ...] = DEFAULT_MUNICIPALITIES) -> tuple[Place, ...]:
    with (PLACES_DIR / "villages_demo.csv").open(encoding="utf-8") as handle:
        rows = [Place(r["municipality"], r["administrative_unit"], r["village"], r["area_type"])
                for r in csv.DictReader(handle)]
    return tuple(p for p in rows if p.municipality in municipalities)


_SUMMARY_FIELDS = {"person": "persons", "household": "households", "case": "cases"}


@dataclass
class DemoSummary:
    persons: int = 0
    households: int = 0
    cases: int = 0


class DemoGenerator:
    """Makes households of persons, and cases for some of them, from a seed."""

    def __init__(self, profile: Profile, *, seed: int = 1, device_code: str = "DEMO",
                 municipalities: tuple[str, ...] = DEFAULT_MUNICIPALITIES,
                 today: dt.date | None = None, workers: tuple[str, ...] = ("demo",)) -> None:
        self.profile = profile
        self.rng = random.Random(seed)
        self.places = demo_places(tuple(municipalities))
        self.today = today or dt.date.today()
        self.device_code = device_code
        self.workers = workers
        self._case_seq: dict[str, int] = {}
        self._groups = [(g["code"], float(g.get("share", 0.01)),
                         [s["code"] for s in g.get("subgroups", [])])
                        for g in profile.items("target_groups")]
        self._case_types = [(c["code"], float(c.get("share", 0.05)), c.get("manager_role"))
                            for c in profile.items("case_types")]
        self._sources = [(s["code"], float(s.get("share", 0.05)))
                         for s in profile.items("referral_sources")]

    # -- people -----------------------------------------------------------------------------
    def households(self, persons: int) -> Iterator[list[tuple[str, str, dict[str, Any]]]]:
        """Yields each household as (record id, type, fields) for it, its members and cases."""
        made = 0
        while made < persons:
            size = min(persons - made, self.rng.choice((1, 1, 2, 2, 3, 3, 4, 4, 5, 6)))
            yield self._household(size)
            made += size

    def _household(self, size: int) -> list[tuple[str, str, dict[str, Any]]]:
        rng = self.rng
        place = rng.choice(self.places)
        surname = rng.choice(SURNAMES)
        household_id = uuid7()
        members = [self._person(household_id, surname, place, head=(i == 0)) for i in range(size)]
        out: list[tuple[str, str, dict[str, Any]]] = [(household_id, "household", {
            "head_person_id": members[0][0],
            "administrative_unit": place.unit,
            "village": place.village,
            "area_type": place.area_type,
            "size": size,
            "monthly_income": float(rng.randrange(0, 60_000, 500)),
            "economic_aid": rng.random() < 0.3,
            "abuser_present": rng.random() < 0.02,
        })]
        out += [(pid, "person", fields) for pid, fields in members]
        for pid, fields in members:
            if rng.random() < 0.55:
                out.append(self._case(pid, household_id, fields, place))
        return out

    def _person(self, household_id: str, surname: str, place: Place, *, head: bool
                ) -> tuple[str, dict[str, Any]]:
        rng = self.rng
        sex = rng.choice("FM")
        first = rng.choice(FEMALE_NAMES if sex == "F" else MALE_NAMES)
        birth = self._birth_date(adult=head)
        fields: dict[str, Any] = {
            "first_name": first,
            "last_name": surname,
            "father_name": rng.choice(MALE_NAMES),
            "sex": sex,
            "birth_date": birth.isoformat(),
            "personal_id": self._personal_id(birth, sex),
            "household_id": household_id,
            "administrative_unit": place.unit,
            "village": place.village,
            "target_groups": self._target_groups(birth),
        }
        return uuid7(), fields

    def _birth_date(self, *, adult: bool) -> dt.date:
        bands = [b for b in _AGE_BANDS if not adult or b[0] >= 19]
        low, high, _ = self.rng.choices(bands, weights=[b[2] for b in bands])[0]
        age_days = self.rng.randint(low * 365, high * 365 + 364)
        return self.today - dt.timedelta(days=age_days)

    def _personal_id(self, birth: dt.date, sex: str) -> str:
        letter = _DECADE_LETTERS[min(max((birth.year - 1900) // 10, 0), 13)]
        month = birth.month + (50 if sex == "F" else 0)
        serial = self.rng.randrange(1000)
        check = chr(ord("A") + self.rng.randrange(26))
        return f"{letter}{birth.year % 10}{month:02d}{birth.day:02d}{serial:03d}{check}"

    def _target_groups(self, birth: dt.date) -> list[str]:
        age = (self.today - birth).days // 365
        groups = []
        for code, share, subgroups in self._groups:
            if code == "elderly":
                share = 0.9 if age >= 65 else 0.0
            elif code == "child_protection" and age >= 18:
                share = 0.0
            if self.rng.random() < share:
                groups.append(code)
                if subgroups and self.rng.random() < 0.6:
                    groups.append(self.rng.choice(subgroups))
        return groups or ["income"]

    # -- cases ------------------------------------------------------------------------------
    def _case(self, person_id: str, household_id: str, person: dict[str, Any], place: Place
              ) -> tuple[str, str, dict[str, Any]]:
        rng = self.rng
        case_type, _, manager_role = rng.choices(self._case_types,
                                                 weights=[c[1] for c in self._case_types])[0]
        opened = self.today - dt.timedelta(days=rng.randint(0, 3 * 365))
        closed = rng.random() < 0.35 and (self.today - opened).days > 60
        prefix = case_number_prefix(municipality_code(place.municipality), opened.year,
                                    self.device_code)
        self._case_seq[prefix] = self._case_seq.get(prefix, 0) + 1
        fields: dict[str, Any] = {
            "case_number": f"{prefix}-{self._case_seq[prefix]:05d}",
            "person_id": person_id,
            "household_id": household_id,
            "case_type": case_type,
            "status": "closed" if closed else "open",
            "risk_level": rng.choices(("low", "medium", "high", "urgent"), (5, 3, 1.5, 0.5))[0],
            "referral_source": rng.choices([s[0] for s in self._sources],
                                           [s[1] for s in self._sources])[0],
            "opened_on": opened.isoformat(),
            "assigned_worker": rng.choice(self.workers),
            "manager_role": manager_role,
            "municipality": place.municipality,
            "administrative_unit": place.unit,
            "village": place.village,
            "review_due": (opened + dt.timedelta(days=rng.choice((90, 180)))).isoformat(),
        }
        if closed:
            fields["closed_on"] = (opened + dt.timedelta(days=rng.randint(30, 300))).isoformat()
            fields["closure_reason"] = rng.choice(self.profile.codes("closure_reasons"))
        return uuid7(), "case", fields


def add_demo_data(store: Store, persons: int, *, seed: int = 1, batch: int = 2000,
                  progress: Callable[[int, int], None] | None = None,
                  **options: Any) -> DemoSummary:
    """Generate ``persons`` synthetic persons (with households and cases) into ``store``."""
    generator = DemoGenerator(store.profile, seed=seed, **options)
    summary = DemoSummary()
    pending: list[tuple[str, str, dict[str, Any]]] = []

    def flush() -> None:
        store.create_many([(t, f) for _, t, f in pending], record_ids=[i for i, _, _ in pending])
        pending.clear()

    for household in generator.households(persons):
        for _, record_type, _ in household:
            name = _SUMMARY_FIELDS[record_type]
            setattr(summary, name, getattr(summary, name) + 1)
        pending.extend(household)
        if len(pending) >= batch:
            flush()
            if progress:
                progress(summary.persons, persons)
    if pending:
        flush()
    if progress:
        progress(summary.persons, persons)
    return summary
