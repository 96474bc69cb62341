"""A case tab's table: a long history is shown whole, its rows' texts made as they come on
screen; the keyboard's row is the chosen one; a double click opens a row's record."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.core.i18n import set_language
from desktop.core.views.case import AuditEntry
from desktop.core.views.case_texts import CaseTexts
from desktop.ui.case_record_tabs import show_history
from desktop.ui.case_tabs import RecordTab
from desktop.ui.formatting import fmt_datetime
from sync.profile import load_profile
from tests.ui.conftest import press


class History:
    """What show_history reads of a case: its audit entries, newest first."""

    def __init__(self, count: int) -> None:
        self.history = [AuditEntry(f"2026-11-{1 + i % 28:02d}T09:{i % 60:02d}:00+00:00",
                                   f"worker{i}", ("view", "update")[i % 2], "case", "c1",
                                   ["status"]) for i in range(count)]


def shown_tab(qtbot: Any) -> RecordTab:
    tab = RecordTab()
    qtbot.addWidget(tab)
    tab.resize(1000, 400)
    tab.show()
    qtbot.waitExposed(tab)
    return tab


def test_a_history_of_500_entries_is_shown_whole_but_made_as_rows_come_into_view(
        qtbot: Any) -> None:
    set_language("en")
    tab = shown_tab(qtbot)
    made: list[int] = []
    case = History(500)
    texts = CaseTexts(load_profile("AL"))
    entries = case.history
    case.history = _Counting(entries, made)
    show_history(tab, case, texts)   # type: ignore[arg-type]  (the fields it reads)
    table = tab.table
    qtbot.waitUntil(lambda: bool(made), timeout=5_000)   # painted
    assert table.rowCount() == 500 and not tab.empty.isVisible()
    on_screen = table.height() // table.rowHeight(0) + 2
    assert len(set(made)) <= on_screen      # only the rows on screen were made
    assert table.cell_text(0, 0) == fmt_datetime(entries[0].at)
    assert (table.cell_text(0, 1), table.cell_text(0, 2)) == ("worker0", "Viewed")
    table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table, timeout=5_000)
    press(QApplication.focusWidget(), Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: 499 in made, timeout=5_000)  # the last rows, once scrolled to
    assert table.currentRow() == 499 and table.cell_text(499, 1) == "worker499"
    assert table.cell_text(499, 2) == "Changed"


def test_the_keyboard_row_is_chosen_and_new_rows_clear_the_choice(qtbot: Any) -> None:
    tab = shown_tab(qtbot)
    tab.show_rows(["Document", "Date"], [["Plan", "01.12.2026"], ["Report", "02.12.2026"]],
                  (300,), "Nothing yet", ["plan:1", "report:2"])
    table = tab.table
    table.current_row_changed.connect(lambda row: table.selectRow(row) if row >= 0 else None)
    changes: list[bool] = []
    table.selection_changed.connect(lambda: changes.append(True))
    table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table, timeout=5_000)
    press(QApplication.focusWidget(), Qt.Key.Key_Down)
    press(QApplication.focusWidget(), Qt.Key.Key_Down)
    assert [i.row() for i in table.selectionModel().selectedRows()] == [1] and changes
    changes.clear()
    tab.show_rows(["Document", "Date"], [], (300,), "Nothing yet")
    assert changes and not table.selectionModel().selectedRows()
    assert tab.empty.isVisible() and tab.empty.text() == "Nothing yet"
    assert not table.isVisible()


def test_a_double_click_opens_the_record_of_its_row(qtbot: Any) -> None:
    tab = shown_tab(qtbot)
    opened: list[str] = []
    tab.open_on_double_click(opened.append)
    tab.show_rows(["Name"], [["Arta"], ["Besnik"]], (200,), "", ["person-a", "person-b"])
    table = tab.table
    second = table.visualRect(table.model().index(1, 0)).center()
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=second)
    QTest.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=second)
    assert opened == ["person-b"]
    assert table.record_id(0) == "person-a"


class _Counting(list):  # type: ignore[type-arg]
    """The entries, noting each index read."""

    def __init__(self, entries: list[AuditEntry], made: list[int]) -> None:
        super().__init__(entries)
        self._made = made

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, int):
            self._made.append(index if index >= 0 else len(self) + index)
        return super().__getitem__(index)
