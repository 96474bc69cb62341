"""Which records a list or the case view marks, and why: an open conflict, a change the server
refused, or changes not sent yet (Qt-free).

A mark on a record of a case (a visit with a conflict, a refused note) marks its case too, and
a case's mark marks its person, so that the lists show where a worker needs to look.
"""

from __future__ import annotations

from typing import Any

from desktop.core.i18n import tr
from desktop.core.store import Store
from sync.protocol import CONFLICT_TYPE

CONFLICT, REFUSED, UNSENT = "conflict", "refused", "unsent"
_ORDER = (UNSENT, REFUSED, CONFLICT)   # later ones win
MARK_TEXT = {CONFLICT: "Open conflict: resolve it on the Conflicts screen",
             REFUSED: "Refused by the municipal server: see the Sync screen",
             UNSENT: "Changes not sent to the municipal server yet"}


def mark_text(mark: str | None) -> str:
    return tr(MARK_TEXT[mark]) if mark in MARK_TEXT else ""


def record_marks(store: Store) -> dict[str, str]:
    """record id → ``conflict``, ``refused`` or ``unsent`` (the most pressing one)."""
    with store.reading() as conn:
        flagged = {
            UNSENT: _ids(conn, "SELECT DISTINCT record_id FROM outbox WHERE acked = 0"),
            REFUSED: _ids(conn, "SELECT DISTINCT record_id FROM outbox WHERE acked = 1 AND "
                                "json_extract(result, '$.status') = 'rejected' AND "
                                "json_extract(result, '$.handled') IS NULL"),
            CONFLICT: _ids(conn, "SELECT DISTINCT json_extract(fields, '$.record_id') FROM "
                                 "records WHERE type = ? AND status = 'open' AND deleted = 0",
                           (CONFLICT_TYPE,)),
        }
        marks: dict[str, str] = {}
        for mark in _ORDER:
            ids = flagged[mark]
            for rid in ids | _owners(conn, ids):
                marks[rid] = mark
    return marks


def _ids(conn: Any, sql: str, params: tuple[Any, ...] = ()) -> set[str]:
    return {r[0] for r in conn.exec_driver_sql(sql, params) if r[0]}


def _owners(conn: Any, ids: set[str]) -> set[str]:
    """The cases of these records, and the persons of those cases."""
    owners: set[str] = set()
    chunk = sorted(ids)
    for start in range(0, len(chunk), 500):
        part = chunk[start:start + 500]
        marks = ",".join("?" for _ in part)
        for case_id, person_id in conn.exec_driver_sql(
                f"SELECT case_id, CASE WHEN type = 'case' THEN person_id END FROM records "
                f"WHERE id IN ({marks})", tuple(part)):
            owners.update(v for v in (case_id, person_id) if v)
    cases = sorted(owners)
    for start in range(0, len(cases), 500):
        part = cases[start:start + 500]
        marks = ",".join("?" for _ in part)
        owners.update(r[0] for r in conn.exec_driver_sql(
            f"SELECT person_id FROM records WHERE type = 'case' AND id IN ({marks}) "
            f"AND person_id IS NOT NULL", tuple(part)))
    return owners


def case_mark(store: Store, case_id: str) -> str | None:
    """The most pressing mark of a case and its records (None: all synced)."""
    of_case = "(SELECT id FROM records WHERE id = ? OR case_id = ?)"
    with store.reading() as conn:
        if conn.exec_driver_sql(
                "SELECT 1 FROM records WHERE type = ? AND status = 'open' AND deleted = 0 AND "
                "(json_extract(fields, '$.record_id') = ? OR json_extract(fields, '$.case_id') "
                "= ?) LIMIT 1", (CONFLICT_TYPE, case_id, case_id)).first():
            return CONFLICT
        if conn.exec_driver_sql(
                f"SELECT 1 FROM outbox WHERE record_id IN {of_case} AND acked = 1 AND "
                "json_extract(result, '$.status') = 'rejected' AND "
                "json_extract(result, '$.handled') IS NULL LIMIT 1", (case_id, case_id)).first():
            return REFUSED
        if conn.exec_driver_sql(f"SELECT 1 FROM outbox WHERE record_id IN {of_case} AND "
                                "acked = 0 LIMIT 1", (case_id, case_id)).first():
            return UNSENT
    return None
