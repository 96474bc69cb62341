"""The service directory screen: search and filter by keys, and refer a case from a row."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import press, unlock, wait_idle
from tests.ui.test_forms_support import type_text

CTRL = Qt.KeyboardModifier.ControlModifier


def open_directory(qtbot: Any, window: Any) -> Any:
    """Down the navigation list with the arrow keys to "Service directory"."""
    nav = window.workspace.nav
    nav.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is nav, timeout=5_000)
    while nav.currentItem().data(Qt.ItemDataRole.UserRole) != "directory":
        press(nav, Qt.Key.Key_Down)
    screen = window.workspace.screen("directory")
    qtbot.waitUntil(lambda: window.workspace.pages.currentWidget() is screen, timeout=5_000)
    qtbot.waitUntil(lambda: len(screen.providers) > 0, timeout=10_000)
    return screen


def shown(screen: Any) -> list[str]:
    return [screen.model.item(r, 0).text() for r in range(screen.model.rowCount())]


def choose_in_combo(qtbot: Any, screen: Any, combo: Any, code: str | None) -> None:
    """Put the focus in the filter and press Down until it shows ``code`` (Home: "every")."""
    combo.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is combo, timeout=5_000)
    if code is None:
        press(screen, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentData() == code:
            break
        press(screen, Qt.Key.Key_Down)
    assert combo.currentData() == code


def person_of_a_case(window: Any) -> tuple[str, str, str]:
    def read(store: Any) -> tuple[str, str, str]:
        case = store.query("case", limit=1, status="open")[0]
        person = store.require(case.fields["person_id"]).fields
        return case.id, person["first_name"] + " " + person["last_name"], \
            case.fields["case_number"]
    return window.session.ops.call_blocking(read)


def test_search_filter_and_refer_a_chosen_case_from_a_row_by_keys(qtbot: Any,
                                                                  make_window: Any) -> None:
    window = make_window()
    unlock(qtbot, window)
    case_id, _name, number = person_of_a_case(window)
    screen = open_directory(qtbot, window)
    everyone = len(screen.providers)
    levels = {p.level for p in screen.providers}
    assert levels == {"local", "regional", "national"}
    assert any(p.address and p.contacts() for p in screen.providers)

    choose_in_combo(qtbot, screen, screen.level, "national")
    qtbot.waitUntil(lambda: {p.level for p in screen.providers} == {"national"}, timeout=5_000)
    assert 0 < len(screen.providers) < everyone
    choose_in_combo(qtbot, screen, screen.level, None)   # back to every level
    qtbot.waitUntil(lambda: len(screen.providers) == everyone, timeout=5_000)
    choose_in_combo(qtbot, screen, screen.service, "counselling")
    qtbot.waitUntil(lambda: len(screen.providers) < everyone, timeout=5_000)
    assert screen.providers and all("counselling" in p.services for p in screen.providers)
    choose_in_combo(qtbot, screen, screen.group, "elderly")
    qtbot.waitUntil(lambda: all(not p.target_groups or "elderly" in p.target_groups
                                for p in screen.providers), timeout=5_000)
    qtbot.waitUntil(lambda: screen.unit.count() > 1, timeout=5_000)
    unit = screen.unit.itemData(1)
    choose_in_combo(qtbot, screen, screen.unit, unit)
    qtbot.waitUntil(lambda: all(p.unit in ("", unit) for p in screen.providers),
                    timeout=5_000)
    for combo in (screen.service, screen.group, screen.unit):
        choose_in_combo(qtbot, screen, combo, None)
    qtbot.waitUntil(lambda: len(screen.providers) == everyone, timeout=5_000)

    press(screen, Qt.Key.Key_F, CTRL)
    assert QApplication.focusWidget() is screen.search
    type_text(screen.search, "ditore")
    press(screen, Qt.Key.Key_Return)      # the only match is selected, the list has the focus
    qtbot.waitUntil(lambda: shown(screen) == ["Qendra Ditore Pukë"], timeout=5_000)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.view, timeout=5_000)
    provider = screen.providers[0]
    assert "Capacity" in [screen.model.horizontalHeaderItem(c).text() for c in range(6)]
    assert screen.model.item(0, 4).text() == provider.contacts()
    assert "Every target group" not in screen.detail.text()

    press(screen, Qt.Key.Key_Return)      # no case chosen yet: the case chooser opens
    qtbot.waitUntil(lambda: window.session.dialogs.dialog() is not None, timeout=5_000)
    chooser = window.session.dialogs.dialog()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is chooser.search, timeout=5_000)
    type_text(chooser.search, number)
    press(chooser, Qt.Key.Key_Return)     # the only match is taken; the referral dialog opens
    qtbot.waitUntil(lambda: type(window.session.dialogs.dialog()).__name__ ==
                    "DirectoryReferralDialog", timeout=10_000)
    dialog = window.session.dialogs.dialog()
    qtbot.waitUntil(lambda: dialog.selected_provider() is not None, timeout=10_000)
    assert dialog.selected_provider().id == provider.id
    assert dialog.service.currentData() in provider.services
    assert number in dialog.subtitle.text()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=5_000)
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        press(dialog, Qt.Key.Key_S, CTRL)
    wait_idle(qtbot, window)
    referrals = window.session.ops.call_blocking(
        lambda store: store.query("referral", case_id=case_id))
    sent = [r for r in referrals if r.fields.get("provider_id") == provider.id]
    assert len(sent) == 1 and sent[0].fields["provider_name"] == "Qendra Ditore Pukë"
    assert number in screen.case_label.text()


def test_the_case_last_opened_is_the_one_referred(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    unlock(qtbot, window)
    case_id, name, number = person_of_a_case(window)
    window.workspace.open_case(case_id)
    screen = open_directory(qtbot, window)
    qtbot.waitUntil(lambda: number in screen.case_label.text(), timeout=5_000)
    assert name in screen.case_label.text()
    screen.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.view, timeout=5_000)
    press(screen, Qt.Key.Key_Down)
    press(screen, Qt.Key.Key_R, CTRL)
    qtbot.waitUntil(lambda: type(window.session.dialogs.dialog()).__name__ ==
                    "DirectoryReferralDialog", timeout=10_000)
    dialog = window.session.dialogs.dialog()
    assert dialog.case_id == case_id
    qtbot.waitUntil(lambda: dialog.selected_provider() is not None, timeout=10_000)
    assert dialog.selected_provider().id == screen.selected_provider().id
    dialog.reject()
