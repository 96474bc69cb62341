"""Filling in an assessment form for a case; the answers are a draft until saved."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.core.casework.assessments import save_assessment
from desktop.core.casework.errors import AssessmentInvalid
from desktop.core.changes import Changes
from desktop.core.forms import FormDefinition, load_form
from desktop.core.i18n import current_language, tr
from desktop.core.store import Store
from desktop.core.views.case import CaseHeading, case_heading
from desktop.ui.dialogs.common import CaseDialog
from desktop.ui.forms import FormView
from desktop.ui.ops import ChangeOp, Operations, QueryOp
from desktop.ui.widgets import button


def assessment_draft_key(case_id: str, form_id: str) -> str:
    return f"assessment:{case_id}:{form_id}"


class AssessmentDialog(CaseDialog):
    """The form ``form_id`` for case ``case_id``, saved with ``save_assessment``."""

    title_msgid = "Assessment"

    def __init__(self, ops: Operations, case_id: str, form_id: str | FormDefinition,
                 parent: QWidget | None = None, *,
                 definition: FormDefinition | None = None) -> None:
        super().__init__(ops, parent)
        self.case_id = case_id
        if isinstance(form_id, FormDefinition):  # the version the case view offered
            definition = form_id
        self.definition = definition or load_form(form_id)
        self.draft_key = assessment_draft_key(case_id, self.definition.id)
        self.view = FormView(ops, self.definition, self.draft_key, self, record_id=case_id,
                             show_title=False)
        self.view.submitted.connect(self._submitted)
        # the fields exist only once the form has loaded, often after the dialog was shown;
        # they become visible one event later
        self.view.loaded.connect(lambda: QTimer.singleShot(0, self.focus_first_field))
        self.body.addWidget(self.view, 1)
        self.discard_button = button("", on_click=self.discard)
        self.discard_button.setAutoDefault(False)
        self.extra_buttons.addWidget(self.discard_button)
        self.retranslate()
        self.fit_screen(1040, 860)
        QueryOp(ops, parent=self, op=lambda store: case_heading(store, case_id),
                success=self._show_case).failure(self.show_error).run()

    def retranslate(self) -> None:
        super().retranslate()
        title = self.definition.text(current_language())
        self.setWindowTitle(title)
        self.heading.setText(title)
        self.discard_button.setText(tr("Discard the draft"))

    def _show_case(self, heading: CaseHeading) -> None:
        self.set_subtitle(tr("Case {number} · {name}", number=heading.number,
                             name=heading.name))

    def save(self) -> None:
        self.show_error("")
        if not self.view.submit():
            self.show_error(tr("Some answers are missing or wrong: they are marked in red."))

    def _submitted(self, content: dict[str, Any]) -> None:
        case_id, form_id, key = self.case_id, self.definition.id, self.draft_key
        version = content["form_version"]

        def job(store: Store) -> str:
            with store.transaction():
                record = save_assessment(store, case_id, form_id, content["answers"],
                                         version=version)
                store.delete_draft(key)
            return record.id

        changes = Changes.of("assessment", case_id=case_id)
        (ChangeOp(self.ops, parent=self, op=job, changes=changes)
         .with_busy(self.save_busy).success(self._saved).failure(self._failed).run())

    def _saved(self, record_id: str) -> None:
        self.saved.emit(record_id)
        self.accept()

    def _failed(self, error: Exception) -> None:
        if isinstance(error, AssessmentInvalid):
            self.view.submit()
        self.show_error(error)

    def discard(self) -> None:
        answer = QMessageBox.question(
            self, tr("Discard the draft"),
            tr("Throw away everything typed in this form? This cannot be undone."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self.view.discard_draft()
            self.reject()

    def reject(self) -> None:
        self.view.flush_draft()
        super().reject()

    def clear(self) -> None:
        super().clear()
        self.view.clear()
