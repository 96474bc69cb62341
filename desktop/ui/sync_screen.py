"""Sync: where the server is, whether it answers, what waits to be sent, and the last sync."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel

from desktop.core.i18n import tr
from desktop.core.store import Store
from desktop.ui.formatting import fmt_datetime
from desktop.ui.screen import Screen
from desktop.ui.session import Session
from desktop.ui.widgets import button, card, label

STATUS_FIELDS = (("server", "Server"), ("state", "Connection"),
                 ("pending", "Changes waiting to sync"), ("last", "Last sync"))
RECORD_TYPE_TEXT = {"person": "Persons", "household": "Households", "case": "Cases",
                    "visit": "Visits", "assessment": "Assessments", "plan": "Plans",
                    "plan_action": "Plan actions", "referral": "Referrals",
                    "measure": "Measures", "note": "Notes", "consent": "Consents",
                    "attachment": "Attachments", "meeting": "Meetings",
                    "village": "Villages", "service_provider": "Service providers"}


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
        self._online: bool | None = None
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
        self.sync_button = t.text(button("", primary=True, icon_name="sync"), "Sync now")
        self.sync_button.setEnabled(False)
        self.sync_button.setToolTip(tr("Not available in this version yet."))
        self.refresh_button = t.text(button("", on_click=self.refresh), "Check again")
        actions.addWidget(self.sync_button)
        actions.addWidget(self.refresh_button)
        actions.addStretch(1)
        layout.addLayout(actions)
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

    def set_online(self, online: bool) -> None:
        self._online = online
        self._show()

    def _show(self) -> None:
        url = self.session.server_url
        self.values["server"].setText(url or tr("Not set up (Administration)"))
        state = tr("Online") if self._online else tr("Offline")
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
