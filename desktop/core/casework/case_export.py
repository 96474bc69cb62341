"""Case-level export: cases, persons, referrals, visits or measures as CSV or XLSX (Qt-free).

One row a record, one column a field of the profile, headed by the field's label in the
chosen language (so that the file can be imported again); codes of the profile's lists are
written as their labels. What is left out unless chosen:
- sensitive fields (ethnicity, address, diagnosis, ...): named in ``columns`` or all of them
  with ``include_sensitive``;
- records of sensitive case types (and persons with such a case): only with
  ``include_sensitive``, and then only the types the user's role may see (``visible_to``).
Choosing sensitive data needs a role known from the municipal server that is not read-only.
Case-level data never leaves in the publication edition. Every export is written to the audit
log (what, how many rows, which columns; no personal data).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.atomic import write_atomic
from desktop.core.case_numbers import fold
from desktop.core.errors import KujdesError
from desktop.core.i18n import current_language, tr
from desktop.core.store import Store
from desktop.core.sync_local import META_USER
from desktop.core.xlsx_sheet import xlsx_sheet
from sync.profile import FieldSpec, Profile
from sync.records import loads

KINDS = {"cases": "case", "persons": "person", "referrals": "referral", "visits": "visit",
         "measures": "measure"}
FORMATS = ("csv", "xlsx")
_SKIPPED_TYPES = ("json",)


class ExportRefused(KujdesError):
    message = "{reason}"


@dataclass(frozen=True)
class ExportColumn:
    name: str
    label: str
    sensitive: bool
    spec: FieldSpec | None = None


@dataclass
class ExportRequest:
    kind: str
    fmt: str = "xlsx"
    columns: list[str] | None = None  # codes or labels; None: every column not sensitive
    include_sensitive: bool = False
    language: str | None = None
    public: bool = False


@dataclass
class ExportResult:
    rows: int
    columns: list[str]
    left_out: int = 0  # records of sensitive case types not exported
    path: Path | None = None
    data: bytes = field(default=b"", repr=False)


def columns_of(profile: Profile, kind: str, language: str | None = None) -> list[ExportColumn]:
    """Every column an export of ``kind`` can have, in the profile's order."""
    language = language or current_language()
    record_type = _record_type(kind)
    spec = profile.record_type(record_type)
    columns = [ExportColumn("id", tr("Record ID", language), False)]
    if record_type not in ("case", "person"):
        case_label = profile.record_type("case").fields["case_number"].label.get(language)
        columns.append(ExportColumn("case_number", case_label or "case_number", False))
    for name, fspec in spec.fields.items():
        if fspec.type in _SKIPPED_TYPES:
            continue
        columns.append(ExportColumn(name, fspec.label.get(language) or name, fspec.sensitive, fspec))
    return columns


def _record_type(kind: str) -> str:
    if kind not in KINDS:
        raise ExportRefused(reason=tr("{kind} cannot be exported; choose one of {kinds}.",
                                      kind=kind, kinds=", ".join(KINDS)))
    return KINDS[kind]


def choose_columns(profile: Profile, request: ExportRequest) -> list[ExportColumn]:
    """The columns asked for (codes or labels), refusing unknown and unchosen sensitive ones."""
    available = columns_of(profile, request.kind, request.language)
    if not request.columns:
        return [c for c in available if request.include_sensitive or not c.sensitive]
    by_key = {}
    for column in available:
        by_key.setdefault(fold(column.name), column)
        by_key.setdefault(fold(column.label), column)
        for text in (column.spec.label.values() if column.spec else ()):
            by_key.setdefault(fold(text), column)
    chosen: list[ExportColumn] = []
    for wanted in request.columns:
        column = by_key.get(fold(wanted.strip()))
        if column is None:
            raise ExportRefused(reason=tr(
                "There is no column {column}. Columns: {columns}.", column=wanted,
                columns=", ".join(c.name for c in available)))
        if column.sensitive and not request.include_sensitive:
            raise ExportRefused(reason=tr(
                "{column} is sensitive: choose to include sensitive data to export it.",
                column=column.label))
        if column not in chosen:
            chosen.append(column)
    return chosen


def signed_in_role(store: Store) -> tuple[str | None, bool]:
    """The user's role from the last sign-in at the server, and whether it only reads."""
    try:
        role = json.loads(store.meta_get(META_USER) or "{}").get("role")
    except ValueError:
        role = None
    item = store.profile.item("roles", role) if role else None
    return (role if item else None), bool(item and item.get("read_only"))


def visible_case_types(store: Store, include_sensitive: bool) -> set[str]:
    """The case types whose records go out: not sensitive, or sensitive and allowed."""
    profile = store.profile
    types = {c for c in profile.codes("case_types") if c not in profile.sensitive_case_types}
    if include_sensitive:
        role, read_only = signed_in_role(store)
        if role is None or read_only:
            raise ExportRefused(reason=tr(
                "Sensitive data can be exported only by a role known from the municipal "
                "server that may change records. Sign in at the server first."))
        types |= {c for c in profile.sensitive_case_types
                  if role in ((profile.item("case_types", c) or {}).get("visible_to") or [])}
    return types


def export_records(store: Store, request: ExportRequest, out: str | Path | None = None
                   ) -> ExportResult:
    """Write the export to ``out`` (or keep its bytes in the result) and audit it."""
    if request.public:
        raise ExportRefused(reason=tr(
            "Case-level data is never exported in the publication edition."))
    if request.fmt not in FORMATS:
        raise ExportRefused(reason=tr("{value} is not a format: write csv or xlsx.",
                                      value=request.fmt))
    language = request.language or current_language()
    columns = choose_columns(store.profile, request)
    allowed = visible_case_types(store, request.include_sensitive)
    records, left_out = _records(store, _record_type(request.kind), allowed)
    cells = _Cells(store.profile, _record_type(request.kind), language, request.fmt)
    lines = map(cells.line(columns), records)
    header = [c.label for c in columns]
    data = xlsx_bytes(header, lines, request.kind) if request.fmt == "xlsx" else \
        _csv(header, lines)
    result = ExportResult(len(records), [c.name for c in columns], left_out, data=data)
    if out is not None:
        result.path = Path(out)
        write_atomic(result.path, data)
        result.data = b""
    store.audit("export", None, {"what": request.kind, "rows": result.rows,
                                 "columns": result.columns, "format": request.fmt,
                                 "sensitive": request.include_sensitive,
                                 "left_out": left_out})
    return result


def _records(store: Store, record_type: str, allowed: set[str]
             ) -> tuple[list[dict[str, Any]], int]:
    """The live records of a type whose cases are of an allowed type, and how many are not."""
    with store.reading() as conn:
        case_rows = conn.exec_driver_sql(
            "SELECT id, fields FROM records WHERE type = 'case' AND deleted = 0 "
            "ORDER BY id").fetchall()
        rows = case_rows if record_type == "case" else conn.exec_driver_sql(
            "SELECT id, fields FROM records WHERE type = ? AND deleted = 0 ORDER BY id",
            (record_type,)).fetchall()
    parsed = {rid: loads(fields_json) for rid, fields_json in case_rows}
    cases = {rid: (f.get("case_type"), f.get("case_number"), f.get("person_id"))
             for rid, f in parsed.items()}
    hidden_persons = {p for t, _, p in cases.values() if t not in allowed}
    kept, left_out = [], 0
    for rid, fields_json in rows:
        fields = parsed[rid] if record_type == "case" else loads(fields_json)
        if record_type == "case":
            ok = fields.get("case_type") in allowed
        elif record_type == "person":
            ok = rid not in hidden_persons
        else:
            case = cases.get(fields.get("case_id") or "")
            ok = case is not None and case[0] in allowed
            fields["case_number"] = case[1] if case else None
        if ok:
            fields["id"] = rid
            kept.append(fields)
        else:
            left_out += 1
    return kept, left_out


class _Cells:
    """A field's value as a cell: labels for the profile's codes, dates as dates. Each
    column's conversion is chosen once (a 100,000-row export converts two million cells)."""

    def __init__(self, profile: Profile, record_type: str, language: str, fmt: str) -> None:
        self.profile, self.language, self.fmt = profile, language, fmt
        declared = profile.data["record_types"][record_type]["fields"]
        self.sections = {name: d["choices"] for name, d in declared.items()
                         if isinstance(d.get("choices"), str)}
        self._days: dict[str, Any] = {}

    def line(self, columns: list[ExportColumn]) -> Callable[[dict[str, Any]], list[Any]]:
        """A function from a record's fields to its row."""
        converters = [(c.name, self._converter(c)) for c in columns]

        def row(fields: dict[str, Any]) -> list[Any]:
            get = fields.get
            return [value if (value := get(name)) is None or convert is None else
                    convert(value) for name, convert in converters]
        return row

    def _converter(self, column: ExportColumn) -> Callable[[Any], Any] | None:
        spec = column.spec
        if spec is None:
            return None
        section = self.sections.get(column.name)
        labels = {c: self.profile.label(section, c, self.language)
                  for c in self.profile.codes(section)} if section else {}
        if spec.type == "select_one" and section:
            return lambda v: labels.get(v, v)
        if spec.type == "select_multiple":
            return lambda v: "; ".join(str(labels.get(x, x)) for x in v) \
                if isinstance(v, list) else v
        if spec.type == "bool":
            yes, no = tr("yes", self.language), tr("no", self.language)
            return lambda v: yes if v else no
        if spec.type == "date" and self.fmt == "xlsx":
            return self._day
        return None

    def _day(self, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        day = self._days.get(value)
        if day is None:
            try:
                day = dt.date.fromisoformat(value)
            except ValueError:
                day = value
            self._days[value] = day
        return day


def _csv(header: list[str], lines: Iterable[list[Any]]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(lines)
    # With a byte-order mark, Excel opens it with ë and ç right.
    return text.getvalue().encode("utf-8-sig")


def xlsx_bytes(header: list[str], lines: Iterable[list[Any]], sheet: str,
               title: str = "") -> bytes:
    """One sheet: a bold header row, then the lines; dates as dates (dd.mm.yyyy). Built in
    memory: no temporary file holds the data."""
    return xlsx_sheet(header, lines, sheet, title)
