"""The demo's service directory: synthetic but plausible public and NGO providers of each
demo municipality, regional and national ones, with addresses and contacts."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from desktop.core.casework.config import casework_config
from desktop.core.search import fold
from sync.ids import uuid7
from sync.profile import Profile


def demo_providers(profile: Profile, places: Sequence[Any], rng: random.Random
                   ) -> list[tuple[str, dict[str, Any]]]:
    """A small directory of public and NGO providers per municipality, and national ones."""
    services = casework_config(profile).services
    groups = profile.codes("target_groups")
    units: dict[str, list[Any]] = {}
    for place in places:
        units.setdefault(place.municipality, []).append(place)
    out = []
    for municipality, in_municipality in units.items():
        for name, offered, public in PROVIDER_TEMPLATES:
            offered = [s for s in offered if s in services]
            if not offered:
                continue
            place = rng.choice(in_municipality)
            out.append((uuid7(), {
                "name": name.format(m=municipality), "services": offered,
                "target_groups": rng.sample(groups, min(len(groups), rng.randint(0, 3))),
                "capacity": rng.choice((10, 20, 30, 50)), "municipality": municipality,
                "administrative_unit": place.unit, "village": place.village,
                "public": public, "level": "local",
                "phone": f"06{rng.randint(7, 9)} {rng.randint(100, 999)} "
                         f"{rng.randint(1000, 9999)}"}))
    for level, providers in (("regional", REGIONAL_PROVIDERS),
                             ("national", NATIONAL_PROVIDERS)):
        for name, offered, public in providers:
            offered = [s for s in offered if s in services]
            if offered:
                out.append((uuid7(), {"name": name, "services": offered,
                                      "target_groups": [], "public": public,
                                      "level": level}))
    contacts = random.Random(f"contacts:{rng.random()}")
    for _id, fields in out:
        fields.update(_provider_contacts(contacts, fields))
    return out


# (name, services, public) of demo providers in each municipality ("{m}": its name).
PROVIDER_TEMPLATES = (
    ("Qendra Ditore {m}", ("day_centre", "counselling", "information"), True),
    ("Njësia Lëvizëse {m}", ("mobile_unit", "home_care", "food_package"), True),
    ("Qendra Komunitare {m}", ("community_centre", "early_intervention", "school_supplies"),
     True),
    ("Shoqata Zemër e Mirë {m}", ("counselling", "food_package", "emergency_fund"), False),
    ("Qendra Shëndetësore {m}", ("health_service",), True),
    ("Zyra e Punësimit {m}", ("employment_office",), True),
    ("Bashkia {m}: ndihma", ("economic_aid", "social_assistance", "rent_bonus",
                             "emergency_fund"), True),
)
REGIONAL_PROVIDERS = (
    ("Zyra Rajonale e Shërbimit Social Shtetëror", ("economic_aid", "information"), True),
    ("Qendra Rajonale e Këshillimit për Familjen (OJF)", ("counselling", "early_intervention",
                                                          "legal_aid"), False),
)
CONTACT_NAMES = ("Alma", "Besa", "Drita", "Entela", "Lindita", "Mirela", "Teuta", "Arben",
                 "Besnik", "Gjergj", "Ilir", "Sokol")
CONTACT_SURNAMES = ("Hoxha", "Leka", "Marku", "Gjoka", "Kola", "Bardhi", "Lleshi", "Domi")
STREETS = ("Rruga e Shkollës", "Rruga Kryesore", "Rruga e Dëshmorëve", "Rruga e Pazarit",
           "Bulevardi Skënderbeu", "Rruga Ismail Qemali")


def _provider_contacts(rng: random.Random, fields: dict[str, Any]) -> dict[str, Any]:
    """A synthetic address, contact person and e-mail for a demo provider."""
    town = fields.get("village") or fields.get("municipality") or "Tiranë"
    slug = "".join(c for c in fold(str(fields["name"])) if c.isalnum())[:18]
    person = f"{rng.choice(CONTACT_NAMES)} {rng.choice(CONTACT_SURNAMES)}"
    extra = {"address": f"{rng.choice(STREETS)} {rng.randint(1, 60)}, {town}",
             "contact_person": person, "email": f"{slug}@shembull.example"}
    if "phone" not in fields:
        extra["phone"] = f"04 2{rng.randint(10, 99)} {rng.randint(1000, 9999)}"
    if "capacity" not in fields and fields.get("level") != "regional":
        extra["capacity"] = rng.choice((15, 24, 40, 60))
    return extra


NATIONAL_PROVIDERS = (
    ("Qendra Kombëtare e Strehimit të Mbrojtur", ("protected_housing", "shelter",
                                                  "emergency_72h"), True),
    ("Strehimorja Shpresa (OJF)", ("shelter", "protected_housing", "counselling",
                                   "legal_aid"), False),
    ("Qendra Rezidenciale për të Moshuar", ("residential_elderly",), True),
    ("Shtëpia e Fëmijës", ("residential_children", "foster_care", "kinship_care"), True),
    ("Qendra Rezidenciale për PAK", ("residential_disability",), True),
)
