"""The case list scrolled past its first page reads its rows from the list's order kept on the
database thread: the rows shown are those the list reads with OFFSET, and after a change that
moves a case the list shows it where it now belongs."""

from __future__ import annotations

from typing import Any

import pytest

from desktop.core.changes import Changes
from desktop.ui import list_reads, paged_model
from desktop.ui.ops import ChangeOp
from tests.ui.conftest import unlock

PAGE = 20     # pages of this many rows: the small caseload has several


def _shown_ids(qtbot: Any, screen: Any, first: int, last: int) -> list[str]:
    """Scroll the list to show ``last`` and wait for the rows first..last to be read."""
    screen.view.scrollTo(screen.model.index(last, 0))
    model = screen.model
    qtbot.waitUntil(lambda: model.is_loaded(first) and model.is_loaded(last)
                    and not model.loading, timeout=10_000)
    return [model.record_id(row) for row in range(first, last + 1)]


def _offset_ids(window: Any, query: Any, first: int, last: int) -> list[str]:
    """The same rows as read with OFFSET (the query as asked, no order kept)."""
    total = window.session.ops.call_blocking(query.count)
    rows = window.session.ops.call_blocking(
        lambda store: query.page(store, first, last + 1 - first, total))
    return [row[0] for row in rows]


def test_rows_past_the_first_page_follow_the_list_after_a_change(
        qtbot: Any, make_window: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(list_reads, "PAGE_SIZE", PAGE)
    monkeypatch.setattr(paged_model, "PAGE_SIZE", PAGE)
    window = make_window()
    unlock(qtbot, window)
    window.workspace.navigate("cases")
    screen = window.workspace.screen("cases")
    model = screen.model
    qtbot.waitUntil(lambda: model.rowCount() > 3 * PAGE and model.is_loaded(0),
                    timeout=10_000)
    last = model.rowCount() - 1
    first = 2 * PAGE + 5
    shown = _shown_ids(qtbot, screen, first, last)
    assert model._resolved.order.rowids is not None       # read from the kept order
    assert shown == _offset_ids(window, model.query, first, last)

    moved = shown[-5]                    # a case near the end becomes the newest
    done: list[bool] = []
    ChangeOp(window.session.ops, parent=None,
             op=lambda store: store.update(moved, {"opened_on": "2099-01-01"}),
             changes=Changes.of("case")).success(lambda _r: done.append(True)).run()
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    qtbot.waitUntil(lambda: model.is_loaded(0) and model.record_id(0) == moved
                    and not model.loading, timeout=10_000)
    shown = _shown_ids(qtbot, screen, first, last)
    assert moved not in shown
    assert shown == _offset_ids(window, model.query, first, last)
