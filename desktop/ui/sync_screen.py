"""Sync: where the server is, whether it answers, what waits to be sent, what the server
refused and the conflicts to resolve, the last sync, and syncing now.

A sync is a ``BackgroundOp`` bound to the vault's operations: its network work runs on the
background pool and its database steps on the vault's database thread
(``Operations.call_blocking``). Cancel, or locking the vault, stops it at its next safe point;
everything done so far is kept and the next sync resumes.

When the vault has no server session (it was made on this laptop without a server) or the
server refused the saved one, a card asks for the password at the municipal server and signs
in again (``sync_local.refresh_session``, off the UI thread).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFormLayout, QGridLayout, QHBoxLayout, QLabel

from desktop.core.i18n import fmt_number, tr
from desktop.core.progress import Progress
from desktop.core.sync_local import refresh_session, sync_now
from desktop.core.sync_messages import error_text
from desktop.core.sync_status import SyncStatus, read_status
from desktop.ui.formatting import fmt_datetime
from desktop.ui.ops import BackgroundOp, QueryOp
from desktop.ui.refusals_panel import RefusalsPanel
from desktop.ui.screen import Screen
from desktop.ui.session import Session
from desktop.ui.widgets import button, card, label
from sync.client import AuthError, RateLimited, RevokedError, WrongCredentials

STATUS_FIELDS = (("server", "Server"), ("state", "Connection"),
                 ("pending", "Changes waiting to sync"), ("refused", "Refused by the server"),
                 ("conflicts", "Conflicts to resolve"), ("last", "Last sync"))
RECORD_TYPE_TEXT = {"person": "Persons", "household": "Households", "case": "Cases",
                    "visit": "Visits", "assessment": "Assessments", "plan": "Plans",
                    "plan_action": "Plan actions", "referral": "Referrals",
                    "measure": "Measures", "note": "Notes", "consent": "Consents",
                    "attachment": "Attachments", "meeting": "Meetings",
                    "village": "Villages", "service_provider": "Service providers"}


STAGE_TEXT = {"push": "Sending changes: {done}", "pull": "Receiving changes: {done}",
              "upload": "Sending attachments…", "download": "Receiving attachments…",
              "reports": "Updating the report figures…"}


def session_refused(error: BaseException) -> bool:
    """The server no longer accepts the vault's session (not a wrong password)."""
    return isinstance(error, AuthError) and not isinstance(error, WrongCredentials | RateLimited)


class SyncScreen(Screen):
    key = "sync"
    title_msgid = "Sync"

    def __init__(self, session: Session, parent: Any = None) -> None:
        super().__init__(session, parent)
        self._status: SyncStatus | None = None
        self._running: Progress | None = None
        self._refused = False      # the last sync failed because the session was refused
        self._signing_in = False
        self._poll = QTimer(self)
        self._poll.setInterval(200)
        self._poll.timeout.connect(self._show_progress)
        self._build()
        self.retranslate()

    def _build(self) -> None:
        t = self._t
        frame, layout = card(margins=18, spacing=10)
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(8)
        self.values: dict[str, QLabel] = {}
        for row, (key, msgid) in enumerate(STATUS_FIELDS):
            grid.addWidget(t.text(label("", "fieldLabel"), msgid), row, 0)
            value = label("", wrap=True)
            value.setStyleSheet("font-weight: 600;")
            self.values[key] = value
            grid.addWidget(value, row, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        self.explain = t.text(label("", "muted", wrap=True),
                              "Everything you record is kept on this laptop and sent to the "
                              "municipal server when there is a connection. Nothing waits "
                              "in a form: unsent changes stay in the vault until the server "
                              "confirms them.")
        layout.addWidget(self.explain)
        actions = QHBoxLayout()
        self.sync_button = t.text(button("", primary=True, icon_name="sync",
                                         on_click=self.sync_now), "Sync now")
        self.cancel_button = t.text(button("", on_click=self.cancel_sync), "Cancel")
        self.cancel_button.hide()
        self.refresh_button = t.text(button("", on_click=self.refresh), "Check again")
        self.conflicts_button = t.text(button("", on_click=self.show_conflicts),
                                       "Resolve conflicts")
        self.conflicts_button.hide()
        for widget in (self.sync_button, self.cancel_button, self.refresh_button,
                       self.conflicts_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.progress_line = label("", "muted", wrap=True)
        self.progress_line.hide()
        layout.addWidget(self.progress_line)
        self.body.addWidget(frame)
        self._build_sign_in()
        self.refusals = RefusalsPanel(self.session)
        self.refusals.said.connect(self._show_said)  # seen even when the panel hides
        self.body.addWidget(self.refusals, 1)
        self._update_button()

        types_frame, types_layout = card(margins=18)
        types_layout.addWidget(t.text(label("", "sectionTitle"), "Waiting, by kind of record"))
        self.by_type = label("", wrap=True)
        types_layout.addWidget(self.by_type)
        self.body.addWidget(types_frame)
        self.body.addStretch(1)

    def _build_sign_in(self) -> None:
        from desktop.ui.unlock_fields import PasswordField  # unlock imports this module

        t = self._t
        self.sign_in_card, layout = card(margins=18, spacing=8)
        layout.addWidget(t.text(label("", "sectionTitle"), "Sign in at the municipal server"))
        self.sign_in_help = label("", "muted", wrap=True)
        layout.addWidget(self.sign_in_help)
        form = QFormLayout()
        form.setHorizontalSpacing(24)
        form.setVerticalSpacing(8)
        self.sign_in_user = label(self.session.user)
        self.sign_in_user.setStyleSheet("font-weight: 600;")
        self.sign_in_password = PasswordField()
        self.sign_in_password.setMaximumWidth(360)
        self.sign_in_password.textChanged.connect(lambda _t: self._update_button())
        self.sign_in_password.returnPressed.connect(self.sign_in)
        self.sign_in_server = label("", wrap=True)
        self.sign_in_server.setStyleSheet("font-weight: 600;")
        form.addRow(t.text(label("", "fieldLabel"), "User name"), self.sign_in_user)
        form.addRow(t.text(label("", "fieldLabel"), "Password at the municipal server"),
                    self.sign_in_password)
        form.addRow(t.text(label("", "fieldLabel"), "Server"), self.sign_in_server)
        layout.addLayout(form)
        self.sign_in_caps = t.text(label("", "error"), "Caps Lock is on.")
        self.sign_in_caps.hide()
        self.sign_in_password.caps_lock.connect(self.sign_in_caps.setVisible)
        layout.addWidget(self.sign_in_caps)
        self.sign_in_error = label("", "error", wrap=True)
        self.sign_in_error.hide()
        layout.addWidget(self.sign_in_error)
        row = QHBoxLayout()
        self.sign_in_button = t.text(button("", primary=True, icon_name="sync",
                                            on_click=self.sign_in), "Sign in")
        row.addWidget(self.sign_in_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.sign_in_card.hide()
        self.body.addWidget(self.sign_in_card)

    def activate(self) -> None:
        super().activate()
        self._show()  # the server address may have been set in Administration meanwhile
        self._update_button()

    def refresh(self) -> None:
        self.busy.set_busy(True)
        QueryOp(self.session.ops, parent=self, op=read_status, success=self._loaded).run()
        self.refusals.refresh()

    def _loaded(self, status: SyncStatus) -> None:
        self.busy.set_busy(self._running is not None)
        self._status = status
        self._show()

    def set_online(self, _online: bool) -> None:
        self._show()
        self._update_button()

    # -- syncing -----------------------------------------------------------------------------
    def _update_button(self) -> None:
        vault_server = self._status.vault_server if self._status is not None else None
        can = bool(self.session.server_url or vault_server)
        signed_in = not self.needs_sign_in()
        self.sync_button.setEnabled(can and signed_in and self._running is None
                                    and not self._signing_in)
        self.sync_button.setToolTip(
            "" if can and signed_in else
            tr("Sign in at the municipal server first.") if can else
            tr("Set the municipal server address in Administration first."))
        self.sign_in_button.setEnabled(bool(self.sign_in_server_url())
                                       and bool(self.sign_in_password.text())
                                       and not self._signing_in and self._running is None)
        self.sign_in_password.setEnabled(not self._signing_in)

    def sync_now(self) -> None:
        vault = getattr(self.window(), "vault", None)  # the main window's open vault
        if vault is None or self._running is not None:
            return
        progress = Progress()
        self._running = progress
        self.cancel_button.show()
        self.progress_line.setText(tr("Connecting to the server…"))
        self.progress_line.show()
        self.busy.set_busy(True)
        self._poll.start()
        self._update_button()
        ops = self.session.ops
        BackgroundOp(parent=self, bound_to=ops,
                     op=lambda p: sync_now(vault, p, run_db=ops.call_blocking),
                     success=self._sync_done).with_progress(progress=progress).failure(
            self._sync_failed).cancelled(self._sync_cancelled).run()

    def _show_said(self, text: str) -> None:
        self.progress_line.setText(text)
        self.progress_line.show()

    def cancel_sync(self) -> None:
        if self._running is not None:
            self._running.cancel()
            self.progress_line.setText(tr("Stopping after the current step…"))

    def _show_progress(self) -> None:
        if self._running is None:
            return
        stage, (done, _total) = self._running.stage, self._running.snapshot()
        if stage:
            self.progress_line.setText(tr(STAGE_TEXT.get(stage, stage), done=done))

    def show_conflicts(self) -> None:
        """Go to the Conflicts screen (the workspace's navigation)."""
        parent = self.parentWidget()
        while parent is not None and not hasattr(parent, "navigate"):
            parent = parent.parentWidget()
        if parent is not None:
            parent.navigate("conflicts")

    def _finish(self, text: str) -> None:
        self._running = None
        self._poll.stop()
        self.busy.set_busy(False)
        self.cancel_button.hide()
        self.progress_line.setText(text)
        self._update_button()

    def _sync_done(self, result: Any) -> None:
        self._finish(tr("Synced: {sent} changes sent, {received} received, {conflicts} to "
                        "resolve, {refused} refused by the server.",
                        sent=fmt_number(result.pushed), received=fmt_number(result.pulled),
                        conflicts=fmt_number(result.conflicts),
                        refused=fmt_number(len(result.rejected))))
        self.session.changed("")  # every screen reads again, this one too

    def _sync_cancelled(self) -> None:
        self._finish(tr("Sync was cancelled; what was already sent or received is kept."))
        self.session.changed("")

    def _sync_failed(self, error: Exception) -> None:
        if session_refused(error):
            self._refused = True
        self._finish(error_text(error))
        if isinstance(error, RevokedError):
            self.session.revoked.emit()
            return
        self._show_sign_in()
        self.refresh()

    # -- signing in at the server again --------------------------------------------------------
    def needs_sign_in(self) -> bool:
        """The vault has no server session, or the server refused it at the last sync."""
        return self._refused or (self._status is not None and not self._status.has_session)

    def sign_in_server_url(self) -> str:
        """Where signing in goes: the vault's own server, else the laptop's configured one."""
        vault_server = self._status.vault_server if self._status is not None else None
        return vault_server or self.session.server_url or self.session.settings.server_url

    def sign_in(self) -> None:
        password = self.sign_in_password.text()
        url = self.sign_in_server_url()
        if not password or not url or self._signing_in or self._running is not None:
            return
        vault = getattr(self.window(), "vault", None)  # the main window's open vault
        if vault is None:
            self._show_sign_in_error(tr("Something went wrong."))
            return
        self._signing_in = True
        self.sign_in_error.hide()
        self.progress_line.setText(tr("Signing in at the municipal server…"))
        self.progress_line.show()
        self.busy.set_busy(True)
        self._update_button()
        BackgroundOp(parent=self, op=lambda: refresh_session(vault, password, server_url=url),
                     success=self._signed_in, bound_to=self.session.ops).failure(
            self._sign_in_failed).run()

    def _signed_in(self, _result: Any) -> None:
        self._signing_in = False
        self._refused = False
        self.busy.set_busy(False)
        self.sign_in_password.clear()
        if self._status is not None:
            self._status.has_session = True
            self._status.vault_server = self._status.vault_server or self.sign_in_server_url()
        self.progress_line.setText(tr("Signed in at the municipal server. You can sync now."))
        self._show_sign_in()
        self._update_button()
        self.refresh()

    def _sign_in_failed(self, error: Exception) -> None:
        self._signing_in = False
        self.busy.set_busy(False)
        self.sign_in_password.clear()
        self.progress_line.hide()
        self._show_sign_in_error(error_text(error))
        if isinstance(error, RevokedError):  # the vault was wiped and locked
            self.session.revoked.emit()
            return
        self._update_button()
        self.sign_in_password.setFocus()

    def _show_sign_in_error(self, text: str) -> None:
        self.sign_in_error.setText(text)
        self.sign_in_error.show()

    def _show_sign_in(self) -> None:
        needed = self.needs_sign_in() or self._signing_in
        self.sign_in_card.setVisible(needed)
        if not needed:
            self.sign_in_error.hide()
            return
        self.sign_in_help.setText(tr(
            "The municipal server no longer accepts this laptop's session. Sign in again "
            "with your password at the municipal server; nothing recorded on this laptop is "
            "lost.") if self._refused or self._status is None or self._status.vault_server
            else tr("This vault was made on this laptop and has not signed in at the "
                    "municipal server yet. Sign in once while connected; from then on your "
                    "work syncs."))
        url = self.sign_in_server_url()
        self.sign_in_server.setText(url or tr("No server address is set on this laptop. "
                                              "It is set in Administration."))
        name = "" if url else "error"
        if self.sign_in_server.objectName() != name:
            self.sign_in_server.setObjectName(name)
            self.sign_in_server.style().unpolish(self.sign_in_server)
            self.sign_in_server.style().polish(self.sign_in_server)

    def _show(self) -> None:
        url = self.session.server_url
        self.values["server"].setText(url or tr("Not set up (Administration)"))
        state = tr("Online") if self.session.online else tr("Offline")
        if self.session.demo and url:
            state += " · " + tr("demo server on this laptop")
        self.values["state"].setText(state)
        status = self._status
        if status is None:
            return
        self.values["pending"].setText(str(status.pending))
        self.values["refused"].setText(fmt_number(status.refused))
        self.values["refused"].setStyleSheet(
            "font-weight: 600;" + (" color: #b42318;" if status.refused else ""))
        self.values["conflicts"].setText(fmt_number(status.conflicts))
        self.conflicts_button.setVisible(status.conflicts > 0)
        self.values["last"].setText(fmt_datetime(status.last_sync) if status.last_sync
                                    else tr("Never"))
        lines = [f"{tr(RECORD_TYPE_TEXT.get(kind, kind))}: {fmt_number(count)}"
                 for kind, count in status.by_type]
        self.by_type.setText("\n".join(lines) if lines else tr(
            "Nothing waits to be sent; the refused changes are listed above.")
            if status.refused else tr("Nothing is waiting."))
        self._show_sign_in()
        self._update_button()

    def retranslate(self) -> None:
        super().retranslate()
        self._show()
