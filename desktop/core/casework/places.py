"""Places: municipalities and administrative units (shipped), villages (imported from CSV).

Municipalities and administrative units come from ``resources/places`` (the lists in the
profile's ``places`` section). Village lists differ per municipality and change, so each
municipality imports its own from CSV into ``village`` catalog records, which sync to laptops.
Place names carry ë and ç; users type without them, so lookups fold diacritics.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from desktop.core.case_numbers import fold
from desktop.core.casework.tables import read_table
from desktop.core.store import Store
from sync.profile import Profile, load_profile
from sync.records import Record
from sync.yamlfile import DataFileError

PLACES_DIR = Path(__file__).resolve().parents[3] / "resources" / "places"
AREA_TYPES = ("urban", "rural")
VILLAGE_COLUMNS = ("municipality", "administrative_unit", "village")


@dataclass(frozen=True)
class Municipality:
    country: str
    name: str
    county: str | None = None
    name_sr: str | None = None


@dataclass(frozen=True)
class AdministrativeUnit:
    country: str
    municipality: str
    name: str
    kind: str


@dataclass(frozen=True)
class Village:
    municipality: str
    administrative_unit: str
    name: str
    area_type: str | None = None
    name_sr: str | None = None
    line: int = 0


class VillageFileError(DataFileError):
    """A village CSV with problems; ``problems`` lists every (line, reason)."""

    def __init__(self, path: str | Path, problems: list[tuple[int, str]]) -> None:
        self.problems = problems
        line, message = problems[0]
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(path, line, message + more)


def place_key(name: str) -> str:
    """How place names compare: folded, single spaces, hyphens as spaces."""
    return " ".join(fold(name).replace("-", " ").split())


def _places_file(profile: Profile, key: str, default: str) -> Path:
    return PLACES_DIR / str(profile.data.get("places", {}).get(key, default))


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def municipalities(country: str) -> tuple[Municipality, ...]:
    """The municipalities of a country (AL or XK), in file order."""
    profile = load_profile(country)
    default = "albania_municipalities.csv" if country == "AL" else "kosovo_municipalities.csv"
    rows = _read_csv(_places_file(profile, "municipalities", default))
    return tuple(Municipality(country, r["municipality"].strip(), (r.get("county") or None),
                              (r.get("serbian_name") or None)) for r in rows)


def find_municipality(country: str, name: str) -> Municipality | None:
    """The municipality named ``name`` (typed with or without ë/ç, or its Serbian name)."""
    return _municipality_keys(country).get(place_key(name))


@cache
def _municipality_keys(country: str) -> dict[str, Municipality]:
    """Folded name (and Serbian name) → municipality; the first in file order wins."""
    keys: dict[str, Municipality] = {}
    for municipality in municipalities(country):
        for name in (municipality.name, municipality.name_sr or ""):
            keys.setdefault(place_key(name), municipality)
    return keys


@cache
def administrative_units(country: str) -> tuple[AdministrativeUnit, ...]:
    profile = load_profile(country)
    rows = _read_csv(_places_file(profile, "administrative_units", "administrative_units.csv"))
    return tuple(AdministrativeUnit(r["country"], r["municipality"].strip(),
                                    r["administrative_unit"].strip(), r.get("kind", ""))
                 for r in rows if r.get("country") == country)


def units_of(country: str, municipality: str) -> list[AdministrativeUnit]:
    key = place_key(municipality)
    return [u for u in administrative_units(country) if place_key(u.municipality) == key]


def find_unit(country: str, name: str, municipality: str | None = None
              ) -> AdministrativeUnit | None:
    key = place_key(name)
    if not municipality:
        return _unit_keys(country).get(key)
    return next((u for u in units_of(country, municipality) if place_key(u.name) == key), None)


@cache
def _unit_keys(country: str) -> dict[str, AdministrativeUnit]:
    keys: dict[str, AdministrativeUnit] = {}
    for unit in administrative_units(country):
        keys.setdefault(place_key(unit.name), unit)
    return keys


# -- villages --------------------------------------------------------------------------------

@dataclass
class _VillageCheck:
    country: str | None
    problems: list[tuple[int, str]] = field(default_factory=list)
    seen: dict[tuple[str, str, str], int] = field(default_factory=dict)


def read_villages_csv(path: str | Path, *, country: str | None = None) -> list[Village]:
    """Villages from a CSV (municipality, administrative_unit, village[, area_type, village_sr]).

    Every bad line is reported (:class:`VillageFileError`); names of known municipalities and
    units are written as the official lists spell them.
    """
    table = read_table(path)
    missing = [c for c in VILLAGE_COLUMNS if c not in table.columns]
    if missing:
        raise VillageFileError(path, [(1, f"missing column {missing[0]!r} (the columns are "
                                          f"{', '.join(VILLAGE_COLUMNS)}, area_type)")])
    check = _VillageCheck(country)
    villages = [v for row in table.rows
                if (v := _village(check, row.line, {c: row.text(c) for c in table.columns}))]
    if check.problems:
        raise VillageFileError(path, check.problems)
    return villages


def _village(check: _VillageCheck, line: int, row: dict[str, str]) -> Village | None:
    municipality, unit, name = (row.get(c, "") for c in VILLAGE_COLUMNS)
    area = row.get("area_type", "").lower() or None
    problem = None
    if not (municipality and unit and name):
        problem = "municipality, administrative_unit and village are all needed"
    elif area is not None and area not in AREA_TYPES:
        problem = f"area_type must be urban or rural, not {area!r}"
    elif check.country:
        municipality, unit, problem = _official_names(check.country, municipality, unit)
    key = (place_key(municipality), place_key(unit), place_key(name))
    if problem is None and key in check.seen:
        problem = f"{name!r} is already on line {check.seen[key]}"
    if problem:
        check.problems.append((line, problem))
        return None
    check.seen[key] = line
    return Village(municipality, unit, name, area, row.get("village_sr") or None, line)


def _official_names(country: str, municipality: str, unit: str
                    ) -> tuple[str, str, str | None]:
    found = find_municipality(country, municipality)
    if found is None:
        return municipality, unit, f"unknown municipality {municipality!r}"
    units = units_of(country, found.name)
    if not units:  # the units of this municipality are not shipped: take them as written
        return found.name, unit, None
    official = find_unit(country, unit, found.name)
    if official is None:
        return found.name, unit, (f"{unit!r} is not an administrative unit of "
                                  f"{found.name}")
    return found.name, official.name, None


@dataclass(frozen=True)
class VillageImport:
    created: int
    updated: int
    unchanged: int


def village_fields(village: Village) -> dict[str, str | None]:
    return {"name": village.name, "administrative_unit": village.administrative_unit,
            "municipality": village.municipality, "area_type": village.area_type,
            "name_sr": village.name_sr}


def import_villages(store: Store, path: str | Path) -> VillageImport:
    """Add (or correct) the village catalog records from a CSV, in one transaction."""
    villages = read_villages_csv(path, country=store.profile.country)
    created = updated = unchanged = 0
    with store.transaction():
        existing = {_village_key(r.fields): r for r in store.query("village", order_by="id")}
        new: list[tuple[str, dict]] = []
        for village in villages:
            fields = village_fields(village)
            record = existing.get(_village_key(fields))
            if record is None:
                new.append(("village", fields))
                created += 1
            elif any(record.fields.get(k) != v for k, v in fields.items()):
                store.update(record.id, fields)
                updated += 1
            else:
                unchanged += 1
        if new:
            store.create_many(new)
    return VillageImport(created, updated, unchanged)


def _village_key(fields: dict) -> tuple[str, str, str]:
    return (place_key(fields.get("municipality") or ""),
            place_key(fields.get("administrative_unit") or ""), place_key(fields["name"]))


def known_villages(store: Store, administrative_unit: str | None = None) -> list[Record]:
    """The village catalog records (of one unit, typed with or without diacritics)."""
    villages = store.query("village", order_by="title")
    if administrative_unit is None:
        return villages
    key = place_key(administrative_unit)
    return [v for v in villages if place_key(v.fields["administrative_unit"]) == key]


def other_municipality_names(country: str) -> dict[str, str]:
    """The municipalities' Serbian names -> their names (Gnjilane -> Gjilan)."""
    return {m.name_sr: m.name for m in municipalities(country) if m.name_sr}


def village_names(store: Store) -> tuple[list[str], dict[str, str]]:
    """The catalog's village names, and their Serbian names -> their names."""
    villages = known_villages(store)
    return ([v.fields["name"] for v in villages],
            {v.fields["name_sr"]: v.fields["name"] for v in villages if v.fields.get("name_sr")})


def demo_villages(country: str) -> list[Village]:
    """The demo village list shipped for a country (places.villages_demo of its profile)."""
    profile = load_profile(country)
    return read_villages_csv(_places_file(profile, "villages_demo", "villages_demo.csv"),
                             country=country)
