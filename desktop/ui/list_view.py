"""A paged list's table view: the rows it shows are read, its sort shown, its cells painted."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from desktop.core.views.lists import Column
from desktop.ui.list_cells import ListCells

if TYPE_CHECKING:
    from desktop.ui.paged_model import PagedQueryModel


def show_sort(view: QTableView, columns: Sequence[Column], sort_key: str | None,
              descending: bool) -> None:
    """Show a sort on ``view``'s header without sorting again (no column: no indicator)."""
    keys = [c.key for c in columns]
    header = view.horizontalHeader()
    header.blockSignals(True)
    header.setSortIndicator(keys.index(sort_key) if sort_key in keys else -1,
                            Qt.SortOrder.DescendingOrder if descending
                            else Qt.SortOrder.AscendingOrder)
    header.blockSignals(False)


def follow_view(model: PagedQueryModel, view: QTableView, tell: Callable[[str], Any]) -> None:
    """``model`` loads the rows ``view`` shows; a sort it refuses goes back on the header and
    its reason is told; its cells are painted by :class:`ListCells`."""

    def visible_rows() -> tuple[int, int]:
        first = view.rowAt(0)
        last = view.rowAt(view.viewport().height() - 1)
        return first, last if last >= 0 else model.rowCount() - 1

    def refused(message: str) -> None:
        query = model.query
        show_sort(view, query.columns, query.sort_key, query.descending)
        if message:
            tell(message)

    model.set_visible_range(visible_rows)
    model.sort_refused.connect(refused)
    view.verticalScrollBar().valueChanged.connect(lambda _value: model.view_moved())
    view.setItemDelegate(ListCells(view))
