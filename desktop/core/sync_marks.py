"""Which records a list or the case view marks, and why: an open conflict, a change the server
refused, or changes not sent yet (Qt-free).

A mark on a record of a case (a visit with a conflict, a refused note) marks its case too, and
a case's mark marks its person, so that the lists show where a worker needs to look.

Marks are asked for the records a list shows (a page of ids), never for the whole vault: every
query below goes through an index (schema step 8), so the cost follows the page and the records
of its cases, not the length of the outbox (hundreds of thousands of changes after an import or
weeks offline).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from desktop.core.i18n import tr
from desktop.core.store import Store
from sync.protocol import CONFLICT_TYPE

CONFLICT, REFUSED, UNSENT = "conflict", "refused", "unsent"
_ORDER = (UNSENT, REFUSED, CONFLICT)   # later ones win
_RANK = {mark: rank for rank, mark in enumerate(_ORDER)}
MARK_TEXT = {CONFLICT: "Open conflict: resolve it on the Conflicts screen",
             REFUSED: "Refused by the municipal server: see the Sync screen",
             UNSENT: "Changes not sent to the municipal server yet"}
_CHUNK = 500

# The conditions are written out as in the partial indexes of schema step 8 (literals, not
# parameters): SQLite uses a partial index only when the query repeats its condition. The index
# is named: left to itself, the planner may take outbox_pending (acked, seq) and read every
# unsent change.
_UNSENT = "outbox INDEXED BY outbox_unsent_record WHERE acked = 0"
_REFUSED = ("outbox INDEXED BY outbox_refused_record WHERE acked = 1 AND "
            "json_extract(result, '$.status') = 'rejected' AND "
            "json_extract(result, '$.handled') IS NULL")
_UNSENT_SQL = f"SELECT DISTINCT record_id FROM {_UNSENT} AND record_id IN ({{}})"
_REFUSED_SQL = f"SELECT DISTINCT record_id FROM {_REFUSED} AND record_id IN ({{}})"
_CONFLICT_SQL = (f"SELECT DISTINCT json_extract(fields, '$.record_id') FROM records INDEXED BY "
                 f"records_conflict_about WHERE type = '{CONFLICT_TYPE}' AND "
                 "json_extract(fields, '$.record_id') IN ({}) AND status = 'open' AND "
                 "deleted = 0")

_FLAG_SQL = ((UNSENT, _UNSENT_SQL), (REFUSED, _REFUSED_SQL), (CONFLICT, _CONFLICT_SQL))


def mark_text(mark: str | None) -> str:
    return tr(MARK_TEXT[mark]) if mark in MARK_TEXT else ""


def record_marks(store: Store, ids: Iterable[str]) -> dict[str, str]:
    """For each of ``ids`` that has one: ``conflict``, ``refused`` or ``unsent`` (the most
    pressing mark of the record, of the records of its case, of its person's cases)."""
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    with store.reading() as conn:
        related = _related(conn, wanted)
        flagged = _flagged(conn, sorted(related))
    marks: dict[str, str] = {}
    for rid, mark in flagged.items():
        for owner in related[rid]:
            if _RANK[mark] > _RANK.get(marks.get(owner, ""), -1):
                marks[owner] = mark
    return marks


def _chunks(ids: list[str]) -> Iterable[tuple[list[str], str]]:
    for start in range(0, len(ids), _CHUNK):
        part = ids[start:start + _CHUNK]
        yield part, ",".join("?" for _ in part)


def _related(conn: Any, ids: list[str]) -> dict[str, set[str]]:
    """record id → which of ``ids`` a mark on it marks: itself, the records of a case, a
    person's cases and their records."""
    related: defaultdict[str, set[str]] = defaultdict(set)
    for rid in ids:
        related[rid].add(rid)
    case_person: dict[str, str] = {}
    for part, marks in _chunks(ids):
        for rid, case_id in conn.exec_driver_sql(
                f"SELECT id, case_id FROM records WHERE case_id IN ({marks})", tuple(part)):
            related[rid].add(case_id)
        for case_id, person_id in conn.exec_driver_sql(
                f"SELECT id, person_id FROM records WHERE type = 'case' AND person_id "
                f"IN ({marks})", tuple(part)):
            related[case_id].add(person_id)
            case_person[case_id] = person_id
    for part, marks in _chunks(sorted(case_person)):
        for rid, case_id in conn.exec_driver_sql(
                f"SELECT id, case_id FROM records WHERE case_id IN ({marks})", tuple(part)):
            related[rid].add(case_person[case_id])
    return related


def _flagged(conn: Any, ids: list[str]) -> dict[str, str]:
    """The most pressing mark of each of ``ids`` itself."""
    flagged: dict[str, str] = {}
    for mark, sql in _FLAG_SQL:      # in order: a later mark wins
        for part, marks in _chunks(ids):
            for (rid,) in conn.exec_driver_sql(sql.format(marks), tuple(part)):
                if rid:
                    flagged[rid] = mark
    return flagged


def case_mark(store: Store, case_id: str) -> str | None:
    """The most pressing mark of a case and its records (None: all synced)."""
    # The case and its records; the case_id column of a conflict is its fields' case_id.
    of_case = ("(SELECT id FROM records WHERE id = ? UNION ALL "
               "SELECT id FROM records WHERE case_id = ?)")
    with store.reading() as conn:
        if conn.exec_driver_sql(
                f"SELECT 1 FROM records INDEXED BY records_conflict_about WHERE type = "
                f"'{CONFLICT_TYPE}' AND status = 'open' AND deleted = 0 AND "
                "json_extract(fields, '$.record_id') = ? "
                "UNION ALL SELECT 1 FROM records INDEXED BY records_of_case WHERE "
                f"type = '{CONFLICT_TYPE}' AND case_id = ? AND status = 'open' AND deleted = 0 "
                "LIMIT 1",
                (case_id, case_id)).first():
            return CONFLICT
        if conn.exec_driver_sql(f"SELECT 1 FROM {_REFUSED} AND record_id IN {of_case} LIMIT 1",
                                (case_id, case_id)).first():
            return REFUSED
        if conn.exec_driver_sql(f"SELECT 1 FROM {_UNSENT} AND record_id IN {of_case} LIMIT 1",
                                (case_id, case_id)).first():
            return UNSENT
    return None
