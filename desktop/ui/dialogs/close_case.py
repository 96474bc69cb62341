"""Closing a case: a reason from the profile and the date."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QButtonGroup, QPlainTextEdit, QRadioButton, QVBoxLayout, QWidget

from desktop.core.casework.cases import add_note, close_case
from desktop.core.casework.errors import DateOrder
from desktop.core.casework.input_checks import closing_problems
from desktop.core.changes import Changes
from desktop.core.i18n import tr
from desktop.core.store import Store
from desktop.core.views.case import CaseHeading, case_heading
from desktop.core.views.profile_lists import profile_label
from desktop.ui.dialogs.common import CaseDialog
from desktop.ui.field_row import FieldRow
from desktop.ui.formatting import fmt_date
from desktop.ui.forms.editors import DateEditor
from desktop.ui.ops import ChangeOp, Operations, QueryOp
from sync.profile import Profile


class CloseCaseDialog(CaseDialog):
    """Close case ``case_id`` with a closure reason (from the profile) and a date."""

    title_msgid = "Close the case"
    save_msgid = "Close the case"
    cancel_msgid = "Cancel"

    def __init__(self, ops: Operations, case_id: str, profile: Profile,
                 parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.case_id = case_id
        self.profile = profile
        self.opened_on: str | None = None
        self.reasons = QButtonGroup(self)
        box = QWidget(self)
        box_layout = QVBoxLayout(box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        box_layout.setSpacing(4)
        self.reason_buttons: dict[str, QRadioButton] = {}
        for item in profile.items("closure_reasons"):
            radio = QRadioButton(box)
            radio.setProperty("code", item["code"])
            self.reasons.addButton(radio)
            box_layout.addWidget(radio)
            self.reason_buttons[item["code"]] = radio
        self.reasons.buttonClicked.connect(lambda _b: self.reason_field.set_error(""))
        self.reason_field = FieldRow("Reason for closing", box, required=True)
        self.date = DateEditor()
        self.date.set_date(dt.date.today())
        self.date.changed.connect(lambda: self.date_field.set_error(""))
        self.date_field = FieldRow("Closed on", self.date, required=True)
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(80)
        self.note_field = FieldRow("Closing note (optional)", self.note)
        for widget in (self.reason_field, self.date_field, self.note_field):
            self.body.addWidget(widget)
        self.body.addStretch(1)
        self.retranslate()
        self.fit_screen(620, 640)
        QueryOp(ops, parent=self, op=lambda store: case_heading(store, case_id),
                success=self._show_case).failure(self.show_error).run()

    def retranslate(self) -> None:
        super().retranslate()
        for code, radio in self.reason_buttons.items():
            radio.setText(profile_label(self.profile, "closure_reasons", code))

    @property
    def reason(self) -> str | None:
        checked = self.reasons.checkedButton()
        return checked.property("code") if checked else None

    def set_reason(self, code: str) -> None:
        self.reason_buttons[code].setChecked(True)

    def _show_case(self, heading: CaseHeading) -> None:
        self.opened_on = heading.opened_on
        self.set_subtitle(tr("Case {number} · {name} · opened on {date}",
                             number=heading.number, name=heading.name,
                             date=fmt_date(heading.opened_on)))
        if heading.status != "open":
            self.show_error(tr("This case is not open."))
            self.save_button.setEnabled(False)

    def _check(self) -> bool:
        problems = closing_problems(self.reason, self.date.value(), self.opened_on)
        self.reason_field.set_error(problems.get("reason", ""))
        self.date_field.set_error(problems.get("date", ""))
        return not problems

    def save(self) -> None:
        self.show_error("")
        if not self._check():
            return
        case_id, reason, day = self.case_id, self.reason, self.date.value()
        note = self.note.toPlainText().strip()

        def job(store: Store) -> str:
            with store.transaction():
                record = close_case(store, case_id, reason, day)
                if note:
                    add_note(store, case_id, note, written_on=day)
            return record.id

        changes = Changes.of("case", "note", case_id=case_id)
        (ChangeOp(self.ops, parent=self, op=job, changes=changes)
         .with_busy(self.save_busy).success(self._saved).failure(self._failed).run())

    def _saved(self, record_id: str) -> None:
        self.saved.emit(record_id)
        self.accept()

    def _failed(self, error: Exception) -> None:
        if isinstance(error, DateOrder):
            self.date_field.set_error(str(error.translated()))
        else:
            self.show_error(error)
