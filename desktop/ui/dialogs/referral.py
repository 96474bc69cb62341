"""Referring a case to a service, and following the referrals of the case.

The service directory (harta e shërbimeve) is searched offline by service, target group and
administrative unit. A referral prescribed by a commission that was not delivered stays
marked, so "prescribed but not delivered" is visible.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QTableWidgetItem,
    QTabWidget,
    QWidget,
)

from desktop.core.casework.referrals import (
    providers_for,
    refer,
    referrals_of_case,
    set_referral_status,
)
from desktop.core.changes import Changes
from desktop.core.drafts import DraftSlot
from desktop.core.i18n import ntr, tr
from desktop.core.store import Store
from desktop.core.views.case import ReferralContext, referral_context
from desktop.core.views.profile_lists import profile_entries, profile_label, service_entries
from desktop.ui.dialogs.common import (
    CaseDialog,
    PlaceEdit,
    code_combo,
    fill_combo,
    fit_columns,
    panel,
    retranslate_titles,
    section_title,
    select_code,
)
from desktop.ui.dialogs.consent_notice import tell_missing_consent
from desktop.ui.dialogs.referral_status import ReferralStatusPanel, record_table
from desktop.ui.drafts import DraftKeeper
from desktop.ui.field_row import FieldRow
from desktop.ui.forms.editors import DateEditor
from desktop.ui.ops import ChangeOp, Operations, QueryOp
from sync.profile import Profile
from sync.records import Record

NEW, LIST = 0, 1
SEARCH_DELAY_MS = 300
_PROVIDER_COLUMNS = ("Provider", "Level", "Administrative unit", "Phone", "Capacity")


def referral_draft_key(case_id: str) -> str:
    return f"referral:{case_id}"


class ReferralDialog(CaseDialog):
    """New referrals of case ``case_id`` and the status of those already sent."""

    title_msgid = "Referrals"
    save_msgid = "Send the referral"

    def __init__(self, ops: Operations, case_id: str, profile: Profile,
                 parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.case_id = case_id
        self.profile = profile
        self.providers: list[Record] = []
        self.changed_something = False
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.search)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._new_tab(), "")
        self.statuses = ReferralStatusPanel(profile, self)
        self.statuses.status_requested.connect(self._change_status)
        self.tabs.addTab(self.statuses, "")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.body.addWidget(self.tabs, 1)
        self.drafts = DraftKeeper(ops, DraftSlot(referral_draft_key(case_id), "referral",
                                            case_id), self._collect, parent=self)
        self._connect()
        self.retranslate()
        self.fit_screen(1240, 760)
        tell_missing_consent(self, self.ops, case_id)
        QueryOp(ops, parent=self, op=lambda store: referral_context(store, case_id),
                success=self._show_context).failure(self.show_error).run()
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
            "service": FieldRow("Service", self.service, required=True),
            "provider_name": FieldRow("Provider", self.provider_name,
                                   hint="Pick one from the directory, or type the name."),
            "reason": FieldRow("Reason for the referral", self.reason),
            "prescribed": FieldRow("Commission decision", self.prescribed),
            "prescribed_by": FieldRow("Prescribed by", self.prescribed_by),
            "sent_on": FieldRow("Sent on", self.sent_on, required=True),
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
        self.filter_fields = {"group": FieldRow("Target group", self.group_filter),
                              "unit": FieldRow("Administrative unit", self.unit_filter)}
        filters.addWidget(self.filter_fields["group"], 0, 0)
        filters.addWidget(self.filter_fields["unit"], 0, 1)
        layout.addLayout(filters)
        self.provider_table = record_table(len(_PROVIDER_COLUMNS))
        self.provider_table.itemSelectionChanged.connect(self._provider_picked)
        layout.addWidget(self.provider_table, 1)
        self.directory_status = section_title("", frame)
        self.directory_status.setObjectName("hint")
        self.directory_status.setWordWrap(True)
        layout.addWidget(self.directory_status)
        return frame

    # -- referrals of the case -------------------------------------------------------------

    def _connect(self) -> None:
        self.service.currentIndexChanged.connect(self._filters_changed)
        self.group_filter.currentIndexChanged.connect(self._filters_changed)
        self.unit_filter.textEdited.connect(self._filters_changed)
        self.prescribed.toggled.connect(self.prescribed_by.setEnabled)
        for signal in (self.provider_name.textEdited, self.prescribed_by.textEdited):
            signal.connect(self.drafts.touch)
        self.reason.textChanged.connect(self.drafts.touch)
        self.prescribed.toggled.connect(self.drafts.touch)
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
        self._tab_changed(self.tabs.currentIndex())
        self.statuses.retranslate()

    def _tab_changed(self, index: int) -> None:
        self.save_button.setText(tr("Send the referral") if index == NEW
                                 else tr("Save the status"))

    # -- loading -----------------------------------------------------------------------------

    def _show_context(self, context: ReferralContext) -> None:
        self.set_subtitle(tr("Case {number} · {name}", number=context.heading.number,
                             name=context.heading.name))
        if not self.unit_filter.text():
            self.unit_filter.setText(context.unit)
        groups = context.target_groups
        if groups and self.group_filter.currentData() is None:
            select_code(self.group_filter, groups[0])
        self._set_referrals(context.referrals)
        self.search()

    @property
    def referrals(self) -> list[Record]:
        return self.statuses.referrals

    def _set_referrals(self, referrals: list[Record]) -> None:
        self.tabs.setTabText(LIST, tr("Referrals of this case ({n})", n=len(referrals)))
        self.statuses.set_referrals(referrals)

    # -- the directory -----------------------------------------------------------------------

    def _filters_changed(self, *_: object) -> None:
        self.drafts.touch()
        self._search_timer.start()

    def search(self) -> None:
        self._search_timer.stop()
        service = self.service.currentData()
        group = self.group_filter.currentData()
        unit = self.unit_filter.text().strip() or None
        (QueryOp(self.ops, parent=self, op=lambda store: providers_for(
            store, service=service, target_group=group, unit=unit), success=self._found)
         .latest(f"referral-directory:{id(self)}").failure(self.show_error).run())

    def _found(self, providers: list[Record]) -> None:
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
            self.show_error(self.statuses.request())

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
        case_id, discard = self.case_id, self.drafts.discard_step()

        def job(store: Store) -> str:
            with store.transaction():
                record = refer(store, case_id, service, provider_id=provider_id,
                               provider_name=name, reason=reason, prescribed=prescribed,
                               prescribed_by=prescribed_by, sent_on=sent_on)
                discard(store)
            return record.id

        changes = Changes.of("referral", case_id=case_id)
        (ChangeOp(self.ops, parent=self, op=job, changes=changes)
         .with_busy(self.save_busy).success(self._sent).failure(self.show_error).run())

    def _sent(self, record_id: str) -> None:
        self.changed_something = True
        self.saved.emit(record_id)
        self.accept()

    def _change_status(self, referral_id: str, status: str, on: str, reason: str | None
                       ) -> None:
        case_id = self.case_id

        def job(store: Store) -> list[Record]:
            set_referral_status(store, referral_id, status, on=on, reason=reason)
            return referrals_of_case(store, case_id)

        (ChangeOp(self.ops, parent=self, op=job, changes=Changes.of("referral", case_id=case_id))
         .with_busy(self.save_busy).success(self._status_saved)
         .failure(self._status_failed).run())

    def _status_saved(self, referrals: list[Record]) -> None:
        self.changed_something = True
        self._set_referrals(referrals)
        self.statuses.saved(referrals)
        self.show_notice(tr("The status was saved."))

    def _status_failed(self, error: Exception) -> None:
        if not self.statuses.failed(error):
            self.show_error(error)

    def reject(self) -> None:
        """Closing after a status change counts as done: the dialog is accepted."""
        if self.changed_something:
            self.accept()
        else:
            super().reject()

    def clear(self) -> None:
        super().clear()
        self.drafts.pause(True)
        for edit in (self.provider_name, self.prescribed_by):
            edit.clear()
        self.reason.clear()
        self.statuses.clear()
        self.provider_table.setRowCount(0)

