"""Search as the user types: prefixes, case and Albanian diacritics folded both ways."""

from __future__ import annotations

import pytest

# (what is stored, what a user types): real places and names, both directions.
PAIRS = [
    ("Kuçovë", "kucove"), ("Qelëz", "Qelez"), ("Engjell", "ëngjëll"), ("Pukë", "puke"),
    ("Himarë", "himare"), ("Tiranë", "TIRANE"), ("Kçirë", "kcire"), ("Mëgullë", "megulle"),
    ("Çorraj", "corraj"), ("Bolenë", "bolene"), ("Mërtur", "mertur"), ("Dushnezë", "dushneze"),
    ("Çeruje", "ceruje"), ("Shëngjin", "shengjin"), ("Lekë", "leke"), ("Nikollë", "nikolle"),
    ("Përparim", "perparim"), ("Gëzim", "gezim"), ("Mëhilli", "mehilli"), ("Kaçaj", "kacaj"),
    ("Muça", "muca"), ("Koçi", "koci"), ("Shkëlqim", "shkelqim"), ("Çlirim", "çlirim"),
    ("Hëna", "HENA"), ("Vlore", "vlorë"), ("Gjegjan", "gjëgjan"), ("Perlala", "Përlala"),
    ("Kuçovë", "ku"), ("Qerret", "qer"),
]


@pytest.fixture
def people(vault):
    store = vault.store
    made = {}
    for stored, _ in PAIRS:
        if stored in made:
            continue
        person = store.create("person", {"first_name": stored, "last_name": "Testi",
                                         "village": "Fshat", "administrative_unit": "Njësi"})
        made[stored] = person.id
    return made


@pytest.mark.parametrize(("stored", "typed"), PAIRS)
def test_diacritic_and_case_insensitive_prefix_search(vault, people, stored, typed):
    hits = vault.store.search(typed)
    assert people[stored] in {h.person_id for h in hits}, f"{typed!r} should find {stored!r}"


def test_every_word_must_match(vault):
    store = vault.store
    store.create("person", {"first_name": "Arben", "last_name": "Hoxha", "village": "Qelëz"})
    store.create("person", {"first_name": "Arben", "last_name": "Leka", "village": "Plan"})
    assert [h.full_name for h in store.search("arb hox")] == ["Arben Hoxha"]
    assert [h.full_name for h in store.search("arben qelez")] == ["Arben Hoxha"]
    assert store.search("arben zzz") == []
    assert store.search("   ") == []


def test_father_name_id_and_case_number_are_searched(vault):
    store = vault.store
    person = store.create("person", {"first_name": "Teuta", "last_name": "Doda",
                                     "father_name": "Prend", "personal_id": "M05215123B"})
    store.create("case", {"case_number": "PUK-2026-7F3A-00012", "person_id": person.id,
                          "case_type": "social_care", "status": "open",
                          "opened_on": "2026-01-10"})
    assert store.search("prend")[0].person_id == person.id
    assert store.search("m0521")[0].person_id == person.id
    hit = store.search("PUK-2026-7F3A-00012")[0]
    assert hit.case_number == "PUK-2026-7F3A-00012" and hit.full_name == "Teuta Doda"


def test_exact_personal_id_ranks_first(vault):
    store = vault.store
    for n in range(5):
        store.create("person", {"first_name": "J45123456A", "last_name": f"Emër{n}"})
    target = store.create("person", {"first_name": "Blerta", "last_name": "Gjoka",
                                     "personal_id": "J45123456A"})
    assert store.search("j45123456a")[0].person_id == target.id


def test_a_person_with_two_cases_is_found_once_per_case_and_follows_edits(vault):
    store = vault.store
    person = store.create("person", {"first_name": "Valbona", "last_name": "Ndoja"})
    assert [h.case_number for h in store.search("valbona")] == [None]
    for n in (1, 2):
        store.create("case", {"case_number": f"KUC-2026-0000-0000{n}", "person_id": person.id,
                              "case_type": "social_care", "status": "open",
                              "opened_on": "2026-01-10"})
    assert sorted(h.case_number for h in store.search("valbona")) == [
        "KUC-2026-0000-00001", "KUC-2026-0000-00002"]
    store.update(person.id, {"last_name": "Shkurti"})
    assert store.search("ndoja") == []
    assert len(store.search("valbona shkurti")) == 2
    store.delete(person.id)
    assert store.search("valbona") == []


@pytest.mark.parametrize("column", ["case_id", "person_id"])
def test_a_list_finds_the_ids_of_the_hits_in_their_order(vault, column):
    """What a list reads of a search (the ids alone) is what the hits say, best first."""
    from desktop.core.demo import add_demo_data

    store = vault.store
    add_demo_data(store, 300, seed=5)
    for text in ("a", "gj", "Ndoja", "kuç", "Blerta Gj"):
        hits = store.search(text, limit=100_000)
        expected = list(dict.fromkeys(getattr(h, column) for h in hits if getattr(h, column)))
        assert store.search_ids(text, column, 40) == expected[:40], text
    number = store.query("case", limit=1)[0].fields["case_number"]
    assert store.search_ids(number, column, 5)[:1] == [
        getattr(store.search(number)[0], column)]
