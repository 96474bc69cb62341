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
    expression = match_expression(text)
    if expression is None:
        return []
    exact = text.strip()
    rows = conn.exec_driver_sql(
        "SELECT s.person_id, s.case_id, s.case_number, s.name, s.father_name, s.personal_id, "
        "s.village, s.unit FROM search_fts JOIN search_rows s ON s.rowid = search_fts.rowid "
        "WHERE search_fts MATCH ? "
        "ORDER BY (s.personal_id = ? COLLATE NOCASE) DESC, "
        "(s.case_number = ? COLLATE NOCASE) DESC, search_fts.rank, s.name "
        "LIMIT ?", (expression, exact, exact, limit)).fetchall()
    return [SearchHit(*row) for row in rows]


def reindex_persons(conn: Connection, person_ids: Sequence[str]) -> None:
    """Rebuild the search rows of these persons from their records."""
    for start in range(0, len(person_ids), _CHUNK):
        chunk = list(person_ids[start:start + _CHUNK])
        marks = ",".join("?" for _ in chunk)
        conn.exec_driver_sql(f"DELETE FROM search_rows WHERE person_id IN ({marks})",
                             tuple(chunk))
        persons = conn.exec_driver_sql(
            f"SELECT id, fields FROM records WHERE type = 'person' AND deleted = 0 "
            f"AND id IN ({marks})", tuple(chunk)).fetchall()
        cases: dict[str, list[tuple[str, str]]] = {}
        for person_id, case_id, number in conn.exec_driver_sql(
                f"SELECT person_id, id, label FROM records WHERE type = 'case' AND deleted = 0 "
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
