"""Which field each column of an imported spreadsheet fills (Qt-free).

A column is recognised by the field's code (``first_name``) or by its label as the app shows
it, in Albanian or English (``Emri``, ``First name``), with or without ë and ç. A mapping file
(YAML, ``columns: {"Header as written": field}``) names the others, and is written back after a
preview so the next file of the same register is read the same way. A field is
``first_name`` (a person's field) or ``case.opened_on`` where both kinds have it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from desktop.core.case_numbers import fold
from sync.profile import Profile
from sync.yamlfile import DataFileError, LineDict, load_yaml

IGNORE = "-"  # a mapping file's value for a column that is read past


@dataclass(frozen=True)
class Target:
    record_type: str
    name: str

    @property
    def key(self) -> str:
        return self.name if self.record_type == "person" else f"{self.record_type}.{self.name}"


@dataclass
class ColumnMap:
    """header as in the file (lower-cased) → the field it fills; columns nobody knows."""

    targets: dict[str, Target] = field(default_factory=dict)
    written: dict[str, str] = field(default_factory=dict)  # lower-cased → as written
    unknown: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    def header_of(self, target: Target) -> str:
        for header, known in self.targets.items():
            if known == target:
                return self.written.get(header, header)
        return target.name

    def fields(self, record_type: str) -> list[str]:
        return [t.name for t in self.targets.values() if t.record_type == record_type]


def _aliases(profile: Profile, record_type: str, extra: tuple[str, ...]) -> dict[str, str]:
    spec = profile.record_type(record_type)
    found: dict[str, str] = {}
    for name in (*spec.fields, *extra):
        found.setdefault(fold(name), name)
    for name, fspec in spec.fields.items():
        for text in (fspec.label or {}).values():
            found.setdefault(fold(str(text)).strip(), name)
    return found


def resolve_columns(headers: list[str], profile: Profile, record_types: tuple[str, ...],
                    mapping: dict[str, str] | None = None, *,
                    extra: dict[str, tuple[str, ...]] | None = None) -> ColumnMap:
    """Recognise each header; the first record type that knows a label takes it."""
    result = ColumnMap()
    aliases = {rt: _aliases(profile, rt, (extra or {}).get(rt, ())) for rt in record_types}
    chosen = {fold(k).strip(): v for k, v in (mapping or {}).items()}
    taken: set[Target] = set()
    for written in headers:
        header = written.strip().lower()
        if not header:
            continue
        result.written[header] = written.strip()
        target = _from_mapping(chosen.get(fold(header)), record_types) if fold(header) in \
            chosen else _from_aliases(fold(header), aliases)
        if fold(header) in chosen and chosen[fold(header)] == IGNORE:
            result.ignored.append(written.strip())
        elif target is None or target in taken:
            result.unknown.append(written.strip())
        else:
            result.targets[header] = target
            taken.add(target)
    return result


def _from_aliases(key: str, aliases: dict[str, dict[str, str]]) -> Target | None:
    if "." in key:
        kind, _, name = key.partition(".")
        if kind in aliases and name in aliases[kind]:
            return Target(kind, aliases[kind][name])
    for record_type, names in aliases.items():
        if key in names:
            return Target(record_type, names[key])
    return None


def _from_mapping(value: str | None, record_types: tuple[str, ...]) -> Target | None:
    if not value or value == IGNORE:
        return None
    kind, _, name = value.rpartition(".")
    kind = kind or record_types[0]
    return Target(kind, name) if kind in record_types else None


def load_mapping(path: str | Path, profile: Profile, record_types: tuple[str, ...]
                 ) -> dict[str, str]:
    """A mapping file's columns, every field checked against the profile (file and line)."""
    data = load_yaml(path)
    columns = data.get("columns") if isinstance(data, dict) else None
    if not isinstance(columns, LineDict):
        raise DataFileError(path, getattr(data, "line", 1) or 1,
                            "a mapping file has 'columns:' with one 'Header: field' a line")
    for header, value in columns.items():
        target = _from_mapping(str(value), record_types) if value != IGNORE else None
        if value != IGNORE and (target is None or target.name not in
                                profile.record_type(target.record_type).fields):
            raise DataFileError(path, columns.line_of(header),
                                f"{value!r} is not a field of {' or '.join(record_types)}")
    return {str(k): str(v) for k, v in columns.items()}


def save_mapping(path: str | Path, columns: ColumnMap) -> None:
    """Write the mapping that was used (known columns, and unknown ones read past)."""
    data = {"columns": {columns.written.get(h, h): t.key for h, t in columns.targets.items()}}
    data["columns"].update({name: IGNORE for name in columns.ignored + columns.unknown})
    Path(path).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                          encoding="utf-8")
