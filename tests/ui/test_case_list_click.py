""""Cases" clicked before the list was built ahead, while it is half built, or after: the
same list, filters, actions and keyboard focus, reached by real keys; filters restored after
an unlock are applied whatever turn the filter row is made in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.core.i18n import tr
from desktop.ui.case_list import _ALL_TEXT, FILTERS
from tests.ui.conftest import closed_cases, press, unlock

CASES_ROW = 1   # "Cases" in the navigation


def _prepare(qtbot: Any, workspace: Any, when: str) -> None:
    """The case list not built ahead ("before"), its table built but not the rest nor placed
    ("half"), or built ahead and placed ("done")."""
    if when == "done":
        qtbot.waitUntil(lambda: "cases" in workspace.screens
                        and bool(workspace.screens["cases"].filters), timeout=10_000)
        return
    workspace._ahead.stop()
    workspace._ahead.timeout.disconnect(workspace._build_ahead)
    assert "cases" not in workspace.screens and "cases" not in workspace._built_ahead
    if when == "half":
        workspace._build_ahead()
        assert not workspace._built_ahead["cases"].filters


def _click_cases(workspace: Any) -> None:
    nav = workspace.nav
    rect = nav.visualItemRect(nav.item(CASES_ROW))
    QTest.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _check_content(workspace: Any, screen: Any) -> None:
    body = screen.body
    assert body.itemAt(0).layout().itemAt(0).widget() is screen.search
    row = body.itemAt(1).layout()
    assert [row.itemAt(i).widget() for i in range(row.count())] == [
        *(screen.filters[key] for key in FILTERS), screen.clear_link]
    assert body.itemAt(2).widget() is screen.view
    actions = screen.header.actions
    assert [actions.itemAt(i).widget().text() for i in range(actions.count())] == [
        tr("Register a person"), tr("Open a case")]
    for key in FILTERS:
        assert screen.filters[key].itemText(0) == tr(_ALL_TEXT[key])
    statuses = workspace.session.profile.items("case_statuses")
    assert screen.filters["status"].count() == len(statuses) + 1
    assert screen.model.rowCount() > 0 and screen.header.subtitle.text()
    assert workspace.pages.currentWidget() is screen


@pytest.mark.parametrize("when", ["before", "half", "done"])
def test_cases_clicked_before_half_or_after_the_build_ahead_is_the_same_list(
        qtbot: Any, make_window: Any, when: str) -> None:
    window = make_window()
    unlock(qtbot, window)
    workspace = window.workspace
    _prepare(qtbot, workspace, when)
    _click_cases(workspace)
    screen = workspace.screens["cases"]
    assert workspace.pages.currentWidget() is screen   # shown in the click's turn
    assert QApplication.focusWidget() is workspace.nav  # the focus stays where it was clicked
    qtbot.waitUntil(lambda: screen.model.rowCount() > 0 and screen.model.is_loaded(0)
                    and bool(screen.filters) and screen.filters["status"].count() > 1,
                    timeout=10_000)
    _check_content(workspace, screen)
    lists = [w for w in workspace.pages.findChildren(type(screen)) if w.parentWidget()]
    assert lists == [screen]
    # by keyboard: Ctrl+F to the search, Tab through the filters to the list, Enter opens
    press(QApplication.focusWidget(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is screen.search
    seen = []
    for _ in range(len(FILTERS) + 2):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen == [*(screen.filters[k] for k in FILTERS), screen.clear_link, screen.view]
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    row = screen.view.currentIndex().row()
    assert row >= 0
    case_id = screen.model.record_id(row)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: workspace.current_key() == "case", timeout=10_000)
    assert workspace.case_view.case_id == case_id


def test_filters_restored_at_unlock_apply_when_cases_is_clicked_before_built(
        qtbot: Any, make_window: Any, ui_data_dir: Path) -> None:
    closed = closed_cases(ui_data_dir)
    window = make_window()
    unlock(qtbot, window)
    workspace = window.workspace
    _prepare(qtbot, workspace, "before")
    workspace._states["cases"] = {"filters": {"status": "closed"}, "sort": ("opened", True)}
    _click_cases(workspace)
    screen = workspace.screens["cases"]
    assert screen.snapshot()["filters"]["status"] == "closed"   # before its filter row
    qtbot.waitUntil(lambda: bool(screen.filters) and screen.filters["status"].count() > 1,
                    timeout=10_000)
    assert screen.filters["status"].value() == "closed"
    label = workspace.session.label("case_statuses", "closed")
    assert screen.filters["status"].currentText() == label
    qtbot.waitUntil(lambda: screen.model.rowCount() == closed and not screen.model.loading,
                    timeout=10_000)
