"""Recording a consent withdrawal on a case by keys, and seeing it on the case."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from desktop.ui.dialogs import ReferralDialog
from tests.ui.conftest import press, unlock, wait_idle
from tests.ui.test_forms_support import type_text

CTRL = Qt.KeyboardModifier.ControlModifier


def case_with_a_given_consent(window: Any) -> str:
    def find(store: Any) -> str:
        for consent in store.query("consent", limit=500):
            if consent.fields.get("status") == "given" and consent.fields.get("case_id"):
                return str(consent.fields["case_id"])
        raise AssertionError("the demo has no given consent")
    return window.session.ops.call_blocking(find)


def overview_text(view: Any) -> str:
    return "\n".join(w.text() for w in view.overview.findChildren(QLabel) if w.isVisible())


def focus_on(qtbot: Any, widget: Any) -> None:
    """Put the keyboard focus on ``widget`` (as the worker's Tab presses or click do)."""
    widget.window().activateWindow()
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=5_000)


def test_withdraw_a_consent_by_keys_and_see_it_on_the_case(qtbot: Any,
                                                           make_window: Any) -> None:
    window = make_window()
    unlock(qtbot, window)
    case_id = case_with_a_given_consent(window)
    view = window.workspace.open_case(case_id)
    qtbot.waitUntil(lambda: view.data is not None and view.data.case.id == case_id,
                    timeout=10_000)
    qtbot.waitUntil(lambda: "Given" in overview_text(view), timeout=5_000)
    assert "Consent and legal basis" in overview_text(view)
    button = next(b for b in view.overview.findChildren(type(view.close_button))
                  if b.text() == "Record a consent withdrawal…")
    focus_on(qtbot, button)
    press(button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: type(window.session.dialogs.dialog()).__name__ ==
                    "ConsentWithdrawalDialog", timeout=5_000)
    dialog = window.session.dialogs.dialog()
    qtbot.waitUntil(lambda: dialog.consent.currentData() is not None, timeout=5_000)

    field = dialog.withdrawn_on.edit
    focus_on(qtbot, field)
    press(dialog, Qt.Key.Key_A, CTRL)
    type_text(field, "31.02.2026")                     # not a date: said, nothing saved
    press(dialog, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: bool(dialog.banner.messages()), timeout=5_000)
    assert window.session.dialogs.dialog() is dialog
    press(dialog, Qt.Key.Key_A, CTRL)
    type_text(field, dt.date.today().strftime("%d.%m.%Y"))
    focus_on(qtbot, dialog.by)
    press(dialog, Qt.Key.Key_Down)                     # the legal representative
    assert dialog.by.currentData() == "representative"
    focus_on(qtbot, dialog.reason)
    type_text(dialog.reason, "Prindi nuk dëshiron më")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        press(dialog, Qt.Key.Key_S, CTRL)
    wait_idle(qtbot, window)

    qtbot.waitUntil(lambda: "Withdrawn" in overview_text(view), timeout=10_000)
    text = overview_text(view)
    assert "The legal representative" in text and "drita" in text
    assert "Prindi nuk dëshiron më" in text
    history = view._tab("history").table
    records = [history.cell_text(r, 3) for r in range(history.rowCount())]
    assert "Consent" in records
    documents = view._tab("documents").table
    assert any("Consent and legal basis" in documents.cell_text(r, 0)
               for r in range(documents.rowCount()))

    # a referral now says that the consent was withdrawn
    view.tabs.setCurrentIndex(5)
    refer = view.action_buttons[ReferralDialog]
    focus_on(qtbot, refer)
    press(refer, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: isinstance(window.session.dialogs.dialog(), ReferralDialog),
                    timeout=5_000)
    referral = window.session.dialogs.dialog()
    qtbot.waitUntil(lambda: "was withdrawn" in referral.notice.text(), timeout=5_000)
    referral.reject()
    wait_idle(qtbot, window)
