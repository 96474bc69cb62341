"""The head of unit approves a plan (Ctrl+S), or returns it with a comment (Alt+R) that the
worker sees on the case's plan tab."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from desktop.core.casework.approval import (
    ApprovalState,
    approval_state,
    approve,
    return_plan,
    return_problems,
)
from desktop.core.changes import Changes
from desktop.core.drafts import DraftSlot
from desktop.core.i18n import tr
from desktop.core.store import Store
from desktop.core.views.profile_lists import profile_label
from desktop.ui.dialog_drafts import InputDraft
from desktop.ui.dialogs.common import CaseDialog
from desktop.ui.field_row import FieldRow
from desktop.ui.ops import ChangeOp, Operations, QueryOp
from desktop.ui.widgets import button
from sync.profile import Profile


class PlanApprovalDialog(CaseDialog):
    """Approve the current plan of ``case_id``, or return it with a comment."""

    title_msgid = "Approve the plan"
    save_msgid = "Approve"
    cancel_msgid = "Cancel"

    def __init__(self, ops: Operations, case_id: str, profile: Profile,
                 parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.case_id = case_id
        self.profile = profile
        self.state: ApprovalState | None = None
        self.comment = QPlainTextEdit()
        self.comment.setTabChangesFocus(True)
        self.comment.setFixedHeight(110)
        self.comment.setAccessibleName("Comment for the worker")
        self.comment_row = FieldRow("Comment for the worker (needed to return the plan)",
                                    self.comment)
        self.body.addWidget(self.comment_row)
        self.body.addStretch(1)
        self.return_button = button("", on_click=self.send_back)
        self.return_button.setAutoDefault(False)
        self.extra_buttons.addWidget(self.return_button)
        QShortcut(QKeySequence("Alt+R"), self, activated=self.send_back)
        self.draft = InputDraft(self, DraftSlot(f"plan_approval:{case_id}", "plan_approval",
                                                case_id), {"comment": self.comment})
        self.retranslate()
        self.fit_screen(560, 380)
        QueryOp(ops, parent=self, op=lambda store: approval_state(store, case_id),
                success=self._loaded).failure(self.show_error).run()

    def retranslate(self) -> None:
        super().retranslate()
        if hasattr(self, "return_button"):
            self.return_button.setText(tr("Return to the worker"))
            self.return_button.setToolTip(tr("Return the plan with the comment (Alt+R)"))
            self.save_button.setToolTip(tr("Approve the plan (Ctrl+S)"))

    def _loaded(self, state: ApprovalState) -> None:
        self.state = state
        problem = None
        if state.plan_id is None or not state.needs_approval:
            problem = tr("This case has no plan that waits for approval.")
        elif not state.may_approve:
            problem = tr("Only the head of unit or the director approves plans.")
        elif state.approved_on:
            problem = tr("This plan is already approved.")
        if problem:
            self.show_error(problem)
        self.save_button.setEnabled(problem is None)
        self.return_button.setEnabled(problem is None)
        self.set_subtitle(profile_label(self.profile, "plan_types", state.plan_type))
        if state.return_comment:
            self.comment.setPlainText(state.return_comment)
        self.comment.setFocus()
        self.draft.load()  # what was typed comes before the earlier comment

    def _ready(self) -> str | None:
        state = self.state
        if state is None or state.plan_id is None or not self.save_button.isEnabled():
            return None
        return state.plan_id

    def save(self) -> None:
        plan_id = self._ready()
        if plan_id is not None:
            self._run(lambda store: approve(store, plan_id))

    def send_back(self) -> None:
        plan_id = self._ready()
        if plan_id is None:
            return
        comment = self.comment.toPlainText()
        problems = return_problems(comment)
        self.comment_row.set_error(problems.get("comment", ""))
        if not problems:
            self._run(lambda store: return_plan(store, plan_id, comment))

    def _run(self, job: Callable[[Store], object]) -> None:
        self.show_error("")
        (ChangeOp(self.ops, parent=self, op=self.draft.saving(job),
                  changes=Changes.of("plan", case_id=self.case_id))
         .with_busy(self.save_busy).success(lambda _r: self._done())
         .failure(self._failed).run())

    def _failed(self, error: Exception) -> None:
        self.draft.keep()
        self.show_error(error)

    def _done(self) -> None:
        self.saved.emit(self.case_id)
        self.accept()
