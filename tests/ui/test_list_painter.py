"""A paged list's rows painted in one go (ListPainter) look exactly as Qt's table paints them
through its item delegate under the style sheet: rows read and not read yet, marked,
selected, focused, changed; and a scroll reads the rows it shows first, then those around."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QStyledItemDelegate

from desktop.core.changes import Changes
from desktop.ui import list_reads, list_view, paged_model
from desktop.ui.list_cells import ListCells
from desktop.ui.ops import ChangeOp, QueryOp
from tests.ui.conftest import shown_case_list, unlock


def _both(view: Any) -> tuple[QImage, QImage]:
    """The view's rows as the list paints them, then as Qt's table and delegate paint them
    (the list's painter then set back)."""
    cells = view.itemDelegate()
    assert isinstance(cells, ListCells)
    ours = view.viewport().grab().toImage()
    view.setItemDelegate(QStyledItemDelegate(view))
    qts = view.viewport().grab().toImage()
    view.setItemDelegate(cells)
    return ours, qts


def _case_list(qtbot: Any, make_window: Any) -> Any:
    window = make_window()
    unlock(qtbot, window)
    return shown_case_list(qtbot, window, more_than=60, settled=True)


def test_rows_not_read_yet_look_as_qt_paints_them(qtbot: Any, make_window: Any) -> None:
    screen = _case_list(qtbot, make_window)
    view, model = screen.view, screen.model
    gate, waited = threading.Event(), []
    # the database thread is busy until the gate opens: the rows shown wait for their read
    QueryOp(screen.session.ops, parent=screen, op=lambda _store: gate.wait(10),
            success=waited.append).run()
    try:
        view.scrollToBottom()
        last = model.rowCount() - 1
        qtbot.wait(list_view.HOLD_PAINT_MS + 100)     # the paint hold has ended
        assert not model.is_loaded(last)
        ours, qts = _both(view)
        assert ours == qts
    finally:
        gate.set()
    qtbot.waitUntil(lambda: bool(waited) and model.is_loaded(last), timeout=10_000)
    ours, qts = _both(view)
    assert ours == qts


def test_a_changed_row_is_painted_with_its_new_text(qtbot: Any, make_window: Any) -> None:
    screen = _case_list(qtbot, make_window)
    view, model = screen.view, screen.model
    view.setFocus()
    view.selectRow(1)
    assert _both(view)[0] == _both(view)[1]
    risk = [c.key for c in model.query.columns].index("risk")
    case_id, before = model.record_id(0), model.data(model.index(0, risk))
    done: list[bool] = []

    def change(store: Any) -> None:
        record = store.get(case_id)
        store.update(case_id, {"risk_level": "low" if record.fields.get("risk_level") != "low"
                               else "high"})

    ChangeOp(screen.session.ops, parent=None, op=change, changes=Changes.of("case")
             ).success(lambda _r: done.append(True)).run()
    qtbot.waitUntil(lambda: bool(done) and model.record_id(0) == case_id
                    and model.is_loaded(0) and model.data(model.index(0, risk)) != before,
                    timeout=10_000)
    ours, qts = _both(view)
    assert ours == qts


def test_cells_selected_apart_from_their_rows_are_painted_by_qt(qtbot: Any,
                                                                make_window: Any) -> None:
    screen = _case_list(qtbot, make_window)
    view, model = screen.view, screen.model
    view.setFocus()
    view.setCurrentIndex(model.index(4, 1))
    view.selectionModel().select(model.index(2, 3),
                                 QItemSelectionModel.SelectionFlag.ClearAndSelect)
    assert view.selectionModel().isSelected(model.index(2, 3))
    assert not view.selectionModel().isRowSelected(2)
    ours, qts = _both(view)
    assert ours == qts


def test_the_people_list_looks_as_qt_paints_it(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    unlock(qtbot, window)
    window.workspace.navigate("people")
    screen = window.workspace.screen("people")
    model = screen.model
    qtbot.waitUntil(lambda: model.rowCount() > 3 and model.is_loaded(0)
                    and not model.loading, timeout=10_000)
    screen.view.setFocus()
    screen.view.selectRow(0)
    ours, qts = _both(screen.view)
    assert ours == qts


def test_a_scroll_reads_the_rows_shown_first_then_those_around(
        qtbot: Any, make_window: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[list[int]] = []
    read_pages = paged_model.read_pages

    def noting(store: Any, query: Any, offsets: Any, total: int) -> Any:
        reads.append(sorted(offsets))
        return read_pages(store, query, offsets, total)

    monkeypatch.setattr(paged_model, "read_pages", noting)
    screen = _case_list(qtbot, make_window)
    view, model = screen.view, screen.model
    size = paged_model.PAGE_SIZE
    reads.clear()
    view.scrollToBottom()
    shown = range(view.rowAt(0), model.rowCount())
    qtbot.waitUntil(lambda: all(model.is_loaded(row) for row in shown), timeout=10_000)
    assert reads[0] == list(range(shown[0] // size * size, shown[-1] + 1, size))
    above = shown[0] - list_reads.AHEAD_PAGES * size
    qtbot.waitUntil(lambda: model.is_loaded(above), timeout=10_000)
    assert all(len(offsets) <= list_reads.AHEAD_PAGES_PER_READ for offsets in reads[1:])


def test_hidden_and_narrow_columns_look_as_qt_paints_them(qtbot: Any, make_window: Any
                                                          ) -> None:
    screen = _case_list(qtbot, make_window)
    view = screen.view
    view.setColumnHidden(2, True)
    view.setColumnWidth(1, 40)        # names elided
    view.setFocus()
    view.selectRow(3)
    ours, qts = _both(view)
    assert ours == qts
