"""The forms a laptop has: built into the program (``resources/forms``) and received from the
municipality's server (``form_definition`` records in the vault, pulled at sync).

Every version stays: an old submission is checked and shown with the version it was made
with, also after a newer one arrived. New assessments are offered the newest version of each
form, where it applies (its case types and roles), unless the municipality retired it.
A received definition this program cannot read (a newer engine wrote it) is listed with the
reason and never offered. Qt-free.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core.forms.definition import FormDefinition
from desktop.core.forms.loader import (
    FormNotFound,
    available_versions,
    build_definition,
    list_forms,
    load_form,
)
from sync.protocol import FORM_TYPE
from sync.records import Record
from sync.yamlfile import DataFileError, LineDict, LineList

if TYPE_CHECKING:
    from desktop.core.store import Store

BUILT_IN = "built_in"
MUNICIPALITY = "municipality"
_USER_META = "server_user"  # the signed-in user as the server described them (sync_local)


@dataclass(frozen=True)
class FormVersionInfo:
    """One version of a form on this laptop, for the Administration screen."""

    form_id: str
    version: int
    title: dict[str, str]
    origin: str  # BUILT_IN or MUNICIPALITY
    received_on: str | None = None  # ISO date the municipality published it
    retired: bool = False
    case_types: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    problem: str | None = None  # why this laptop cannot use it

    def text(self, language: str = "sq") -> str:
        return self.title.get(language) or self.title.get("sq") or self.form_id


@dataclass(frozen=True)
class _Received:
    record: Record

    @property
    def form_id(self) -> str:
        return str(self.record.fields.get("form_id") or "")

    @property
    def version(self) -> int:
        value = self.record.fields.get("version")
        return value if isinstance(value, int) else 0

    @property
    def retired(self) -> bool:
        return bool(self.record.fields.get("retired"))

    def applies(self, case_type: str | None, role: str | None) -> bool:
        case_types = self.record.fields.get("case_types") or []
        roles = self.record.fields.get("roles") or []
        return (not case_types or case_type in case_types) and (not roles or role in roles)


def _received(store: Store) -> list[_Received]:
    return [_Received(r) for r in store.query(FORM_TYPE, order_by="id")]


def received_definition(record: Record) -> FormDefinition:
    """The definition a ``form_definition`` record carries; DataFileError when this
    program's engine cannot take it."""
    spec = record.fields.get("spec")
    text = json.dumps(spec, sort_keys=True, ensure_ascii=False)
    return _build(str(record.fields.get("form_id")), record.fields.get("version"), text)


@lru_cache(maxsize=64)
def _build(form_id: str, version: Any, spec_json: str) -> FormDefinition:
    source = Path(f"{form_id} v{version} ({MUNICIPALITY})")
    spec = json.loads(spec_json)
    if not isinstance(spec, dict):
        raise DataFileError(source, None, "the form definition is not a mapping")
    return build_definition(source, _with_lines(spec))


def _with_lines(value: Any) -> Any:
    """Plain data as the loader's line-numbered YAML types (no lines: a record has none)."""
    if isinstance(value, dict):
        result = LineDict({k: _with_lines(v) for k, v in value.items()})
        result.key_lines = {}
        return result
    if isinstance(value, list):
        return LineList(_with_lines(v) for v in value)
    return value


def form_definition(store: Store | None, form_id: str,
                    version: int | None = None) -> FormDefinition:
    """A form by id and version (the newest when None): built in, else received.

    An old submission always finds its version, retired or not."""
    try:
        built_in = available_versions(form_id)
    except FormNotFound:  # not a form id at all
        built_in = []
    received = {r.version: r for r in _received(store) if r.form_id == form_id} \
        if store is not None else {}
    if version is None:
        versions = sorted(set(built_in) | set(received))
        if not versions:
            raise FormNotFound(f"no form {form_id!r}")
        version = versions[-1]
    if version in built_in:
        return load_form(form_id, version)
    if version in received:
        return received_definition(received[version].record)
    raise FormNotFound(f"form {form_id!r} has no version {version}")


def user_role(store: Store) -> str | None:
    """The role the server gave the signed-in user (None for a vault without a server)."""
    try:
        return json.loads(store.meta_get(_USER_META) or "{}").get("role")
    except (ValueError, AttributeError):
        return None


def offered_forms(store: Store | None, case_type: str | None = None,
                  role: str | None = None) -> list[FormDefinition]:
    """The newest usable version of each form a new assessment may use, by id: built-in
    forms, and received forms that apply to ``case_type`` and ``role`` and are not retired.
    A received version this program cannot read is passed over for the one before it."""
    candidates: dict[str, list[tuple[int, Any]]] = {}
    for form in list_forms():
        candidates.setdefault(form.id, []).append((form.version, form))
    for item in _received(store) if store is not None else []:
        candidates.setdefault(item.form_id, []).append((item.version, item))
    offered = []
    for form_id in sorted(candidates):
        chosen = _newest_usable(sorted(candidates[form_id], key=lambda c: -c[0]))
        if isinstance(chosen, tuple):
            item, definition = chosen
            if item.retired or not item.applies(case_type, role):
                continue
            chosen = definition
        if chosen is not None:
            offered.append(chosen)
    return offered


def _newest_usable(versions: list[tuple[int, Any]]) -> Any:
    """A built-in definition, (received item, its definition), or None."""
    for _version, candidate in versions:
        if not isinstance(candidate, _Received):
            return candidate
        try:
            return candidate, received_definition(candidate.record)
        except DataFileError:
            continue
    return None


def form_versions(store: Store | None) -> list[FormVersionInfo]:
    """Every version of every form on this laptop, by id and version."""
    infos = []
    for form in list_forms():
        for version in available_versions(form.id):
            title = form.title if version == form.version else load_form(form.id, version).title
            infos.append(FormVersionInfo(form.id, version, dict(title), BUILT_IN))
    for item in _received(store) if store is not None else []:
        fields = item.record.fields
        problem = None
        try:
            received_definition(item.record)
        except DataFileError as error:
            problem = str(error)
        infos.append(FormVersionInfo(
            item.form_id, item.version, dict(fields.get("title") or {}), MUNICIPALITY,
            fields.get("published_on"), item.retired, tuple(fields.get("case_types") or ()),
            tuple(fields.get("roles") or ()), problem))
    return sorted(infos, key=lambda i: (i.form_id, i.version, i.origin))
