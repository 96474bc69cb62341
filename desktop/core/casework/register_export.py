"""The cases for the national electronic register, as its upload template (Qt-free).

The columns come from a mapping file (``resources/register/national_register.yaml``, our
assumption of the template, which an administrator can adjust). A case lacking a required
column is not written; it is listed with the columns it lacks, so it can be completed and go
with the next export. What was written is remembered per case (a digest of its row), so the
next export holds only cases that are new or whose row changed; ``everything`` writes all
again. Cases of sensitive types go only when the user's role may see them. Audited.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.atomic import write_atomic
from desktop.core.casework.case_export import signed_in_role, xlsx_bytes
from desktop.core.i18n import tr
from desktop.core.store import Store
from sync.profile import Profile
from sync.records import dumps, loads
from sync.yamlfile import DataFileError, load_yaml

DEFAULT_MAPPING = Path(__file__).resolve().parents[3] / "resources" / "register" / \
    "national_register.yaml"
SENT_KEY = "register_sent"


@dataclass(frozen=True)
class RegisterColumn:
    header: str
    record_type: str
    name: str
    required: bool = False
    values: dict[str, str] = field(default_factory=dict)
    label: bool = False


@dataclass(frozen=True)
class RegisterTemplate:
    title: str
    language: str
    sheet: str
    date_format: str
    columns: tuple[RegisterColumn, ...]


@dataclass
class Missing:
    case_number: str
    headers: list[str]

    def __str__(self) -> str:
        return tr("{case}: lacks {columns}", case=self.case_number,
                  columns=", ".join(self.headers))


@dataclass
class RegisterResult:
    written: int = 0
    unchanged: int = 0
    missing: list[Missing] = field(default_factory=list)
    left_out: int = 0  # cases of sensitive types the role may not see


def load_template(profile: Profile, path: str | Path | None = None) -> RegisterTemplate:
    """Read and check a mapping file; a mistake names its file and line."""
    path = Path(path or DEFAULT_MAPPING)
    data = load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("columns"), list) or \
            not data["columns"]:
        raise DataFileError(path, 1, "the mapping needs a list 'columns:'")
    columns = []
    for item in data["columns"]:
        line = getattr(item, "line", None)
        if not isinstance(item, dict) or not item.get("header") or not item.get("from"):
            raise DataFileError(path, line, "each column needs 'header:' and 'from:'")
        kind, _, name = str(item["from"]).partition(".")
        if kind not in ("case", "person") or name not in profile.record_type(kind).fields:
            raise DataFileError(path, line, f"{item['from']!r} is not case.<field> or "
                                            "person.<field> of the profile")
        values = item.get("values") or {}
        if not isinstance(values, dict):
            raise DataFileError(path, line, "'values:' must map codes to words")
        columns.append(RegisterColumn(str(item["header"]), kind, name,
                                      bool(item.get("required")),
                                      {str(k): str(v) for k, v in values.items()},
                                      bool(item.get("label"))))
    return RegisterTemplate(str(data.get("template") or path.stem),
                            str(data.get("language") or "sq"),
                            str(data.get("sheet") or "Sheet1")[:31],
                            str(data.get("date_format") or "%d.%m.%Y"), tuple(columns))


def export_register(store: Store, out: str | Path, *, mapping: str | Path | None = None,
                    everything: bool = False) -> RegisterResult:
    template = load_template(store.profile, mapping)
    sent = _sent(store)
    result = RegisterResult()
    rows: list[list[Any]] = []
    marks: dict[str, str] = {}
    for case_id, case, person in _cases(store, result):
        row = [_cell(store.profile, template, c, case if c.record_type == "case" else person)
               for c in template.columns]
        lacking = [c.header for c, v in zip(template.columns, row, strict=True)
                   if c.required and v in (None, "")]
        if lacking:
            result.missing.append(Missing(str(case.get("case_number") or case_id), lacking))
            continue
        digest = hashlib.sha256(dumps(row).encode("utf-8")).hexdigest()[:20]
        if not everything and sent.get(case_id) == digest:
            result.unchanged += 1
            continue
        rows.append(row)
        marks[case_id] = digest
    write_atomic(Path(out), _render(template, rows, Path(out).suffix.lower()))
    result.written = len(rows)
    with store.transaction():
        store.meta_set(SENT_KEY, json.dumps({**sent, **marks}))
        store.audit("export", None, {"what": "register", "rows": result.written,
                                     "missing": len(result.missing),
                                     "unchanged": result.unchanged})
    return result


def _sent(store: Store) -> dict[str, str]:
    try:
        return json.loads(store.meta_get(SENT_KEY) or "{}")
    except ValueError:
        return {}


def _cases(store: Store, result: RegisterResult
           ) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    role, _ = signed_in_role(store)
    profile = store.profile
    with store.reading() as conn:
        persons = {rid: loads(f) for rid, f in conn.exec_driver_sql(
            "SELECT id, fields FROM records WHERE type = 'person' AND deleted = 0")}
        cases = conn.exec_driver_sql(
            "SELECT id, fields FROM records WHERE type = 'case' AND deleted = 0 "
            "ORDER BY id").fetchall()
    found = []
    for rid, fields_json in cases:
        case = loads(fields_json)
        item = profile.item("case_types", case.get("case_type") or "") or {}
        if item.get("sensitive") and role not in (item.get("visible_to") or []):
            result.left_out += 1
            continue
        found.append((rid, case, persons.get(case.get("person_id") or "", {})))
    return found


def _cell(profile: Profile, template: RegisterTemplate, column: RegisterColumn,
          fields: dict[str, Any]) -> Any:
    value = fields.get(column.name)
    if value in (None, "", []):
        return None
    values = value if isinstance(value, list) else [value]
    words = [_word(profile, template, column, v) for v in values]
    return "; ".join(words) if isinstance(value, list) else words[0]


def _word(profile: Profile, template: RegisterTemplate, column: RegisterColumn,
          value: Any) -> str:
    text = str(value)
    if text in column.values:
        return column.values[text]
    if column.label:
        declared = profile.data["record_types"][column.record_type]["fields"][column.name]
        section = declared.get("choices")
        if isinstance(section, str):
            return profile.label(section, text, template.language)
    spec = profile.record_type(column.record_type).fields[column.name]
    if spec.type == "date":
        try:
            return dt.date.fromisoformat(text).strftime(template.date_format)
        except ValueError:
            return text
    return text


def _render(template: RegisterTemplate, rows: list[list[Any]], suffix: str) -> bytes:
    header = [c.header for c in template.columns]
    if suffix == ".csv":
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(header)
        writer.writerows(rows)
        return text.getvalue().encode("utf-8-sig")
    return xlsx_bytes(header, rows, template.sheet, template.title)
