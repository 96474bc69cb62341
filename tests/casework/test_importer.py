"""Importing persons from CSV and XLSX: all or nothing, problems by line, duplicates."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import openpyxl

from desktop.core.casework.importer import import_persons
from desktop.core.casework.places import import_villages
from desktop.core.keys import FAST_KDF
from desktop.core.store import Store
from desktop.core.vault import create_vault

from .conftest import new_person

ROOT = Path(__file__).resolve().parents[2]
HEADER = ("first_name,last_name,father_name,sex,birth_date,personal_id,administrative_unit,"
          "village,target_groups\n")


def write(path: Path, rows: str, header: str = HEADER) -> Path:
    path.write_text(header + rows, encoding="utf-8")
    return path


def test_bad_rows_are_reported_by_line_and_nothing_is_imported(store: Store,
                                                                tmp_path: Path) -> None:
    path = write(tmp_path / "persons.csv",
                 "Drita,Kola,Gjon,F,12.04.1990,J04512123K,Qelëz,Plan,income\n"
                 ",Kola,,F,1990-01-01,,Rrapë,,\n"
                 "Besa,Marku,,X,31.02.1990,123,Atlantis,,martians\n"
                 "Lule,Doda,,F,2099-01-01,,Rrapë,,elderly;Jetojnë vetëm\n")
    before = (store.count("person"), store.pending_count())
    report = import_persons(store, path)
    assert not report.ok and report.imported == 0
    assert [(p.line, p.reason) for p in report.errors] == [
        (3, "first_name is empty"),
        (4, "sex must be F or M, not 'X'"),
        (4, "'31.02.1990' is not a date (write 31.12.1980 or 1980-12-31)"),
        (4, "'123' is not a valid personal ID number"),
        (4, "unknown administrative unit 'Atlantis'"),
        (4, "unknown target group 'martians'"),
        (5, "the birth date 2099-01-01 is not possible"),
    ]
    assert str(report.errors[0]) == "line 3: first_name is empty"
    assert (store.count("person"), store.pending_count()) == before


def test_header_problems_are_line_one(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "p.csv", "Drita,Kola,x\n", header="first_name,surname,colour\n")
    report = import_persons(store, path)
    assert [(p.line, p.reason) for p in report.errors] == [
        (1, "missing column last_name"), (1, "missing column administrative_unit"),
        (1, "unknown column surname"), (1, "unknown column colour")]


def test_a_good_xlsx_is_imported_in_one_go(store: Store, tmp_path: Path) -> None:
    villages = tmp_path / "villages.csv"
    villages.write_text("municipality,administrative_unit,village\nPukë,Qelëz,Plan\n"
                        "Pukë,Qelëz,Vrith\n", encoding="utf-8")
    import_villages(store, villages)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["Engjëll", "Çela", "Gjon", "M", dt.datetime(1984, 5, 17), "I40517123B",
                  "Qelez", "plan", "income; Përfitues të ndihmës ekonomike (NE)"])
    sheet.append([None] * 9)  # an empty row is skipped
    sheet.append(["Drane", "Çela", "Gjon", "f", "02.02.2012", None, "Qelëz", "Vrith",
                  "child_protection;neglected"])
    sheet.append(["Prenda", "Gjoka", None, "F", "1950-07-07", None, "Pukë", None, "elderly"])
    path = tmp_path / "persons.xlsx"
    book.save(path)
    before = store.pending_count()
    report = import_persons(store, path)
    assert report.ok, report.errors
    assert (report.rows, report.imported) == (3, 3)
    persons = {p.fields["first_name"]: p.fields for p in store.query("person")}
    assert persons["Engjëll"]["village"] == "Plan"  # spelled as the village list has it
    assert persons["Engjëll"]["administrative_unit"] == "Qelëz"
    assert persons["Engjëll"]["birth_date"] == "1984-05-17"
    assert persons["Engjëll"]["target_groups"] == ["income", "economic_aid"]
    assert persons["Drane"]["sex"] == "F" and persons["Drane"]["birth_date"] == "2012-02-02"
    assert persons["Drane"]["target_groups"] == ["child_protection", "neglected"]
    assert store.pending_count() - before == 3  # one change per person
    assert store.search("cela")


def test_a_village_not_in_the_units_list_is_refused(store: Store, tmp_path: Path) -> None:
    villages = tmp_path / "villages.csv"
    villages.write_text("municipality,administrative_unit,village\nPukë,Qelëz,Plan\n",
                        encoding="utf-8")
    import_villages(store, villages)
    path = write(tmp_path / "p.csv", "Drita,Kola,,F,,,Qelëz,Paris,\n")
    report = import_persons(store, path)
    assert [(p.line, p.reason) for p in report.errors] == [
        (2, "'Paris' is not a village of Qelëz")]


def test_duplicates_in_the_file_and_in_the_vault(store: Store, tmp_path: Path) -> None:
    new_person(store)  # Engjëll Çela, I40517123B, born 1984, Plan
    path = tmp_path / "p.csv"
    path.write_text(
        "first_name;last_name;sex;birth_date;personal_id;administrative_unit;village\n"
        "Engjell;Cela;M;17.05.1984;I40517123B;Qelez;Plan\n"  # same ID as in the vault
        "Drita;Kola;F;1990-01-01;J00101555K;Rrapë;Kalivare\n"
        "drita;KOLA;F;1990-01-01;;Rrape;Kalivare\n"  # the same person as the line above
        "Drita;Kolla;F;1990-06-01;;Rrapë;Kalivare\n"  # possibly the same person
        "Mark;Çela;M;1984-01-01;;Qelëz;Plan\n",  # a different person
        encoding="utf-8")
    report = import_persons(store, path)
    assert report.ok and report.imported == 3
    assert [(p.line, p.reason) for p in report.duplicates] == [
        (2, "same personal ID number as Engjëll Çela (already registered)"),
        (4, "same name, birth date and village as line 3")]
    assert [(p.line, p.reason) for p in report.possible_duplicates] == [
        (5, "similar name, birth year and village as line 3")]
    again = import_persons(store, path)
    assert again.imported == 0 and len(again.duplicates) == 5


def test_duplicates_can_refuse_the_whole_file(store: Store, tmp_path: Path) -> None:
    new_person(store)
    path = write(tmp_path / "p.csv", "Engjell,Cela,,M,1984-05-17,I40517123B,Qelëz,Plan,\n"
                                     "Drita,Kola,,F,,,Rrapë,,\n")
    report = import_persons(store, path, duplicates="fail")
    assert [p.line for p in report.errors] == [2] and report.imported == 0
    assert store.count("person") == 1


def test_the_import_command(tmp_path: Path) -> None:
    data = tmp_path / "data"
    create_vault(data, "arta", "correct horse battery", kdf=FAST_KDF).lock()
    bad = write(tmp_path / "bad.csv", "Drita,Kola,,F,1990-01-01,,Nowhere,,\n")
    good = write(tmp_path / "good.csv", "Drita,Kola,,F,1990-01-01,,Rrapë,,income\n")

    def run(path: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "desktop.cli", "--language", "en", "import", "persons",
             "--data-dir", str(data), "--user", "arta", "--password-stdin", str(path)],
            input="correct horse battery\n", capture_output=True, text=True, cwd=ROOT,
            timeout=300)

    failed = run(bad)
    assert failed.returncode == 1
    assert "line 2: unknown administrative unit 'Nowhere'" in failed.stderr
    assert "Nothing was imported: 1 problems in the file." in failed.stderr
    done = run(good)
    assert done.returncode == 0, done.stderr
    assert "Imported 1 persons (0 already registered)." in done.stdout
