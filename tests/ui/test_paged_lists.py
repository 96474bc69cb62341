"""Paged lists: pages read together are the pages read apart, and the cells look as the
style draws them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QStyledItemDelegate

from desktop.core.vault import open_vault
from desktop.core.views.lists import case_query
from desktop.ui import list_reads
from desktop.ui.list_cells import ListCells
from tests.ui.conftest import UI_PASSWORD, UI_USER, shown_case_list, unlock


@pytest.fixture
def store(ui_data_dir: Path) -> Any:
    vault = open_vault(ui_data_dir, UI_USER, UI_PASSWORD)
    yield vault.store
    vault.lock()


def test_pages_read_together_are_the_pages_read_apart(store: Any,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(list_reads, "PAGE_SIZE", 3)
    for query in (case_query(), case_query(sort_key="number", descending=False)):
        query = query.resolve(store)
        total = query.count(store)
        assert total > 12
        offsets = [0, 3, 6, 12, total // 3 * 3]
        pages, _marks = list_reads.read_pages(store, query, offsets, total)
        for offset in offsets:
            assert pages[offset] == query.page(store, offset, 3, total), offset


def test_the_cells_look_as_the_style_draws_them(qtbot: Any, make_window: Any) -> None:
    """The list's own painter draws the same pixels as Qt's item delegate under the style
    sheet: texts, elided texts, the mark's icon, colours, the selected row, the focus."""
    window = make_window()
    unlock(qtbot, window)
    screen = shown_case_list(qtbot, window, more_than=3, settled=True)
    view, model = screen.view, screen.model
    model._marks[model.record_id(1)] = "unsent"     # a mark's icon on two rows
    model._marks[model.record_id(2)] = "conflict"
    model.dataChanged.emit(model.index(0, 0), model.index(3, model.columnCount() - 1))
    view.setColumnWidth(0, 90)                       # an elided text
    view.setFocus()
    view.selectRow(2)
    assert isinstance(view.itemDelegate(), ListCells)
    ours = view.viewport().grab().toImage()
    view.setItemDelegate(QStyledItemDelegate(view))
    styles = view.viewport().grab().toImage()
    assert ours == styles
