"""Indicator definitions: what a report table counts, by which rows and columns, with filters.

Definitions are data (YAML): the tables of the social care services report are
``resources/indicators/standard.yaml``; the social plans' monitoring tables are in
``resources/indicators/plans/``; a municipality adds its own files. A file::

    plan: {sq: "Plani Social 2024-2026", en: "Social Plan 2024-2026"}   # optional
    country: AL                                  # optional: the profile of its codes
    indicators:
      - key: KUC-04                              # unique in the file
        title: {sq: "...", en: "..."}            # shipped tables: translated by key
        count: case_groups                       # what is counted (COUNTS)
        rows: source                             # a dimension of what is counted
        columns: target_group                    # another one; or year (with ``years``),
                                                 # quarter or half: periods side by side
        filters: {source: [police, village_head]}  # dimension: code or list of codes
        years: 3                                 # optional: the last 3 years side by side
        target: {sq: "...", en: "..."}           # optional: the plan's target, shown beside
        side: visits                             # optional: visits (calendar) or satisfaction

A mistake is a :class:`DataFileError` naming the file, the line and what is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from desktop.core.i18n import ptr
from desktop.core.reports.bases import FIXED
from desktop.core.reports.dimensions import DIMENSIONS
from desktop.core.reports.facts import SOURCES
from desktop.core.reports.periods import Period
from desktop.core.reports.texts import TABLE_TITLES
from desktop.core.store import Store
from sync.profile import COUNTRIES, Profile
from sync.protocol import INDICATOR_TYPE
from sync.records import Record
from sync.yamlfile import DataFileError, LineDict, load_yaml, load_yaml_text

INDICATORS_DIR = Path(__file__).resolve().parents[3] / "resources" / "indicators"
STANDARD_FILE = INDICATORS_DIR / "standard.yaml"
PLANS_DIR = INDICATORS_DIR / "plans"
YEAR = "year"
PERIOD_COLUMNS = (YEAR, "quarter", "half")  # columns that are periods side by side
MAX_YEARS = 10
RECEIVED = "municipality:"  # keys of the definitions the municipality's server published

# What a definition can count: the source of facts, and the filters that name it.
COUNTS: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "cases": ("cases", ()),
    "new_cases": ("cases", (("opened_in", "1"),)),
    "closed_cases": ("cases", (("case_status", "closed"),)),
    "case_groups": ("case_groups", ()),
    "new_case_groups": ("case_groups", (("opened_in", "1"),)),
    "persons": ("persons", ()),
    "person_groups": ("person_groups", ()),
    "plans": ("plans", ()),
    "plan_reviews": ("plan_reviews", ()),
    "referrals": ("referrals", ()),
    "services_delivered": ("referrals", (("delivery", "delivered"),)),
    "visits": ("visits", ()),
    "measures": ("measures", ()),
    "measure_reports": ("measure_reports", ()),
    "satisfaction": ("satisfaction", ()),
    "assessments": ("assessments", ()),
    "assessed_referred_cases": ("cases", (("pathway", "assessed_referred"),)),
    "cases_in_meetings": ("cases_in_meetings", ()),
    "provider_persons": ("provider_persons", ()),
    "meetings": ("meetings", ()),
    "participants": ("participants", ()),
    "acts": ("acts", ()),
}
DIMENSION_ALIASES = {"village": "place"}  # what a definition may call a dimension
SIDES = ("", "visits", "satisfaction")
KEYS = {"key", "title", "count", "rows", "columns", "filters", "years", "target", "side",
        "country"}


@dataclass(frozen=True)
class Definition:
    """One table: ``source`` counted by ``row_dim`` and ``column_dim`` where ``filters`` hold
    (the same dimension named twice: any of its codes)."""

    key: str
    source: str
    row_dim: str
    column_dim: str
    filters: tuple[tuple[str, str], ...] = ()
    side: str = ""  # "visits" (calendar target) or "satisfaction" (mean score)
    title: tuple[tuple[str, str], ...] = ()   # (language, text); none: TABLE_TITLES[key]
    target: tuple[tuple[str, str], ...] = ()  # (language, text)
    years: int = 0  # the last ``years`` years side by side (0: the report's period)
    plan: str = ""  # the file's plan (its key), for listing by plan
    country: str = ""  # AL, XK: a table for that country's profile only (any when empty)

    @property
    def counts_persons_per_group(self) -> bool:
        return self.source == "person_groups"

    @property
    def by_year_only(self) -> bool:
        """The columns are periods alone (years, quarters or halves)."""
        return self.column_dim in PERIOD_COLUMNS

    @property
    def split(self) -> bool:
        """Counted over several periods side by side."""
        return bool(self.years) or self.by_year_only

    def periods(self, period: Period) -> list[Period]:
        """The periods side by side for a report on ``period``: the last ``years`` years, or
        the quarters or halves of its last year."""
        last = period.end.year
        if self.column_dim == "quarter":
            return [Period.quarter(last, n) for n in range(1, 5)]
        if self.column_dim == "half":
            return [Period.half(last, n) for n in range(1, 3)]
        return [Period.year(y) for y in range(last - self.years + 1, last + 1)]

    @property
    def single_codes(self) -> bool:
        """Every filter names one code (the cases behind a number can then be listed)."""
        dims = [d for d, _ in self.filters]
        return len(dims) == len(set(dims))

    def title_in(self, language: str) -> str:
        return _text(self.title, language) or ptr("report", TABLE_TITLES.get(self.key, self.key),
                                                   language)

    def target_in(self, language: str) -> str:
        return _text(self.target, language)


@dataclass(frozen=True)
class DefinitionFile:
    """The definitions of one file, and the plan they monitor (if any)."""

    path: Path
    plan: tuple[tuple[str, str], ...]
    definitions: tuple[Definition, ...]
    country: str = ""  # AL, XK: the profile the codes are of (any when empty)
    name: str = ""  # how it is chosen (the file's name when empty)

    @property
    def key(self) -> str:
        return self.name or self.path.stem

    def plan_in(self, language: str) -> str:
        return _text(self.plan, language) or self.key


def _text(texts: tuple[tuple[str, str], ...], language: str) -> str:
    found = dict(texts)
    return found.get(language) or found.get("en") or next(iter(found.values()), "")


def load_definitions(path: str | Path, profile: Profile | None = None) -> DefinitionFile:
    """The definitions in ``path``; codes are checked against ``profile`` when given."""
    path = Path(path)
    return parse_definitions(path, load_yaml(path), profile)


def parse_definitions(path: Path, data: Any, profile: Profile | None = None,
                      name: str = "") -> DefinitionFile:
    """The definitions of YAML ``data`` read from ``path`` (named in errors)."""
    if not isinstance(data, dict) or not isinstance(data.get("indicators"), list):
        raise DataFileError(path, getattr(data, "line", 1),
                            "expected a mapping with a list 'indicators'")
    plan = _texts(path, data, "plan")
    country = str(data.get("country") or "")
    if profile is not None and country and country != profile.country:
        raise DataFileError(path, data.line_of("country"), f"for country {country}, "
                            f"not {profile.country}")
    definitions: list[Definition] = []
    for item in data["indicators"]:
        definition = replace(_definition(path, item, profile), plan=path.stem if plan else "")
        if any(d.key == definition.key for d in definitions):
            raise DataFileError(path, item.line_of("key"), f"key {definition.key!r} is used twice")
        definitions.append(definition)
    if not definitions:
        raise DataFileError(path, data.line_of("indicators"), "no indicators")
    return DefinitionFile(path, plan, tuple(definitions), country, name)


def standard_definitions() -> tuple[Definition, ...]:
    """The tables of the social care services report (of every country)."""
    return load_definitions(STANDARD_FILE).definitions


def for_country(definitions: tuple[Definition, ...], country: str) -> tuple[Definition, ...]:
    """The definitions that apply to a vault of ``country``'s profile."""
    return tuple(d for d in definitions if d.country in ("", country))


def plan_files(profile: Profile | None = None, folder: Path = PLANS_DIR
               ) -> list[DefinitionFile]:
    """The shipped plans' monitoring tables, one file per plan."""
    files = [(p, load_yaml(p)) for p in sorted(folder.glob("*.yaml"))]
    country = profile.country if profile is not None else None
    return [load_definitions(p, profile) for p, data in files
            if country is None or not isinstance(data, dict)
            or data.get("country") in (None, country)]


def _definition(path: Path, item: Any, profile: Profile | None) -> Definition:
    if not isinstance(item, LineDict):
        raise DataFileError(path, getattr(item, "line", None), "each indicator is a mapping")
    unknown = sorted(set(map(str, item)) - KEYS)
    if unknown:
        raise DataFileError(path, item.line_of(unknown[0]),
                            f"unknown setting {unknown[0]!r} (known: {', '.join(sorted(KEYS))})")
    for needed in ("key", "count", "rows", "columns"):
        if not item.get(needed):
            raise DataFileError(path, item.line, f"indicator needs {needed!r}")
    key = str(item["key"])
    count = str(item["count"])
    if count not in COUNTS:
        raise DataFileError(path, item.line_of("count"), f"{key}: cannot count {count!r} "
                            f"(known: {', '.join(COUNTS)})")
    source, implied = COUNTS[count]
    dims = SOURCES[source].dims
    rows, columns = (DIMENSION_ALIASES.get(str(item[s]), str(item[s]))
                     for s in ("rows", "columns"))
    for setting, dim in (("rows", rows), ("columns", columns)):
        if (dim not in dims or dim not in DIMENSIONS) and not (
                setting == "columns" and dim in PERIOD_COLUMNS):
            raise DataFileError(path, item.line_of(setting),
                                f"{key}: {count} has no dimension {dim!r} "
                                f"(known: {', '.join(sorted(dims))})")
    years = _years(path, item, key, columns)
    side = str(item.get("side") or "")
    if side not in SIDES:
        raise DataFileError(path, item.line_of("side"), f"{key}: side is visits or satisfaction")
    filters = implied + _filters(path, item, key, dims, profile)
    country = str(item.get("country") or "")
    if country and country not in COUNTRIES:
        raise DataFileError(path, item.line_of("country"),
                            f"{key}: country is one of {', '.join(COUNTRIES)}")
    return Definition(key, source, rows, columns, filters, side, _texts(path, item, "title"),
                      _texts(path, item, "target"), years, country=country)


def _years(path: Path, item: LineDict, key: str, columns: str) -> int:
    raw = item.get("years", 0)
    if not isinstance(raw, int) or isinstance(raw, bool) or not 0 <= raw <= MAX_YEARS:
        raise DataFileError(path, item.line_of("years"),
                            f"{key}: years is a whole number from 1 to {MAX_YEARS}")
    if columns == YEAR and not raw:
        raise DataFileError(path, item.line_of("columns"),
                            f"{key}: columns by year need 'years' (how many)")
    return raw


def _filters(path: Path, item: LineDict, key: str, dims: dict[str, str],
             profile: Profile | None) -> tuple[tuple[str, str], ...]:
    raw = item.get("filters") or {}
    if not isinstance(raw, dict):
        raise DataFileError(path, item.line_of("filters"), f"{key}: filters is a mapping")
    out = []
    for named, codes in raw.items():
        line = raw.line_of(str(named)) if isinstance(raw, LineDict) else item.line
        dim = DIMENSION_ALIASES.get(str(named), str(named))
        if dim not in dims:
            raise DataFileError(path, line, f"{key}: cannot filter by {dim!r} "
                                f"(known: {', '.join(sorted(dims))})")
        for code in codes if isinstance(codes, list) else [codes]:
            known = _known_codes(str(dim), profile)
            if known is not None and str(code) not in known:
                raise DataFileError(path, line, f"{key}: {dim} has no code {code!r} "
                                    f"(known: {', '.join(known)})")
            out.append((str(dim), str(code)))
    return tuple(out)


def _known_codes(dim: str, profile: Profile | None) -> list[str] | None:
    if dim in FIXED:
        return list(FIXED[dim])
    dimension = DIMENSIONS.get(dim)
    if profile is None or dimension is None or not dimension.section:
        return None
    return dimension.codes(profile) or None


def _texts(path: Path, item: LineDict, name: str) -> tuple[tuple[str, str], ...]:
    raw = item.get(name)
    if raw is None:
        return ()
    if isinstance(raw, str):
        return (("en", raw),)
    if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
        raise DataFileError(path, item.line_of(name), f"{name}: a text or {{sq: ..., en: ...}}")
    return tuple((str(k), v) for k, v in raw.items())


def received_files(store: Store) -> list[tuple[str, Record]]:
    """(key, record) of the definition files the municipality's server published."""
    return [(RECEIVED + str(r.fields.get("name") or r.id), r)
            for r in store.query(INDICATOR_TYPE, order_by="id")]


def received_definitions(record: Record, profile: Profile | None) -> DefinitionFile:
    """The definitions a received record carries; DataFileError names its file and line."""
    name = str(record.fields.get("name") or record.id)
    path = Path(f"{name}.yaml")
    data = load_yaml_text(str(record.fields.get("text") or ""), path)
    return parse_definitions(path, data, profile, RECEIVED + name)


def plan_choices(profile: Profile, language: str, store: Store | None = None
                 ) -> list[tuple[str, str]]:
    """(key, name) of the plans whose monitoring tables can be reported, for a chooser: the
    shipped plans, then the municipality's own definitions."""
    out = [(f.key, f.plan_in(language)) for f in plan_files(profile)]
    for key, record in received_files(store) if store is not None else ():
        plan = record.fields.get("plan") if isinstance(record.fields.get("plan"), dict) else {}
        out.append((key, _text(tuple(plan.items()), language) or key[len(RECEIVED):]))
    return out


def plan_definitions(profile: Profile, key: str | None, language: str,
                     store: Store | None = None
                     ) -> tuple[tuple[Definition, ...] | None, str | None]:
    """The definitions and report title of plan ``key`` (none: the services report)."""
    if key and key.startswith(RECEIVED) and store is not None:
        for found_key, record in received_files(store):
            if found_key == key:
                found = received_definitions(record, profile)
                return found.definitions, found.plan_in(language)
    for found in plan_files(profile) if key else ():
        if found.key == key:
            return found.definitions, found.plan_in(language)
    return None, None


def list_label(number: int, title: str, target: str, language: str) -> str:
    """A table as the Reports screen lists it: its number, title and the plan's target."""
    label = f"{number}. {title}"
    if target:
        label += "\n    " + ptr("report", "Plan target: {target}", language, target=target)
    return label
