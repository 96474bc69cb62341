"""Importing an existing caseload: Albanian headers, Excel's encodings, all or nothing,
persons recognised against the vault, the mapping file kept for the next time."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl

from desktop.core.casework.case_importer import import_cases, read_cases_file
from desktop.core.casework.columns import load_mapping, save_mapping
from desktop.core.casework.tables import read_table
from desktop.core.store import Store
from desktop.core.sync_local import META_USER

from .conftest import new_case, new_person

HEADER = ("Emri;Mbiemri;Atësia;Gjinia;Datëlindja;Numri personal;Njësia administrative;"
          "Fshati;Lloji i rastit;Burimi i referimit;Hapur më;Mbyllur më;Arsyeja e mbylljes\n")
ROWS = ("Drita;Kola;Gjon;F;12.04.1990;J04512123K;Qelëz;Plan;Kujdes dhe mbështetje sociale;"
        "village_head;03.02.2025;;\n"
        "Lulzim;Çela;;M;01.01.1950;;Qelëz;Plan;Kujdes për të moshuarin;Kryetari i fshatit;"
        "2024-11-05;2025-06-30;goals_reached\n"
        "Drita;Kola;Gjon;F;12.04.1990;J04512123K;Qelëz;Plan;Aftësi e kufizuar;"
        "village_head;10.03.2025;;\n")


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_albanian_headers_in_windows_1250_import_cases_with_their_persons(
        store: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "regjistri.csv", HEADER + ROWS, "cp1250")
    table = read_table(path)
    assert table.encoding == "Windows-1250"
    report = import_cases(store, path)
    assert report.ok, [str(p) for p in report.errors]
    assert (report.imported, report.persons_new) == (3, 2)
    drita = [p for p in store.query("person") if p.fields["first_name"] == "Drita"]
    assert len(drita) == 1, "two lines of the same person make one person with two cases"
    cases = store.query("case", person_id=drita[0].id)
    assert sorted(c.fields["case_type"] for c in cases) == ["disability", "social_care"]
    lulzim = [p for p in store.query("person") if p.fields["last_name"] == "Çela"][0]
    closed = store.query("case", person_id=lulzim.id)[0]
    assert (closed.fields["status"], closed.fields["closure_reason"],
            closed.fields["municipality"]) == ("closed", "goals_reached", "Pukë")


def test_the_same_file_twice_adds_nothing_and_says_so(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "regjistri.csv", HEADER + ROWS, "utf-8-sig")
    assert import_cases(store, path).imported == 3
    counts = (store.count("person"), store.count("case"))
    again = import_cases(store, path)
    assert again.ok and again.imported == 0 and len(again.duplicates) == 3
    assert [p.line for p in again.persons_found] == [2, 3, 4]
    assert (store.count("person"), store.count("case")) == counts


def test_a_person_already_registered_gets_the_case(store: Store, tmp_path: Path) -> None:
    person = new_person(store, personal_id="J04512123K", first_name="Drita",
                        last_name="Kola")
    path = write(tmp_path / "r.csv", HEADER + ROWS.splitlines(keepends=True)[0], "utf-16")
    report = import_cases(store, path)
    assert report.ok and report.persons_new == 0 and report.imported == 1
    assert "Drita Kola (already registered)" in str(report.persons_found[0])
    assert store.count("case", person_id=person.id) == 1


def test_any_bad_line_imports_nothing_and_every_problem_has_its_line(
        store: Store, tmp_path: Path) -> None:
    bad = ("Besa;Marku;;F;1990-01-01;;Qelëz;;Marsianë;village_head;2025-01-01;;\n"
           "Arben;Doda;;M;1980-01-01;;Qelëz;;social_care;;2025-01-01;;\n"
           "Arta;Doda;;F;1980-01-01;;Qelëz;;social_care;police;2025-05-01;2025-04-01;"
           "goals_reached\n")
    path = write(tmp_path / "r.csv", HEADER + ROWS + bad)
    before = (store.count("person"), store.count("case"), store.pending_count())
    report = import_cases(store, path)
    assert not report.ok
    assert [(p.line, p.reason) for p in report.errors] == [
        (5, "Lloji i rastit: unknown value 'Marsianë'"),
        (6, "Burimi i referimit is empty"),
        (7, "The date 2025-04-01 cannot be before 2025-05-01."),
    ]
    assert (store.count("person"), store.count("case"), store.pending_count()) == before


def test_a_case_the_user_may_not_hold_is_refused_by_line(store: Store,
                                                        tmp_path: Path) -> None:
    store.meta_set(META_USER, json.dumps({"role": "mobile_unit", "units": [],
                                          "municipality": "Pukë"}))
    rows = ROWS + ("Mira;Lika;;F;1985-01-01;;Qelëz;;Dhunë në familje;police;"
                   "2025-01-01;;\n")
    path = write(tmp_path / "r.csv", HEADER + rows)
    report = import_cases(store, path)
    assert [p.line for p in report.errors] == [5]
    assert "would refuse" in report.errors[0].reason
    assert store.count("case") == 0 and store.count("person") == 0


def test_unknown_headers_are_mapped_and_the_mapping_kept(store: Store, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Emri", "Mbiemri", "Komuna/NJA", "Kategoria", "Burimi", "Data e hapjes",
                  "Shënim"])
    sheet.append(["Drita", "Kola", "Qelëz", "social_care", "police", "2025-01-02", "x"])
    path = tmp_path / "r.xlsx"
    book.save(path)
    _, columns, report = read_cases_file(store, path)
    assert {str(p.reason) for p in report.errors} >= {"unknown column Kategoria",
                                                      "missing column Case type (case.case_type)"}
    assert columns is not None
    mapping_file = tmp_path / "mapping.yaml"
    mapping = {"Komuna/NJA": "administrative_unit", "Kategoria": "case.case_type",
               "Burimi": "case.referral_source", "Data e hapjes": "case.opened_on",
               "Shënim": "-"}
    _, columns, report = read_cases_file(store, path, mapping)
    assert report.ok
    save_mapping(mapping_file, columns)
    again = load_mapping(mapping_file, store.profile, ("person", "case"))
    assert import_cases(store, path, mapping=again).imported == 1


def test_case_numbers_go_on_from_those_already_taken(store: Store, tmp_path: Path) -> None:
    before = new_case(store, opened_on="2025-01-15")
    path = write(tmp_path / "r.csv", HEADER + ROWS)
    assert import_cases(store, path).imported == 3
    after = new_case(store, opened_on="2025-12-01")
    numbers = sorted(c.fields["case_number"] for c in store.query("case")
                     if c.fields["opened_on"].startswith("2025"))
    assert len(set(numbers)) == 4 and before.fields["case_number"].endswith("-00001")
    assert [n[-5:] for n in numbers] == ["00001", "00002", "00003", "00004"]
    assert after.fields["case_number"] == numbers[-1]


def test_an_open_case_of_the_type_is_refused_by_line_for_a_registered_person(
        store: Store, tmp_path: Path) -> None:
    drita = new_person(store, personal_id="J04512123K", first_name="Drita",
                       last_name="Kola")
    held = new_case(store, "social_care", person=drita, opened_on="2024-06-01")
    two_more = ("Drita;Kola;Gjon;F;12.04.1990;J04512123K;Qelëz;Plan;Aftësi e kufizuar;"
                "police;01.04.2025;;\n"
                "Drita;Kola;Gjon;F;12.04.1990;J04512123K;Qelëz;Plan;Aftësi e kufizuar;"
                "police;01.05.2025;;\n")
    path = write(tmp_path / "r.csv", HEADER + ROWS + two_more)
    report = import_cases(store, path)
    assert [p.line for p in report.errors] == [2, 5, 6]  # line 4 opens her disability case
    assert held.fields["case_number"] in report.errors[0].reason
    assert all("already has an open case" in p.reason for p in report.errors)
    assert store.count("case") == 1 and store.count("person") == 1
