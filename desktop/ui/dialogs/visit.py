"""Recording a home or field visit: a short record, or the full home visit form.

Safety warnings of the household (the abuser lives there, an active protection order) are
shown above everything. Half-typed input of both tabs is kept as a draft.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import (
    QGridLayout,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QWidget,
)

from desktop.core.casework.config import casework_config
from desktop.core.casework.errors import DateOrder
from desktop.core.casework.input_checks import visit_problems
from desktop.core.casework.visits import VISIT_FORM, record_visit
from desktop.core.changes import Changes
from desktop.core.drafts import DraftSlot
from desktop.core.forms import FormDefinition, load_form
from desktop.core.i18n import tr
from desktop.core.store import Store
from desktop.core.views.case import VisitContext, visit_context
from desktop.core.views.profile_lists import profile_entries
from desktop.ui.dialogs.common import (
    CaseDialog,
    code_combo,
    fill_combo,
    select_code,
)
from desktop.ui.drafts import DraftKeeper
from desktop.ui.field_row import FieldRow
from desktop.ui.forms import FormView
from desktop.ui.forms.editors import DateEditor
from desktop.ui.ops import ChangeOp, Operations, QueryOp
from desktop.ui.widgets import Banner
from sync.profile import Profile

SHORT, FORM = 0, 1


def visit_draft_key(case_id: str) -> str:
    return f"visit:{case_id}"


def visit_form_draft_key(case_id: str) -> str:
    return f"visit_form:{case_id}"


class VisitDialog(CaseDialog):
    """Record a visit to the household of case ``case_id``."""

    title_msgid = "Record a visit"
    save_msgid = "Save the visit"

    def __init__(self, ops: Operations, case_id: str, profile: Profile,
                 parent: QWidget | None = None, *,
                 form: FormDefinition | None = None) -> None:
        super().__init__(ops, parent)
        self.case_id = case_id
        self.profile = profile
        self._follow_up_suggested: str | None = None
        self.warnings = Banner(self)
        self.layout().insertWidget(2, self.warnings)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._short_tab(), "")
        self.form = form or load_form(VISIT_FORM)
        self.form_view = FormView(ops, self.form, visit_form_draft_key(case_id), self,
                                  record_id=case_id)
        self.form_view.submitted.connect(self._form_submitted)
        self.tabs.addTab(self.form_view, "")
        self.body.addWidget(self.tabs, 1)
        self.drafts = DraftKeeper(ops, DraftSlot(visit_draft_key(case_id), "visit", case_id),
                                  self._collect, parent=self)
        self._connect_drafts()
        self.retranslate()
        self.fit_screen(1000, 820)
        QueryOp(ops, parent=self, op=lambda store: visit_context(store, case_id),
                success=self._show_context).failure(self.show_error).run()
        self.drafts.load(self._restore)

    # -- the short record --------------------------------------------------------------------

    def _short_tab(self) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        grid.setContentsMargins(12, 12, 12, 12)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(6)
        self.visit_date = DateEditor()
        self.visit_date.set_date(dt.date.today())
        self.protocol = code_combo(profile_entries(self.profile, "visit_protocols"))
        self.protocol.currentIndexChanged.connect(self._suggest_follow_up)
        self.present = QLineEdit()
        self.conditions = QPlainTextEdit()
        self.observations = QPlainTextEdit()
        for edit in (self.conditions, self.observations):
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(90)
        self.follow_up = DateEditor()
        self.fields = {
            "visit_date": FieldRow("Visit date", self.visit_date, required=True),
            "protocol": FieldRow("Protocol", self.protocol, required=True),
            "present": FieldRow("Present", self.present,
                             hint="Who was there, e.g. the beneficiary and a daughter."),
            "living_conditions": FieldRow("Living conditions", self.conditions),
            "observations": FieldRow("Observations", self.observations),
            "follow_up_date": FieldRow("Follow-up date", self.follow_up,
                                    hint="Suggested from the protocol; change it if needed."),
        }
        grid.addWidget(self.fields["visit_date"], 0, 0)
        grid.addWidget(self.fields["protocol"], 0, 1)
        grid.addWidget(self.fields["present"], 1, 0, 1, 2)
        grid.addWidget(self.fields["living_conditions"], 2, 0, 1, 2)
        grid.addWidget(self.fields["observations"], 3, 0, 1, 2)
        grid.addWidget(self.fields["follow_up_date"], 4, 0)
        grid.setRowStretch(5, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self._suggest_follow_up()
        return page

    def _connect_drafts(self) -> None:
        for editor in (self.visit_date, self.follow_up):
            editor.changed.connect(self.drafts.touch)
        self.protocol.currentIndexChanged.connect(self.drafts.touch)
        self.present.textEdited.connect(self.drafts.touch)
        for edit in (self.conditions, self.observations):
            edit.textChanged.connect(self.drafts.touch)
        self.tabs.currentChanged.connect(self.drafts.touch)

    def _suggest_follow_up(self, *_: object) -> None:
        """Fill the follow-up date from the protocol, unless the worker chose one."""
        current = self.follow_up.value()
        if current is not None and current != self._follow_up_suggested:
            return
        protocol = self.protocol.currentData()
        day = self.visit_date.date() or dt.date.today()
        if not protocol:
            return
        days = casework_config(self.profile).follow_up_days(protocol)
        suggested = (day + dt.timedelta(days=days)).isoformat()
        self._follow_up_suggested = suggested
        self.follow_up.set_value(suggested)

    def _collect(self) -> dict[str, Any]:
        return {"tab": self.tabs.currentIndex(), "visit_date": self.visit_date.value(),
                "protocol": self.protocol.currentData(), "present": self.present.text(),
                "living_conditions": self.conditions.toPlainText(),
                "observations": self.observations.toPlainText(),
                "follow_up_date": self.follow_up.value()}

    def _restore(self, draft: dict[str, Any] | None) -> None:
        if not draft:
            return
        self.drafts.pause(True)
        try:
            self.visit_date.set_value(draft.get("visit_date"))
            select_code(self.protocol, draft.get("protocol"))
            self.present.setText(draft.get("present") or "")
            self.conditions.setPlainText(draft.get("living_conditions") or "")
            self.observations.setPlainText(draft.get("observations") or "")
            self.follow_up.set_value(draft.get("follow_up_date"))
            self.tabs.setCurrentIndex(int(draft.get("tab") or 0))
        finally:
            self.drafts.pause(False)
        self.show_notice(tr("Your unsaved notes of this visit were restored."))

    # -- frame -------------------------------------------------------------------------------

    def retranslate(self) -> None:
        super().retranslate()
        self.tabs.setTabText(SHORT, tr("Short record"))
        self.tabs.setTabText(FORM, tr("Home visit form"))
        fill_combo(self.protocol, profile_entries(self.profile, "visit_protocols"))

    def _show_context(self, context: VisitContext) -> None:
        self.set_subtitle(tr("Case {number} · {name}", number=context.heading.number,
                             name=context.heading.name))
        self.warnings.set_messages(context.warnings)

    # -- saving ------------------------------------------------------------------------------

    def _check_short(self) -> bool:
        problems = visit_problems(self.visit_date.value(), self.follow_up.value(),
                                  self.observations.toPlainText(),
                                  self.conditions.toPlainText())
        for name, field in self.fields.items():
            field.set_error(problems.get(name, ""))
        return not problems

    def save(self) -> None:
        self.show_error("")
        if self.tabs.currentIndex() == FORM:
            if not self.form_view.submit():
                self.show_error(tr("Some answers are missing or wrong: they are marked in "
                                   "red."))
            return
        if not self._check_short():
            return
        data = self._collect()
        fields = {k: (v.strip() if isinstance(v, str) else v) or None
                  for k, v in data.items() if k != "tab"}
        self._save(fields)

    def _form_submitted(self, content: dict[str, Any]) -> None:
        self._save({"answers": content["answers"]})

    def _save(self, fields: dict[str, Any]) -> None:
        case_id = self.case_id
        discard = self.drafts.discard_step()
        form_key = visit_form_draft_key(case_id)

        def job(store: Store) -> str:
            with store.transaction():
                record = record_visit(store, case_id, fields)
                discard(store)
                if "answers" in fields:
                    store.delete_draft(form_key)
            return record.id

        (ChangeOp(self.ops, parent=self, op=job, changes=Changes.of("visit", case_id=case_id))
         .with_busy(self.save_busy).success(self._saved).failure(self._failed).run())

    def _saved(self, record_id: str) -> None:
        self.saved.emit(record_id)
        self.accept()

    def _failed(self, error: Exception) -> None:
        if isinstance(error, DateOrder) and self.tabs.currentIndex() == SHORT:
            self.fields["follow_up_date"].set_error(str(error.translated()))
        else:
            self.show_error(error)

    def clear(self) -> None:
        super().clear()
        self.form_view.clear()
        self.drafts.pause(True)
        self.present.clear()
        for text in (self.conditions, self.observations):
            text.clear()
