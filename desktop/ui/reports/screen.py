"""The Reports screen: filters, key figures, the tables with a chart, exports, drill-down.

All database work (computing, drill-down, export) runs on the screen's own worker thread; the
results come back by signal. The screen only needs a function that returns the open store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCharts import QChartView
from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QPainter, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.i18n import N_, current_language, fmt_number, ptr
from desktop.core.reports import (
    DrillDown,
    Period,
    Report,
    ReportRequest,
    ReportSettings,
    build_report,
    cases_behind,
    export_report,
    report_units,
)
from desktop.core.reports.periods import KINDS
from desktop.core.reports.texts import PERIOD_KINDS, month_name
from desktop.core.store import Store
from desktop.ui.reports.chart import build_chart
from desktop.ui.reports.drilldown import DrillDownDialog
from desktop.ui.reports.models import ReportTableModel
from desktop.ui.reports.worker import Jobs

StoreProvider = Callable[[], Store]
FIGURES = (("fig_cases_managed", "cases_managed_by_type"), ("fig_persons", "persons_by_age_sex"),
           ("fig_identified", "cases_identified_by_source"),
           ("fig_referrals", "referrals_by_outcome"), ("fig_visits", "visits_by_protocol"))
FIGURE_NAMES = {"fig_cases_managed": N_("Cases managed"), "fig_persons": N_("Beneficiaries"),
                "fig_identified": N_("New cases"), "fig_referrals": N_("Referrals"),
                "fig_visits": N_("Home visits")}
EXPORT_BUTTONS = {"csv": N_("Export CSV"), "xlsx": N_("Export Excel"), "pdf": N_("Export PDF")}
STYLE = """
QFrame#figure { background: #ffffff; border: 1px solid #d8dee6; border-radius: 6px; }
QLabel#figureValue { font-size: 16pt; font-weight: 600; color: #174b79; }
QLabel#figureName { color: #5f6b7a; }
QLabel#tableTitle { font-size: 12pt; font-weight: 600; }
QLabel#hint, QLabel#status { color: #5f6b7a; }
"""


class ReportsScreen(QWidget):
    """Reports for a period and unit; the public edition hides small numbers."""

    report_ready = Signal(object)   # Report
    cases_ready = Signal(object)    # DrillDown
    exported = Signal(str)          # the path written
    failed = Signal(str)            # a message for the user

    def __init__(self, store_provider: StoreProvider, parent: QWidget | None = None, *,
                 role_provider: Callable[[], str | None] | None = None,
                 settings_path: Path | None = None) -> None:
        super().__init__(parent)
        self._store_provider = store_provider
        self._role_provider = role_provider or (lambda: None)
        self._settings_path = settings_path
        self.language = current_language()
        self.report: Report | None = None
        self.request: ReportRequest | None = None
        self._units_loaded = False
        self._dialogs: list[DrillDownDialog] = []
        self.jobs = Jobs(self)
        self.jobs.busy_changed.connect(self._busy)
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.refresh)
        self.setObjectName("page")
        self.setStyleSheet(STYLE)
        self._build()

    # -- layout ---------------------------------------------------------------------------------
    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(16, 12, 16, 12)
        root.setSpacing(10)
        root.addLayout(self._filters())
        root.addLayout(self._figures_row())
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._table_list())
        splitter.addWidget(self._table_area())
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 1000])
        root.addWidget(splitter, 1)
        root.addLayout(self._bottom_row())

    def _filters(self) -> QHBoxLayout:
        t = self._t
        row = QHBoxLayout()
        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem(t(PERIOD_KINDS[kind]), kind)
        self.kind.setCurrentIndex(KINDS.index("year"))
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(dt.date.today().year)
        self.index = QComboBox()
        self.start, self.end = QDateEdit(), QDateEdit()
        for edit in (self.start, self.end):
            edit.setDisplayFormat("dd.MM.yyyy")
            edit.setCalendarPopup(True)
        today = QDate.currentDate()
        self.start.setDate(QDate(today.year(), 1, 1))
        self.end.setDate(today)
        self.unit = QComboBox()
        self.unit.addItem(t("All units"), None)
        self.unit.setMinimumWidth(200)
        self.public = QCheckBox(t("Public edition (small cells hidden)"))
        self.from_label, self.to_label = QLabel(t("From:")), QLabel(t("To:"))
        self.year_label = QLabel(t("Year:"))
        for widget in (QLabel(t("Period:")), self.kind, self.year_label, self.year, self.index,
                       self.from_label, self.start, self.to_label, self.end,
                       QLabel(t("Unit:")), self.unit, self.public):
            row.addWidget(widget)
        row.addStretch(1)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        for signal in (self.year.valueChanged, self.index.currentIndexChanged,
                       self.start.dateChanged, self.end.dateChanged,
                       self.unit.currentIndexChanged, self.public.toggled):
            signal.connect(self._changed)
        self._kind_changed()
        return row

    def _figures_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.figures: dict[str, QLabel] = {}
        for key, _ in FIGURES:
            frame = QFrame(objectName="figure")
            box = QVBoxLayout(frame)
            box.setContentsMargins(12, 6, 12, 6)
            value = QLabel("–", objectName="figureValue")
            box.addWidget(value)
            box.addWidget(QLabel(self._t(FIGURE_NAMES[key]), objectName="figureName"))
            self.figures[key] = value
            row.addWidget(frame)
        return row

    def _table_list(self) -> QListWidget:
        self.tables = QListWidget()
        self.tables.setWordWrap(True)
        self.tables.setMinimumWidth(240)
        self.tables.setAlternatingRowColors(True)
        self.tables.currentRowChanged.connect(self._show_table)
        return self.tables

    def _table_area(self) -> QWidget:
        area = QWidget()
        box = QVBoxLayout(area)
        box.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(self._t("Choose a table."), objectName="tableTitle")
        self.title.setWordWrap(True)
        box.addWidget(self.title)
        self.model = ReportTableModel(self.language, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft
                                                         | Qt.AlignmentFlag.AlignVCenter)
        self.view.doubleClicked.connect(self._drill_down)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.setWordWrap(False)
        self.chart = QChartView()
        self.chart.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart.setMinimumWidth(320)
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.addWidget(self.view)
        self.split.addWidget(self.chart)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)
        self.split.setSizes([600, 420])
        box.addWidget(self.split, 1)
        self.hint = QLabel(objectName="hint")
        self.hint.setWordWrap(True)
        box.addWidget(self.hint)
        return area

    def _bottom_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.status = QLabel(objectName="status")
        self.status.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        row.addWidget(self.status, 1)
        self.export_buttons: dict[str, QPushButton] = {}
        for fmt in ("csv", "xlsx", "pdf"):
            button = QPushButton(self._t(EXPORT_BUTTONS[fmt]))
            button.setEnabled(False)
            button.clicked.connect(lambda _=False, f=fmt: self._ask_export(f))
            row.addWidget(button)
            self.export_buttons[fmt] = button
        return row

    # -- filters --------------------------------------------------------------------------------
    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        self.index.blockSignals(True)
        self.index.clear()
        if kind == "month":
            for month in range(1, 13):
                self.index.addItem(month_name(month, self.language), month)
            self.index.setCurrentIndex(dt.date.today().month - 1)
        elif kind in ("quarter", "half"):
            for n in range(1, 5 if kind == "quarter" else 3):
                period = Period.quarter(2000, n) if kind == "quarter" else Period.half(2000, n)
                self.index.addItem(period.label(self.language).replace(" 2000", ""), n)
        self.index.blockSignals(False)
        ranged = kind == "range"
        self.index.setVisible(kind in ("month", "quarter", "half"))
        for widget in (self.year, self.year_label):
            widget.setVisible(not ranged)
        for widget in (self.start, self.end, self.from_label, self.to_label):
            widget.setVisible(ranged)
        self._changed()

    def _changed(self) -> None:
        if self.report is not None or self.jobs.busy:
            self._debounce.start()

    def period(self) -> Period:
        kind, year = self.kind.currentData(), self.year.value()
        n = self.index.currentData() or 1
        if kind == "month":
            return Period.month(year, n)
        if kind == "quarter":
            return Period.quarter(year, n)
        if kind == "half":
            return Period.half(year, n)
        if kind == "range":
            start, end = self.start.date().toPython(), self.end.date().toPython()
            return Period.between(min(start, end), max(start, end))
        return Period.year(year)

    def current_request(self) -> ReportRequest:
        return ReportRequest(self.period(), unit=self.unit.currentData(),
                             language=self.language, public=self.public.isChecked())

    # -- work -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Compute the report for the current filters (on the worker thread)."""
        request = self.current_request()
        self.request = request
        settings_path = self._settings_path
        provider = self._store_provider
        load_units = not self._units_loaded

        def work() -> tuple[Report, list[str] | None]:
            store = provider()
            report = build_report(store, request, ReportSettings.load(settings_path))
            return report, report_units(store) if load_units else None

        self.status.setText(self._t("Calculating…"))
        self.jobs.run("report", work, self._on_report, self._on_error)

    def _on_report(self, result: tuple[Report, list[str] | None]) -> None:
        report, units = result
        if units is not None:
            self._fill_units(units)
        self.report = report
        selected = max(self.tables.currentRow(), 0)
        self.tables.blockSignals(True)
        self.tables.clear()
        for number, table in enumerate(report.tables, start=1):
            QListWidgetItem(f"{number}. {table.title}", self.tables)
        self.tables.blockSignals(False)
        self.tables.setCurrentRow(min(selected, len(report.tables) - 1))
        self._show_table(self.tables.currentRow())
        self._show_figures(report)
        self.status.setText(self._t("{cases} cases managed, {persons} beneficiaries · "
                                    "calculated in {seconds} s",
                                    cases=_number(report.cases_managed, self.language),
                                    persons=_number(report.persons, self.language),
                                    seconds=fmt_number(report.seconds, self.language, 1)))
        for button in self.export_buttons.values():
            button.setEnabled(True)
        self.report_ready.emit(report)

    def _fill_units(self, units: list[str]) -> None:
        self._units_loaded = True
        self.unit.blockSignals(True)
        current = self.unit.currentData()
        for unit in units:
            self.unit.addItem(unit, unit)
        self.unit.setCurrentIndex(max(self.unit.findData(current), 0))
        self.unit.blockSignals(False)

    def _show_figures(self, report: Report) -> None:
        for key, table_key in FIGURES:
            table = report.table(table_key)
            n_rows, n_cols = table.shape
            self.figures[key].setText(_number(table.value(n_rows, n_cols), self.language)
                                      if table.value(n_rows, n_cols) is not None
                                      else table.text(n_rows, n_cols, self.language))

    def _show_table(self, row: int) -> None:
        if self.report is None or not 0 <= row < len(self.report.tables):
            return
        table = self.report.tables[row]
        self.model.set_table(table, self.language)
        self.title.setText(table.title)
        header = self.view.horizontalHeader()
        self.view.resizeColumnsToContents()
        header.resizeSection(0, min(max(header.sectionSize(0), 180), 360))
        for column in range(1, self.model.columnCount()):
            header.resizeSection(column, min(max(header.sectionSize(column), 52), 130))
        self._share_width(header.length() + self.view.verticalScrollBar().sizeHint().width() + 4)
        self.chart.setChart(build_chart(table))
        notes = list(table.notes)
        if table.unique_source:
            unique = _number(table.unique_total, self.language) if table.unique_total is not None \
                else table.unique_text(self.language)
            notes.insert(0, f"{self._t('Persons (each counted once)')}: {unique}")
        notes.append(self._t("The public edition does not show the cases behind the numbers."
                             if self.report.public else
                             "Double-click a number to see the cases behind it."))
        if self.report.public:
            notes += [self._t("<5: from 1 to 4 (hidden to protect the persons)"),
                      self._t("x: also hidden, so that small numbers cannot be worked out "
                              "from the totals")]
        self.hint.setText("   ·   ".join(notes))

    def _share_width(self, table_width: int) -> None:
        """Give the table the width it needs, the chart the rest (at least its minimum)."""
        total = sum(self.split.sizes()) or 1020
        chart = max(self.chart.minimumWidth(), total - table_width)
        self.split.setSizes([total - chart, chart])

    # -- drill-down -----------------------------------------------------------------------------
    def _drill_down(self, index: QModelIndex) -> None:
        position = self.model.cell_position(index)
        table = self.model.table
        if position is None or table is None or self.report is None or self.request is None:
            return
        if self.report.public:
            self.status.setText(self._t("The public edition does not show the cases behind "
                                        "the numbers."))
            return
        self.drill_down(self.tables.currentRow(), *position)

    def drill_down(self, table_number: int, row: int, column: int) -> None:
        """List the cases behind a number (row/column index of the extended grid)."""
        assert self.report is not None and self.request is not None
        table = self.report.tables[table_number]
        request, provider, role = self.request, self._store_provider, self._role_provider()
        settings_path = self._settings_path

        def work() -> DrillDown:
            return cases_behind(provider(), request, table, row, column, role=role,
                                settings=ReportSettings.load(settings_path))

        name = f"{table.title} · {self.model._text(row, 0)}"
        if column < table.shape[1]:
            name += f" · {table.column_labels[column]}"
        self.jobs.run("cases", work, lambda found: self._on_cases(found, name), self._on_error)

    def _on_cases(self, found: DrillDown, name: str) -> None:
        profile = self._store_provider().profile
        dialog = DrillDownDialog(found, name, profile, self.language, self)
        self._dialogs = [d for d in self._dialogs if d.isVisible()] + [dialog]
        dialog.show()
        self.cases_ready.emit(found)

    # -- export ---------------------------------------------------------------------------------
    def _ask_export(self, fmt: str) -> None:
        if self.report is None:
            return
        suggested = f"raporti_{self.report.period.code()}{'_publik' if self.report.public else ''}"
        path, _ = QFileDialog.getSaveFileName(self, self._t("Save the report as"),
                                              str(Path.home() / f"{suggested}.{fmt}"),
                                              f"{fmt.upper()} (*.{fmt})")
        if path:
            self.export_to(Path(path), fmt)

    def export_to(self, path: Path, fmt: str) -> None:
        """Write the report shown to ``path`` (on the worker thread; audited)."""
        report, provider = self.report, self._store_provider
        if report is None:
            return
        if Path(path).suffix.lower() != f".{fmt}":
            path = Path(f"{path}.{fmt}")

        def work() -> Path:
            return export_report(provider(), report, path, fmt)

        self.jobs.run("export", work, self._on_exported, self._on_export_error)

    def _on_exported(self, path: Path) -> None:
        self.status.setText(self._t("Saved: {file}", file=Path(path).name))
        self.exported.emit(str(path))

    def _on_export_error(self, error: Exception) -> None:
        message = self._t("The export failed: {error}", error=str(error))
        self.status.setText(message)
        self.failed.emit(message)

    def _on_error(self, error: Exception) -> None:
        message = self._t("The report could not be calculated: {error}", error=str(error))
        self.status.setText(message)
        self.failed.emit(message)

    # -- misc -----------------------------------------------------------------------------------
    def _busy(self, busy: bool) -> None:
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self.report is None and not self.jobs.busy:
            self.refresh()

    def _t(self, message: str, /, **values: object) -> str:
        return ptr("report", message, self.language, **values)


def _number(value: int | None, language: str) -> str:
    return "–" if value is None else fmt_number(value, language)
