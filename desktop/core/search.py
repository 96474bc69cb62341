"""Full-text search over people and their cases (SQLite FTS5).

One search row per case of a person (a person without a case has one row with no case).
The tokenizer folds case and diacritics on both sides, so "kucove" finds "Kuçovë" and
"ëngjëll" finds "Engjell". Every word typed is a prefix: results update as the user types.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection

from sync.records import loads

_CHUNK = 500
_WORD = re.compile(r"\w+", re.UNICODE)
# What a case number (PUK-2026-7F3A-00012) or a personal ID number (J45123456A) looks like
# while it is being typed.
_CASE_NUMBER = re.compile(r"^[A-Za-z]{3}-\d")
_PERSONAL_ID = re.compile(r"^[A-Za-z]\d{2,}[A-Za-z0-9]*$")
# Ranking looks at this many name matches at most: a two-letter prefix matches thousands of
# people in a large caseload, and the user keeps typing anyway.
_CANDIDATES = 2000
_COLUMNS = ("s.person_id, s.case_id, s.case_number, s.name, s.father_name, s.personal_id, "
            "s.village, s.unit")


@dataclass(frozen=True)
class SearchHit:
    person_id: str
    case_id: str | None
    case_number: str | None
    full_name: str
    father_name: str
    personal_id: str
    village: str
    unit: str


def match_expression(text: str) -> str | None:
    """The FTS5 query for what the user typed: every word as a prefix, all required."""
    words = _WORD.findall(text)
    if not words:
        return None
    return " ".join(f'"{w}"*' for w in words)


def search(conn: Connection, text: str, limit: int = 50) -> list[SearchHit]:
    typed = text.strip()
    if _CASE_NUMBER.match(typed):
        return _by_prefix(conn, "case_number", typed, limit)
    if _PERSONAL_ID.match(typed):
        return _by_prefix(conn, "personal_id", typed, limit)
    expression = match_expression(text)
    if expression is None:
        return []
    rows = conn.exec_driver_sql(
        f"SELECT {_COLUMNS} FROM (SELECT rowid, rank FROM search_fts WHERE search_fts MATCH ? "
        f"LIMIT {_CANDIDATES}) m JOIN search_rows s ON s.rowid = m.rowid "
        "ORDER BY (s.personal_id = ? COLLATE NOCASE) DESC, "
        "(s.case_number = ? COLLATE NOCASE) DESC, m.rank, s.name "
        "LIMIT ?", (expression, typed, typed, limit)).fetchall()
    return [SearchHit(*row) for row in rows]


def _by_prefix(conn: Connection, column: str, typed: str, limit: int) -> list[SearchHit]:
    """Rows whose case number or ID starts with what was typed (stored in upper case)."""
    low = typed.upper()
    rows = conn.exec_driver_sql(
        f"SELECT {_COLUMNS} FROM search_rows s WHERE s.{column} >= ? AND s.{column} < ? "
        f"ORDER BY s.{column} = ? DESC, s.{column}, s.name LIMIT ?",
        (low, low + "\uffff", low, limit)).fetchall()
    return [SearchHit(*row) for row in rows]


def reindex_persons(conn: Connection, person_ids: Sequence[str]) -> None:
    """Rebuild the search rows of these persons from their records."""
    for start in range(0, len(person_ids), _CHUNK):
        chunk = list(person_ids[start:start + _CHUNK])
        marks = ",".join("?" for _ in chunk)
        conn.exec_driver_sql(f"DELETE FROM search_rows WHERE person_id IN ({marks})",
                             tuple(chunk))
        persons = conn.exec_driver_sql(
            # "+type": keep SQLite on the id index; by type it would read every person.
            f"SELECT id, fields FROM records WHERE +type = 'person' AND deleted = 0 "
            f"AND id IN ({marks})", tuple(chunk)).fetchall()
        cases: dict[str, list[tuple[str, str]]] = {}
        for person_id, case_id, number in conn.exec_driver_sql(
                f"SELECT person_id, id, title FROM records WHERE type = 'case' AND deleted = 0 "
                f"AND person_id IN ({marks})", tuple(chunk)):
            cases.setdefault(person_id, []).append((case_id, number))
        rows = []
        for person_id, fields_json in persons:
            fields = loads(fields_json)
            base = (f"{fields.get('first_name', '')} {fields.get('last_name', '')}".strip(),
                    fields.get("father_name", ""), fields.get("personal_id", ""),
                    fields.get("village", ""), fields.get("administrative_unit", ""))
            for case_id, number in cases.get(person_id, [(None, None)]):
                rows.append((person_id, case_id, base[0], base[1], base[2], number, base[3],
                             base[4]))
        if rows:
            conn.exec_driver_sql(
                "INSERT INTO search_rows (person_id, case_id, name, father_name, personal_id, "
                "case_number, village, unit) VALUES (?,?,?,?,?,?,?,?)", rows)
