"""The reports screen at 1366x768 beside the sidebar: every table shows its numbers and
totals whole (the labels give way, then the chart; only a table wider than the whole screen
scrolls), and the list shows every table title whole."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.core.i18n import set_language
from desktop.ui.reports.screen import ReportsScreen
from tests.reports.test_screen import compute, ops  # noqa: F401

SIDEBAR = 240
SHOTS = Path("/work/shots/walk")


def _cut_numbers(screen: ReportsScreen) -> list[str]:
    view, model = screen.view, screen.model
    header = view.horizontalHeader()
    cut = []
    for column in range(1, model.columnCount()):
        needed = view.sizeHintForColumn(column)
        if header.sectionSize(column) < needed:
            cut.append(f"column {column} {header.sectionSize(column)} < {needed}")
    room = sum(screen.split.sizes()) - 2 * view.frameWidth()
    if header.length() > view.viewport().width() and header.length() <= room - 30:
        cut.append(f"the table is {header.length()} wide in {view.viewport().width()}")
    return cut


@pytest.mark.parametrize("language", ["sq", "en"])
def test_numbers_and_titles_are_not_cut(qtbot: Any, ops: Any, language: str  # noqa: F811
                                        ) -> None:
    set_language(language)
    screen = ReportsScreen(ops, role_provider=lambda: "director")
    qtbot.addWidget(screen)
    screen.resize(1366 - SIDEBAR, 768)
    screen.year.setValue(2025)
    report = compute(qtbot, screen)
    problems = {}
    for row in range(len(report.tables)):
        screen.tables.setCurrentRow(row)
        QApplication.processEvents()
        cut = _cut_numbers(screen)
        if cut:
            problems[report.tables[row].title] = cut
        item = screen.tables.item(row)
        rect = screen.tables.visualItemRect(item)
        text_width = screen.tables.fontMetrics().boundingRect(
            rect.adjusted(0, 0, -8, 0), int(Qt.TextFlag.TextWordWrap), item.text())
        assert text_width.height() <= rect.height(), item.text()
        if row == 0 and SHOTS.parent.exists():
            SHOTS.mkdir(exist_ok=True)
            screen.grab().save(str(SHOTS / f"reports-{language}.png"))
    assert problems == {}
    qtbot.waitUntil(lambda: not screen.busy, timeout=60_000)
