"""Referring a case to a service, and following the referrals of the case.

The service directory (harta e shërbimeve) is searched offline by service, target group and
administrative unit. A referral prescribed by a commission that was not delivered stays
marked, so "prescribed but not delivered" is visible.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.casework.errors import DateOrder, ReferralTransition
from desktop.core.casework.persons import require
from desktop.core.casework.referrals import (
    ACCEPTED,
    DELIVERED,
    NOT_POSSIBLE,
    REFUSED,
    SENT,
    providers_for,
    refer,
    referrals_of_case,
    set_referral_status,
)
from desktop.core.i18n import ntr, tr
from desktop.core.store import Store
from desktop.ui import style
from desktop.ui.database import Database
from desktop.ui.dialogs.common import (
    CaseDialog,
    DraftKeeper,
    Field,
    PlaceEdit,
    case_heading,
    code_combo,
    fill_combo,
    fit_columns,
    panel,
    profile_entries,
    profile_label,
    retranslate_titles,
    section_title,
    select_code,
    service_entries,
)
from desktop.ui.formatting import fmt_date
from desktop.ui.forms.editors import DateEditor
from sync.profile import Profile
from sync.records import Record

NEW, LIST = 0, 1
SEARCH_DELAY_MS = 300
NEXT_STATUSES = {SENT: (ACCEPTED, DELIVERED, REFUSED, NOT_POSSIBLE),
                 ACCEPTED: (DELIVERED, REFUSED, NOT_POSSIBLE),
                 DELIVERED: (), REFUSED: (SENT,), NOT_POSSIBLE: (SENT,)}
_PROVIDER_COLUMNS = ("Provider", "Level", "Administrative unit", "Phone", "Capacity")
_REFERRAL_COLUMNS = ("Service", "Provider", "Sent on", "Status", "Since", "Prescribed")


def referral_draft_key(case_id: str) -> str:
    return f"referral:{case_id}"


def _context(store: Store, case_id: str) -> dict[str, Any]:
    heading = case_heading(store, case_id)
    case = require(store, case_id, "case")
    person = store.get(case.fields.get("person_id") or "")
    return {**heading, "unit": case.fields.get("administrative_unit") or "",
            "groups": (person.fields.get("target_groups") or []) if person else [],
            "referrals": referrals_of_case(store, case_id)}


class ReferralDialog(CaseDialog):
    """New referrals of case ``case_id`` and the status of those already sent."""

    title_msgid = "Referrals"
    save_msgid = "Send the referral"

    def __init__(self, db: Database, case_id: str, profile: Profile,
                 parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self.case_id = case_id
        self.profile = profile
        self.referrals: list[Record] = []
        self.providers: list[Record] = []
        self.changed_something = False
        self._search_number = 0
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.search)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._new_tab(), "")
        self.tabs.addTab(self._list_tab(), "")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.body.addWidget(self.tabs, 1)
        self.drafts = DraftKeeper(db, referral_draft_key(case_id), "referral", self._collect,
                                  record_id=case_id, parent=self)
        self._connect()
        self.retranslate()
        self.fit_screen(1240, 760)
        self.run(lambda store: _context(store, case_id), self._show_context)
        self.drafts.load(self._restore)

    # -- new referral ----------------------------------------------------------------------

    def _new_tab(self) -> QWidget:
        page = QWidget()
        row = QHBoxLayout(page)
        row.setContentsMargins(10, 10, 10, 10)
        row.setSpacing(14)
        left, left_layout = panel(page)
        self.service = code_combo(service_entries(self.profile), empty=tr("— choose —"))
        self.provider_name = QLineEdit()
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setMinimumHeight(70)
        self.prescribed = QCheckBox()
        self.prescribed_by = QLineEdit()
        self.prescribed_by.setEnabled(False)
        self.sent_on = DateEditor()
        self.sent_on.set_date(dt.date.today())
        self.fields = {
            "service": Field("Service", self.service, required=True),
            "provider_name": Field("Provider", self.provider_name,
                                   hint="Pick one from the directory, or type the name."),
            "reason": Field("Reason for the referral", self.reason),
            "prescribed": Field("Commission decision", self.prescribed),
            "prescribed_by": Field("Prescribed by", self.prescribed_by),
            "sent_on": Field("Sent on", self.sent_on, required=True),
        }
        left_layout.addWidget(section_title("New referral", left))
        for name in ("service", "provider_name", "reason", "prescribed", "prescribed_by",
                     "sent_on"):
            left_layout.addWidget(self.fields[name])
        left_layout.addStretch(1)
        row.addWidget(left, 2)
        row.addWidget(self._directory(page), 3)
        return page

    def _directory(self, parent: QWidget) -> QWidget:
        frame, layout = panel(parent)
        layout.addWidget(section_title("Service directory", frame))
        filters = QGridLayout()
        filters.setHorizontalSpacing(12)
        self.group_filter = code_combo(profile_entries(self.profile, "target_groups"),
                                       empty=tr("Every target group"))
        self.unit_filter = PlaceEdit()
        self.filter_fields = {"group": Field("Target group", self.group_filter),
                              "unit": Field("Administrative unit", self.unit_filter)}
        filters.addWidget(self.filter_fields["group"], 0, 0)
        filters.addWidget(self.filter_fields["unit"], 0, 1)
        layout.addLayout(filters)
        self.provider_table = _table(len(_PROVIDER_COLUMNS))
        self.provider_table.itemSelectionChanged.connect(self._provider_picked)
        layout.addWidget(self.provider_table, 1)
        self.directory_status = section_title("", frame)
        self.directory_status.setObjectName("hint")
        self.directory_status.setWordWrap(True)
        layout.addWidget(self.directory_status)
        return frame

    # -- referrals of the case -------------------------------------------------------------

    def _list_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(10, 10, 10, 10)
        self.referral_table = _table(len(_REFERRAL_COLUMNS))
        self.referral_table.itemSelectionChanged.connect(self._referral_picked)
        layout.addWidget(self.referral_table, 1)
        frame, status_layout = panel(page)
        status_layout.addWidget(section_title("Change the status", frame))
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        self.new_status = code_combo([])
        self.new_status.currentIndexChanged.connect(self._status_kind_changed)
        self.status_on = DateEditor()
        self.status_on.set_date(dt.date.today())
        self.refusal_reason = QLineEdit()
        self.not_possible_reason = code_combo(profile_entries(self.profile,
                                                              "not_possible_reasons"),
                                              empty=tr("— choose —"))
        self.reason_stack = QStackedWidget()
        self.reason_stack.addWidget(QWidget())
        self.reason_stack.addWidget(self.refusal_reason)
        self.reason_stack.addWidget(self.not_possible_reason)
        self.status_fields = {"status": Field("New status", self.new_status, required=True),
                              "on": Field("Date", self.status_on, required=True),
                              "reason": Field("Why", self.reason_stack)}
        grid.addWidget(self.status_fields["status"], 0, 0)
        grid.addWidget(self.status_fields["on"], 0, 1)
        grid.addWidget(self.status_fields["reason"], 0, 2)
        grid.setColumnStretch(2, 1)
        status_layout.addLayout(grid)
        self.status_panel = frame
        frame.setEnabled(False)
        layout.addWidget(frame)
        return page

    def _connect(self) -> None:
        self.service.currentIndexChanged.connect(self._filters_changed)
        self.group_filter.currentIndexChanged.connect(self._filters_changed)
        self.unit_filter.textEdited.connect(self._filters_changed)
        self.prescribed.toggled.connect(self.prescribed_by.setEnabled)
        for signal in (self.provider_name.textEdited, self.prescribed_by.textEdited):
            signal.connect(lambda _t: self.drafts.touch())
        self.reason.textChanged.connect(self.drafts.touch)
        self.prescribed.toggled.connect(lambda _c: self.drafts.touch())
        self.sent_on.changed.connect(self.drafts.touch)
        self.service.currentIndexChanged.connect(lambda _i: self.fields["service"].set_error(""))

    def retranslate(self) -> None:
        super().retranslate()
        retranslate_titles(self)
        self.tabs.setTabText(NEW, tr("New referral"))
        self.tabs.setTabText(LIST, tr("Referrals of this case ({n})", n=len(self.referrals)))
        self.prescribed.setText(tr("Prescribed by a commission"))
        fill_combo(self.service, service_entries(self.profile), empty=tr("— choose —"))
        fill_combo(self.group_filter, profile_entries(self.profile, "target_groups"),
                   empty=tr("Every target group"))
        self.provider_table.setHorizontalHeaderLabels([tr(c) for c in _PROVIDER_COLUMNS])
        self.referral_table.setHorizontalHeaderLabels([tr(c) for c in _REFERRAL_COLUMNS])
        self._tab_changed(self.tabs.currentIndex())
        self._show_referrals()

    def _tab_changed(self, index: int) -> None:
        self.save_button.setText(tr("Send the referral") if index == NEW
                                 else tr("Save the status"))

    # -- loading -----------------------------------------------------------------------------

    def _show_context(self, context: dict[str, Any]) -> None:
        self.set_subtitle(tr("Case {number} · {name}", number=context["number"],
                             name=context["name"]))
        if not self.unit_filter.text():
            self.unit_filter.setText(context["unit"])
        groups = context["groups"]
        if groups and self.group_filter.currentData() is None:
            select_code(self.group_filter, groups[0])
        self._set_referrals(context["referrals"])
        self.search()

    def _set_referrals(self, referrals: list[Record]) -> None:
        self.referrals = referrals
        self.tabs.setTabText(LIST, tr("Referrals of this case ({n})", n=len(referrals)))
        self._show_referrals()

    def _show_referrals(self) -> None:
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

    # -- the directory -----------------------------------------------------------------------

    def _filters_changed(self, *_: object) -> None:
        self.drafts.touch()
        self._search_timer.start()

    def search(self) -> None:
        self._search_timer.stop()
        service = self.service.currentData()
        group = self.group_filter.currentData()
        unit = self.unit_filter.text().strip() or None
        self._search_number += 1
        number = self._search_number
        self.run(lambda store: providers_for(store, service=service, target_group=group,
                                             unit=unit),
                 lambda found: self._found(number, found))

    def _found(self, number: int, providers: list[Record]) -> None:
        if number != self._search_number:
            return
        self.providers = providers
        table = self.provider_table
        table.blockSignals(True)
        table.setRowCount(len(providers))
        for row, provider in enumerate(providers):
            f = provider.fields
            cells = [f.get("name", ""), profile_label(self.profile, "provider_levels",
                                                      f.get("level")),
                     f.get("administrative_unit") or tr("every unit"), f.get("phone") or "",
                     str(f["capacity"]) if f.get("capacity") is not None else ""]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, provider.id)
                table.setItem(row, column, item)
        table.blockSignals(False)
        fit_columns(table, stretch=0, limit=130)
        self.directory_status.setText(
            ntr("{n} provider found.", "{n} providers found.", len(providers)) if providers else
            tr("No provider in the directory matches. The referral can still be sent: type "
               "the provider's name, or leave it empty if the service does not exist here."))

    def _provider_picked(self) -> None:
        provider = self.selected_provider()
        if provider is not None:
            self.provider_name.setText(provider.fields.get("name", ""))
            self.drafts.touch()

    def selected_provider(self) -> Record | None:
        rows = {i.row() for i in self.provider_table.selectedItems()}
        if len(rows) != 1:
            return None
        row = rows.pop()
        return self.providers[row] if row < len(self.providers) else None

    def pick_provider(self, provider_id: str) -> None:
        for row, provider in enumerate(self.providers):
            if provider.id == provider_id:
                self.provider_table.selectRow(row)
                return
        raise KeyError(provider_id)

    # -- drafts ------------------------------------------------------------------------------

    def _collect(self) -> dict[str, Any]:
        provider = self.selected_provider()
        return {"service": self.service.currentData(),
                "provider_id": provider.id if provider else None,
                "provider_name": self.provider_name.text(),
                "reason": self.reason.toPlainText(), "prescribed": self.prescribed.isChecked(),
                "prescribed_by": self.prescribed_by.text(), "sent_on": self.sent_on.value()}

    def _restore(self, draft: dict[str, Any] | None) -> None:
        if not draft:
            return
        self.drafts.pause(True)
        try:
            select_code(self.service, draft.get("service"))
            self.provider_name.setText(draft.get("provider_name") or "")
            self.reason.setPlainText(draft.get("reason") or "")
            self.prescribed.setChecked(bool(draft.get("prescribed")))
            self.prescribed_by.setText(draft.get("prescribed_by") or "")
            self.sent_on.set_value(draft.get("sent_on"))
        finally:
            self.drafts.pause(False)
        self.show_notice(tr("The referral you had started was restored."))

    # -- saving ------------------------------------------------------------------------------

    def save(self) -> None:
        self.show_error("")
        if self.tabs.currentIndex() == NEW:
            self.send()
        else:
            self.change_status()

    def send(self) -> None:
        for field in self.fields.values():
            field.set_error("")
        service = self.service.currentData()
        sent_on = self.sent_on.value()
        if not service:
            self.fields["service"].set_error(tr("Choose the service."))
        if not sent_on:
            self.fields["sent_on"].set_error(tr("Enter the date the referral was sent."))
        if not service or not sent_on:
            return
        provider = self.selected_provider()
        name = self.provider_name.text().strip() or None
        provider_id = provider.id if provider and provider.fields.get("name") == name else None
        reason = self.reason.toPlainText().strip()
        prescribed = self.prescribed.isChecked()
        prescribed_by = self.prescribed_by.text().strip() or None
        case_id, discard = self.case_id, self.drafts.discard_job()

        def job(store: Store) -> str:
            with store.transaction():
                record = refer(store, case_id, service, provider_id=provider_id,
                               provider_name=name, reason=reason, prescribed=prescribed,
                               prescribed_by=prescribed_by, sent_on=sent_on)
                discard(store)
            return record.id

        self.run(job, self._sent, saving=True)

    def _sent(self, record_id: str) -> None:
        self.changed_something = True
        self.saved.emit(record_id)
        self.accept()

    def _referral_picked(self) -> None:
        referral = self.selected_referral()
        self.status_panel.setEnabled(referral is not None)
        statuses = NEXT_STATUSES.get(referral.fields["status"], ()) if referral else ()
        fill_combo(self.new_status, [(s, profile_label(self.profile, "referral_statuses", s))
                                     for s in statuses])
        self._status_kind_changed()

    def selected_referral(self) -> Record | None:
        rows = {i.row() for i in self.referral_table.selectedItems()}
        if len(rows) != 1:
            return None
        row = rows.pop()
        return self.referrals[row] if row < len(self.referrals) else None

    def _status_kind_changed(self, *_: object) -> None:
        status = self.new_status.currentData()
        self.reason_stack.setCurrentIndex({REFUSED: 1, NOT_POSSIBLE: 2}.get(status, 0))
        for field in self.status_fields.values():
            field.set_error("")

    def change_status(self) -> None:
        referral = self.selected_referral()
        if referral is None:
            self.show_error(tr("Choose a referral in the list first."))
            return
        status = self.new_status.currentData()
        on = self.status_on.value()
        if not status:
            self.status_fields["status"].set_error(tr("This referral cannot change any more."))
            return
        if not on:
            self.status_fields["on"].set_error(tr("Enter the date."))
            return
        reason = self._status_reason(status)
        if status == NOT_POSSIBLE and not reason:
            self.status_fields["reason"].set_error(tr("Say why it was not possible."))
            return
        referral_id, case_id = referral.id, self.case_id

        def job(store: Store) -> list[Record]:
            set_referral_status(store, referral_id, status, on=on, reason=reason)
            return referrals_of_case(store, case_id)

        self.run(job, self._status_saved, self._status_failed, saving=True)

    def _status_reason(self, status: str) -> str | None:
        if status == REFUSED:
            return self.refusal_reason.text().strip() or None
        if status == NOT_POSSIBLE:
            return self.not_possible_reason.currentData()
        return None

    def _status_saved(self, referrals: list[Record]) -> None:
        self.changed_something = True
        self._set_referrals(referrals)
        self.refusal_reason.clear()
        self.show_notice(tr("The status was saved."))
        self._referral_picked()

    def _status_failed(self, error: Exception) -> None:
        if isinstance(error, DateOrder | ReferralTransition):
            self.status_fields["on" if isinstance(error, DateOrder) else "status"].set_error(
                str(error.translated()))
        else:
            self.show_error(error)

    def reject(self) -> None:
        """Closing after a status change counts as done (the case view refreshes)."""
        if self.changed_something:
            self.accept()
        else:
            super().reject()

    def clear(self) -> None:
        super().clear()
        self.drafts.pause(True)
        for edit in (self.provider_name, self.prescribed_by, self.refusal_reason):
            edit.clear()
        self.reason.clear()
        self.referral_table.setRowCount(0)
        self.provider_table.setRowCount(0)


def _table(columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.horizontalHeader().setHighlightSections(False)
    return table
