"""A table model over a :class:`~desktop.core.views.lists.ListQuery` that reads only what is shown.

The row count comes from one ``count(*)``; rows arrive in pages of :data:`PAGE_SIZE`, read on
the database thread when the view asks for them. Requests are coalesced: when the user drags
the scroll bar from top to bottom, only the pages visible when the database thread is free
are read, not every page passed on the way. A bounded cache keeps the pages near the view.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from functools import cache
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QIcon

from desktop.core.i18n import tr
from desktop.core.sync_marks import UNSENT, mark_text
from desktop.core.views.lists import ListQuery
from desktop.ui.list_reads import PAGE_SIZE, Pages, pages_around, read_pages
from desktop.ui.list_view import BusyAfter, follow_view, show_sort, sort_refusal
from desktop.ui.ops import Operations, QueryOp
from desktop.ui.row_looks import LOOK_ROLES, Formatter, RowLooks, Styler
from desktop.ui.style import icon

__all__ = ["PAGE_SIZE", "Formatter", "PagedQueryModel", "Styler", "follow_view", "read_pages",
           "show_sort"]
CACHE_PAGES = 300
MAX_PAGES_PER_READ = 12
# The rows around the shown ones are read once the view has not moved for this long: a drag of
# the scroll bar then never waits for a read of rows it has already left.
AHEAD_AFTER_MS = 16
_Index = QModelIndex | QPersistentModelIndex
_DISPLAY, _TOOLTIP, _DECORATION, _USER = (int(r) for r in (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.DecorationRole,
    Qt.ItemDataRole.UserRole))
_ROLES = frozenset(LOOK_ROLES) | {_DISPLAY, _TOOLTIP, _DECORATION, _USER}
_HORIZONTAL = Qt.Orientation.Horizontal
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_NO_FLAGS = Qt.ItemFlag.NoItemFlags


@cache
def _mark_icon(mark: str) -> QIcon:
    """The icon of a row's mark (made once: an icon is read from its file)."""
    return icon("warning" if mark != UNSENT else "sync")


class PagedQueryModel(QAbstractTableModel):
    """Rows of a list query, fetched page by page by SQL as the view scrolls."""

    loading_changed = Signal(bool)
    busy_changed = Signal(bool)   # the busy bar (shown after a while: BusyAfter)
    count_changed = Signal(int)
    failed = Signal(object)       # the error of a read that failed
    # True when a read of rows the view shows starts, False when they are in (or it failed):
    # the view holds its paint meanwhile, for a moment (follow_view)
    reading_shown = Signal(bool)
    rows_read = Signal(int, int)  # the rows of a page just read (first, last)
    sort_refused = Signal(str)    # the message to show; the sort stays as it was

    def __init__(self, ops: Operations, query: ListQuery, parent: QObject | None = None, *,
                 formatters: dict[str, Formatter] | None = None,
                 styler: Styler | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._query = query
        self._resolved = query       # with its search hits, once counted
        self._looks = RowLooks(formatters, styler)
        self._rows = 0
        self._pages: OrderedDict[int, list[tuple[Any, ...]]] = OrderedDict()
        self._wanted: set[int] = set()
        self._in_flight = False
        self._counting = False
        self._generation = 0
        self._visible: Callable[[], tuple[int, int]] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._fetch)
        self._ahead = QTimer(self)
        self._ahead.setSingleShot(True)
        self._ahead.setInterval(AHEAD_AFTER_MS)
        self._ahead.timeout.connect(lambda: self._fetch(ahead=True))
        self._busy = BusyAfter(self, self.busy_changed.emit)
        self.last_count_ms = 0.0
        self._marks: dict[str, str] = {}   # record id of a cached row → its mark, if any
        self._headers: tuple[Any, tuple[str, ...]] | None = None

    # -- query --------------------------------------------------------------------------------
    @property
    def query(self) -> ListQuery:
        return self._query

    def set_query(self, query: ListQuery) -> None:
        if query != self._query:
            self._query = query
            self.reload()

    def set_visible_range(self, visible: Callable[[], tuple[int, int]]) -> None:
        """How to ask the view which rows it shows (first, last); prefetching follows it."""
        self._visible = visible

    def reload(self) -> None:
        """Count again and drop every cached page (after a change or a new query).

        The count and the first rows are read in one go: the list shows both at once."""
        self._generation += 1
        self._counting = True     # no page is read until the new count is in
        self._ahead.stop()
        generation, query = self._generation, self._query
        first_pages = self._first_pages()
        self._set_loading(True)
        started = time.perf_counter()

        def job(store: Any) -> tuple[ListQuery, int, Pages, dict[str, str]]:
            resolved = query.resolve(store)
            count = resolved.count(store)
            offsets = [p * PAGE_SIZE for p in first_pages if p * PAGE_SIZE < count]
            return (resolved, count, *read_pages(store, resolved, offsets, count))

        def done(result: tuple[ListQuery, int, Pages, dict[str, str]]) -> None:
            if generation != self._generation:
                return
            self._resolved, count, pages, marks = result
            self._counting = False
            self.last_count_ms = (time.perf_counter() - started) * 1000
            self.beginResetModel()
            self._rows, self._wanted, self._marks = count, set(), marks
            self._looks.forget()
            self._pages = OrderedDict((offset // PAGE_SIZE, rows)
                                      for offset, rows in pages.items())
            self._in_flight = False
            self.endResetModel()
            self.count_changed.emit(count)
            if count:
                self._timer.start()   # rows shown beyond the first pages, if any
            else:
                self._set_loading(False)

        # A newer query makes this one's outcome useless: if it is still waiting, it is skipped.
        QueryOp(self._ops, parent=self, op=job, success=done).latest(
            f"paged-list-{id(self)}").failure(self._on_error).run()

    def _first_pages(self) -> list[int]:
        """The first page and the pages the view shows now (read with the count)."""
        pages = [0]
        if self._visible is not None:
            first, last = self._visible()
            if first >= 0:
                pages += range(first // PAGE_SIZE, last // PAGE_SIZE + 1)
        return sorted(set(pages))[:MAX_PAGES_PER_READ]

    def is_loaded(self, row: int) -> bool:
        """Whether ``row`` of the current query is in (not while a new count is running)."""
        return not self._counting and row // PAGE_SIZE in self._pages

    @property
    def loading(self) -> bool:
        return self._busy.loading

    def record_id(self, row: int) -> str | None:
        page = self._pages.get(row // PAGE_SIZE)
        if page is None or row % PAGE_SIZE >= len(page):
            return None
        return page[row % PAGE_SIZE][0]

    def clear(self) -> None:
        """Forget every row (the vault is locking)."""
        self._generation += 1
        self.beginResetModel()
        self._rows, self._pages, self._wanted = 0, OrderedDict(), set()
        self._marks = {}
        self._looks.forget()
        self.endResetModel()

    # -- Qt model ---------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._query.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # asked for hundreds of times as the header is laid out and painted: translated once
        if role != _DISPLAY or orientation != _HORIZONTAL:
            return None
        columns = self._query.columns
        if self._headers is None or self._headers[0] is not columns:
            self._headers = (columns, tuple(tr(c.header) for c in columns))
        return self._headers[1][section] if 0 <= section < len(columns) else None

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        # Called for every role of every cell shown at each paint: the roles a list does not
        # give leave first, and the shown texts are made once per row.
        if role not in _ROLES or not index.isValid():
            return None
        row, column = index.row(), index.column()
        page = self._pages.get(row // PAGE_SIZE)
        if page is None:
            if role == _DISPLAY:
                self._want(row // PAGE_SIZE)
                return "…" if column == 0 else ""
            return None
        offset = row % PAGE_SIZE
        if offset >= len(page):
            return None
        record = page[offset]
        if role == _DISPLAY:
            return self._looks.texts(row, self._query.columns, record)[column]
        if role == _USER:
            return record[0]
        mark = self._marks.get(record[0]) if column == 0 else None
        if mark and role == _DECORATION:
            return _mark_icon(mark)
        if role == _TOOLTIP:
            return (mark_text(mark) if mark
                    else self._looks.texts(row, self._query.columns, record)[column])
        return self._looks.styled(self._query.columns[column].key, record[column + 1], role)

    def row_look(self, row: int) -> list[tuple[str, Any, Any, Any, Any]] | None:
        """What :meth:`data` gives the painter of each cell of ``row`` (text, icon,
        foreground, font, background), in one call instead of one per cell and role; None
        for a row not read yet."""
        page = self._pages.get(row // PAGE_SIZE)
        if page is None:
            self._want(row // PAGE_SIZE)
            return None
        columns = self._query.columns
        if row % PAGE_SIZE >= len(page):
            return [("", None, None, None, None)] * len(columns)
        record = page[row % PAGE_SIZE]
        texts, style = self._looks.texts(row, columns, record), self._looks.style
        looks = [(text, None, *style(column.key, value))
                 for text, column, value in zip(texts, columns, record[1:], strict=False)]
        mark = self._marks.get(record[0])
        if mark and looks:
            looks[0] = (looks[0][0], _mark_icon(mark), *looks[0][2:])
        return looks

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else _NO_FLAGS

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._query.columns):
            return
        spec = self._query.columns[column]
        refused = sort_refusal(spec, self._rows)
        if refused is not None:
            self.sort_refused.emit(refused)
            return
        self.set_query(self._query.with_(
            sort_key=spec.key, descending=order == Qt.SortOrder.DescendingOrder))

    def retranslate(self) -> None:
        """Headers and profile labels follow the language."""
        self._looks.forget()
        self._headers = None
        if self.columnCount():
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self._rows - 1, self.columnCount() - 1))

    # -- fetching -----------------------------------------------------------------------------
    def _want(self, page: int) -> None:
        if page in self._pages:
            return
        self._wanted.add(page)
        if not self._in_flight and not self._timer.isActive():
            self._timer.start()

    def _pages_to_fetch(self, ahead: bool = False) -> list[int]:
        """The pages of the rows shown not read yet; when all are in and ``ahead``, pages
        around them (what Page Down or the wheel shows next)."""
        last_page = max((self._rows - 1) // PAGE_SIZE, 0)
        if self._visible is not None:
            first, last = self._visible()
            if first >= 0:
                self._wanted.clear()
                shown = range(first // PAGE_SIZE, min(last // PAGE_SIZE, last_page) + 1)
                pages = [p for p in shown if p not in self._pages]
                if not pages and ahead:
                    return pages_around(shown, last_page, self._pages)
                if not pages:
                    self._ahead.start()
                return pages[:MAX_PAGES_PER_READ]
        pages = sorted(p for p in self._wanted if p not in self._pages and p <= last_page)
        self._wanted.clear()
        return pages[:MAX_PAGES_PER_READ]

    def view_moved(self) -> None:
        """The view scrolled: its rows are asked for now, before it paints what it has."""
        self._ahead.stop()
        self._fetch()
        if self._shown_missing():
            self.reading_shown.emit(True)

    def _shown_missing(self) -> bool:
        """Whether rows the view shows are not read yet (a count running: not yet asked)."""
        if self._visible is None or not self._rows or self._counting:
            return False
        first, last = self._visible()
        return first >= 0 and any(p not in self._pages
                                  for p in range(first // PAGE_SIZE, last // PAGE_SIZE + 1))

    def _fetch(self, ahead: bool = False) -> None:
        if self._in_flight or self._counting or not self._rows:
            return
        pages = self._pages_to_fetch(ahead)
        if not pages:
            self._set_loading(False)
            return
        self._in_flight = True
        self._set_loading(True)
        generation, query, total = self._generation, self._resolved, self._rows
        offsets = [p * PAGE_SIZE for p in pages]

        def job(store: Any) -> tuple[Pages, dict[str, str]]:
            return read_pages(store, query, offsets, total)

        def done(result: tuple[Pages, dict[str, str]]) -> None:
            if generation != self._generation:
                return
            self._in_flight = False
            pages, marks = result
            self._marks.update(marks)
            for offset, rows in pages.items():
                self._store_page(offset // PAGE_SIZE, rows)
            if not self._shown_missing():
                self.reading_shown.emit(False)
            self._set_loading(False)
            if self._wanted or self._visible is not None:
                self._timer.start()

        QueryOp(self._ops, parent=self, op=job, success=done).failure(self._on_error).run()

    def _store_page(self, page: int, rows: list[tuple[Any, ...]]) -> None:
        self._pages[page] = rows
        self._pages.move_to_end(page)
        while len(self._pages) > CACHE_PAGES:
            number, dropped = self._pages.popitem(last=False)
            for row in dropped:
                self._marks.pop(row[0], None)
            self._looks.drop_rows(range(number * PAGE_SIZE, number * PAGE_SIZE + len(dropped)))
        if not rows:
            return
        first = page * PAGE_SIZE
        last = min(first + len(rows), self._rows) - 1
        self.rows_read.emit(first, last)
        if self._visible is not None:
            # A view repaints all it shows for a range of rows changed, shown or not: a page
            # read ahead, out of sight, is not announced (the view asks for it when shown).
            shown_first, shown_last = self._visible()
            first, last = max(first, shown_first), min(last, shown_last)
            if shown_first < 0 or first > last:
                return
        self.dataChanged.emit(self.index(first, 0), self.index(last, self.columnCount() - 1))

    def _on_error(self, error: Exception) -> None:
        self._in_flight = False
        self._counting = False
        self.reading_shown.emit(False)
        self._set_loading(False)
        self.failed.emit(error)

    def _set_loading(self, loading: bool) -> None:
        if self._busy.set_loading(loading):
            self.loading_changed.emit(loading)
