"""A pushed batch's rows as written in one statement each read back as they were given."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Text, cast, select

from sync.ids import uuid7
from sync.server import admin, record_writes
from sync.server.db import _json_text
from sync.server.models import ChangeRow, RecordRow
from sync.server.scope import scope_columns

FIELDS = {"case_id": "c-1", "observations": "Vizitë: \"familja\" mirë\n", "n": 2.5,
          "tags": ["a", None, True], "nested": {"x": []}, "administrative_unit": "Pukë"}


def _row(rid: str, rev: int, fields: dict[str, Any], deleted: bool = False) -> RecordRow:
    row = RecordRow(id=rid, type="visit", creator_device="dev-1", rev=rev, deleted=deleted,
                    fields=fields, stamps={"n": [rev, "1767225600000-0000-dev-1", "dev-1",
                                                 "ana", "ch-1"]},
                    updated_at=dt.datetime(2026, 3, 5, 10, 30, 15, 123456))
    for name, value in scope_columns("visit", fields).items():
        setattr(row, name, value)
    return row


def _columns(row: RecordRow) -> dict[str, Any]:
    return {c: getattr(row, c) for c in record_writes.NEW_RECORD_COLUMNS}


def test_records_and_changes_read_back_as_written(db_url: str) -> None:
    first, second = uuid7(), uuid7()
    with admin.open_db(db_url) as session:
        conn = session.connection()
        record_writes.write_records(conn, [_row(first, 10**6, FIELDS),
                                           _row(second, 10**6 + 1, {"case_id": "c-2"})], [])
        changed = _row(second, 10**6 + 2, {"case_id": "c-3", "text": "ë"}, deleted=True)
        record_writes.write_records(conn, [], [changed])
        change = {"change_id": uuid7(), "record_id": first, "record_type": "visit",
                  "base_rev": 0, "fields": FIELDS, "deleted": False,
                  "hlc": "1767225600000-0000-dev-1", "user": "ana", "device": "dev-1",
                  "result": {"change_id": "x", "status": "applied", "rev": 10**6}}
        record_writes.insert_changes(conn, [change])
        session.commit()
        session.expunge_all()
        rows = {r.id: r for r in session.scalars(select(RecordRow).where(
            RecordRow.id.in_([first, second])))}
        assert _columns(rows[first]) == _columns(_row(first, 10**6, FIELDS))
        assert _columns(rows[second]) == _columns(changed)
        assert rows[second].case_id == "c-3" and rows[second].deleted is True
        # the fields are stored as compact UTF-8 JSON: what a pull sends as it is
        text = session.scalar(select(cast(RecordRow.fields, Text)).where(
            RecordRow.id == first))
        assert text == _json_text(FIELDS)
        stored = session.get(ChangeRow, change["change_id"])
        assert stored is not None
        assert {k: getattr(stored, k) for k in change} == change
        assert stored.received_at is not None

