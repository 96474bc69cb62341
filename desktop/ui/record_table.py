"""A case tab's table of records: rows of text a model hands to a view as they are shown.

A case's history holds up to 500 entries, each opening of the case adding one. Made as a
QTableWidget, every cell was an item made at once (2,500 for the history, each with its
Python wrapper for the collector to walk), whether or not it was ever scrolled to. Here the
rows' texts may be made on demand (:class:`LazyRows`), and the view asks only for those it
paints.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar, overload

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desktop.ui.widgets import ROW_HEIGHT

Entry = TypeVar("Entry")
Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole


class LazyRows(Sequence[Sequence[str]], Generic[Entry]):
    """The rows of ``entries``, each made by ``make`` the first time it is read."""

    def __init__(self, entries: Sequence[Entry], make: Callable[[Entry], Sequence[str]]) -> None:
        self._entries = entries
        self._make = make
        self._made: dict[int, Sequence[str]] = {}

    def __len__(self) -> int:
        return len(self._entries)

    @overload
    def __getitem__(self, index: int) -> Sequence[str]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Sequence[str]]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        row = self._made.get(index)
        if row is None:
            row = self._made[index] = self._make(self._entries[index])
        return row


class RowsModel(QAbstractTableModel):
    """Headers, rows of text and, per row, the id of its record (in column 0's UserRole)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._headers: Sequence[str] = ()
        self._rows: Sequence[Sequence[str]] = ()
        self._ids: Sequence[str | None] = ()

    def set_rows(self, headers: Sequence[str], rows: Sequence[Sequence[str]],
                 ids: Sequence[str | None] = ()) -> None:
        self.beginResetModel()
        self._headers, self._rows, self._ids = list(headers), rows, ids
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self._headers)):
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            cells = self._rows[row]
            return cells[column] if column < len(cells) else ""
        if role == ID_ROLE and column == 0 and row < len(self._ids):
            return self._ids[row]
        return None


class RecordTable(QTableView):
    """Rows of records, chosen a whole row at a time. ``selection_changed`` when the chosen
    rows change (also when new rows take the old ones' place), ``current_row_changed(row)``
    when the keyboard's row does."""

    selection_changed = Signal()
    current_row_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows_model = RowsModel(self)
        self.setModel(self.rows_model)
        records_look(self)
        selection = self.selectionModel()
        selection.selectionChanged.connect(self.selection_changed)
        selection.currentRowChanged.connect(
            lambda current, _previous: self.current_row_changed.emit(current.row()))
        self.rows_model.modelReset.connect(self.selection_changed)

    def show_rows(self, headers: Sequence[str], rows: Sequence[Sequence[str]],
                  widths: Sequence[int] = (), ids: Sequence[str | None] = ()) -> None:
        self.rows_model.set_rows(headers, rows, ids)
        set_column_widths(self, headers, widths)

    def rowCount(self) -> int:  # noqa: N802 (as QTableWidget says it)
        return self.rows_model.rowCount()

    def currentRow(self) -> int:  # noqa: N802
        return self.currentIndex().row()

    def cell_text(self, row: int, column: int) -> str:
        return str(self.rows_model.index(row, column).data() or "")

    def record_id(self, row: int) -> str | None:
        value = self.rows_model.index(row, 0).data(ID_ROLE)
        return str(value) if value else None


def records_look(view: QTableView) -> None:
    """Read-only rows chosen one at a time, of one line each, without a grid."""
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def set_column_widths(view: QTableView, headers: Sequence[str], widths: Sequence[int]) -> None:
    """The first columns' widths, never narrower than their headings (Serbian is long)."""
    font = QFont(view.horizontalHeader().font())
    font.setWeight(QFont.Weight.DemiBold)  # as the style sheet draws headings
    metrics = QFontMetrics(font)
    for column, width in enumerate(widths):
        view.setColumnWidth(column, max(width, metrics.horizontalAdvance(headers[column]) + 24))
