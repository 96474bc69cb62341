"""The widgets the case view is made of: small tables of records with a line of actions
and an empty-state line, and helpers to fill and empty them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import shiboken6
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLayout,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.record_table import LazyRows, RecordTable, records_look, set_column_widths
from desktop.ui.widgets import label

__all__ = ["LazyRows", "RecordTab", "fill_table", "small_table", "take_all"]


def small_table(columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    records_look(table)
    return table


def fill_table(table: QTableWidget, headers: Sequence[str], rows: Sequence[Sequence[str]],
               widths: Sequence[int] = (), ids: Sequence[str | None] = ()) -> None:
    table.clearContents()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(value)
            if c == 0 and r < len(ids):
                item.setData(Qt.ItemDataRole.UserRole, ids[r])
            table.setItem(r, c, item)
    set_column_widths(table, headers, widths)


class RecordTab(QWidget):
    """A tab with a line of actions above a table of records, and an empty-state line.

    The table is made when the tab is first shown or asked for (a case has nine tabs, and a
    table is the costliest widget of one): rows given before wait for it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actions = QHBoxLayout()
        self.actions.setSpacing(8)
        self._table: RecordTable | None = None
        self._waiting: tuple[Sequence[str], Sequence[Sequence[str]], Sequence[int],
                             Sequence[str | None]] | None = None
        self._open_id: Callable[[str], None] | None = None
        self.empty = label("", "muted")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.extra = QVBoxLayout()
        self.footer = QVBoxLayout()
        self._column = column = QVBoxLayout(self)
        column.setContentsMargins(14, 12, 14, 14)
        column.setSpacing(10)
        column.addLayout(self.actions)
        column.addLayout(self.extra)
        column.addWidget(self.empty)      # the table goes above it
        column.addLayout(self.footer)

    @property
    def table(self) -> RecordTable:
        if self._table is None:
            self._table = table = RecordTable()
            self._column.insertWidget(self._column.indexOf(self.empty), table, 1)
            if self._waiting is not None:
                headers, rows, widths, ids = self._waiting
                self._waiting = None
                table.show_rows(headers, rows, widths, ids)
                table.setVisible(bool(rows))
            if self._open_id is not None:
                self._connect_open(self._open_id)
        return self._table

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        _ = self.table
        super().showEvent(event)

    def show_rows(self, headers: Sequence[str], rows: Sequence[Sequence[str]],
                  widths: Sequence[int] = (), empty_text: str = "",
                  ids: Sequence[str | None] = ()) -> None:
        """``rows`` may be :class:`LazyRows`: only the rows shown are made."""
        if self._table is None:
            self._waiting = (headers, rows, widths, ids)
        else:
            self._table.show_rows(headers, rows, widths, ids)
            self._table.setVisible(bool(rows))
        self.empty.setText(empty_text)
        self.empty.setVisible(not rows)

    def set_extra(self, text: str) -> None:
        """A line of text above the table (nothing for "")."""
        take_all(self.extra)
        if text:
            self.extra.addWidget(label(text, "muted", wrap=True))

    def open_on_double_click(self, open_id: Callable[[str], None]) -> None:
        """Double-clicking a row opens the id kept in its first cell (once connected)."""
        if self._open_id is not None:
            return
        self._open_id = open_id
        if self._table is not None:
            self._connect_open(open_id)

    def _connect_open(self, open_id: Callable[[str], None]) -> None:
        table = self.table

        def activated(index: QModelIndex) -> None:
            record_id = table.record_id(index.row())
            if record_id:
                open_id(record_id)

        table.doubleClicked.connect(activated)


def take_all(layout: QLayout, delete_widgets: bool = True) -> None:
    """Take every item out of ``layout``; their widgets are deleted (later), or only taken out
    to be placed again (``delete_widgets=False``)."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None and delete_widgets:
            widget.deleteLater()
        # a taken item is the taker's to delete (Qt does not): left alone, every refill of the
        # case view's grids kept its items for good, some 45 each time a case was shown
        shiboken6.delete(item)
