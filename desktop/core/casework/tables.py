"""Reading spreadsheets (CSV or XLSX) row by row, with the line each row came from.

CSV files may be saved by Excel with a byte-order mark or with ``;`` as the separator (the
Albanian locale); both are accepted. Their encoding is recognised (:mod:`encodings_found`):
UTF-8 with or without a byte-order mark, UTF-16, Windows-1250 (Excel's "CSV" in Albania and
Kosovo) and Windows-1252, and kept on the table so that a person can see how it was read. In
an XLSX file the first sheet is read and the line is the sheet's row number.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.casework.text_encoding import decode
from sync.yamlfile import DataFileError


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, Any]

    def text(self, column: str) -> str:
        value = self.values.get(column)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()


@dataclass(frozen=True)
class Table:
    path: Path
    columns: list[str]
    rows: list[Row]
    encoding: str = "xlsx"
    headers: list[str] = field(default_factory=list)  # as written in the file


def read_table(path: str | Path) -> Table:
    """The header (lower-cased, trimmed) and the non-empty rows of a CSV or XLSX file."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    return _read_csv(path)


def _normal_header(cells: list[Any]) -> list[str]:
    return [str(c).strip().lower() if c is not None else "" for c in cells]


def _written_header(cells: list[Any]) -> list[str]:
    return [str(c).strip() if c is not None else "" for c in cells]


def _read_csv(path: Path) -> Table:
    try:
        text, encoding = decode(path.read_bytes())
    except UnicodeDecodeError as exc:
        raise DataFileError(path, None, "not text in a known encoding: save the file as "
                                        "CSV UTF-8") from exc
    except OSError as exc:
        raise DataFileError(path, None, f"cannot be read ({exc.strerror})") from exc
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delimiter)
    try:
        first_cells = next(reader)
    except StopIteration:
        raise DataFileError(path, 1, "the file is empty") from None
    header = _normal_header(first_cells)
    rows = []
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            rows.append(Row(reader.line_num, _row_values(path, reader.line_num, header, cells)))
    except csv.Error as exc:
        raise DataFileError(path, reader.line_num, str(exc)) from exc
    return Table(path, header, rows, encoding, _written_header(first_cells))


def _row_values(path: Path, line: int, header: list[str], cells: list[Any]) -> dict[str, Any]:
    extra = [c for c in cells[len(header):] if c not in (None, "")]
    if extra:
        raise DataFileError(path, line, f"{len(cells)} values but only {len(header)} columns")
    return {name: cells[i] if i < len(cells) else None for i, name in enumerate(header) if name}


def _read_xlsx(path: Path) -> Table:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise DataFileError(path, None, f"not a readable XLSX file ({exc})") from exc
    try:
        sheet = book.worksheets[0]
        lines = _xlsx_rows(sheet)
        try:
            _, first = next(lines)
        except StopIteration:
            raise DataFileError(path, 1, "the sheet is empty") from None
        header = _normal_header(list(first))
        rows = [Row(n, _row_values(path, n, header, [_cell(v) for v in cells]))
                for n, cells in lines if any(_cell(v) not in (None, "") for v in cells)]
    finally:
        book.close()
    return Table(path, header, rows, "xlsx", _written_header(list(first)))


def _xlsx_rows(sheet: Any) -> Iterator[tuple[int, tuple[Any, ...]]]:
    yield from enumerate(sheet.iter_rows(values_only=True), start=1)


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    if isinstance(value, str):
        return value.strip()
    return value
