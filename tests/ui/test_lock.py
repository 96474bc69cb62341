"""Locking: after idle minutes (shortened here) or Ctrl+L the screens are cleared, the key is
dropped and the database thread stopped; unlocking returns to the same case and tab, with a
half-filled form back as it was."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPlainTextEdit, QWidget

from desktop.ui.dialogs import AssessmentDialog, VisitDialog
from tests.ui.conftest import first_listed_case, press, unlock, wait_idle

TYPED = "Kryetari i fshatit Qelëz, z. Gjon Çela"


def _texts(widgets: list[QWidget]) -> str:
    out = []
    for top in widgets:
        for widget in [top, *top.findChildren(QWidget)]:
            if isinstance(widget, QLabel | QLineEdit):
                out.append(widget.text())
            elif isinstance(widget, QPlainTextEdit):
                out.append(widget.toPlainText())
    return "\n".join(out)


def _open_first_case(qtbot: Any, window: Any) -> Any:
    view = window.workspace.open_case(first_listed_case(qtbot, window))
    qtbot.waitUntil(lambda: view.data is not None, timeout=10_000)
    return view


def test_ctrl_l_locks_and_unlock_returns_to_the_case(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    unlock(qtbot, window)
    view = _open_first_case(qtbot, window)
    case_id, name = view.case_id, view.header.title.text()
    view.tabs.setCurrentIndex(4)
    vault, db = window.vault, window.db
    press(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)   # the keys, not lock()
    qtbot.waitUntil(lambda: window.workspace is None, timeout=5000)
    assert window.workspace is None and window.session is None
    assert vault.is_locked and not db.is_running
    qtbot.waitUntil(lambda: name not in _texts(QApplication.topLevelWidgets()), timeout=5000)
    assert window.stack.currentWidget() is window.unlock_screen
    assert "locked" in window.unlock_screen.notice.text().lower()
    unlock(qtbot, window)
    assert window.workspace.current_key() == "case"
    view = window.workspace.case_view
    qtbot.waitUntil(lambda: view.data is not None, timeout=10_000)
    assert view.case_id == case_id and view.current_tab() == 4
    view.go_back()
    assert window.workspace.current_key() == "cases"


def test_idle_lock_keeps_a_half_filled_form(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    unlock(qtbot, window)
    view = _open_first_case(qtbot, window)
    case_id, name = view.case_id, view.header.title.text()
    view.tabs.setCurrentIndex(2)
    dialog = window.session.dialogs.open(AssessmentDialog,
                                         (window.session.ops, case_id, "intake"), view)
    qtbot.waitUntil(lambda: dialog.view.is_loaded, timeout=10_000)
    dialog.view.set_answer("referral_detail", TYPED)
    assert dialog.view.answers()["referral_detail"] == TYPED
    vault, db = window.vault, window.db

    window.idle.set_interval(150)
    qtbot.waitUntil(lambda: window.vault is None, timeout=5_000)
    window.idle.set_interval(60_000)
    assert vault.is_locked and not db.is_running
    assert "minutes" in window.unlock_screen.notice.text()
    qtbot.waitUntil(lambda: TYPED not in _texts(QApplication.topLevelWidgets())
                    and name not in _texts(QApplication.topLevelWidgets()), timeout=5_000)

    unlock(qtbot, window)
    assert window.workspace.current_key() == "case"
    assert window.workspace.case_view.case_id == case_id
    reopened = window.session.dialogs.dialog()
    assert reopened is not None and reopened is not dialog
    qtbot.waitUntil(lambda: reopened.view.is_loaded, timeout=10_000)
    assert reopened.view.answers().get("referral_detail") == TYPED
    reopened.reject()
    wait_idle(qtbot, window)


def test_lock_reopens_a_case_dialog_with_its_draft(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    unlock(qtbot, window)
    view = _open_first_case(qtbot, window)
    view.tabs.setCurrentIndex(4)
    QTest.mouseClick(view.action_buttons[VisitDialog], Qt.MouseButton.LeftButton)
    dialog = window.session.dialogs.dialog()
    assert isinstance(dialog, VisitDialog)
    dialog.activateWindow()
    dialog.observations.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.observations, timeout=5_000)
    QTest.keyClicks(QApplication.focusWidget(), "Kulmi pikon")
    assert dialog.observations.toPlainText() == "Kulmi pikon"
    vault = window.vault

    window.lock()
    assert vault.is_locked
    qtbot.waitUntil(lambda: "Kulmi pikon" not in _texts(QApplication.topLevelWidgets()),
                    timeout=5_000)

    unlock(qtbot, window)
    reopened = window.session.dialogs.dialog()
    assert isinstance(reopened, VisitDialog) and reopened is not dialog
    qtbot.waitUntil(lambda: reopened.observations.toPlainText() == "Kulmi pikon",
                    timeout=10_000)
    assert "restored" in reopened.notice.text()
    reopened.reject()
    wait_idle(qtbot, window)
