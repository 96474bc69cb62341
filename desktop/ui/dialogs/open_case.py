"""Opening a case (intake): person, case type, referral source, date, risk level, urgency,
case manager and notes. A person who already has an open case of the type is told so, and
Save then adds the referral to that case instead."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.casework.intake import (
    Intake,
    IntakeChoices,
    IntakeOutcome,
    intake_choices,
    intake_problems,
    manager_role_label,
    people_found,
    person_name,
    record_intake,
)
from desktop.core.changes import NOTHING, Changes
from desktop.core.drafts import DraftSlot
from desktop.core.i18n import tr
from desktop.core.views.profile_lists import profile_entries, profile_label
from desktop.ui.dialog_drafts import InputDraft
from desktop.ui.dialogs.common import CaseDialog, code_combo, fill_combo
from desktop.ui.field_row import FieldRow
from desktop.ui.forms.editors import Combo, DateEditor
from desktop.ui.ops import ChangeOp, Operations, QueryOp
from desktop.ui.widgets import SearchBox
from sync.profile import Profile

FIELDS = ("person", "case_type", "referral_source", "opened_on", "risk_level", "manager")


class OpenCaseDialog(CaseDialog):
    """Open a case for ``person_id`` (or for a person found by name when it is None)."""

    title_msgid = "Open a case"
    save_msgid = "Open this case"
    cancel_msgid = "Cancel"

    def __init__(self, ops: Operations, profile: Profile, person_id: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.profile = profile
        self.person_id = person_id
        self.choices: IntakeChoices | None = None
        self.add_to_case: str | None = None
        self.rows: dict[str, FieldRow] = {}
        self._build_person(person_id is None)
        self.case_type = code_combo([], empty=tr("Choose…"))
        self.case_type.setAccessibleName("Case type")
        self.case_type.currentIndexChanged.connect(lambda _i: self._type_changed())
        self.source = code_combo(profile_entries(profile, "referral_sources"),
                                 empty=tr("Choose…"))
        self.source.setAccessibleName("Referral source")
        self.opened_on = DateEditor()
        self.opened_on.set_date(dt.date.today())
        self.risk = code_combo(profile_entries(profile, "risk_levels"), empty=tr("Choose…"))
        self.risk.setAccessibleName("Risk level")
        self.urgency = code_combo(profile_entries(profile, "visit_protocols"),
                                  empty=tr("Not stated"))
        self.urgency.setAccessibleName("Urgency")
        self.manager = Combo()
        self.manager.setEditable(True)
        self.manager.setAccessibleName("Case manager")
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(70)
        self.notes.setAccessibleName("Notes")
        for key, msgid, widget, required in (
                ("case_type", "Case type", self.case_type, True),
                ("referral_source", "Referral source", self.source, True),
                ("opened_on", "Opened on", self.opened_on, True),
                ("risk_level", "Risk level", self.risk, True),
                ("urgency", "Urgency", self.urgency, False),
                ("manager", "Case manager", self.manager, True),
                ("notes", "Reason for the referral (optional)", self.notes, False)):
            self.rows[key] = FieldRow(msgid, widget, required=required)
            self.body.addWidget(self.rows[key])
        self.body.addStretch(1)
        for combo in (self.case_type, self.source, self.risk, self.urgency):
            combo.currentIndexChanged.connect(lambda _i: self._forget_existing())
        self._keep_draft(person_id)
        self.retranslate()
        self.fit_screen(640, 720)
        QueryOp(ops, parent=self, op=intake_choices, success=self._choices_loaded) \
            .failure(self.show_error).run()
        if person_id:
            QueryOp(ops, parent=self, op=lambda store: person_name(store, person_id),
                    success=self._person_named).failure(self.show_error).run()

    def _keep_draft(self, person_id: str | None) -> None:
        fields: dict[str, QWidget] = {
            "case_type": self.case_type, "referral_source": self.source,
            "opened_on": self.opened_on, "risk_level": self.risk, "urgency": self.urgency,
            "manager": self.manager, "notes": self.notes}
        if self.person_search is not None:
            fields["search"] = self.person_search
        self.draft = InputDraft(self, DraftSlot(f"open_case:{person_id or ''}", "open_case",
                                                person_id), fields,
                                more=(self._person_draft, self._restore_person))

    def _person_draft(self) -> dict[str, str | None]:
        return {"person_id": self.person_id if self.person_search is not None else None}

    def _restore_person(self, more: dict[str, str | None]) -> None:
        """The person chosen before is found again by what was typed in the search."""
        if self.person_search is not None and self.person_search.text().strip():
            self._wanted_person = more.get("person_id")
            self.person_search.flush()  # one search now, not another after the pause

    def _build_person(self, searching: bool) -> None:
        self.person_search: SearchBox | None = None
        self._take_found = False
        self._wanted_person: str | None = None
        self.person_list: QListWidget | None = None
        if not searching:
            return
        self.person_search = SearchBox()
        self.person_search.setAccessibleName("Find the person")
        self.person_search.search.connect(self._find_people)
        self.person_list = QListWidget()
        self.person_list.setAccessibleName("People found")
        self.person_list.setFixedHeight(96)
        self.person_list.currentItemChanged.connect(lambda item, _old: self._person_chosen(item))
        self.person_search.returnPressed.connect(self._take_only_result)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.person_search)
        layout.addWidget(self.person_list)
        self.rows["person"] = FieldRow("Person", box, required=True)
        self.body.addWidget(self.rows["person"])

    # -- loading -----------------------------------------------------------------------------
    def _choices_loaded(self, choices: IntakeChoices) -> None:
        self.choices = choices
        fill_combo(self.case_type, [(c, profile_label(self.profile, "case_types", c))
                                    for c in choices.case_types], empty=tr("Choose…"))
        self.manager.clear()
        self.manager.addItems(list(choices.workers))
        self.manager.setCurrentText(choices.user)
        if not choices.case_types:
            self.show_error(tr("Your role may only read records: it cannot open cases."))
            self.save_button.setEnabled(False)
        first = self.person_search if self.person_search is not None else self.case_type
        first.setFocus()
        self.draft.load()  # once the case types and workers are in the lists

    def _person_named(self, name: str) -> None:
        self.set_subtitle(tr("For {name}", name=name))

    def _find_people(self, text: str) -> None:
        if len(text) < 2:
            self._take_found = False
            return
        (QueryOp(self.ops, parent=self, op=lambda store: people_found(store, text),
                 success=self._show_people).latest(f"intake-person:{id(self)}")
         .failure(self.show_error).run())

    def _show_people(self, people: list[tuple[str, str]]) -> None:
        assert self.person_list is not None
        self.person_list.clear()
        for person_id, text in people:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, person_id)
            self.person_list.addItem(item)
        if not people:
            self.person_list.addItem(tr("No one found."))
        take, self._take_found = self._take_found, False
        wanted = next((row for row, (pid, _text) in enumerate(people)
                       if pid == self._wanted_person), -1)
        self._wanted_person = None
        if wanted >= 0:
            self.person_list.setCurrentRow(wanted)
        elif take and len(people) == 1:
            self.person_list.setCurrentRow(0)
        elif take and people:
            self.person_list.setFocus()

    def _take_only_result(self) -> None:
        """Enter in the search: the only person found is chosen, several are offered."""
        self._take_found = True

    def _person_chosen(self, item: QListWidgetItem | None) -> None:
        self.person_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        self.draft.touch()
        self._forget_existing()
        if self.person_id:
            self.rows["person"].set_error("")
            self.set_subtitle(tr("For {name}", name=item.text() if item else ""))

    def _type_changed(self) -> None:
        role = manager_role_label(self.profile, self.case_type.currentData())
        self.rows["manager"].set_error("")
        self.manager.setToolTip(tr("Cases of this type are managed by: {role}", role=role)
                                if role else "")

    def retranslate(self) -> None:
        super().retranslate()
        for combo, msgid in ((getattr(self, "case_type", None), "Choose…"),
                             (getattr(self, "source", None), "Choose…"),
                             (getattr(self, "risk", None), "Choose…"),
                             (getattr(self, "urgency", None), "Not stated")):
            if combo is not None and combo.count():
                combo.setItemText(0, tr(msgid))
        if getattr(self, "source", None) is not None:
            for combo, section in ((self.source, "referral_sources"),
                                   (self.risk, "risk_levels"),
                                   (self.urgency, "visit_protocols")):
                for index in range(1, combo.count()):
                    combo.setItemText(index, profile_label(self.profile, section,
                                                           combo.itemData(index)))
            for index in range(1, self.case_type.count()):
                self.case_type.setItemText(index, profile_label(
                    self.profile, "case_types", self.case_type.itemData(index)))

    def _forget_existing(self) -> None:
        if self.add_to_case is not None:
            self.add_to_case = None
            self.show_notice("")
            self.retranslate()

    # -- saving ------------------------------------------------------------------------------
    def intake(self) -> Intake:
        return Intake(self.person_id, self.case_type.currentData(), self.source.currentData(),
                      self.opened_on.value(), self.risk.currentData(),
                      self.urgency.currentData(), self.manager.currentText().strip(),
                      self.notes.toPlainText().strip())

    def save(self) -> None:
        self.show_error("")
        intake = self.intake()
        allowed = self.choices.case_types if self.choices else ()
        problems = intake_problems(intake, allowed)
        for key, row in self.rows.items():
            row.set_error(problems.get(key, ""))
        if problems:
            return
        add_to = self.add_to_case
        (ChangeOp(self.ops, parent=self, op=self.draft.saving(
            lambda store: record_intake(store, intake, add_to_case=add_to)), changes=_changes)
         .with_busy(self.save_busy).success(self._saved).failure(self._failed).run())

    def _failed(self, error: Exception) -> None:
        self.draft.keep()
        self.show_error(error)

    def _saved(self, outcome: IntakeOutcome) -> None:
        if not outcome.saved:
            self.draft.keep()  # nothing was saved: the input stays a draft
            self.add_to_case = outcome.case_id
            self.show_notice(tr("This person already has an open case of this type "
                                "({number}). Save again to add this referral to that case, "
                                "or change the case type.", number=outcome.existing))
            self.save_button.setText(tr("Add the referral to case {number}",
                                        number=outcome.existing))
            return
        self.saved.emit(outcome.case_id)
        self.accept()


def _changes(outcome: IntakeOutcome) -> Changes:
    return Changes.of("case", case_id=outcome.case_id) if outcome.saved else NOTHING

