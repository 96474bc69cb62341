"""Recording that the person, or their legal representative, withdrew a consent they gave:
which consent, the date, who withdrew it and why. The worker recording it is kept too."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QPlainTextEdit, QWidget

from desktop.core.casework.consent import PERSON, REPRESENTATIVE, withdraw_consent
from desktop.core.changes import Changes
from desktop.core.drafts import DraftSlot
from desktop.core.i18n import tr
from desktop.core.store import Store
from desktop.core.views.consent import WithdrawalContext, withdrawal_context
from desktop.core.views.profile_lists import profile_label
from desktop.ui.dialogs.common import CaseDialog, code_combo, fill_combo, select_code
from desktop.ui.drafts import DraftKeeper
from desktop.ui.field_row import FieldRow
from desktop.ui.forms.editors import DateEditor
from desktop.ui.ops import ChangeOp, Operations, QueryOp
from sync.profile import Profile


class ConsentWithdrawalDialog(CaseDialog):
    """Withdraw one of the given consents of the case's person."""

    title_msgid = "Record a consent withdrawal"
    save_msgid = "Record the withdrawal"
    cancel_msgid = "Cancel"

    def __init__(self, ops: Operations, case_id: str, profile: Profile,
                 parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.case_id = case_id
        self.profile = profile
        self.consent = code_combo([], empty=tr("— choose —"))
        self.withdrawn_on = DateEditor()
        self.withdrawn_on.set_date(dt.date.today())
        self.by = code_combo(self._parties())
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(80)
        self.rows = {"consent": FieldRow("Consent", self.consent, required=True),
                     "on": FieldRow("Withdrawn on", self.withdrawn_on, required=True),
                     "by": FieldRow("Withdrawn by", self.by, required=True),
                     "reason": FieldRow("Reason (optional)", self.reason)}
        for row in self.rows.values():
            self.body.addWidget(row)
        self.body.addStretch(1)
        self.drafts = DraftKeeper(ops, DraftSlot(f"consent-withdrawal:{case_id}",
                                                 "consent_withdrawal", case_id),
                                  self._collect, parent=self)
        self.consent.currentIndexChanged.connect(self.drafts.touch)
        self.by.currentIndexChanged.connect(self.drafts.touch)
        self.withdrawn_on.changed.connect(self.drafts.touch)
        self.reason.textChanged.connect(self.drafts.touch)
        self.retranslate()
        self.fit_screen(600, 470)
        QueryOp(ops, parent=self, op=lambda store: withdrawal_context(store, case_id),
                success=self._loaded).failure(self.show_error).run()

    def _parties(self) -> list[tuple[str, str]]:
        return [(code, profile_label(self.profile, "consent_parties", code))
                for code in (PERSON, REPRESENTATIVE)]

    def retranslate(self) -> None:
        super().retranslate()
        fill_combo(self.by, self._parties())

    def _loaded(self, context: WithdrawalContext) -> None:
        self.set_subtitle(tr("Case {number} · {name}", number=context.number,
                             name=context.name))
        self.drafts.pause(True)
        fill_combo(self.consent, context.consents, empty=tr("— choose —"))
        if len(context.consents) == 1:
            self.consent.setCurrentIndex(1)
        self.drafts.pause(False)
        if not context.consents:
            self.show_error(tr("This person has no consent given that could be withdrawn."))
            self.save_button.setEnabled(False)
        self.drafts.load(self._restore)
        self.focus_first_field()

    # -- drafts ------------------------------------------------------------------------------
    def _collect(self) -> dict[str, Any]:
        return {"consent": self.consent.currentData(), "on": self.withdrawn_on.value(),
                "by": self.by.currentData(), "reason": self.reason.toPlainText()}

    def _restore(self, draft: dict[str, Any] | None) -> None:
        if not draft:
            return
        self.drafts.pause(True)
        try:
            select_code(self.consent, draft.get("consent"))
            self.withdrawn_on.set_value(draft.get("on"))
            select_code(self.by, draft.get("by"))
            self.reason.setPlainText(draft.get("reason") or "")
        finally:
            self.drafts.pause(False)
        self.show_notice(tr("The withdrawal you had started was restored."))

    # -- saving ------------------------------------------------------------------------------
    def save(self) -> None:
        self.show_error("")
        for row in self.rows.values():
            row.set_error("")
        consent_id, on, by = (self.consent.currentData(), self.withdrawn_on.value(),
                              self.by.currentData())
        if not consent_id:
            self.rows["consent"].set_error(tr("Choose the consent that was withdrawn."))
        if not on:
            self.rows["on"].set_error(tr("Enter the date the consent was withdrawn."))
        if not consent_id or not on:
            return
        reason, discard = self.reason.toPlainText().strip(), self.drafts.discard_step()

        def job(store: Store) -> str:
            with store.transaction():
                record = withdraw_consent(store, consent_id, on=on, by=by or PERSON,
                                          reason=reason)
                discard(store)
            return record.id

        (ChangeOp(self.ops, parent=self, op=job,
                  changes=Changes.of("consent", case_id=self.case_id))
         .with_busy(self.save_busy).success(self._saved).failure(self.show_error).run())

    def _saved(self, record_id: str) -> None:
        self.saved.emit(record_id)
        self.accept()

    def clear(self) -> None:
        super().clear()
        self.drafts.pause(True)
        self.reason.clear()
