"""One action of an individual plan: what, which service and provider, who, when, how often.

On a signed plan only the status and the end date of an action change.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLineEdit, QWidget

from desktop.core.casework.plans import ACTION_STATUSES, PROGRESS_FIELDS
from desktop.core.casework.referrals import providers_for
from desktop.core.i18n import tr
from desktop.core.views.profile_lists import service_entries
from desktop.ui.dialogs.common import CaseDialog, code_combo, select_code
from desktop.ui.field_row import FieldRow
from desktop.ui.forms.editors import Combo, DateEditor
from desktop.ui.ops import Operations, QueryOp
from sync.profile import Profile

ACTION_STATUS_TEXT = {"planned": "Planned", "in_progress": "In progress", "done": "Done",
                      "cancelled": "Cancelled"}
FREQUENCIES = ("Once", "Daily", "Weekly", "Every two weeks", "Monthly", "Every three months",
               "As needed")


def action_status_text(code: str | None) -> str:
    """An action status in the current language."""
    return tr(ACTION_STATUS_TEXT[code]) if code in ACTION_STATUS_TEXT else (code or "")


class ActionDialog(CaseDialog):
    """One action of the plan: what, which service and provider, who, when, how often."""

    title_msgid = "Plan action"
    save_msgid = "OK"
    cancel_msgid = "Cancel"
    edited = Signal()

    def __init__(self, ops: Operations, profile: Profile, goals: list[str],
                 values: dict[str, Any] | None = None, *, progress_only: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.profile = profile
        self._build(goals)
        self.set_values(values or {"status": "planned"})
        self._connect()
        if progress_only:
            self._lock_to_progress()
        self.retranslate()
        self.fit_screen(720, 600)
        self._load_providers()

    def _build(self, goals: list[str]) -> None:
        self.goal = Combo()
        self.goal.setEditable(True)
        self.goal.addItems(["", *goals])
        self.description = QLineEdit()
        self.service = code_combo(service_entries(self.profile), empty=tr("— none —"))
        self.provider = Combo()
        self.provider.setEditable(True)
        self.responsible = QLineEdit()
        self.start = DateEditor()
        self.end = DateEditor()
        self.frequency = Combo()
        self.frequency.setEditable(True)
        self.frequency.addItems(["", *(tr(f) for f in FREQUENCIES)])
        self.status = code_combo([(c, action_status_text(c)) for c in ACTION_STATUSES])
        self.fields = {
            "goal": FieldRow("Goal", self.goal),
            "description": FieldRow("Action", self.description, required=True),
            "service": FieldRow("Service", self.service),
            "provider": FieldRow("Provider", self.provider,
                              hint="From the service directory, or type a name."),
            "responsible": FieldRow("Responsible", self.responsible),
            "start_date": FieldRow("Start", self.start),
            "end_date": FieldRow("End", self.end),
            "frequency": FieldRow("Frequency", self.frequency),
            "status": FieldRow("Status", self.status)}
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        spots = (("goal", 0, 0, 2), ("description", 1, 0, 2), ("service", 2, 0, 1),
                 ("provider", 2, 1, 1), ("responsible", 3, 0, 1), ("frequency", 3, 1, 1),
                 ("start_date", 4, 0, 1), ("end_date", 4, 1, 1), ("status", 5, 0, 1))
        for name, row, column, span in spots:
            grid.addWidget(self.fields[name], row, column, 1, span)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.body.addLayout(grid)
        self.body.addStretch(1)

    def _connect(self) -> None:
        self.service.currentIndexChanged.connect(self._load_providers)
        for edit in (self.description, self.responsible):
            edit.textEdited.connect(self.edited)
        for combo in (self.goal, self.service, self.provider, self.frequency, self.status):
            combo.currentTextChanged.connect(self.edited)
        for date in (self.start, self.end):
            date.changed.connect(self.edited.emit)
        self.description.textEdited.connect(lambda _t: self.fields["description"].set_error(""))

    def _lock_to_progress(self) -> None:
        for name, field in self.fields.items():
            if name not in PROGRESS_FIELDS:
                field.widget.setEnabled(False)
        self.show_notice(tr("The plan is signed: only the status and the end date can change."))

    def _load_providers(self, *_: object) -> None:
        service = self.service.currentData()
        if not service:
            return
        (QueryOp(self.ops, parent=self,
                 op=lambda store: [p.fields["name"] for p in providers_for(store, service)],
                 success=self._show_providers)
         .latest(f"plan-action-providers:{id(self)}").failure(self.show_error).run())

    def _show_providers(self, names: list[str]) -> None:
        current = self.provider.currentText()
        self.provider.blockSignals(True)
        self.provider.clear()
        self.provider.addItems(["", *names])
        self.provider.setCurrentText(current)
        self.provider.blockSignals(False)

    def values(self) -> dict[str, Any]:
        return {"goal": self.goal.currentText().strip() or None,
                "description": self.description.text().strip() or None,
                "service": self.service.currentData(),
                "provider": self.provider.currentText().strip() or None,
                "responsible": self.responsible.text().strip() or None,
                "start_date": self.start.value(), "end_date": self.end.value(),
                "frequency": self.frequency.currentText().strip() or None,
                "status": self.status.currentData()}

    def set_values(self, values: dict[str, Any]) -> None:
        self.goal.setCurrentText(values.get("goal") or "")
        self.description.setText(values.get("description") or "")
        select_code(self.service, values.get("service"))
        self.provider.setCurrentText(values.get("provider") or "")
        self.responsible.setText(values.get("responsible") or "")
        self.start.set_value(values.get("start_date"))
        self.end.set_value(values.get("end_date"))
        self.frequency.setCurrentText(values.get("frequency") or "")
        select_code(self.status, values.get("status") or "planned")

    def save(self) -> None:
        values = self.values()
        ok = True
        if not values["description"]:
            self.fields["description"].set_error(tr("Say what will be done."))
            ok = False
        if values["start_date"] and values["end_date"] and \
                values["end_date"] < values["start_date"]:
            self.fields["end_date"].set_error(tr("The end cannot be before the start."))
            ok = False
        if ok:
            self.accept()
