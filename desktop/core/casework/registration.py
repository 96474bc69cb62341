"""Registering a person with the duplicate check inside the save: someone new and similar
who turned up since the worker last looked stops the registration. Qt-free."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from desktop.core.casework.persons import DuplicateCandidate, find_duplicates, register_person
from desktop.core.store import Store


@dataclass(frozen=True)
class Registration:
    """Either the new person's id, or the similar people to check first."""

    person_id: str | None = None
    similar: list[DuplicateCandidate] = field(default_factory=list)


def register_unless_similar(store: Store, fields: dict[str, Any],
                            household: dict[str, Any] | None, set_aside: Collection[str],
                            *, also: Callable[[Store], None] | None = None) -> Registration:
    """Register the person (with a new ``household``, if given) unless someone similar, other
    than those the worker ``set_aside``, is registered; ``also`` runs in the same transaction
    (deleting the draft)."""
    with store.transaction():
        similar = [c for c in find_duplicates(store, fields) if c.person.id not in set_aside]
        if similar:
            return Registration(similar=similar)
        person = register_person(store, fields, new_household=household)
        if also is not None:
            also(store)
    return Registration(person_id=person.id)
