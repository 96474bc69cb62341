"""A year out of range on the Reports screen is refused in words, kept as typed, and the
report stays the one of the last good year."""
# ruff: noqa: F811  (fixtures imported from the support module are redefined as arguments)

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.core.i18n import set_language
from desktop.ui.reports.screen import ReportsScreen
from tests.reports.test_screen import compute, focus, ops, screen  # noqa: F401


def test_a_year_out_of_range_is_refused_in_words_and_kept(qtbot, screen: ReportsScreen) -> None:
    set_language("en")
    compute(qtbot, screen)
    focus(qtbot, screen.year)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(QApplication.focusWidget(), "1999")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)     # leaves the field
    qtbot.wait(200)
    assert screen.year.text() == "1999"                              # kept as typed
    assert screen.year.error.isVisible()
    assert screen.year.error.text() == "⚠ Write a year from 2000 to 2100."
    assert not screen.busy and screen.report.period.code() == "2025"  # not recomputed

    focus(qtbot, screen.year)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(screen.report_ready, timeout=60_000):
        QTest.keyClicks(QApplication.focusWidget(), "2024")
    assert not screen.year.error.isVisible()
    assert screen.report.period.code() == "2024"
