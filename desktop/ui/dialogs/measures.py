"""Recording a protection order (court, decision, start, end, conditions, protected persons)
and entering a measure's monitoring report (what was checked, the victim's situation,
incidents, police contact)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from desktop.core.casework.errors import DateOrder
from desktop.core.casework.measures import (
    measures_of_case,
    record_monitoring_report,
    record_protection_order,
)
from desktop.core.casework.monitoring import households_by_name
from desktop.core.changes import Changes
from desktop.core.drafts import DraftSlot
from desktop.core.i18n import fmt_date, tr
from desktop.core.store import Store
from desktop.core.views.case import case_heading
from desktop.core.views.profile_lists import profile_entries, profile_label
from desktop.ui.dialog_drafts import InputDraft, More
from desktop.ui.dialogs.common import CaseDialog, code_combo, fill_combo, select_code
from desktop.ui.field_row import FieldRow
from desktop.ui.forms.editors import DateEditor
from desktop.ui.ops import ChangeOp, Operations, QueryOp
from sync.profile import Profile


def _text_box(height: int = 64) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


class MeasureDialog(CaseDialog):
    """A dialog on the measures of one case; its input is a draft until it is saved."""

    def __init__(self, ops: Operations, case_id: str, profile: Profile,
                 parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.case_id = case_id
        self.profile = profile
        self.draft: InputDraft | None = None
        QueryOp(ops, parent=self, op=lambda store: case_heading(store, case_id),
                success=lambda h: self.set_subtitle(tr("Case {number} · {name}",
                                                       number=h.number, name=h.name))
                ).failure(self.show_error).run()

    def keep_draft(self, kind: str, fields: dict[str, QWidget], more: More | None = None
                   ) -> InputDraft:
        """Keep ``fields`` as the draft ``kind`` of this case (call ``.load()`` when the
        dialog's lists are filled in)."""
        self.draft = InputDraft(self, DraftSlot(f"{kind}:{self.case_id}", kind, self.case_id),
                                fields, more=more)
        return self.draft

    def _run(self, job: Any) -> None:
        assert self.draft is not None
        changes = Changes.of("measure", case_id=self.case_id)
        (ChangeOp(self.ops, parent=self, op=self.draft.saving(job), changes=changes)
         .with_busy(self.save_busy).success(self._saved).failure(self._not_saved).run())

    def _not_saved(self, error: Exception) -> None:
        assert self.draft is not None
        self.draft.keep()
        self._failed(error)

    def _saved(self, record_id: str) -> None:
        self.saved.emit(record_id)
        self.accept()

    def _failed(self, error: Exception) -> None:
        self.show_error(error)


class ProtectionOrderDialog(MeasureDialog):
    """A protection order on case ``case_id``: kind (UMM / UM, from the profile) and court."""

    title_msgid = "Record a protection order"

    def __init__(self, ops: Operations, case_id: str, profile: Profile,
                 parent: QWidget | None = None) -> None:
        super().__init__(ops, case_id, profile, parent)
        self.kind = code_combo(profile_entries(profile, "protection_order_types"))
        self.court = QLineEdit()
        self.decision_number = QLineEdit()
        self.decided_on = DateEditor()
        self.starts = DateEditor()
        self.starts.set_date(dt.date.today())
        self.ends = DateEditor()
        self.conditions = _text_box()
        self.protected = QLineEdit()
        self.abuser = QLineEdit()
        self.abuser.setPlaceholderText(tr("Type the abuser's name and press Enter"))
        self.abuser.returnPressed.connect(self._find_abuser)
        self.abuser_household = code_combo([], empty=tr("(not recorded)"))
        self._wanted_household: str | None = None
        self.kind_field = FieldRow("Kind of order", self.kind, required=True)
        self.court_field = FieldRow("Court", self.court, required=True)
        self.number_field = FieldRow("Decision number", self.decision_number, required=True)
        self.decided_field = FieldRow("Decision date", self.decided_on)
        self.start_field = FieldRow("Starts on", self.starts, required=True)
        self.end_field = FieldRow("Ends on", self.ends)
        self.conditions_field = FieldRow("Conditions of the order", self.conditions)
        self.protected_field = FieldRow("Protected persons", self.protected)
        self.abuser_field = FieldRow("The abuser's household", self.abuser)
        for widget in (self.kind_field, self.court_field, self.number_field,
                       self.decided_field, self.start_field, self.end_field,
                       self.conditions_field, self.protected_field, self.abuser_field,
                       self.abuser_household):
            self.body.addWidget(widget)
        self.body.addStretch(1)
        self.retranslate()
        self.fit_screen(640, 700)
        draft = self.keep_draft("protection_order", {
            "kind": self.kind, "court": self.court, "decision_number": self.decision_number,
            "decided_on": self.decided_on, "starts": self.starts, "ends": self.ends,
            "conditions": self.conditions, "protected": self.protected,
            "abuser": self.abuser},
            more=(lambda: {"household": self.abuser_household.currentData()},
                  self._restore_household))
        self.abuser_household.activated.connect(draft.touch)
        draft.load()

    def _restore_household(self, more: dict[str, Any]) -> None:
        """The household chosen before is found again by the name typed."""
        if self.abuser.text().strip():
            self._wanted_household = more.get("household")
            self._find_abuser()

    def _find_abuser(self) -> None:
        text = self.abuser.text()
        QueryOp(self.ops, parent=self, op=lambda store: households_by_name(store, text),
                success=self._show_households).failure(self.show_error).run()

    def _show_households(self, entries: list[tuple[str, str]]) -> None:
        fill_combo(self.abuser_household, entries, empty=tr("(not recorded)"))
        if self._wanted_household is not None:
            select_code(self.abuser_household, self._wanted_household)
            self._wanted_household = None
        self.abuser_field.set_error("" if entries else tr("Nobody of that name was found."))

    def save(self) -> None:
        self.show_error("")
        missing = [(f, w.text().strip()) for f, w in ((self.court_field, self.court),
                                                      (self.number_field,
                                                       self.decision_number))]
        for field, text in missing:
            field.set_error("" if text else tr("This is required."))
        self.start_field.set_error("" if self.starts.value() else tr("This is required."))
        ends, starts = self.ends.value(), self.starts.value()
        self.end_field.set_error(
            tr("The order cannot end before it starts.") if ends and starts and ends < starts
            else "")
        if any(f.error_text for f in (self.court_field, self.number_field, self.start_field,
                                      self.end_field)):
            return
        values = {"kind": self.kind.currentData(), "issued_on": starts, "end_date": ends,
                  "court": self.court.text().strip(),
                  "decision_number": self.decision_number.text().strip(),
                  "decided_on": self.decided_on.value(),
                  "conditions": self.conditions.toPlainText().strip() or None,
                  "protected_persons": self.protected.text().strip() or None,
                  "abuser_household_id": self.abuser_household.currentData()}
        case_id = self.case_id
        self._run(lambda store: record_protection_order(store, case_id, **values).id)

    def _failed(self, error: Exception) -> None:
        if isinstance(error, DateOrder):
            self.decided_field.set_error(str(error.translated()))
        else:
            self.show_error(error)


class MonitoringReportDialog(MeasureDialog):
    """The monitoring report of one of the case's active measures (60-day report of an
    order, periodic report of a placement)."""

    title_msgid = "Enter a monitoring report"

    def __init__(self, ops: Operations, case_id: str, profile: Profile,
                 parent: QWidget | None = None) -> None:
        super().__init__(ops, case_id, profile, parent)
        self.measure = code_combo([])
        self.reported_on = DateEditor()
        self.reported_on.set_date(dt.date.today())
        self.checked, self.situation = _text_box(), _text_box()
        self.incidents, self.police = _text_box(52), _text_box(52)
        self.measure_field = FieldRow("Measure", self.measure, required=True)
        self.date_field = FieldRow("Report date", self.reported_on, required=True)
        self.reported_on.changed.connect(lambda: self.date_field.set_error(""))
        for widget in (self.measure_field, self.date_field,
                       FieldRow("What was checked", self.checked),
                       FieldRow("Situation of the victim", self.situation),
                       FieldRow("Incidents", self.incidents),
                       FieldRow("Contact with the police", self.police)):
            self.body.addWidget(widget)
        self.body.addStretch(1)
        self.retranslate()
        self.fit_screen(640, 720)
        self.keep_draft("monitoring_report", {
            "measure": self.measure, "reported_on": self.reported_on,
            "checked": self.checked, "situation": self.situation,
            "incidents": self.incidents, "police": self.police})
        QueryOp(ops, parent=self, op=lambda store: measures_of_case(store, case_id,
                                                                    active_only=True),
                success=self._show_measures).failure(self.show_error).run()

    def _show_measures(self, measures: list) -> None:
        self._fill_measures(measures)
        assert self.draft is not None
        self.draft.load()

    def _fill_measures(self, measures: list) -> None:
        entries = []
        for m in measures:
            f = m.fields
            due = fmt_date(f.get("next_report_due")) if f.get("next_report_due") else ""
            entries.append((m.id, tr("{measure}, from {start} (report due {due})",
                                     measure=profile_label(self.profile, "measure_types",
                                                           f.get("measure_type")),
                                     start=fmt_date(f.get("issued_on")), due=due or "-")))
        self.measures_loaded = entries
        fill_combo(self.measure, entries)
        if not entries:
            self.measure_field.set_error(tr("This case has no active measure."))
            self.save_button.setEnabled(False)

    def save(self) -> None:
        self.show_error("")
        measure_id, day = self.measure.currentData(), self.reported_on.value()
        self.date_field.set_error("" if day else tr("This is required."))
        if not measure_id or not day:
            return
        parts = {"checked": self.checked.toPlainText().strip(),
                 "situation": self.situation.toPlainText().strip(),
                 "incidents": self.incidents.toPlainText().strip(),
                 "police_contact": self.police.toPlainText().strip()}

        def job(store: Store) -> str:
            return record_monitoring_report(store, measure_id, reported_on=day, **parts).id

        self._run(job)

    def _failed(self, error: Exception) -> None:
        if isinstance(error, DateOrder):
            self.date_field.set_error(str(error.translated()))
        else:
            self.show_error(error)
