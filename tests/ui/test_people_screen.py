"""People and households: find a person by typing, see the household and the cases, open one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from desktop.core.vault import open_vault
from desktop.core.views.people import load_person
from tests.ui.conftest import UI_PASSWORD, UI_USER, unlock


@pytest.fixture
def store(ui_data_dir: Path) -> Any:
    vault = open_vault(ui_data_dir, UI_USER, UI_PASSWORD)
    yield vault.store
    vault.lock()


def focus(qtbot: Any, widget: QWidget) -> QWidget:
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)
    return widget


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(QApplication.focusWidget(), key, modifier)


def test_a_person_found_by_typing_shows_household_and_cases(qtbot: Any, make_window: Any,
                                                            store: Any) -> None:
    case = next(c for c in store.query("case", limit=200)
                if store.get(c.fields["person_id"]).fields.get("household_id"))
    person = store.get(case.fields["person_id"])
    expected = load_person(store, person.id)
    assert len(expected.members) >= 1 and case.id in {c.id for c in expected.cases}
    window = make_window()
    unlock(qtbot, window)
    window.workspace.navigate("people")
    screen = window.workspace.screen("people")
    focus(qtbot, screen.search)
    QTest.keyClicks(QApplication.focusWidget(), person.fields["personal_id"])
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.model.rowCount() >= 1 and screen.model.is_loaded(0)
                    and screen.model.record_id(0) == person.id, timeout=10_000)
    focus(qtbot, screen.view)
    press(Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen._detail is not None, timeout=10_000)
    assert screen.detail_title.text() == (f"{person.fields['first_name']} "
                                          f"{person.fields['last_name']}")
    assert screen.members.count() == len(expected.members)
    assert screen.cases.count() == len(expected.cases)
    row = next(n for n in range(screen.cases.count())
               if screen.cases.item(n).data(Qt.ItemDataRole.UserRole) == case.id)
    assert case.fields["case_number"] in screen.cases.item(row).text()
    focus(qtbot, screen.cases)
    press(Qt.Key.Key_Home)
    for _ in range(row):
        press(Qt.Key.Key_Down)
    assert screen.cases.currentRow() == row
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.workspace.current_key() == "case", timeout=10_000)
    view = window.workspace.case_view
    qtbot.waitUntil(lambda: view.data is not None, timeout=10_000)
    assert view.data.case.id == case.id
