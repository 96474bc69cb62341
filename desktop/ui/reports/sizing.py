"""Sizes on the reports screen: a table's columns within the room it has beside the chart
(the numbers and the totals are never cut; the first column's labels give way, then the
chart), and the list of tables whose long titles wrap to the list's width."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListView, QListWidget, QSplitter, QTableView

LABEL_MIN, LABEL_MAX = 160, 360
NUMBER_MIN, NUMBER_MAX = 52, 160


def table_list(widget: QListWidget) -> QListWidget:
    """Titles wrapped to the list's width, laid out again when it changes (never cut)."""
    widget.setObjectName("reportTables")  # items without side padding: wrapped lines fit
    widget.setWordWrap(True)
    widget.setResizeMode(QListView.ResizeMode.Adjust)
    widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    # a scroll bar that came later would narrow the rows laid out before it, cutting them
    widget.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
    widget.setTextElideMode(Qt.TextElideMode.ElideNone)
    return widget


def fit_columns(view: QTableView, split: QSplitter, chart_minimum: int) -> int:
    """Size the columns to their contents; when the table is wider than its room beside the
    chart's minimum, the first column (the labels, elided with a tooltip) gives way first.
    Returns the width the table needs (wider than its room: the chart makes way)."""
    header = view.horizontalHeader()
    columns = view.model().columnCount() if view.model() is not None else 0
    # each column's cells measured once (as resizeColumnsToContents() would, which the
    # loop below then measured again)
    contents = [view.sizeHintForColumn(column) for column in range(columns)]
    if columns:
        header.resizeSection(0, max(contents[0], header.sectionSizeHint(0)))
    for column in range(1, columns):  # a long heading is cut, a number never
        heading = min(max(header.sectionSizeHint(column), NUMBER_MIN), NUMBER_MAX)
        header.resizeSection(column, max(heading, contents[column]))
    numbers = sum(header.sectionSize(c) for c in range(1, columns))
    frame = view.verticalScrollBar().sizeHint().width() + 2 * view.frameWidth() + 4
    alone = (sum(split.sizes()) or split.width()) - frame
    beside = alone - chart_minimum - split.handleWidth()
    label = min(max(header.sectionSize(0), LABEL_MIN), LABEL_MAX)
    if label + numbers > beside:
        if LABEL_MIN + numbers <= beside:
            label = beside - numbers
        else:  # the chart makes way; the labels take what is left of the whole width
            label = max(LABEL_MIN // 2, min(label, alone - numbers))
            _widen_headings(view, alone - label - numbers)
    if columns:
        header.resizeSection(0, label)
    return header.length() + frame


def _widen_headings(view: QTableView, spare: int) -> None:
    """Headings cut at NUMBER_MAX get their whole width while there is room."""
    header = view.horizontalHeader()
    for column in range(1, view.model().columnCount()):
        missing = header.sectionSizeHint(column) - header.sectionSize(column)
        if 0 < missing <= spare:
            header.resizeSection(column, header.sectionSize(column) + missing)
            spare -= missing
