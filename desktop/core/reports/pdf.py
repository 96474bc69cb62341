"""The report as a PDF summary: the key figures, and for each table a bar chart and the table."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as PdfTable

from desktop.core.documents.fonts import register_fonts
from desktop.core.i18n import fmt_number, ptr
from desktop.core.reports.export import header_lines, table_rows, unique_line
from desktop.core.reports.model import Report, Table

MARGIN = 16 * mm
WIDTH = A4[0] - 2 * MARGIN
MAX_PDF_COLUMNS = 8  # numbers side by side on a page; wider tables continue below
BAR = colors.HexColor("#2F6690")
HEAD = colors.HexColor("#D5E1EC")
TOTAL = colors.HexColor("#EEF3F7")
MAX_CHART_ROWS = 16
LABEL_CHARS = 44


def render_pdf(report: Report) -> bytes:
    regular, bold = register_fonts()
    styles = _styles(regular, bold)
    story: list[Flowable] = _cover(report, styles)
    for number, table in enumerate(report.tables, start=1):
        story += _table_section(report, table, number, styles, regular)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=MARGIN + 4 * mm,
                            title=report.title, author="Kujdes",
                            subject=report.period.label(report.language))
    footer = f"{report.title} · {report.period.label(report.language)}"
    page_of = ptr("report", "Page {page} of {pages}", report.language)
    doc.build(story, canvasmaker=_numbered_canvas(footer, page_of, regular))
    return out.getvalue()


def _styles(regular: str, bold: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=regular, fontSize=9, leading=12)
    return {
        "title": ParagraphStyle("title", parent=base, fontName=bold, fontSize=17, leading=21,
                                spaceAfter=6),
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5,
                                textColor=colors.HexColor("#444444")),
        "heading": ParagraphStyle("heading", parent=base, fontName=bold, fontSize=11,
                                  leading=14, spaceBefore=10, spaceAfter=4),
        "cell": ParagraphStyle("cell", parent=base, fontSize=7.5, leading=9),
        "cell_bold": ParagraphStyle("cell_bold", parent=base, fontName=bold, fontSize=7.5,
                                    leading=9),
    }


def _cover(report: Report, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    lines = header_lines(report)
    story: list[Flowable] = [Paragraph(escape(lines[0]), st["title"])]
    story += [Paragraph(escape(line), st["body"]) for line in lines[1:]]
    story.append(Spacer(1, 4 * mm))
    story += [Paragraph(escape(line), st["small"]) for line in report.legend()]
    story.append(Spacer(1, 4 * mm))
    return story


def _table_section(report: Report, table: Table, number: int,
                   st: dict[str, ParagraphStyle], font: str) -> list[Flowable]:
    title = Paragraph(escape(f"{ptr('report', 'Table', report.language)} {number}. {table.title}"),
                      st["heading"])
    parts: list[Flowable] = [CondPageBreak(60 * mm), title]
    chart = bar_chart(table, font, report.language)
    if chart is not None:
        parts.append(KeepTogether([chart, Spacer(1, 2 * mm)]))
    parts += _pdf_tables(table, report.language, st)
    unique = unique_line(table, report.language)
    if unique:
        parts.append(Paragraph(escape(f"{unique[0]}: {unique[1]}"), st["body"]))
    parts += [Paragraph(escape(n), st["small"]) for n in table.notes]
    return parts


def bar_chart(table: Table, font: str, language: str) -> Drawing | None:
    """Horizontal bars of the row totals; a hidden total is drawn as no bar, with its mark."""
    n_rows, n_cols = table.shape
    if n_rows < 2 or n_rows > MAX_CHART_ROWS or not table.totals.grand:
        return None
    values = [table.totals.rows[r] or 0 for r in range(n_rows)]
    names = [_short(table.row_labels[r]) for r in range(n_rows)]
    height = 12 + 13 * n_rows
    drawing = Drawing(WIDTH, height + 20)
    chart = HorizontalBarChart()
    chart.x, chart.y = 62 * mm, 16
    chart.width, chart.height = WIDTH - 62 * mm - 14 * mm, height
    chart.data = [list(reversed(values))]
    chart.categoryAxis.categoryNames = list(reversed(names))
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(max(values) * 1.15, 5)
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 6.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    _mark_hidden(drawing, table, chart, font, language)
    return drawing


def _mark_hidden(drawing: Drawing, table: Table, chart: HorizontalBarChart, font: str,
                 language: str) -> None:
    """Write ``<5`` or ``x`` where a hidden row total would have had its bar."""
    n_rows, n_cols = table.shape
    step = chart.height / n_rows
    for r in range(n_rows):
        if table.totals.rows[r] is None:
            y = chart.y + chart.height - (r + 0.5) * step - 2.5
            drawing.add(String(chart.x + 3, y, table.text(r, n_cols), fontName=font,
                               fontSize=6.5))
    chart.barLabelArray = [[None if table.totals.rows[n_rows - 1 - i] is None else
                            fmt_number(table.totals.rows[n_rows - 1 - i], language)
                            for i in range(n_rows)]]
    chart.barLabelFormat = "values"


def _pdf_tables(table: Table, language: str, st: dict[str, ParagraphStyle]) -> list[PdfTable]:
    """The table as printed; a wide one (years side by side) in blocks of columns, one under
    the other, each with the row labels, the last with the totals."""
    rows = table_rows(table, language)
    numbers = len(rows[0]) - 1
    total_at = len(table.column_labels)  # the Total among the numbers
    out = []
    for first in range(0, numbers, MAX_PDF_COLUMNS):
        block = list(range(first, min(first + MAX_PDF_COLUMNS, numbers)))
        part = [[row[0], *(row[1 + j] for j in block)] for row in rows]
        out.append(_pdf_table(part, language, st,
                              block.index(total_at) + 1 if total_at in block else None))
    return out


def _pdf_table(rows: list[list[str | int | float]], language: str,
               st: dict[str, ParagraphStyle], total_col: int | None) -> PdfTable:
    n_cols = len(rows[0])
    first = min(62 * mm, WIDTH * 0.42) if n_cols > 3 else WIDTH * 0.5
    if n_cols > 8:  # many numbers: a narrower label column
        first = 45 * mm
    rest = (WIDTH - first) / (n_cols - 1)
    data = [[_para(v, st["cell_bold"]) for v in rows[0]]]
    data += [[_para(row[0], st["cell_bold" if i == len(rows) - 2 else "cell"]),
              *(_figure(v, language) for v in row[1:])]
             for i, row in enumerate(rows[1:])]
    style = TableStyle([
        ("FONT", (0, 0), (-1, -1), st["cell"].fontName, 7.5),
        ("FONT", (0, -1), (-1, -1), st["cell_bold"].fontName, 7.5),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD),
        ("BACKGROUND", (0, -1), (-1, -1), TOTAL),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#9AA8B5")),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ])
    if total_col is not None:
        style.add("FONT", (total_col, 1), (total_col, -1), st["cell_bold"].fontName, 7.5)
        style.add("BACKGROUND", (total_col, 1), (total_col, -2), TOTAL)
    if n_cols > 8:  # narrow columns: less padding
        style.add("LEFTPADDING", (1, 0), (-1, -1), 2)
        style.add("RIGHTPADDING", (1, 0), (-1, -1), 2)
    return PdfTable(data, colWidths=[first] + [rest] * (n_cols - 1), repeatRows=1,
                    style=style, hAlign="LEFT")


def _figure(value: object, language: str) -> object:
    """A count or share as the language writes numbers; ``<5`` and ``x`` as they are."""
    return fmt_number(value, language) if isinstance(value, int | float) else value


def _para(value: object, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(value)), style)


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1].rstrip() + "…"


def _numbered_canvas(footer: str, page_of: str, font: str) -> type[Canvas]:
    class NumberedCanvas(Canvas):
        """Draws "page n of N" once the number of pages is known."""

        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            self.setFont(font, 7)
            self.setFillColor(colors.HexColor("#555555"))
            self.drawString(MARGIN, 10 * mm, footer)
            self.drawRightString(A4[0] - MARGIN, 10 * mm,
                                 page_of.format(page=self._pageNumber, pages=total))

    return NumberedCanvas

