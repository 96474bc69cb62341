"""Registering persons and households, and recognising people already registered.

Repeat referrals of the same person are common; before a new person is saved the worker is
shown :func:`find_duplicates`: the same personal ID number, or a similar name (diacritics
folded, "Engjell Cela" = "Engjëll Çela") with the same birth year and village.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from desktop.core.case_numbers import fold
from desktop.core.casework.errors import DuplicatePerson, WrongRecord
from desktop.core.i18n import tr
from desktop.core.store import Store
from sync.records import Record, loads

SAME_ID = "same_personal_id"
SIMILAR = "similar_name"
_NON_LETTER = re.compile(r"[^a-z ]+")


@dataclass(frozen=True)
class DuplicateCandidate:
    person: Record
    reason: str  # a sentence for the worker
    kind: str = SIMILAR  # SAME_ID or SIMILAR


# -- name comparison ---------------------------------------------------------------------------

@functools.lru_cache(maxsize=1 << 16)
def name_key(name: str | None) -> str:
    """Folded, letters only, doubled letters single: "Engjëll" -> "engjel"."""
    text = _NON_LETTER.sub(" ", fold(name or "")).strip()
    return re.sub(r"(.)\1+", r"\1", " ".join(text.split()))


def within_one_edit(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 4:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        rest_a, rest_b = a[i + 1:], b[i + 1:]
        swapped = i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i]
        return rest_a == rest_b or (swapped and a[i + 2:] == b[i + 2:])
    return a[i:] == b[i + 1:]


def similar_names(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """First and last names equal after folding, or each within one typing slip."""
    pairs = [(name_key(a.get("first_name")), name_key(b.get("first_name"))),
             (name_key(a.get("last_name")), name_key(b.get("last_name")))]
    if not all(x and y for x, y in pairs):
        return False
    return all(within_one_edit(x, y) for x, y in pairs)


def normal_personal_id(value: Any) -> str:
    return re.sub(r"\s+", "", str(value or "")).upper()


def birth_year(fields: dict[str, Any]) -> str | None:
    value = fields.get("birth_date")
    return str(value)[:4] if value else None


def _same_village(a: dict[str, Any], b: dict[str, Any]) -> bool:
    va, vb = fold(a.get("village") or "").strip(), fold(b.get("village") or "").strip()
    return not va or not vb or va == vb


def match_reason(new: dict[str, Any], existing: dict[str, Any]) -> str | None:
    """SAME_ID, SIMILAR or None: is ``existing`` probably the person described by ``new``?"""
    pid = normal_personal_id(new.get("personal_id"))
    if pid and pid == normal_personal_id(existing.get("personal_id")):
        return SAME_ID
    year = birth_year(new)
    if year and year != birth_year(existing):
        return None
    if similar_names(new, existing) and _same_village(new, existing):
        return SIMILAR
    return None


def reason_text(kind: str) -> str:
    if kind == SAME_ID:
        return tr("Same personal ID number.")
    return tr("Similar name, same birth year and village.")


# -- lookups -----------------------------------------------------------------------------------

def find_duplicates(store: Store, fields: dict[str, Any], *,
                    exclude_id: str | None = None) -> list[DuplicateCandidate]:
    """Registered persons who are probably the person described by ``fields`` (best first)."""
    found: dict[str, DuplicateCandidate] = {}
    for record in _candidates(store, fields):
        if record.id == exclude_id or record.id in found:
            continue
        kind = match_reason(fields, record.fields)
        if kind:
            found[record.id] = DuplicateCandidate(record, reason_text(kind), kind)
    return sorted(found.values(), key=lambda c: (c.kind != SAME_ID, c.person.id))


def _candidates(store: Store, fields: dict[str, Any]) -> list[Record]:
    ids: set[str] = set()
    pid = normal_personal_id(fields.get("personal_id"))
    with store.reading() as conn:
        if pid:
            ids |= _ids_by_personal_id(conn, pid)
        year = birth_year(fields)
        if year:
            rows = conn.exec_driver_sql(
                "SELECT id FROM records WHERE type = 'person' AND deleted = 0 "
                "AND main_date >= ? AND main_date < ?", (f"{year}-01-01", f"{int(year) + 1}-01-01"))
            ids |= {r[0] for r in rows}
        elif fields.get("last_name"):
            ids |= _ids_by_name(conn, str(fields["last_name"]))
        return _load(conn, sorted(ids))


def _ids_by_personal_id(conn: Any, pid: str) -> set[str]:
    token = re.sub(r"\W", "", pid)
    if not token:
        return set()
    rows = conn.exec_driver_sql(
        "SELECT s.person_id, s.personal_id FROM search_fts JOIN search_rows s "
        "ON s.rowid = search_fts.rowid WHERE search_fts MATCH ?",
        (f'personal_id : "{token}"',))
    return {r[0] for r in rows if normal_personal_id(r[1]) == pid}


def _ids_by_name(conn: Any, last_name: str) -> set[str]:
    words = re.findall(r"\w+", last_name)
    if not words:
        return set()
    # The first three letters as a prefix: typing slips later in the name still match.
    query = " ".join(f'name : "{w[:3]}"*' for w in words)
    rows = conn.exec_driver_sql(
        "SELECT DISTINCT s.person_id FROM search_fts JOIN search_rows s "
        "ON s.rowid = search_fts.rowid WHERE search_fts MATCH ? LIMIT 2000", (query,))
    return {r[0] for r in rows}


def _load(conn: Any, ids: list[str]) -> list[Record]:
    out: list[Record] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" for _ in chunk)
        rows = conn.exec_driver_sql(
            # "+type": look the ids up in the id index, not every person by type.
            f"SELECT id, type, fields, rev FROM records WHERE deleted = 0 AND +type = 'person' "
            f"AND id IN ({marks})", tuple(chunk))
        out += [Record(r[0], r[1], loads(r[2]), r[3]) for r in rows]
    return out


# -- writes ------------------------------------------------------------------------------------

def create_household(store: Store, fields: dict[str, Any]) -> Record:
    """A new household (family); its head and size are set as members are registered."""
    return store.create("household", dict(fields))


def register_person(store: Store, fields: dict[str, Any], *, household_id: str | None = None,
                    new_household: dict[str, Any] | None = None,
                    allow_same_personal_id: bool = False) -> Record:
    """Save a new person, in an existing household, a new one, or none.

    A person whose personal ID number is already registered is refused
    (:class:`DuplicatePerson`) unless ``allow_same_personal_id``; similar names are only
    shown (:func:`find_duplicates`), never refused.
    """
    fields = {k: v for k, v in fields.items() if v is not None}
    if "personal_id" in fields:
        fields["personal_id"] = normal_personal_id(fields["personal_id"]) or None
    with store.transaction():
        if not allow_same_personal_id:
            _refuse_same_id(store, fields)
        if new_household is not None:
            household = create_household(store, {
                "administrative_unit": fields.get("administrative_unit"),
                "village": fields.get("village"), **new_household})
            household_id = household.id
        elif household_id is not None:
            _require(store, household_id, "household")
        if household_id is not None:
            fields["household_id"] = household_id
        person = store.create("person", fields)
        if household_id is not None:
            _update_household_after_join(store, household_id, person.id)
    return person


def _refuse_same_id(store: Store, fields: dict[str, Any]) -> None:
    pid = fields.get("personal_id")
    if not pid:
        return
    with store.reading() as conn:
        same = _load(conn, sorted(_ids_by_personal_id(conn, pid)))
    if same:
        raise DuplicatePerson(personal_id=pid, name=full_name(same[0]))


def _update_household_after_join(store: Store, household_id: str, person_id: str) -> None:
    household = store.require(household_id)
    changes: dict[str, Any] = {"size": store.count("person", household_id=household_id)}
    if not household.fields.get("head_person_id"):
        changes["head_person_id"] = person_id
    store.update(household_id, changes)


def household_members(store: Store, household_id: str) -> list[Record]:
    """The persons of a household, oldest first."""
    return store.query("person", household_id=household_id, order_by="main_date")


def full_name(person: Record | dict[str, Any] | None) -> str:
    if person is None:
        return ""
    fields = person.fields if isinstance(person, Record) else person
    return " ".join(p for p in (fields.get("first_name"), fields.get("last_name")) if p)


def _require(store: Store, record_id: str, record_type: str) -> Record:
    record = store.require(record_id)
    if record.type != record_type:
        raise WrongRecord(key=record_id, what=record_type)
    return record


def require(store: Store, record_id: str, record_type: str) -> Record:
    """The live record ``record_id``, which must be of ``record_type``."""
    return _require(store, record_id, record_type)


def persons_by_ids(store: Store, ids: Iterable[str]) -> dict[str, Record]:
    with store.reading() as conn:
        return {r.id: r for r in _load(conn, sorted(set(ids)))}
