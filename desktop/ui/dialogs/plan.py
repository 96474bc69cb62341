"""The individual plan of a case: goals, actions, review date, versions and signatures.

A draft plan is edited freely. Once the worker or the beneficiary has signed it, only the
status and end date of its actions change; "New version" copies it into a new draft. Goals and
review date typed but not saved, and an action being written, are kept as a draft. The rules
are those of :mod:`desktop.core.casework.plans`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from desktop.core.casework.config import casework_config
from desktop.core.casework.errors import DateOrder
from desktop.core.casework.plans import (
    SUPERSEDED,
    action_edits,
    add_action,
    is_editable,
    new_plan_version,
    remove_action,
    save_plan,
    sign_plan,
    update_action,
)
from desktop.core.changes import Changes
from desktop.core.drafts import DraftSlot
from desktop.core.i18n import tr
from desktop.core.store import Store
from desktop.core.views.plan import PlanView, goals_from_text, goals_to_text, load_plan
from desktop.ui.dialogs.common import (
    CaseDialog,
    retranslate_titles,
    select_code,
)
from desktop.ui.dialogs.consent_notice import tell_missing_consent
from desktop.ui.dialogs.plan_action import ActionDialog
from desktop.ui.dialogs.plan_actions import PlanActionsPanel
from desktop.ui.dialogs.plan_facts import PlanFacts
from desktop.ui.dialogs.plan_signatures import SignaturePanel
from desktop.ui.drafts import DraftKeeper
from desktop.ui.field_row import FieldRow
from desktop.ui.ops import ChangeOp, Operations, QueryOp
from desktop.ui.widgets import button
from sync.profile import Profile
from sync.records import Record

PlanWork = Callable[[Store, Record], None]


def plan_draft_key(case_id: str) -> str:
    return f"plan:{case_id}"


class PlanEditor(CaseDialog):
    """The current plan of case ``case_id``."""

    title_msgid = "Individual plan"
    save_msgid = "Save the plan"

    def __init__(self, ops: Operations, case_id: str, profile: Profile,
                 parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.case_id = case_id
        self.profile = profile
        self.plan: Record | None = None
        self.actions: list[Record] = []
        self.case_type: str | None = None
        self.changed_something = False
        self.action_dialog: ActionDialog | None = None
        self._editing_action: str | None = None
        self._loaded = False
        top = QHBoxLayout()
        top.setSpacing(12)
        self.facts = PlanFacts(profile, self)
        self.plan_type, self.review_date = self.facts.plan_type, self.facts.review_date
        self.plan_fields = self.facts.fields
        top.addWidget(self.facts, 3)
        self.signatures = SignaturePanel(self)
        self.signatures.sign_requested.connect(self._sign)
        top.addWidget(self.signatures, 4)
        self.body.addLayout(top)
        self.body.addWidget(self._goals_panel())
        self.actions_panel = PlanActionsPanel(profile, self)
        self.actions_panel.add_requested.connect(self.add_action)
        self.actions_panel.edit_requested.connect(self.edit_action)
        self.actions_panel.remove_requested.connect(self.remove_action)
        self.actions_panel.selection_changed.connect(self._update_buttons)
        self.body.addWidget(self.actions_panel, 1)
        self.version_button = button("", on_click=self.new_version)
        self.version_button.setAutoDefault(False)
        self.extra_buttons.addWidget(self.version_button)
        self.drafts = DraftKeeper(ops, DraftSlot(plan_draft_key(case_id), "plan", case_id),
                                  self._collect, parent=self)
        self._connect()
        self.retranslate()
        self.fit_screen(1320, 740)
        self.reload()

    # -- layout ------------------------------------------------------------------------------

    def _goals_panel(self) -> QWidget:
        self.goals = QPlainTextEdit()
        self.goals.setTabChangesFocus(True)
        self.goals.setFixedHeight(self.goals.fontMetrics().lineSpacing() * 4 + 16)
        self.goals_field = FieldRow("Goals", self.goals, hint="One goal per line.")
        return self.goals_field

    def _connect(self) -> None:
        self.goals.textChanged.connect(self._typed)
        self.review_date.changed.connect(self._typed)
        self.plan_type.currentIndexChanged.connect(self._typed)

    def retranslate(self) -> None:
        super().retranslate()
        retranslate_titles(self)
        self.facts.retranslate()
        self.version_button.setText(tr("New version"))
        self.actions_panel.retranslate()
        self.signatures.retranslate()
        if self._loaded:
            self._show_plan()

    # -- loading -----------------------------------------------------------------------------

    def reload(self) -> None:
        case_id = self.case_id
        tell_missing_consent(self, self.ops, case_id)
        QueryOp(self.ops, parent=self, op=lambda store: load_plan(store, case_id),
                success=self._loaded_plan).failure(self.show_error).run()

    def _loaded_plan(self, view: PlanView) -> None:
        first = not self._loaded
        self._loaded = True
        self.set_subtitle(tr("Case {number} · {name}", number=view.number, name=view.name))
        self.case_type = view.case_type
        self.plan = view.plan
        self.actions = view.actions
        self._show_plan()
        if first:
            self.drafts.load(self._restore)

    def _show_plan(self) -> None:
        plan, editable = self.plan, is_editable(self.plan)
        self.drafts.pause(True)
        try:
            if plan is None:
                default = casework_config(self.profile).plan_type_for(self.case_type) \
                    if self.case_type else None
                select_code(self.plan_type, default)
            else:
                select_code(self.plan_type, plan.fields.get("plan_type"))
                self.goals.setPlainText(goals_to_text(plan.fields.get("goals") or []))
                self.review_date.set_value(plan.fields.get("review_date"))
        finally:
            self.drafts.pause(False)
        self.goals.setReadOnly(not editable)
        self.facts.show_state(plan, editable=editable)
        self.signatures.show_plan(plan)
        self.actions_panel.show_actions(self.actions)
        self._update_buttons()
        if plan is not None and not editable:
            self.show_notice(tr("Version {version} is signed: only the status and end date "
                                "of actions can change. Make a new version to change more.",
                                version=plan.fields["version"]))

    def _update_buttons(self) -> None:
        editable = is_editable(self.plan)
        superseded = self.plan is not None and self.plan.fields["status"] == SUPERSEDED
        self.actions_panel.allow(editable=editable, superseded=superseded)
        self.version_button.setEnabled(self.plan is not None and not editable
                                       and not superseded)
        self.save_button.setEnabled(editable and not self.busy)

    def selected_action(self) -> Record | None:
        return self.actions_panel.selected_action()

    # -- drafts ------------------------------------------------------------------------------

    def _typed(self, *_args: Any) -> None:
        self.drafts.touch()
        self.plan_fields["review_date"].set_error("")

    def _collect(self) -> dict[str, Any]:
        data: dict[str, Any] = {"plan_type": self.plan_type.currentData(),
                                "goals": self.goals.toPlainText(),
                                "review_date": self.review_date.value()}
        if self.action_dialog is not None:
            data["action"] = {"id": self._editing_action, **self.action_dialog.values()}
        return data

    def _restore(self, draft: dict[str, Any] | None) -> None:
        if not draft or not is_editable(self.plan):
            return
        self.drafts.pause(True)
        try:
            if self.plan is None:
                select_code(self.plan_type, draft.get("plan_type"))
            self.goals.setPlainText(draft.get("goals") or "")
            self.review_date.set_value(draft.get("review_date"))
        finally:
            self.drafts.pause(False)
        self.show_notice(tr("Changes you had not saved were restored."))
        if draft.get("action"):
            action = dict(draft["action"])
            self._open_action_dialog(action.pop("id", None), action)

    # -- the plan ----------------------------------------------------------------------------

    def _plan_input(self) -> dict[str, Any]:
        """What the plan panel holds, read on the UI thread for a job."""
        return {"case_id": self.case_id, "plan_type": self.plan_type.currentData(),
                "goals": goals_from_text(self.goals.toPlainText()),
                "review_date": self.review_date.value()}

    def _with_plan(self, work: PlanWork | None) -> Callable[[Store], PlanView]:
        """A change that saves the plan first (creating it if needed), then does ``work``."""
        given, discard = self._plan_input(), self.drafts.discard_step()

        def job(store: Store) -> PlanView:
            with store.transaction():
                plan = save_plan(store, **given)
                if work is not None:
                    work(store, plan)
                discard(store)
            return load_plan(store, given["case_id"])

        return job

    def _check(self) -> bool:
        review = self.review_date.value()
        if review and review < dt.date.today().isoformat() and is_editable(self.plan):
            self.plan_fields["review_date"].set_error(tr("The review date is in the past."))
            return False
        self.plan_fields["review_date"].set_error("")
        return True

    def save(self) -> None:
        self.show_error("")
        if self._check():
            self._change(self._with_plan(None))

    def _change(self, op: Callable[[Store], PlanView]) -> None:
        """Change the plan; the editor then shows it as saved."""
        (ChangeOp(self.ops, parent=self, op=op,
                  changes=Changes.of("plan", "plan_action", case_id=self.case_id))
         .with_busy(self.save_busy).success(self._saved_plan).failure(self._failed).run())

    def _saved_plan(self, view: PlanView) -> None:
        self.changed_something = True
        self._loaded_plan(view)
        if self.plan is not None:
            self.saved.emit(self.plan.id)
        if is_editable(self.plan):
            self.show_notice(tr("The plan was saved."))

    def _failed(self, error: Exception) -> None:
        if isinstance(error, DateOrder):
            self.plan_fields["review_date"].set_error(str(error.translated()))
        self.show_error(error)

    # -- actions -----------------------------------------------------------------------------

    def add_action(self) -> None:
        self._open_action_dialog(None, None)

    def edit_action(self) -> None:
        action = self.selected_action()
        if action is not None:
            self._open_action_dialog(action.id, dict(action.fields))

    def _open_action_dialog(self, action_id: str | None, values: dict[str, Any] | None
                            ) -> None:
        progress_only = action_id is not None and not is_editable(self.plan)
        dialog = ActionDialog(self.ops, self.profile, goals_from_text(self.goals.toPlainText()),
                              values, progress_only=progress_only, parent=self)
        self.action_dialog, self._editing_action = dialog, action_id
        dialog.edited.connect(self.drafts.touch)
        dialog.finished.connect(lambda result: self._action_done(dialog, result))
        dialog.open()

    def _action_done(self, dialog: ActionDialog, result: int) -> None:
        action_id = self._editing_action
        self.action_dialog, self._editing_action = None, None
        values = dialog.values()
        dialog.deleteLater()
        self.drafts.touch()
        if result == ActionDialog.DialogCode.Accepted:
            self.save_action(action_id, values)

    def save_action(self, action_id: str | None, values: dict[str, Any]) -> None:
        """Add (``action_id`` None) or change an action; the plan is saved with it."""
        if action_id is None:
            def work(store: Store, plan: Record) -> None:
                add_action(store, plan.id, **{k: v for k, v in values.items()
                                              if v is not None})
        else:
            old = next((a.fields for a in self.actions if a.id == action_id), {})
            changes = action_edits(self.plan, old, values)

            def work(store: Store, plan: Record) -> None:
                if changes:
                    update_action(store, action_id, **changes)
        self._change(self._with_plan(work))

    def remove_action(self) -> None:
        action = self.selected_action()
        if action is None:
            return
        answer = QMessageBox.question(
            self, tr("Remove"), tr("Remove the action \"{action}\" from the plan?",
                                   action=action.fields.get("description", "")),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self.remove(action.id)

    def remove(self, action_id: str) -> None:
        case_id = self.case_id

        def job(store: Store) -> PlanView:
            remove_action(store, action_id)
            return load_plan(store, case_id)

        self._change(job)

    # -- versions and signatures ------------------------------------------------------------

    def new_version(self) -> None:
        if self.plan is None:
            return
        plan_id, case_id = self.plan.id, self.case_id

        def job(store: Store) -> PlanView:
            new_plan_version(store, plan_id)
            return load_plan(store, case_id)

        self.notice.hide()
        self._change(job)

    def sign(self, by: str) -> None:
        """Mark the plan as signed by the worker or the beneficiary (or the guardian chosen
        in the signature panel), with the date given there."""
        if self.plan is not None:
            self.signatures.sign(by)

    def _sign(self, by: str, day: str, guardian: str | None) -> None:
        if self.plan is None:
            return
        plan_id = self.plan.id

        def work(store: Store, _plan: Record) -> None:
            sign_plan(store, plan_id, by=by, on=day, guardian_name=guardian)

        self._change(self._with_plan(work))

    # -- closing -----------------------------------------------------------------------------

    def reject(self) -> None:
        """Closing after something was saved counts as done: the dialog is accepted."""
        if self.changed_something:
            self.accept()
        else:
            super().reject()

    def clear(self) -> None:
        super().clear()
        self.drafts.pause(True)
        if self.action_dialog is not None:
            self.action_dialog.reject()
        self.goals.clear()
        self.signatures.clear()
        self.actions_panel.clear()
