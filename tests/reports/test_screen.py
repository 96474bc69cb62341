"""The Reports screen with pytest-qt: computed on the vault's database thread when shown,
drilled into and exported with the keyboard, interrupted by locking."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget
from shiboken6 import isValid

from desktop.core.reports import DrillDown, Report
from desktop.core.reports.cache import records_cache
from desktop.core.reports.model import Table
from desktop.ui.ops import Operations
from desktop.ui.reports.drilldown import DrillDownDialog
from desktop.ui.reports.screen import ReportsScreen
from tests.reports.caseload import Caseload

WAIT = 60_000


@pytest.fixture
def ops(loaded: tuple[Any, Caseload]) -> Operations:
    """The vault's database thread, as the window makes it at unlock."""
    vault, _ = loaded
    operations = Operations(lambda: vault.store)
    yield operations
    operations.shutdown()


@pytest.fixture
def screen(qtbot, ops: Operations) -> ReportsScreen:
    widget = ReportsScreen(ops, role_provider=lambda: "director")
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.year.setValue(2025)
    yield widget
    qtbot.waitUntil(lambda: not widget.busy, timeout=WAIT)


def compute(qtbot, screen: ReportsScreen) -> Report:
    """Open the screen: it computes the report for its filters."""
    with qtbot.waitSignal(screen.report_ready, timeout=WAIT) as blocker:
        screen.show()
        assert screen.busy   # showing returned at once; the report is computed elsewhere
    qtbot.waitExposed(screen)
    screen.activateWindow()
    return blocker.args[0]


def focus(qtbot, widget: QWidget) -> QWidget:
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)
    return widget


def press_enter_on_cell(qtbot, screen: ReportsScreen, row: int, column: int) -> None:
    """Walk to a cell of the table with the arrow keys and press Enter, as a person does."""
    view = focus(qtbot, screen.view)
    QTest.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    for _ in range(row):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    for _ in range(column):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (row, column)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


def test_the_report_is_computed_on_the_database_thread(qtbot, screen: ReportsScreen,
                                                       monkeypatch):
    import desktop.ui.reports.screen as module

    threads = []
    real = module.build_chosen_report   # the report the "Report:" chooser names

    def spy(*args: Any, **kwargs: Any) -> Report:
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "build_chosen_report", spy)
    report = compute(qtbot, screen)
    assert threads == ["kujdes-database"]
    assert report.period.code() == "2025"
    assert screen.tables.count() == len(report.tables)
    assert screen.figures["fig_cases_managed"].text().replace(" ", "") == str(
        report.cases_managed)


def test_the_table_view_shows_counts_and_totals(qtbot, screen: ReportsScreen):
    report = compute(qtbot, screen)
    screen.tables.setCurrentRow(2)
    table = report.tables[2]
    model = screen.model
    assert model.rowCount() == table.shape[0] + 1
    assert model.columnCount() == table.shape[1] + 2
    last = model.rowCount() - 1
    assert model.index(last, model.columnCount() - 1).data() == str(table.totals.grand)
    assert model.index(0, 0).data() == table.row_labels[0]
    assert screen.title.text() == table.title
    qtbot.waitUntil(lambda: bool(screen.chart.chart().series()))  # one event later


def test_a_cells_number_is_formatted_once_however_often_the_table_is_painted(
        qtbot, screen: ReportsScreen, monkeypatch: pytest.MonkeyPatch):
    report = compute(qtbot, screen)
    formatted: list[tuple[int, int]] = []
    text = Table.text
    monkeypatch.setattr(Table, "text", lambda table, row, column, language: (
        formatted.append((row, column)), text(table, row, column, language))[1])
    screen.tables.setCurrentRow(2)      # another table: its cells formatted as painted
    qtbot.waitUntil(lambda: bool(formatted), timeout=WAIT)
    screen.view.viewport().repaint()
    shown = len(formatted)
    assert shown == len(set(formatted))
    screen.view.viewport().repaint()
    screen.view.viewport().repaint()
    assert len(formatted) == shown      # painted again from the texts kept
    last = screen.model.rowCount() - 1
    assert screen.model.index(last, screen.model.columnCount() - 1).data() == str(
        report.tables[2].totals.grand)


def test_public_mode_shows_marks_and_no_drill_down(qtbot, screen: ReportsScreen):
    screen.public.setChecked(True)
    report = compute(qtbot, screen)
    assert report.public
    number = next(i for i, t in enumerate(report.tables) if t.small)
    screen.tables.setCurrentRow(number)
    texts = {screen.model.index(r, c).data() for r in range(screen.model.rowCount())
             for c in range(1, screen.model.columnCount())}
    assert "<5" in texts
    table = report.tables[number]
    r, c = sorted(table.small)[0]
    with qtbot.assertNotEmitted(screen.cases_ready, wait=300):
        press_enter_on_cell(qtbot, screen, r, c + 1)
    assert "publik" in screen.status.text() or "public" in screen.status.text()


def test_drill_down_lists_the_cases(qtbot, screen: ReportsScreen, loaded):
    report = compute(qtbot, screen)
    number = [t.key for t in report.tables].index("cases_managed_by_type")
    table = report.tables[number]
    row = table.row_keys.index("social_care")
    screen.tables.setCurrentRow(number)
    with qtbot.waitSignal(screen.cases_ready, timeout=WAIT) as blocker:
        press_enter_on_cell(qtbot, screen, row, table.shape[1] + 1)   # the row's total
    found: DrillDown = blocker.args[0]
    assert len(found.cases) == table.totals.rows[row]
    dialog = screen._dialogs[-1]
    assert dialog.isVisible() and dialog.model.rowCount() == len(found.cases)


def test_a_closed_list_of_cases_is_deleted_not_kept(qtbot, screen: ReportsScreen, loaded):
    """Each drill-down opens a window of its own; closed with Escape, it is deleted (with
    its list of cases) instead of staying hidden under the screen for the session."""
    report = compute(qtbot, screen)
    number = [t.key for t in report.tables].index("cases_managed_by_type")
    table = report.tables[number]
    screen.tables.setCurrentRow(number)
    with qtbot.waitSignal(screen.cases_ready, timeout=WAIT):
        press_enter_on_cell(qtbot, screen, table.row_keys.index("social_care"),
                            table.shape[1] + 1)
    dialog = screen._dialogs[-1]
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None
                    and QApplication.focusWidget().window() is dialog, timeout=WAIT)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert screen._dialogs == []
    qtbot.waitUntil(lambda: not isValid(dialog), timeout=WAIT)
    assert not any(isinstance(child, DrillDownDialog) for child in screen.children())


def test_export_from_the_screen(qtbot, screen: ReportsScreen, tmp_path: Path, monkeypatch):
    compute(qtbot, screen)
    # the save dialog answers with a name without its extension
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *_args, **_kwargs: (str(tmp_path / "raporti"), ""))
    with qtbot.waitSignal(screen.exported, timeout=WAIT) as blocker:
        QTest.keyClick(focus(qtbot, screen.export_buttons["xlsx"]), Qt.Key.Key_Space)
    path = Path(blocker.args[0])
    assert path.name == "raporti.xlsx"
    assert openpyxl.load_workbook(path).sheetnames[0]


def test_changing_the_period_recomputes(qtbot, screen: ReportsScreen):
    compute(qtbot, screen)
    with qtbot.waitSignal(screen.report_ready, timeout=WAIT) as blocker:
        screen.kind.setCurrentIndex(screen.kind.findData("quarter"))
        screen.index.setCurrentIndex(1)
    assert blocker.args[0].period.code() in ("2025-Q1", "2025-Q2")
    qtbot.waitUntil(lambda: not screen.busy, timeout=WAIT)
    assert screen.report.period.code() == "2025-Q2"


def test_errors_are_shown_not_raised(qtbot):
    def broken():
        raise RuntimeError("the vault is locked")

    ops = Operations(broken)
    widget = ReportsScreen(ops)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.failed, timeout=WAIT) as blocker:
        widget.show()
    assert "the vault is locked" in blocker.args[0]
    assert not widget.busy
    ops.shutdown()


def test_screenshot_at_1366_by_768(qtbot, screen: ReportsScreen, tmp_path: Path):
    compute(qtbot, screen)
    screen.tables.setCurrentRow(4)
    screen.show()
    qtbot.waitExposed(screen)
    image = screen.grab()
    assert (image.width(), image.height()) == (1366, 768)
    assert image.save(str(tmp_path / "reports.png"))


def test_locking_interrupts_a_running_report_at_once(qtbot, loaded, monkeypatch):
    import desktop.ui.reports.screen as module

    vault, _ = loaded
    started = threading.Event()

    def endless(store: Any, *_args: Any, **_kwargs: Any) -> Report:
        conn = records_cache(store)._connection()   # the connection reports read on
        started.set()
        conn.exec_driver_sql("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
                             "SELECT count(*) FROM c").scalar()
        raise AssertionError("only an interrupt ends this statement")

    monkeypatch.setattr(module, "build_chosen_report", endless)
    ops = Operations(lambda: vault.store)
    widget = ReportsScreen(ops)
    qtbot.addWidget(widget)
    widget.show()   # the report starts once the filters are made, a turn later
    qtbot.waitUntil(started.is_set, timeout=WAIT)
    began = time.monotonic()
    assert ops.shutdown(timeout_ms=20_000), "locking waited for the report to end by itself"
    assert time.monotonic() - began < 5
    assert widget.report is None


def test_a_report_computed_again_with_the_same_figures_leaves_the_screen_as_it_was(
        qtbot, screen: ReportsScreen):
    """What the workspace does when the vault changed while the screen was away: the table
    the worker had walked into keeps its cell, and nothing is laid out or drawn again."""
    compute(qtbot, screen)
    qtbot.waitUntil(lambda: not screen.busy, timeout=WAIT)
    view = focus(qtbot, screen.view)
    QTest.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
    chart, first_item, table = screen.chart.chart(), screen.tables.item(0), screen.model.table
    qtbot.waitUntil(lambda: screen.chart.chart() is not chart or not screen._chart_timer
                    .isActive(), timeout=WAIT)
    chart = screen.chart.chart()
    with qtbot.waitSignal(screen.report_ready, timeout=WAIT):
        screen.refresh()
    qtbot.waitUntil(lambda: not screen.busy, timeout=WAIT)
    QApplication.processEvents()
    assert screen.model.table is table and screen.tables.item(0) is first_item
    assert screen.chart.chart() is chart and not screen._chart_timer.isActive()
    assert (view.currentIndex().row(), view.currentIndex().column()) == (1, 1)
    with qtbot.waitSignal(screen.report_ready, timeout=WAIT):   # other figures: shown anew
        screen.kind.setCurrentIndex(screen.kind.findData("quarter"))
    qtbot.waitUntil(lambda: not screen.busy, timeout=WAIT)
    qtbot.waitUntil(lambda: screen.chart.chart() is not chart, timeout=WAIT)
    assert screen.model.table is screen.report.tables[screen.tables.currentRow()]
    assert screen.model.table != table
