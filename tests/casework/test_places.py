"""Villages imported from the municipality's CSV, with line-numbered problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.casework.places import (
    VillageFileError,
    demo_villages,
    import_villages,
    known_villages,
    read_villages_csv,
)
from desktop.core.store import Store


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_villages_are_read_with_official_spelling(tmp_path: Path) -> None:
    csv = write(tmp_path / "v.csv", "municipality,administrative_unit,village,area_type\n"
                                   "Puke,Qelez,Vrith,rural\nPukë,Rrapë,Kalivare,\n")
    villages = read_villages_csv(csv, country="AL")
    assert [(v.municipality, v.administrative_unit, v.name, v.line) for v in villages] == [
        ("Pukë", "Qelëz", "Vrith", 2), ("Pukë", "Rrapë", "Kalivare", 3)]


def test_every_bad_line_is_reported(tmp_path: Path) -> None:
    csv = write(tmp_path / "v.csv", "municipality;administrative_unit;village;area_type\n"
                                   "Pukë;Qelëz;Vrith;rural\n"
                                   "Atlantis;Qelëz;Vrith;rural\n"
                                   "Pukë;Qendër;Vrith;rural\n"
                                   "Pukë;Qelëz;;rural\n"
                                   "Pukë;Qelez;vrith;rural\n"
                                   "Pukë;Qelëz;Plan;mountain\n")
    with pytest.raises(VillageFileError) as caught:
        read_villages_csv(csv, country="AL")
    lines = [line for line, _ in caught.value.problems]
    assert lines == [3, 4, 5, 6, 7]
    reasons = dict(caught.value.problems)
    assert "Atlantis" in reasons[3]
    assert "not an administrative unit of Pukë" in reasons[4]
    assert "already on line 2" in reasons[6]
    assert str(caught.value).startswith("v.csv:3:")


def test_missing_column_is_line_one(tmp_path: Path) -> None:
    csv = write(tmp_path / "v.csv", "municipality,village\nPukë,Vrith\n")
    with pytest.raises(VillageFileError) as caught:
        read_villages_csv(csv)
    assert caught.value.line == 1


def test_import_adds_and_corrects_catalog_records(store: Store, tmp_path: Path) -> None:
    first = write(tmp_path / "a.csv", "municipality,administrative_unit,village,area_type\n"
                                     "Pukë,Qelëz,Vrith,rural\nPukë,Qelëz,Plan,rural\n")
    result = import_villages(store, first)
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    again = write(tmp_path / "b.csv", "municipality,administrative_unit,village,area_type\n"
                                     "Puke,Qelez,Vrith,urban\nPukë,Qelëz,Plan,rural\n"
                                     "Pukë,Rrapë,Kalivare,rural\n")
    result = import_villages(store, again)
    assert (result.created, result.updated, result.unchanged) == (1, 1, 1)
    assert [v.fields["name"] for v in known_villages(store, "qelez")] == ["Plan", "Vrith"]
    assert store.count("village") == 3


def test_demo_village_lists_load_for_both_countries() -> None:
    assert {v.municipality for v in demo_villages("AL")} == {"Pukë", "Kuçovë", "Himarë",
                                                              "Tiranë"}
    gjilan = demo_villages("XK")
    assert {v.municipality for v in gjilan} == {"Gjilan"}
    assert all(v.name_sr for v in gjilan)
