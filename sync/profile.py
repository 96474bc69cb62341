"""Country profiles: the configuration that says what records, groups and roles exist.

Profiles are YAML files in ``resources/profiles``. Loading validates them; a mistake is a
:class:`DataFileError` naming the file and line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from sync.cyrillic import localized
from sync.yamlfile import DataFileError, LineDict, load_yaml

PROFILES_DIR = Path(__file__).resolve().parent.parent / "resources" / "profiles"
PROFILE_FILES = {"AL": "albania.yaml", "XK": "kosovo.yaml"}
COUNTRIES = tuple(PROFILE_FILES)

FIELD_TYPES = {"text", "integer", "decimal", "date", "bool", "select_one", "select_multiple",
               "ref", "json"}
PROJECTION_COLUMNS = ("case_id", "person_id", "household_id", "admin_unit", "village", "worker",
                      "status", "subtype", "risk", "main_date", "due", "title")
REQUIRED_SECTIONS = ("country", "name", "target_groups", "roles", "case_types", "plan_types",
                     "closure_reasons", "referral_sources", "service_taxonomy", "record_types")


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str
    required: bool = False
    sensitive: bool = False
    choices: tuple[str, ...] | None = None
    ref: str | None = None
    label: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RecordTypeSpec:
    name: str
    fields: dict[str, FieldSpec]
    projections: dict[str, str]
    append_only: bool = False

    @property
    def sensitive_fields(self) -> set[str]:
        return {n for n, f in self.fields.items() if f.sensitive}


class Profile:
    """A loaded, validated country profile."""

    def __init__(self, data: LineDict, path: Path) -> None:
        self.path = path
        self.data = data
        self.country: str = data["country"]
        self.record_types = {
            name: _record_type(path, name, spec, self)
            for name, spec in data["record_types"].items()
        }

    # -- lists ------------------------------------------------------------------------------
    def items(self, section: str) -> list[dict[str, Any]]:
        return list(self.data.get(section, []))

    def codes(self, section: str) -> list[str]:
        """Codes of a list section; for target groups and services, sub-entries too."""
        out: list[str] = []
        for item in self.data.get(section, []):
            if "code" in item:
                out.append(item["code"])
            for sub in item.get("subgroups", []) + item.get("services", []):
                out.append(sub["code"])
        return out

    def item(self, section: str, code: str) -> dict[str, Any] | None:
        for item in self.data.get(section, []):
            if item.get("code") == code:
                return item
            for sub in item.get("subgroups", []) + item.get("services", []):
                if sub.get("code") == code:
                    return sub
        return None

    def label(self, section: str, code: str | None, language: str = "sq") -> str:
        if code is None:
            return ""
        item = self.item(section, code)
        if not item:
            return code
        return localized(item.get("label"), language) or code

    def term(self, name: str, language: str = "sq") -> str:
        return localized(self.data.get("terms", {}).get(name), language, fallback=None) or name

    @property
    def sensitive_case_types(self) -> set[str]:
        return {c["code"] for c in self.data["case_types"] if c.get("sensitive")}

    def record_type(self, name: str) -> RecordTypeSpec:
        try:
            return self.record_types[name]
        except KeyError:
            raise ValueError(f"unknown record type {name!r}") from None

    # -- validation of record content ------------------------------------------------------
    def validate_fields(self, record_type: str, values: dict[str, Any], *,
                        complete: bool) -> list[str]:
        """Problems with ``values`` for a record of ``record_type`` (empty list: fine).

        ``complete`` means ``values`` is the whole record (required fields are checked).
        """
        spec = self.record_type(record_type)
        problems = [f"unknown field {name!r}" for name in values if name not in spec.fields]
        for name, value in values.items():
            fspec = spec.fields.get(name)
            if fspec is not None and value is not None:
                problem = _check_value(fspec, value)
                if problem:
                    problems.append(f"{name}: {problem}")
        if complete:
            problems += [f"{n}: required" for n, f in spec.fields.items()
                         if f.required and values.get(n) in (None, "", [])]
        return problems


def _check_value(spec: FieldSpec, value: Any) -> str | None:
    t = spec.type
    if t in ("text", "ref") and not isinstance(value, str):
        return "expected text"
    if t == "integer" and (not isinstance(value, int) or isinstance(value, bool)):
        return "expected a whole number"
    if t == "decimal" and (not isinstance(value, int | float) or isinstance(value, bool)):
        return "expected a number"
    if t == "bool" and not isinstance(value, bool):
        return "expected yes or no"
    if t == "date":
        try:
            dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            return f"expected a date (YYYY-MM-DD), got {value!r}"
    if t == "select_one" and spec.choices is not None and value not in spec.choices:
        return f"{value!r} is not one of the choices"
    if t == "select_multiple":
        if not isinstance(value, list):
            return "expected a list"
        if spec.choices is not None:
            bad = [v for v in value if v not in spec.choices]
            if bad:
                return f"{bad[0]!r} is not one of the choices"
    return None


def _record_type(path: Path, name: str, spec: LineDict, profile: Profile) -> RecordTypeSpec:
    if not isinstance(spec, dict) or not isinstance(spec.get("fields"), dict):
        raise DataFileError(path, getattr(spec, "line", None),
                            f"record type {name!r} needs a 'fields' mapping")
    fields: dict[str, FieldSpec] = {}
    for fname, fdef in spec["fields"].items():
        line = spec["fields"].line_of(fname)
        if not isinstance(fdef, dict) or fdef.get("type") not in FIELD_TYPES:
            raise DataFileError(path, line, f"field {name}.{fname}: type must be one of "
                                f"{', '.join(sorted(FIELD_TYPES))}")
        choices = fdef.get("choices")
        if isinstance(choices, str):
            if choices not in profile.data:
                raise DataFileError(path, line, f"field {name}.{fname}: no list {choices!r}")
            choices = profile.codes(choices)
        fields[fname] = FieldSpec(
            name=fname, type=fdef["type"], required=bool(fdef.get("required")),
            sensitive=bool(fdef.get("sensitive")),
            choices=tuple(str(c) for c in choices) if choices is not None else None,
            ref=fdef.get("ref"), label=dict(fdef.get("label", {})),
        )
    projections = dict(spec.get("projections", {}))
    for column, source in projections.items():
        line = spec.get("projections").line_of(column)
        if column not in PROJECTION_COLUMNS:
            raise DataFileError(path, line, f"record type {name!r}: unknown projection "
                                f"{column!r} (one of {', '.join(PROJECTION_COLUMNS)})")
        if source != "id" and source not in fields:
            raise DataFileError(path, line, f"record type {name!r}: projection {column!r} "
                                f"names no field {source!r}")
    return RecordTypeSpec(name, fields, projections, bool(spec.get("append_only")))


def _check_labels(path: Path, node: Any) -> None:
    """Every label is text in each language; an unquoted comma in a {sq: ..., en: ...} label
    would otherwise split it silently."""
    if isinstance(node, dict):
        label = node.get("label")
        if isinstance(label, dict):
            for language, text in label.items():
                if not isinstance(text, str):
                    raise DataFileError(path, label.line_of(str(language)),
                                        f"label {language!r} is not text (quote a label that "
                                        "contains a comma)")
        for value in node.values():
            _check_labels(path, value)
    elif isinstance(node, list):
        for value in node:
            _check_labels(path, value)


def load_profile_file(path: str | Path) -> Profile:
    path = Path(path)
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise DataFileError(path, 1, "a profile must be a mapping")
    for section in REQUIRED_SECTIONS:
        if section not in data:
            raise DataFileError(path, data.line, f"missing section {section!r}")
    for section in ("target_groups", "roles", "case_types", "plan_types", "closure_reasons",
                    "referral_sources"):
        for item in data[section]:
            if not isinstance(item, dict) or "code" not in item:
                raise DataFileError(path, getattr(item, "line", data.line_of(section)),
                                    f"each entry of {section!r} needs a 'code'")
    _check_labels(path, data)
    return Profile(data, path)


@cache
def load_profile(country: str = "AL") -> Profile:
    """The built-in profile for a country code (AL or XK)."""
    try:
        filename = PROFILE_FILES[country]
    except KeyError:
        raise ValueError(f"no profile for country {country!r}") from None
    return load_profile_file(PROFILES_DIR / filename)
