"""The quarterly child protection report reached on the Reports screen with the keyboard: the
"Report:" chooser, the year and the quarter, then the tables."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from desktop.core.i18n import set_language
from desktop.core.keys import FAST_KDF
from desktop.core.vault import OpenVault, create_vault
from desktop.ui.ops import Operations
from desktop.ui.reports.screen import ReportsScreen
from tests.reports.children import synthetic_children
from tests.reports.conftest import PASSWORD

WAIT = 60_000
SHOTS = os.environ.get("KUJDES_SHOTS")  # a folder to save screenshots in (optional)


@pytest.fixture(scope="module")
def children_vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OpenVault]:
    vault = create_vault(tmp_path_factory.mktemp("cp-screen") / "data", "arta", PASSWORD,
                         kdf=FAST_KDF)
    synthetic_children(vault.store)
    yield vault
    vault.lock()


@pytest.fixture
def ops(children_vault: OpenVault) -> Iterator[Operations]:
    operations = Operations(lambda: children_vault.store)
    yield operations
    operations.shutdown()


def key(qtbot, screen: ReportsScreen, which: Qt.Key, text: str = "",
        modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> QWidget:
    """A key pressed (or ``text`` typed) where the keyboard focus is; the widget that had it."""
    focused = QApplication.focusWidget()
    assert focused is not None and focused.window() is screen
    if text:
        QTest.keyClicks(focused, text)
    else:
        QTest.keyClick(focused, which, modifier)
    return focused


def open_screen(qtbot, ops: Operations) -> ReportsScreen:
    screen = ReportsScreen(ops, role_provider=lambda: "child_protection_worker")
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    with qtbot.waitSignal(screen.report_ready, timeout=WAIT):
        screen.show()
    qtbot.waitExposed(screen)
    screen.activateWindow()
    qtbot.waitUntil(lambda: screen.isActiveWindow())
    return screen


@pytest.mark.parametrize("language", ["sq", "en"])
def test_the_quarterly_report_by_keyboard(qtbot, ops: Operations, language: str) -> None:
    set_language(language)
    try:
        screen = open_screen(qtbot, ops)
        screen.setFocus()
        key(qtbot, screen, Qt.Key.Key_Tab)               # the first filter: "Report:"
        assert QApplication.focusWidget() is screen.filters.plan
        title = ("Raporti tremujor i mbrojtjes së fëmijëve" if language == "sq"
                 else "Quarterly child protection report")
        with qtbot.waitSignal(screen.report_ready, timeout=WAIT):
            key(qtbot, screen, Qt.Key.Key_Down)
        assert screen.filters.plan.currentText() == title
        assert screen.filters.kind.currentData() == "quarter"
        assert not screen.filters.kind.isEnabled()        # a quarter, always
        key(qtbot, screen, Qt.Key.Key_Tab)                # the year (the kind is fixed)
        assert QApplication.focusWidget() is screen.filters.year
        key(qtbot, screen, Qt.Key.Key_A, modifier=Qt.KeyboardModifier.ControlModifier)
        key(qtbot, screen, Qt.Key.Key_unknown, "2026")
        key(qtbot, screen, Qt.Key.Key_Tab)                # the quarter
        assert QApplication.focusWidget() is screen.filters.index
        key(qtbot, screen, Qt.Key.Key_Home)
        key(qtbot, screen, Qt.Key.Key_Down)
        key(qtbot, screen, Qt.Key.Key_Down)
        qtbot.waitUntil(lambda: screen.report is not None and not screen.busy
                        and screen.report.period.code() == "2026-Q3", timeout=WAIT)
        report = screen.report
        assert report.title == title and len(report.tables) == 6
        assert screen.tables.count() == 6
        by_age = report.tables[0]
        assert by_age.totals.grand == 3 and by_age.row_labels == ("0–5", "6–15", "16–17")
        for _ in range(8):                                # on to the list of tables
            if QApplication.focusWidget() is screen.tables:
                break
            key(qtbot, screen, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is screen.tables
        key(qtbot, screen, Qt.Key.Key_End)                # the cases closed, by reason
        turned_18 = "Mbushi 18 vjeç" if language == "sq" else "Turned 18"
        shown = [screen.model.data(screen.model.index(r, 0))
                 for r in range(screen.model.rowCount())]
        assert turned_18 in shown and screen.title.text() == report.tables[5].title
        for _ in range(8):                                # back to "Report:"
            if QApplication.focusWidget() is screen.filters.plan:
                break
            key(qtbot, screen, Qt.Key.Key_Backtab, modifier=Qt.KeyboardModifier.ShiftModifier)
        assert QApplication.focusWidget() is screen.filters.plan
        with qtbot.waitSignal(screen.report_ready, timeout=WAIT):
            key(qtbot, screen, Qt.Key.Key_Up)              # the services report: by year again
        assert screen.filters.kind.isEnabled() and screen.filters.kind.currentData() == "year"
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            QApplication.processEvents()
            assert screen.grab().save(str(Path(SHOTS) / f"reports_child_protection_{language}.png"))
    finally:
        set_language("sq")
