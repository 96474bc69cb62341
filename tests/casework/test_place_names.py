"""Place names in both languages: a Kosovo municipality's cases are found by the Albanian or
the Serbian name of their place, typed in Latin or Cyrillic letters."""

from __future__ import annotations

from pathlib import Path

from desktop.core.casework.cases import open_case
from desktop.core.casework.persons import register_person
from desktop.core.casework.places import find_municipality, import_villages
from desktop.core.search import fold, latin
from desktop.core.store import Store
from tests.casework.conftest import person_fields

VILLAGES = ("municipality,administrative_unit,village,area_type,village_sr\n"
            "Gjilan,Gjilan,Gjilan,urban,Gnjilane\n"
            "Gjilan,Gjilan,Bresalc,rural,Brasaljce\n"
            "Gjilan,Gjilan,Zhegër,rural,\n")


def gjilan_cases(store: Store, tmp_path: Path) -> dict[str, str]:
    """A case in each of three Gjilan villages; the case id by village."""
    (tmp_path / "villages.csv").write_text(VILLAGES, encoding="utf-8")
    import_villages(store, tmp_path / "villages.csv")
    cases = {}
    for n, village in enumerate(("Gjilan", "Bresalc", "Zhegër")):
        person = register_person(store, person_fields(
            first_name=f"Arta{'bcd'[n]}", last_name="Krasniqi", personal_id=f"12345678{n}0",
            administrative_unit="Gjilan", village=village, target_groups=["elderly"]),
            new_household={"area_type": "rural"})
        cases[village] = open_case(store, person.id, "social_care", referral_source="self",
                                   municipality="Gjilan").id
    return cases


def found(store: Store, text: str) -> set[str]:
    return {hit.case_id for hit in store.search(text) if hit.case_id}


def test_a_place_is_found_by_either_name_in_either_script(xk_store: Store, tmp_path: Path
                                                          ) -> None:
    cases = gjilan_cases(xk_store, tmp_path)
    everyone = set(cases.values())
    assert found(xk_store, "Gjilan") == everyone          # the municipality
    assert found(xk_store, "Gnjilane") == everyone
    assert found(xk_store, "Гњилане") == everyone
    assert found(xk_store, "gnjil") == everyone           # typed as it is typed
    bresalc = {cases["Bresalc"]}
    assert found(xk_store, "Bresalc") == bresalc          # a village of the catalog
    assert found(xk_store, "Brasaljce") == bresalc
    assert found(xk_store, "Брасаљце") == bresalc
    assert found(xk_store, "Arta Brasaljce") == bresalc   # with a name, both must match
    assert found(xk_store, "Artab Brasaljce") == set()  # Artab lives in Gjilan town
    assert found(xk_store, "Zhegër") == {cases["Zhegër"]}  # no Serbian name: the one name


def test_cyrillic_is_read_as_serbian_latin() -> None:
    assert latin("Гњилане, Урошевац, Ђаковица") == "Gnjilane, Uroševac, Đakovica"
    assert latin("Gjilan 12") == "Gjilan 12"
    assert fold("Урошевац") == fold("Uroševac") == "urosevac"
    assert find_municipality("XK", "Урошевац").name == "Ferizaj"
    assert find_municipality("XK", "Gnjilane").name == "Gjilan"
