"""Reading records for a pull: light rows, and the fields decoded only where they are needed.

A pull scans many rows the user may not see (other units' records). Scoping needs only a few
of a record's fields, and the server keeps those as columns (:func:`scope.scope_columns`,
written with every record), so a row's fields are decoded only when the record is sent, or
when its scope needs a field that has no column (a meeting's cases, an attachment's plan).
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import Dialect, Select, Text, and_, bindparam, cast, exists, not_, or_, select
from sqlalchemy.engine.interfaces import Compiled
from sqlalchemy.orm import Session, aliased

from sync.protocol import CHILD_TYPES
from sync.server.models import RecordRow
from sync.server.replies import StoredJSON, record_json_text
from sync.server.scope import PERSON_TYPES, ScopeIndex

_COLUMNS = select(RecordRow.id, RecordRow.type, RecordRow.rev, RecordRow.deleted,
                  cast(RecordRow.fields, Text), RecordRow.admin_unit, RecordRow.case_type,
                  RecordRow.case_id, RecordRow.person_id, RecordRow.target_id)
_FOLLOW_CASE = frozenset(CHILD_TYPES) | frozenset(PERSON_TYPES)


class PulledRow(NamedTuple):
    """One record as a pull reads it. ``scope_fields`` holds what scoping reads of its
    fields: the same values as the fields themselves (see :func:`_scope_view`)."""

    id: str
    type: str
    rev: int
    deleted: bool
    text: str  # the fields as stored (JSON)
    scope_fields: dict[str, Any]

    @property
    def fields(self) -> StoredJSON:
        return StoredJSON(self.text)


def _scope_view(rtype: str, unit: str | None, case_type: str | None, case_id: str | None,
                person_id: str | None, target_id: str | None) -> dict[str, Any] | None:
    """The fields scoping reads, from the scope columns; None when it needs the fields.

    The columns hold a field's value when it is a non-empty string and NULL otherwise, which
    is all the scope rules act on: a case and a person or household by their unit and case
    type, a conflict by its record, a record of a case by its case. A record of a case with
    no case id (an attachment of a plan, a consent of a person) and a meeting are judged on
    their decoded fields.
    """
    if rtype in ("case", "person", "household"):
        return {"administrative_unit": unit, "case_type": case_type}
    if rtype == "conflict":
        return {"record_id": target_id}
    if rtype in _FOLLOW_CASE:
        return {"case_id": case_id, "person_id": person_id} if case_id else None
    if rtype == "meeting":
        return None
    return {}  # catalog records are visible to all, unknown types to none: no field is read


def _statement(units: int, bounded: bool) -> Select[Any]:
    """The scan, with ``units`` unit parameters (``u0``, ``u1``, ...) when the user has units.

    For a user of some units the database leaves out the rows that are certainly outside them:
    a case of another unit (or of none), a record that follows a case (its case id column
    set) whose case is not a case of the user's units, and a conflict about such a case. Everything else, and every row
    kept, is still judged by :class:`scope.ScopeIndex` (role, persons, meetings, conflicts):
    this only spares reading and judging rows a user of one unit can never see.
    """
    query = _COLUMNS.where(RecordRow.rev > bindparam("cursor"))
    if bounded:
        query = query.where(RecordRow.rev <= bindparam("upto"))
    if units:
        mine = [bindparam(f"u{n}") for n in range(units)]
        case = aliased(RecordRow)
        of_my_case = exists().where(case.id == RecordRow.case_id, case.type == "case",
                                    case.admin_unit.in_(mine))
        other_case = exists().where(case.id == RecordRow.target_id, case.type == "case", or_(
            case.admin_unit.is_(None), case.admin_unit.not_in(mine)))
        follow = [bindparam(f"t{n}", t) for n, t in enumerate(sorted(_FOLLOW_CASE))]
        query = query.where(not_(or_(
            and_(RecordRow.type == "case", or_(RecordRow.admin_unit.is_(None),
                                               RecordRow.admin_unit.not_in(mine))),
            and_(RecordRow.type.in_(follow), RecordRow.case_id.is_not(None), ~of_my_case),
            and_(RecordRow.type == "conflict", other_case))))
    return query.order_by(RecordRow.rev).limit(bindparam("limit"))


def _pulled(row: tuple[Any, ...]) -> PulledRow:
    rid, rtype, rev, deleted, text, unit, case_type, case_id, person_id, target_id = row
    if case_id and rtype in _FOLLOW_CASE:  # most records: the record of a case
        view: dict[str, Any] | None = {"case_id": case_id, "person_id": person_id}
    else:
        view = _scope_view(rtype, unit, case_type, case_id, person_id, target_id)
    if view is None:
        view = json.loads(text)
    # SQLite's driver gives 0 or 1 for a boolean
    return PulledRow(rid, rtype, rev, deleted is True or deleted == 1, text, view)


def scan(session: Session, cursor: int, limit: int, units: tuple[str, ...] = (),
         upto: int | None = None) -> list[PulledRow]:
    """Up to ``limit`` records after ``cursor`` (and up to ``upto``), in revision order; with
    ``units``, without the rows certainly outside them (see :func:`_statement`)."""
    return [_pulled(row) for row in scan_tuples(session, cursor, limit, units, upto)]


def scan_tuples(session: Session, cursor: int, limit: int, units: tuple[str, ...] = (),
                upto: int | None = None) -> list[tuple[Any, ...]]:
    """What :func:`scan` reads, as the driver's plain tuples (the columns of ``_COLUMNS``).

    Read on the driver's own cursor: its plain tuples cost a fraction of result rows, and a
    scan reads thousands of rows per page."""
    conn = session.connection()
    compiled = _compiled(conn.dialect, len(units), upto is not None)
    values = {**compiled.params, "cursor": cursor, "limit": limit, "upto": upto,
              **{f"u{n}": unit for n, unit in enumerate(units)}}
    params: Any = [values[name] for name in compiled.positiontup or ()] \
        if compiled.positional else values
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None
    cur = dbapi.cursor()
    try:
        cur.execute(compiled.string, params)
        return cur.fetchall()
    finally:
        cur.close()


@cache
def _compiled(dialect: Dialect, units: int, bounded: bool) -> Compiled:
    return _statement(units, bounded).compile(dialect=dialect)


def visible_records(rows: list[tuple[Any, ...]], index: ScopeIndex) -> list[Any]:
    """The records of scanned ``rows`` (:func:`scan_tuples`) that ``index``'s user may see,
    each as a reply writes it (:func:`replies.record_json_text`).

    Most rows are records of a case, which :meth:`ScopeIndex.visible` judges by their case
    alone: each case is judged once per page, and its records follow that judgement."""
    _prepare(rows, index)
    by_case: dict[str, bool] = {}
    records: list[Any] = []
    for row in rows:
        rid, rtype, rev, deleted, text, _unit, _ct, case_id, person_id, _target = row
        if case_id and rtype in _FOLLOW_CASE:
            seen = by_case.get(case_id)
            if seen is None:
                seen = by_case[case_id] = index.visible(
                    rid, rtype, {"case_id": case_id, "person_id": person_id})
        else:
            seen = index.visible(rid, rtype, _pulled(row).scope_fields)
        if seen:
            # SQLite's driver gives 0 or 1 for a boolean
            records.append(record_json_text(rid, rtype, rev, deleted is True or deleted == 1,
                                            text))
    return records


def _prepare(rows: list[tuple[Any, ...]], index: ScopeIndex) -> None:
    """Read ahead the cases, persons and households judging ``rows`` needs: a case is judged
    on its own unit and case type, and the records of one case need the same ones."""
    wanted: dict[Any, tuple[str, str, dict[str, Any]]] = {}
    for row in rows:
        rid, rtype, case_id, person_id = row[0], row[1], row[7], row[8]
        if rtype == "case":
            continue
        if case_id and rtype in _FOLLOW_CASE:
            key: Any = (case_id, person_id, rtype in PERSON_TYPES)
            if key not in wanted:
                wanted[key] = (rid, rtype, {"case_id": case_id, "person_id": person_id})
        else:
            wanted[rid] = (rid, rtype, _pulled(row).scope_fields)
    index.prepare(list(wanted.values()))
