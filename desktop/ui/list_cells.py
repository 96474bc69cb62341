"""Painting a paged list's cells without the style sheet's work for each of them.

The style sheet draws an item of a table (``QTableView::item { padding: 0 6px }``) by looking
up its rules, asking the model for seven roles and laying its text out again, for every cell
at every paint: most of a list's paint, repeated at each scroll step. :class:`ListCells`
draws the same thing (the selection, the mark's icon, the text in its colour and weight,
elided at the right, the current cell's focus frame) from what it made once per cell: the
roles are asked for once (in one call to a paged model's ``look``), the style's rectangles
once per column, and the elided text once, until the cell's rows or width change.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QIcon,
    QPainter,
    QPalette,
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
_ALIGN = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_CENTRE, _ELIDE = Qt.AlignmentFlag.AlignCenter, Qt.TextElideMode.ElideRight
_SELECTED, _ACTIVE, _FOCUS = (f.value for f in (_STATE.State_Selected, _STATE.State_Active,
                                                _STATE.State_HasFocus))
_NORMAL, _INACTIVE = QPalette.ColorGroup.Normal, QPalette.ColorGroup.Inactive
_TEXT, _HIGHLIGHT, _HIGHLIGHTED_TEXT = (QPalette.ColorRole.Text, QPalette.ColorRole.Highlight,
                                        QPalette.ColorRole.HighlightedText)
_ICON_NORMAL, _ICON_SELECTED = QIcon.Mode.Normal, QIcon.Mode.Selected


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

    __slots__ = ("background", "colour", "font", "geometry", "icon", "text", "width")

    def __init__(self, text: str, geometry: _Geometry, width: int, icon: QIcon | None,
                 colour: QColor | None, font: QFont, background: Any) -> None:
        self.text, self.geometry, self.width, self.icon = text, geometry, width, icon
        self.colour, self.font, self.background = colour, font, background


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
        # called for every cell at every paint: flags as ints, constants bound once
        rect = option.rect
        key = (index.row(), index.column())
        cell = self._cells.get(key)
        if cell is None or cell.width != rect.width():
            cell = self._make(key, option, index, rect)
        state = option.state.value
        x, y = rect.x(), rect.y()
        group = _NORMAL if state & _ACTIVE else _INACTIVE
        if state & _SELECTED:
            palette = option.palette
            painter.fillRect(rect, palette.brush(group, _HIGHLIGHT))
            painter.setPen(palette.color(group, _HIGHLIGHTED_TEXT))
        else:
            if cell.background is not None:
                painter.fillRect(rect, cell.background)
            painter.setPen(cell.colour if cell.colour is not None
                           else option.palette.color(group, _TEXT))
        if cell.icon is not None:
            cell.icon.paint(painter, cell.geometry.icon.translated(x, y), _CENTRE,
                            _ICON_SELECTED if state & _SELECTED else _ICON_NORMAL)
        painter.setFont(cell.font)
        painter.drawText(cell.geometry.text.translated(x, y), _ALIGN, cell.text)
        if state & _FOCUS:
            self._focus_frame(painter, option, cell, bool(state & _SELECTED))

    def _make(self, key: tuple[int, int], option: QStyleOptionViewItem, index: _Index,
              rect: QRect) -> _Cell:
        if len(self._cells) >= MAX_CELLS:
            self._cells.clear()
        model = index.model()
        look = getattr(model, "look", None)
        text, icon, colour, font, background = (look(*key) if look is not None
                                                else _look(model, index))
        icon = icon if isinstance(icon, QIcon) and not icon.isNull() else None
        own_font = isinstance(font, QFont)
        font = QFont(font).resolve(option.font) if own_font else QFont(option.font)
        width = rect.width()
        shape = (key[1], width, rect.height(), icon is not None, own_font)
        geometry = self._geometries.get(shape)
        if geometry is None:
            probe = QStyleOptionViewItem(option)
            self.initStyleOption(probe, index)
            probe.state &= ~(_STATE.State_Selected | _STATE.State_HasFocus)
            geometry = self._geometries[shape] = _Geometry(probe, self._view)
        metrics = QFontMetrics(font) if own_font else option.fontMetrics
        shown = metrics.elidedText("" if text is None else str(text), _ELIDE,
                                   max(geometry.text.width(), 0))
        cell = self._cells[key] = _Cell(shown, geometry, width, icon, _colour(colour), font,
                                        background if isinstance(background, (QBrush, QColor))
                                        else None)
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
