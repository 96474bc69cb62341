"""What the People screen shows of one person: the household and every member's cases."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.core.store import Store
from sync.records import Record


@dataclass
class PersonDetail:
    person: Record
    household: Record | None
    members: list[Record] = field(default_factory=list)
    cases: list[Record] = field(default_factory=list)   # of every member


def load_person(store: Store, person_id: str) -> PersonDetail:
    person = store.require(person_id)
    household_id = person.fields.get("household_id")
    household = store.get(household_id) if household_id else None
    members = store.query("person", order_by="main_date", household_id=household_id) \
        if household_id else [person]
    cases = [c for m in members for c in store.query("case", person_id=m.id)]
    return PersonDetail(person, household, members, cases)
