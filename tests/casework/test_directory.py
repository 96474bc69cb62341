"""The service directory: search and filters over the providers in the vault (offline)."""

from __future__ import annotations

from desktop.core.casework.referrals import add_provider
from desktop.core.store import Store
from desktop.core.views.directory import (
    DirectoryFilter,
    case_choices,
    chosen_case,
    directory_units,
    search_directory,
)

from .conftest import new_case


def fill(store: Store) -> dict[str, str]:
    made = {
        "day": add_provider(store, "Qendra Ditore Qerret", services=["day_centre", "home_care"],
                            target_groups=["elderly"], administrative_unit="Qerret",
                            level="local", capacity=25, phone="068 000 0001",
                            address="Rruga e Shkollës 4", contact_person="Mira Leka"),
        "ngo": add_provider(store, "Shoqata Zemër e Mirë", services=["counselling",
                                                                    "food_package"],
                            target_groups=[], administrative_unit="Fushë-Arrëz",
                            level="local", email="info@zemer.example"),
        "region": add_provider(store, "Qendra Rajonale e Këshillimit", services=["counselling"],
                               target_groups=["domestic_violence", "child_protection"],
                               level="regional", capacity=12),
        "shelter": add_provider(store, "Strehëza Kombëtare", services=["protected_housing"],
                                target_groups=["domestic_violence"], level="national"),
    }
    return {key: record.id for key, record in made.items()}


def names(store: Store, **filters: str) -> list[str]:
    return [p.name for p in search_directory(store, DirectoryFilter(**filters))]


def test_every_filter_narrows_the_directory(store: Store) -> None:
    fill(store)
    assert len(names(store)) == 4
    assert names(store, level="regional") == ["Qendra Rajonale e Këshillimit"]
    assert names(store, service="counselling") == ["Qendra Rajonale e Këshillimit",
                                                   "Shoqata Zemër e Mirë"]
    # no target groups: serves everyone; listed groups must include the one asked for
    assert names(store, target_group="elderly") == ["Qendra Ditore Qerret",
                                                    "Shoqata Zemër e Mirë"]
    # a unit keeps that unit's providers and those without one (regional, national)
    assert names(store, unit="Qerret") == ["Qendra Ditore Qerret",
                                           "Qendra Rajonale e Këshillimit",
                                           "Strehëza Kombëtare"]
    assert names(store, unit="Qerret", level="local") == ["Qendra Ditore Qerret"]
    assert names(store, service="counselling", target_group="domestic_violence",
                 level="national") == []


def test_text_search_without_diacritics_over_name_address_and_contacts(store: Store) -> None:
    ids = fill(store)
    assert names(store, text="zemer") == ["Shoqata Zemër e Mirë"]
    assert names(store, text="shkolles") == ["Qendra Ditore Qerret"]
    assert names(store, text="mira 068") == ["Qendra Ditore Qerret"]
    assert names(store, text="fushe arrez") == ["Shoqata Zemër e Mirë"]
    assert names(store, text="zemer tirane") == []        # every word must be found
    found = search_directory(store, DirectoryFilter(text="ditore"))[0]
    assert found.id == ids["day"] and found.capacity == 25
    assert found.contacts() == "Mira Leka · 068 000 0001"
    assert found.place() == "Rruga e Shkollës 4, Qerret"


def test_units_offered_come_from_the_catalog_and_the_providers(store: Store) -> None:
    fill(store)
    store.create("village", {"name": "Plan", "administrative_unit": "Qelëz",
                             "municipality": "Pukë"})
    assert directory_units(store) == ["Fushë-Arrëz", "Qelëz", "Qerret"]


def test_a_case_is_chosen_by_its_person_or_number(store: Store) -> None:
    case = new_case(store)
    number = case.fields["case_number"]
    found = case_choices(store, "Engjëll")
    assert [c.case_id for c in found] == [case.id]
    assert found[0].number == number and found[0].name == "Engjëll Çela"
    assert [c.case_id for c in case_choices(store, number)] == [case.id]
    assert case_choices(store, "Zzyzx") == [] and case_choices(store, "  ") == []
    chosen = chosen_case(store, case.id)
    assert chosen is not None and (chosen.number, chosen.name) == (number, "Engjëll Çela")
    assert chosen_case(store, "no-such-case") is None
