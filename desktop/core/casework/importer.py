"""Importing persons from a spreadsheet (CSV or XLSX): all or nothing.

Columns: first_name, last_name, father_name, sex, birth_date, personal_id, administrative_unit,
village, target_groups (codes or labels separated by ``;``); other person fields of the
profile (phone, ...) may be added. A column is named by the field's code or by its label as
the app shows it, in Albanian or English (Emri, Mbiemri, Atësia, ...; :mod:`columns`), or by a
mapping file. Every row is checked first; if any row fails, each is
reported with its line and reason and nothing is imported. Otherwise all rows are written in
one transaction. Duplicates (the same personal ID number in the file or in the vault) are
reported and skipped; similar names with the same birth year and village are imported and
reported as possible duplicates — or, with ``duplicates="fail"``, refuse the import.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.case_numbers import fold
from desktop.core.casework.columns import ColumnMap, resolve_columns
from desktop.core.casework.holding import OutsideUnits, holder
from desktop.core.casework.known_persons import SAME_PERSON, KnownPersons
from desktop.core.casework.persons import SAME_ID, full_name, normal_personal_id
from desktop.core.casework.places import find_municipality, find_unit, known_villages, place_key
from desktop.core.casework.tables import Row, Table, read_table
from desktop.core.i18n import tr
from desktop.core.store import Store
from sync.profile import Profile
from sync.records import loads
from sync.yamlfile import DataFileError

COLUMNS = ("first_name", "last_name", "father_name", "sex", "birth_date", "personal_id",
           "administrative_unit", "village", "target_groups")
REQUIRED = ("first_name", "last_name", "administrative_unit")
SEX_WORDS = {"f": "F", "femer": "F", "female": "F", "grua": "F", "m": "M", "mashkull": "M",
             "male": "M", "burre": "M"}
DUPLICATE_POLICIES = ("skip", "fail")
_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%y")
_USUAL_DATE = re.compile(r"([0-9]{2})\.([0-9]{2})\.([0-9]{4})|([0-9]{4})-([0-9]{2})-([0-9]{2})")
_BATCH = 1000


@dataclass(frozen=True)
class ImportProblem:
    line: int
    reason: str

    def __str__(self) -> str:
        return tr("line {line}: {reason}", line=self.line, reason=self.reason)


@dataclass
class ImportReport:
    rows: int = 0
    imported: int = 0
    errors: list[ImportProblem] = field(default_factory=list)
    duplicates: list[ImportProblem] = field(default_factory=list)  # skipped
    possible_duplicates: list[ImportProblem] = field(default_factory=list)  # imported

    @property
    def ok(self) -> bool:
        return not self.errors


class PersonChecker:
    def __init__(self, store: Store) -> None:
        self.profile: Profile = store.profile
        self.pattern = re.compile(self.profile.data.get("personal_id_pattern") or ".*")
        self.person_fields = set(self.profile.record_type("person").fields)
        self.groups = _group_lookup(self.profile)
        self.villages: dict[str, dict[str, str]] = defaultdict(dict)
        self.vault_units: dict[str, str] = {}
        for village in known_villages(store):
            unit = village.fields["administrative_unit"]
            self.vault_units[place_key(unit)] = unit
            self.villages[place_key(unit)][place_key(village.fields["name"])] = \
                village.fields["name"]
        self.today = dt.date.today()
        self.holder = holder(store)  # the user's units: a row outside them is refused

    def check(self, row: Row, columns: list[str], headers: dict[str, str] | None = None
              ) -> tuple[dict[str, Any] | None, list[str]]:
        """``row`` keyed by field; ``headers`` names each field's column as in the file."""
        problems: list[str] = []
        fields: dict[str, Any] = {}
        for column in columns:
            text = row.text(column)
            if not text:
                if column in REQUIRED:
                    problems.append(tr("{column} is empty",
                                       column=(headers or {}).get(column, column)))
                continue
            try:
                value = self.value(column, text, row.values.get(column), fields)
            except ValueError as exc:
                problems.append(str(exc))
                continue
            if value not in (None, "", []):
                fields[column] = value
        if not problems:
            problems += self.profile.validate_fields("person", fields, complete=True)
        return (None if problems else fields), problems

    def value(self, column: str, text: str, raw: Any, fields: dict[str, Any]) -> Any:
        if column == "sex":
            return self.sex(text)
        if column == "birth_date":
            return self.birth_date(text, raw)
        if column == "personal_id":
            return self.personal_id(text)
        if column == "administrative_unit":
            return self.unit(text)
        if column == "village":
            return self.village(text, fields.get("administrative_unit"))
        if column == "target_groups":
            return self.target_groups(text)
        return text

    def sex(self, text: str) -> str:
        value = SEX_WORDS.get(fold(text).strip())
        if value is None:
            raise ValueError(tr("sex must be F or M, not {value!r}", value=text))
        return value

    def birth_date(self, text: str, raw: Any) -> str:
        day = raw if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime) else \
            parse_date(text)
        if day is None:
            raise ValueError(tr("{value!r} is not a date (write 31.12.1980 or 1980-12-31)",
                                value=text))
        if day > self.today or day.year < 1900:
            raise ValueError(tr("the birth date {value} is not possible", value=text))
        return day.isoformat()

    def personal_id(self, text: str) -> str:
        value = normal_personal_id(text)
        if not self.pattern.match(value):
            raise ValueError(tr("{value!r} is not a valid personal ID number", value=text))
        return value

    def unit(self, text: str) -> str:
        name = self._unit_name(text)
        if self.holder is not None and not self.holder.has_unit(name):
            raise ValueError(str(OutsideUnits(unit=name, units=", ".join(self.holder.units))))
        return name

    def _unit_name(self, text: str) -> str:
        known = find_unit(self.profile.country, text)
        if known is not None:
            return known.name
        if place_key(text) in self.vault_units:
            return self.vault_units[place_key(text)]
        municipality = find_municipality(self.profile.country, text)
        if municipality is not None:  # a municipality's own centre, or a Kosovo komunë
            return municipality.name
        raise ValueError(tr("unknown administrative unit {value!r}", value=text))

    def village(self, text: str, unit: str | None) -> str:
        names = self.villages.get(place_key(unit or ""), {})
        if not names:  # this unit's village list is not loaded: take the name as written
            return text
        if place_key(text) in names:
            return names[place_key(text)]
        raise ValueError(tr("{value!r} is not a village of {unit}", value=text, unit=unit))

    def target_groups(self, text: str) -> list[str]:
        codes = []
        for part in (p.strip() for p in text.split(";")):
            if not part:
                continue
            code = self.groups.get(fold(part))
            if code is None:
                raise ValueError(tr("unknown target group {value!r}", value=part))
            if code not in codes:
                codes.append(code)
        return codes


def _group_lookup(profile: Profile) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for code in profile.codes("target_groups"):
        lookup[fold(code)] = code
        item = profile.item("target_groups", code) or {}
        for label in (item.get("label") or {}).values():
            lookup.setdefault(fold(str(label)), code)
    return lookup


def parse_date(text: str) -> dt.date | None:
    written = _USUAL_DATE.fullmatch(text.strip())
    if written:  # 31.12.1980 or 1980-12-31, as almost every row writes it: no format guessed
        day, month, year = written.group(1, 2, 3) if written.group(1) else \
            written.group(6, 5, 4)
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            return None
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def vault_persons(store: Store, *, with_ids: bool = False) -> KnownPersons:
    """The registered persons (``with_ids``: each one's fields carry its record id as ``id``)."""
    known = KnownPersons()
    with store.reading() as conn:
        rows = conn.exec_driver_sql(
            "SELECT id, fields FROM records WHERE type = 'person' AND deleted = 0")
        for record_id, fields_json in rows:
            fields = loads(fields_json)
            if with_ids:
                fields["id"] = record_id
            known.add(tr("{name} (already registered)", name=full_name(fields)), fields)
    return known


def header_problems(columns: ColumnMap, required: tuple[str, ...],
                    names: dict[str, str] | None = None) -> list[ImportProblem]:
    """Line 1: required fields no column fills (by ``names``, else code), and columns nobody
    knows."""
    known = {t.key for t in columns.targets.values()}
    missing = [(names or {}).get(c, c) for c in required if c not in known]
    problems = [ImportProblem(1, tr("missing column {column}", column=c)) for c in missing]
    problems += [ImportProblem(1, tr("unknown column {column}", column=c))
                 for c in columns.unknown]
    return problems


def keyed_rows(table: Table, columns: ColumnMap, record_type: str) -> list[Row]:
    """The table's rows with the values of ``record_type``'s fields keyed by field."""
    own = {h: t.name for h, t in columns.targets.items() if t.record_type == record_type}
    return [Row(r.line, {name: r.values.get(h) for h, name in own.items()}) for r in table.rows]


def person_order(fields: list[str]) -> list[str]:
    """Units before villages: a village is checked against its unit's list."""
    return sorted(fields, key=lambda c: COLUMNS.index(c) if c in COLUMNS else len(COLUMNS))


def field_headers(columns: ColumnMap, record_type: str) -> dict[str, str]:
    return {t.name: columns.header_of(t) for t in columns.targets.values()
            if t.record_type == record_type}


def check_persons_file(store: Store, path: str | Path, *, duplicates: str = "skip",
                       mapping: dict[str, str] | None = None
                       ) -> tuple[ImportReport, list[dict[str, Any]]]:
    """Check every row; the report and the persons that would be imported."""
    if duplicates not in DUPLICATE_POLICIES:
        raise ValueError(f"duplicates must be one of {DUPLICATE_POLICIES}")
    report = ImportReport()
    try:
        table = read_table(path)
    except DataFileError as exc:
        report.errors.append(ImportProblem(exc.line or 1, exc.message))
        return report, []
    checker = PersonChecker(store)
    columns = resolve_columns(table.headers, store.profile, ("person",), mapping)
    report.errors += header_problems(columns, REQUIRED)
    if report.errors:
        return report, []
    report.rows = len(table.rows)
    known = vault_persons(store)
    order = person_order(columns.fields("person"))
    headers = field_headers(columns, "person")
    accepted: list[dict[str, Any]] = []
    for row in keyed_rows(table, columns, "person"):
        fields, problems = checker.check(row, order, headers)
        if fields is None:
            report.errors += [ImportProblem(row.line, p) for p in problems]
            continue
        if is_duplicate(report, known, row.line, fields, duplicates):
            continue
        known.add(tr("line {line}", line=row.line), fields, asked=fields)
        accepted.append(fields)
    return report, accepted


def is_duplicate(report: ImportReport, known: KnownPersons, line: int, fields: dict[str, Any],
                  policy: str) -> bool:
    found = known.match(fields)
    if found is None:
        return False
    kind, who = found
    if kind in (SAME_ID, SAME_PERSON):
        reason = (tr("same personal ID number as {who}", who=who) if kind == SAME_ID else
                  tr("same name, birth date and village as {who}", who=who))
        problem = ImportProblem(line, reason)
        (report.errors if policy == "fail" else report.duplicates).append(problem)
        return True
    problem = ImportProblem(line, tr("similar name, birth year and village as {who}", who=who))
    (report.errors if policy == "fail" else report.possible_duplicates).append(problem)
    return policy == "fail"


def import_persons(store: Store, path: str | Path, *, duplicates: str = "skip",
                   dry_run: bool = False, mapping: dict[str, str] | None = None
                   ) -> ImportReport:
    """Import the persons of a CSV or XLSX file: all rows, or none if any row is wrong."""
    report, accepted = check_persons_file(store, path, duplicates=duplicates,
                                          mapping=mapping)
    if not report.ok or dry_run or not accepted:
        return report
    with store.transaction():
        for start in range(0, len(accepted), _BATCH):
            store.create_many([("person", f) for f in accepted[start:start + _BATCH]])
        store.audit("import", None, {"what": "persons", "rows": report.rows,
                                     "imported": len(accepted),
                                     "skipped": len(report.duplicates)})
    report.imported = len(accepted)
    return report
