"""The referrals of a case and the change of their status (accepted, delivered, refused by
the beneficiary, not possible). A referral the commission prescribed that was not delivered
stays marked in red."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QLineEdit,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.casework.errors import DateOrder, ReferralTransition
from desktop.core.casework.referrals import DELIVERED, NOT_POSSIBLE, REFUSED, next_statuses
from desktop.core.i18n import tr
from desktop.core.views.profile_lists import profile_entries, profile_label
from desktop.ui import style
from desktop.ui.dialogs.common import (
    code_combo,
    fill_combo,
    fit_columns,
    panel,
    section_title,
)
from desktop.ui.field_row import FieldRow
from desktop.ui.formatting import fmt_date
from desktop.ui.forms.editors import DateEditor
from sync.profile import Profile
from sync.records import Record

_REFERRAL_COLUMNS = ("Service", "Provider", "Sent on", "Status", "Since", "Prescribed")
_REASON_PAGE = {REFUSED: 1, NOT_POSSIBLE: 2}


def record_table(columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.horizontalHeader().setHighlightSections(False)
    return table


class ReferralStatusPanel(QWidget):
    """The case's referrals; choosing one offers the statuses it may move to.

    ``status_requested(referral_id, status, on, reason)`` when :meth:`request` finds the
    input complete; the dialog saves it and hands the outcome back (:meth:`saved`,
    :meth:`failed`)."""

    status_requested = Signal(str, str, str, object)

    def __init__(self, profile: Profile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile = profile
        self.referrals: list[Record] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        self.referral_table = record_table(len(_REFERRAL_COLUMNS))
        self.referral_table.itemSelectionChanged.connect(self._referral_picked)
        layout.addWidget(self.referral_table, 1)
        frame, status_layout = panel(self)
        status_layout.addWidget(section_title("Change the status", frame))
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        self.new_status = code_combo([])
        self.new_status.currentIndexChanged.connect(self._status_kind_changed)
        self.status_on = DateEditor()
        self.status_on.set_date(dt.date.today())
        self.refusal_reason = QLineEdit()
        self.not_possible_reason = code_combo(profile_entries(profile, "not_possible_reasons"),
                                              empty=tr("— choose —"))
        self.reason_stack = QStackedWidget()
        self.reason_stack.addWidget(QWidget())
        self.reason_stack.addWidget(self.refusal_reason)
        self.reason_stack.addWidget(self.not_possible_reason)
        self.status_fields = {"status": FieldRow("New status", self.new_status, required=True),
                              "on": FieldRow("Date", self.status_on, required=True),
                              "reason": FieldRow("Why", self.reason_stack)}
        grid.addWidget(self.status_fields["status"], 0, 0)
        grid.addWidget(self.status_fields["on"], 0, 1)
        grid.addWidget(self.status_fields["reason"], 0, 2)
        grid.setColumnStretch(2, 1)
        status_layout.addLayout(grid)
        self.status_panel = frame
        frame.setEnabled(False)
        layout.addWidget(frame)

    def retranslate(self) -> None:
        self.referral_table.setHorizontalHeaderLabels([tr(c) for c in _REFERRAL_COLUMNS])
        self.show_referrals()

    def set_referrals(self, referrals: list[Record]) -> None:
        self.referrals = referrals
        self.show_referrals()

    def show_referrals(self) -> None:
        table = self.referral_table
        table.setRowCount(len(self.referrals))
        for row, referral in enumerate(self.referrals):
            f = referral.fields
            not_delivered = bool(f.get("prescribed")) and f.get("status") != DELIVERED
            cells = [profile_label(self.profile, "service_taxonomy", f.get("service")),
                     f.get("provider_name") or "", fmt_date(f.get("sent_on")),
                     profile_label(self.profile, "referral_statuses", f.get("status")),
                     fmt_date(f.get("status_on")),
                     (tr("Yes – not delivered") if not_delivered else tr("Yes"))
                     if f.get("prescribed") else ""]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, referral.id)
                if not_delivered:
                    item.setForeground(QBrush(QColor(style.DANGER)))
                table.setItem(row, column, item)
        fit_columns(table, stretch=1)

    def selected_referral(self) -> Record | None:
        rows = {i.row() for i in self.referral_table.selectedItems()}
        if len(rows) != 1:
            return None
        row = rows.pop()
        return self.referrals[row] if row < len(self.referrals) else None

    def _referral_picked(self) -> None:
        referral = self.selected_referral()
        self.status_panel.setEnabled(referral is not None)
        statuses = next_statuses(referral.fields.get("status")) if referral else ()
        fill_combo(self.new_status, [(s, profile_label(self.profile, "referral_statuses", s))
                                     for s in statuses])
        self._status_kind_changed()

    def _status_kind_changed(self, *_: object) -> None:
        self.reason_stack.setCurrentIndex(_REASON_PAGE.get(self.new_status.currentData(), 0))
        for field in self.status_fields.values():
            field.set_error("")

    def request(self) -> str:
        """Ask for the status change; returns a message when no referral is chosen."""
        referral = self.selected_referral()
        if referral is None:
            return tr("Choose a referral in the list first.")
        status = self.new_status.currentData()
        on = self.status_on.value()
        if not status:
            self.status_fields["status"].set_error(tr("This referral cannot change any more."))
            return ""
        if not on:
            self.status_fields["on"].set_error(tr("Enter the date."))
            return ""
        reason = self._reason(status)
        if status == NOT_POSSIBLE and not reason:
            self.status_fields["reason"].set_error(tr("Say why it was not possible."))
            return ""
        self.status_requested.emit(referral.id, status, on, reason)
        return ""

    def _reason(self, status: str) -> str | None:
        if status == REFUSED:
            return self.refusal_reason.text().strip() or None
        if status == NOT_POSSIBLE:
            return self.not_possible_reason.currentData()
        return None

    def saved(self, referrals: list[Record]) -> None:
        self.set_referrals(referrals)
        self.refusal_reason.clear()
        self._referral_picked()

    def failed(self, error: Exception) -> bool:
        """Show an error that belongs to a field; False for any other."""
        if isinstance(error, DateOrder):
            self.status_fields["on"].set_error(str(error.translated()))
        elif isinstance(error, ReferralTransition):
            self.status_fields["status"].set_error(str(error.translated()))
        else:
            return False
        return True

    def clear(self) -> None:
        self.refusal_reason.clear()
        self.referral_table.setRowCount(0)
