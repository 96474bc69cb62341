"""The Reports screen lists each plan's monitoring tables, each beside the plan's target."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.core.i18n import set_language
from desktop.ui.ops import Operations
from desktop.ui.reports.screen import ReportsScreen
from tests.reports.caseload import Caseload

WAIT = 60_000
SHOTS = os.environ.get("KUJDES_SHOTS")  # a folder to save screenshots in (optional)


@pytest.fixture
def ops(loaded: tuple[Any, Caseload]) -> Operations:
    vault, _ = loaded
    operations = Operations(lambda: vault.store)
    yield operations
    operations.shutdown()


def open_screen(qtbot, ops: Operations) -> ReportsScreen:
    screen = ReportsScreen(ops, role_provider=lambda: "director")
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.year.setValue(2025)
    with qtbot.waitSignal(screen.report_ready, timeout=WAIT):
        screen.show()
    qtbot.waitExposed(screen)
    screen.activateWindow()
    return screen


def choose_plan_with_the_keyboard(qtbot, screen: ReportsScreen, name: str) -> None:
    screen.filters.plan.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.filters.plan)
    while screen.filters.plan.currentText() != name:
        index = screen.filters.plan.currentIndex()
        with qtbot.waitSignal(screen.report_ready, timeout=WAIT):
            QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
        assert screen.filters.plan.currentIndex() == index + 1, "the plan is not offered"


@pytest.mark.parametrize("language", ["sq", "en"])
def test_a_plan_s_tables_are_listed_beside_their_targets(qtbot, ops: Operations,
                                                         language: str):
    set_language(language)
    try:
        screen = open_screen(qtbot, ops)
        offered = [screen.filters.plan.itemText(i) for i in range(screen.filters.plan.count())]
        himare = ("Himarë – Plani Social Vendor 2025–2028" if language == "sq"
                  else "Himarë – Local Social Plan 2025–2028")
        assert himare in offered and len(offered) == 5   # the report and four Albanian plans
        choose_plan_with_the_keyboard(qtbot, screen, himare)
        qtbot.waitUntil(lambda: not screen.busy, timeout=WAIT)
        first = screen.tables.item(0).text()
        target = ("Objektivi i planit: ≥ 50 raste brenda vitit të dytë të planit"
                  if language == "sq" else "Plan target: ≥ 50 cases within the plan's second year")
        assert first.startswith("1. ") and target in first
        assert screen.report.title == himare and len(screen.report.tables) == 8
        screen.tables.setCurrentRow(2)   # cases each year, three years side by side
        assert screen.model.columnCount() == 3 + 2
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            QApplication.processEvents()
            assert screen.grab().save(str(Path(SHOTS) / f"reports_plan_{language}.png"))
    finally:
        set_language("sq")
