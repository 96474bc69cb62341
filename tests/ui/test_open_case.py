"""Opening a case (intake) by keyboard: from the person panel, from the case list with a
person found by name or ID, a second referral added to the open case, bad input refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.core.vault import open_vault
from desktop.ui.dialogs.open_case import OpenCaseDialog
from tests.ui.conftest import UI_PASSWORD, UI_USER, press, unlock, wait_idle
from tests.ui.test_forms_support import run_job

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def person(ui_data_dir: Path) -> dict[str, Any]:
    """A demo person with an ID number and one open case: (fields, id, open case types)."""
    vault = open_vault(ui_data_dir, UI_USER, UI_PASSWORD)
    store = vault.store
    try:
        for case in store.query("case", status="open", limit=200):
            found = store.get(case.fields["person_id"])
            if found.fields.get("personal_id"):
                types = {c.fields["case_type"] for c in store.query(
                    "case", person_id=found.id, status="open")}
                return {"id": found.id, "fields": found.fields, "types": types,
                        "case_id": case.id, "case_type": case.fields["case_type"]}
    finally:
        vault.lock()
    raise AssertionError("no demo person with an ID and an open case")


def _screen(qtbot: Any, window: Any, key: str) -> Any:
    unlock(qtbot, window)
    window.workspace.navigate(key)
    screen = window.workspace.screen(key)
    # the case list's actions are made a turn after its table
    qtbot.waitUntil(lambda: getattr(screen, "parts_built", True), timeout=10_000)
    return screen


def _dialog(qtbot: Any, window: Any) -> OpenCaseDialog:
    qtbot.waitUntil(lambda: isinstance(window.session.dialogs.dialog(), OpenCaseDialog),
                    timeout=5000)
    dialog = window.session.dialogs.dialog()
    qtbot.waitUntil(lambda: dialog.choices is not None, timeout=5000)
    return dialog


def _choose(qtbot: Any, dialog: OpenCaseDialog, combo: Any, wanted: Any) -> None:
    """Down arrow on the focused drop-down until it shows what is wanted."""
    qtbot.waitUntil(lambda: QApplication.focusWidget() is combo, timeout=3000)
    for _ in range(combo.count()):
        if wanted(combo.currentData()):
            return
        press(dialog, Qt.Key.Key_Down)
    raise AssertionError("not offered")


def _fill(qtbot: Any, dialog: OpenCaseDialog, case_type: Any) -> None:
    """From the case type on: type, source, date (today), risk, urgency, manager, notes."""
    _choose(qtbot, dialog, dialog.case_type, case_type)
    press(dialog, Qt.Key.Key_Tab)
    _choose(qtbot, dialog, dialog.source, lambda code: code == "police")
    press(dialog, Qt.Key.Key_Tab)                              # the date: today
    for _ in range(3):                                         # its day, month, year
        if QApplication.focusWidget() is dialog.risk:
            break
        press(dialog, Qt.Key.Key_Tab)
    _choose(qtbot, dialog, dialog.risk, lambda code: code == "high")
    press(dialog, Qt.Key.Key_Tab)
    _choose(qtbot, dialog, dialog.urgency, lambda code: code == "rapid_response")
    press(dialog, Qt.Key.Key_Tab)                              # the manager: the user
    press(dialog, Qt.Key.Key_Tab)
    QTest.keyClicks(QApplication.focusWidget(), "Referuar nga policia.")


def _cases(window: Any, qtbot: Any, person_id: str) -> list[Any]:
    return run_job(qtbot, window.session.ops,
                   lambda store: store.query("case", person_id=person_id))


def test_open_a_case_from_the_person_panel(qtbot: Any, make_window: Any,
                                           person: dict[str, Any]) -> None:
    window = make_window()
    screen = _screen(qtbot, window, "people")
    screen.search.setFocus()
    press(screen, Qt.Key.Key_A, CTRL)
    QTest.keyClicks(QApplication.focusWidget(), person["fields"]["personal_id"])
    press(screen, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1 and screen.model.is_loaded(0),
                    timeout=10_000)
    screen.view.setFocus()                                     # a click on the list
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.view, timeout=3000)
    press(screen, Qt.Key.Key_Home, CTRL)
    press(screen, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen._detail is not None and screen.open_case_button.isVisible(),
                    timeout=10_000)
    before = len(_cases(window, qtbot, person["id"]))
    press(screen, Qt.Key.Key_N, CTRL_SHIFT)
    dialog = _dialog(qtbot, window)
    qtbot.waitUntil(lambda: person["fields"]["last_name"] in dialog.subtitle.text(),
                    timeout=10_000)   # the person is read after the dialog opens
    _fill(qtbot, dialog, lambda code: code is not None and code not in person["types"])
    chosen = dialog.case_type.currentData()
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        press(dialog, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: window.workspace.current_key() == "case", timeout=10_000)
    view = window.workspace.case_view
    qtbot.waitUntil(lambda: view.data is not None, timeout=10_000)
    case = view.data.case.fields
    assert case["person_id"] == person["id"] and case["case_type"] == chosen
    assert case["referral_source"] == "police" and case["risk_level"] == "high"
    assert case["urgency"] == "rapid_response" and case["assigned_worker"] == UI_USER
    assert case["reason"] == "Referuar nga policia."
    assert len(_cases(window, qtbot, person["id"])) == before + 1


def test_a_second_referral_from_the_case_list_goes_on_the_open_case(
        qtbot: Any, make_window: Any, person: dict[str, Any]) -> None:
    window = make_window()
    screen = _screen(qtbot, window, "cases")
    screen.search.setFocus()
    press(screen, Qt.Key.Key_N, CTRL_SHIFT)
    dialog = _dialog(qtbot, window)
    assert QApplication.focusWidget() is dialog.person_search  # the first field
    QTest.keyClicks(QApplication.focusWidget(), person["fields"]["personal_id"])
    press(dialog, Qt.Key.Key_Return)                           # the only person found
    qtbot.waitUntil(lambda: dialog.person_id == person["id"], timeout=5000)
    press(dialog, Qt.Key.Key_Tab)                              # the list of people
    press(dialog, Qt.Key.Key_Tab)
    before = _cases(window, qtbot, person["id"])
    _fill(qtbot, dialog, lambda code: code == person["case_type"])
    press(dialog, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: dialog.notice.isVisible(), timeout=5000)
    number = next(c.fields["case_number"] for c in before if c.id == person["case_id"])
    assert number in dialog.notice.text() and number in dialog.save_button.text()
    assert dialog.isVisible()
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        press(dialog, Qt.Key.Key_S, CTRL)
    after = _cases(window, qtbot, person["id"])
    assert len(after) == len(before)                          # no second case
    case = next(c for c in after if c.id == person["case_id"])
    assert case.fields["repeat_referrals"][-1]["source"] == "police"


def test_an_empty_intake_is_refused_in_words_and_saves_nothing(
        qtbot: Any, make_window: Any, person: dict[str, Any]) -> None:
    window = make_window()
    screen = _screen(qtbot, window, "cases")
    screen.search.setFocus()
    press(screen, Qt.Key.Key_N, CTRL_SHIFT)
    dialog = _dialog(qtbot, window)
    press(dialog, Qt.Key.Key_S, CTRL)
    assert dialog.rows["person"].error_text == "Choose the person the case is for."
    assert dialog.rows["case_type"].error_text == "Choose the case type."
    assert dialog.rows["referral_source"].error_text == "Choose who referred the person."
    assert dialog.rows["risk_level"].error_text == "Choose the risk level."
    wait_idle(qtbot, window)
    assert dialog.isVisible() and window.session.dialogs.dialog() is dialog


def test_a_person_just_registered_gets_a_case_by_keyboard(qtbot: Any, make_window: Any,
                                                          ui_data_dir: Path) -> None:
    from desktop.ui.dialogs.register_person import RegisterPersonDialog

    window = make_window()
    screen = _screen(qtbot, window, "people")
    screen.register_button.setFocus()
    press(screen, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: isinstance(window.session.dialogs.dialog(), RegisterPersonDialog),
                    timeout=5000)
    register = window.session.dialogs.dialog()
    for name, text in (("first_name", "Xhoana"), ("last_name", "Qyqja"), ("village", "Vrith")):
        register.edits[name].setFocus()
        QTest.keyClicks(register.edits[name], text)
    register.birth_date.set_value("1990-02-03")
    qtbot.wait(400)                                      # the look for similar people
    with qtbot.waitSignal(register.saved, timeout=5000):
        press(register, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: window.focusWidget() is screen.open_case_button,  # the window's
                    timeout=5000)                                            # focus, back
    assert screen.detail_title.text() == "Xhoana Qyqja"
    press(screen, Qt.Key.Key_Space)                      # "Open a case", focused
    dialog = _dialog(qtbot, window)
    # registered without an administrative unit: the dialog asks for it first
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.unit, timeout=5000)
    assert dialog.rows["unit"].isVisible()
    assert dialog.rows["unit"].hint.text().startswith(
        "This person was registered without an administrative unit.")
    press(dialog, Qt.Key.Key_Tab)                        # passed over, left to choose
    _fill(qtbot, dialog, lambda code: code == "social_care")
    press(dialog, Qt.Key.Key_S, CTRL)
    assert dialog.rows["unit"].error_text == (
        "Choose the administrative unit where the person lives.")
    assert QApplication.focusWidget() is dialog.unit     # back on it, to be chosen
    wait_idle(qtbot, window)
    assert _cases(window, qtbot, screen._detail.person.id) == []   # nothing saved
    QTest.keyClicks(QApplication.focusWidget(), "Qerret")
    assert dialog.unit.currentData() == "Qerret"
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        press(dialog, Qt.Key.Key_S, CTRL)
    view = window.workspace.case_view
    qtbot.waitUntil(lambda: view.data is not None and window.workspace.current_key() == "case",
                    timeout=10_000)
    case = view.data.case.fields
    assert case["case_type"] == "social_care" and case["person_id"] == screen._detail.person.id
    assert case["administrative_unit"] == "Qerret" and case["municipality"] == "Pukë"
    person = run_job(qtbot, window.session.ops, lambda store: store.get(case["person_id"]))
    assert person.fields["administrative_unit"] == "Qerret"
