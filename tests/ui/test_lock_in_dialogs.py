"""Ctrl+L, pressed where the keyboard focus is, locks Kujdes while any case dialog is open;
unlocking reopens the dialog with what was typed. Each dialog opens with the focus in its
first field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from desktop.ui.dialogs import (
    AssessmentDialog,
    CloseCaseDialog,
    PlanEditor,
    ReferralDialog,
    RegisterPersonDialog,
    VisitDialog,
)
from desktop.ui.dialogs.common import first_field
from tests.ui.conftest import press, unlock, wait_idle

TYPED = "Fqinja Zana Koci"


def _open_case(qtbot: Any, window: Any) -> Any:
    window.workspace.navigate("cases")
    screen = window.workspace.screen("cases")
    qtbot.waitUntil(lambda: screen.model.rowCount() > 0 and screen.model.is_loaded(0),
                    timeout=10_000)
    view = window.workspace.open_case(screen.model.record_id(0))
    qtbot.waitUntil(lambda: view.data is not None, timeout=10_000)
    return view


def _case_button(dialog_type: type) -> Callable[[Any, Any], QPushButton]:
    def find(qtbot: Any, window: Any) -> QPushButton:
        view = _open_case(qtbot, window)
        if dialog_type is CloseCaseDialog:
            return view.close_button
        if dialog_type is AssessmentDialog:
            view.tabs.setCurrentIndex(2)
            qtbot.waitUntil(lambda: view.form_choice.count() > 0, timeout=10_000)
            return view.new_assessment
        return view.action_buttons[dialog_type]
    return find


def _register_button(qtbot: Any, window: Any) -> QPushButton:
    window.workspace.navigate("people")
    screen = window.workspace.screen("people")
    return next(b for b in screen.findChildren(QPushButton) if b.text() in
                ("Register a person", "Regjistro një person"))


def _text_fields(dialog: QWidget) -> list[QWidget]:
    return [w for w in dialog.findChildren(QWidget) if isinstance(w, QLineEdit | QPlainTextEdit)
            and w.isVisible() and w.isEnabled() and not w.isReadOnly()
            and not isinstance(w.parentWidget(), QAbstractSpinBox | QComboBox)]


def _text_of(widget: QWidget) -> str:
    return widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()


CASES = {
    "visit": (VisitDialog, _case_button(VisitDialog)),
    "assessment": (AssessmentDialog, _case_button(AssessmentDialog)),
    "plan": (PlanEditor, _case_button(PlanEditor)),
    "referral": (ReferralDialog, _case_button(ReferralDialog)),
    "close case": (CloseCaseDialog, _case_button(CloseCaseDialog)),
    "register person": (RegisterPersonDialog, _register_button),
}


@pytest.mark.parametrize("which", list(CASES))
def test_ctrl_l_in_a_dialog_locks_and_unlocking_gives_the_input_back(
        qtbot: Any, make_window: Any, which: str) -> None:
    dialog_type, find_button = CASES[which]
    window = make_window()
    unlock(qtbot, window)
    opener = find_button(qtbot, window)
    opener.setFocus()
    press(opener, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: isinstance(window.session.dialogs.dialog(), dialog_type),
                    timeout=10_000)
    dialog = window.session.dialogs.dialog()
    dialog.activateWindow()
    wait_idle(qtbot, window)  # its draft (none yet) was looked for
    if isinstance(dialog, AssessmentDialog):
        qtbot.waitUntil(lambda: dialog.view.is_loaded, timeout=10_000)
    qtbot.waitUntil(lambda: _text_fields(dialog) != [], timeout=10_000)
    # the focus starts in the first field, not on a button (the assessment's fields arrive
    # after the dialog is shown)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first_field(dialog), timeout=15_000)
    assert not isinstance(QApplication.focusWidget(), QPushButton)

    for field in _text_fields(dialog):  # the first one that takes words (not a number)
        field.setFocus()
        qtbot.waitUntil(lambda f=field: QApplication.focusWidget() is f, timeout=15_000)
        QTest.keyClicks(QApplication.focusWidget(), TYPED)
        if _text_of(field) == TYPED:
            break
    assert _text_of(field) == TYPED
    vault = window.vault
    press(field, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    qtbot.waitUntil(lambda: window.vault is None, timeout=15_000)
    assert vault.is_locked
    assert window.stack.currentWidget() is window.unlock_screen
    assert not any(isinstance(w, dialog_type) and w.isVisible()
                   for w in QApplication.topLevelWidgets())

    unlock(qtbot, window)
    qtbot.waitUntil(lambda: isinstance(window.session.dialogs.dialog(), dialog_type),
                    timeout=10_000)
    reopened = window.session.dialogs.dialog()
    assert reopened is not dialog
    qtbot.waitUntil(lambda: any(_text_of(w) == TYPED for w in _text_fields(reopened)),
                    timeout=10_000)
    reopened.reject()
    wait_idle(qtbot, window)


def test_the_lock_button_of_a_dialog_locks(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    unlock(qtbot, window)
    opener = _case_button(VisitDialog)(qtbot, window)
    opener.click()
    dialog = window.session.dialogs.dialog()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first_field(dialog), timeout=15_000)
    dialog.lock_button.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.lock_button, timeout=15_000)
    assert "Ctrl+L" in dialog.lock_button.toolTip()
    press(dialog.lock_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.vault is None, timeout=15_000)
    unlock(qtbot, window)
    reopened = window.session.dialogs.dialog()
    assert isinstance(reopened, VisitDialog)
    reopened.reject()
    wait_idle(qtbot, window)
