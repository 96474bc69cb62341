"""The head of unit returns a plan with a comment (Alt+R) that the plan tab then shows, and
approves it (Ctrl+S); returning without a comment is refused in words."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from desktop.ui.case_view import TABS
from desktop.ui.dialogs.plan_approval import PlanApprovalDialog
from tests.ui.conftest import press, unlock
from tests.ui.test_forms_support import type_text
from tests.ui.test_my_tasks import waiting  # noqa: F401

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def _open_dialog(qtbot: Any, window: Any, view: Any) -> PlanApprovalDialog:
    view.approve_button.setFocus()
    press(view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: isinstance(window.session.dialogs.dialog(), PlanApprovalDialog),
                    timeout=5000)
    dialog = window.session.dialogs.dialog()
    qtbot.waitUntil(lambda: dialog.state is not None, timeout=5000)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.comment, timeout=5000)
    return dialog


def test_return_with_a_comment_then_approve(qtbot: Any, make_window: Any,
                                            waiting: dict[str, Any]) -> None:  # noqa: F811
    window = make_window()
    unlock(qtbot, window)
    view = window.workspace.open_case(waiting["plan_case"])
    qtbot.waitUntil(lambda: view.data is not None
                    and view.data.case.id == waiting["plan_case"], timeout=10_000)
    view.tabs.setCurrentIndex(TABS.index("plan"))
    assert view.approve_button.isVisible()
    dialog = _open_dialog(qtbot, window, view)
    press(dialog, Qt.Key.Key_R, ALT)
    assert dialog.comment_row.error_text == "Write what the worker must change in the plan."
    type_text(QApplication.focusWidget(), "Shtoni takimin me mësuesen.")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        press(dialog, Qt.Key.Key_R, ALT)
    tab = view._tab("plan")

    def extra() -> str:
        return " ".join(w.text() for w in tab.findChildren(QLabel) if w.isVisibleTo(tab))

    qtbot.waitUntil(lambda: "Shtoni takimin me mësuesen." in extra(), timeout=10_000)
    assert "returned by" in extra()
    dialog = _open_dialog(qtbot, window, view)
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        press(dialog, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: "approved on" in extra(), timeout=10_000)
    assert "mësuesen" not in extra()
