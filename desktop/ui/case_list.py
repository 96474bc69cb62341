"""The case list: search as you type, filters, sorting, all in SQL; smooth with 100,000 cases.

The table's model reads pages of rows on the database thread as the view scrolls
(:mod:`desktop.ui.paged_model`); the view has uniform row heights and fixed column widths,
so nothing is measured row by row.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QTableView, QWidget

from desktop.core.i18n import tr
from desktop.core.views.lists import CASE_COLUMNS, case_filter_values, case_query
from desktop.ui import style
from desktop.ui.dialog_launcher import dialog_button
from desktop.ui.dialogs import RegisterPersonDialog
from desktop.ui.dialogs.open_case import OpenCaseDialog
from desktop.ui.formatting import fmt_date
from desktop.ui.keyboard import EnterOpensSingle, find_keys
from desktop.ui.list_screen import count_subtitle
from desktop.ui.paged_model import PagedQueryModel, follow_view, show_sort
from desktop.ui.screen import Screen
from desktop.ui.session import Session
from desktop.ui.widgets import (
    FilterCombo,
    SearchBox,
    button,
    label,
    link_button,
    next_turn,
    table_view,
)

FILTERS = ("unit", "village", "case_type", "status", "risk", "worker")
_ALL_TEXT = {"unit": "Any unit", "village": "Any village", "case_type": "Any case type",
             "status": "Any status", "risk": "Any risk level", "worker": "Any case manager"}
_PROFILE_LISTS = {"case_type": "case_types", "status": "case_statuses", "risk": "risk_levels"}


class CaseListScreen(Screen):
    key = "cases"
    title_msgid = "Cases"
    shows_types = ("case", "person")

    def __init__(self, session: Session, parent: Any = None, *, in_parts: bool = False
                 ) -> None:
        """``in_parts``: the search box and the table only; the filter row and the header's
        actions are made by :meth:`build_rest`, which the workspace calls a turn later (a
        click on "Cases" before the list was built ahead then shows the list sooner)."""
        super().__init__(session, parent)
        self._count: int | None = None
        self._sort_before_search: tuple[str, bool] = ("opened", True)
        self.filters: dict[str, FilterCombo] = {}
        self._pending: dict[str, str] = {}   # filters restored before the filter row is made
        self._rest_built = False
        self._actions_built = False
        self._profile_filled = False
        # The first rows are asked for before the widgets are built: the database reads them
        # while the screen is made and laid out (no filter is set yet: the default query).
        self._risk_levels = tuple(session.profile.codes("risk_levels"))
        self.model = PagedQueryModel(session.ops, case_query(risk_levels=self._risk_levels),
                                     self, formatters=self._formatters(), styler=self._style)
        self.model.reload()
        self._stale = False
        # No pause after a key: each key asks at once, and a search that has not started
        # when the next key comes is dropped for the newer one (QueryOp.latest), so fast
        # typing does not queue a read per key.
        self.search = self._t.text(SearchBox(delay_ms=0), "Search by name, personal ID, case "
                                   "number or village", "setPlaceholderText")
        self.search.search.connect(lambda _text: self.apply_filters())
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.search, 3)
        self.body.addLayout(top)
        self._build_view()
        find_keys(self, self.search)
        EnterOpensSingle(self.search, self.model, self.view,
                         lambda row: self._open(self.model.index(row, 0)))
        self.model.modelReset.connect(self._first_rows)
        self.update_header()
        if not in_parts:
            self.build_rest()
            self._make_actions()

    def _build_view(self) -> None:
        self.view = table_view()
        self.view.setModel(self.model)
        # the indicator first: enabling sorting sorts by it, the model's own sort (no read)
        self.view.horizontalHeader().setSortIndicator(
            [c.key for c in CASE_COLUMNS].index("opened"), Qt.SortOrder.DescendingOrder)
        self.view.setSortingEnabled(True)
        for column, spec in enumerate(CASE_COLUMNS):
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

    def build_rest(self) -> None:
        """The filter row (once), with the filters restored before it was made, and their
        choices read; the header's actions in the next turn, the profile's choices in the
        one after (the rows' read is under way meanwhile)."""
        if self._rest_built:
            return
        self._rest_built = True
        self._build_filters()
        chain = [self.search, *self.filters.values(), self.clear_link, self.view]
        for before, after in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(before, after)
        if self.isVisible():   # shown now, not a pass later: Tab reaches them at once
            for widget in (*self.filters.values(), self.clear_link):
                widget.show()
        pending, self._pending = self._pending, {}
        self._set_filters(pending)
        self._load_filter_values()
        next_turn(self, self._actions_turn)

    def _actions_turn(self) -> None:
        self._make_actions()
        next_turn(self, self._fill_profile_filters)

    def _make_actions(self) -> None:
        if self._actions_built:
            return
        self._actions_built = True
        self._build_actions()
        if self.isVisible():
            for widget in self._actions():
                widget.show()

    @property
    def parts_built(self) -> bool:
        """Whether :meth:`build_rest` and the turn after it have made the filter row and the
        header's actions."""
        return self._rest_built and self._actions_built

    def _build_actions(self) -> None:
        session = self.session
        self.header.add_action(self._t.text(dialog_button(
            session.dialogs, RegisterPersonDialog, lambda: (session.ops, session.profile),
            parent=self, primary=True),
            "Register a person"))
        self.open_case_button = self._t.text(button("", icon_name="plus",
                                                    on_click=self.start_intake),
                                             "Open a case")
        self.open_case_button.setAccessibleName("Open a case")
        self._t.text(self.open_case_button, "Open a case for a registered person "
                     "(Ctrl+Shift+N)", setter="setToolTip")
        intake_shortcut = QShortcut(QKeySequence("Ctrl+Shift+N"), self,
                                    activated=self.start_intake)
        intake_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.header.add_action(self.open_case_button)

    def _first_rows(self) -> None:
        """Built ahead (hidden) and its first rows in: it is laid out and painted once, off
        screen, in a slice of its own, so that the click on "Cases" only shows it."""
        self.model.modelReset.disconnect(self._first_rows)
        if not self.isVisible():
            next_turn(self, self._render_ahead)

    def _render_ahead(self, tries: int = 3) -> None:
        parent = self.parentWidget()
        if parent is None and tries > 1:   # built ahead, placed among the pages next turn
            next_turn(self, lambda: self._render_ahead(tries - 1))
            return
        if self.isVisible() or parent is None or not self.model.rowCount():
            return
        # a page of a stack is given its size when shown: the size it will be shown at
        self.setGeometry(parent.contentsRect())
        self.ensurePolished()
        self.layout().activate()
        next_turn(self, self._paint_ahead)   # laid out in this turn, painted next

    def _paint_ahead(self) -> None:
        if not self.isVisible():
            self.view.viewport().grab()   # its rows painted: their cells made, texts laid out

    def _actions(self) -> list[QWidget]:
        actions = self.header.actions
        return [actions.itemAt(i).widget() for i in range(actions.count())]

    def start_intake(self) -> None:
        session = self.session
        dialog = session.dialogs.open(OpenCaseDialog, (session.ops, session.profile, None),
                                      self)
        if dialog is not None:
            dialog.saved.connect(session.open_case)

    # -- layout ------------------------------------------------------------------------------
    def _build_filters(self) -> None:
        self.clear_link = self._t.text(link_button("", on_click=self.clear_filters),
                                       "Clear filters")
        rows = QHBoxLayout()
        rows.setSpacing(8)
        for key in FILTERS:
            combo = FilterCombo(tr(_ALL_TEXT[key]), later=True)   # filled next turn
            combo.currentIndexChanged.connect(lambda _i, k=key: self._filter_changed(k))
            self.filters[key] = combo
            rows.addWidget(combo, 1)
        rows.addWidget(self.clear_link)
        self.body.insertLayout(1, rows)   # under the search box, above the table

    def _fill_profile_filters(self) -> None:
        self._profile_filled = True
        for combo in self.filters.values():
            combo.fill()
        for key, section in _PROFILE_LISTS.items():
            self.filters[key].set_choices([(item["code"], self.session.label(section,
                                                                              item["code"]))
                                           for item in self.session.profile.items(section)])

    def _formatters(self) -> dict[str, Any]:
        label_of = self.session.label
        return {
            "type": lambda v: label_of("case_types", v),
            "risk": lambda v: label_of("risk_levels", v),
            "status": lambda v: label_of("case_statuses", v),
            "opened": fmt_date,
            "review": fmt_date,
        }

    @staticmethod
    def _style(key: str, value: Any, role: int) -> Any:
        if key == "risk" and role == Qt.ItemDataRole.ForegroundRole and value:
            return QColor(style.RISK_COLOURS.get(value, style.TEXT))
        if key == "risk" and role == Qt.ItemDataRole.FontRole and value in ("urgent", "high"):
            font = QFont()
            font.setBold(True)
            return font
        return None

    # -- data --------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.apply_filters(force=True)   # the rows first, then the filters' choices
        if self._rest_built:
            self._load_filter_values()

    def _load_filter_values(self) -> None:
        unit = self.filters["unit"].value()
        self.query(lambda store: case_filter_values(store, unit), self._filter_values_loaded)

    def _filter_values_loaded(self, values: dict[str, list[str]]) -> None:
        self.filters["unit"].set_choices([(v, v) for v in values["unit"]])
        self.filters["village"].set_choices([(v, v) for v in values["village"]])
        self.filters["worker"].set_choices([(v, v) for v in values["worker"]])

    def _filter_changed(self, key: str) -> None:
        if key == "unit":
            self.filters["village"].set_value(None)
            self._load_filter_values()
        self.apply_filters()

    def current_filters(self) -> dict[str, str | None]:
        if not self._rest_built:
            return {key: self._pending.get(key) for key in FILTERS}
        return {key: combo.value() for key, combo in self.filters.items()}

    def apply_filters(self, force: bool = False) -> None:
        old = self.model.query
        text = self.search.text().strip()
        sort_key, descending = old.sort_key, old.descending
        if text and not old.text:          # a search starts: best match first
            self._sort_before_search = (sort_key, descending)
            sort_key, descending = "", False
            show_sort(self.view, CASE_COLUMNS, sort_key, descending)
        elif not text and old.text:        # the search is cleared: the sort from before
            sort_key, descending = self._sort_before_search
            show_sort(self.view, CASE_COLUMNS, sort_key, descending)
        query = case_query(text=text, sort_key=sort_key, descending=descending,
                           risk_levels=self._risk_levels,
                           **self.current_filters())
        if force or query != old:
            self.model.set_query(query)
            if force and query == old:
                self.model.reload()

    def clear_filters(self) -> None:
        for combo in self.filters.values():
            combo.blockSignals(True)
            combo.set_value(None)
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._load_filter_values()
        self.apply_filters()

    def _count_changed(self, count: int) -> None:
        self._count = count
        self.update_header()
        self.empty.setText(tr("No case matches the search and filters."))
        self.empty.setVisible(count == 0)
        self.view.scrollToTop()

    def _open(self, index: QModelIndex) -> None:
        case_id = self.model.record_id(index.row())
        if case_id:
            self.session.open_case(case_id)

    # -- screen ------------------------------------------------------------------------------
    def subtitle(self) -> str:
        return count_subtitle(self._count, ("{n} case", "{n} cases"),
                              searching=self.model.query.searching)

    def retranslate(self) -> None:
        super().retranslate()
        for key, combo in self.filters.items():
            combo.set_all_text(tr(_ALL_TEXT[key]))
        if self._profile_filled:
            self._fill_profile_filters()
        self.model.retranslate()

    def snapshot(self) -> dict[str, Any]:
        query = self.model.query
        return {"filters": self.current_filters(), "sort": (query.sort_key, query.descending)}

    def restore(self, state: dict[str, Any]) -> None:
        filters = {key: value for key, value in state.get("filters", {}).items()
                   if key in FILTERS and value is not None}
        if self._rest_built:
            self._set_filters(filters)
        else:   # set when the filter row is made; the query has them meanwhile
            self._pending = filters
        sort_key, descending = state.get("sort", ("opened", True))
        keys = [c.key for c in CASE_COLUMNS]
        if sort_key in keys:
            self.view.horizontalHeader().setSortIndicator(
                keys.index(sort_key),
                Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)
        self.apply_filters(force=True)

    def _set_filters(self, values: dict[str, str]) -> None:
        for key, value in values.items():
            combo = self.filters[key]
            combo.blockSignals(True)
            if combo.findData(value) < 0:
                combo.addItem(str(value), value)
            combo.set_value(value)
            combo.blockSignals(False)

    def table(self) -> QTableView:
        return self.view
