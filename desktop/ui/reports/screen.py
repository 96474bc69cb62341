"""The Reports screen: filters, key figures, the tables with a chart, exports, drill-down.

Computing, drilling down and exporting run on the vault's database thread through the
operations API, like every screen's work; the results come back here. Locking interrupts a
report being computed at once (its long SQL statement is interrupted, nothing is kept).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.core.changes import NOTHING
from desktop.core.i18n import N_, current_language, fmt_number, ptr
from desktop.core.progress import Cancelled, Progress
from desktop.core.reports import (
    DrillDown,
    Report,
    ReportRequest,
    ReportSettings,
    cases_behind,
    export_report,
    report_units,
)
from desktop.core.reports.cache import records_cache
from desktop.core.reports.chosen import build_chosen_report
from desktop.core.reports.definitions import list_label, plan_choices
from desktop.core.reports.model import Table
from desktop.core.store import Store
from desktop.ui.dialog_launcher import collect_when_deleted
from desktop.ui.ops import ChangeOp, Operations, QueryOp
from desktop.ui.reports.drilldown import DrillDownDialog
from desktop.ui.reports.figures import KeyFigures, number_text, table_notes
from desktop.ui.reports.filters import ReportFilters
from desktop.ui.reports.models import ReportTableModel
from desktop.ui.reports.tables import TablesPane
from sync.profile import Profile

Lists = tuple[list[str], list[tuple[str, str]]] | None  # units and plans, loaded once
EXPORT_BUTTONS = {"csv": N_("Export CSV"), "xlsx": N_("Export Excel"), "pdf": N_("Export PDF")}
TABLES_AT = 2  # the screen's column: filters, key figures, the tables, the status line
# (their look: the application's style sheet; one set here restyled the whole screen each
# time it was put in its place)


class ReportsScreen(QWidget):
    """Reports for a period and unit; the public edition hides small numbers."""

    report_ready = Signal(object)   # Report
    cases_ready = Signal(object)    # DrillDown
    exported = Signal(str)          # the path written
    failed = Signal(str)            # a message for the user

    def __init__(self, ops: Operations, parent: QWidget | None = None, *,
                 role_provider: Callable[[], str | None] | None = None,
                 settings_path: Path | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._role_provider = role_provider or (lambda: None)
        self._settings_path = settings_path
        self.language = current_language()
        self.report: Report | None = None
        self.request: ReportRequest | None = None
        self._dialogs: list[DrillDownDialog] = []
        self._running = 0
        # the newest request of each kind ("report", "cases"): an older one is skipped or
        # its result dropped (a plain dict: the database thread reads it)
        self._newest: dict[str, int] = {}
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.refresh)
        self.setObjectName("page")
        self._build()

    # -- layout ---------------------------------------------------------------------------------
    def _build(self) -> None:
        """Nothing but the column now; then, one turn of the event loop each, the filters, key
        figures and status line (:meth:`_parts`), and the tables with their chart
        (:attr:`pane`), so that no turn keeps the window from answering. Whatever asks for a
        part earlier gets it (and those before it) at once."""
        self._root = root = QVBoxLayout(self)
        root.setContentsMargins(16, 12, 16, 12)
        root.setSpacing(10)
        self.model = ReportTableModel(self.language, self)
        self._built_top = False
        self._refresh_when_built = False
        self._pane: TablesPane | None = None
        self._chart_for: tuple[int, Table] | None = None
        self._chart_timer = QTimer(self, singleShot=True, interval=0)
        self._chart_timer.timeout.connect(self._show_chart)
        # a zero timer runs after the events waiting: the part before is laid out and painted
        self._later(self._build_top)

    def _later(self, build: Callable[[], object]) -> None:
        later = QTimer(self, singleShot=True, interval=0)
        later.timeout.connect(build)
        later.start()

    def _parts(self) -> ReportsScreen:
        """The screen, with its filters, key figures and status line made."""
        if not self._built_top:
            self._build_top()
        return self

    def _build_top(self) -> None:
        if self._built_top:
            return
        self._built_top = True
        root = self._root
        root.addWidget(self._filters())
        self._key_figures = KeyFigures(self._t, self.language)
        root.addWidget(self._key_figures)
        root.addStretch(1)  # the tables' place
        root.addLayout(self._bottom_row())
        if self._pane is None:
            self._later(lambda: self.pane)
        if self._refresh_when_built:
            self._refresh_when_built = False
            if self.isVisible() and self.report is None and not self.busy:
                self.refresh()

    @property
    def pane(self) -> TablesPane:
        """The tables and their chart, made and put on the screen the first time asked."""
        if self._pane is None:
            self._parts()
            self._pane = TablesPane(self.model, self._t("Choose a table."), self._show_table,
                                    self._drill_down)
            self._root.takeAt(TABLES_AT)
            self._root.insertWidget(TABLES_AT, self._pane, 1)
        return self._pane

    tables = property(lambda self: self.pane.tables)
    view = property(lambda self: self.pane.view)
    chart = property(lambda self: self.pane.chart)
    split = property(lambda self: self.pane.split)
    title = property(lambda self: self.pane.title)
    hint = property(lambda self: self.pane.hint)
    filters = property(lambda self: self._parts()._filters_row)
    kind = property(lambda self: self.filters.kind)
    year = property(lambda self: self.filters.year)
    index = property(lambda self: self.filters.index)
    unit = property(lambda self: self.filters.unit)
    public = property(lambda self: self.filters.public)
    start = property(lambda self: self.filters.start)
    end = property(lambda self: self.filters.end)
    key_figures = property(lambda self: self._parts()._key_figures)
    figures = property(lambda self: self.key_figures.values)
    status = property(lambda self: self._parts()._status)
    export_buttons = property(lambda self: self._parts()._export_buttons)

    def _filters(self) -> ReportFilters:
        self._filters_row = ReportFilters(self._t, self.language)
        self._filters_row.changed.connect(self._changed)
        return self._filters_row

    def _bottom_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self._status = QLabel(objectName="reportStatus")
        self._status.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        row.addWidget(self._status, 1)
        self._export_buttons: dict[str, QPushButton] = {}
        for fmt in ("csv", "xlsx", "pdf"):
            button = QPushButton(self._t(EXPORT_BUTTONS[fmt]))
            button.setEnabled(False)
            button.clicked.connect(lambda _=False, f=fmt: self._ask_export(f))
            row.addWidget(button)
            self._export_buttons[fmt] = button
        return row

    # -- filters ---------------------------------------------------------------------------------
    def _changed(self) -> None:
        if self.report is not None or self.busy:
            self._debounce.start()

    def current_request(self) -> ReportRequest:
        return self.filters.request()

    # -- work -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Compute the report for the current filters (on the database thread)."""
        request = self.current_request()
        self.request = request
        settings_path, plan = self._settings_path, self.filters.plan.currentData()
        load_lists = not self.filters.units_loaded

        def work(store: Store, progress: Progress) -> tuple[Report, Lists]:
            try:
                with records_cache(store).stopping_on(progress):   # locking stops it at once
                    report = build_chosen_report(store, request, plan,
                                                 ReportSettings.load(settings_path))
            except Exception:
                if progress.cancelled:
                    raise Cancelled() from None
                raise
            return report, (report_units(store), plan_choices(
                store.profile, request.language, store)) if load_lists else None

        self.status.setText(self._t("Calculating…"))
        self._read("report", work, self._on_report)

    def _on_report(self, result: tuple[Report, Lists]) -> None:
        report, lists = result
        if lists is not None:
            self.filters.fill_units(lists[0])
            self.filters.fill_plans(lists[1])
        self.report = report
        self.pane.list_tables([(list_label(number, table.title, table.target, self.language),
                                table.title) for number, table in enumerate(report.tables, 1)])
        self._show_table(self.tables.currentRow())   # the table is shown once, here
        self.key_figures.show_report(report)
        self.status.setText(self._t("{cases} cases managed, {persons} beneficiaries · "
                                    "calculated in {seconds} s",
                                    cases=number_text(report.cases_managed, self.language),
                                    persons=number_text(report.persons, self.language),
                                    seconds=fmt_number(report.seconds, self.language, 1)))
        for button in self.export_buttons.values():
            button.setEnabled(True)
        self.report_ready.emit(report)

    def _show_table(self, row: int) -> None:
        if self.report is None or not 0 <= row < len(self.report.tables):
            return
        table = self.report.tables[row]
        if not self.pane.show_table(table, self.language,
                                    table_notes(table, self.report.public, self.language, self._t)):
            return   # the same table as shown (a report computed again): nor is its chart new
        # the chart one turn of the event loop later: the table is on screen meanwhile (a
        # timer: a call posted to the queue ran in the same turn, the queue being emptied)
        self._chart_for = (row, table)
        self._chart_timer.start()

    def _show_chart(self) -> None:
        if self._chart_for is None:
            return
        row, table = self._chart_for
        self._chart_for = None
        if self.report is not None and table in self.report.tables[row:row + 1]:  # still shown
            self.pane.show_chart(table)

    # -- drill-down -----------------------------------------------------------------------------
    def _drill_down(self, index: QModelIndex) -> None:
        position = self.model.cell_position(index)
        table = self.model.table
        if (position is None or table is None or not table.source  # years side by side
                or self.report is None or self.request is None):
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
        request, role = self.request, self._role_provider()
        settings_path = self._settings_path

        def work(store: Store, _progress: Progress) -> tuple[DrillDown, Profile]:
            return cases_behind(store, request, table, row, column, role=role,
                                settings=ReportSettings.load(settings_path)), store.profile

        name = f"{table.title} · {self.model._text(row, 0)}"
        if column < table.shape[1]:
            name += f" · {table.column_labels[column]}"
        self._read("cases", work, lambda result: self._on_cases(*result, name))

    def _on_cases(self, found: DrillDown, profile: Profile, name: str) -> None:
        dialog = DrillDownDialog(found, name, profile, self.language, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)   # not kept once closed
        collect_when_deleted(dialog)
        self._dialogs.append(dialog)
        dialog.finished.connect(lambda _result, shown=dialog: self._dialogs.remove(shown))
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
        """Write the report shown to ``path`` (on the database thread; audited)."""
        report = self.report
        if report is None:
            return
        if Path(path).suffix.lower() != f".{fmt}":
            path = Path(f"{path}.{fmt}")

        # a write (the audit log): it still runs when the vault locks right after the click
        export = ChangeOp(self._ops, parent=self, op=lambda store: export_report(
            store, report, path, fmt), changes=NOTHING)
        self._started()
        export.success(self._finished(self._on_exported)).failure(
            self._finished(self._on_export_error)).cancelled(self._finished(None)).run()

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

    # -- running work ----------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        """Whether a report, drill-down or export asked for here has not come back yet."""
        return self._running > 0

    def _read(self, kind: str, work: Callable[[Store, Progress], Any],
              done: Callable[[Any], None]) -> None:
        """Run ``work`` on the database thread; only the newest of ``kind`` delivers (an
        older one still queued is skipped)."""
        newest = self._newest
        serial = newest[kind] = newest.get(kind, 0) + 1

        def run(store: Store, progress: Progress) -> Any:
            if newest.get(kind) != serial:
                return None
            return work(store, progress)

        def deliver(result: Any) -> None:
            if newest.get(kind) == serial:
                done(result)

        def failed(error: Exception) -> None:
            if newest.get(kind) == serial:
                self._on_error(error)

        self._started()
        QueryOp(self._ops, parent=self, op=run).with_progress().success(
            self._finished(deliver)).failure(self._finished(failed)).cancelled(
            self._finished(None)).run()

    def _started(self) -> None:
        if not self._ops.is_running:
            return   # the vault is locking: nothing more runs, nothing comes back
        self._running += 1
        self.setCursor(Qt.CursorShape.BusyCursor)

    def _finished(self, then: Callable[..., None] | None) -> Callable[..., None]:
        def finish(*args: Any) -> None:
            self._running = max(self._running - 1, 0)
            if not self._running:
                self.setCursor(Qt.CursorShape.ArrowCursor)
            if then is not None:
                then(*args)
        return finish

    # -- misc -----------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._built_top:   # computed once the filters are made, in their turn
            self._refresh_when_built = True
        elif self.report is None and not self.busy:
            self.refresh()

    def _t(self, message: str, /, **values: object) -> str:
        return ptr("report", message, self.language, **values)

