"""A plan review by keyboard from the plan tab: a note, "the plan changes" ticked with Space,
Ctrl+S: the case shows the new version."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.ui.case_view import TABS
from desktop.ui.dialogs.plan_review import PlanReviewDialog
from tests.ui.conftest import press, unlock
from tests.ui.test_forms_support import type_text
from tests.ui.test_my_tasks import waiting  # noqa: F401


def test_a_review_that_makes_a_new_version(qtbot: Any, make_window: Any,
                                           waiting: dict[str, Any]) -> None:  # noqa: F811
    window = make_window()
    unlock(qtbot, window)
    view = window.workspace.open_case(waiting["plan_case"])
    qtbot.waitUntil(lambda: view.data is not None and view.data.current_plan is not None
                    and view.data.case.id == waiting["plan_case"], timeout=10_000)
    assert view.data.current_plan.fields["version"] == 1
    view.tabs.setCurrentIndex(TABS.index("plan"))
    view.review_button.setFocus()
    press(view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: isinstance(window.session.dialogs.dialog(), PlanReviewDialog),
                    timeout=5000)
    dialog = window.session.dialogs.dialog()
    qtbot.waitUntil(lambda: dialog.state is not None, timeout=5000)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.note, timeout=5000)
    type_text(dialog.note, "Fëmija ndjek shkollën; shtohet një objektiv.")
    press(dialog, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.new_version
    press(dialog, Qt.Key.Key_Space)
    assert dialog.new_version.isChecked()
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        press(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.data.current_plan.fields["version"] == 2, timeout=10_000)
    assert view.data.current_plan.id != waiting["plan"]
