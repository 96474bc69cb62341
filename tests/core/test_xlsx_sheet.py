"""The one-sheet XLSX writer of exports: what a spreadsheet program reads back."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from pathlib import Path

import openpyxl
import pytest

from desktop.core.xlsx_sheet import MAX_TEXT, column_letters, xlsx_sheet


def _book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_values_come_back_as_written_dates_as_dates_and_the_header_stays() -> None:
    header = ["Emri", "Datëlindja", "Numri", "Shënim"]
    lines = [["Drita & <Kola>", dt.date(1980, 12, 31), 7, None],
             ["  Ëngjëll Çela ", dt.date(2024, 2, 29), 2.5, "rreshti\ndytë"],
             ["Drita & <Kola>", dt.date(1980, 12, 31), None, "zile\x07"]]
    sheet = _book(xlsx_sheet(header, lines, "Rastet: 2024/1", "Eksporti")).active
    assert sheet.title == "Rastet  2024 1"
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(header)
    assert rows[1] == ("Drita & <Kola>", dt.datetime(1980, 12, 31), 7, None)
    assert rows[2] == ("  Ëngjëll Çela ", dt.datetime(2024, 2, 29), 2.5, "rreshti\ndytë")
    assert rows[3][3] == "zile_x0007_"  # a control character, as Excel writes it
    assert sheet["B2"].number_format == "dd.mm.yyyy"
    assert sheet["A1"].font.b and not sheet["A2"].font.b
    assert sheet.freeze_panes == "A2"


def test_an_empty_export_has_its_header_and_a_long_text_is_cut_at_excels_limit() -> None:
    assert list(_book(xlsx_sheet(["A", "B"], [], "x")).active.values) == [("A", "B")]
    long = _book(xlsx_sheet(["A"], [["x" * (MAX_TEXT + 10)]], "x")).active["A2"].value
    assert len(long) == MAX_TEXT


def test_nothing_is_written_to_a_temporary_file(monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    lines = [[f"Person {i}", dt.date(2020, 1, 1) + dt.timedelta(days=i)] for i in range(3000)]
    data = xlsx_sheet(["Emri", "Data"], lines, "cases")
    assert list(tmp_path.iterdir()) == []
    assert _book(data).active.max_row == 3001


def test_column_letters() -> None:
    assert [column_letters(i) for i in (0, 25, 26, 51, 701, 702)] == \
        ["A", "Z", "AA", "AZ", "ZZ", "AAA"]


def test_a_row_ending_in_empty_cells_reads_back_with_every_column(tmp_path: Path) -> None:
    from desktop.core.casework.tables import read_table

    path = tmp_path / "persons.xlsx"
    path.write_bytes(xlsx_sheet(["Emri", "Mbiemri", "Fshati"],
                                [["Drita", None, None], ["Arben", "Hoxha", "Qerret"]], "p"))
    rows = [r.values for r in read_table(path).rows]
    assert rows == [{"emri": "Drita", "mbiemri": None, "fshati": None},
                    {"emri": "Arben", "mbiemri": "Hoxha", "fshati": "Qerret"}]
