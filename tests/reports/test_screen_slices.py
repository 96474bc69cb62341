"""The Reports screen is put on screen in three turns of the event loop: the empty column
first, then the filters, key figures and status line, then the tables and their chart, each
once the part before is laid out and painted. Once shown it is whole and usable by keyboard,
its report computed for the filters' first choice, and a screen closed before its last turn
leaves nothing behind."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QSplitter
from shiboken6 import isValid

from desktop.ui.ops import Operations
from desktop.ui.reports.filters import ReportFilters
from desktop.ui.reports.screen import ReportsScreen
from desktop.ui.reports.tables import TablesPane

WAIT = 60_000


@pytest.fixture
def ops(loaded: tuple[Any, Any]) -> Operations:
    vault, _ = loaded
    operations = Operations(lambda: vault.store)
    yield operations
    operations.shutdown()


def panes(screen: ReportsScreen) -> list[TablesPane]:
    return screen.findChildren(TablesPane)


def filter_rows(screen: ReportsScreen) -> list[ReportFilters]:
    return screen.findChildren(ReportFilters)


def test_the_filters_then_the_tables_come_a_turn_apart(qtbot, ops: Operations):
    screen = ReportsScreen(ops)
    qtbot.addWidget(screen)
    assert filter_rows(screen) == [] and panes(screen) == []   # the first turn: the column
    QCoreApplication.processEvents()      # the next turn: filters, figures, status
    assert len(filter_rows(screen)) == 1 and panes(screen) == []
    QCoreApplication.processEvents()      # the one after: the tables
    assert len(panes(screen)) == 1
    assert screen.layout().indexOf(filter_rows(screen)[0]) == 0
    assert screen.layout().indexOf(panes(screen)[0]) == 2   # between figures and status


def test_asking_for_a_filter_before_its_turn_makes_the_filters_once(qtbot, ops: Operations):
    screen = ReportsScreen(ops)
    qtbot.addWidget(screen)
    screen.year.setValue(2025)            # asked for: made and placed now
    assert len(filter_rows(screen)) == 1 and panes(screen) == []
    QCoreApplication.processEvents()
    QCoreApplication.processEvents()      # the turns they were waiting for add only the tables
    assert len(filter_rows(screen)) == 1 and len(panes(screen)) == 1
    assert screen.year.value() == 2025
    assert screen.current_request().period.code() == "2025"


def test_shown_before_its_filters_the_report_is_computed_once_they_are(qtbot,
                                                                       ops: Operations):
    screen = ReportsScreen(ops)
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()                          # before the filters' turn: nothing to ask yet
    assert filter_rows(screen) == [] and not screen.busy
    with qtbot.waitSignal(screen.report_ready, timeout=WAIT) as blocker:
        pass
    assert blocker.args[0].period == screen.filters.period()
    qtbot.waitUntil(lambda: not screen.busy, timeout=WAIT)
    assert screen.status.text() and all(b.isEnabled() for b in screen.export_buttons.values())


def test_asking_for_the_tables_before_their_turn_puts_them_on_screen_once(qtbot,
                                                                         ops: Operations):
    screen = ReportsScreen(ops)
    qtbot.addWidget(screen)
    assert screen.tables.count() == 0     # asked for: made and placed now
    QCoreApplication.processEvents()
    QCoreApplication.processEvents()      # the turns they were waiting for add nothing
    assert len(panes(screen)) == 1
    assert len(screen.findChildren(QSplitter)) == 2   # the pane and the table/chart split


def test_once_shown_the_report_is_whole_and_usable_by_keyboard(qtbot, ops: Operations):
    screen = ReportsScreen(ops, role_provider=lambda: "director")
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.year.setValue(2025)
    with qtbot.waitSignal(screen.report_ready, timeout=WAIT) as blocker:
        screen.show()
    report = blocker.args[0]
    qtbot.waitUntil(lambda: not screen.busy, timeout=WAIT)
    assert screen.tables.count() == len(report.tables)
    assert screen.tables.isVisible() and screen.view.isVisible() and screen.chart.isVisible()
    assert screen.model.rowCount() == report.tables[0].shape[0] + 1
    qtbot.waitUntil(lambda: screen.chart.chart().series() != [], timeout=WAIT)
    screen.activateWindow()
    screen.tables.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.tables)
    QTest.keyClick(screen.tables, Qt.Key.Key_Down)   # the next table, by keyboard
    assert screen.tables.currentRow() == 1
    assert screen.model.table is report.tables[1]


def test_a_screen_closed_before_its_second_turn_leaves_nothing(qtbot, ops: Operations):
    screen = ReportsScreen(ops)
    pane_parts = screen.tables, screen.view, screen.filters   # made on demand, closed at once
    screen.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()          # the second turn finds no screen
    assert not isValid(screen)
    assert not any(isValid(part) for part in pane_parts)


def test_a_screen_deleted_before_its_second_turn_never_makes_its_tables(qtbot,
                                                                       ops: Operations):
    screen = ReportsScreen(ops)
    made: list[TablesPane] = []
    original = TablesPane.__init__

    def spy(self: TablesPane, *args: Any) -> None:
        made.append(self)
        original(self, *args)

    TablesPane.__init__ = spy  # type: ignore[method-assign]
    try:
        screen.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()
        QCoreApplication.processEvents()
    finally:
        TablesPane.__init__ = original  # type: ignore[method-assign]
    assert made == []
