"""Deterministic synthetic caseloads for the demo, the tests and the benchmarks.

Everyone generated here is invented: Albanian first names, surnames and father's names drawn
at random, plausible birth dates and personal ID numbers that belong to nobody. Places are the
real municipalities, administrative units and (demo) villages shipped in ``resources/places``.

Besides persons, households and cases, the demo has case activity over the last three years
(assessments, plans with actions, visits, referrals, measures, meetings: see
:mod:`desktop.core.casework.demo_activity` for the shares) and catalogs: the demo villages and
a directory of public and NGO service providers. Everything is built in memory and written in
batches with ``create_many``.
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
from desktop.core.casework.config import casework_config
from desktop.core.casework.demo_activity import CaseActivity
from desktop.core.casework.holding import Holder, role_may_hold
from desktop.core.casework.holding import holder as signed_in_holder
from desktop.core.demo_providers import demo_providers
from desktop.core.store import Store
from sync.ids import uuid7
from sync.profile import Profile

PLACES_DIR = Path(__file__).resolve().parents[2] / "resources" / "places"
DEFAULT_MUNICIPALITIES = ("Pukë", "Kuçovë", "Himarë", "Tiranë")
DEFAULT_MUNICIPALITIES_BY_COUNTRY = {"AL": DEFAULT_MUNICIPALITIES, "XK": ("Gjilan",)}

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
    village_sr: str | None = None


@cache
def demo_places(municipalities: tuple[str, ...] = DEFAULT_MUNICIPALITIES,
                filename: str = "villages_demo.csv") -> tuple[Place, ...]:
    with (PLACES_DIR / filename).open(encoding="utf-8") as handle:
        rows = [Place(r["municipality"], r["administrative_unit"], r["village"], r["area_type"],
                      r.get("village_sr") or None) for r in csv.DictReader(handle)]
    return tuple(p for p in rows if p.municipality in municipalities)


def _villages_file(profile: Profile) -> str:
    return str(profile.data.get("places", {}).get("villages_demo", "villages_demo.csv"))


_SUMMARY_FIELDS = {"person": "persons", "household": "households", "case": "cases",
                   "assessment": "assessments", "plan": "plans", "plan_action": "plan_actions",
                   "visit": "visits", "referral": "referrals", "measure": "measures",
                   "meeting": "meetings", "service_provider": "service_providers",
                   "village": "villages", "consent": "consents"}


@dataclass
class DemoSummary:
    persons: int = 0
    households: int = 0
    cases: int = 0
    assessments: int = 0
    plans: int = 0
    plan_actions: int = 0
    visits: int = 0
    referrals: int = 0
    measures: int = 0
    meetings: int = 0
    service_providers: int = 0
    villages: int = 0
    consents: int = 0


class DemoGenerator:
    """Makes households of persons, and cases for some of them, from a seed."""

    def __init__(self, profile: Profile, *, seed: int = 1, device_code: str = "DEMO",
                 municipalities: tuple[str, ...] | None = None,
                 today: dt.date | None = None, workers: tuple[str, ...] = ("demo",),
                 activity: bool = True, holder: Holder | None = None) -> None:
        self.profile = profile
        self.rng = random.Random(seed)
        if municipalities is None:
            municipalities = DEFAULT_MUNICIPALITIES_BY_COUNTRY.get(profile.country,
                                                                   DEFAULT_MUNICIPALITIES)
        self.municipalities = tuple(municipalities)
        self.places = demo_places(self.municipalities, _villages_file(profile))
        if holder is not None:  # only what the server lets this user hold
            self.places = tuple(p for p in self.places if holder.has_unit(p.unit)) or \
                self.places
        self.today = today or dt.date.today()
        self.device_code = device_code
        self.workers = workers
        self._case_seq: dict[str, int] = {}
        self._groups = [(g["code"], float(g.get("share", 0.01)),
                         [s["code"] for s in g.get("subgroups", [])],
                         g.get("min_age"), g.get("max_age"))
                        for g in profile.items("target_groups")]
        codes = [g[0] for g in self._groups if g[3] is None and g[4] is None]
        self._fallback_group = next((c for c in ("income", "social_assistance") if c in codes),
                                    codes[0] if codes else self._groups[0][0])
        self.providers = self._providers(random.Random(f"providers:{seed}"))
        self.activity = CaseActivity(profile, casework_config(profile),
                                     random.Random(f"activity:{seed}"), self.today,
                                     self.providers, holder.role if holder else None
                                     ) if activity else None
        self._case_types = [(c["code"], float(c.get("share", 0.05)), c.get("manager_role"),
                             c.get("min_age"), c.get("max_age"))
                            for c in profile.items("case_types")
                            if holder is None or role_may_hold(profile, holder.role, c["code"])]
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
                case = self._case(pid, household_id, fields, place)
                out.append(case)
                if self.activity is not None:
                    out += self.activity.records(case[0], case[2], fields, household_id)
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
        for code, share, subgroups, min_age, max_age in self._groups:
            if (min_age is not None and age < min_age) or (max_age is not None
                                                           and age > max_age):
                continue
            if code == "elderly":
                share = 0.9
            if self.rng.random() < share:
                groups.append(code)
                if subgroups and self.rng.random() < 0.6:
                    groups.append(self.rng.choice(subgroups))
        return groups or [self._fallback_group]

    # -- cases ------------------------------------------------------------------------------
    def _case(self, person_id: str, household_id: str, person: dict[str, Any], place: Place
              ) -> tuple[str, str, dict[str, Any]]:
        rng = self.rng
        age = (self.today - dt.date.fromisoformat(person["birth_date"])).days // 365
        fitting = [c for c in self._case_types if (c[3] is None or age >= c[3])
                   and (c[4] is None or age <= c[4])] or self._case_types
        case_type, _, manager_role, _, _ = rng.choices(fitting,
                                                       weights=[c[1] for c in fitting])[0]
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
            closed_on = min(opened + dt.timedelta(days=rng.randint(30, 300)), self.today)
            fields["closed_on"] = closed_on.isoformat()
            fields["closure_reason"] = rng.choice(self.profile.codes("closure_reasons"))
        return uuid7(), "case", fields


    # -- catalogs -------------------------------------------------------------------------
    def _providers(self, rng: random.Random) -> list[tuple[str, dict[str, Any]]]:
        return demo_providers(self.profile, self.places, rng)

    def catalog(self, store: Store) -> list[tuple[str, str, dict[str, Any]]]:
        """Provider and village catalog records not yet in ``store``."""
        out: list[tuple[str, str, dict[str, Any]]] = []
        existing = store.query("service_provider", order_by="id")
        if existing:  # refer to the directory already there
            self.providers[:] = [(r.id, r.fields) for r in existing]
        else:
            out += [(pid, "service_provider", fields) for pid, fields in self.providers]
        known = {(v.fields.get("administrative_unit"), v.fields.get("name"))
                 for v in store.query("village", order_by="id")}
        out += [(uuid7(), "village", {"name": p.village, "administrative_unit": p.unit,
                                      "municipality": p.municipality,
                                      "area_type": p.area_type,
                                      **({"name_sr": p.village_sr} if p.village_sr else {})})
                for p in self.places if (p.unit, p.village) not in known]
        return out


def add_demo_data(store: Store, persons: int, *, seed: int = 1, batch: int = 10_000,
                  progress: Callable[[int, int], None] | None = None,
                  **options: Any) -> DemoSummary:
    """Generate ``persons`` synthetic persons (with households, cases and, unless
    ``activity=False``, their case activity and the catalogs) into ``store``.

    A vault signed in at a server gets only cases its user's role and units may hold, so
    its first sync has nothing refused."""
    options.setdefault("holder", signed_in_holder(store))
    generator = DemoGenerator(store.profile, seed=seed, **options)
    summary = DemoSummary()
    pending: list[tuple[str, str, dict[str, Any]]] = []
    if generator.activity is not None:
        pending += generator.catalog(store)
        for _, record_type, _ in pending:
            name = _SUMMARY_FIELDS[record_type]
            setattr(summary, name, getattr(summary, name) + 1)

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
