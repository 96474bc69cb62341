"""Open conflicts as a person reads them, and a value a person types to settle one (Qt-free).

A conflict record (made by the server when two laptops changed one field to different values)
keeps every value with who made it and when. :func:`conflict_views` shows each open conflict
with the record it is about (case number, person), the field's label and both values in
words: dates as dd.MM.yyyy, codes as the profile's labels. "Mine" is this laptop's value (the
latest this device sent, else the value shown here); "theirs" is the latest other value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from desktop.core.casework.persons import full_name
from desktop.core.errors import KujdesError
from desktop.core.i18n import current_language, tr
from desktop.core.store import Store
from sync.merge import DELETED
from sync.protocol import CONFLICT_TYPE
from sync.records import Record


class BadValue(KujdesError):
    message = "{field}: {problem}"


@dataclass(frozen=True)
class ConflictView:
    conflict_id: str
    record_id: str
    record_type: str
    case_id: str | None
    case_number: str
    person: str
    field: str
    field_label: str
    mine: Any
    theirs: Any
    mine_text: str
    theirs_text: str
    who: str
    when: str           # dd.MM.yyyy HH:MM of the other value

    def line(self) -> str:
        """CASE_NUMBER, FIELD, MINE, THEIRS, WHO, WHEN separated by tabs (``kujdes conflicts``)."""
        cells = (self.case_number, self.field_label, self.mine_text, self.theirs_text,
                 self.who, self.when)
        return "\t".join(" ".join(str(c).split()) for c in cells)


def conflict_views(store: Store) -> list[ConflictView]:
    """Every open conflict of the vault, oldest first."""
    views = []
    for conflict in store.query(CONFLICT_TYPE, status="open", order_by="id"):
        view = conflict_view(store, conflict)
        if view is not None:
            views.append(view)
    return views


def conflict_view(store: Store, conflict: Record) -> ConflictView | None:
    fields = conflict.fields
    target = store.get(str(fields.get("record_id")), include_deleted=True)
    if target is None:
        return None
    name = str(fields.get("field"))
    mine, theirs = _mine_and_theirs(store, target, name, fields.get("values") or [])
    case, person = _case_and_person(store, target)
    return ConflictView(
        conflict.id, target.id, target.type, case.id if case else None,
        str(case.fields.get("case_number", "")) if case else "",
        full_name(person) if person else "", name, field_label(store, target.type, name),
        mine.get("value"), theirs.get("value"),
        value_text(store, target.type, name, mine.get("value")),
        value_text(store, target.type, name, theirs.get("value")),
        str(theirs.get("user") or ""), stamp_text(theirs.get("hlc")))


def _mine_and_theirs(store: Store, target: Record, name: str, values: list[dict[str, Any]]
                     ) -> tuple[dict[str, Any], dict[str, Any]]:
    ordered = sorted(values, key=lambda v: str(v.get("hlc") or ""))
    own = [v for v in ordered if v.get("device") == store.device]
    shown = target.deleted if name == DELETED else target.fields.get(name)
    mine = own[-1] if own else {"value": shown, "user": store.user}
    others = [v for v in ordered if v.get("device") != store.device
              and v.get("value") != mine.get("value")]
    theirs = others[-1] if others else (ordered[-1] if ordered else {"value": shown})
    return mine, theirs


def _case_and_person(store: Store, target: Record) -> tuple[Record | None, Record | None]:
    if target.type == "case":
        case: Record | None = target
    else:
        case_id = target.fields.get("case_id")
        case = store.get(case_id) if isinstance(case_id, str) else None
    if target.type == "person":
        return case, target
    person_id = (case.fields if case else target.fields).get("person_id")
    person = store.get(person_id) if isinstance(person_id, str) else None
    return case, person


def field_label(store: Store, record_type: str, name: str) -> str:
    if name == DELETED:
        return tr("Deleted")
    spec = store.profile.record_types.get(record_type)
    fspec = spec.fields.get(name) if spec else None
    if fspec is None or not fspec.label:
        return name
    return fspec.label.get(current_language()) or fspec.label.get("sq") or name


def _choices_section(store: Store, record_type: str, name: str) -> str | None:
    definition = store.profile.data.get("record_types", {}).get(record_type, {})
    choices = definition.get("fields", {}).get(name, {}).get("choices")
    return choices if isinstance(choices, str) else None


def value_text(store: Store, record_type: str, name: str, value: Any) -> str:
    """A field's value in words, as a person reads it."""
    if value is None or value == "" or value == []:
        return tr("(empty)")
    if isinstance(value, bool):
        return tr("Yes") if value else tr("No")
    spec = store.profile.record_types.get(record_type)
    fspec = spec.fields.get(name) if spec else None
    kind = fspec.type if fspec else ""
    if kind == "date":
        return _date_text(value)
    section = _choices_section(store, record_type, name)
    if section and kind == "select_one":
        return store.profile.label(section, str(value), current_language())
    if section and isinstance(value, list):
        return ", ".join(store.profile.label(section, str(v), current_language()) for v in value)
    if isinstance(value, list | dict):
        return str(value)
    return str(value)


def _date_text(value: Any) -> str:
    try:
        return dt.date.fromisoformat(str(value)[:10]).strftime("%d.%m.%Y")
    except ValueError:
        return str(value)


def stamp_text(hlc: Any) -> str:
    """When a change was made, from its clock stamp, as dd.MM.yyyy HH:MM (local time)."""
    try:
        ms = int(str(hlc).split("-", 1)[0])
    except ValueError:
        return ""
    return dt.datetime.fromtimestamp(ms / 1000).strftime("%d.%m.%Y %H:%M")


def parse_typed_value(store: Store, record_type: str, name: str, text: str) -> Any:
    """The value a person typed for a field, checked against its type (a translated
    :class:`BadValue` otherwise): dates as dd.MM.yyyy, codes by their label or code."""
    label = field_label(store, record_type, name)
    spec = store.profile.record_types.get(record_type)
    fspec = spec.fields.get(name) if spec else None
    text = text.strip()
    if not text:
        if fspec is not None and fspec.required:
            raise BadValue(field=label, problem=tr("a value is required"))
        return None
    kind = fspec.type if fspec else "text"
    if kind == "date":
        try:
            return dt.datetime.strptime(text, "%d.%m.%Y").date().isoformat()
        except ValueError:
            raise BadValue(field=label, problem=tr("write the date as dd.MM.yyyy")) from None
    if kind == "integer":
        if not text.lstrip("-").isdigit():
            raise BadValue(field=label, problem=tr("write a whole number")) from None
        return int(text)
    if kind == "decimal":
        try:
            return float(text.replace(",", "."))
        except ValueError:
            raise BadValue(field=label, problem=tr("write a number")) from None
    if kind == "select_one" and fspec is not None and fspec.choices is not None:
        return _code_of(store, record_type, name, fspec.choices, text, label)
    if kind in ("text", "ref"):
        return text
    raise BadValue(field=label, problem=tr("choose one of the two values"))


def _code_of(store: Store, record_type: str, name: str, choices: tuple[str, ...], text: str,
             label: str) -> str:
    section = _choices_section(store, record_type, name) or ""
    for code in choices:
        if text.lower() in (code.lower(), store.profile.label(
                section, code, current_language()).lower()):
            return code
    raise BadValue(field=label, problem=tr("choose one of the listed values"))
