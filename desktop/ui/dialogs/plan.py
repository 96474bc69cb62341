"""The individual plan of a case: goals, actions, review date, versions and signatures.

A draft plan is edited freely. Once the worker or the beneficiary has signed it, only the
status and end date of its actions change; "New version" copies it into a new draft. Goals and
review date typed but not saved, and an action being written, are kept as a draft.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from desktop.core.casework.config import casework_config
from desktop.core.casework.errors import DateOrder, PlanLocked
from desktop.core.casework.persons import require
from desktop.core.casework.plans import (
    ACTION_FIELDS,
    ACTIVE,
    DRAFT,
    SUPERSEDED,
    add_action,
    create_plan,
    current_plan,
    new_plan_version,
    plan_actions,
    require_plan,
    set_goals,
    sign_plan,
    update_action,
)
from desktop.core.casework.referrals import providers_for
from desktop.core.i18n import tr
from desktop.core.store import Store
from desktop.ui.database import Database
from desktop.ui.dialogs.common import (
    CaseDialog,
    DraftKeeper,
    Field,
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
from desktop.ui.forms.editors import Combo, DateEditor
from desktop.ui.widgets import button
from sync.profile import Profile
from sync.records import Record

ACTION_STATUS_TEXT = {"planned": "Planned", "in_progress": "In progress", "done": "Done",
                      "cancelled": "Cancelled"}
FREQUENCIES = ("Once", "Daily", "Weekly", "Every two weeks", "Monthly", "Every three months",
               "As needed")
_COLUMNS = ("Goal", "Action", "Service", "Provider", "Responsible", "Start", "End",
            "Frequency", "Status")
PROGRESS_ONLY = ("status", "end_date")
COLUMN_LIMIT = 150
PlanWork = Callable[[Store, Record], None]


def plan_draft_key(case_id: str) -> str:
    return f"plan:{case_id}"


def is_editable(plan: Record | None) -> bool:
    """A plan not yet created, or a draft nobody has signed."""
    if plan is None:
        return True
    f = plan.fields
    return f.get("status") == DRAFT and not f.get("signed_worker_on") \
        and not f.get("signed_beneficiary_on")


def load_plan(store: Store, case_id: str) -> dict[str, Any]:
    """What the editor shows: the case, its current plan and the plan's actions."""
    heading = case_heading(store, case_id)
    case = require(store, case_id, "case")
    plan = current_plan(store, case_id)
    return {**heading, "case_type": case.fields.get("case_type"), "plan": plan,
            "actions": plan_actions(store, plan.id) if plan else []}


def goals_from_text(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]


def goals_to_text(goals: list[Any]) -> str:
    return "\n".join(g.get("text", "") if isinstance(g, dict) else str(g) for g in goals or [])


def save_plan(store: Store, case_id: str, plan_type: str | None, goals: list[str],
              review_date: str | None) -> Record:
    """Create the case's plan, or save the goals and review date of its unsigned draft."""
    plan = current_plan(store, case_id)
    if plan is None:
        return create_plan(store, case_id, plan_type=plan_type, goals=goals,
                           review_date=review_date)
    if not is_editable(plan):
        return plan
    plan = set_goals(store, plan.id, goals)
    if review_date and review_date != plan.fields.get("review_date"):
        plan = store.update(plan.id, {"review_date": review_date})
    return plan


def remove_action(store: Store, action_id: str) -> None:
    """Delete an action of a plan nobody has signed yet."""
    with store.transaction():
        action = require(store, action_id, "plan_action")
        plan = require_plan(store, action.fields["plan_id"])
        if not is_editable(plan):
            raise PlanLocked(version=plan.fields["version"], status=plan.fields["status"])
        store.delete(action_id)


class ActionDialog(CaseDialog):
    """One action of the plan: what, which service and provider, who, when, how often."""

    title_msgid = "Plan action"
    save_msgid = "OK"
    cancel_msgid = "Cancel"
    edited = Signal()

    def __init__(self, db: Database, profile: Profile, goals: list[str],
                 values: dict[str, Any] | None = None, *, progress_only: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
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
        self.status = code_combo([(c, tr(t)) for c, t in ACTION_STATUS_TEXT.items()])
        self.fields = {
            "goal": Field("Goal", self.goal),
            "description": Field("Action", self.description, required=True),
            "service": Field("Service", self.service),
            "provider": Field("Provider", self.provider,
                              hint="From the service directory, or type a name."),
            "responsible": Field("Responsible", self.responsible),
            "start_date": Field("Start", self.start),
            "end_date": Field("End", self.end),
            "frequency": Field("Frequency", self.frequency),
            "status": Field("Status", self.status)}
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
            edit.textEdited.connect(lambda _t: self.edited.emit())
        for combo in (self.goal, self.service, self.provider, self.frequency, self.status):
            combo.currentTextChanged.connect(lambda _t: self.edited.emit())
        for date in (self.start, self.end):
            date.changed.connect(self.edited.emit)
        self.description.textEdited.connect(lambda _t: self.fields["description"].set_error(""))

    def _lock_to_progress(self) -> None:
        for name, field in self.fields.items():
            if name not in PROGRESS_ONLY:
                field.widget.setEnabled(False)
        self.show_notice(tr("The plan is signed: only the status and the end date can change."))

    def _load_providers(self, *_: object) -> None:
        service = self.service.currentData()
        if not service:
            return
        self.run(lambda store: [p.fields["name"] for p in providers_for(store, service)],
                 self._show_providers)

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


class PlanEditor(CaseDialog):
    """The current plan of case ``case_id``."""

    title_msgid = "Individual plan"
    save_msgid = "Save the plan"

    def __init__(self, db: Database, case_id: str, profile: Profile,
                 parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
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
        top.addWidget(self._plan_panel(), 3)
        top.addWidget(self._signature_panel(), 4)
        self.body.addLayout(top)
        self.body.addWidget(self._goals_panel())
        self.body.addWidget(self._actions_panel(), 1)
        self.version_button = button("", on_click=self.new_version)
        self.version_button.setAutoDefault(False)
        self.extra_buttons.addWidget(self.version_button)
        self.drafts = DraftKeeper(db, plan_draft_key(case_id), "plan", self._collect,
                                  record_id=case_id, parent=self)
        self._connect()
        self.retranslate()
        self.fit_screen(1320, 740)
        self.reload()

    # -- layout ------------------------------------------------------------------------------

    def _plan_panel(self) -> QWidget:
        frame, layout = panel(self)
        layout.addWidget(section_title("Plan", frame))
        self.plan_type = code_combo(profile_entries(self.profile, "plan_types"))
        self.review_date = DateEditor()
        self.state_label = QLabel(frame)
        self.state_label.setObjectName("hint")
        self.state_label.setWordWrap(True)
        self.plan_fields = {"plan_type": Field("Type of plan", self.plan_type, required=True),
                            "review_date": Field("Review date", self.review_date)}
        layout.addWidget(self.plan_fields["plan_type"])
        row = QHBoxLayout()
        row.addWidget(self.plan_fields["review_date"])
        row.addWidget(self.state_label, 1, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(row)
        layout.addStretch(1)
        return frame

    def _signature_panel(self) -> QWidget:
        frame, layout = panel(self)
        layout.addWidget(section_title("Signatures", frame))
        self.worker_state = QLabel(frame)
        self.worker_date = DateEditor()
        self.worker_date.set_date(dt.date.today())
        self.worker_sign = button("", on_click=lambda: self.sign("worker"))
        self.signer = QButtonGroup(self)
        self.by_beneficiary = QRadioButton(frame)
        self.by_guardian = QRadioButton(frame)
        self.by_beneficiary.setChecked(True)
        for radio in (self.by_beneficiary, self.by_guardian):
            self.signer.addButton(radio)
        self.guardian_name = QLineEdit(frame)
        self.guardian_name.setEnabled(False)
        self.by_guardian.toggled.connect(self.guardian_name.setEnabled)
        self.beneficiary_state = QLabel(frame)
        self.beneficiary_date = DateEditor()
        self.beneficiary_date.set_date(dt.date.today())
        self.beneficiary_sign = button("", on_click=lambda: self.sign("beneficiary"))
        for widget in (self.worker_sign, self.beneficiary_sign):
            widget.setAutoDefault(False)
        self.worker_title = QLabel(frame)
        self.worker_title.setObjectName("fieldLabel")
        self.beneficiary_title = QLabel(frame)
        self.beneficiary_title.setObjectName("fieldLabel")
        layout.addLayout(self._signature_grid())
        self.signature_error = QLabel(frame)
        self.signature_error.setObjectName("error")
        self.signature_error.setWordWrap(True)
        self.signature_error.hide()
        layout.addWidget(self.signature_error)
        layout.addStretch(1)
        return frame

    def _signature_grid(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        grid.addWidget(self.worker_title, 0, 0)
        grid.addWidget(self.worker_state, 0, 1, 1, 2)
        grid.addWidget(self.worker_date, 0, 3)
        grid.addWidget(self.worker_sign, 0, 4)
        who = QHBoxLayout()
        who.addWidget(self.by_beneficiary)
        who.addWidget(self.by_guardian)
        who.addWidget(self.guardian_name, 1)
        grid.addWidget(self.beneficiary_title, 1, 0)
        grid.addLayout(who, 1, 1, 1, 4)
        grid.addWidget(self.beneficiary_state, 2, 1, 1, 2)
        grid.addWidget(self.beneficiary_date, 2, 3)
        grid.addWidget(self.beneficiary_sign, 2, 4)
        grid.setColumnStretch(2, 1)
        return grid

    def _goals_panel(self) -> QWidget:
        self.goals = QPlainTextEdit()
        self.goals.setTabChangesFocus(True)
        self.goals.setFixedHeight(self.goals.fontMetrics().lineSpacing() * 4 + 16)
        self.goals_field = Field("Goals", self.goals, hint="One goal per line.")
        return self.goals_field

    def _actions_panel(self) -> QWidget:
        frame, layout = panel(self)
        head = QHBoxLayout()
        head.addWidget(section_title("Actions", frame), 1)
        self.add_button = button("", icon_name="plus", on_click=self.add_action)
        self.edit_button = button("", on_click=self.edit_action)
        self.remove_button = button("", on_click=self.remove_action)
        for widget in (self.add_button, self.edit_button, self.remove_button):
            widget.setAutoDefault(False)
            head.addWidget(widget)
        layout.addLayout(head)
        self.table = QTableWidget(0, len(_COLUMNS), frame)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.doubleClicked.connect(lambda _i: self.edit_action())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)
        return frame

    def _connect(self) -> None:
        self.goals.textChanged.connect(self._typed)
        self.review_date.changed.connect(self._typed)
        self.plan_type.currentIndexChanged.connect(lambda _i: self._typed())

    def retranslate(self) -> None:
        super().retranslate()
        retranslate_titles(self)
        fill_combo(self.plan_type, profile_entries(self.profile, "plan_types"))
        self.version_button.setText(tr("New version"))
        self.add_button.setText(tr("Add an action"))
        self.edit_button.setText(tr("Change…"))
        self.remove_button.setText(tr("Remove"))
        self.worker_title.setText(tr("Worker"))
        self.beneficiary_title.setText(tr("Beneficiary"))
        self.by_beneficiary.setText(tr("The beneficiary"))
        self.by_guardian.setText(tr("A guardian:"))
        self.guardian_name.setPlaceholderText(tr("Guardian's name"))
        self.worker_sign.setText(tr("Mark as signed"))
        self.beneficiary_sign.setText(tr("Mark as signed"))
        self.table.setHorizontalHeaderLabels([tr(c) for c in _COLUMNS])
        if self._loaded:
            self._show_plan()

    # -- loading -----------------------------------------------------------------------------

    def reload(self) -> None:
        case_id = self.case_id
        self.run(lambda store: load_plan(store, case_id), self._loaded_plan)

    def _loaded_plan(self, data: dict[str, Any]) -> None:
        first = not self._loaded
        self._loaded = True
        self.set_subtitle(tr("Case {number} · {name}", number=data["number"],
                             name=data["name"]))
        self.case_type = data["case_type"]
        self.plan = data["plan"]
        self.actions = data["actions"]
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
        self.plan_type.setEnabled(plan is None)
        self.goals.setReadOnly(not editable)
        self.review_date.set_read_only(not editable)
        self.state_label.setText(self._state_text())
        self._show_signatures()
        self._show_actions()
        self._update_buttons()
        if plan is not None and not editable:
            self.show_notice(tr("Version {version} is signed: only the status and end date "
                                "of actions can change. Make a new version to change more.",
                                version=plan.fields["version"]))

    def _state_text(self) -> str:
        plan = self.plan
        if plan is None:
            return tr("No plan yet: it is made when you save or add an action.")
        status = {DRAFT: tr("Draft"), ACTIVE: tr("Active"),
                  SUPERSEDED: tr("Superseded")}.get(plan.fields["status"], "")
        return tr("Version {version} · {status} · made on {date}",
                  version=plan.fields["version"], status=status,
                  date=fmt_date(plan.fields.get("created_on")))

    def _show_signatures(self) -> None:
        f = self.plan.fields if self.plan else {}
        worker_on = f.get("signed_worker_on")
        beneficiary_on = f.get("signed_beneficiary_on")
        self.worker_state.setText(tr("Signed on {date}", date=fmt_date(worker_on))
                                  if worker_on else tr("Not signed yet"))
        guardian = f.get("signed_by_guardian")
        signed = (tr("Signed by guardian {name} on {date}", name=guardian,
                     date=fmt_date(beneficiary_on)) if guardian else
                  tr("Signed on {date}", date=fmt_date(beneficiary_on)))
        self.beneficiary_state.setText(signed if beneficiary_on else tr("Not signed yet"))
        can_sign = self.plan is not None and f.get("status") != SUPERSEDED
        for widget, done in ((self.worker_sign, worker_on), (self.worker_date, worker_on),
                             (self.beneficiary_sign, beneficiary_on),
                             (self.beneficiary_date, beneficiary_on),
                             (self.by_beneficiary, beneficiary_on),
                             (self.by_guardian, beneficiary_on)):
            widget.setVisible(not done)
            widget.setEnabled(can_sign)
        self.guardian_name.setVisible(not beneficiary_on)
        self.guardian_name.setEnabled(can_sign and self.by_guardian.isChecked())

    def _show_actions(self) -> None:
        self.table.setRowCount(len(self.actions))
        for row, action in enumerate(self.actions):
            f = action.fields
            cells = [f.get("goal") or "", f.get("description") or "",
                     profile_label(self.profile, "service_taxonomy", f.get("service")),
                     f.get("provider") or "", f.get("responsible") or "",
                     fmt_date(f.get("start_date")), fmt_date(f.get("end_date")),
                     f.get("frequency") or "",
                     tr(ACTION_STATUS_TEXT.get(f.get("status") or "", ""))]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                item.setData(Qt.ItemDataRole.UserRole, action.id)
                self.table.setItem(row, column, item)
        fit_columns(self.table, stretch=1, limit=COLUMN_LIMIT)
        self.table.resizeRowsToContents()

    def _update_buttons(self) -> None:
        editable = is_editable(self.plan)
        superseded = self.plan is not None and self.plan.fields["status"] == SUPERSEDED
        chosen = self.selected_action() is not None
        self.add_button.setEnabled(editable)
        self.edit_button.setEnabled(chosen and not superseded)
        self.remove_button.setEnabled(chosen and editable)
        self.version_button.setEnabled(self.plan is not None and not editable
                                       and not superseded)
        self.save_button.setEnabled(editable and not self.busy)

    def selected_action(self) -> Record | None:
        rows = {i.row() for i in self.table.selectedItems()}
        if len(rows) != 1:
            return None
        row = rows.pop()
        return self.actions[row] if row < len(self.actions) else None

    # -- drafts ------------------------------------------------------------------------------

    def _typed(self) -> None:
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

    def _with_plan(self, work: PlanWork | None) -> Callable[[Store], dict[str, Any]]:
        """A job that saves the plan first (creating it if needed), then does ``work``."""
        given, discard = self._plan_input(), self.drafts.discard_job()

        def job(store: Store) -> dict[str, Any]:
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
            self.run(self._with_plan(None), self._saved_plan, self._failed, saving=True)

    def _saved_plan(self, data: dict[str, Any]) -> None:
        self.changed_something = True
        self._loaded_plan(data)
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
        dialog = ActionDialog(self.db, self.profile, goals_from_text(self.goals.toPlainText()),
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
            allowed = ACTION_FIELDS if is_editable(self.plan) else PROGRESS_ONLY
            changes = {k: values.get(k) for k in allowed if values.get(k) != old.get(k)}

            def work(store: Store, plan: Record) -> None:
                if changes:
                    update_action(store, action_id, **changes)
        self.run(self._with_plan(work), self._saved_plan, self._failed, saving=True)

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

        def job(store: Store) -> dict[str, Any]:
            remove_action(store, action_id)
            return load_plan(store, case_id)

        self.run(job, self._saved_plan, self._failed, saving=True)

    # -- versions and signatures ------------------------------------------------------------

    def new_version(self) -> None:
        if self.plan is None:
            return
        plan_id, case_id = self.plan.id, self.case_id

        def job(store: Store) -> dict[str, Any]:
            new_plan_version(store, plan_id)
            return load_plan(store, case_id)

        self.notice.hide()
        self.run(job, self._saved_plan, self._failed, saving=True)

    def sign(self, by: str) -> None:
        self.signature_error.hide()
        if self.plan is None:
            return
        if by == "beneficiary" and self.by_guardian.isChecked():
            by = "guardian"
            if not self.guardian_name.text().strip():
                self._signature_problem(tr("Write the guardian's name."))
                return
        day = (self.worker_date if by == "worker" else self.beneficiary_date).value()
        if not day:
            self._signature_problem(tr("Enter the date of the signature."))
            return
        plan_id, guardian = self.plan.id, self.guardian_name.text().strip() or None

        def work(store: Store, _plan: Record) -> None:
            sign_plan(store, plan_id, by=by, on=day, guardian_name=guardian)

        self.run(self._with_plan(work), self._saved_plan, self._failed, saving=True)

    def _signature_problem(self, text: str) -> None:
        self.signature_error.setText("⚠ " + text)
        self.signature_error.show()

    # -- closing -----------------------------------------------------------------------------

    def reject(self) -> None:
        """Closing after something was saved counts as done (the case view refreshes)."""
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
        self.guardian_name.clear()
        self.table.setRowCount(0)
