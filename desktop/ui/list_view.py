"""A paged list's table view: the rows it shows are read (its paint held a moment meanwhile),
its sort shown, its cells painted, its busy bar shown for a slow read."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QTableView, QWidget

from desktop.core.i18n import fmt_number, tr
from desktop.core.views.lists import Column
from desktop.ui.list_cells import ListCells
from desktop.ui.list_painter import ListPainter

if TYPE_CHECKING:
    from desktop.ui.paged_model import PagedQueryModel

# How long the view waits for the rows it shows before it paints their placeholders: a
# scroll to rows not read yet then paints once, with the rows, when the read is quick.
HOLD_PAINT_MS = 25
# A read shows the busy bar once it has taken this long: a quick one shows none (the bar
# showing and hiding at once would only flicker).
BUSY_AFTER_MS = 150
# Sorting by a value of another record (the person's name) reads every row of the list:
# offered up to this many rows; a longer list is narrowed first (filters, search).
JOINED_SORT_LIMIT = 5_000
_PAINT = QEvent.Type.Paint


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


def sort_refusal(spec: Column, rows: int) -> str | None:
    """None if a list of ``rows`` rows can be sorted by ``spec``, else why not (the message
    to show; "" for a column that never sorts)."""
    if spec.sort is None:
        return ""
    if spec.sort_joins and rows > JOINED_SORT_LIMIT:
        return tr("Sorting by this column works on lists of up to {limit} rows: "
                  "filter or search first.", limit=fmt_number(JOINED_SORT_LIMIT))
    return None


def follow_view(model: PagedQueryModel, view: QTableView, tell: Callable[[str], Any]) -> None:
    """``model`` loads the rows ``view`` shows; a sort it refuses goes back on the header and
    its reason is told; its rows are painted by :class:`ListPainter` with :class:`ListCells`."""

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
    cells = ListCells(view)
    view.setItemDelegate(cells)
    ListPainter(view, cells)    # before the hold: a paint held never reaches it
    model.reading_shown.connect(PaintHold(view.viewport(), view).hold)


class PaintHold(QObject):
    """Holds a widget's paint while what it is about to show is read, for at most
    HOLD_PAINT_MS: then it paints as it can (a slow disk still shows the placeholders).

    A paint asked for meanwhile (the scroll that showed the rows asks for one before the
    read starts) is left out, and made once the hold ends."""

    def __init__(self, widget: QWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._widget = widget
        self._held = self._left_out = False
        self._bound = QTimer(self)
        self._bound.setSingleShot(True)
        self._bound.setInterval(HOLD_PAINT_MS)
        self._bound.timeout.connect(self.release)
        widget.installEventFilter(self)

    @property
    def held(self) -> bool:
        return self._held

    def hold(self, reading: bool) -> None:
        """``reading``: a read of what the widget shows started (True) or ended (False)."""
        if not reading:
            self.release()
        elif not self._held and self._widget.isVisible():
            self._held = True
            self._bound.start()

    def release(self) -> None:
        """Paint now what was left out."""
        self._bound.stop()
        if self._held:
            self._held = False
            if self._left_out:
                self._left_out = False
                self._widget.update()

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if self._held and event.type() == _PAINT:
            self._left_out = True
            return True
        return False


class BusyAfter(QObject):
    """Whether a list reads, and its busy bar: shown once a read has taken BUSY_AFTER_MS,
    hidden when the reads end (``busy(bool)`` is told each change of the bar)."""

    def __init__(self, parent: QObject, busy: Callable[[bool], Any]) -> None:
        super().__init__(parent)
        self.loading = self._shown = False
        self._busy = busy
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(BUSY_AFTER_MS)
        self._timer.timeout.connect(self._show)

    def set_loading(self, loading: bool) -> bool:
        """Note that reads run (or not); whether that changed."""
        if loading == self.loading:
            return False
        self.loading = loading
        if loading:
            self._timer.start()
        else:
            self._timer.stop()
            if self._shown:
                self._shown = False
                self._busy(False)
        return True

    def _show(self) -> None:
        if self.loading and not self._shown:
            self._shown = True
            self._busy(True)
