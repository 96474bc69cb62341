"""Painting a paged list's cells without the style sheet's work for each of them.

The style sheet draws an item of a table (``QTableView::item { padding: 0 6px }``) by looking
up its rules, asking the model for seven roles and laying its text out again, for every cell
at every paint: most of a list's paint, repeated at each scroll step. :class:`ListCells`
draws the same thing (the selection, the mark's icon, the text in its colour and weight,
elided at the right, the current cell's focus frame) from what it made once per cell: the
roles are asked for once (in one call per row to a paged model's ``row_look``), the style's
rectangles once per column, a text elided once for all the cells that show it and laid out
once when shown again (statuses, dates, villages repeat down a list), until the rows or
widths change. It draws a row at a time (:meth:`ListCells.draw_row`): the view's rows are
painted in one go by :class:`desktop.ui.list_painter.ListPainter`, and by Qt's table
through this delegate only where the painter leaves them to it.
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
MAX_ROWS = 400       # rows of cells kept
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


class _Shown:
    """A text as a cell shows it (elided to a width, in a font): shared by the cells that show
    the same (a status, a date, a village), laid out once (a QStaticText) when shown again."""

    __slots__ = ("line_height", "static", "text", "uses")

    def __init__(self, text: str, line_height: int) -> None:
        self.text, self.line_height, self.static, self.uses = text, line_height, None, 0


class _Cell:
    """A cell's shown text, its icon, colours and font; where its text goes (``dx``, ``dy``:
    from the cell's corner to the text's, laid out)."""

    __slots__ = ("background", "colour", "dx", "dy", "font", "geometry", "icon", "shown",
                 "width")

    def __init__(self, shown: _Shown, geometry: _Geometry, width: int, icon: QIcon | None,
                 colour: QColor | None, font: QFont, background: Any) -> None:
        self.shown, self.geometry, self.width, self.icon = shown, geometry, width, icon
        self.colour, self.font, self.background = colour, font, background
        box = geometry.text
        self.dx, self.dy = box.x(), box.y() + (box.height() - shown.line_height) // 2


class PaintLook:
    """What one paint of a list draws its cells with: the view's item option (its state
    without selection and focus), the palette's colours for it, and the painter's pen and
    font last set (set again only when they change)."""

    __slots__ = ("font", "highlight", "highlighted_text", "option", "pen", "text")

    def __init__(self, option: QStyleOptionViewItem) -> None:
        group = _NORMAL if option.state.value & _ACTIVE else _INACTIVE
        palette = option.palette
        self.option = option
        self.text = palette.color(group, _TEXT)
        self.highlight = palette.brush(group, _HIGHLIGHT)
        self.highlighted_text = palette.color(group, _HIGHLIGHTED_TEXT)
        self.pen: QColor | None = None
        self.font: QFont | None = None


class ListCells(QStyledItemDelegate):
    """The delegate of a paged list's view (:func:`desktop.ui.paged_model.follow_view`)."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._view = view
        self._cells: dict[int, dict[int, _Cell]] = {}   # row → column → its cell
        self._geometries: dict[tuple[int, int, int, bool, bool], _Geometry] = {}
        self._placeholders: dict[tuple[int, int], _Cell] = {}
        self._shown: dict[tuple[str, int, str], _Shown] = {}
        self._fonts: dict[str, QFont] = {}
        model = view.model()
        model.modelReset.connect(self.forget)
        model.layoutChanged.connect(self.forget)
        model.rowsInserted.connect(self.forget)
        model.rowsRemoved.connect(self.forget)
        model.dataChanged.connect(self._changed)
        rows_read = getattr(model, "rows_read", None)   # a paged model: its pages read
        if rows_read is not None:
            rows_read.connect(self._rows_read)

    def forget(self, *_args: Any) -> None:
        """Make every cell again (new rows, a new language). What depends on the columns'
        widths and the font only (the style's rectangles: a few ms each under the style
        sheet, the elided texts) is kept."""
        self._cells.clear()

    def _changed(self, top: QModelIndex, bottom: QModelIndex, *_roles: Any) -> None:
        self._rows_read(top.row(), bottom.row())

    def _rows_read(self, first: int, last: int) -> None:
        """The rows ``first`` to ``last`` are new: their cells are made again."""
        cells = self._cells
        if last - first + 1 < len(cells):   # a page read: fewer rows than those kept
            for row in range(first, last + 1):
                cells.pop(row, None)
            return
        for row in [r for r in cells if first <= r <= last]:
            del cells[row]

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        rect, state = option.rect, option.state.value
        self.draw_row(painter, index.row(), rect.y(), rect.height(),
                      [(index.column(), rect.x(), rect.width())], state & ~_FOCUS,
                      index.column() if state & _FOCUS else -1, PaintLook(option))

    def draw_row(self, painter: QPainter, row: int, y: int, height: int,
                 columns: list[tuple[int, int, int]], state: int, focus: int,
                 look: PaintLook) -> None:
        """The cells of ``row`` at ``y`` in ``columns`` (column, x, width; next to each
        other), in ``state`` (the style's state flags: selected, active) and the cell of
        column ``focus`` (-1: none) with the focus frame. Called for every row shown at every
        paint: flags as ints, constants and the palette's colours bound once."""
        cells = self._cells
        selected = state & _SELECTED
        if selected:
            left, right = columns[0], columns[-1]
            painter.fillRect(QRect(left[1], y, right[1] + right[2] - left[1], height),
                             look.highlight)
        row_cells = cells.get(row)
        if row_cells is None:
            row_cells = self._make_row(row, columns, look.option, y, height)
        for column, x, width in columns:
            cell = row_cells.get(column)
            if cell is None or cell.width != width:
                cell = row_cells[column] = self._make(
                    (row, column), _looks(self._view.model(), row, [column])[0], look.option,
                    QRect(x, y, width, height))
            if selected:
                pen = look.highlighted_text
            else:
                if cell.background is not None:
                    painter.fillRect(QRect(x, y, width, height), cell.background)
                pen = cell.colour if cell.colour is not None else look.text
            if pen is not look.pen:
                painter.setPen(pen)
                look.pen = pen
            if cell.icon is not None:
                cell.icon.paint(painter, cell.geometry.icon.translated(x, y), _CENTRE,
                                _ICON_SELECTED if selected else _ICON_NORMAL)
            if cell.font is not look.font:
                painter.setFont(cell.font)
                look.font = cell.font
            shown = cell.shown
            if shown.static is not None:
                painter.drawStaticText(x + cell.dx, y + cell.dy, shown.static)
            else:
                painter.drawText(cell.geometry.text.translated(x, y), _ALIGN, shown.text)
                shown.uses += 1
                if shown.uses > 1:
                    shown.static = QStaticText(shown.text)
                    shown.static.setTextFormat(Qt.TextFormat.PlainText)
            if column == focus:
                self._focus_frame(painter, look.option, QRect(x, y, width, height),
                                  state | _FOCUS, cell)
                look.pen = look.font = None    # the style may leave its own

    def _make_row(self, row: int, columns: list[tuple[int, int, int]],
                  option: QStyleOptionViewItem, y: int, height: int) -> dict[int, _Cell]:
        """The cells of ``row`` in ``columns`` (what the model gives asked for once)."""
        if len(self._cells) >= MAX_ROWS:
            self._cells.clear()
        make = self._make
        looks = _looks(self._view.model(), row, [column for column, _x, _width in columns])
        row_cells = self._cells[row] = {
            column: make((row, column), given, option, QRect(x, y, width, height))
            for (column, x, width), given in zip(columns, looks, strict=True)}
        return row_cells

    def _make(self, key: tuple[int, int], given: tuple[Any, ...] | None,
              option: QStyleOptionViewItem, rect: QRect) -> _Cell:
        """The cell at ``key`` in ``rect`` from what the model gives for it (None: a row not
        read yet)."""
        if given is None:     # a row not read yet: its placeholder, kept apart
            return self._placeholder(key, option, rect)
        text, icon, colour, font, background = given
        icon = icon if isinstance(icon, QIcon) and not icon.isNull() else None
        own_font = isinstance(font, QFont)
        font = self._font(font if own_font else None, option)
        width = rect.width()
        shape = (key[1], width, rect.height(), icon is not None, own_font)
        geometry = self._geometries.get(shape)
        if geometry is None:
            geometry = self._geometries[shape] = _Geometry(self._probe(key, option, rect),
                                                           self._view)
        text = "" if text is None else str(text)
        room = max(geometry.text.width(), 0)
        shown_key = (text, room, font.key() if own_font else "")
        shown = self._shown.get(shown_key)
        if shown is None:
            if len(self._shown) >= MAX_CELLS:
                self._shown.clear()
            metrics = QFontMetrics(font) if own_font else option.fontMetrics
            shown = self._shown[shown_key] = _Shown(metrics.elidedText(text, _ELIDE, room),
                                                    metrics.height())
        return _Cell(shown, geometry, width, icon, _colour(colour), font,
                     background if isinstance(background, (QBrush, QColor)) else None)

    def _probe(self, key: tuple[int, int], option: QStyleOptionViewItem,
               rect: QRect) -> QStyleOptionViewItem:
        """The style's option of the cell at ``key`` in ``rect``, neither selected nor focused
        (what its icon, text and focus frame are placed from)."""
        probe = QStyleOptionViewItem(option)
        probe.rect = QRect(rect)
        self.initStyleOption(probe, self._view.model().index(*key))
        probe.state &= ~(_STATE.State_Selected | _STATE.State_HasFocus)
        return probe

    def _placeholder(self, key: tuple[int, int], option: QStyleOptionViewItem,
                     rect: QRect) -> _Cell:
        shape = (key[1], rect.width())
        cell = self._placeholders.get(shape)
        if cell is None:
            probe = self._probe(key, option, rect)
            geometry = _Geometry(probe, self._view)
            metrics = option.fontMetrics
            shown = _Shown(metrics.elidedText(probe.text, _ELIDE, max(geometry.text.width(), 0)),
                           metrics.height())
            cell = self._placeholders[shape] = _Cell(shown, geometry, rect.width(), None, None,
                                                     self._font(None, option), None)
        return cell

    def _font(self, own: QFont | None, option: QStyleOptionViewItem) -> QFont:
        """The view's font, or a cell's own resolved against it (made once each)."""
        key = own.key() if own is not None else ""
        font = self._fonts.get(key)
        if font is None:
            font = self._fonts[key] = (QFont(own).resolve(option.font) if own is not None
                                       else QFont(option.font))
        return font

    def _focus_frame(self, painter: QPainter, option: QStyleOptionViewItem, rect: QRect,
                     state: int, cell: _Cell) -> None:
        frame = QStyleOptionFocusRect()
        frame.initFrom(self._view)
        frame.rect = cell.geometry.focus.translated(rect.topLeft())
        frame.state = _STATE(state) | _STATE.State_KeyboardFocusChange | _STATE.State_Item
        frame.palette = option.palette
        frame.backgroundColor = option.palette.color(
            QPalette.ColorRole.Highlight if state & _SELECTED else QPalette.ColorRole.Window)
        self._view.style().drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, frame,
                                         painter, self._view)


def _colour(value: Any) -> QColor | None:
    if isinstance(value, QColor):
        return value
    if isinstance(value, QBrush):
        return value.color()
    return None


def _looks(model: Any, row: int, columns: list[int]) -> list[tuple[Any, ...] | None]:
    """What ``model`` gives the painter for the cells of ``row`` in ``columns`` (text, icon,
    foreground, font, background; None for a row not read yet): a paged list's, in one call
    for the row (:meth:`desktop.ui.paged_model.PagedQueryModel.row_look`)."""
    row_look = getattr(model, "row_look", None)
    if row_look is None:
        return [_look(model, model.index(row, column)) for column in columns]
    looks = row_look(row)
    return [None if looks is None else looks[column] for column in columns]


def _look(model: Any, index: _Index) -> tuple[Any, ...]:
    """What a model other than a paged list gives for a cell, role by role."""
    return tuple(model.data(index, role) for role in (
        _R.DisplayRole, _R.DecorationRole, _R.ForegroundRole, _R.FontRole, _R.BackgroundRole))
