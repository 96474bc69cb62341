"""The application window: the unlock screen while locked, the workspace while unlocked.

Locking (Ctrl+L, the Lock button, or idle minutes) asks open forms to save their drafts,
stops the database thread once queued work is done, drops the key (``OpenVault.lock``) and
destroys the workspace with every screen in it. Unlocking builds a new workspace (while the
key is derived: desktop.ui.unlock_ahead) and brings the user back to the screen, case and tab
they were on, and reopens an open form dialog (its input was saved as a draft in the vault).
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget, QStatusBar

from desktop.core.errors import user_message
from desktop.core.heap import freeze_settled_objects, thaw_settled_objects
from desktop.core.i18n import current_language, ntr, set_country, tr
from desktop.core.settings import Settings, save_settings
from desktop.ui.connectivity import ConnectivityMonitor
from desktop.ui.formatting import fmt_datetime
from desktop.ui.idle import IdleWatcher
from desktop.ui.keyboard import install_keyboard_rules
from desktop.ui.language import hub, switch_language
from desktop.ui.lock_keys import close_other_dialogs, lock_hub
from desktop.ui.openers import Opener, first_login_function, unlock_function
from desktop.ui.style import icon
from desktop.ui.unlock import UnlockScreen
from desktop.ui.warm_up import (
    core_imported,
    hold_warm_up,
    release_warm_up,
    wait_for_warm_up,
    warm_up_after_first_paint,
)

if TYPE_CHECKING:  # what only an unlocked vault needs is imported after the first paint
    from desktop.core.keys import KdfParams
    from desktop.core.store import Store
    from desktop.core.vault import OpenVault
    from desktop.ui.ops import Operations
    from desktop.ui.session import Resume, Session
    from desktop.ui.unlock_ahead import WorkspaceAhead
    from desktop.ui.workspace import Workspace

log = logging.getLogger(__name__)
STATUS_EVERY_MS = 30_000
MIN_SIZE = QSize(1024, 640)


class MainWindow(QMainWindow):
    """Owns the open vault (if any), its database thread, the idle lock and the status bar."""

    locked = Signal()
    unlocked = Signal()

    def __init__(self, data_dir: Path, settings: Settings, *, demo: bool = False,
                 demo_hint: tuple[str, str] | None = None, server_url: str = "",
                 settings_path: Path | None = None, kdf: KdfParams | None = None) -> None:
        super().__init__()
        self.data_dir = Path(data_dir)
        self.settings = settings
        self.demo = demo
        self.server_url = server_url or settings.server_url
        self.settings_path = settings_path
        self.vault: OpenVault | None = None
        self.db: Operations | None = None
        self.session: Session | None = None
        self.workspace: Workspace | None = None
        self.resume: Resume | None = None
        self._ahead: WorkspaceAhead | None = None   # built while a key is derived
        self.demo_build: Any = None   # the first run's demo preparation, while it runs
        self.setWindowTitle("Kujdes")
        self.setMinimumSize(MIN_SIZE)
        self.stack = QStackedWidget()
        # The demo's server knows only the demo user: new users there get a local vault.
        self.unlock_screen = UnlockScreen(
            self.data_dir, demo_hint=demo_hint, kdf=kdf, opener=unlock_function(self.server_url),
            first_login=None if demo else first_login_function(self.server_url),
            server_url=self.server_url)
        self.unlock_screen.unlocked.connect(self.open_session)
        self.unlock_screen.ahead = self._build_ahead
        self.unlock_screen.refused.connect(self._discard_ahead)
        self.unlock_screen.language_chosen.connect(self.set_language)
        self.stack.addWidget(self.unlock_screen)
        self.setCentralWidget(self.stack)
        self._build_status_bar()
        self.idle = IdleWatcher(settings.idle_lock_minutes * 60_000, self)
        self.idle.idle.connect(lambda: self.lock(reason="idle"))
        self.connectivity = ConnectivityMonitor(self.server_url, parent=self)
        self.connectivity.changed.connect(self._online_changed)
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(STATUS_EVERY_MS)
        self._status_timer.timeout.connect(self.refresh_status)
        shortcut = QShortcut(QKeySequence("Ctrl+L"), self)
        shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        shortcut.activated.connect(self.lock)
        lock_hub().requested.connect(self._lock_asked)
        install_keyboard_rules()
        self._hub_connected = True
        hub().changed.connect(self._language_changed)
        self._online = False
        self.retranslate()
        warm_up_after_first_paint(self)

    # -- status bar --------------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        bar = QStatusBar()
        bar.setSizeGripEnabled(False)
        self.online_icon = QLabel()
        self.online_label = QLabel()
        self.pending_label = QLabel()
        self.last_sync_label = QLabel()
        for widget in (self.online_icon, self.online_label, self.pending_label,
                       self.last_sync_label):
            bar.addPermanentWidget(widget)
        self.setStatusBar(bar)
        self._pending: int | None = None
        self._refused = 0
        self._last_sync: str | None = None
        self._show_status()

    def _online_changed(self, online: bool) -> None:
        self._online = online
        if self.session is not None:
            self.session.online = online
        self._show_status()
        sync = self.workspace.screens.get("sync") if self.workspace else None
        if sync is not None:
            sync.set_online(online)

    def refresh_status(self) -> None:
        """Changes waiting to sync and the last sync, read on the database thread when it is
        idle: counting a long outbox must not delay what a person asked for."""
        if self.session is None:
            return
        from desktop.core.refusals import refused_count
        from desktop.core.sync_local import LAST_SYNC_KEY
        from desktop.ui.ops import QueryOp

        def job(store: Store) -> tuple[int, int, str | None]:
            return store.pending_count(), refused_count(store), store.meta_get(LAST_SYNC_KEY)

        QueryOp(self.session.ops, parent=self, op=job, success=self._status_loaded).failure(
            lambda _error: None).latest("status bar").when_idle().run()

    def _status_loaded(self, status: tuple[int, int, str | None]) -> None:
        self._pending, self._refused, self._last_sync = status
        self._show_status()

    def _show_status(self) -> None:
        unlocked = self.session is not None
        self.online_icon.setPixmap(icon("online" if self._online_flag() else "offline")
                                   .pixmap(QSize(12, 12)))
        self.online_label.setText(tr("Online") if self._online_flag() else tr("Offline"))
        for widget in (self.pending_label, self.last_sync_label):
            widget.setVisible(unlocked)
        if self._pending is not None:
            text = ntr("{n} change waiting to sync", "{n} changes waiting to sync",
                       self._pending)
            if self._refused:  # never "nothing waiting" while the server refused something
                text += " · " + ntr("{n} refused by the server", "{n} refused by the server",
                                    self._refused)
            self.pending_label.setText(text)
        self.last_sync_label.setText(
            tr("Last sync: {when}", when=fmt_datetime(self._last_sync)) if self._last_sync
            else tr("Never synced"))

    def _online_flag(self) -> bool:
        return bool(getattr(self, "_online", False))

    # -- session -----------------------------------------------------------------------------
    def _build_ahead(self, user: str, opener: Opener) -> Opener:
        """A password was submitted: while the key is derived, build the workspace (hidden,
        holding nothing of the vault; desktop.ui.unlock_ahead). Returns the opener to run."""
        from desktop.core.vault import vault_country  # loaded with the unlock screen

        self._discard_ahead()
        set_country(vault_country(self.data_dir, user))  # the screens built ahead word it
        hold_warm_up()
        freeze_settled_objects()  # the unlock screen and the modules imported so far
        if not core_imported():  # the screens cannot be imported yet: built after the key
            return opener
        from desktop.ui.unlock_ahead import WorkspaceAhead, opening

        self._ahead = WorkspaceAhead(self, user, self._resume_for(user))
        self._ahead.start()
        return opening(opener, self._ahead.slot)

    def _discard_ahead(self) -> None:
        """The password was refused: what was built for it goes, unseen."""
        if self._ahead is not None:
            self._ahead.discard()
            self._ahead = None
        release_warm_up()

    def _resume_for(self, user: str) -> Resume:
        from desktop.ui.session import Resume

        return self.resume if self.resume and self.resume.user == user else Resume()

    def open_session(self, vault: OpenVault) -> None:
        """The vault is unlocked: show the workspace (built while the key was derived, or
        now), its first screen filled by the database thread."""
        wait_for_warm_up()  # done by now: unlocking waited for it
        from desktop.ui.unlock_ahead import WorkspaceAhead

        ahead, self._ahead = self._ahead, None
        if ahead is None or not ahead.holds(vault):  # a new user's first vault, say
            if ahead is not None:
                ahead.discard()
            ahead = WorkspaceAhead(self, vault.user, self._resume_for(vault.user), vault)
        resume = ahead.resume
        self.db, self.session, self.workspace = ahead.finish(vault)
        self.vault = vault
        self.db.failed.connect(
            lambda error: self.statusBar().showMessage(user_message(error), 8000))
        self.session.status_message.connect(
            lambda text: self.statusBar().showMessage(text, 8000))
        self.db.changed.connect(lambda _changes: self.refresh_status())
        self.session.revoked.connect(lambda: self.lock("revoked"))
        self.session.online = self._online
        self.workspace.lock_requested.connect(self.lock)
        self.workspace.add_user_requested.connect(self._add_user)
        self.workspace.settings_saved.connect(self.apply_settings)
        self.stack.setCurrentWidget(self.workspace)
        self.resume = None
        self.workspace.restore(resume)
        self._reopen_dialog(resume)
        self.idle.start()
        self.refresh_status()
        self._show_status()
        self._after_first_reads()
        self.unlocked.emit()

    def _after_first_reads(self) -> None:
        """What the first screen does not need (the server check, the status bar's timer,
        the forms' warm-up) waits until the reads asked for so far have been shown."""
        from desktop.ui.ops import QueryOp

        def start(_result: object = None) -> None:
            freeze_settled_objects()
            release_warm_up()
            self.connectivity.start()
            self._status_timer.start()

        assert self.db is not None
        QueryOp(self.db, parent=self, op=lambda _store: None, success=start).failure(
            start).run()

    def _reopen_dialog(self, resume: Resume) -> None:
        if resume.dialog is None or self.session is None or self.workspace is None:
            return
        dialog_type, args = resume.dialog
        live_args = tuple(self.session.ops if a == "<ops>" else
                          self.session.profile if a == "<profile>" else a for a in args)
        parent = self.workspace.pages.currentWidget() or self.workspace
        self.session.dialogs.open(dialog_type, live_args, parent)

    def lock(self, reason: str = "") -> None:
        """Clear every screen, stop the database thread and drop the key."""
        if self.vault is None:
            return
        self.resume = self._snapshot()
        close_other_dialogs()
        self._close_session()
        self.unlock_screen.reload_users(select=self.resume.user)
        if reason == "idle":
            self.unlock_screen.set_notice("Locked after {minutes} minutes without activity. "
                                          "Your work is saved.",
                                          minutes=self.settings.idle_lock_minutes)
        elif reason == "revoked":
            self.unlock_screen.set_notice(
                "The municipal server has disabled this laptop or this user: the vault was "
                "removed from this laptop. Ask the head of unit.")
        else:
            self.unlock_screen.set_notice("Locked. Your work is saved.")
        self.unlock_screen.show_unlock()
        self.stack.setCurrentWidget(self.unlock_screen)
        self.locked.emit()

    def _lock_asked(self) -> None:
        if self.isVisible():
            self.lock()

    def _snapshot(self) -> Resume:
        assert self.workspace is not None and self.session is not None
        resume = self.workspace.snapshot()
        self.workspace.flush_forms()
        open_dialog = self.session.dialogs.dialog()
        if open_dialog is not None:
            clear = getattr(open_dialog, "clear", None)
            if callable(clear):
                clear()  # saves its draft, then empties its widgets
            open_dialog.hide()
            open_dialog.deleteLater()
        dialog = self.session.dialogs.forget()
        if dialog is not None:
            dialog_type, args = dialog  # the session's objects are named, not kept
            resume.dialog = (dialog_type, tuple("<ops>" if a is self.session.ops else
                                                "<profile>" if a is self.session.profile else a
                                                for a in args))
        return resume

    def _close_session(self) -> None:
        thaw_settled_objects()
        release_warm_up()
        self.idle.stop()
        self._status_timer.stop()
        if self.db is not None:
            self.db.shutdown()
        if self.workspace is not None:
            self.stack.removeWidget(self.workspace)
            self.workspace.hide()
            self.workspace.setParent(None)
            self.workspace.deleteLater()
        if self.vault is not None:
            self.vault.lock()
        if self.session is not None:
            self.session.deleteLater()
        if self.db is not None:
            self.db.deleteLater()
        self.workspace, self.session, self.db, self.vault = None, None, None, None
        self._pending, self._last_sync = None, None
        self.statusBar().clearMessage()
        self._show_status()

    def _add_user(self) -> None:
        self.lock()
        self.unlock_screen.set_notice("")
        self.unlock_screen.show_create()

    def set_server_url(self, url: str) -> None:
        """Use this server (the demo's embedded one) for this run, without saving it."""
        self.server_url = url
        if self.session is not None:
            self.session.server_url = url
        self.unlock_screen.opener = unlock_function(url)
        self.connectivity.set_url(url)

    # -- settings and language -------------------------------------------------------------------
    def apply_settings(self, settings: Settings) -> None:
        self.settings = settings
        self.idle.set_interval(settings.idle_lock_minutes * 60_000)
        if settings.server_url and not self.demo:
            self.server_url = settings.server_url
            self.unlock_screen.opener = unlock_function(settings.server_url)
            self.unlock_screen.set_first_login(first_login_function(settings.server_url),
                                               settings.server_url)
            if self.session is not None:
                self.session.server_url = settings.server_url
            self.connectivity.set_url(settings.server_url)
        if settings.language != current_language():
            switch_language(settings.language)

    def set_language(self, language: str) -> None:
        """Switch the language now and remember it for the next start."""
        switch_language(language)
        self.settings.language = language
        try:
            save_settings(self.settings, self.settings_path)
        except OSError:
            log.warning("settings not saved")

    def _language_changed(self, _language: str) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        self._show_status()

    # -- shutdown ----------------------------------------------------------------------------
    def shutdown(self) -> None:
        """Save drafts, stop threads and lock (closing the window, tests)."""
        self._discard_ahead()
        if self.vault is not None:
            if self.workspace is not None:
                self.workspace.flush_forms()
            self._close_session()
        self.connectivity.stop()
        self.idle.stop()
        if self._hub_connected:
            self._hub_connected = False
            with contextlib.suppress(RuntimeError, TypeError):
                lock_hub().requested.disconnect(self._lock_asked)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.shutdown()
        super().closeEvent(event)

