"""The case list's filters: sized without measuring their choices, reached by Tab in order,
chosen by keyboard, their state kept over a lock."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox

from desktop.ui.case_list import FILTERS
from tests.ui.conftest import closed_cases, shown_case_list, unlock


def _tab_walk(qtbot: Any, screen: Any, steps: int) -> list[Any]:
    screen.search.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.search)
    seen = []
    for _ in range(steps):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    return seen


def test_filters_are_sized_as_qt_sizes_ten_characters(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    unlock(qtbot, window)
    screen = shown_case_list(qtbot, window)
    qtbot.waitUntil(lambda: len(screen.filters) == len(FILTERS), timeout=10_000)
    for combo in screen.filters.values():
        same = QComboBox(combo.parentWidget())
        same.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        same.setMinimumContentsLength(10)
        same.addItem(combo.itemText(0))
        same.ensurePolished()
        combo.ensurePolished()
        assert combo.sizeHint() == same.sizeHint()
        assert combo.minimumSizeHint() == same.minimumSizeHint()
        same.deleteLater()


def test_tab_goes_from_the_search_through_the_filters_to_the_list(qtbot: Any,
                                                                   make_window: Any) -> None:
    window = make_window()
    unlock(qtbot, window)
    screen = shown_case_list(qtbot, window)
    qtbot.waitUntil(lambda: len(screen.filters) == len(FILTERS), timeout=10_000)
    expected = [screen.filters[key] for key in FILTERS] + [screen.clear_link, screen.view]
    assert _tab_walk(qtbot, screen, len(expected)) == expected


def test_a_filter_chosen_by_keyboard_applies_and_is_kept_over_a_lock(
        qtbot: Any, make_window: Any, ui_data_dir: Path) -> None:
    closed = closed_cases(ui_data_dir)
    window = make_window()
    unlock(qtbot, window)
    screen = shown_case_list(qtbot, window)
    qtbot.waitUntil(lambda: len(screen.filters) == len(FILTERS), timeout=10_000)
    walk = _tab_walk(qtbot, screen, FILTERS.index("status") + 1)
    combo = screen.filters["status"]
    assert walk[-1] is combo
    QTest.keyClick(combo, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)  # its list opens
    qtbot.waitUntil(lambda: combo.view().isVisible(), timeout=5_000)
    for _ in range(combo.findData("closed")):
        QTest.keyClick(combo.view(), Qt.Key.Key_Down)
    QTest.keyClick(combo.view(), Qt.Key.Key_Return)
    assert combo.value() == "closed"
    qtbot.waitUntil(lambda: screen.model.rowCount() == closed and not screen.model.loading,
                    timeout=10_000)
    state = screen.snapshot()
    assert state["filters"]["status"] == "closed"
    fresh = window.workspace.build("cases")      # a screen built again, as after unlock
    fresh.restore(state)
    qtbot.waitUntil(lambda: len(fresh.filters) == len(FILTERS), timeout=10_000)
    assert fresh.filters["status"].value() == "closed"
    # its choices from the profile come a turn after the screen is built: the restored
    # choice is then shown by its label
    label = window.session.label("case_statuses", "closed")
    qtbot.waitUntil(lambda: fresh.filters["status"].currentText() == label, timeout=5_000)
    assert fresh.filters["status"].count() == combo.count()
    qtbot.waitUntil(lambda: fresh.model.rowCount() == closed and not fresh.model.loading,
                    timeout=10_000)
    fresh.deleteLater()


def test_the_list_built_ahead_and_asked_for_at_once_is_one_screen(qtbot: Any,
                                                                  make_window: Any) -> None:
    window = make_window()
    unlock(qtbot, window)
    workspace = window.workspace
    if "cases" not in workspace.screens:
        workspace._ahead.stop()
        workspace._build_ahead()          # built now, placed among the pages a turn later
        built = workspace._built_ahead["cases"]
        workspace.navigate("cases")       # ...but asked for before that turn
        assert workspace.screen("cases") is built
    screen = shown_case_list(qtbot, window)
    QTest.qWait(50)
    lists = [w for w in workspace.pages.findChildren(type(screen)) if w.parentWidget()]
    assert lists == [screen] and workspace.pages.currentWidget() is screen
    qtbot.waitUntil(lambda: screen.filters["status"].count() > 1, timeout=5_000)


def test_filters_filled_a_turn_later_offer_any_first_and_change_nothing(
        qtbot: Any, make_window: Any) -> None:
    from desktop.core.i18n import tr
    from desktop.ui.case_list import _ALL_TEXT

    window = make_window()
    unlock(qtbot, window)
    screen = shown_case_list(qtbot, window, settled=True)
    fresh = window.workspace.build("cases")
    query = fresh.model.query
    qtbot.waitUntil(lambda: all(c.count() for c in fresh.filters.values()), timeout=5_000)
    for key, combo in fresh.filters.items():
        assert combo.itemText(0) == tr(_ALL_TEXT[key]) and combo.value() is None
    assert fresh.filters["status"].count() == screen.filters["status"].count()
    assert fresh.model.query == query
    fresh.deleteLater()
