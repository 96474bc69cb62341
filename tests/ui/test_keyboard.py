"""Keyboard only: Tab and Escape leave a table, Ctrl+Tab / Ctrl+Shift+Tab move between the
case tabs, the buttons around a table are reachable, and the focus is visible."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.ui.dialogs import VisitDialog
from tests.ui.conftest import press, unlock, wait_idle
from tests.ui.test_lock_in_dialogs import _open_case

VISITS, REFERRALS = 4, 5


def _case_with_visits(qtbot: Any, window: Any) -> Any:
    view = _open_case(qtbot, window)
    view.tabs.setCurrentIndex(VISITS)
    table = view._tab("visits").table
    qtbot.waitUntil(lambda: table.isVisible(), timeout=5_000)
    table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table, timeout=5_000)
    return view, table


def test_tab_and_escape_leave_a_table(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    unlock(qtbot, window)
    view, table = _case_with_visits(qtbot, window)
    press(table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not table
    table.setFocus()
    press(table, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is not table
    assert window.workspace.current_key() == "case"   # Escape did not leave the case


def test_shift_tab_from_a_table_reaches_its_button_and_space_opens_it(
        qtbot: Any, make_window: Any) -> None:
    window = make_window()
    unlock(qtbot, window)
    view, table = _case_with_visits(qtbot, window)
    record = view.action_buttons[VisitDialog]
    for _ in range(12):
        if QApplication.focusWidget() is record:
            break
        press(table, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is record, QApplication.focusWidget().text()
    press(record, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: isinstance(window.session.dialogs.dialog(), VisitDialog),
                    timeout=5_000)
    window.session.dialogs.dialog().reject()
    wait_idle(qtbot, window)


def test_ctrl_tab_moves_between_the_case_tabs(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    unlock(qtbot, window)
    view, table = _case_with_visits(qtbot, window)
    press(table, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert view.current_tab() == REFERRALS
    press(view, Qt.Key.Key_Backtab,
          Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert view.current_tab() == VISITS
    view.close_button.setFocus()   # from the header above the tabs as well
    press(view, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert view.current_tab() == REFERRALS


def test_ctrl_f_from_anywhere_and_enter_opens_the_only_match(qtbot: Any,
                                                             make_window: Any) -> None:
    from desktop.core.views.lists import CASE_COLUMNS
    window = make_window()
    unlock(qtbot, window)
    window.workspace.navigate("cases")
    screen = window.workspace.screen("cases")
    qtbot.waitUntil(lambda: screen.model.rowCount() > 0 and screen.model.is_loaded(0),
                    timeout=10_000)
    column = [c.key for c in CASE_COLUMNS].index("number")
    number = screen.model.index(0, column).data()
    case_id = screen.model.record_id(0)
    lock_button = window.workspace.lock_button   # the focus is outside the list
    lock_button.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is lock_button, timeout=5_000)
    press(lock_button, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is screen.search
    QTest.keyClicks(QApplication.focusWidget(), number)
    press(screen.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.workspace.current_key() == "case", timeout=10_000)
    assert window.workspace.case_view.case_id == case_id
