"""A plan review on its due date: the date, what was found, the next review (optional: by the
plan type's days) and whether the review makes a new version of the plan."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QCheckBox, QPlainTextEdit, QWidget

from desktop.core.casework.plan_review import (
    ReviewState,
    record_review,
    review_problems,
    review_state,
)
from desktop.core.changes import Changes
from desktop.core.drafts import DraftSlot
from desktop.core.i18n import tr
from desktop.ui.dialog_drafts import InputDraft
from desktop.ui.dialogs.common import CaseDialog
from desktop.ui.field_row import FieldRow
from desktop.ui.formatting import fmt_date
from desktop.ui.forms.editors import DateEditor
from desktop.ui.ops import ChangeOp, Operations, QueryOp
from sync.profile import Profile


class PlanReviewDialog(CaseDialog):
    """Review the current plan of ``case_id``."""

    title_msgid = "Review the plan"
    save_msgid = "Save the review"
    cancel_msgid = "Cancel"

    def __init__(self, ops: Operations, case_id: str, profile: Profile,
                 parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.case_id = case_id
        self.state: ReviewState | None = None
        self.date = DateEditor()
        self.date.set_date(dt.date.today())
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(90)
        self.note.setAccessibleName("What the review found")
        self.new_version = QCheckBox()
        self.new_version.setAccessibleName("Make a new version of the plan")
        self.next_review = DateEditor()
        self.rows = {
            "date": FieldRow("Reviewed on", self.date, required=True),
            "note": FieldRow("What the review found", self.note),
            "new_version": FieldRow("The plan changes", self.new_version),
            "next_review": FieldRow("Next review (empty: by the plan type)", self.next_review)}
        for row in self.rows.values():
            self.body.addWidget(row)
        self.body.addStretch(1)
        self.draft = InputDraft(self, DraftSlot(f"plan_review:{case_id}", "plan_review",
                                                case_id),
                                {key: row.widget for key, row in self.rows.items()})
        self.retranslate()
        self.fit_screen(560, 480)
        QueryOp(ops, parent=self, op=lambda store: review_state(store, case_id),
                success=self._loaded).failure(self.show_error).run()

    def retranslate(self) -> None:
        super().retranslate()
        if hasattr(self, "new_version"):
            self.new_version.setText(tr("Make a new version of the plan"))

    def _loaded(self, state: ReviewState) -> None:
        self.state = state
        if state.plan_id is None:
            self.show_error(tr("This case has no plan yet."))
            self.save_button.setEnabled(False)
        else:
            self.set_subtitle(tr("Version {version} · review due on {date}",
                                 version=state.version, date=fmt_date(state.review_date)))
        self.note.setFocus()
        self.draft.load()

    def save(self) -> None:
        state = self.state
        if state is None or state.plan_id is None:
            return
        self.show_error("")
        day, following = self.date.value(), self.next_review.value()
        problems = review_problems(day, following, state.created_on)
        for key, row in self.rows.items():
            row.set_error(problems.get(key, ""))
        if problems:
            return
        plan_id, note, new = state.plan_id, self.note.toPlainText(), self.new_version.isChecked()
        (ChangeOp(self.ops, parent=self,
                  op=self.draft.saving(lambda store: record_review(
                      store, plan_id, day=day, note=note, next_review=following,
                      new_version=new)),
                  changes=Changes.of("plan", "plan_action", case_id=self.case_id))
         .with_busy(self.save_busy).success(self._saved).failure(self._failed).run())

    def _failed(self, error: Exception) -> None:
        self.draft.keep()
        self.show_error(error)

    def _saved(self, plan_id: str) -> None:
        self.saved.emit(plan_id)
        self.accept()
