"""Painting a paged list's cells without the style sheet's work for each of them.

The style sheet draws an item of a table (``QTableView::item { padding: 0 6px }``) by looking
up its rules, asking the model for seven roles and laying its text out again, for every cell
at every paint: most of a list's paint, repeated at each scroll step. :class:`ListCells`
draws the same thing (the selection, the mark's icon, the text in its colour and weight,
elided at the right, the current cell's focus frame) from what it made once per cell: the
roles are asked for once (in one call to a paged model's ``look``), the style's rectangles
once per column, and the elided text once (a :class:`QStaticText`), until the cell's rows or width change.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QIcon,
    QPainter,
    QPalette,
    QStaticText,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionFocusRect,
    QStyleOptionViewItem,
    QWidget,
)

MAX_CELLS = 4000     # cells kept laid out (a few screens of rows)
_Index = QModelIndex | QPersistentModelIndex
_SE = QStyle.SubElement
_STATE = QStyle.StateFlag
_R = Qt.ItemDataRole


class _Geometry:
    """Where the style puts a cell's icon, text and focus frame (relative to the cell's
    corner): the same for every cell of a column of one width, with or without an icon."""

    __slots__ = ("focus", "icon", "text")

    def __init__(self, option: QStyleOptionViewItem, view: QWidget) -> None:
        style, origin = view.style(), option.rect.topLeft()
        self.icon = style.subElementRect(_SE.SE_ItemViewItemDecoration, option,
                                         view).translated(-origin)
        self.focus = style.subElementRect(_SE.SE_ItemViewItemFocusRect, option,
                                          view).translated(-origin)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
        self.text = style.subElementRect(_SE.SE_ItemViewItemText, option, view).adjusted(
            margin, 0, -margin, 0).translated(-origin)


class _Cell:
    """A cell's text as shown (elided), its icon, colours and font."""

    __slots__ = ("at_x", "at_y", "background", "colour", "font", "geometry", "icon", "text",
                 "width")

    def __init__(self, text: str, geometry: _Geometry, width: int, icon: QIcon | None,
                 colour: QColor | None, font: QFont | None, background: Any,
                 line_height: int) -> None:
        # laid out at its first paint, then drawn from that layout
        self.text = QStaticText(text)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.geometry, self.width, self.icon = geometry, width, icon
        self.colour, self.font, self.background = colour, font, background
        box = geometry.text
        self.at_x, self.at_y = box.x(), box.y() + (box.height() - line_height) // 2


class ListCells(QStyledItemDelegate):
    """The delegate of a paged list's view (:func:`desktop.ui.paged_model.follow_view`)."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._view = view
        self._cells: dict[tuple[int, int], _Cell] = {}
        self._geometries: dict[tuple[int, int, int, bool, bool], _Geometry] = {}
        model = view.model()
        model.modelReset.connect(self.forget)
        model.layoutChanged.connect(self.forget)
        model.rowsInserted.connect(self.forget)
        model.rowsRemoved.connect(self.forget)
        model.dataChanged.connect(self._changed)

    def forget(self, *_args: Any) -> None:
        """Lay every cell out again (new rows, a new language, a new style)."""
        self._cells.clear()
        self._geometries.clear()

    def _changed(self, top: QModelIndex, bottom: QModelIndex, *_roles: Any) -> None:
        first, last = top.row(), bottom.row()
        if last - first > MAX_CELLS:
            self._cells.clear()
            return
        for key in [k for k in self._cells if first <= k[0] <= last]:
            del self._cells[key]

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        rect = option.rect
        key = (index.row(), index.column())
        cell = self._cells.get(key)
        if cell is None or cell.width != rect.width():
            cell = self._make(key, option, index)
        state = option.state
        selected = bool(state & _STATE.State_Selected)
        x, y = rect.x(), rect.y()
        palette = option.palette
        group = (QPalette.ColorGroup.Normal if state & _STATE.State_Active
                 else QPalette.ColorGroup.Inactive)
        if selected:
            painter.fillRect(rect, palette.brush(group, QPalette.ColorRole.Highlight))
            painter.setPen(palette.color(group, QPalette.ColorRole.HighlightedText))
        else:
            if cell.background is not None:
                painter.fillRect(rect, cell.background)
            painter.setPen(cell.colour if cell.colour is not None
                           else palette.color(group, QPalette.ColorRole.Text))
        if cell.icon is not None:
            cell.icon.paint(painter, cell.geometry.icon.translated(x, y),
                            Qt.AlignmentFlag.AlignCenter,
                            QIcon.Mode.Selected if selected else QIcon.Mode.Normal)
        painter.setFont(cell.font or option.font)
        painter.drawStaticText(x + cell.at_x, y + cell.at_y, cell.text)
        if state & _STATE.State_HasFocus:
            self._focus_frame(painter, option, cell, selected)

    def _make(self, key: tuple[int, int], option: QStyleOptionViewItem,
              index: _Index) -> _Cell:
        if len(self._cells) >= MAX_CELLS:
            self._cells.clear()
        model = index.model()
        look = getattr(model, "look", None)
        text, icon, colour, font, background = (look(*key) if look is not None
                                                else _look(model, index))
        icon = icon if isinstance(icon, QIcon) and not icon.isNull() else None
        font = QFont(font).resolve(option.font) if isinstance(font, QFont) else None
        width = option.rect.width()
        shape = (key[1], width, option.rect.height(), icon is not None, font is not None)
        geometry = self._geometries.get(shape)
        if geometry is None:
            probe = QStyleOptionViewItem(option)
            self.initStyleOption(probe, index)
            probe.state &= ~(_STATE.State_Selected | _STATE.State_HasFocus)
            geometry = self._geometries[shape] = _Geometry(probe, self._view)
        metrics = option.fontMetrics if font is None else QFontMetrics(font)
        shown = metrics.elidedText("" if text is None else str(text),
                                   Qt.TextElideMode.ElideRight, max(geometry.text.width(), 0))
        cell = self._cells[key] = _Cell(shown, geometry, width, icon, _colour(colour), font,
                                        background if isinstance(background, (QBrush, QColor))
                                        else None, metrics.height())
        return cell

    def _focus_frame(self, painter: QPainter, option: QStyleOptionViewItem, cell: _Cell,
                     selected: bool) -> None:
        frame = QStyleOptionFocusRect()
        frame.initFrom(self._view)
        frame.rect = cell.geometry.focus.translated(option.rect.topLeft())
        frame.state = option.state | _STATE.State_KeyboardFocusChange | _STATE.State_Item
        frame.palette = option.palette
        frame.backgroundColor = option.palette.color(
            QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Window)
        self._view.style().drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, frame,
                                         painter, self._view)


def _colour(value: Any) -> QColor | None:
    if isinstance(value, QColor):
        return value
    if isinstance(value, QBrush):
        return value.color()
    return None


def _look(model: Any, index: _Index) -> tuple[Any, ...]:
    """What a model other than a paged list gives for a cell, role by role."""
    return tuple(model.data(index, role) for role in (
        _R.DisplayRole, _R.DecorationRole, _R.ForegroundRole, _R.FontRole, _R.BackgroundRole))
