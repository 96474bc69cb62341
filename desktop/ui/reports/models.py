"""Qt models of a report table and of the list of cases behind a number."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.core.i18n import N_, ptr
from desktop.core.reports.drilldown import CaseRow
from desktop.core.reports.model import Table
from desktop.core.reports.periods import format_date

TOTAL_BACKGROUND = QColor("#e8eef5")
HIDDEN_FOREGROUND = QColor("#8a5a00")
Index = QModelIndex | QPersistentModelIndex


class ReportTableModel(QAbstractTableModel):
    """Column 0 holds the row labels; then the counts, the row total and any side columns.
    The last row holds the column totals."""

    def __init__(self, language: str = "sq", parent: Any = None) -> None:
        super().__init__(parent)
        self.language = language
        self.table: Table | None = None
        # each cell's text, formatted once per table (a paint asks for every cell shown, and
        # a number's formatting in the language's style is the costliest part of that)
        self._texts: dict[tuple[int, int], str] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    def set_table(self, table: Table | None, language: str | None = None) -> None:
        self.beginResetModel()
        self.table = table
        self.language = language or self.language
        self._texts = {}
        self.endResetModel()

    # -- shape ----------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() or self.table is None else self.table.shape[0] + 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        if parent.isValid() or self.table is None:
            return 0
        return self.table.shape[1] + 2 + len(self.table.side)

    def cell_position(self, index: Index) -> tuple[int, int] | None:
        """The (row, column) of the table's extended grid at ``index``; None for labels and
        side columns."""
        if self.table is None or not index.isValid():
            return None
        column = index.column() - 1
        if column < 0 or column > self.table.shape[1]:
            return None
        return index.row(), column

    # -- content --------------------------------------------------------------------------------
    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        table = self.table
        # the tooltip: the whole heading, where a narrow column cuts it
        if table is None or role not in (Qt.ItemDataRole.DisplayRole,
                                         Qt.ItemDataRole.ToolTipRole):
            return None
        if orientation == Qt.Orientation.Vertical:
            return None
        n_cols = table.shape[1]
        if section == 0:
            return table.row_heading
        if section <= n_cols:
            return table.column_labels[section - 1]
        if section == n_cols + 1:
            return ptr("report", "Total", self.language)
        return table.side[section - n_cols - 2].label

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        table = self.table
        if table is None or not index.isValid():
            return None
        row, col = index.row(), index.column()
        n_rows, n_cols = table.shape
        is_total = row == n_rows or col == n_cols + 1
        if role == Qt.ItemDataRole.DisplayRole or (
                role == Qt.ItemDataRole.ToolTipRole and col == 0):  # a label cut short, whole
            text = self._texts.get((row, col))
            if text is None:
                text = self._texts[row, col] = self._text(row, col)
            return text
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and (is_total or col == 0 and row == n_rows):
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole and is_total:
            return QBrush(TOTAL_BACKGROUND)
        position = self.cell_position(index)
        if position is not None and position in table.hidden:
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(HIDDEN_FOREGROUND)
            if role == Qt.ItemDataRole.ToolTipRole:
                return ptr("report", "<5: from 1 to 4 (hidden to protect the persons)"
                           if position in table.small else "x: also hidden, so that small "
                           "numbers cannot be worked out from the totals", self.language)
        return None

    def _text(self, row: int, col: int) -> str:
        table = self.table
        assert table is not None
        n_rows, n_cols = table.shape
        if col == 0:
            return table.row_labels[row] if row < n_rows else ptr("report", "Total", self.language)
        if col <= n_cols + 1:
            return table.text(row, col - 1, self.language)
        side = table.side[col - n_cols - 2]
        key = -1 if row == n_rows else row
        return side.text(side.value_at(key), key, self.language)


class CaseListModel(QAbstractTableModel):
    """The cases behind a number: case number, beneficiary, type, status, place, opened."""

    COLUMNS = (N_("Case no."), N_("Beneficiary"), N_("Type"), N_("Status"), N_("Unit"),
               N_("Village"), N_("Opened"))

    def __init__(self, rows: tuple[CaseRow, ...], labels: dict[str, dict[str, str]],
                 language: str = "sq", parent: Any = None) -> None:
        super().__init__(parent)
        self.rows = rows
        self.labels = labels  # code lists: {"case_type": {code: label}, "status": {...}}
        self.language = language

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return ptr("report", self.COLUMNS[section], self.language)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        case = self.rows[index.row()]
        return (case.case_number, case.beneficiary,
                self.labels["case_type"].get(case.case_type, case.case_type),
                self.labels["status"].get(case.status, case.status), case.unit, case.village,
                format_date_text(case.opened_on))[index.column()]


def format_date_text(value: str) -> str:
    import datetime as dt

    try:
        return format_date(dt.date.fromisoformat(value))
    except ValueError:
        return value
