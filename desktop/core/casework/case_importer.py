"""Importing an existing caseload: one row a case, with its person (CSV or XLSX, Qt-free).

The person's columns are those of :mod:`importer` (Emri, Mbiemri, ..., Njësia administrative);
the case's are its type, referral source and opening date (required), and optionally risk
level, reason, municipality, closing date and closure reason, named by code or by the app's
label in Albanian or English (Lloji i rastit, Burimi i referimit, Hapur më, ...). Codes or
labels are accepted as values.

All or nothing, like persons: every row is checked, then every case is opened through
:class:`case_batch.CaseBatch` (the checks of :func:`cases.open_case`, the user's role and
units included) and written in batches inside one transaction; any problem on any line rolls all of it back and each
problem is reported with its line. A person already in the vault (same personal ID number, or
the same name, birth date and village) gets the case instead of a second registration, as
does a person on an earlier line. A case the person already has (same type, same opening date)
is skipped and reported, so importing the same file twice adds nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.case_numbers import fold
from desktop.core.casework.case_batch import CaseBatch
from desktop.core.casework.cases import closure_changes
from desktop.core.casework.columns import ColumnMap, resolve_columns
from desktop.core.casework.importer import (
    REQUIRED,
    SAME_ID,
    SAME_PERSON,
    ImportProblem,
    ImportReport,
    PersonChecker,
    field_headers,
    header_problems,
    keyed_rows,
    parse_date,
    person_order,
    vault_persons,
)
from desktop.core.casework.places import find_municipality, find_unit
from desktop.core.casework.tables import Table, read_table
from desktop.core.errors import KujdesError
from desktop.core.i18n import current_language, tr
from desktop.core.store import Store
from desktop.core.sync_local import META_USER
from sync.ids import uuid7
from sync.profile import Profile
from sync.yamlfile import DataFileError

CASE_REQUIRED = ("case.case_type", "case.referral_source", "case.opened_on")
CASE_CODED = {"case_type": "case_types", "referral_source": "referral_sources",
              "risk_level": "risk_levels", "closure_reason": "closure_reasons"}
CASE_COLUMNS = ("case_type", "referral_source", "opened_on", "risk_level", "reason",
                "municipality", "closed_on", "closure_reason")
_BATCH = 1000


@dataclass
class CaseRow:
    line: int
    person: dict[str, Any]
    case: dict[str, Any]
    person_ref: str | int = 0  # a vault person's id, or the index of a new person
    registered: dict[str, Any] | None = None  # the vault person's fields


@dataclass
class CaseImportReport(ImportReport):
    persons_new: int = 0
    persons_found: list[ImportProblem] = field(default_factory=list)
    encoding: str = ""
    columns: ColumnMap | None = None


class _Rollback(Exception):
    pass


class _CaseChecker:
    def __init__(self, store: Store) -> None:
        self.profile = store.profile
        self.lookups = {name: _codes(store, section) for name, section in CASE_CODED.items()}
        self.home = _home_municipality(store)

    def check(self, values: dict[str, Any], unit: str | None, headers: dict[str, str]
              ) -> tuple[dict[str, Any], list[str]]:
        case: dict[str, Any] = {}
        problems: list[str] = []
        for name in CASE_COLUMNS:
            raw = values.get(name)
            text = "" if raw is None else str(raw).strip()
            column = headers.get(name, name)
            if not text:
                if f"case.{name}" in CASE_REQUIRED:
                    problems.append(tr("{column} is empty", column=column))
                continue
            try:
                case[name] = self.value(name, text, raw, column)
            except ValueError as exc:
                problems.append(str(exc))
        problems += self.order(case)
        case.setdefault("municipality", self.municipality_of(unit))
        if not case["municipality"]:
            problems.append(tr("the municipality is not known: add a column {column}",
                               column=self.profile.term("municipality", "sq")))
        return case, problems

    def value(self, name: str, text: str, raw: Any, column: str) -> Any:
        if name in self.lookups:
            code = self.lookups[name].get(fold(text))
            if code is None:
                raise ValueError(tr("{column}: unknown value {value!r}", column=column,
                                    value=text))
            return code
        if name in ("opened_on", "closed_on"):
            day = raw if hasattr(raw, "isoformat") and not isinstance(raw, str) else \
                parse_date(text)
            if day is None:
                raise ValueError(tr("{value!r} is not a date (write 31.12.1980 or 1980-12-31)",
                                    value=text))
            return day.isoformat()[:10]
        if name == "municipality":
            found = find_municipality(self.profile.country, text)
            if found is None:
                raise ValueError(tr("unknown municipality {value!r}", value=text))
            return found.name
        return text

    def order(self, case: dict[str, Any]) -> list[str]:
        if bool(case.get("closed_on")) != bool(case.get("closure_reason")):
            return [tr("a closed case needs both its closing date and its closure reason")]
        if case.get("closed_on") and case.get("opened_on") and \
                case["closed_on"] < case["opened_on"]:
            return [tr("The date {later} cannot be before {earlier}.",
                       later=case["closed_on"], earlier=case["opened_on"])]
        return []

    def municipality_of(self, unit: str | None) -> str | None:
        found = find_unit(self.profile.country, unit) if unit else None
        if found is not None:
            return found.municipality
        municipality = find_municipality(self.profile.country, unit) if unit else None
        return municipality.name if municipality else self.home


def _codes(store: Store, section: str) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for code in store.profile.codes(section):
        lookup[fold(code)] = code
        for text in ((store.profile.item(section, code) or {}).get("label") or {}).values():
            lookup.setdefault(fold(str(text)).strip(), code)
    return lookup


def _home_municipality(store: Store) -> str | None:
    try:
        return json.loads(store.meta_get(META_USER) or "{}").get("municipality") or None
    except ValueError:
        return None


def read_cases_file(store: Store, path: str | Path, mapping: dict[str, str] | None = None
                    ) -> tuple[Table | None, ColumnMap | None, CaseImportReport]:
    """The table and how its columns are read (what the preview shows), or the header's
    problems."""
    report = CaseImportReport()
    try:
        table = read_table(path)
    except DataFileError as exc:
        report.errors.append(ImportProblem(exc.line or 1, exc.message))
        return None, None, report
    columns = resolve_columns(table.headers, store.profile, ("person", "case"), mapping)
    report.encoding, report.columns = table.encoding, columns
    report.errors += header_problems(columns, (*REQUIRED, *CASE_REQUIRED),
                                     _required_names(store.profile))
    return table, columns, report


def _required_names(profile: Profile) -> dict[str, str]:
    """A required field as the person reads it: its label, and the code a mapping uses."""
    language = current_language()
    names = {}
    for key in (*REQUIRED, *CASE_REQUIRED):
        kind, _, name = key.rpartition(".")
        spec = profile.record_type(kind or "person").fields[name]
        names[key] = f"{spec.label.get(language) or name} ({key})"
    return names


def check_cases_file(store: Store, path: str | Path, mapping: dict[str, str] | None = None
                     ) -> tuple[CaseImportReport, list[CaseRow], list[dict[str, Any]]]:
    """Check every row: the report, the cases, and the persons to register."""
    table, columns, report = read_cases_file(store, path, mapping)
    if table is None or columns is None or report.errors:
        return report, [], []
    report.rows = len(table.rows)
    persons = PersonChecker(store)
    cases = _CaseChecker(store)
    known = vault_persons(store, with_ids=True)
    order, headers = person_order(columns.fields("person")), field_headers(columns, "person")
    case_headers = field_headers(columns, "case")
    rows, new_persons = [], []
    open_in_file: dict[tuple[int, str], int] = {}
    for person_row, case_row in zip(keyed_rows(table, columns, "person"),
                                    keyed_rows(table, columns, "case"), strict=True):
        person, problems = persons.check(person_row, order, headers)
        case, case_problems = cases.check(case_row.values, (person or {}).get(
            "administrative_unit"), case_headers)
        problems += case_problems
        if person is None or problems:
            report.errors += [ImportProblem(person_row.line, p) for p in problems]
            continue
        row = CaseRow(person_row.line, person, case)
        _place_person(report, known, row, new_persons)
        if isinstance(row.person_ref, int):
            _second_open_case(report, open_in_file, row)
        rows.append(row)
    return report, rows, new_persons


def _second_open_case(report: CaseImportReport, open_in_file: dict[tuple[int, str], int],
                      row: CaseRow) -> None:
    """A new person may have one open case of a type (as :func:`open_case` requires)."""
    if row.case.get("closed_on"):
        return
    key = (int(row.person_ref), row.case["case_type"])
    if key in open_in_file:
        report.errors.append(ImportProblem(row.line, tr(
            "the same person has an open case of this type on line {line}",
            line=open_in_file[key])))
    else:
        open_in_file[key] = row.line


def _place_person(report: CaseImportReport, known: Any, row: CaseRow,
                  new_persons: list[dict[str, Any]]) -> None:
    found = known.match_entry(row.person)
    if found is not None and found[0] in (SAME_ID, SAME_PERSON):
        kind, who, other = found
        row.person_ref = other["id"] if "id" in other else other["_index"]
        if "id" in other:
            row.registered = other
            report.persons_found.append(ImportProblem(row.line, tr(
                "the case is added to {who}", who=who)))
        return
    if found is not None:
        report.possible_duplicates.append(ImportProblem(row.line, tr(
            "similar name, birth year and village as {who}", who=found[1])))
    row.person_ref = len(new_persons)
    new_persons.append(row.person)
    known.add(tr("line {line}", line=row.line), {**row.person, "_index": row.person_ref},
              asked=row.person)


def import_cases(store: Store, path: str | Path, *, mapping: dict[str, str] | None = None,
                 dry_run: bool = False) -> CaseImportReport:
    """Import a caseload file: every case with its person, or nothing if any line is wrong.

    ``dry_run`` makes every check a real import would (the role checks of opening a case
    included) and then keeps nothing."""
    report, rows, new_persons = check_cases_file(store, path, mapping)
    if not report.ok or not rows:
        return report
    try:
        with store.transaction():
            _write(store, report, rows, new_persons)
            if report.errors or dry_run:
                raise _Rollback()
    except _Rollback:
        report.imported = 0
        return report
    return report


def _write(store: Store, report: CaseImportReport, rows: list[CaseRow],
           new_persons: list[dict[str, Any]]) -> None:
    batch = CaseBatch(store)
    batch.load_cases_of(str(r.person_ref) for r in rows if r.registered is not None)
    person_ids = [uuid7() for _ in new_persons]
    made: list[tuple[CaseRow, dict[str, Any]]] = []
    for row in rows:
        fields = _case_of_row(batch, report, row, person_ids, new_persons)
        if fields is not None:
            made.append((row, fields))
    if report.errors:
        return
    batch.number([fields for _, fields in made])
    written: set[int] = set()
    for start in range(0, len(made), _BATCH):
        items: list[tuple[str, dict[str, Any]]] = []
        ids: list[str | None] = []
        for row, fields in made[start:start + _BATCH]:
            if row.registered is None and int(row.person_ref) not in written:
                written.add(int(row.person_ref))
                items.append(("person", new_persons[int(row.person_ref)]))
                ids.append(person_ids[int(row.person_ref)])
            items.append(("case", fields))
            ids.append(None)
        # A person and their cases in one batch: the search index is built once for both.
        store.create_many(items, record_ids=ids)
    report.imported, report.persons_new = len(made), len(written)
    store.audit("import", None, {"what": "cases", "rows": report.rows,
                                 "imported": report.imported, "persons": len(written),
                                 "skipped": len(report.duplicates)})


def _case_of_row(batch: CaseBatch, report: CaseImportReport, row: CaseRow,
                 person_ids: list[str], new_persons: list[dict[str, Any]]
                 ) -> dict[str, Any] | None:
    """The case's fields as :func:`open_case` would make them (the same checks), closed if
    the file says so (the checks of :func:`close_case`); None if it is skipped or wrong."""
    case = row.case
    if row.registered is not None:
        person_id, person = str(row.person_ref), row.registered
        if batch.has_case(person_id, case["case_type"], case["opened_on"]):
            report.duplicates.append(ImportProblem(row.line, tr(
                "the person already has this case (same type and opening date)")))
            return None
    else:
        person_id, person = person_ids[int(row.person_ref)], new_persons[int(row.person_ref)]
    try:
        # A new person's cases were checked against each other when the file was read.
        fields = batch.fields(person_id, person, case["case_type"],
                              referral_source=case["referral_source"],
                              reason=case.get("reason", ""),
                              risk_level=case.get("risk_level", "medium"),
                              opened_on=case["opened_on"], municipality=case["municipality"],
                              allow_second=row.registered is None)
        if case.get("closed_on"):
            fields.update(closure_changes(batch.store, fields["opened_on"],
                                          case["closure_reason"], case["closed_on"]))
    except KujdesError as exc:
        report.errors.append(ImportProblem(row.line, str(exc)))
        return None
    return fields


@dataclass
class Preview:
    """What the import dialog shows before anything is imported."""

    encoding: str
    headers: list[str]               # as written in the file
    targets: list[str | None]        # the field each column fills (a mapping value), or None
    rows: list[list[str]]            # the first rows, as text
    problems: list[str]              # the header's problems (missing or unknown columns)


def field_choices(profile: Profile, language: str) -> list[tuple[str, str]]:
    """(mapping value, label) of every field a column can fill: persons', then cases'."""
    choices = [(name, spec.label.get(language) or name)
               for name, spec in profile.record_type("person").fields.items()
               if spec.type not in ("json", "ref")]
    case_fields = profile.record_type("case").fields
    choices += [(f"case.{name}", case_fields[name].label.get(language) or name)
                for name in CASE_COLUMNS]
    return choices


def preview_cases_file(store: Store, path: str | Path, mapping: dict[str, str] | None = None,
                       rows: int = 5) -> Preview:
    table, columns, report = read_cases_file(store, path, mapping)
    problems = [str(p) for p in report.errors]
    if table is None or columns is None:
        return Preview("", [], [], [], problems)
    headers = [h for h in table.headers if h]
    targets = [columns.targets[h.lower()].key if h.lower() in columns.targets else None
               for h in headers]
    shown = [[cell_text(r.values.get(h.lower())) for h in headers] for r in table.rows[:rows]]
    return Preview(table.encoding, headers, targets, shown, problems)


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
