"""Reading cases, persons and households by lists of ids, for :class:`scope.ScopeIndex`.

A pull page judges thousands of records and reads the parties they need in lists of up to
500 ids. Built as SQLAlchemy statements with one bound parameter per id, each list cost more
to turn into SQL than the database took to answer it. Here each query is one fixed SQL text
per database with a single parameter holding the whole list (an array on PostgreSQL, a JSON
array on SQLite), run on the driver's own cursor as :func:`pull_rows.scan` does.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

_COLUMNS = "SELECT id, type, admin_unit, case_type, person_id, household_id FROM records WHERE "

# which rows each read wants; {ids} is the list of ids
_WHERE = {
    "by_id": "id {ids}",
    "cases_of": "type = 'case' AND (person_id {ids} OR household_id {ids})",
    "members_of": "type = 'person' AND household_id {ids}",
    "cases_of_persons": "type = 'case' AND person_id {ids}",
}
_LIST = {"postgresql": "= ANY(%(ids)s)", "sqlite": "IN (SELECT value FROM json_each(:ids))"}
_SQL = {(dialect, name): _COLUMNS + where.format(ids=ids)
        for dialect, ids in _LIST.items() for name, where in _WHERE.items()}

Row = tuple[str, str, str | None, str | None, str | None, str | None]


def read(session: Session, which: str, ids: list[str]) -> list[Row]:
    """(id, type, unit, case type, person id, household id) of the rows ``which`` names."""
    if not ids:
        return []
    if session.autoflush:  # what a query through the session would see
        session.flush()
    conn = session.connection()
    dialect = conn.dialect.name
    sql = _SQL[(dialect, which)]
    param: Any = list(ids) if dialect == "postgresql" else json.dumps(list(ids))
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None
    cur = dbapi.cursor()
    try:
        cur.execute(sql, {"ids": param})
        return [tuple(row) for row in cur.fetchall()]  # type: ignore[misc]
    finally:
        cur.close()
