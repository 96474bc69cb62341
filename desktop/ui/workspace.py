"""The unlocked workspace: navigation on the left, the screens on the right.

A workspace is built at unlock (while the key is derived) and destroyed at lock, with every
screen in it, so no personal data stays in any widget while the vault is locked. Screens are
built the first time they are shown, so unlocking shows Today without waiting for the others;
the case list, the screen most often opened next, is built and read ahead once the workspace
is idle after Today.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.i18n import tr
from desktop.ui.acts import ActsScreen
from desktop.ui.admin import AdminScreen
from desktop.ui.case_list import CaseListScreen
from desktop.ui.case_view import CaseView
from desktop.ui.conflicts_screen import ConflictsScreen
from desktop.ui.dialog_launcher import dialog_button
from desktop.ui.dialogs import CaseExportDialog
from desktop.ui.directory import DirectoryScreen
from desktop.ui.drafts import DraftKeeper
from desktop.ui.forms import FormView
from desktop.ui.language import TextBinder, hub
from desktop.ui.meetings import MeetingsScreen
from desktop.ui.my_tasks import MyTasksScreen
from desktop.ui.people import PeopleScreen
from desktop.ui.referrals import ReferralsScreen
from desktop.ui.reports.screen import ReportsScreen
from desktop.ui.screen import Screen
from desktop.ui.session import Resume, Session
from desktop.ui.style import icon
from desktop.ui.sync_screen import SyncScreen
from desktop.ui.today import TodayScreen
from desktop.ui.visits import VisitsScreen
from desktop.ui.widgets import button, label, next_turn

log = logging.getLogger(__name__)

NAV = (("today", "Today", "today"), ("cases", "Cases", "cases"),
       ("people", "People and households", "people"), ("visits", "Visits", "visits"),
       ("referrals", "Referrals", "referrals"), ("directory", "Service directory", "search"),
       ("meetings", "Meetings", "people"),
       ("acts", "Administrative acts", "print"), ("tasks", "My tasks", "user"),
       ("reports", "Reports", "reports"),
       ("sync", "Sync", "sync"), ("conflicts", "Conflicts", "warning"),
       ("admin", "Administration", "admin"))
SIDEBAR_WIDTH = 240
# How long the database thread must have been idle (Today's data shown) before the case list
# is built ahead: it then takes nothing from Today's first paint.
AHEAD_AFTER_IDLE_MS = 150
AHEAD_SCREEN = "cases"


def _build_rest(widget: Screen) -> None:
    """Make what a screen built in parts left for a later turn (once; most have nothing)."""
    rest = getattr(widget, "build_rest", None)
    if rest is not None:
        rest()


class ReportsPlaceholder(Screen):
    key = "reports"
    title_msgid = "Reports"

    def __init__(self, session: Session, parent: Any = None) -> None:
        super().__init__(session, parent)
        self.note = self._t.text(label("", "muted", wrap=True),
                                 "Reports are not available in this version yet.")
        self.body.addWidget(self.note)
        self.body.addStretch(1)
        self.retranslate()


class ReportsHost(Screen):
    """The reports screen under the same page title as the other screens."""

    key = "reports"
    title_msgid = "Reports"

    def __init__(self, session: Session, reports: ReportsScreen, parent: Any = None) -> None:
        super().__init__(session, parent)
        self.reports = reports
        layout = reports.layout()
        if layout is not None:
            layout.setContentsMargins(0, 0, 0, 0)
        self.body.addWidget(reports, 1)
        self._stale = False  # the reports screen computes when it is shown
        self.header.add_action(self._t.text(dialog_button(
            session.dialogs, CaseExportDialog,
            lambda: (session.ops, session.profile, self.publication_edition()), parent=self,
            icon_name=None), "Export case data…"))
        self.retranslate()

    def publication_edition(self) -> bool:
        filters = getattr(self.reports, "filters", None)
        public = getattr(filters, "public", None)
        return bool(public is not None and public.isChecked())

    def refresh(self) -> None:
        self.reports.refresh()


class Workspace(QWidget):
    """Navigation and screens of one unlocked session."""

    lock_requested = Signal()
    add_user_requested = Signal()
    settings_saved = Signal(object)

    def __init__(self, session: Session, *, settings_path: Any = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._settings_path = settings_path
        self._t = TextBinder()
        self.screens: dict[str, Screen] = {}
        self._states: dict[str, dict[str, Any]] = {}   # of screens not built since unlock
        self._built_ahead: dict[str, Screen] = {}      # built, not yet among the pages
        self.case_view: CaseView | None = None
        self._previous = "cases"
        self._build()
        self._ahead = QTimer(self)
        self._ahead.setSingleShot(True)
        self._ahead.setInterval(AHEAD_AFTER_IDLE_MS)
        self._ahead.timeout.connect(self._build_ahead)
        session.ops.busy_changed.connect(self._ops_busy)
        session.open_case_requested.connect(lambda case_id: self.open_case(case_id))
        hub().changed.connect(self._language_changed)
        self.retranslate()

    # -- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        sidebar = QWidget()
        sidebar.setObjectName("sidebar")
        sidebar.setFixedWidth(SIDEBAR_WIDTH)
        side = QVBoxLayout(sidebar)
        side.setContentsMargins(12, 16, 12, 12)
        side.setSpacing(6)
        side.addWidget(label("Kujdes", "brand"))
        self.user_label = QLabel(self.session.user)
        self.user_label.setObjectName("brandUser")
        side.addWidget(self.user_label)
        side.addSpacing(10)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for key, _msgid, icon_name in NAV:
            item = QListWidgetItem(icon(icon_name), "")
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setSizeHint(QSize(SIDEBAR_WIDTH - 24, 38))
            self.nav.addItem(item)
        self.show_profile()
        self.nav.currentRowChanged.connect(self._nav_changed)
        side.addWidget(self.nav, 1)
        self.lock_button = self._t.text(button("", icon_name="lock",
                                               on_click=self.lock_requested.emit),
                                        "Lock (Ctrl+L)")
        self._t.text(self.lock_button, "Lock Kujdes now (Ctrl+L); your input is kept",
                     setter="setToolTip")
        side.addWidget(self.lock_button)
        self.pages = QStackedWidget()
        self.pages.setObjectName("pages")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(sidebar)
        row.addWidget(self.pages, 1)

    def show_profile(self) -> None:
        """Offer what the country profile has (built ahead of the key, the workspace waits
        for the vault's profile to offer administrative acts)."""
        profile = self.session.profile
        acts = [k for k, _m, _i in NAV].index("acts")
        self.nav.item(acts).setHidden(
            profile is None or "administrative_act" not in profile.record_types)

    # -- screens -----------------------------------------------------------------------------
    def _factories(self) -> dict[str, Callable[[], Screen]]:
        s = self.session
        return {"today": lambda: TodayScreen(s), "tasks": lambda: MyTasksScreen(s),
                "cases": lambda: CaseListScreen(s),
                "people": lambda: PeopleScreen(s), "visits": lambda: VisitsScreen(s),
                "referrals": lambda: ReferralsScreen(s), "acts": lambda: ActsScreen(s),
                "directory": lambda: DirectoryScreen(s, current_case=self._current_case_id),
                "meetings": lambda: MeetingsScreen(s),
                "reports": self._make_reports,
                "sync": lambda: SyncScreen(s), "admin": self._make_admin,
                "conflicts": lambda: ConflictsScreen(s)}

    def _ops_busy(self, busy: bool) -> None:
        """The case list is built ahead when the database thread has been idle a moment."""
        if busy:
            self._ahead.stop()
        elif AHEAD_SCREEN not in self.screens:
            self._ahead.start()

    def _build_ahead(self) -> None:
        """Build the case list in turns: its table now, its filters and actions in the next
        (:meth:`_rest_ahead`), place it among the pages (styled) in the one after, and let it
        read in the last, so that opening it shows its rows at once. Asked for in between,
        :meth:`screen` places it and the turns left finish it. Hidden, it reads again when
        next shown if the vault changed in between (Screen.mark_changed)."""
        if AHEAD_SCREEN in self.screens or AHEAD_SCREEN in self._built_ahead:
            return
        self.session.ops.busy_changed.disconnect(self._ops_busy)
        widget = self.build(AHEAD_SCREEN, in_parts=True)
        self._built_ahead[AHEAD_SCREEN] = widget
        next_turn(widget, lambda: self._rest_ahead(widget))

    def _rest_ahead(self, widget: Screen) -> None:
        _build_rest(widget)
        next_turn(self, self._place_ahead)

    def _place_ahead(self) -> None:
        widget = self._built_ahead.pop(AHEAD_SCREEN, None)
        if widget is None:
            return   # asked for in between: placed by screen()
        self.place(AHEAD_SCREEN, widget)
        next_turn(widget, widget.activate)

    def _current_case_id(self) -> str | None:
        return self.case_view.case_id if self.case_view is not None else None

    def _make_admin(self) -> Screen:
        screen = AdminScreen(self.session, settings_path=self._settings_path)
        screen.settings_saved.connect(self.settings_saved)
        screen.add_user_requested.connect(self.add_user_requested)
        return screen

    def _make_reports(self) -> Screen:
        try:
            return ReportsHost(self.session, ReportsScreen(self.session.ops, None))
        except Exception as exc:  # a broken reports screen must not take the app down
            log.error("reports screen failed to start: %s", type(exc).__name__)
            return ReportsPlaceholder(self.session)

    def screen(self, key: str) -> Screen:
        """The screen for ``key``, built the first time it is asked for."""
        if key == "case":
            return self._case_view()
        if key not in self.screens:
            ahead = self._built_ahead.pop(key, None)
            widget = self.place(key, ahead if ahead is not None
                                else self.build(key, in_parts=key == "cases"))
            # the table is shown in this turn, the screen's other parts made in the next
            next_turn(widget, lambda: _build_rest(widget))
        return self.screens[key]

    def build(self, key: str, *, in_parts: bool = False) -> Screen:
        """A new screen for ``key``, not yet among the pages (see :meth:`place`).
        ``in_parts``: Today's shell only, its parts built by its ``build_part`` (one a turn
        of the event loop while the key is derived); the case list's table only, its other
        parts built by its ``build_rest``."""
        if in_parts and key == "today":
            return TodayScreen(self.session, in_parts=True)
        if in_parts and key == "cases":
            return CaseListScreen(self.session, in_parts=True)
        return self._factories()[key]()

    def place(self, key: str, widget: Screen) -> Screen:
        """Make ``widget``, built by :meth:`build`, the screen for ``key``, with its saved
        state. Adding it to the pages styles every widget in it: a turn of its own."""
        self.screens[key] = widget
        self.pages.addWidget(widget)
        state = self._states.pop(key, None)
        if state:
            widget.restore(state)
        return widget

    def _case_view(self) -> CaseView:
        if self.case_view is None:
            self.case_view = CaseView(self.session, back=self.go_back)
            self.pages.addWidget(self.case_view)
        return self.case_view

    def current_key(self) -> str:
        widget = self.pages.currentWidget()
        if widget is not None and widget is self.case_view:
            return "case"
        return next((k for k, w in self.screens.items() if w is widget), "today")

    def navigate(self, key: str) -> None:
        keys = [k for k, _m, _i in NAV]
        if key in keys and self.nav.currentRow() != keys.index(key):
            self.nav.setCurrentRow(keys.index(key))  # comes back through _nav_changed
            return
        self._show(key)

    def _nav_changed(self, row: int) -> None:
        if 0 <= row < len(NAV):
            self._show(NAV[row][0])

    def _show(self, key: str) -> None:
        widget = self.screen(key)
        self.pages.setCurrentWidget(widget)
        widget.activate()

    def open_case(self, case_id: str, tab: int | None = None) -> CaseView:
        current = self.current_key()
        if current != "case":
            self._previous = current
        view = self._case_view()
        view.show_case(case_id, tab)
        self.pages.setCurrentWidget(view)
        return view

    def go_back(self) -> None:
        self.navigate(self._previous)
        self._show(self._previous)

    # -- lock and resume -----------------------------------------------------------------------
    def snapshot(self) -> Resume:
        resume = Resume(user=self.session.user, screen=self.current_key())
        if self.case_view is not None and self.case_view.case_id:
            resume.case_id = self.case_view.case_id
            resume.case_tab = self.case_view.current_tab()
        resume.extra = {"previous": self._previous, **self._states}
        for key, widget in self.screens.items():
            resume.extra[key] = widget.snapshot()
        return resume

    def restore(self, resume: Resume) -> None:
        previous = resume.extra.get("previous", "cases")
        nav_keys = [k for k, _m, _i in NAV]
        for key, widget_state in resume.extra.items():
            if key in nav_keys and isinstance(widget_state, dict) and widget_state:
                if key in self.screens:
                    self.screens[key].restore(widget_state)
                else:  # built (and restored) when first shown, not before Today's data
                    self._states[key] = widget_state
        if resume.screen == "case" and resume.case_id:
            if previous in nav_keys:
                self.nav.blockSignals(True)
                self.nav.setCurrentRow(nav_keys.index(previous))
                self.nav.blockSignals(False)
            self.open_case(resume.case_id, resume.case_tab)
            self._previous = previous
        else:
            self._previous = previous
            self.navigate(resume.screen if resume.screen in nav_keys else "today")

    def flush_forms(self) -> None:
        """Ask every open form and dialog to save its draft now (as a change queued on the
        database thread, which locking runs before the key is dropped)."""
        for form in self.findChildren(FormView):
            form.flush_draft()
        for keeper in self.findChildren(DraftKeeper):
            keeper.flush()

    def _language_changed(self, _language: str) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        self._t.apply()
        for row, (_key, msgid, _icon) in enumerate(NAV):
            self.nav.item(row).setText(tr(msgid))
