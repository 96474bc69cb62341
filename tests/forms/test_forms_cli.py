"""The forms command lines as an administrator runs them: ``kujdes forms check | export`` on a
laptop, ``kujdes-server forms import | list | retire`` on the municipal server."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.core.forms import FormDefinition, load_form
from desktop.core.forms.xlsform import read_xlsform, write_xlsform
from desktop.core.keys import FAST_KDF
from desktop.core.vault import create_vault
from sync.server.cli import main as server_main
from sync.server.db import key_file
from tests.forms.books import FORM_ID, form_book, kujdes, kujdes_server, receive_form


def test_check_prints_ok_with_the_field_count(tmp_path: Path) -> None:
    done = kujdes("forms", "check", str(form_book(tmp_path / "v1.xlsx", 1)))
    assert (done.returncode, done.stdout) == (0, "ok (4 fields)\n"), done.stderr


def test_check_prints_each_problem_as_sheet_row_message(tmp_path: Path) -> None:
    book = form_book(tmp_path / "bad.xlsx", 1, broken=True)
    sheet = load_workbook(book)
    sheet["settings"]["B2"] = "first"  # the version
    sheet.save(book)
    done = kujdes("forms", "check", str(book))
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "settings:2: column version: 'first' is not a whole number of 1 or more",
        "survey:6: column type: geopoint (a geographic point) is not supported"]


def test_check_of_a_file_that_is_not_a_spreadsheet(tmp_path: Path) -> None:
    text = tmp_path / "notes.xlsx"
    text.write_text("not a workbook", encoding="utf-8")
    done = kujdes("forms", "check", str(text))
    assert done.returncode == 1 and done.stdout.startswith("notes.xlsx: not a readable XLSForm")
    assert "Traceback" not in done.stderr


def test_export_writes_a_built_in_form_that_checks_and_reads_back(tmp_path: Path) -> None:
    out = tmp_path / "home_visit.xlsx"
    done = kujdes("forms", "export", "home_visit", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "home_visit version 1" in done.stdout
    def questions(form: FormDefinition) -> list[tuple[str, str, dict[str, str], str | None]]:
        return [(f.name, f.type, f.label, f.choices) for f in form.all_fields()]

    back, ours = read_xlsform(out).form, load_form("home_visit")
    assert questions(back) == questions(ours) and back.choices == ours.choices
    missing = kujdes("forms", "export", "no_such_form", "--out", str(tmp_path / "x.xlsx"))
    assert missing.returncode == 1 and "No form no_such_form" in missing.stderr
    assert not (tmp_path / "x.xlsx").exists()


@pytest.fixture
def server_db(sqlite_template: Path, tmp_path: Path) -> str:
    path = tmp_path / "server.db"
    shutil.copyfile(sqlite_template, path)
    shutil.copyfile(key_file(sqlite_template), key_file(path))
    return f"sqlite:///{path}"


class Server:
    """``kujdes-server forms ...`` on one database, in this process (the spreadsheet check it
    runs is still the laptop program in a process of its own)."""

    def __init__(self, db: str, capsys: pytest.CaptureFixture[str]) -> None:
        self.db = db
        self.capsys = capsys

    def forms(self, command: str, *args: str | Path) -> tuple[int, str, str]:
        code = server_main(["forms", command, "--db", self.db, *map(str, args)])
        out, err = self.capsys.readouterr()
        return code, out, err


def test_server_imports_lists_and_retires_form_versions(server_db: str, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    server = Server(server_db, capsys)
    v1 = form_book(tmp_path / "v1.xlsx", 1, case_types="social_care")
    assert server.forms("import", v1) == (0, f"Form {FORM_ID} version 1 published.\n", "")
    code, out, _ = server.forms("import", v1)
    assert code == 0 and "nothing changed" in out

    code, _, err = server.forms("import", form_book(tmp_path / "v1b.xlsx", 1,
                                                    extra_question=True))
    assert code == 2 and "already has a version 1 with other content" in err
    code, _, err = server.forms("import", form_book(tmp_path / "bad.xlsx", 3, broken=True))
    assert code == 2
    assert "survey:6: column type: geopoint (a geographic point) is not supported" in err
    assert server.forms("import", form_book(tmp_path / "v2.xlsx", 2,
                                            extra_question=True))[0] == 0

    lines = server.forms("list")[1].splitlines()
    assert len(lines) == 2 and all(line.split()[2] == "active" for line in lines)
    assert lines[0].split()[:2] == [FORM_ID, "v1"] and "[social_care]" in lines[0]
    assert lines[1].split()[:2] == [FORM_ID, "v2"] and "5 fields" in lines[1]

    assert server.forms("retire", FORM_ID) == (0, f"Form {FORM_ID}: 2 version(s) retired.\n",
                                               "")
    assert all(line.split()[2] == "retired" for line in server.forms("list")[1].splitlines())
    code, _, err = server.forms("retire", "no_such_form")
    assert code == 2 and "no form 'no_such_form'" in err


def test_the_server_command_line_runs_on_its_own(server_db: str, tmp_path: Path) -> None:
    done = kujdes_server("forms", "import", "--db", server_db,
                         str(form_book(tmp_path / "v1.xlsx", 1)))
    assert (done.returncode, done.stdout) == (0, f"Form {FORM_ID} version 1 published.\n"), \
        done.stderr
    listed = kujdes_server("forms", "list", "--db", server_db)
    assert listed.stdout.split()[:3] == [FORM_ID, "v1", "active"]


def test_server_refuses_unknown_case_types_and_built_in_versions(
        server_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    server = Server(server_db, capsys)
    code, _, err = server.forms("import", form_book(tmp_path / "x.xlsx", 1,
                                                    case_types="space_travel"))
    assert code == 2 and "unknown case type space_travel" in err
    ours = tmp_path / "intake.xlsx"
    write_xlsform(load_form("intake"), ours)
    code, _, err = server.forms("import", ours)
    assert code == 2 and "is built into the application" in err
    assert server.forms("list")[1] == "No forms published yet.\n"


def test_export_of_a_form_received_from_the_server_reads_the_vault(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    vault = create_vault(data_dir, "arta", "field laptop 2026", kdf=FAST_KDF)
    receive_form(vault.store, form_book(tmp_path / "v1.xlsx", 1))
    receive_form(vault.store, form_book(tmp_path / "v2.xlsx", 2, extra_question=True))
    vault.lock()
    out = tmp_path / "exported.xlsx"
    done = kujdes("forms", "export", FORM_ID, "--version", "1", "--out", str(out),
                  "--data-dir", str(data_dir), "--user", "arta", "--password-stdin",
                  stdin="field laptop 2026\n")
    assert done.returncode == 0, done.stderr
    back = read_xlsform(out).form
    assert (back.id, back.version, back.has_field("rooms")) == (FORM_ID, 1, False)
    without_vault = kujdes("forms", "export", FORM_ID, "--out", str(tmp_path / "x.xlsx"))
    assert without_vault.returncode == 1 and f"No form {FORM_ID}" in without_vault.stderr
