"""Ctrl+L in the consent withdrawal and in the referral opened from the service directory:
the vault locks, and unlocking reopens the dialog with what was typed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from desktop.ui.dialogs.consent_withdrawal import ConsentWithdrawalDialog
from desktop.ui.dialogs.directory_referral import DirectoryReferralDialog
from tests.ui.conftest import press, unlock, wait_idle
from tests.ui.test_directory import open_directory
from tests.ui.test_forms_support import type_text

TYPED = "Fqinja Zana Koci"


def _first_case(qtbot: Any, window: Any) -> Any:
    case_id = window.session.ops.call_blocking(
        lambda store: store.query("case", limit=1, status="open")[0].id)
    view = window.workspace.open_case(case_id)
    qtbot.waitUntil(lambda: view.data is not None, timeout=10_000)
    return view


def _withdrawal_button(qtbot: Any, window: Any) -> QPushButton:
    view = _first_case(qtbot, window)
    return next(b for b in view.overview.findChildren(QPushButton)
                if b.text() == "Record a consent withdrawal…")


def _directory_button(qtbot: Any, window: Any) -> QPushButton:
    _first_case(qtbot, window)
    screen = open_directory(qtbot, window)
    screen.view.selectRow(0)
    return screen.refer_button


CASES: dict[str, tuple[type, Callable[[Any, Any], QPushButton], str]] = {
    "consent withdrawal": (ConsentWithdrawalDialog, _withdrawal_button, "reason"),
    "directory referral": (DirectoryReferralDialog, _directory_button, "reason"),
}


@pytest.mark.parametrize("which", list(CASES))
def test_ctrl_l_locks_and_unlocking_gives_the_input_back(qtbot: Any, make_window: Any,
                                                         which: str) -> None:
    dialog_type, find_button, field_name = CASES[which]
    window = make_window()
    unlock(qtbot, window)
    opener = find_button(qtbot, window)
    opener.setFocus()
    press(opener, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: isinstance(window.session.dialogs.dialog(), dialog_type),
                    timeout=10_000)
    dialog = window.session.dialogs.dialog()
    dialog.activateWindow()
    wait_idle(qtbot, window)
    field = getattr(dialog, field_name)
    field.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field, timeout=10_000)
    type_text(field, TYPED)
    press(field, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.vault is None, timeout=15_000)
    assert window.stack.currentWidget() is window.unlock_screen

    unlock(qtbot, window)
    qtbot.waitUntil(lambda: isinstance(window.session.dialogs.dialog(), dialog_type),
                    timeout=10_000)
    reopened = window.session.dialogs.dialog()
    assert reopened is not dialog
    qtbot.waitUntil(lambda: getattr(reopened, field_name).toPlainText() == TYPED,
                    timeout=10_000)
    reopened.reject()
    wait_idle(qtbot, window)


def test_the_case_chooser_comes_back_after_unlocking_and_still_chooses(
        qtbot: Any, make_window: Any) -> None:
    window = make_window()
    unlock(qtbot, window)
    number = window.session.ops.call_blocking(
        lambda store: store.query("case", limit=1, status="open")[0].fields["case_number"])
    screen = open_directory(qtbot, window)
    screen.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.view, timeout=5_000)
    press(screen, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: type(window.session.dialogs.dialog()).__name__ ==
                    "ChooseCaseDialog", timeout=5_000)
    chooser = window.session.dialogs.dialog()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is chooser.search, timeout=5_000)
    type_text(chooser.search, number)
    press(chooser, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.vault is None, timeout=15_000)

    unlock(qtbot, window)
    qtbot.waitUntil(lambda: type(window.session.dialogs.dialog()).__name__ ==
                    "ChooseCaseDialog", timeout=10_000)
    again = window.session.dialogs.dialog()
    qtbot.waitUntil(lambda: again.search.text() == number and len(again.choices) == 1,
                    timeout=10_000)
    again.activateWindow()
    again.search.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is again.search, timeout=5_000)
    press(again, Qt.Key.Key_Return)
    screen = window.workspace.screen("directory")
    qtbot.waitUntil(lambda: number in screen.case_label.text(), timeout=5_000)
