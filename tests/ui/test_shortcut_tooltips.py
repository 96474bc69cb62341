"""Every button or control that has a keyboard shortcut says so in its tooltip."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication

from desktop.ui.case_view import TABS
from desktop.ui.dialogs import CloseCaseDialog, VisitDialog
from desktop.ui.printing import PrintPreviewDialog
from tests.ui.conftest import unlock, wait_idle
from tests.ui.test_lock_in_dialogs import _open_case


def test_the_shortcuts_are_in_the_tooltips(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    unlock(qtbot, window)
    workspace = window.workspace
    assert "Ctrl+L" in workspace.lock_button.toolTip()
    view = _open_case(qtbot, window)
    assert "Ctrl+Tab" in view.tabs.tabBar().toolTip()
    for kind in (VisitDialog, CloseCaseDialog):
        opener = view.close_button if kind is CloseCaseDialog else view.action_buttons[kind]
        opener.click()
        qtbot.waitUntil(lambda k=kind: isinstance(window.session.dialogs.dialog(), k),
                        timeout=10_000)
        dialog = window.session.dialogs.dialog()
        assert "Ctrl+S" in dialog.save_button.toolTip()
        assert "Esc" in dialog.cancel_button.toolTip()
        assert "Ctrl+L" in dialog.lock_button.toolTip()
        dialog.reject()
        wait_idle(qtbot, window)
    view.tabs.setCurrentIndex(TABS.index("plan"))
    view.print_document("plan")
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), PrintPreviewDialog),
                    timeout=10_000)
    preview = QApplication.activeModalWidget()
    assert "Esc" in preview.close_button.toolTip()
    preview.reject()
    for key in ("cases", "people"):
        workspace.navigate(key)
        screen = workspace.screen(key)
        assert "Ctrl+F" in screen.search.toolTip()
        assert "Ctrl+Shift+N" in screen.open_case_button.toolTip()
