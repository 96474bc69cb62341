"""The persons an import compares each row with: the vault's and the file's earlier rows.

A row repeats a person with the same personal ID number, or the same name, birth date and
village; it resembles one with a similar name (:func:`persons.similar_names`), the same birth
year and village (:func:`persons.match_reason`). Compared as before with everyone of the same
birth year whose last name begins with the same letter, a 50,000-row file made about a
billion name comparisons. Each person's folded names are kept once, and the persons are
indexed by every way of dropping one letter of the last name: two last names within one
typing slip (a letter changed, added, dropped or two swapped) share such a form, so a row is
compared only with the few persons whose last name could be similar, in the order they were
added, with the same outcome as comparing with every person of the group.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from desktop.core.case_numbers import fold
from desktop.core.casework.persons import (
    SAME_ID,
    SIMILAR,
    birth_year,
    name_key,
    normal_personal_id,
    within_one_edit,
)
from desktop.core.casework.places import place_key

SAME_PERSON = "same_person"


@dataclass(frozen=True)
class _Keys:
    """A person's fields as they are compared, folded once."""

    first: str
    last: str
    pid: str
    birth_date: Any
    year: str
    village: str  # as :func:`persons.match_reason` compares villages
    place: str  # as the same-person rule compares them

    @classmethod
    def of(cls, fields: dict[str, Any]) -> _Keys:
        village = fields.get("village") or ""
        return cls(name_key(fields.get("first_name")), name_key(fields.get("last_name")),
                   normal_personal_id(fields.get("personal_id")), fields.get("birth_date"),
                   birth_year(fields) or "", fold(village).strip(), place_key(village))

    def same_person(self, other: _Keys) -> bool:
        """The same name, birth date and village once folded (the row was imported before);
        two different personal ID numbers are two people."""
        if self.pid and other.pid and self.pid != other.pid:
            return False
        return bool(self.birth_date) and self.birth_date == other.birth_date and \
            self.first == other.first and self.last == other.last and self.place == other.place

    def resembles(self, other: _Keys) -> str | None:
        """SAME_ID, SIMILAR or None, as :func:`persons.match_reason` decides."""
        if self.pid and self.pid == other.pid:
            return SAME_ID
        if self.year and self.year != other.year:
            return None
        if not (self.first and other.first and self.last and other.last):
            return None
        if not (within_one_edit(self.first, other.first) and
                within_one_edit(self.last, other.last)):
            return None
        return SIMILAR if not self.village or not other.village or \
            self.village == other.village else None

    def group(self) -> tuple[str, str]:
        """Persons are compared within a birth year and the first letter of the last name."""
        return self.year, self.last[:1]


def _one_letter_less(name: str) -> set[str]:
    return {name, *(name[:i] + name[i + 1:] for i in range(len(name)))}


@dataclass
class KnownPersons:
    """What is registered already, and what earlier rows of the file hold."""

    by_pid: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    _entries: list[tuple[str, dict[str, Any], _Keys]] = field(default_factory=list)
    _by_form: dict[tuple[str, str, str], list[int]] = field(
        default_factory=lambda: defaultdict(list))
    _asked: tuple[Any, ...] = (None, None, None)  # the last fields matched, and their keys

    def add(self, label: str, fields: dict[str, Any], *, asked: dict[str, Any] | None = None
            ) -> None:
        """Remember a person; ``asked``: the fields just given to :meth:`match_entry` that
        describe the same person (their folded names are not made again)."""
        keys, forms = self._asked[1:] if asked is not None and self._asked[0] is asked else \
            self._keys(fields)
        if keys.pid:
            self.by_pid.setdefault(keys.pid, (label, fields))
        index = len(self._entries)
        self._entries.append((label, fields, keys))
        for form in forms:
            self._by_form[(*keys.group(), form)].append(index)

    @staticmethod
    def _keys(fields: dict[str, Any]) -> tuple[_Keys, set[str]]:
        keys = _Keys.of(fields)
        return keys, _one_letter_less(keys.last)

    def match(self, fields: dict[str, Any]) -> tuple[str, str] | None:
        """(kind, who) of the first registered person or earlier row this row repeats."""
        found = self.match_entry(fields)
        return None if found is None else (found[0], found[1])

    def match_entry(self, fields: dict[str, Any]) -> tuple[str, str, dict[str, Any]] | None:
        """(kind, who, their fields) of the first person this row repeats: the same ID
        number, else the same person, else a similar one."""
        keys, forms = self._keys(fields)
        self._asked = (fields, keys, forms)
        if keys.pid and keys.pid in self.by_pid:
            return SAME_ID, *self.by_pid[keys.pid]
        candidates = [self._entries[i] for i in self._candidates(keys, forms)]
        for label, other, other_keys in candidates:
            if keys.same_person(other_keys):
                return SAME_PERSON, label, other
        for label, other, other_keys in candidates:
            kind = keys.resembles(other_keys)
            if kind:
                return kind, label, other
        return None

    def _candidates(self, keys: _Keys, forms: set[str]) -> list[int]:
        """The persons of the row's group whose last name may be within one slip of the
        row's, in the order they were added."""
        group = keys.group()
        found: set[int] = set()
        for form in forms:
            found.update(self._by_form.get((*group, form), ()))
        return sorted(found)
