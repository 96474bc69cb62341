"""Exporting a report: CSV, XLSX (openpyxl) and a PDF summary with charts (reportlab).

Files are rendered in memory, written atomically, and every export is recorded in the vault's
audit log (format, period, unit, edition, a hash of the file; never its content).
"""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

from desktop.core.atomic import write_atomic
from desktop.core.i18n import ptr
from desktop.core.reports.model import Report, SideColumn, Table
from desktop.core.reports.periods import format_date
from desktop.core.store import Store

FORMATS = ("csv", "xlsx", "pdf")


def export_report(store: Store | None, report: Report, path: str | Path,
                  fmt: str | None = None) -> Path:
    """Write ``report`` to ``path`` as CSV, XLSX or PDF (from the suffix unless ``fmt``)."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    data = render(report, fmt)
    write_atomic(path, data)
    if store is not None:
        store.audit("export_report", None, {
            "format": fmt, "period": report.period.code(), "unit": report.unit,
            "public": report.public, "language": report.language,
            "tables": len(report.tables), "bytes": len(data),
            "sha256": hashlib.sha256(data).hexdigest()})
    return path


def render(report: Report, fmt: str) -> bytes:
    if fmt == "csv":
        return render_csv(report)
    if fmt == "xlsx":
        from desktop.core.reports.xlsx import render_xlsx
        return render_xlsx(report)
    if fmt == "pdf":
        from desktop.core.reports.child_protection import QuarterlyReport
        if isinstance(report, QuarterlyReport):  # a letter, on the municipality's letterhead
            from desktop.core.reports.child_protection_pdf import render_child_protection_pdf
            return render_child_protection_pdf(report)
        from desktop.core.reports.pdf import render_pdf
        return render_pdf(report)
    raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")


# -- shared by every format ---------------------------------------------------------------------

def header_lines(report: Report) -> list[str]:
    lang = report.language
    lines = [report.title]
    if report.municipality:
        lines.append(f"{report.term('municipality') or ptr('report', 'Municipality', lang)}: {report.municipality}")
    lines += [f"{ptr('report', 'Period', lang)}: {report.period.label(lang)} "
              f"({format_date(report.period.start)} – {format_date(report.period.end)})",
              f"{report.term('administrative_unit') or ptr('report', 'Administrative unit', lang)}: "
              f"{report.unit or ptr('report', 'All units', lang)}",
              report.edition(),
              f"{ptr('report', 'Prepared on', lang)}: {format_date(report.generated_on)}"]
    return lines


def table_rows(table: Table, language: str) -> list[list[str | int | float]]:
    """The table as printed: heading row, one row per row label, the totals row."""
    n_rows, n_cols = table.shape
    corner = f"{table.row_heading} \\ {table.column_heading}"
    head: list[str | int | float] = [corner, *table.column_labels, ptr("report", "Total", language)]
    head += [s.label for s in table.side]
    out = [head]
    for r in range(n_rows + 1):
        name = table.row_labels[r] if r < n_rows else ptr("report", "Total", language)
        line: list[str | int | float] = [name]
        line += [_cell(table, r, c) for c in range(n_cols + 1)]
        line += [_side(s, r, n_rows) for s in table.side]
        out.append(line)
    return out


def _cell(table: Table, row: int, column: int) -> str | int:
    value = table.value(row, column)
    return table.text(row, column) if value is None else value


def _side(side: SideColumn, row: int, n_rows: int) -> str | float:
    key = -1 if row == n_rows else row
    value = side.value_at(key)
    if value is None:
        return side.text(None, key)
    return round(value, side.decimals) if side.decimals else int(round(value))


def unique_line(table: Table, language: str) -> list[str | int] | None:
    if not table.unique_source:
        return None
    value: str | int = table.unique_total if table.unique_total is not None \
        else table.unique_text()
    return [ptr("report", "Persons (each counted once)", language), value]


# -- CSV ----------------------------------------------------------------------------------------

def render_csv(report: Report) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for line in header_lines(report) + report.legend():
        writer.writerow([line])
    for number, table in enumerate(report.tables, start=1):
        writer.writerow([])
        writer.writerow([f"{ptr('report', 'Table', report.language)} {number}. {table.title}"])
        writer.writerows(table_rows(table, report.language))
        unique = unique_line(table, report.language)
        if unique:
            writer.writerow(unique)
        for note in table.notes:
            writer.writerow([note])
    return buffer.getvalue().encode("utf-8-sig")  # the BOM lets spreadsheets read ë and ç
