"""A form received from the municipality's server, on screen: the case view offers its newest
version for a new assessment, the assessment dialog renders it (with the time editor), and a
retired form is no longer offered."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.core.casework.assessments import save_assessment
from desktop.core.vault import open_vault
from desktop.ui.case_view import TABS
from desktop.ui.forms.time_editor import TimeEditor
from tests.forms.books import ANSWERS_V1, FORM_ID, form_book, receive_form
from tests.ui.conftest import UI_PASSWORD, UI_USER, press, unlock


def _receive(data_dir: Path, folder: Path, *, retired: bool = False,
             assessed: bool = False) -> str:
    vault = open_vault(data_dir, UI_USER, UI_PASSWORD)
    receive_form(vault.store, form_book(folder / "v1.xlsx", 1), retired=retired)
    receive_form(vault.store, form_book(folder / "v2.xlsx", 2, extra_question=True),
                 retired=retired)
    case = vault.store.query("case", status="open", limit=1)[0].id
    if assessed:
        save_assessment(vault.store, case, FORM_ID, ANSWERS_V1, version=1)
    vault.lock()
    return case


def _assessments_tab(qtbot: Any, window: Any, case_id: str) -> Any:
    view = window.workspace.open_case(case_id)
    qtbot.waitUntil(lambda: view.data is not None and view.data.case.id == case_id,
                    timeout=10_000)
    view.tabs.setCurrentIndex(TABS.index("assessments"))
    return view


def test_the_newest_received_version_is_offered_and_rendered(
        qtbot: Any, make_window: Any, ui_data_dir: Path, tmp_path: Path) -> None:
    case = _receive(ui_data_dir, tmp_path)
    window = make_window()
    unlock(qtbot, window)
    view = _assessments_tab(qtbot, window, case)
    choice = view.form_choice
    offered = [choice.itemText(i) for i in range(choice.count())]
    assert "Municipal check v2" in offered and "Municipal check v1" not in offered

    choice.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is choice, timeout=5_000)
    for _ in range(choice.count()):
        if choice.currentData() == FORM_ID:
            break
        press(choice, Qt.Key.Key_Down)
    assert choice.currentText() == "Municipal check v2"
    view.new_assessment.setFocus()
    press(view.new_assessment, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.session.dialogs.dialog() is not None, timeout=10_000)
    dialog = window.session.dialogs.dialog()
    assert (dialog.definition.id, dialog.definition.version) == (FORM_ID, 2)
    qtbot.waitUntil(lambda: bool(dialog.findChildren(TimeEditor)), timeout=10_000)
    editor = dialog.findChildren(TimeEditor)[0]
    editor.edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor.edit, timeout=5_000)
    QTest.keyClicks(QApplication.focusWidget(), "9:3x0")  # the letter is not taken
    assert editor.edit.text() == "9:30" and editor.value() == "09:30"
    dialog.reject()


def test_a_retired_form_is_not_offered_and_its_assessments_still_show(
        qtbot: Any, make_window: Any, ui_data_dir: Path, tmp_path: Path) -> None:
    case = _receive(ui_data_dir, tmp_path, retired=True, assessed=True)
    window = make_window()
    unlock(qtbot, window)
    view = _assessments_tab(qtbot, window, case)
    choice = view.form_choice
    offered = [choice.itemData(i) for i in range(choice.count())]
    assert FORM_ID not in offered and "intake" in offered
    table = view._tab("assessments").table
    shown = [[table.cell_text(r, c) for c in range(3)] for r in range(table.rowCount())]
    assert ["Municipal check v2", "1"] in [row[1:] for row in shown]


def test_administration_lists_each_form_version_and_where_it_came_from(
        qtbot: Any, make_window: Any, ui_data_dir: Path, tmp_path: Path) -> None:
    _receive(ui_data_dir, tmp_path)
    window = make_window()
    unlock(qtbot, window)
    window.workspace.navigate("admin")
    table = window.workspace.screens["admin"].forms.table

    def rows() -> dict[tuple[str, str], list[str]]:
        found = {}
        for r in range(table.rowCount()):
            cells = [table.item(r, c).text() if table.item(r, c) else ""
                     for c in range(table.columnCount())]
            found[(cells[0], cells[1])] = cells[2:]
        return found

    qtbot.waitUntil(lambda: ("Municipal check v2", "2") in rows(), timeout=10_000)
    listed = rows()
    assert listed[("Municipal check v2", "2")] == ["Municipality", "01.03.2026", "Offered",
                                                   "All cases"]
    assert listed[("Municipal check v1", "1")][2] == "Older version"
    assert listed[("Home visit report", "1")][:3] == ["Built in", "", "Offered"]
