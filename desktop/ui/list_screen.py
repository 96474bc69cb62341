"""A screen that is one paged list of records of cases, with filters; a row opens its case."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QHBoxLayout, QWidget

from desktop.core.i18n import fmt_number, ntr, tr
from desktop.core.views.lists import SEARCH_LIMIT, ListQuery
from desktop.ui.paged_model import Formatter, PagedQueryModel, Styler, follow_view
from desktop.ui.screen import Screen
from desktop.ui.session import Session
from desktop.ui.widgets import label, table_view


class ListScreen(Screen):
    """Subclasses give :meth:`make_query` and put their filters in :attr:`filter_row`."""

    count_msgid: str | tuple[str, str] = ("{n} record", "{n} records")
    empty_msgid = "Nothing to show."

    def __init__(self, session: Session, parent: Any = None, *,
                 formatters: dict[str, Formatter] | None = None,
                 styler: Styler | None = None) -> None:
        super().__init__(session, parent)
        self._count: int | None = None
        self.filter_row = QHBoxLayout()
        self.filter_row.setSpacing(8)
        self.body.addLayout(self.filter_row)
        query = self.make_query()
        self.model = PagedQueryModel(session.ops, query, self, formatters=formatters,
                                     styler=styler)
        self.view = table_view()
        self.view.setModel(self.model)
        self.view.horizontalHeader().setSortIndicator(
            [c.key for c in query.columns].index(query.sort_key),
            Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        for column, spec in enumerate(query.columns):
            self.view.setColumnWidth(column, spec.width)
        follow_view(self.model, self.view, self.session.status_message.emit)
        self.model.count_changed.connect(self._count_changed)
        self.model.busy_changed.connect(self.show_loading)
        self.model.failed.connect(self.tell_read_failed)
        self.view.activated.connect(self._open)
        self.view.doubleClicked.connect(self._open)
        self.empty = label("", "muted")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()
        self.body.addWidget(self.view, 1)
        self.body.addWidget(self.empty)

    def make_query(self) -> ListQuery:
        raise NotImplementedError

    def add_filter(self, widget: QWidget, changed: Callable[..., Any] | None = None) -> None:
        self.filter_row.addWidget(widget)
        if changed is not None:
            changed.connect(lambda *_a: self.apply_filters())  # type: ignore[attr-defined]

    def apply_filters(self, force: bool = False) -> None:
        old = self.model.query
        query = self.make_query().with_(sort_key=old.sort_key, descending=old.descending)
        if query != old:
            self.model.set_query(query)
        elif force:
            self.model.reload()

    def refresh(self) -> None:
        self.apply_filters(force=True)

    def _count_changed(self, count: int) -> None:
        self._count = count
        self.update_header()
        self.empty.setText(tr(self.empty_msgid))
        self.empty.setVisible(count == 0)

    def _open(self, index: QModelIndex) -> None:
        case_id = self.model.record_id(index.row())
        if case_id:
            self.session.open_case(case_id)

    def subtitle(self) -> str:
        return count_subtitle(self._count, self.count_msgid)

    def retranslate(self) -> None:
        super().retranslate()
        self.model.retranslate()


def count_subtitle(count: int | None, msgid: str | tuple[str, str], *,
                   searching: bool = False) -> str:
    """"1 975 cases" ("1 case"), or a hint to type more when a search hit the limit of shown
    matches. ``msgid`` is a singular and plural pair, or one message with ``{count}``."""
    if count is None:
        return ""
    if searching and count >= SEARCH_LIMIT:
        return tr("The first {count} matches: type more to narrow the search.",
                  count=fmt_number(SEARCH_LIMIT))
    if isinstance(msgid, tuple):
        return ntr(*msgid, count)
    return tr(msgid, count=fmt_number(count))
