"""A scroll to rows not read yet paints once, with the rows read, when the read is quick; a
slow read still shows the rows' placeholders after a moment, then the rows."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop.ui import list_reads, list_view, paged_model
from desktop.ui.list_cells import ListCells
from desktop.ui.ops import QueryOp
from tests.ui.conftest import shown_case_list, unlock

PAGE = 5


@pytest.fixture
def painted(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, str | None]]:
    """Each cell of the first column painted: its row and its text (None: a placeholder)."""
    cells: list[tuple[int, str | None]] = []
    draw_row = ListCells.draw_row

    def noting(self: ListCells, painter: Any, row: int, y: int, height: int,
               columns: list[tuple[int, int, int]], *args: Any) -> None:
        if any(column == 0 for column, _x, _width in columns):
            model = self._view.model()
            cells.append((row, model.data(model.index(row, 0)) if model.is_loaded(row)
                          else None))
        draw_row(self, painter, row, y, height, columns, *args)

    monkeypatch.setattr(ListCells, "draw_row", noting)
    monkeypatch.setattr(list_reads, "PAGE_SIZE", PAGE)
    monkeypatch.setattr(paged_model, "PAGE_SIZE", PAGE)
    return cells


def _case_list(qtbot: Any, make_window: Any) -> Any:
    window = make_window()
    unlock(qtbot, window)
    return shown_case_list(qtbot, window, more_than=60, settled=True)


def _shown_rows(screen: Any) -> range:
    view = screen.view
    return range(view.rowAt(0), view.rowAt(view.viewport().height() - 1) + 1)


def test_a_quick_read_paints_the_rows_read_once(qtbot: Any, make_window: Any,
                                                painted: list[tuple[int, str | None]],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(list_view, "HOLD_PAINT_MS", 10_000)   # every read is quick enough
    screen = _case_list(qtbot, make_window)
    model, bar = screen.model, screen.view.verticalScrollBar()
    assert not model.is_loaded(model.rowCount() - 1)
    painted.clear()
    bar.setValue(bar.maximum())
    rows = _shown_rows(screen)
    qtbot.waitUntil(lambda: any(row == rows[-1] for row, _text in painted), timeout=10_000)
    assert all(text is not None for _row, text in painted), "placeholders were painted"
    shown = {row: text for row, text in painted}
    assert set(rows) <= set(shown)
    for row in rows:
        assert shown[row] == model.data(model.index(row, 0))
        assert model.record_id(row) is not None


def test_a_slow_read_shows_placeholders_then_the_rows(qtbot: Any, make_window: Any,
                                                      painted: list[tuple[int, str | None]]
                                                      ) -> None:
    screen = _case_list(qtbot, make_window)
    model, bar = screen.model, screen.view.verticalScrollBar()
    gate, waited = threading.Event(), []
    # the database thread is busy until the gate opens: the page read waits behind it
    QueryOp(screen.session.ops, parent=screen, op=lambda _store: gate.wait(10),
            success=waited.append).run()
    painted.clear()
    bar.setValue(bar.maximum())
    rows = _shown_rows(screen)
    try:
        qtbot.waitUntil(lambda: {row for row, text in painted if text is None} >= set(rows),
                        timeout=5_000)
        assert not model.is_loaded(rows[-1])
    finally:
        gate.set()

    def last_painted() -> dict[int, str | None]:
        return {row: text for row, text in painted}

    qtbot.waitUntil(lambda: bool(waited) and all(last_painted().get(row) is not None
                                                 for row in rows), timeout=10_000)
    assert all(last_painted()[row] == model.data(model.index(row, 0)) for row in rows)


def test_the_list_painted_ahead_shows_the_language_chosen_since(qtbot: Any,
                                                                 make_window: Any) -> None:
    """The case list built and painted off screen while Today is shown, then the language
    changed: opened, it paints its rows and headers in the new language, as the style
    would paint them afresh."""
    from PySide6.QtWidgets import QStyledItemDelegate

    from desktop.core.i18n import current_language, tr

    window = make_window()
    unlock(qtbot, window)
    workspace = window.workspace
    qtbot.waitUntil(lambda: "cases" in workspace.screens, timeout=10_000)
    screen = workspace.screens["cases"]
    cells = screen.view.itemDelegate()
    qtbot.waitUntil(lambda: screen.model.is_loaded(0) and bool(cells._cells), timeout=10_000)
    assert workspace.current_key() == "today" and not screen.isVisible()
    window.set_language("en" if current_language() != "en" else "sq")
    workspace.navigate("cases")
    qtbot.waitUntil(lambda: screen.view.isVisible() and screen.model.is_loaded(0)
                    and not screen.model.loading, timeout=10_000)
    model = screen.model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())
            ] == [tr(c.header) for c in model.query.columns]
    ours = screen.view.viewport().grab().toImage()
    screen.view.setItemDelegate(QStyledItemDelegate(screen.view))
    assert ours == screen.view.viewport().grab().toImage()
