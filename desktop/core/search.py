"""Full-text search over people and their cases (SQLite FTS5).

One search row per case of a person (a person without a case has one row with no case).
The tokenizer folds case and diacritics on both sides, so "kucove" finds "Kuçovë" and
"ëngjëll" finds "Engjell". Every word typed is a prefix: results update as the user types.

A place is found by any of its names: the names records carry (Albanian), and the other names
the catalogs have (Serbian: "Gnjilane" and "Гњилане" find the cases in Gjilan), given to
:func:`search` as ``aliases``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
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


# Serbian Cyrillic letters in the Latin alphabet (one letter each way; Љ Њ Џ are two).
_LATIN = dict(zip("абвгдђежзијклљмнњопрстћуфхцчџш",
                  ["a", "b", "v", "g", "d", "đ", "e", "ž", "z", "i", "j", "k", "l", "lj", "m",
                   "n", "nj", "o", "p", "r", "s", "t", "ć", "u", "f", "h", "c", "č", "dž", "š"],
                  strict=True))
_LATIN.update({k.upper(): v.capitalize() for k, v in list(_LATIN.items())})
_CYRILLIC = re.compile(f"[{''.join(_LATIN)}]")
_MAX_ALIASES = 12


def latin(text: str) -> str:
    """Serbian Cyrillic letters in Latin ("Гњилане" -> "Gnjilane"); other text unchanged."""
    return _CYRILLIC.sub(lambda m: _LATIN[m.group(0)], text)


# Names, villages and codes repeat through a register of 50,000 rows: each is folded once.
@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower case without diacritics, Serbian Cyrillic in Latin letters: "Kuçovë" -> "kucove",
    "Гњилане" -> "gnjilane"."""
    decomposed = unicodedata.normalize("NFKD", latin(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def match_expression(text: str, aliases: Mapping[str, str] | None = None) -> str | None:
    """The FTS5 query for what the user typed: every word as a prefix, all required.

    ``aliases`` maps another name of a place (folded: :func:`fold`) to the name records
    carry; a word that begins such a name also finds that place.
    """
    words = _WORD.findall(text)
    if not words:
        return None
    return " AND ".join(_word_query(w, aliases or {}) for w in words)


def _word_query(word: str, aliases: Mapping[str, str]) -> str:
    options = dict.fromkeys([f"{_quoted(word)}*", f"{_quoted(latin(word))}*"])
    key = fold(word)
    if len(key) >= 3:
        names = [name for other, name in aliases.items() if other.startswith(key)]
        options.update(dict.fromkeys(_quoted(n) for n in names[:_MAX_ALIASES]))
    return next(iter(options)) if len(options) == 1 else f"({' OR '.join(options)})"


def place_aliases(conn: Connection, other_names: Mapping[str, str]) -> dict[str, str]:
    """Other names of places (``other_names``: municipalities) and of the catalog's villages
    (their ``name_sr``), folded, to the name records carry."""
    aliases = {fold(other): name for other, name in other_names.items()}
    for name, name_sr in conn.exec_driver_sql(
            "SELECT json_extract(fields, '$.name'), json_extract(fields, '$.name_sr') "
            "FROM records WHERE type = 'village' AND deleted = 0 "
            "AND json_extract(fields, '$.name_sr') IS NOT NULL"):
        if name and name_sr:
            aliases[fold(str(name_sr))] = str(name)
    return aliases


def search(conn: Connection, text: str, limit: int = 50,
           aliases: Mapping[str, str] | None = None) -> list[SearchHit]:
    typed = text.strip()
    if _CASE_NUMBER.match(typed):
        return _by_prefix(conn, "case_number", typed, limit)
    if _PERSONAL_ID.match(typed):
        return _by_prefix(conn, "personal_id", typed, limit)
    expression = match_expression(text, aliases)
    if expression is None:
        return []
    rows = conn.exec_driver_sql(
        f"SELECT {_COLUMNS} FROM (SELECT rowid, rank FROM search_fts WHERE search_fts MATCH ? "
        f"LIMIT {_CANDIDATES}) m JOIN search_rows s ON s.rowid = m.rowid "
        "ORDER BY (s.personal_id = ? COLLATE NOCASE) DESC, "
        "(s.case_number = ? COLLATE NOCASE) DESC, m.rank, s.name "
        "LIMIT ?", (expression, typed, typed, limit)).fetchall()
    return [SearchHit(*row) for row in rows]


def search_ids(conn: Connection, text: str, column: str, limit: int,
               aliases: Mapping[str, str] | None = None) -> list[str]:
    """What a list shows of a search: the distinct ``column`` ("case_id" or "person_id") of
    the hits, in the order of :func:`search` (at most ``limit``), without reading whole hits.
    A case list ranks the rows that have a case (as many as the rows :func:`search` ranks
    have, in a register where about half the people have a case)."""
    if column not in ("case_id", "person_id"):
        raise ValueError(column)
    typed = text.strip()
    if _CASE_NUMBER.match(typed) or _PERSONAL_ID.match(typed):
        return _distinct((getattr(h, column) for h in search(conn, text, limit * 2)), limit)
    expression = match_expression(text, aliases)
    if expression is None:
        return []
    with_case = column == "case_id"
    rows = conn.exec_driver_sql(
        f"SELECT {column} FROM (SELECT s.{column}, s.personal_id, s.case_number, s.name, "
        "f.rank FROM search_fts f JOIN search_rows s ON s.rowid = f.rowid "
        f"WHERE search_fts MATCH ? {'AND s.case_id IS NOT NULL' if with_case else ''} "
        f"LIMIT {_CANDIDATES // 2 if with_case else _CANDIDATES}) "
        "ORDER BY (personal_id = ? COLLATE NOCASE) DESC, (case_number = ? COLLATE NOCASE) "
        "DESC, rank, name LIMIT ?", (expression, typed, typed, limit * 2))
    return _distinct((row[0] for row in rows), limit)


def _distinct(ids: Iterable[str | None], limit: int) -> list[str]:
    found: dict[str, None] = {}
    for value in ids:
        if value:
            found.setdefault(value, None)
            if len(found) >= limit:
                break
    return list(found)


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
