"""Registering a person (and their household), with the duplicate check as the worker types.

Repeat referrals of the same person are common. While the name, personal ID number, birth
date or village are typed, people already registered who are probably the same person are
shown beside the form; each is either used ("Use this person") or set aside ("It is someone
else") before anything is saved. The check runs again inside the save, so a fast Save cannot
slip past it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.core.casework.errors import DuplicatePerson
from desktop.core.casework.input_checks import person_problems
from desktop.core.casework.persons import (
    DuplicateCandidate,
    find_duplicates,
    normal_personal_id,
)
from desktop.core.casework.places import (
    administrative_units,
    other_municipality_names,
    village_names,
)
from desktop.core.casework.registration import Registration, register_unless_similar
from desktop.core.changes import NOTHING, Changes
from desktop.core.drafts import DraftSlot
from desktop.core.i18n import LANGUAGE_CHOICES, tr
from desktop.core.views.profile_lists import field_choices, profile_label
from desktop.ui import style
from desktop.ui.dialogs.common import (
    CaseDialog,
    PlaceEdit,
    panel,
    retranslate_titles,
    section_title,
)
from desktop.ui.dialogs.household_panel import HouseholdPanel
from desktop.ui.dialogs.similar_people import CandidateCard, SimilarPeoplePanel
from desktop.ui.drafts import DraftKeeper
from desktop.ui.field_row import FieldRow
from desktop.ui.forms.editors import DateEditor
from desktop.ui.ops import ChangeOp, Operations, QueryOp
from sync.profile import Profile

CHECK_DELAY_MS = 400
DRAFT = DraftSlot("register_person", "person")
_TEXT_FIELDS = ("first_name", "last_name", "father_name", "personal_id", "phone",
                "administrative_unit", "village")
_CHECKED_FIELDS = ("first_name", "last_name", "personal_id", "birth_date", "village")

_STYLE = f"""
QFrame#candidate {{ background: {style.WARNING_LIGHT}; border: 1px solid #f5d49a;
    border-radius: 8px; }}
QLabel#candidateName {{ font-weight: 700; font-size: 11pt; }}
QListWidget {{ border-radius: 6px; }}
"""


class RegisterPersonDialog(CaseDialog):
    """Register a new person with their household; signals ``registered`` or ``chosen``."""

    title_msgid = "Register a person"
    save_msgid = "Register"
    extra_style = _STYLE
    registered = Signal(str)  # a new person's id
    chosen = Signal(str)      # an already registered person the worker picked instead

    def __init__(self, ops: Operations, profile: Profile,
                 parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.profile = profile
        self.person_id: str | None = None
        self.candidates: list[DuplicateCandidate] = []
        self.set_aside: set[str] = set()
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.check_duplicates)
        columns = QHBoxLayout()
        columns.setSpacing(14)
        columns.addWidget(self._form_area(), 3)
        right = QVBoxLayout()
        right.setSpacing(10)
        self.similar = SimilarPeoplePanel(self.use_person, self.someone_else, self)
        right.addWidget(self.similar, 1)
        self.household_panel = HouseholdPanel(profile, self)
        right.addWidget(self.household_panel)
        columns.addLayout(right, 2)
        self.body.addLayout(columns, 1)
        self.drafts = DraftKeeper(ops, DRAFT, self.collect, parent=self)
        self._connect()
        self.retranslate()
        self.fit_screen(1180, 760)
        QueryOp(ops, parent=self, op=village_names,
                success=lambda found: self.village.set_names(*found)).failure(
            self.show_error).run()
        self.drafts.load(self._restore)

    # -- layout ------------------------------------------------------------------------------

    def _form_area(self) -> QWidget:
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget()
        inner.setObjectName("scrollInner")
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.addWidget(self._person_panel())
        layout.addStretch(1)
        scroll.setWidget(inner)
        return scroll

    def _person_panel(self) -> QFrame:
        frame, layout = panel(self)
        layout.addWidget(section_title("Person", frame))
        self.edits = {name: QLineEdit(frame) for name in _TEXT_FIELDS if name not in
                      ("administrative_unit", "village")}
        self.unit = PlaceEdit(frame)
        self.unit.set_names([u.name for u in administrative_units(self.profile.country)],
                            other_municipality_names(self.profile.country))
        self.village = PlaceEdit(frame)
        self.edits["administrative_unit"] = self.unit
        self.edits["village"] = self.village
        self.birth_date = DateEditor(frame)
        self.sex = QButtonGroup(self)
        sex_box = QWidget(frame)
        sex_row = QHBoxLayout(sex_box)
        sex_row.setContentsMargins(0, 0, 0, 0)
        self.sex_buttons = {code: QRadioButton(sex_box)
                            for code in field_choices(self.profile, "person", "sex")}
        for code, radio in self.sex_buttons.items():
            radio.setProperty("code", code)
            self.sex.addButton(radio)
            sex_row.addWidget(radio)
        sex_row.addStretch(1)
        self.language = QComboBox(frame)  # the beneficiary's, for printed documents
        self.language.addItem("", None)
        for code, name in LANGUAGE_CHOICES:
            self.language.addItem(name, code)
        self.groups = QListWidget(frame)
        self.groups.setMaximumHeight(120)
        for item in self.profile.items("target_groups"):
            entry = QListWidgetItem()
            entry.setData(Qt.ItemDataRole.UserRole, item["code"])
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Unchecked)
            self.groups.addItem(entry)
        self.fields = {
            "first_name": FieldRow("First name", self.edits["first_name"], required=True),
            "last_name": FieldRow("Last name", self.edits["last_name"], required=True),
            "father_name": FieldRow("Father's name", self.edits["father_name"]),
            "sex": FieldRow("Sex", sex_box),
            "birth_date": FieldRow("Date of birth", self.birth_date),
            "personal_id": FieldRow("Personal ID number", self.edits["personal_id"]),
            "phone": FieldRow("Phone", self.edits["phone"]),
            "preferred_language": FieldRow("Preferred language", self.language),
            "administrative_unit": FieldRow("Administrative unit", self.unit),
            "village": FieldRow("Village", self.village),
            "target_groups": FieldRow("Target groups", self.groups),
        }
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        places = (("first_name", 0, 0), ("last_name", 0, 1), ("father_name", 1, 0),
                  ("sex", 1, 1), ("birth_date", 2, 0), ("personal_id", 2, 1),
                  ("administrative_unit", 3, 0), ("village", 3, 1), ("phone", 4, 0),
                  ("preferred_language", 4, 1))
        for name, row, column in places:
            grid.addWidget(self.fields[name], row, column)
        grid.addWidget(self.fields["target_groups"], 5, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        return frame

    def _connect(self) -> None:
        for name, edit in self.edits.items():
            edit.textEdited.connect(lambda _t, n=name: self._edited(n))
        self.birth_date.changed.connect(lambda: self._edited("birth_date"))
        self.household_panel.edited.connect(self.drafts.touch)
        self.sex.buttonClicked.connect(self.drafts.touch)
        self.groups.itemChanged.connect(self.drafts.touch)
        self.language.currentIndexChanged.connect(self.drafts.touch)

    def retranslate(self) -> None:
        super().retranslate()
        retranslate_titles(self)
        for code, radio in self.sex_buttons.items():
            radio.setText({"F": tr("Female"), "M": tr("Male")}.get(code, code))
        self.household_panel.retranslate()
        self.language.setItemText(0, tr("The program's language"))
        self.edits["personal_id"].setPlaceholderText(tr("e.g. {example}", example="K45101234A"))
        for index in range(self.groups.count()):
            entry = self.groups.item(index)
            code = entry.data(Qt.ItemDataRole.UserRole)
            entry.setText(profile_label(self.profile, "target_groups", code))
        self.similar.show_candidates(self.candidates)

    # -- input -------------------------------------------------------------------------------

    def collect(self) -> dict[str, Any]:
        """The person's fields as typed (empty ones left out)."""
        data: dict[str, Any] = {n: e.text().strip() for n, e in self.edits.items()}
        data["birth_date"] = self.birth_date.value()
        checked = self.sex.checkedButton()
        data["sex"] = checked.property("code") if checked else None
        data["preferred_language"] = self.language.currentData()
        data["target_groups"] = [
            self.groups.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.groups.count())
            if self.groups.item(i).checkState() == Qt.CheckState.Checked] or None
        if data.get("personal_id"):
            data["personal_id"] = normal_personal_id(data["personal_id"])
        return {k: v for k, v in data.items() if v}

    def set_text(self, name: str, text: str) -> None:
        """Type ``text`` into a field as the worker would (used by tests and prefill)."""
        self.edits[name].setText(text)
        self.edits[name].textEdited.emit(text)

    def _edited(self, name: str) -> None:
        self.drafts.touch()
        if name in self.fields:
            self.fields[name].set_error("")
        if name in _CHECKED_FIELDS:
            self._check_timer.start()

    def _restore(self, draft: dict[str, Any] | None) -> None:
        if not draft:
            return
        self.drafts.pause(True)
        try:
            for name, edit in self.edits.items():
                edit.setText(draft.get(name) or "")
            self.birth_date.set_value(draft.get("birth_date"))
            self.language.setCurrentIndex(max(0, self.language.findData(
                draft.get("preferred_language"))))
            if draft.get("sex") in self.sex_buttons:
                self.sex_buttons[draft["sex"]].setChecked(True)
            chosen = set(draft.get("target_groups") or [])
            for index in range(self.groups.count()):
                entry = self.groups.item(index)
                entry.setCheckState(Qt.CheckState.Checked
                                    if entry.data(Qt.ItemDataRole.UserRole) in chosen
                                    else Qt.CheckState.Unchecked)
        finally:
            self.drafts.pause(False)
        self.show_notice(tr("What you had typed was restored."))
        self.check_duplicates()

    # -- the duplicate check -----------------------------------------------------------------

    def check_duplicates(self) -> None:
        self._check_timer.stop()
        fields = self.collect()
        enough = (fields.get("first_name") and fields.get("last_name")) or \
            fields.get("personal_id")
        if not enough:
            self._set_candidates([])
            return
        self.similar.searching()
        (QueryOp(self.ops, parent=self, op=lambda store: find_duplicates(store, fields),
                 success=self._set_candidates)
         .latest(f"duplicate-check:{id(self)}").failure(self.show_error).run())

    def _set_candidates(self, found: list[DuplicateCandidate]) -> None:
        self.candidates = [c for c in found if c.person.id not in self.set_aside]
        self.similar.show_candidates(self.candidates)

    def use_person(self, candidate: DuplicateCandidate) -> None:
        self.person_id = candidate.person.id
        self.drafts.discard()
        self.chosen.emit(candidate.person.id)
        self.accept()

    def someone_else(self, candidate: DuplicateCandidate) -> None:
        self.set_aside.add(candidate.person.id)
        self._set_candidates(self.candidates)

    def card_for(self, person_id: str) -> CandidateCard | None:
        return self.similar.card_for(person_id)

    # -- saving ------------------------------------------------------------------------------

    def _check(self, fields: dict[str, Any]) -> bool:
        problems = person_problems(fields, self.profile.data.get("personal_id_pattern"))
        for name, field in self.fields.items():
            field.set_error(problems.get(name, ""))
        return self.household_panel.check() and not problems

    def save(self) -> None:
        self.show_error("")
        fields = self.collect()
        if not self._check(fields):
            return
        if self.candidates:
            self.show_error(tr("Check the people already registered on the right first: use "
                               "one of them, or say it is someone else."))
            return
        household, set_aside = self.household_panel.household(), set(self.set_aside)
        self.drafts.flush()
        (ChangeOp(self.ops, parent=self,
                  op=lambda store: register_unless_similar(store, fields, household, set_aside,
                                                           also=DRAFT.discard),
                  changes=_registration_changes)
         .with_busy(self.save_busy).success(self._saved).failure(self._failed).run())

    def _saved(self, outcome: Registration) -> None:
        if outcome.person_id is None:
            self._set_candidates(outcome.similar)
            self.show_error(tr("Someone similar is already registered: check before "
                               "registering."))
            return
        self.drafts.pause(True)
        self.person_id = outcome.person_id
        self.registered.emit(outcome.person_id)
        self.saved.emit(outcome.person_id)
        self.accept()

    def _failed(self, error: Exception) -> None:
        if isinstance(error, DuplicatePerson):
            self.fields["personal_id"].set_error(str(error.translated()))
        self.show_error(error)

    def clear(self) -> None:
        super().clear()
        self.drafts.pause(True)
        for edit in self.edits.values():
            edit.clear()
        self.household_panel.clear()
        self.birth_date.clear()
        self.language.setCurrentIndex(0)
        self.candidates = []
        self.similar.show_candidates([])


def _registration_changes(outcome: Registration) -> Changes:
    return Changes.of("person", "household") if outcome.person_id else NOTHING
