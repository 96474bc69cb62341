"""The reports screen's lower half: the list of tables, and the table chosen with its title,
its chart beside it and the notes under it.

The screen makes it once its filters are laid out and painted (or as soon as something needs
it): the two halves are laid out in two turns of the event loop, neither keeping the window
from answering.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCharts import QChartView
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.reports.model import Table
from desktop.ui.reports.chart import build_chart
from desktop.ui.reports.models import ReportTableModel
from desktop.ui.reports.sizing import fit_columns, table_list


class TablesPane(QSplitter):
    """``tables`` (the list) beside ``title``, ``view`` and ``chart`` (in ``split``) and
    ``hint``; ``chosen(row)`` when a table is chosen in the list, ``activated(index)`` on a
    cell (a double click or Enter)."""

    def __init__(self, model: ReportTableModel, choose_text: str,
                 chosen: Callable[[int], None], activated: Callable[[QModelIndex], None]
                 ) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        self.model = model
        self.tables = table_list(QListWidget(self))
        self.tables.setMinimumWidth(240)
        self.tables.setAlternatingRowColors(True)
        self.tables.currentRowChanged.connect(chosen)
        self.addWidget(self.tables)
        self.addWidget(self._table_area(choose_text, activated))
        self.setStretchFactor(1, 1)
        self.setSizes([300, 1000])

    def _table_area(self, choose_text: str, activated: Callable[[QModelIndex], None]
                    ) -> QWidget:
        area = QWidget(self)
        box = QVBoxLayout(area)
        box.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(choose_text, area, objectName="reportTableTitle")
        self.title.setWordWrap(True)
        box.addWidget(self.title)
        self.split = QSplitter(Qt.Orientation.Horizontal, area)
        self.view = QTableView(self.split)
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft
                                                         | Qt.AlignmentFlag.AlignVCenter)
        self.view.activated.connect(activated)   # a double click, or Enter on a cell
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.setWordWrap(False)
        self.chart = QChartView(self.split)
        self.chart.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart.setMinimumWidth(320)
        self.split.addWidget(self.view)
        self.split.addWidget(self.chart)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)
        self.split.setSizes([600, 420])
        box.addWidget(self.split, 1)
        self.hint = QLabel(area, objectName="hint")
        self.hint.setWordWrap(True)
        box.addWidget(self.hint)
        return area

    def list_tables(self, entries: list[tuple[str, str]]) -> None:
        """The list of tables, each a (label, tooltip). The same as listed (a report computed
        again) stays as it is; else it is filled anew, on the same row where it still has
        one, without saying so (the caller shows the table)."""
        tables = self.tables
        if entries == [(tables.item(i).text(), tables.item(i).toolTip())
                       for i in range(tables.count())]:
            return
        selected = max(tables.currentRow(), 0)
        tables.blockSignals(True)
        tables.clear()
        for text, tooltip in entries:
            QListWidgetItem(text, tables).setToolTip(tooltip)
        tables.setCurrentRow(min(selected, len(entries) - 1))
        tables.blockSignals(False)

    def show_table(self, table: Table, language: str, notes: str) -> bool:
        """The table (its chart comes with :meth:`show_chart`); False when the same table was
        shown already, left as it was (its columns' widths, its scroll and chosen cell)."""
        model = self.model
        if model.table == table and model.language == language and self.hint.text() == notes:
            return False
        model.set_table(table, language)
        self.title.setText(table.title)
        self._share_width(fit_columns(self.view, self.split, self.chart.minimumWidth()))
        self.hint.setText(notes)
        return True

    def show_chart(self, table: Table) -> None:
        shown = self.chart.chart()
        self.chart.setChart(build_chart(table))
        shown.deleteLater()  # the view lets go of its old chart but does not delete it

    def _share_width(self, table_width: int) -> None:
        """Give the table the width it needs, the chart the rest (at least its minimum)."""
        total = sum(self.split.sizes()) or 1020
        chart = max(self.chart.minimumWidth(), total - table_width)
        if total - chart < table_width:  # a wide table: the chart makes way (drag it back)
            chart = 0
        self.split.setSizes([total - chart, chart])
