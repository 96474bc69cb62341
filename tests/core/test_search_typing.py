"""A searched list typed key by key (prefixes, a letter taken back, a word added, the record
edited meanwhile) shows what a fresh search for the text typed shows: the same rows in the same
order, with Albanian ë and ç and Serbian in Cyrillic or Latin letters."""

from __future__ import annotations

from typing import Any

import pytest

from desktop.core.vault import OpenVault
from desktop.core.views.lists import ListQuery, case_query, person_query
from tests.core.list_people import register_people

NAMES = (("Gjon", "Gjoka"), ("Gjergj", "Kaçaj"), ("Gjonë", "Ndoja"), ("Gjin", "Gjini"),
         ("Çlirim", "Kçira"), ("Ëngjëll", "Qelëzi"), ("Đorđe", "Jovanović"),
         ("Đurđa", "Živković"), ("Ćamil", "Čolić"), ("Šefket", "Đokić"), ("Gjon", "Marku"),
         ("Gjonë", "Gjoka"))
VILLAGES = ("Qelëz", "Kçirë", "Gnjilane")
# What a person types, key by key: prefixes, a letter taken back, a second word, Cyrillic.
TYPING = (
    ("G", "Gj", "Gjo", "Gjon", "Gjo", "Gjon", "Gjonë", "Gjon", "Gjon ", "Gjon G", "Gjon Gjo",
     "Gjon Gj", "Gjon Qelë", "gjon qelez"),
    ("K", "Kç", "Kçi", "Kçir", "Kçirë", "Kçir", "kc", "kci", "KÇIRA"),
    ("Ë", "Ën", "Ëng", "eng", "engj", "Ëngjëll Q", "Ëngjëll Qel"),
    ("Ђ", "Ђо", "Ђор", "Đor", "Đorđe", "Ђорђе Ј", "Đorđe Jov", "Ђорђе Јовановић"),
    ("Ж", "Жи", "Živ", "Ћа", "Ćam", "Čo", "Чол", "Шеф", "Šef"),
)
# Texts that fold to the same search: the same rows in the same order.
SAME = (("Kçirë", "kcire", "KÇIRË"), ("Qelëz", "qelez"), ("Ëngjëll", "engjell"),
        ("Ђорђе", "Đorđe"), ("Јовановић", "Jovanović"), ("Живковић", "Živković"),
        ("Ћамил Чолић", "Ćamil Čolić"))


@pytest.fixture
def register(vault: OpenVault) -> tuple[OpenVault, list[str], list[str]]:
    """Persons whose names share prefixes, most with a case, some with two."""
    return register_people(vault, [NAMES[n % len(NAMES)] for n in range(48)], VILLAGES)


def shown(store: Any, query: ListQuery) -> tuple[Any, ...]:
    """What the list shows of ``query``, resolved: its hits, their rows, count and rows."""
    count = query.count(store)
    return query.hits, query.hit_rows, count, query.page(store, 0, 500, count)


def fresh(store: Any, make: Any, text: str) -> tuple[Any, ...]:
    return shown(store, make(text).resolve(store))


MAKERS = {
    "cases": lambda text: case_query(text=text, sort_key="", descending=False),
    "open cases": lambda text: case_query(text=text, sort_key="", descending=False,
                                          status="open"),
    "persons": lambda text: person_query(text=text),
}


@pytest.mark.parametrize("kind", list(MAKERS))
def test_each_key_shows_what_a_fresh_search_shows(
        register: tuple[OpenVault, list[str], list[str]], kind: str) -> None:
    vault, persons, cases = register
    store, make = vault.store, MAKERS[kind]
    found = 0
    for keys in TYPING:
        query = make("").resolve(store)
        for text in keys:
            query = query.with_(text=text).resolve(store)
            assert shown(store, query) == fresh(store, make, text), text
            found += len(query.hit_rows or ())
    assert found > 100
    # an edit between two keys: the next key shows the records as they are now
    query = make("Gjo").resolve(store)
    store.update(persons[1], {"first_name": "Gjonë"})
    store.delete(cases[0])
    for text in ("Gjon", "Gjonë", "Gjo"):
        query = query.with_(text=text).resolve(store)
        assert shown(store, query) == fresh(store, make, text), text


@pytest.mark.parametrize("texts", SAME)
def test_letters_folded_alike_show_the_same_list(
        register: tuple[OpenVault, list[str], list[str]], texts: tuple[str, ...]) -> None:
    vault, _, _ = register
    for make in MAKERS.values():
        lists = [fresh(vault.store, make, text) for text in texts]
        assert lists[0][2] > 0 or make is MAKERS["open cases"]
        assert all(shown_ == lists[0] for shown_ in lists[1:]), texts
