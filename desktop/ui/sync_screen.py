"""Sync: where the server is, whether it answers, what waits to be sent, the last sync, and
syncing now (on the background pool, with progress and Cancel)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel

from desktop.core.i18n import tr
from desktop.core.store import Store
from desktop.core.sync_messages import error_text
from desktop.ui.formatting import fmt_datetime
from desktop.ui.screen import Screen
from desktop.ui.session import Session
from desktop.ui.tasks import run_in_background
from desktop.ui.widgets import button, card, label

STATUS_FIELDS = (("server", "Server"), ("state", "Connection"),
                 ("pending", "Changes waiting to sync"), ("last", "Last sync"))
RECORD_TYPE_TEXT = {"person": "Persons", "household": "Households", "case": "Cases",
                    "visit": "Visits", "assessment": "Assessments", "plan": "Plans",
                    "plan_action": "Plan actions", "referral": "Referrals",
                    "measure": "Measures", "note": "Notes", "consent": "Consents",
                    "attachment": "Attachments", "meeting": "Meetings",
                    "village": "Villages", "service_provider": "Service providers"}


STAGE_TEXT = {"push": "Sending changes: {done}", "pull": "Receiving changes: {done}",
              "upload": "Sending attachments…", "download": "Receiving attachments…",
              "reports": "Updating the report figures…"}


class SyncProgress:
    """Written by the sync on its thread, read by the screen's timer."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.stage, self.done = "", 0
        self.cancel = threading.Event()

    def __call__(self, stage: str, done: int, _total: int | None) -> None:
        with self._lock:
            self.stage, self.done = stage, done

    def snapshot(self) -> tuple[str, int]:
        with self._lock:
            return self.stage, self.done


@dataclass
class SyncStatus:
    pending: int
    last_sync: str | None
    by_type: list[tuple[str, int]] = field(default_factory=list)


def read_status(store: Store) -> SyncStatus:
    with store.reading() as conn:
        by_type = [(r[0], r[1]) for r in conn.exec_driver_sql(
            "SELECT record_type, count(*) FROM outbox WHERE acked = 0 GROUP BY record_type "
            "ORDER BY count(*) DESC")]
    return SyncStatus(store.pending_count(), store.meta_get("last_sync"), by_type)


class SyncScreen(Screen):
    key = "sync"
    title_msgid = "Sync"

    def __init__(self, session: Session, parent: Any = None) -> None:
        super().__init__(session, parent)
        self._status: SyncStatus | None = None
        self._running: SyncProgress | None = None
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
        actions.addWidget(self.sync_button)
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.refresh_button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.progress_line = label("", "muted", wrap=True)
        self.progress_line.hide()
        layout.addWidget(self.progress_line)
        self._update_button()
        self.body.addWidget(frame)

        types_frame, types_layout = card(margins=18)
        types_layout.addWidget(t.text(label("", "sectionTitle"), "Waiting, by kind of record"))
        self.by_type = label("", wrap=True)
        types_layout.addWidget(self.by_type)
        self.body.addWidget(types_frame)
        self.body.addStretch(1)

    def refresh(self) -> None:
        self.run(read_status, self._loaded)

    def _loaded(self, status: SyncStatus) -> None:
        self._status = status
        self._show()

    def set_online(self, _online: bool) -> None:
        self._show()
        self._update_button()

    # -- syncing -----------------------------------------------------------------------------
    def _update_button(self) -> None:
        can = self.session.sync is not None and bool(self.session.server_url)
        self.sync_button.setEnabled(can and self._running is None)
        self.sync_button.setToolTip("" if can else tr("Set the municipal server address in "
                                                      "Administration first."))

    def sync_now(self) -> None:
        sync = self.session.sync
        if sync is None or self._running is not None:
            return
        progress = SyncProgress()
        self._running = progress
        self.cancel_button.show()
        self.progress_line.setText(tr("Connecting to the server…"))
        self.progress_line.show()
        self.busy.set_busy(True)
        self._poll.start()
        self._update_button()
        run_in_background(lambda: sync(progress, progress.cancel), self._sync_done,
                          self._sync_failed, owner=self)

    def cancel_sync(self) -> None:
        if self._running is not None:
            self._running.cancel.set()
            self.progress_line.setText(tr("Stopping after the current step…"))

    def _show_progress(self) -> None:
        if self._running is None:
            return
        stage, done = self._running.snapshot()
        if stage:
            self.progress_line.setText(tr(STAGE_TEXT.get(stage, stage), done=done))

    def _finish(self, text: str) -> None:
        self._running = None
        self._poll.stop()
        self.busy.set_busy(False)
        self.cancel_button.hide()
        self.progress_line.setText(text)
        self._update_button()

    def _sync_done(self, result: Any) -> None:
        self._finish(tr("Synced: {sent} changes sent, {received} received, {conflicts} to "
                        "resolve.", sent=getattr(result, "pushed", 0),
                        received=getattr(result, "pulled", 0),
                        conflicts=getattr(result, "conflicts", 0)))
        self.session.changed("")

    def _sync_failed(self, error: Exception) -> None:
        self._finish(error_text(error))
        if type(error).__name__ == "RevokedError":
            self.session.revoked.emit()
            return
        self.refresh()

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
        self.values["last"].setText(fmt_datetime(status.last_sync) if status.last_sync
                                    else tr("Never"))
        lines = [f"{tr(RECORD_TYPE_TEXT.get(kind, kind))}: {count}"
                 for kind, count in status.by_type]
        self.by_type.setText("\n".join(lines) if lines else tr("Nothing is waiting."))

    def retranslate(self) -> None:
        super().retranslate()
        self._show()
