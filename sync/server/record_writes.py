"""Writing a pushed batch: its records (new and changed) and its changes, a statement each.

On PostgreSQL each statement takes the whole batch as one JSON parameter, read by
``json_populate_recordset`` on the database side: the driver and SQLAlchemy handle one value
instead of a dozen per row (a push writes dozens of rows). A ``json`` column takes the value's
text as it is, so a record's fields are stored as this module writes them: compact UTF-8 JSON,
as the engine's serializer writes them (a pull sends that text unchanged). Elsewhere (SQLite)
the statements are SQLAlchemy's, with one set of parameters per row.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import Connection, bindparam, insert, update

from sync.server.models import ChangeRow, RecordRow
from sync.server.scope import SCOPE_COLUMNS

RECORD_COLUMNS = ("rev", "deleted", "fields", "stamps", *SCOPE_COLUMNS, "updated_at")
NEW_RECORD_COLUMNS = ("id", "type", "creator_device", *RECORD_COLUMNS)
CHANGE_COLUMNS = ("change_id", "record_id", "record_type", "base_rev", "fields", "deleted",
                  "hlc", "user", "device", "received_at", "result")

_RECORDS, _CHANGES = RecordRow.__table__, ChangeRow.__table__
_UPDATE = update(_RECORDS).where(_RECORDS.c.id == bindparam("w_id")).values(
    {name: bindparam(f"w_{name}") for name in RECORD_COLUMNS})


def _names(columns: tuple[str, ...], prefix: str = "") -> str:
    return ", ".join(f'{prefix}"{c}"' for c in columns)


_PG_INSERT_RECORDS = (
    f"INSERT INTO records ({_names(NEW_RECORD_COLUMNS)}) SELECT {_names(NEW_RECORD_COLUMNS)} "
    "FROM json_populate_recordset(NULL::records, %s::json)")
_PG_UPDATE_RECORDS = (
    "UPDATE records AS r SET " + ", ".join(f'"{c}" = v."{c}"' for c in RECORD_COLUMNS) +
    " FROM json_populate_recordset(NULL::records, %s::json) AS v WHERE r.id = v.id")
_PG_INSERT_CHANGES = (
    f"INSERT INTO changes ({_names(CHANGE_COLUMNS)}) SELECT {_names(CHANGE_COLUMNS)} "
    "FROM json_populate_recordset(NULL::changes, %s::json)")


def write_records(conn: Connection, new: list[Any], changed: list[Any]) -> None:
    """Insert the ``new`` records and update the ``changed`` ones (their columns as set)."""
    created = [{c: getattr(r, c) for c in NEW_RECORD_COLUMNS} for r in new]
    updated = [{c: getattr(r, c) for c in NEW_RECORD_COLUMNS} for r in changed]
    if conn.dialect.name == "postgresql":
        _pg(conn, _PG_INSERT_RECORDS, created)
        _pg(conn, _PG_UPDATE_RECORDS, updated)
        return
    if created:
        conn.execute(insert(_RECORDS), created)
    if updated:
        conn.execute(_UPDATE, [{f"w_{c}": row[c] for c in ("id", *RECORD_COLUMNS)}
                               for row in updated])


def insert_changes(conn: Connection, changes: list[dict[str, Any]]) -> None:
    """Store changes received (each a dict of ``CHANGE_COLUMNS``; ``received_at`` is now)."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    rows = [{**c, "received_at": now} for c in changes]
    if conn.dialect.name == "postgresql":
        _pg(conn, _PG_INSERT_CHANGES, rows)
    elif rows:
        conn.execute(insert(_CHANGES), rows)


def _pg(conn: Connection, sql: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    text = json.dumps(rows, ensure_ascii=False, separators=(",", ":"), allow_nan=False,
                      default=_plain)
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None
    cur = dbapi.cursor()
    try:
        cur.execute(sql, (text,))
    finally:
        cur.close()


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")
