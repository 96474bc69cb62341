"""Today: what is due (reviews, 60-day reports, follow-ups, overdue referrals) and the day's
visit route grouped by village, for the user's cases or another case manager's (or everyone's:
a head of unit's view). The lists show the earliest-due items and say how many more there are."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
)

from desktop.core.i18n import ntr, tr
from desktop.core.views.today import (
    DueRow,
    RouteVillage,
    TodayData,
    load_today,
    weekday_text,
)
from desktop.ui import style
from desktop.ui.formatting import fmt_date
from desktop.ui.meeting_tasks import MeetingTasksPanel
from desktop.ui.screen import Screen
from desktop.ui.session import Session
from desktop.ui.style import icon
from desktop.ui.today_items import (
    Tile,
    case_tip,
    date_text,
    kind_shown,
    more_item,
    number_text,
    section_item,
    texts,
)
from desktop.ui.widgets import FilterCombo, card, label


class TodayScreen(Screen):
    key = "today"
    title_msgid = "Today"
    shows_types = ("case", "person", "household", "plan", "measure", "visit", "referral",
                   "assessment", "meeting")

    def __init__(self, session: Session, parent: Any = None,
                 today: dt.date | None = None, *, in_parts: bool = False) -> None:
        """``in_parts``: the tiles, the due list and the route are built by
        :meth:`build_part`, one a call (each a turn of the event loop of its own)."""
        super().__init__(session, parent)
        self._fixed_today = today
        self._data: TodayData | None = None   # what is shown, once all of it is
        self._filling: TodayData | None = None
        self._asked: tuple = ()
        self._rest = QTimer(self)   # the next half of a fill, in a turn of its own
        self._rest.setSingleShot(True)
        self._rest.setInterval(0)
        self._rest.timeout.connect(self._fill_next)
        self._halves: list[Callable[[], None]] = []
        self.worker = FilterCombo(tr("All case managers"))
        self.worker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._set_worker(session.user)
        self.worker.currentIndexChanged.connect(lambda _i: self.refresh())
        self.worker_label = self._t.text(label("", "muted"), "Case manager")
        self.worker_label.setBuddy(self.worker)
        self.header.add_action(self.worker_label)
        self.header.add_action(self.worker)
        self._parts = [self._build_tiles, self._build_due, self._build_route, self.retranslate]
        while self._parts and not in_parts:
            self.build_part()

    def build_part(self) -> bool:
        """Build the next part of the screen; whether any is left."""
        if self._parts:
            self._parts.pop(0)()
        return bool(self._parts)

    def today(self) -> dt.date:
        return self._fixed_today or dt.date.today()

    # -- layout ------------------------------------------------------------------------------
    def _build_tiles(self) -> None:
        tiles_frame, tiles = card(QHBoxLayout, margins=14, spacing=28)
        self.tile_overdue = Tile(style.DANGER)
        self.tile_soon = Tile(style.PRIMARY)
        self.tile_route = Tile(style.SUCCESS)
        self.tile_warnings = Tile(style.DANGER)
        for tile in (self.tile_overdue, self.tile_soon, self.tile_route, self.tile_warnings):
            tiles.addWidget(tile)
        tiles.addStretch(1)
        self.body.addWidget(tiles_frame)
        self._columns = QHBoxLayout()
        self._columns.setSpacing(12)
        self.body.addLayout(self._columns, 1)

    def _build_due(self) -> None:
        t = self._t
        due_frame, due_layout = card()
        self.due_title = t.text(label("", "sectionTitle"), "What is due")
        self.due_tree = self._tree(4)
        self.due_tree.itemActivated.connect(self._open_item)
        self.due_empty = t.text(label("", "muted"), "Nothing is due. Well done.")
        self.due_empty.hide()
        due_layout.addWidget(self.due_title)
        due_layout.addWidget(self.due_tree, 1)
        due_layout.addWidget(self.due_empty)
        self.tasks_panel = MeetingTasksPanel(self.session.ops)
        due_layout.addWidget(self.tasks_panel)
        self._columns.addWidget(due_frame, 3)

    def _build_route(self) -> None:
        t = self._t
        route_frame, route_layout = card()
        route_head = QHBoxLayout()
        self.route_title = t.text(label("", "sectionTitle"), "Visit route")
        self.route_day = QDateEdit()
        self.route_day.setCalendarPopup(True)
        self.route_day.setDisplayFormat("dd.MM.yyyy")
        today = self.today()
        self.route_day.setDate(QDate(today.year, today.month, today.day))
        self.route_day.dateChanged.connect(lambda _d: self.refresh())
        self.route_overdue = t.text(QCheckBox(), "Include overdue")
        self.route_overdue.toggled.connect(lambda _on: self.refresh())
        route_head.addWidget(self.route_title, 1)
        route_head.addWidget(self.route_overdue)
        route_head.addWidget(self.route_day)
        self.route_tree = self._tree(2)
        self.route_tree.itemActivated.connect(self._open_item)
        self.route_empty = t.text(label("", "muted", wrap=True),
                                  "No visits planned for this day.")
        self.route_empty.hide()
        route_layout.addLayout(route_head)
        route_layout.addWidget(self.route_tree, 1)
        route_layout.addWidget(self.route_empty)
        self._columns.addWidget(route_frame, 2)

    @staticmethod
    def _tree(columns: int) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setColumnCount(columns)
        tree.setRootIsDecorated(False)
        tree.setUniformRowHeights(True)
        tree.setAlternatingRowColors(False)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        tree.header().setStretchLastSection(True)
        tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        tree.setStyleSheet("QTreeView { border: none; }")
        tree.setIndentation(14)
        tree.setRootIsDecorated(True)
        return tree

    # -- data --------------------------------------------------------------------------------
    def route_date(self) -> dt.date:
        value = self.route_day.date()
        return dt.date(value.year(), value.month(), value.day())

    def _set_worker(self, worker: str | None, workers: tuple[str, ...] = ()) -> None:
        """Offer the case managers (and this user, who may have no case yet); keep or set the
        chosen one without asking for the data again."""
        names = sorted({*workers, *(name for name in (self.session.user, worker) if name)})
        # the current choice is among the names: set_choices keeps it and says nothing
        self.worker.set_choices([(name, name) for name in names])
        blocked = self.worker.blockSignals(True)
        self.worker.set_value(worker)
        self.worker.blockSignals(blocked)

    def refresh(self) -> None:
        worker, today, day = self.worker.value(), self.today(), self.route_date()
        overdue = self.route_overdue.isChecked()
        key = self._asked = today_key(worker, today, day, overdue)
        early = self.session.take_early(key)
        if early is not None:  # read since the unlock, while this screen was being built
            self.show_loading(True)
            early.take(lambda data: self._early_landed(key, data), self._read_again)
            return
        self.query(lambda store: load_today(store, worker=worker, today=today, day=day,
                                            include_overdue=overdue),
                   lambda data: self._landed(key, data))

    def _landed(self, key: tuple, data: TodayData) -> None:
        """Shows the data unless the case manager, day or box changed since it was asked
        for (the newer answer is on its way)."""
        if key == self._asked:
            self._loaded(data)

    def _early_landed(self, key: tuple, data: TodayData) -> None:
        """Read since the unlock: it may be handed over while the screen is placed or first
        shown, so it is filled from turns of its own."""
        self.show_loading(False)
        if key == self._asked:
            self._loaded(data, now=False)

    def _read_again(self) -> None:
        self.show_loading(False)
        self.refresh()

    def _loaded(self, data: TodayData, *, at_once: bool = False, now: bool = True) -> None:
        """Fill the due list (now, or in the next turn of the event loop when not ``now``)
        and the rest in the turn after (all now when ``at_once``): no turn of a few hundred
        rows keeps the window from answering, nor adds to a turn that shows a screen."""
        texts.clear()  # the language may have changed since the last fill
        self._filling = data
        self._halves = [self._fill_first_half, self._fill_rest]
        while self._halves and (at_once or now):
            self._halves.pop(0)()
            now = False
        if self._halves:
            self._rest.start()

    def _fill_next(self) -> None:
        if self._halves:
            self._halves.pop(0)()
        if self._halves:
            self._rest.start()

    def _fill_first_half(self) -> None:
        data = self._filling
        if data is not None:
            self._set_worker(self.worker.value(), data.workers)
            self.setUpdatesEnabled(False)  # painted once, filled
            self._fill_due(data)

    def _fill_rest(self) -> None:
        data, self._filling = self._filling, None
        if data is None:
            return
        self.tasks_panel.show_tasks(data.tasks)
        self._fill_route(data.route, data.route_more, data.route_or_more)
        self.tile_overdue.number.setText(number_text(data.overdue, data.overdue_or_more))
        self.tile_soon.number.setText(number_text(data.soon, data.soon_or_more))
        self.tile_route.number.setText(number_text(data.route_total, data.route_or_more))
        self.tile_warnings.number.setText(number_text(sum(v.warnings for v in data.route)))
        self.setUpdatesEnabled(True)
        self._data = data

    def _fill_due(self, data: TodayData) -> None:
        self.due_tree.clear()
        overdue = [r for r in data.due if r.overdue]
        coming = [r for r in data.due if not r.overdue]
        for title, total, or_more, group, colour in (
                (tr("Overdue ({n})", n=number_text(data.overdue, data.overdue_or_more)),
                 data.overdue, data.overdue_or_more, overdue, style.DANGER),
                (tr("Next two weeks ({n})", n=number_text(data.soon, data.soon_or_more)),
                 data.soon, data.soon_or_more, coming, style.TEXT)):
            if not total:
                continue
            section = section_item(title, colour)
            section.addChildren([self._due_item(r) for r in group])
            more = more_item(total - len(group), or_more) if total > len(group) else None
            if more is not None:
                section.addChild(more)
            self.due_tree.addTopLevelItem(section)
            section.setFirstColumnSpanned(True)
            if more is not None:
                more.setFirstColumnSpanned(True)
        self.due_tree.expandAll()
        for column, width in enumerate((112, 195, 160)):
            self.due_tree.setColumnWidth(column, width)
        anything = bool(data.overdue or data.soon)
        self.due_tree.setVisible(anything)
        self.due_empty.setVisible(not anything)

    def _due_item(self, row: DueRow) -> QTreeWidgetItem:
        item = QTreeWidgetItem([date_text(row.due), kind_shown(row.kind, row.detail),
                                row.person, row.village])
        item.setData(0, Qt.ItemDataRole.UserRole, row.case_id)
        tip = case_tip(row.case_number)
        for column in range(4):
            item.setToolTip(column, tip)
        if row.overdue:
            item.setForeground(0, QBrush(QColor(style.DANGER)))
        return item

    def _fill_route(self, villages: list[RouteVillage], more: int = 0,
                    or_more: bool = False) -> None:
        self.route_tree.clear()
        parents = []
        for village in villages:
            title = f"{village.village or tr('No village')} · " + ntr(
                "{n} household", "{n} households", village.households)
            if village.warnings:
                title += " · " + tr("{n} with a safety warning", n=village.warnings)
            parent = section_item(title, style.DANGER if village.warnings else style.TEXT)
            for stop in village.stops:
                child = QTreeWidgetItem([stop.person, kind_shown(stop.kind, stop.detail)])
                child.setData(0, Qt.ItemDataRole.UserRole, stop.case_id)
                child.setToolTip(0, case_tip(stop.case_number))
                if stop.warning:
                    child.setIcon(0, icon("warning"))
                    child.setForeground(0, QBrush(QColor(style.DANGER)))
                    child.setToolTip(0, tr("Safety warning: read the case before the visit."))
                parent.addChild(child)
            parents.append(parent)
        if more > 0:
            parents.append(more_item(more, or_more))
        # added at once: one layout of the tree, not one per village
        self.route_tree.addTopLevelItems(parents)
        for parent in parents:
            parent.setFirstColumnSpanned(True)
        self.route_tree.expandAll()
        self.route_tree.setColumnWidth(0, 210)
        self.route_tree.setVisible(bool(villages))
        self.route_empty.setVisible(not villages)

    def _open_item(self, item: QTreeWidgetItem, _column: int) -> None:
        case_id = item.data(0, Qt.ItemDataRole.UserRole)
        if case_id:
            self.session.open_case(case_id)

    # -- screen ------------------------------------------------------------------------------
    def subtitle(self) -> str:
        today = self.today()
        return f"{weekday_text(today)}, {fmt_date(today)}"

    def retranslate(self) -> None:
        if self._parts:   # built in parts: the last part translates
            return
        super().retranslate()
        self.due_tree.setHeaderLabels([tr("Due"), tr("What"), tr("Beneficiary"), tr("Village")])
        self.route_tree.setHeaderLabels([tr("Beneficiary"), tr("Why")])
        self.worker.set_all_text(tr("All case managers"))
        self.tile_overdue.caption.setText(tr("overdue"))
        self.tile_soon.caption.setText(tr("due in the next two weeks"))
        self.tile_route.caption.setText(tr("visits on the route"))
        self.tile_warnings.caption.setText(tr("households on the route with a safety warning"))
        self.tasks_panel.retranslate()
        shown = self._filling or self._data
        if shown is not None:
            self._loaded(shown, at_once=True)

    def snapshot(self) -> dict[str, Any]:
        return {"route_day": self.route_date().isoformat(),
                "overdue": self.route_overdue.isChecked(), "worker": self.worker.value()}

    def restore(self, state: dict[str, Any]) -> None:
        if "worker" in state and state["worker"] != self.worker.value():
            self._set_worker(state["worker"])
            self.refresh()  # like a change of day or of the overdue box below
        if "route_day" in state:
            day = dt.date.fromisoformat(state["route_day"])
            self.route_day.setDate(QDate(day.year, day.month, day.day))
        self.route_overdue.setChecked(bool(state.get("overdue")))


def today_key(worker: str | None, today: dt.date, day: dt.date, overdue: bool) -> tuple:
    return ("today", worker, today, day, overdue)


def read_today_early(session: Session, state: dict[str, Any] | None = None) -> None:
    """Start reading what the Today screen will first show (the user's items today, or what
    ``state``, the screen's state when the vault was locked, says), so that the database
    thread works while the workspace builds its widgets."""
    state = state or {}
    today = dt.date.today()
    worker = state.get("worker", session.user)
    day = dt.date.fromisoformat(state["route_day"]) if state.get("route_day") else today
    overdue = bool(state.get("overdue"))
    session.read_early(today_key(worker, today, day, overdue),
                       lambda store: load_today(store, worker=worker, today=today, day=day,
                                                include_overdue=overdue))
