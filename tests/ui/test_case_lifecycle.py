"""The case's lifecycle by keyboard: assign the case manager, hand over with a note (refused
without one), reopen a closed case with a reason."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.core.casework.holding import SERVER_USER_KEY
from desktop.core.vault import open_vault
from desktop.ui.dialogs.case_lifecycle import AssignCaseDialog, HandOverDialog, ReopenCaseDialog
from tests.ui.conftest import UI_PASSWORD, UI_USER, press, unlock, wait_idle
from tests.ui.test_forms_support import type_text

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def cases(ui_data_dir: Path) -> dict[str, str]:
    vault = open_vault(ui_data_dir, UI_USER, UI_PASSWORD)
    try:
        found = {status: vault.store.query("case", status=status, limit=1)[0].id
                 for status in ("open", "closed")}
        found["not in Rrapë"] = next(
            c.id for c in vault.store.query("case", status="open", limit=100)
            if c.fields.get("administrative_unit") not in ("Rrapë", None)
            and c.fields.get("case_type") == "social_care")
        return found
    finally:
        vault.lock()


def _signed_in_as(data_dir: Path, role: str, units: list[str]) -> None:
    """The role and units the municipal server gave at the last sign-in."""
    vault = open_vault(data_dir, UI_USER, UI_PASSWORD)
    try:
        vault.store.meta_set(SERVER_USER_KEY, json.dumps({"username": UI_USER, "role": role,
                                                          "units": units}))
    finally:
        vault.lock()


def _hand_to_rrape(qtbot: Any, window: Any, view: Any) -> Any:
    """The hand-over dialog by keyboard: no worker, the unit Rrapë, a note, Ctrl+S."""
    dialog = _dialog(qtbot, window, view, HandOverDialog)
    assert dialog.rows["unit"].isVisible()
    press(dialog, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.unit
    press(dialog, Qt.Key.Key_R)
    assert dialog.unit.currentText() == "Rrapë"
    press(dialog, Qt.Key.Key_Tab)
    press(dialog, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.note
    _type(RRAPE_NOTE)
    press(dialog, Qt.Key.Key_S, CTRL)
    return dialog


RRAPE_NOTE = "Familja u zhvendos në Rrapë."


def test_hand_over_to_another_unit_with_a_note(qtbot: Any, make_window: Any,
                                               cases: dict[str, str]) -> None:
    window = make_window()
    unlock(qtbot, window)
    view = _view(qtbot, window, cases["not in Rrapë"])
    with qtbot.waitSignal(window.session.ops.changed, timeout=5000):
        _hand_to_rrape(qtbot, window, view)
    fields = _reloaded(qtbot, view, lambda f: f["administrative_unit"] == "Rrapë")
    assert fields["transfers"][-1]["note"] == RRAPE_NOTE
    qtbot.waitUntil(lambda: any(n.fields.get("text") == RRAPE_NOTE for n in view.data.notes),
                    timeout=10_000)


def test_hand_over_to_a_unit_outside_the_users_units_is_refused_in_words(
        qtbot: Any, make_window: Any, ui_data_dir: Path, cases: dict[str, str]) -> None:
    vault = open_vault(ui_data_dir, UI_USER, UI_PASSWORD)
    try:
        unit = vault.store.get(cases["not in Rrapë"]).fields["administrative_unit"]
    finally:
        vault.lock()
    _signed_in_as(ui_data_dir, "social_worker", [unit])
    window = make_window()
    unlock(qtbot, window)
    view = _view(qtbot, window, cases["not in Rrapë"])
    dialog = _hand_to_rrape(qtbot, window, view)
    qtbot.waitUntil(lambda: bool(dialog.banner.messages()), timeout=5000)
    assert dialog.banner.messages()[0].startswith(
        "Rrapë is not one of your administrative units")
    assert dialog.isVisible()
    wait_idle(qtbot, window)
    assert view.data.case.fields["administrative_unit"] == unit  # nothing saved


def _view(qtbot: Any, window: Any, case_id: str) -> Any:
    view = window.workspace.open_case(case_id)
    qtbot.waitUntil(lambda: view.data is not None and view.data.case.id == case_id,
                    timeout=10_000)
    return view


def _dialog(qtbot: Any, window: Any, view: Any, kind: type) -> Any:
    view.lifecycle_buttons[kind].setFocus()
    press(view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: isinstance(window.session.dialogs.dialog(), kind), timeout=5000)
    dialog = window.session.dialogs.dialog()
    qtbot.waitUntil(lambda: dialog.state is not None, timeout=5000)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None
                    and QApplication.focusWidget().window() is dialog, timeout=5000)
    return dialog


def _type(text: str) -> None:
    type_text(QApplication.focusWidget(), text)


def _reloaded(qtbot: Any, view: Any, check: Any) -> Any:
    qtbot.waitUntil(lambda: view.data is not None and check(view.data.case.fields),
                    timeout=10_000)
    return view.data.case.fields


def test_assign_then_hand_over_with_a_note(qtbot: Any, make_window: Any,
                                           cases: dict[str, str]) -> None:
    window = make_window()
    unlock(qtbot, window)
    view = _view(qtbot, window, cases["open"])
    assert not view.lifecycle_buttons[ReopenCaseDialog].isVisible()
    dialog = _dialog(qtbot, window, view, AssignCaseDialog)
    assert QApplication.focusWidget() is dialog.worker
    _type("arta")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        press(dialog, Qt.Key.Key_S, CTRL)
    _reloaded(qtbot, view, lambda f: f["assigned_worker"] == "arta")

    dialog = _dialog(qtbot, window, view, HandOverDialog)
    assert "arta" in dialog.subtitle.text()
    _type("besnik")
    press(dialog, Qt.Key.Key_S, CTRL)                          # no note yet
    assert dialog.rows["note"].error_text.startswith("Write the handover note")
    wait_idle(qtbot, window)
    assert view.data.case.fields["assigned_worker"] == "arta"  # nothing saved
    press(dialog, Qt.Key.Key_Tab)                              # the unit: stays
    press(dialog, Qt.Key.Key_Tab)                              # the municipality: none
    press(dialog, Qt.Key.Key_Tab)
    _type("Familja pret vizitën e radhës.")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        press(dialog, Qt.Key.Key_S, CTRL)
    fields = _reloaded(qtbot, view, lambda f: f["assigned_worker"] == "besnik")
    assert fields["transfers"][-1]["from_worker"] == "arta"


def test_reopen_a_closed_case_with_a_reason(qtbot: Any, make_window: Any,
                                            cases: dict[str, str]) -> None:
    window = make_window()
    unlock(qtbot, window)
    view = _view(qtbot, window, cases["closed"])
    assert not view.lifecycle_buttons[AssignCaseDialog].isVisible()
    dialog = _dialog(qtbot, window, view, ReopenCaseDialog)
    assert QApplication.focusWidget() is dialog.reason
    press(dialog, Qt.Key.Key_S, CTRL)
    assert dialog.rows["reason"].error_text == "Write why the case is opened again."
    _type("U kthye pas tre muajsh.")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        press(dialog, Qt.Key.Key_S, CTRL)
    fields = _reloaded(qtbot, view, lambda f: f["status"] == "open")
    assert fields["reopened_on"] and not fields.get("closure_reason")
