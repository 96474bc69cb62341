"""Recording a child protection measure, guardianship, foster or kinship placement, and
ending or revoking a measure with a reason."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QCheckBox, QLineEdit, QPlainTextEdit, QWidget

from desktop.core.casework.errors import DateOrder
from desktop.core.casework.measures import (
    PLACEMENTS,
    add_child_protection_measure,
    end_measure,
    measures_of_case,
    place_child,
)
from desktop.core.i18n import fmt_date, tr
from desktop.core.store import Store
from desktop.core.views.profile_lists import profile_entries, profile_label
from desktop.ui.dialogs.common import code_combo, fill_combo
from desktop.ui.dialogs.measures import MeasureDialog
from desktop.ui.field_row import FieldRow
from desktop.ui.forms.editors import DateEditor
from desktop.ui.ops import Operations, QueryOp
from sync.profile import Profile

CHILD_MEASURE = "child_protection_measure"


class ChildMeasureDialog(MeasureDialog):
    """A child protection measure (from the profile) or a placement with its carer."""

    title_msgid = "Record a child protection measure or placement"

    def __init__(self, ops: Operations, case_id: str, profile: Profile,
                 parent: QWidget | None = None) -> None:
        super().__init__(ops, case_id, profile, parent)
        kinds = [(CHILD_MEASURE, profile_label(profile, "measure_types", CHILD_MEASURE))]
        kinds += [(code, profile_label(profile, "measure_types", measure_type))
                  for code, measure_type in PLACEMENTS.items()]
        self.kind = code_combo(kinds)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.measure = code_combo(profile_entries(profile, "child_protection_measures"))
        self.carer, self.address = QLineEdit(), QLineEdit()
        self.starts, self.review = DateEditor(), DateEditor()
        self.starts.set_date(dt.date.today())
        self.issued_by = QLineEdit()
        self.measure_field = FieldRow("Protection measure", self.measure, required=True)
        self.carer_field = FieldRow("Guardian or carer family", self.carer, required=True)
        self.address_field = FieldRow("Carer's address", self.address)
        self.start_field = FieldRow("Starts on", self.starts, required=True)
        self.review_field = FieldRow("Review on", self.review)
        for widget in (FieldRow("Kind of measure", self.kind, required=True),
                       self.measure_field, self.carer_field, self.address_field,
                       FieldRow("Decided by", self.issued_by), self.start_field,
                       self.review_field):
            self.body.addWidget(widget)
        self.body.addStretch(1)
        self.retranslate()
        self._kind_changed()
        self.fit_screen(640, 640)
        self.keep_draft("child_measure", {
            "kind": self.kind, "measure": self.measure, "carer": self.carer,
            "address": self.address, "issued_by": self.issued_by, "starts": self.starts,
            "review": self.review}).load()

    def _kind_changed(self) -> None:
        placement = self.kind.currentData() != CHILD_MEASURE
        self.measure_field.setVisible(not placement)
        for field in (self.carer_field, self.address_field):
            field.setVisible(placement)

    def save(self) -> None:
        self.show_error("")
        kind, starts, review = self.kind.currentData(), self.starts.value(), self.review.value()
        carer = self.carer.text().strip()
        self.start_field.set_error("" if starts else tr("This is required."))
        self.carer_field.set_error(
            tr("This is required.") if kind != CHILD_MEASURE and not carer else "")
        self.review_field.set_error(
            tr("The review cannot be before the start.") if review and starts and
            review < starts else "")
        if any(f.error_text for f in (self.start_field, self.carer_field, self.review_field)):
            return
        case_id, issued_by = self.case_id, self.issued_by.text().strip() or None
        measure, address = self.measure.currentData(), self.address.text().strip() or None

        def job(store: Store) -> str:
            if kind == CHILD_MEASURE:
                return add_child_protection_measure(store, case_id, measure, issued_on=starts,
                                                    issued_by=issued_by).id
            return place_child(store, case_id, kind, carer_name=carer, issued_on=starts,
                               issued_by=issued_by, carer_address=address,
                               review_on=review).id

        self._run(job)


class EndMeasureDialog(MeasureDialog):
    """End (or revoke) one of the case's active measures, with the date and a reason."""

    title_msgid = "End or revoke a measure"

    def __init__(self, ops: Operations, case_id: str, profile: Profile,
                 parent: QWidget | None = None) -> None:
        super().__init__(ops, case_id, profile, parent)
        self.measure = code_combo([])
        self.on = DateEditor()
        self.on.set_date(dt.date.today())
        self.revoked = QCheckBox()
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(64)
        self.measure_field = FieldRow("Measure", self.measure, required=True)
        self.date_field = FieldRow("Ended on", self.on, required=True)
        self.reason_field = FieldRow("Reason for ending", self.reason, required=True)
        for widget in (self.measure_field, self.date_field,
                       FieldRow("Revoked by a decision", self.revoked), self.reason_field):
            self.body.addWidget(widget)
        self.body.addStretch(1)
        self.retranslate()
        self.fit_screen(600, 480)
        self.keep_draft("end_measure", {"measure": self.measure, "on": self.on,
                                        "revoked": self.revoked, "reason": self.reason})
        QueryOp(ops, parent=self, op=lambda store: measures_of_case(store, case_id,
                                                                    active_only=True),
                success=self._show_measures).failure(self.show_error).run()

    def _show_measures(self, measures: list) -> None:
        self._fill_measures(measures)
        assert self.draft is not None
        self.draft.load()

    def _fill_measures(self, measures: list) -> None:
        fill_combo(self.measure, [(m.id, tr("{measure}, from {start}", measure=profile_label(
            self.profile, "measure_types", m.fields.get("measure_type")),
            start=fmt_date(m.fields.get("issued_on")))) for m in measures])
        if not measures:
            self.measure_field.set_error(tr("This case has no active measure."))
            self.save_button.setEnabled(False)

    def save(self) -> None:
        self.show_error("")
        measure_id, day = self.measure.currentData(), self.on.value()
        reason = self.reason.toPlainText().strip()
        self.date_field.set_error("" if day else tr("This is required."))
        self.reason_field.set_error("" if reason else tr("This is required."))
        if not measure_id or not day or not reason:
            return
        revoked = self.revoked.isChecked()
        self._run(lambda store: end_measure(store, measure_id, on=day, revoked=revoked,
                                            reason=reason).id)

    def _failed(self, error: Exception) -> None:
        if isinstance(error, DateOrder):
            self.date_field.set_error(str(error.translated()))
        else:
            self.show_error(error)
