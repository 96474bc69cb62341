"""Page layout shared by every document: styles, letterhead, tables, signatures, pages.

Everything is drawn with the embedded DejaVu font. Page furniture (running header, footer
with "Faqe X nga Y", printed on/by) is drawn when the PDF is saved, once the page count is
known, so a document is laid out in a single pass and rendered to bytes in memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from desktop.core.documents.fitting import one_line_widths
from desktop.core.documents.fonts import BOLD, REGULAR, register_fonts
from desktop.core.documents.letterhead import Logo

INK = colors.HexColor("#1A1A1A")
ACCENT = colors.HexColor("#1F3A5F")
MUTED = colors.HexColor("#5A6270")
RULE = colors.HexColor("#8C96A3")
FILL = colors.HexColor("#EEF1F4")

PAGE_SIZES = {"A4": A4, "letter": letter}
MARGIN_X = 18 * mm
MARGIN_TOP = 13 * mm
MARGIN_BOTTOM = 20 * mm
RUNNING_HEADER = 11 * mm


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    label: ParagraphStyle
    value: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    lh_state: ParagraphStyle
    lh_name: ParagraphStyle
    lh_unit: ParagraphStyle
    lh_contact: ParagraphStyle
    right: ParagraphStyle
    note: ParagraphStyle
    fine_print: ParagraphStyle  # the privacy notes under the signatures


@cache
def make_styles() -> Styles:
    regular, bold = register_fonts()

    def style(name: str, **kw: Any) -> ParagraphStyle:
        base = {"fontName": regular, "fontSize": 9.5, "leading": 13, "textColor": INK}
        base.update(kw)
        return ParagraphStyle(name, **base)

    return Styles(
        body=style("body", spaceAfter=4),
        small=style("small", fontSize=8, leading=10.5),
        label=style("label", fontSize=7.5, leading=9.5, textColor=MUTED),
        value=style("value", fontSize=9.5, leading=12),
        cell=style("cell", fontSize=8.5, leading=11),
        cell_head=style("cell_head", fontName=bold, fontSize=8, leading=10),
        title=style("title", fontName=bold, fontSize=15, leading=19, alignment=TA_CENTER,
                    textColor=ACCENT, spaceBefore=2, spaceAfter=2),
        subtitle=style("subtitle", fontSize=9.5, leading=12, alignment=TA_CENTER,
                       textColor=MUTED, spaceAfter=6),
        heading=style("heading", fontName=bold, fontSize=10.5, leading=13, textColor=ACCENT),
        subheading=style("subheading", fontName=bold, fontSize=9.5, leading=12,
                         spaceBefore=4, spaceAfter=2),
        lh_state=style("lh_state", fontSize=7.5, leading=9.5, alignment=TA_CENTER,
                       textColor=MUTED),
        lh_name=style("lh_name", fontName=bold, fontSize=13, leading=16, alignment=TA_CENTER,
                      textColor=ACCENT),
        lh_unit=style("lh_unit", fontSize=10, leading=12.5, alignment=TA_CENTER),
        lh_contact=style("lh_contact", fontSize=7.5, leading=9.5, alignment=TA_CENTER,
                         textColor=MUTED),
        right=style("right", alignment=TA_RIGHT),
        note=style("note", fontSize=8, leading=10.5, textColor=MUTED, alignment=TA_LEFT),
        fine_print=style("fine_print", fontSize=7, leading=8.4, textColor=MUTED,
                         alignment=TA_LEFT, spaceBefore=2),
    )


def p(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped; line breaks kept)."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def pm(markup: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of trusted markup (callers escape any data they put in it)."""
    return Paragraph(markup, style)


def bold(text: str) -> str:
    return f"<b>{escape(text)}</b>"


# -- blocks ---------------------------------------------------------------------------------
class Rule(Flowable):
    """A horizontal line across the frame (a double one under the letterhead)."""

    def __init__(self, thickness: float = 0.5, color: colors.Color = RULE, double: bool = False,
                 space: float = 3) -> None:
        super().__init__()
        self.thickness, self.color, self.double, self.space = thickness, color, double, space

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.space * 2 + (3 if self.double else 0)

    def draw(self) -> None:
        c = self.canv
        c.setStrokeColor(self.color)
        y = self.space + (3 if self.double else 0)
        c.setLineWidth(self.thickness)
        c.line(0, y, self.width, y)
        if self.double:
            c.setLineWidth(0.4)
            c.line(0, y - 2.5, self.width, y - 2.5)


def letterhead_block(st: Styles, lines: Sequence[tuple[str, str]], logo: Logo | None,
                     width: float) -> list[Flowable]:
    """The letterhead: logo on the left, centred text lines (kind, text), double rule."""
    style_for = {"state": st.lh_state, "name": st.lh_name, "unit": st.lh_unit,
                 "contact": st.lh_contact}
    text = [p(value, style_for[kind]) for kind, value in lines if value]
    logo_w = 24 * mm
    if logo is not None:
        scale = min(logo_w / logo.width, 22 * mm / logo.height)
        image: Flowable = Image(BytesIO(logo.data), width=logo.width * scale,
                                height=logo.height * scale)
    else:
        image = Spacer(logo_w, 1)
    table = Table([[image, text, ""]], colWidths=[logo_w, width - 2 * logo_w, logo_w])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))
    return [table, Rule(1.4, ACCENT, double=True, space=4), Spacer(1, 4)]


def title_block(st: Styles, title: str, subtitle: str | None,
                meta: Sequence[tuple[str, str]], width: float) -> list[Flowable]:
    """Document title and a boxed strip of facts (case number, document, version, date)."""
    out: list[Flowable] = [p(title, st.title)]
    if subtitle:
        out.append(p(subtitle, st.subtitle))
    else:
        out.append(Spacer(1, 4))
    cells = [[p(label, st.label), p(value or "—", st.value)] for label, value in meta]
    table = Table([cells], colWidths=one_line_widths(meta, st.label, st.value, width))
    table.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 0.6, RULE),
        ("LINEBEFORE", (1, 0), (-1, 0), 0.4, RULE),
        ("BACKGROUND", (0, 0), (-1, -1), FILL),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
    ]))
    out += [table, Spacer(1, 8)]
    return out


def heading(st: Styles, text: str) -> list[Flowable]:
    """A section heading: bold accent text over a thin rule."""
    return [CondPageBreak(32 * mm), Spacer(1, 5), p(text, st.heading),
            Rule(0.6, ACCENT, space=1.5), Spacer(1, 3)]


def section(st: Styles, title: str, body: Iterable[Flowable], keep: bool = False
            ) -> list[Flowable]:
    """A heading and its body; ``keep`` holds them on one page when they fit."""
    items = heading(st, title) + list(body) + [Spacer(1, 3)]
    return [KeepTogether(items)] if keep else items


def cell(text: str, style: ParagraphStyle, width: float) -> str | Paragraph:
    """A table cell of plain text, wrapped here into lines and drawn as a string (several
    times cheaper than a paragraph); a word too long for the column falls back to a
    paragraph, which breaks it. The table's FONT command must match ``style`` (see
    :func:`font_commands`)."""
    font, size = style.fontName, style.fontSize
    lines: list[str] = []
    for part in text.split("\n"):
        if stringWidth(part, font, size) <= width:
            lines.append(part)
            continue
        wrapped = simpleSplit(part, font, size, width)
        if any(stringWidth(line, font, size) > width for line in wrapped):
            return p(text, style)
        lines += wrapped
    return "\n".join(lines)


def font_commands(style: ParagraphStyle, start: tuple[int, int], stop: tuple[int, int]
                  ) -> list[tuple[Any, ...]]:
    """Table commands that draw plain-string cells in ``style``."""
    return [("FONT", start, stop, style.fontName, style.fontSize, style.leading),
            ("TEXTCOLOR", start, stop, style.textColor)]


def kv_grid(st: Styles, rows: Sequence[tuple[str, str]], width: float, pairs: int = 2
            ) -> Table | None:
    """Label/value pairs laid out ``pairs`` to a row (None when there is nothing to show)."""
    if not rows:
        return None
    label_w = 34 * mm if pairs == 2 else 45 * mm
    value_w = width / pairs - label_w
    data = []
    for i in range(0, len(rows), pairs):
        line: list[Any] = []
        for label, value in rows[i:i + pairs]:
            line += [cell(label, st.label, label_w - 6), cell(value, st.value, value_w - 6)]
        line += [""] * (2 * pairs - len(line))
        data.append(line)
    table = Table(data, colWidths=[label_w, value_w] * pairs)
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#D5DAE0")),
    ]
    for col in range(0, 2 * pairs, 2):
        style += font_commands(st.label, (col, 0), (col, -1))
        style += font_commands(st.value, (col + 1, 0), (col + 1, -1))
    table.setStyle(TableStyle(style))
    return table


def grid_table(st: Styles, header: Sequence[str], rows: Sequence[Sequence[str | Flowable]],
               widths: Sequence[float], zebra: bool = True) -> Table:
    """A ruled table with a repeated bold header row; text cells wrap."""
    pad = 6
    data: list[list[Any]] = [[cell(h, st.cell_head, w - pad) for h, w in zip(header, widths,
                                                                              strict=True)]]
    data += [[cell(c, st.cell, w - pad) if isinstance(c, str) else c
              for c, w in zip(row, widths, strict=True)] for row in rows]
    table = Table(data, colWidths=list(widths), repeatRows=1)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("BACKGROUND", (0, 0), (-1, 0), FILL),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), pad / 2), ("RIGHTPADDING", (0, 0), (-1, -1), pad / 2),
        *font_commands(st.cell_head, (0, 0), (-1, 0)),
        *font_commands(st.cell, (0, 1), (-1, -1)),
    ]
    if zebra:
        style += [("BACKGROUND", (0, r), (-1, r), colors.HexColor("#F7F8FA"))
                  for r in range(2, len(data), 2)]
    table.setStyle(TableStyle(style))
    return table


class SignatureLine(Flowable):
    """Room to sign, above a line."""

    def __init__(self, width: float, height: float) -> None:
        super().__init__()
        self.width, self.height = width, height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setStrokeColor(INK)
        self.canv.setLineWidth(0.7)
        self.canv.line(0, 0, self.width, 0)


@dataclass(frozen=True)
class Signer:
    role: str
    name: str = ""


def signature_blocks(st: Styles, signers: Sequence[Signer], labels: dict[str, str],
                     width: float) -> Table:
    """Signature boxes side by side (two or three to a row), aligned row by row: role, name,
    space to sign above a line, "Nënshkrimi" and the date."""
    per_row = 3 if len(signers) in (3, 5, 6) else 2
    col_w = width / per_row
    data: list[list[Any]] = []
    style: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 12),
        ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]
    for i in range(0, len(signers), per_row):
        group = list(signers[i:i + per_row])
        top = len(data)
        data += _signature_rows(st, group, labels, per_row, col_w - 12)
        if i + per_row < len(signers):  # room between rows of signers, none after the last
            style.append(("BOTTOMPADDING", (0, top + 3), (-1, top + 3), 10))
    table = Table(data, colWidths=[col_w] * per_row)
    table.setStyle(TableStyle(style))
    return table


def _signature_rows(st: Styles, group: list[Signer], labels: dict[str, str], per_row: int,
                    line_width: float) -> list[list[Any]]:
    pad = [""] * (per_row - len(group))
    name = escape(labels["name"])
    return [
        [p(s.role, st.subheading) for s in group] + pad,
        [pm(f"{name}: {bold(s.name) if s.name else ''}", st.small) for s in group] + pad,
        [SignatureLine(line_width, 9 * mm) for _ in group] + pad,
        [p(f"{labels['signature']} · {labels['date']}: ____ / ____ / ________", st.small)
         for _ in group] + pad,
    ]


# -- pages ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Furniture:
    """What is printed around the content of every page."""

    running_left: str  # issuer, on pages after the first
    running_right: str  # document title, on pages after the first
    marker: str  # "KONFIDENCIALE" (and the sensitive-data warning)
    footer_left: str  # printed on ... by ...
    footer_note: str  # case number and document
    page_of: str  # template with {page} and {pages}


class _FurnishedCanvas(Canvas):
    """A canvas that draws header and footer at save time, when the page count is known."""

    furniture: Furniture

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._page_states: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._page_states.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._page_states)
        for state in self._page_states:
            self.__dict__.update(state)
            self._draw_furniture(total)
            super().showPage()
        super().save()

    def _draw_furniture(self, total: int) -> None:
        f = self.furniture
        width, height = self._pagesize
        page = self._pageNumber
        self.saveState()
        self.setFillColor(MUTED)
        self.setFont(BOLD, 6.5)
        self.drawRightString(width - MARGIN_X, height - 8 * mm, f.marker)
        if page > 1:
            self.setFont(REGULAR, 7.5)
            y = height - MARGIN_TOP - 1 * mm
            room = width - 2 * MARGIN_X - 6 * mm
            right = _fit(f.running_right, REGULAR, 7.5, room * 0.55)
            left_room = room - stringWidth(right, REGULAR, 7.5)
            self.drawString(MARGIN_X, y, _fit(f.running_left, REGULAR, 7.5, left_room))
            self.drawRightString(width - MARGIN_X, y, right)
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN_X, y - 2.5 * mm, width - MARGIN_X, y - 2.5 * mm)
        self._draw_footer(f, width, page, total)
        self.restoreState()

    def _draw_footer(self, f: Furniture, width: float, page: int, total: int) -> None:
        y = MARGIN_BOTTOM - 8 * mm
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        self.line(MARGIN_X, y + 4 * mm, width - MARGIN_X, y + 4 * mm)
        self.setFillColor(INK)
        self.setFont(BOLD, 8)
        self.drawRightString(width - MARGIN_X, y, f.page_of.format(page=page, pages=total))
        self.setFont(REGULAR, 7.5)
        self.setFillColor(MUTED)
        self.drawString(MARGIN_X, y, f.footer_left)
        self.drawString(MARGIN_X, y - 3.6 * mm, f.footer_note)


def _fit(text: str, font: str, size: float, room: float) -> str:
    """``text`` cut with an ellipsis so it is at most ``room`` wide."""
    if stringWidth(text, font, size) <= room:
        return text
    while text and stringWidth(text + "…", font, size) > room:
        text = text[:-1]
    return text.rstrip(" ·–-") + "…"


def build_pdf(story: list[Flowable], furniture: Furniture, page_size: str, title: str,
              author: str) -> bytes:
    """Lay out ``story`` and return the PDF bytes (nothing is written to disk)."""
    register_fonts()
    size = PAGE_SIZES[page_size]
    buffer = BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=size, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=title, author=author,
        creator="Kujdes", subject=title, initialFontName=REGULAR, initialFontSize=9.5,
    )
    width = size[0] - 2 * MARGIN_X
    first = Frame(MARGIN_X, MARGIN_BOTTOM, width, size[1] - MARGIN_TOP - MARGIN_BOTTOM,
                  id="first", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    later = Frame(MARGIN_X, MARGIN_BOTTOM, width,
                  size[1] - MARGIN_TOP - RUNNING_HEADER - MARGIN_BOTTOM, id="later",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate("first", [first]), PageTemplate("later", [later])])

    class _Canvas(_FurnishedCanvas):
        pass

    _Canvas.furniture = furniture
    with _binary_streams():
        doc.build([NextPageTemplate("later"), *story], canvasmaker=_Canvas)
    return buffer.getvalue()


@contextmanager
def _binary_streams() -> Iterator[None]:
    """Write compressed streams without the ASCII-85 layer: smaller and faster to make.

    reportlab reads this from its global configuration while saving; a build running at the
    same time in another thread makes a valid PDF either way.
    """
    previous = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = previous


def content_width(page_size: str) -> float:
    return PAGE_SIZES[page_size][0] - 2 * MARGIN_X
