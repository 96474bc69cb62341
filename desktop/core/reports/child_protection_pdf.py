"""The quarterly child protection report printed as a letter: the municipality's letterhead, to
whom it goes, the tables, and the signatures of the child protection worker and the head."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from desktop.core.documents import layout as L
from desktop.core.i18n import cptr, fmt_number
from desktop.core.reports.child_protection import QuarterlyReport
from desktop.core.reports.export import header_lines, table_rows
from desktop.core.reports.model import Table
from desktop.core.reports.periods import format_date

LABEL_SHARE = 0.42  # of the width, for the row labels
NARROW_LABELS = 0.3  # when the table has more than four columns of numbers


def render_child_protection_pdf(report: QuarterlyReport, printed_by: str = "") -> bytes:
    st = L.make_styles()
    page = report.letterhead.page_size if report.letterhead else "A4"
    width = L.content_width(page)
    story: list[Flowable] = [*_letterhead(report, st, width)]
    story += L.title_block(st, report.title, report.subtitle(), _meta(report), width)
    story += _addressed(report, st)
    story += [L.p(line, st.note) for line in report.legend()[1:]]  # not "From ... To"
    for number, table in enumerate(report.tables, start=1):
        story += _table(report, table, number, st, width)
    story += _signatures(report, st, width)
    return L.build_pdf(story, _furniture(report, printed_by), page, title=report.title,
                       author=_issuer(report))


def _t(message: str, report: QuarterlyReport, /, **values: object) -> str:
    return cptr(report.country, "report", message, report.language, **values)


def _issuer(report: QuarterlyReport) -> str:
    lh = report.letterhead
    return lh.text("name", report.language) if lh else (report.municipality or "")


def _letterhead(report: QuarterlyReport, st: L.Styles, width: float) -> list[Flowable]:
    lh, lang = report.letterhead, report.language
    if lh is None:
        return [L.p(report.sender, st.lh_name), L.Rule(1.4, L.ACCENT, double=True, space=4)]
    contacts = " · ".join(c for c in (lh.address, lh.phone, lh.email) if c)
    lines = [("state", lh.state(lang)), ("name", lh.text("name", lang)),
             ("unit", report.sender or lh.text("unit", lang)), ("contact", contacts)]
    return L.letterhead_block(st, lines, lh.logo_image(), width)


def _meta(report: QuarterlyReport) -> list[tuple[str, str]]:
    period = report.period
    return [(_t("Period", report), period.label(report.language)),
            (_t("Dates", report), f"{format_date(period.start)} – {format_date(period.end)}"),
            (_t("Prepared on", report), format_date(report.generated_on))]


def _addressed(report: QuarterlyReport, st: L.Styles) -> list[Flowable]:
    out: list[Flowable] = []
    if report.recipient:
        out.append(L.pm(f"{L.bold(_t('To', report))}: {L.bold(report.recipient)}", st.body))
    # the municipality and the unit as the report's header says them (the period, edition
    # and day are in the strip above)
    lines = header_lines(report)
    out += [L.p(line, st.body) for line in lines[1:-4] + lines[-3:-2]]
    return [*out, Spacer(1, 4)]


def _table(report: QuarterlyReport, table: Table, number: int, st: L.Styles,
           width: float) -> list[Flowable]:
    rows = table_rows(table, report.language)
    n_numbers = len(rows[0]) - 1
    first = width * (LABEL_SHARE if n_numbers <= 4 else NARROW_LABELS)
    widths = [first] + [(width - first) / n_numbers] * n_numbers
    body = [[str(row[0]), *(_figure(v, report.language) for v in row[1:])] for row in rows[1:]]
    grid = L.grid_table(st, [str(h) for h in rows[0]], body, widths, zebra=False)
    grid.setStyle([("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                   ("BACKGROUND", (0, -1), (-1, -1), L.FILL),
                   ("BACKGROUND", (-1, 1), (-1, -1), L.FILL)])
    title = f"{_t('Table', report)} {number}. {table.title}"
    notes = [L.p(n, st.note) for n in table.notes]
    return [KeepTogether([*L.heading(st, title), grid, *notes, Spacer(1, 3 * mm)])]


def _figure(value: object, language: str) -> str:
    return fmt_number(value, language) if isinstance(value, int | float) else str(value)


def _signatures(report: QuarterlyReport, st: L.Styles, width: float) -> list[Flowable]:
    signers = [L.Signer(role) for role in report.signers]
    if not signers:
        return []
    labels = {"name": _t("Name", report), "signature": _t("Signature", report),
              "date": _t("Date", report)}
    return [KeepTogether([*L.heading(st, _t("Signatures", report)),
                          L.signature_blocks(st, signers, labels, width)])]


def _furniture(report: QuarterlyReport, printed_by: str) -> L.Furniture:
    marker = report.edition().upper()
    when = format_date(report.generated_on)
    footer = _t("Prepared on", report) + f" {when}"
    if printed_by:
        footer += f" · {printed_by}"
    return L.Furniture(
        running_left=_issuer(report), running_right=f"{report.title} · "
        f"{report.period.label(report.language)}", marker=marker, footer_left=footer,
        footer_note=report.sender, page_of=_t("Page {page} of {pages}", report,
                                              page="{page}", pages="{pages}"))
