"""Reading records for a pull: light rows, and the fields decoded only where they are needed.

A pull scans many rows the user may not see (other units' records). Scoping needs only a few
of a record's fields, and the server keeps those as columns (:func:`scope.scope_columns`,
written with every record), so a row's fields are decoded only when the record is sent, or
when its scope needs a field that has no column (a meeting's cases, an attachment's plan).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Text, cast, select
from sqlalchemy.orm import Session

from sync.protocol import CHILD_TYPES
from sync.server.models import RecordRow
from sync.server.scope import PERSON_TYPES

_COLUMNS = select(RecordRow.id, RecordRow.type, RecordRow.rev, RecordRow.deleted,
                  cast(RecordRow.fields, Text), RecordRow.admin_unit, RecordRow.case_type,
                  RecordRow.case_id, RecordRow.person_id, RecordRow.target_id)
_FOLLOW_CASE = frozenset(CHILD_TYPES) | frozenset(PERSON_TYPES)


class PulledRow:
    """One record as a pull reads it. ``scope_fields`` holds what scoping reads of its
    fields: the same values as the fields themselves (see :meth:`_scope_view`)."""

    __slots__ = ("id", "type", "rev", "deleted", "_text", "_fields", "scope_fields")

    def __init__(self, rid: str, rtype: str, rev: int, deleted: bool, text: str,
                 unit: str | None, case_type: str | None, case_id: str | None,
                 person_id: str | None, target_id: str | None) -> None:
        self.id, self.type, self.rev, self.deleted = rid, rtype, rev, deleted
        self._text = text
        self._fields: dict[str, Any] | None = None
        view = _scope_view(rtype, unit, case_type, case_id, person_id, target_id)
        self.scope_fields = self.fields if view is None else view

    @property
    def fields(self) -> dict[str, Any]:
        if self._fields is None:
            self._fields = json.loads(self._text)
        return self._fields


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


def scan(session: Session, cursor: int, limit: int) -> list[PulledRow]:
    """Up to ``limit`` records after ``cursor``, in revision order."""
    stmt = _COLUMNS.where(RecordRow.rev > cursor).order_by(RecordRow.rev).limit(limit)
    return [PulledRow(*row) for row in session.connection().execute(stmt).all()]
