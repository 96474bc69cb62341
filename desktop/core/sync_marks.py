"""Which records a list or the case view marks, and why: an open conflict, a change the server
refused, or changes not sent yet (Qt-free).

A mark on a record of a case (a visit with a conflict, a refused note) marks its case too, and
a case's mark marks its person, so that the lists show where a worker needs to look.

Marks are asked for the records a list shows (a page of ids), never for the whole vault: every
query below goes through an index (schema steps 9 and 11), so the cost follows the page and the
records of its cases, not the length of the outbox (hundreds of thousands of changes after an
import or weeks offline). A page's marks are one statement: its rows come back, not the rows of
every related record.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from desktop.core.i18n import tr
from desktop.core.store import Store
from sync.protocol import CONFLICT_TYPE

CONFLICT, REFUSED, UNSENT = "conflict", "refused", "unsent"
MARK_TEXT = {CONFLICT: "Open conflict: resolve it on the Conflicts screen",
             REFUSED: "Refused by the municipal server: see the Sync screen",
             UNSENT: "Changes not sent to the municipal server yet"}

# The conditions are written out as in the partial indexes of schema step 8 (literals, not
# parameters): SQLite uses a partial index only when the query repeats its condition. The index
# is named: left to itself, the planner may take outbox_pending (acked, seq) and read every
# unsent change.
_UNSENT = "outbox INDEXED BY outbox_unsent_record WHERE acked = 0"
_REFUSED = ("outbox INDEXED BY outbox_refused_record WHERE acked = 1 AND "
            "json_extract(result, '$.status') = 'rejected' AND "
            "json_extract(result, '$.handled') IS NULL")
# The records whose mark marks each asked id (``owner``): itself, the records of a case, a
# person's cases and their records (deleted ones too: an unsent deletion marks its case). The
# joins start from the asked ids (CROSS JOIN keeps that order), and a case's record ids are
# read from the index of schema step 11 alone: the records' rows are not read.
_WANTED = "WITH wanted(id) AS (SELECT DISTINCT value FROM json_each(?) WHERE value IS NOT NULL)"
_OF_CASES = """
related(owner, rid) AS MATERIALIZED (
    SELECT id, id FROM wanted
    UNION ALL SELECT w.id, r.id FROM wanted w CROSS JOIN records r INDEXED BY records_case_ids
        ON r.case_id = w.id{})"""
# A person's cases and their records: looked up only when the ids may be persons' (a lookup
# in the index of persons' cases per id, a page decrypted each on a large vault).
_CASES_OF = """,
cases_of(owner, case_id) AS (
    SELECT w.id, c.id FROM wanted w CROSS JOIN records c INDEXED BY records_person
    ON c.type = 'case' AND c.person_id = w.id)"""
_OF_PERSONS = """
    UNION ALL SELECT owner, case_id FROM cases_of
    UNION ALL SELECT o.owner, r.id FROM cases_of o CROSS JOIN records r
        INDEXED BY records_case_ids ON r.case_id = o.case_id"""
_RELATED = f"{_WANTED}{_CASES_OF},{_OF_CASES.format(_OF_PERSONS)}"
_RELATED_OF_CASES = f"{_WANTED},{_OF_CASES.format('')}"
_CONFLICT_OF = (f"EXISTS (SELECT 1 FROM records INDEXED BY records_conflict_about WHERE type = "
                f"'{CONFLICT_TYPE}' AND json_extract(fields, '$.record_id') = {{}} AND "
                "status = 'open' AND deleted = 0)")
_REFUSED_OF = f"EXISTS (SELECT 1 FROM {_REFUSED} AND record_id = {{}})"
_UNSENT_OF = f"EXISTS (SELECT 1 FROM {_UNSENT} AND record_id = {{}})"
# Whether the vault has any open conflict, any refusal not dealt with: one look each at their
# partial indexes (most of the time there are none, and the related records are not looked for).
# (open conflicts by their status: resolved ones, which stay, are not walked through)
_ANY_CONFLICT = (f"(SELECT EXISTS (SELECT 1 FROM records INDEXED BY records_status "
                 f"WHERE type = '{CONFLICT_TYPE}' AND status = 'open' AND deleted = 0))")
_ANY_REFUSED = f"(SELECT EXISTS (SELECT 1 FROM {_REFUSED}))"
# Conflicts and refusals are few (their partial indexes stay in the cache): if there are any,
# every related record is looked up. Unsent changes can be the whole vault after an import: the
# asked record itself first, and its related records only if it has none, so that a page of
# unsent cases costs one lookup a row. The related records are read only if a test needs them.
_MARKS = f"""
SELECT owner, CASE WHEN worst > 0 THEN worst
    WHEN EXISTS (SELECT 1 FROM related u WHERE u.owner = g.owner AND {_UNSENT_OF.format('u.rid')})
    THEN 1 ELSE 0 END AS mark
FROM (SELECT w.id AS owner, CASE
        WHEN {_ANY_CONFLICT} AND EXISTS (SELECT 1 FROM related r WHERE r.owner = w.id
                                         AND {_CONFLICT_OF.format('r.rid')}) THEN 3
        WHEN {_ANY_REFUSED} AND EXISTS (SELECT 1 FROM related r WHERE r.owner = w.id
                                        AND {_REFUSED_OF.format('r.rid')}) THEN 2
        WHEN {_UNSENT_OF.format('w.id')} THEN 1
        ELSE 0 END AS worst
      FROM wanted w) AS g"""
_MARKS_SQL = _RELATED + _MARKS
_CASE_MARKS_SQL = _RELATED_OF_CASES + _MARKS
_MARK_OF = {1: UNSENT, 2: REFUSED, 3: CONFLICT}


def mark_text(mark: str | None) -> str:
    return tr(MARK_TEXT[mark]) if mark in MARK_TEXT else ""


def record_marks(store: Store, ids: Iterable[str], persons: bool = True) -> dict[str, str]:
    """For each of ``ids`` that has one: ``conflict``, ``refused`` or ``unsent`` (the most
    pressing mark of the record, of the records of its case, of its person's cases).
    ``persons=False``: none of ``ids`` is a person's (a list of cases, visits, referrals),
    so no person's cases are looked for."""
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    with store.reading() as conn:
        rows = conn.exec_driver_sql(_MARKS_SQL if persons else _CASE_MARKS_SQL,
                                    (json.dumps(wanted),)).fetchall()
    return {owner: _MARK_OF[mark] for owner, mark in rows if mark}


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
