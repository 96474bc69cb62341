"""The changes the server refused, per record, on the Sync screen, with the worker's ways out:
send the corrected record again, open its case (to correct it), hand it to a colleague whose
role may hold it (through the municipal server, or one whose vault is on this laptop), or
discard the change with a reason that goes to the audit log."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.changes import Changes
from desktop.core.errors import KujdesError
from desktop.core.handover import Colleague, hand_over_at_server, server_colleagues
from desktop.core.i18n import ntr, tr
from desktop.core.refusals import (
    Refusal,
    discard_refused,
    hand_over_refused,
    open_refusals,
    resend_refused,
)
from desktop.core.sync_messages import error_text, kind_text
from desktop.core.vault import list_vaults, open_vault
from desktop.ui.handover_dialog import ColleagueChooser
from desktop.ui.ops import BackgroundOp, ChangeOp, QueryOp
from desktop.ui.session import Session
from desktop.ui.widgets import button, card, label
from sync.client import SyncError

_COLUMNS = ("Record", "Kind", "Why it was refused", "What you can do")


class DiscardDialog(QDialog):
    """Asks why a refused change is discarded (the reason goes to the audit log)."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Discard the refused change"))
        layout = QVBoxLayout(self)
        layout.addWidget(label(tr("The refused change of {record} is removed from this laptop. "
                                  "Write why (it is kept in the audit log).", record=what),
                               wrap=True))
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setAccessibleName(tr("Reason"))
        layout.addWidget(self.reason)
        self.error = label("", "error", wrap=True)
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Discard"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.reason.setFocus()

    def _accept(self) -> None:
        if not self.reason.toPlainText().strip():
            self.error.setText(tr("Write why the change is discarded."))
            self.error.show()
            self.reason.setFocus()
            return
        self.accept()


class RefusalsPanel(QWidget):
    """A card listing open refusals; hidden while there are none."""

    counted = Signal(int)   # how many refused changes wait for a decision
    said = Signal(str)      # what a way out did (the panel hides when nothing is left)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.refusals: list[Refusal] = []
        frame, layout = card(margins=18, spacing=8)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        self.heading = label("", "sectionTitle")
        layout.addWidget(self.heading)
        self.explain = label("", "muted", wrap=True)
        layout.addWidget(self.explain)
        self.table = QTableWidget(0, len(_COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setTabKeyNavigation(False)  # Tab goes on to the buttons
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.setMinimumHeight(150)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.resend_button = button(tr("Send again"), primary=True, on_click=self.resend)
        self.open_button = button(tr("Open the case"), on_click=self.open_case)
        self.hand_over_button = button(tr("Hand over…"), on_click=self.hand_over)
        self.discard_button = button(tr("Discard…"), on_click=self.discard)
        for widget in (self.resend_button, self.open_button, self.hand_over_button,
                       self.discard_button):
            row.addWidget(widget)
        row.addStretch(1)
        layout.addLayout(row)
        self.message = label("", "muted", wrap=True)
        layout.addWidget(self.message)
        self.hide()

    def refresh(self) -> None:
        QueryOp(self.session.ops, parent=self, op=open_refusals,
                success=self.show_refusals).run()

    def show_refusals(self, refusals: list[Refusal]) -> None:
        self.refusals = refusals
        total = sum(r.changes for r in refusals)
        self.counted.emit(total)
        self.setVisible(bool(refusals))
        self.heading.setText(ntr("Refused by the municipal server: {n} change",
                                 "Refused by the municipal server: {n} changes", total))
        self.explain.setText(tr(
            "These changes are kept on this laptop but the municipal server did not accept "
            "them. Correct the record and send it again, hand the case to a colleague whose "
            "role may hold it, or discard the change with a reason."))
        self.table.setHorizontalHeaderLabels([tr(c) for c in _COLUMNS])
        self.table.setRowCount(len(refusals))
        for row, refusal in enumerate(refusals):
            what = refusal.case_number or refusal.person or refusal.record_id[:8]
            if refusal.case_number and refusal.person:
                what = f"{refusal.case_number} · {refusal.person}"
            cells = (what, kind_text(refusal.record_type), refusal.reason, refusal.advice)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text if column else refusal.server_message)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        for column, width in ((0, 220), (1, 110), (2, 300)):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), width))
        self.table.resizeRowsToContents()
        if refusals and not self.table.selectedItems():
            self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> Refusal | None:
        rows = {i.row() for i in self.table.selectedItems()}
        return self.refusals[min(rows)] if rows and min(rows) < len(self.refusals) else None

    def _update_buttons(self) -> None:
        chosen = self.selected()
        self.resend_button.setEnabled(chosen is not None and not chosen.gone)
        self.open_button.setEnabled(chosen is not None and chosen.case_id is not None)
        self.hand_over_button.setEnabled(chosen is not None and not chosen.gone and (
            bool(chosen.case_id and chosen.roles) or bool(self._colleagues())))
        self.discard_button.setEnabled(chosen is not None)

    def resend(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        self._change(lambda store: resend_refused(store, chosen.record_id),
                     lambda n: ntr("{n} record will be sent at the next sync.",
                                   "{n} records will be sent at the next sync.", n))

    def discard(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        dialog = DiscardDialog(chosen.case_number or chosen.person or chosen.record_id[:8],
                               self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        reason = dialog.reason.toPlainText()
        self._change(lambda store: discard_refused(store, chosen.record_id, reason),
                     lambda n: ntr("{n} refused record was discarded; the reason is in the "
                                   "audit log.", "{n} refused records were discarded; the "
                                   "reason is in the audit log.", n))

    def _colleagues(self) -> list[str]:
        return [v.user for v in list_vaults(self.session.data_dir)
                if v.user != self.session.user and not v.locked_out]

    def hand_over(self) -> None:
        """Ask the server who may hold the case (off the UI thread), then the worker."""
        chosen = self.selected()
        vault = getattr(self.window(), "vault", None)  # the main window's open vault
        if chosen is None:
            return
        ops, local = self.session.ops, self._colleagues()

        def ask() -> tuple[list[Colleague], str]:
            if vault is None or not (chosen.case_id and chosen.roles):
                return [], ""
            try:
                return server_colleagues(ops.call_blocking, vault.device_id,
                                         chosen.record_id), ""
            except (SyncError, KujdesError) as error:
                return [], error_text(error)

        self.message.setText(tr("Asking the municipal server who may hold the case…"))
        BackgroundOp(parent=self, op=ask, bound_to=ops,
                     success=lambda found: self._choose(chosen, local, *found)).run()

    def _choose(self, chosen: Refusal, local: list[str], server: list[Colleague],
                why: str) -> None:
        self.message.setText(why)
        if not local and not server:
            self.message.setText(why or tr("No colleague at the municipal server may hold "
                                           "this case."))
            return
        dialog = ColleagueChooser(chosen.case_number or chosen.person or chosen.record_id[:8],
                                local, server, self)
        choice = dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
        if choice is None:
            return
        if choice.on_this_laptop:
            self._hand_over_here(chosen, choice.username, dialog.password.text())
        else:
            self._hand_over_at_server(chosen, choice.username)

    def _hand_over_at_server(self, chosen: Refusal, user: str) -> None:
        vault = getattr(self.window(), "vault", None)
        ops = self.session.ops
        if vault is None:
            return

        def done(n: int) -> None:
            self._say(ntr(
                "{n} record was handed over to {user} through the municipal server; it reaches "
                "their laptop at their next sync.", "{n} records were handed over to {user} "
                "through the municipal server; they reach their laptop at their next sync.",
                n, user=user))
            ops.changed.emit(Changes.all())

        self.message.setText(tr("Handing over…"))
        BackgroundOp(parent=self, bound_to=ops, success=done, op=lambda: hand_over_at_server(
            ops.call_blocking, vault.device_id, chosen.record_id, user)).failure(
            lambda error: self.message.setText(error_text(error))).run()

    def _hand_over_here(self, chosen: Refusal, user: str, password: str) -> None:
        ops, data_dir = self.session.ops, self.session.data_dir

        def op() -> int:
            colleague = open_vault(data_dir, user, password)  # slow: off the UI thread
            try:
                return ops.call_blocking(
                    lambda store: hand_over_refused(store, chosen.record_id, colleague.store))
            finally:
                colleague.lock()

        def done(n: int) -> None:
            self._say(ntr("{n} record was handed over to {user}; it is sent at "
                                     "their next sync.", "{n} records were handed over to "
                                     "{user}; they are sent at their next sync.", n, user=user))
            ops.changed.emit(Changes.all())

        self.message.setText(tr("Handing over…"))
        BackgroundOp(parent=self, op=op, success=done, bound_to=ops).failure(
            lambda error: self.message.setText(error_text(error))).run()

    def open_case(self) -> None:
        chosen = self.selected()
        if chosen is not None and chosen.case_id:
            self.session.open_case(chosen.case_id)

    def _change(self, op: Callable[[Any], int], said: Callable[[int], str]) -> None:
        ChangeOp(self.session.ops, parent=self, op=op, changes=Changes.all()).success(
            lambda n: self._say(said(n))).failure(
            lambda error: self.message.setText(str(error))).run()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.said.emit(text)
