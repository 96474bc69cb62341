"""Painting a paged list's rows in one go, instead of Qt's table walking each cell.

Qt's table paints a cell by making a style option for it (the view's, copied), asking the
selection model and the style (``PE_PanelItemViewRow``, nothing to draw for this list's rows
under the style sheet) and then the delegate: most of a scroll step's paint, before the
delegate draws a thing. :class:`ListPainter` paints the table's viewport itself: one option
for the paint, the selection as row ranges, then each cell shown drawn by
:meth:`desktop.ui.list_cells.ListCells.draw` (what the delegate draws, from what it made once
per cell). It paints only while the view's delegate is that :class:`ListCells`.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem, QTableView

from desktop.ui.list_cells import ListCells, PaintLook

_PAINT = QEvent.Type.Paint
_SELECTED = QStyle.StateFlag.State_Selected.value
_FOCUS = QStyle.StateFlag.State_HasFocus.value


class ListPainter(QObject):
    """Paints ``view``'s rows with ``cells`` (installed on its viewport: an event filter
    installed after it, such as a paint hold, sees the paint first)."""

    def __init__(self, view: QTableView, cells: ListCells) -> None:
        super().__init__(view)
        self._view, self._cells = view, cells
        view.viewport().installEventFilter(self)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() != _PAINT or self._view.itemDelegate() is not self._cells:
            return False
        count = self._view.model().rowCount()
        if self._view.verticalHeader().count() != count:    # rows not laid out yet
            return False
        area = event.rect() if isinstance(event, QPaintEvent) else QRect()
        rows, columns = self._rows(area, count), self._columns(area)
        selected = self._selected(rows) if rows and columns else []
        if selected is None:      # cells selected apart from their rows: Qt paints them
            return False
        if rows and columns:
            painter = QPainter(self._view.viewport())
            try:
                self.paint(painter, rows, columns, selected)
            finally:
                painter.end()
        return True

    def paint(self, painter: QPainter, rows: range, columns: list[tuple[int, int, int]],
              selected: list[tuple[int, int]]) -> None:
        """The cells of ``rows`` in ``columns`` (column, x, width), ``selected``: the rows
        selected among them (top, bottom)."""
        view = self._view
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)
        look = PaintLook(option)
        base = option.state.value & ~(_SELECTED | _FOCUS)
        current = view.currentIndex()
        focus_row, focus_column = (current.row(), current.column()) if current.isValid() and (
            view.hasFocus() or view.viewport().hasFocus()) else (-1, -1)
        vertical = view.verticalHeader()
        draw_row = self._cells.draw_row
        for row in rows:
            height = vertical.sectionSize(row)
            if height <= 0:        # a row hidden
                continue
            state = base
            if selected and any(top <= row <= bottom for top, bottom in selected):
                state |= _SELECTED
            draw_row(painter, row, vertical.sectionViewportPosition(row), height, columns,
                     state, focus_column if row == focus_row else -1, look)

    def _rows(self, area: QRect, count: int) -> range:
        vertical = self._view.verticalHeader()
        if not count:
            return range(0)
        first = vertical.visualIndexAt(area.top())
        if first < 0:
            return range(0)
        last = vertical.visualIndexAt(area.bottom())
        return range(first, (last if last >= 0 else count - 1) + 1)

    def _columns(self, area: QRect) -> list[tuple[int, int, int]]:
        """The columns ``area`` shows: (logical column, viewport x, width)."""
        header = self._view.horizontalHeader()
        count = header.count()
        first = max(header.visualIndexAt(area.left()), 0)
        last = header.visualIndexAt(area.right())
        columns = []
        for visual in range(first, (last if last >= 0 else count - 1) + 1):
            column = header.logicalIndex(visual)
            if column >= 0 and header.sectionSize(column) > 0:
                columns.append((column, header.sectionViewportPosition(column),
                                header.sectionSize(column)))
        return columns

    def _selected(self, rows: range) -> list[tuple[int, int]] | None:
        """The rows selected among ``rows``, as ranges (top, bottom); None if some cells
        among them are selected without their whole row (a list selects rows)."""
        model = self._view.selectionModel()
        if model is None:
            return []
        last_column = self._view.model().columnCount() - 1
        ranges = [r for r in model.selection()
                  if r.isValid() and r.bottom() >= rows[0] and r.top() <= rows[-1]]
        if any(r.left() != 0 or r.right() != last_column for r in ranges):
            return None
        return [(r.top(), r.bottom()) for r in ranges]
