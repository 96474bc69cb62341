"""The report as a spreadsheet: a summary sheet, then one sheet per table."""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from desktop.core.i18n import ptr
from desktop.core.reports.export import header_lines, table_rows, unique_line
from desktop.core.reports.model import Report, Table

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
TOTAL_FILL = PatternFill("solid", fgColor="E8EEF4")
HEAD_FILL = PatternFill("solid", fgColor="D5E1EC")


def render_xlsx(report: Report) -> bytes:
    book = Workbook()
    summary = book.active
    summary.title = _sheet_name(ptr("report", "Contents", report.language), set())
    names = {summary.title}
    _summary(summary, report)
    for number, table in enumerate(report.tables, start=1):
        name = _sheet_name(f"{number:02d} {table.title}", names)
        names.add(name)
        sheet = book.create_sheet(name)
        _table_sheet(sheet, table, number, report)
        cell = summary.cell(row=summary.max_row + 1, column=1,
                            value=f"{number}. {table.title}")
        cell.hyperlink = f"#'{name}'!A1"
    book.properties.title = report.title
    book.properties.creator = "Kujdes"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _summary(sheet: Worksheet, report: Report) -> None:
    lines = header_lines(report)
    sheet.append([lines[0]])
    sheet["A1"].font = TITLE
    for line in lines[1:] + report.legend():
        sheet.append([line])
    sheet.append([])
    sheet.append([ptr("report", "Contents", report.language)])
    sheet.cell(row=sheet.max_row, column=1).font = BOLD
    sheet.column_dimensions["A"].width = 90


def _table_sheet(sheet: Worksheet, table: Table, number: int, report: Report) -> None:
    sheet.append([f"{ptr('report', 'Table', report.language)} {number}. {table.title}"])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append([report.subtitle()])
    sheet.append([])
    rows = table_rows(table, report.language)
    first = sheet.max_row + 1
    for line in rows:
        sheet.append(line)
    last = sheet.max_row
    n_cols = len(rows[0])
    total_col = len(table.column_labels) + 2
    for col in range(1, n_cols + 1):
        head = sheet.cell(row=first, column=col)
        head.font, head.fill = BOLD, HEAD_FILL
        head.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.cell(row=last, column=col).font = BOLD
        sheet.cell(row=last, column=col).fill = TOTAL_FILL
    for row in range(first + 1, last + 1):
        sheet.cell(row=row, column=total_col).font = BOLD
        for col in range(2, n_cols + 1):
            sheet.cell(row=row, column=col).alignment = Alignment(horizontal="right")
    extra = [unique_line(table, report.language), *([n] for n in table.notes)]
    for line in (e for e in extra if e):
        sheet.append(line)
    sheet.column_dimensions["A"].width = min(60, max(24, *(len(str(r[0])) for r in rows)))
    for col in range(2, n_cols + 1):
        sheet.column_dimensions[get_column_letter(col)].width = 14
    sheet.freeze_panes = sheet.cell(row=first + 1, column=2)


def _sheet_name(text: str, taken: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\']", "", text)[:31].strip()
    candidate, n = name, 2
    while candidate in taken:
        candidate = f"{name[:28]} {n}"
        n += 1
    return candidate
