"""Registering persons and households; duplicates shown before saving."""

from __future__ import annotations

import pytest

from desktop.core.casework.errors import DuplicatePerson
from desktop.core.casework.persons import (
    SAME_ID,
    SIMILAR,
    create_household,
    find_duplicates,
    household_members,
    register_person,
)
from desktop.core.store import Store

from .conftest import new_person, outbox_count, person_fields


def test_a_person_in_a_new_household_is_its_head(store: Store) -> None:
    before = outbox_count(store)
    person = new_person(store)
    household = store.require(person.fields["household_id"])
    assert household.fields["head_person_id"] == person.id
    assert household.fields["size"] == 1
    assert household.fields["village"] == "Plan"
    # household created, person created, household updated: three writes, three changes
    assert outbox_count(store) - before == 3


def test_members_join_an_existing_household(store: Store) -> None:
    head = new_person(store)
    household_id = head.fields["household_id"]
    child = register_person(store, person_fields(first_name="Drane", sex="F",
                                                 birth_date="2012-02-02", personal_id=None),
                            household_id=household_id)
    assert [m.id for m in household_members(store, household_id)] == [head.id, child.id]
    household = store.require(household_id)
    assert household.fields["size"] == 2 and household.fields["head_person_id"] == head.id


def test_a_household_on_its_own(store: Store) -> None:
    household = create_household(store, {"administrative_unit": "Rrapë", "village": "Mëgullë"})
    assert household.type == "household" and household_members(store, household.id) == []


@pytest.mark.parametrize("typed", [
    {"first_name": "Engjell", "last_name": "Cela"},
    {"first_name": "ENGJËLL", "last_name": "ÇELA"},
    {"first_name": "Engjel", "last_name": "Çela"},  # one letter missing
    {"first_name": "Engjëll", "last_name": "Qela"},  # one slip in the surname
])
def test_diacritic_and_typing_variants_are_found(store: Store, typed: dict) -> None:
    existing = new_person(store)
    found = find_duplicates(store, person_fields(personal_id=None, birth_date="1984-11-30",
                                                 village="plan", **typed))
    assert [(c.person.id, c.kind) for c in found] == [(existing.id, SIMILAR)]
    assert found[0].reason == "Similar name, same birth year and village."


def test_other_people_are_not_duplicates(store: Store) -> None:
    new_person(store)
    assert find_duplicates(store, person_fields(personal_id=None, birth_date="1985-05-17")) == []
    assert find_duplicates(store, person_fields(personal_id=None, village="Vrith")) == []
    assert find_duplicates(store, person_fields(personal_id=None, first_name="Gjergj")) == []


def test_the_same_personal_id_is_found_whatever_the_name(store: Store) -> None:
    existing = new_person(store)
    found = find_duplicates(store, {"first_name": "Pjetër", "last_name": "Marku",
                                    "personal_id": " i40517123b "})
    assert [(c.person.id, c.kind) for c in found] == [(existing.id, SAME_ID)]
    assert find_duplicates(store, {"personal_id": "I40517123B"}, exclude_id=existing.id) == []


def test_without_a_birth_date_the_name_and_village_decide(store: Store) -> None:
    existing = new_person(store)
    found = find_duplicates(store, {"first_name": "Engjell", "last_name": "Cela",
                                    "village": "Plan"})
    assert [c.person.id for c in found] == [existing.id]


def test_registering_the_same_personal_id_twice_is_refused(store: Store) -> None:
    new_person(store)
    before = store.count("person")
    with pytest.raises(DuplicatePerson, match="I40517123B"):
        new_person(store, first_name="Other")
    assert store.count("person") == before  # and no household was left behind
    assert store.count("household") == 1
    register_person(store, person_fields(first_name="Other"), allow_same_personal_id=True)
    assert store.count("person") == before + 1
