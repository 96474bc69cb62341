"""Ctrl+L, pressed where the keyboard focus is, locks Kujdes while any dialog is open (the
case dialogs, intake, lifecycle, plan approval and review, measures and their reports, the
meeting and the act); unlocking reopens the dialog with what was typed. Each dialog opens
with the focus in its first field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
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

from desktop.core.casework.cases import close_case
from desktop.core.casework.measures import record_monitoring_report, record_protection_order
from desktop.core.casework.plans import create_plan
from desktop.core.vault import open_vault
from desktop.ui.case_view import TABS
from desktop.ui.dialog_drafts import InputDraft
from desktop.ui.dialogs import (
    AssessmentDialog,
    CloseCaseDialog,
    PlanEditor,
    ReferralDialog,
    RegisterPersonDialog,
    VisitDialog,
)
from desktop.ui.dialogs.act import IssueActDialog
from desktop.ui.dialogs.case_lifecycle import AssignCaseDialog, HandOverDialog, ReopenCaseDialog
from desktop.ui.dialogs.common import first_field
from desktop.ui.dialogs.measure_kinds import ChildMeasureDialog, EndMeasureDialog
from desktop.ui.dialogs.measures import MonitoringReportDialog, ProtectionOrderDialog
from desktop.ui.dialogs.meeting import MeetingDialog
from desktop.ui.dialogs.open_case import OpenCaseDialog
from desktop.ui.dialogs.plan_approval import PlanApprovalDialog
from desktop.ui.dialogs.plan_review import PlanReviewDialog
from desktop.ui.dialogs.report_sent import ReportSentDialog
from tests.ui.conftest import UI_PASSWORD, UI_USER, press, unlock, wait_idle
from tests.ui.test_acts import kosovo_dir, open_register  # noqa: F401

TYPED = "Fqinja Zana Koci"
A_DATE = "01.12.2025"  # what is typed where a dialog has no field for words


@pytest.fixture
def casework(ui_data_dir: Path) -> dict[str, str]:
    """In the synthetic caseload: a child's case with a protection plan waiting for approval,
    a domestic violence case with an order and its first report, and a closed case."""
    vault = open_vault(ui_data_dir, UI_USER, UI_PASSWORD)
    store = vault.store
    try:
        opened = [c for c in store.query("case", status="open", limit=60)
                  if store.query("plan", case_id=c.id) == []]
        child, violence, closed = opened[0], opened[1], opened[2]
        store.update(child.id, {"case_type": "child_protection"})
        create_plan(store, child.id, plan_type="protection_plan", goals=["Shkollim i rregullt"])
        store.update(violence.id, {"case_type": "domestic_violence"})
        order = record_protection_order(store, violence.id, kind="ordinary",
                                        issued_on=dt.date.today() - dt.timedelta(days=70))
        record_monitoring_report(store, order.id,
                                 reported_on=dt.date.today() - dt.timedelta(days=2))
        close_case(store, closed.id, store.profile.codes("closure_reasons")[0])
        return {"child": child.id, "violence": violence.id, "closed": closed.id}
    finally:
        vault.lock()


def _open_case(qtbot: Any, window: Any) -> Any:
    window.workspace.navigate("cases")
    screen = window.workspace.screen("cases")
    qtbot.waitUntil(lambda: screen.model.rowCount() > 0 and screen.model.is_loaded(0),
                    timeout=10_000)
    view = window.workspace.open_case(screen.model.record_id(0))
    qtbot.waitUntil(lambda: view.data is not None, timeout=10_000)
    return view


def _case_button(dialog_type: type) -> Callable[[Any, Any, dict[str, str]], QPushButton]:
    def find(qtbot: Any, window: Any, _cases: dict[str, str]) -> QPushButton:
        view = _open_case(qtbot, window)
        if dialog_type is CloseCaseDialog:
            return view.close_button
        if dialog_type is AssessmentDialog:
            view.tabs.setCurrentIndex(2)
            qtbot.waitUntil(lambda: view.form_choice.count() > 0, timeout=10_000)
            return view.new_assessment
        return view.action_buttons[dialog_type]
    return find


def _button_of(case: str, tab: str | None,
               which: Callable[[Any], QPushButton]) -> Callable[..., QPushButton]:
    """The button ``which(view)`` on case ``case`` of the prepared ones, on its ``tab``."""
    def find(qtbot: Any, window: Any, cases: dict[str, str]) -> QPushButton:
        view = window.workspace.open_case(cases[case])
        qtbot.waitUntil(lambda: view.data is not None and view.data.case.id == cases[case],
                        timeout=10_000)
        if tab is not None:
            view.tabs.setCurrentIndex(TABS.index(tab))
        found = which(view)
        qtbot.waitUntil(found.isVisible, timeout=10_000)
        return found
    return find


def _measure_button(dialog_type: type) -> Callable[..., QPushButton]:
    return _button_of("violence", "measures", lambda view: view.action_buttons[dialog_type])


def _lifecycle_button(dialog_type: type, case: str = "child") -> Callable[..., QPushButton]:
    return _button_of(case, None, lambda view: view.lifecycle_buttons[dialog_type])


def _register_button(qtbot: Any, window: Any, _cases: dict[str, str]) -> QPushButton:
    window.workspace.navigate("people")
    screen = window.workspace.screen("people")
    return next(b for b in screen.findChildren(QPushButton) if b.text() in
                ("Register a person", "Regjistro një person"))


def _screen_button(screen_key: str, attribute: str) -> Callable[..., QPushButton]:
    def find(qtbot: Any, window: Any, _cases: dict[str, str]) -> QPushButton:
        window.workspace.navigate(screen_key)
        screen = window.workspace.screen(screen_key)
        qtbot.waitUntil(lambda: window.workspace.pages.currentWidget() is screen
                        and hasattr(screen, attribute), timeout=10_000)   # made a turn later
        return getattr(screen, attribute)
    return find


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
    "open case": (OpenCaseDialog, _screen_button("cases", "open_case_button")),
    "assign": (AssignCaseDialog, _lifecycle_button(AssignCaseDialog)),
    "hand over": (HandOverDialog, _lifecycle_button(HandOverDialog)),
    "reopen": (ReopenCaseDialog, _lifecycle_button(ReopenCaseDialog, "closed")),
    "plan approval": (PlanApprovalDialog,
                      _button_of("child", "plan", lambda view: view.approve_button)),
    "plan review": (PlanReviewDialog,
                    _button_of("child", "plan", lambda view: view.review_button)),
    "protection order": (ProtectionOrderDialog, _measure_button(ProtectionOrderDialog)),
    "child measure": (ChildMeasureDialog, _measure_button(ChildMeasureDialog)),
    "monitoring report": (MonitoringReportDialog, _measure_button(MonitoringReportDialog)),
    "report sent": (ReportSentDialog, _measure_button(ReportSentDialog)),
    "end measure": (EndMeasureDialog, _measure_button(EndMeasureDialog)),
    "meeting": (MeetingDialog, _screen_button("meetings", "record_button")),
}
TYPED_IN = {"report sent": A_DATE}
# where the focus starts when it is not the first field: the review's date is today already
STARTS: dict[str, Callable[[Any], QWidget | None]] = {"plan review": lambda d: d.note}


@pytest.mark.parametrize("which", list(CASES))
def test_ctrl_l_in_a_dialog_locks_and_unlocking_gives_the_input_back(
        qtbot: Any, make_window: Any, casework: dict[str, str], which: str) -> None:
    dialog_type, find_button = CASES[which]
    window = make_window()
    unlock(qtbot, window)
    _lock_and_unlock(qtbot, window, dialog_type, find_button(qtbot, window, casework),
                     TYPED_IN.get(which, TYPED), STARTS.get(which, first_field))


def test_ctrl_l_in_the_act_dialog_of_a_kosovo_laptop(
        qtbot: Any, window_factory: Any, kosovo_dir: Path) -> None:  # noqa: F811
    window = window_factory(kosovo_dir)
    unlock(qtbot, window)
    screen = open_register(qtbot, window)
    _lock_and_unlock(qtbot, window, IssueActDialog, screen.issue_button, TYPED)


def _lock_and_unlock(qtbot: Any, window: Any, dialog_type: type, opener: QPushButton,
                     typed: str, start: Callable[[Any], QWidget | None] = first_field
                     ) -> None:
    opener.setFocus()
    press(opener, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: isinstance(window.session.dialogs.dialog(), dialog_type),
                    timeout=10_000)
    dialog = window.session.dialogs.dialog()
    dialog.activateWindow()
    wait_idle(qtbot, window)  # its draft (none yet) was looked for
    if isinstance(dialog, AssessmentDialog):
        # its fields are built in slices: the ones listed below must all be there
        qtbot.waitUntil(lambda: dialog.view.is_loaded and dialog.view.is_built,
                        timeout=10_000)
    qtbot.waitUntil(lambda: _text_fields(dialog) != [], timeout=10_000)
    # the focus starts in the first field, not on a button (the assessment's fields arrive
    # after the dialog is shown)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start(dialog), timeout=15_000)
    assert not isinstance(QApplication.focusWidget(), QPushButton)

    # the draft of the dialog was looked for (nothing typed is ignored)
    qtbot.waitUntil(lambda: all(d.ready for d in dialog.findChildren(InputDraft)),
                    timeout=10_000)
    for field in _text_fields(dialog):  # the first one that takes words (not a number)
        field.setFocus()
        qtbot.waitUntil(lambda f=field: QApplication.focusWidget() is f, timeout=15_000)
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_A,
                       Qt.KeyboardModifier.ControlModifier)
        QTest.keyClicks(QApplication.focusWidget(), typed)
        if _text_of(field) == typed:
            break
    assert _text_of(field) == typed
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
    qtbot.waitUntil(lambda: any(_text_of(w) == typed for w in _text_fields(reopened)),
                    timeout=10_000)
    reopened.reject()
    wait_idle(qtbot, window)


def test_the_lock_button_of_a_dialog_locks(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    unlock(qtbot, window)
    opener = _case_button(VisitDialog)(qtbot, window, {})
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
