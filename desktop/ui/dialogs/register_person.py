"""Registering a person (and their household), with the duplicate check as the worker types.

Repeat referrals of the same person are common. While the name, personal ID number, birth
date or village are typed, people already registered who are probably the same person are
shown beside the form; each is either used ("Use this person") or set aside ("It is someone
else") before anything is saved. The check runs again inside the save, so a fast Save cannot
slip past it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core.casework.errors import DuplicatePerson
from desktop.core.casework.persons import (
    DuplicateCandidate,
    find_duplicates,
    full_name,
    normal_personal_id,
    register_person,
)
from desktop.core.casework.places import (
    administrative_units,
    other_municipality_names,
    village_names,
)
from desktop.core.i18n import LANGUAGE_CHOICES, tr
from desktop.core.store import Store
from desktop.ui import style
from desktop.ui.database import Database
from desktop.ui.dialogs.common import (
    CaseDialog,
    DraftKeeper,
    Field,
    PlaceEdit,
    lang,
    panel,
    retranslate_titles,
    section_title,
)
from desktop.ui.formatting import fmt_date
from desktop.ui.forms.editors import DateEditor
from desktop.ui.widgets import button
from sync.profile import Profile

CHECK_DELAY_MS = 400
DRAFT_KEY = "register_person"
_TEXT_FIELDS = ("first_name", "last_name", "father_name", "personal_id", "phone",
                "administrative_unit", "village")
_CHECKED_FIELDS = ("first_name", "last_name", "personal_id", "birth_date", "village")

_STYLE = f"""
QFrame#candidate {{ background: {style.WARNING_LIGHT}; border: 1px solid #f5d49a;
    border-radius: 8px; }}
QLabel#candidateName {{ font-weight: 700; font-size: 11pt; }}
QListWidget {{ border-radius: 6px; }}
"""


def _duplicates(store: Store, fields: dict[str, Any]) -> list[DuplicateCandidate]:
    return find_duplicates(store, fields)


def _register(store: Store, fields: dict[str, Any], household: dict[str, Any] | None,
              set_aside: set[str], draft_key: str) -> tuple[str, Any]:
    """Save unless someone new and similar turned up; ("duplicates", [..]) or ("saved", id)."""
    with store.transaction():
        found = [c for c in find_duplicates(store, fields) if c.person.id not in set_aside]
        if found:
            return "duplicates", found
        person = register_person(store, fields, new_household=household)
        store.delete_draft(draft_key)
    return "saved", person.id


class CandidateCard(QFrame):
    """One registered person who may be the same: details and the two choices."""

    def __init__(self, candidate: DuplicateCandidate, on_use: Any, on_other: Any,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.candidate = candidate
        self.setObjectName("candidate")
        f = candidate.person.fields
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(3)
        name = QLabel(full_name(candidate.person), self)
        name.setObjectName("candidateName")
        details = [tr("Father: {name}", name=f["father_name"]) if f.get("father_name") else "",
                   tr("Born {date}", date=fmt_date(f.get("birth_date")))
                   if f.get("birth_date") else "",
                   f.get("village") or "", f.get("personal_id") or ""]
        info = QLabel(" · ".join(d for d in details if d), self)
        info.setWordWrap(True)
        reason = QLabel(candidate.reason, self)
        reason.setObjectName("hint")
        reason.setWordWrap(True)
        self.use_button = button(tr("Use this person"), primary=True,
                                 on_click=lambda: on_use(candidate))
        self.other_button = button(tr("It is someone else"),
                                   on_click=lambda: on_other(candidate))
        for widget in (self.use_button, self.other_button):
            widget.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.use_button)
        buttons.addWidget(self.other_button)
        buttons.addStretch(1)
        for widget in (name, info, reason):
            layout.addWidget(widget)
        layout.addLayout(buttons)


class RegisterPersonDialog(CaseDialog):
    """Register a new person with their household; signals ``registered`` or ``chosen``."""

    title_msgid = "Register a person"
    save_msgid = "Register"
    extra_style = _STYLE
    registered = Signal(str)  # a new person's id
    chosen = Signal(str)      # an already registered person the worker picked instead

    def __init__(self, db: Database, profile: Profile, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self.profile = profile
        self.person_id: str | None = None
        self.candidates: list[DuplicateCandidate] = []
        self.set_aside: set[str] = set()
        self._check_number = 0
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.check_duplicates)
        columns = QHBoxLayout()
        columns.setSpacing(14)
        columns.addWidget(self._form_area(), 3)
        right = QVBoxLayout()
        right.setSpacing(10)
        right.addWidget(self._matches_panel(), 1)
        right.addWidget(self._household_panel())
        columns.addLayout(right, 2)
        self.body.addLayout(columns, 1)
        self.drafts = DraftKeeper(db, DRAFT_KEY, "person", self.collect, parent=self)
        self._connect()
        self.retranslate()
        self.fit_screen(1180, 760)
        self.run(village_names, lambda found: self.village.set_names(*found))
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
        self.sex_buttons = {code: QRadioButton(sex_box) for code in ("F", "M")}
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
            "first_name": Field("First name", self.edits["first_name"], required=True),
            "last_name": Field("Last name", self.edits["last_name"], required=True),
            "father_name": Field("Father's name", self.edits["father_name"]),
            "sex": Field("Sex", sex_box),
            "birth_date": Field("Date of birth", self.birth_date),
            "personal_id": Field("Personal ID number", self.edits["personal_id"]),
            "phone": Field("Phone", self.edits["phone"]),
            "preferred_language": Field("Preferred language", self.language),
            "administrative_unit": Field("Administrative unit", self.unit),
            "village": Field("Village", self.village),
            "target_groups": Field("Target groups", self.groups),
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

    def _household_panel(self) -> QFrame:
        frame, layout = panel(self)
        layout.addWidget(section_title("Household", frame))
        self.household_choice = QButtonGroup(self)
        self.new_household = QRadioButton(frame)
        self.no_household = QRadioButton(frame)
        self.new_household.setChecked(True)
        for radio in (self.new_household, self.no_household):
            self.household_choice.addButton(radio)
            layout.addWidget(radio)
        self.household_box = QWidget(frame)
        grid = QGridLayout(self.household_box)
        grid.setContentsMargins(22, 0, 0, 0)
        grid.setHorizontalSpacing(14)
        self.area = QButtonGroup(self)
        area_box = QWidget(self.household_box)
        area_row = QHBoxLayout(area_box)
        area_row.setContentsMargins(0, 0, 0, 0)
        self.area_buttons = {code: QRadioButton(area_box) for code in ("rural", "urban")}
        for code, radio in self.area_buttons.items():
            radio.setProperty("code", code)
            self.area.addButton(radio)
            area_row.addWidget(radio)
        area_row.addStretch(1)
        self.address = QLineEdit(self.household_box)
        self.members = QSpinBox(self.household_box)
        self.members.setRange(1, 30)
        self.members.setMaximumWidth(90)
        self.household_fields = {
            "area_type": Field("Area", area_box),
            "size": Field("Members", self.members),
            "address": Field("Address", self.address),
        }
        grid.addWidget(self.household_fields["area_type"], 0, 0)
        grid.addWidget(self.household_fields["size"], 0, 1)
        grid.addWidget(self.household_fields["address"], 1, 0, 1, 2)
        layout.addWidget(self.household_box)
        self.new_household.toggled.connect(self.household_box.setEnabled)
        return frame

    def _matches_panel(self) -> QFrame:
        frame, layout = panel(self)
        layout.addWidget(section_title("Already registered?", frame))
        self.match_status = QLabel(frame)
        self.match_status.setObjectName("hint")
        self.match_status.setWordWrap(True)
        layout.addWidget(self.match_status)
        scroll = QScrollArea(frame)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.cards_box = QWidget()
        self.cards_box.setObjectName("scrollInner")
        self.cards = QVBoxLayout(self.cards_box)
        self.cards.setContentsMargins(0, 0, 0, 0)
        self.cards.setSpacing(8)
        self.cards.addStretch(1)
        scroll.setWidget(self.cards_box)
        layout.addWidget(scroll, 1)
        return frame

    def _connect(self) -> None:
        for name, edit in self.edits.items():
            edit.textEdited.connect(lambda _t, n=name: self._edited(n))
        self.birth_date.changed.connect(lambda: self._edited("birth_date"))
        for group in (self.sex, self.household_choice, self.area):
            group.buttonClicked.connect(lambda _b: self.drafts.touch())
        self.groups.itemChanged.connect(lambda _i: self.drafts.touch())
        self.members.valueChanged.connect(lambda _v: self.drafts.touch())
        self.language.currentIndexChanged.connect(lambda _i: self.drafts.touch())
        self.address.textEdited.connect(lambda _t: self.drafts.touch())

    def retranslate(self) -> None:
        super().retranslate()
        retranslate_titles(self)
        self.sex_buttons["F"].setText(tr("Female"))
        self.sex_buttons["M"].setText(tr("Male"))
        self.area_buttons["rural"].setText(tr("Rural"))
        self.area_buttons["urban"].setText(tr("Urban"))
        self.new_household.setText(tr("A new household, with this person as its head"))
        self.edits["personal_id"].setPlaceholderText(tr("e.g. {example}", example="K45101234A"))
        self.no_household.setText(tr("No household for now"))
        self.language.setItemText(0, tr("The program's language"))
        for index in range(self.groups.count()):
            entry = self.groups.item(index)
            code = entry.data(Qt.ItemDataRole.UserRole)
            entry.setText(lang(self.profile.item("target_groups", code).get("label")))
        self._show_candidates()

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

    def household(self) -> dict[str, Any] | None:
        if not self.new_household.isChecked():
            return None
        area = self.area.checkedButton()
        return {k: v for k, v in {
            "area_type": area.property("code") if area else None,
            "address": self.address.text().strip() or None,
            "size": self.members.value()}.items() if v is not None}

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
        self._check_number += 1
        number = self._check_number
        self.match_status.setText(tr("Looking for people already registered…"))
        self.run(lambda store: _duplicates(store, fields),
                 lambda found: self._checked(number, found))

    def _checked(self, number: int, found: list[DuplicateCandidate]) -> None:
        if number == self._check_number:
            self._set_candidates(found)

    def _set_candidates(self, found: list[DuplicateCandidate]) -> None:
        self.candidates = [c for c in found if c.person.id not in self.set_aside]
        self._show_candidates()

    def _show_candidates(self) -> None:
        while self.cards.count() > 1:
            widget = self.cards.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        for candidate in self.candidates:
            card = CandidateCard(candidate, self.use_person, self.someone_else, self.cards_box)
            self.cards.insertWidget(self.cards.count() - 1, card)
        if self.candidates:
            self.match_status.setText(tr("These people are already registered and may be the "
                                         "same person. Check each one before registering."))
        else:
            self.match_status.setText(tr("No similar person is registered. The check runs "
                                         "as you type the name, ID number, birth date and "
                                         "village."))

    def use_person(self, candidate: DuplicateCandidate) -> None:
        self.person_id = candidate.person.id
        self.run(self.drafts.discard_job())
        self.chosen.emit(candidate.person.id)
        self.accept()

    def someone_else(self, candidate: DuplicateCandidate) -> None:
        self.set_aside.add(candidate.person.id)
        self._set_candidates(self.candidates)

    def card_for(self, person_id: str) -> CandidateCard | None:
        for index in range(self.cards.count()):
            widget = self.cards.itemAt(index).widget()
            if isinstance(widget, CandidateCard) and widget.candidate.person.id == person_id:
                return widget
        return None

    # -- saving ------------------------------------------------------------------------------

    def _check(self, fields: dict[str, Any]) -> bool:
        for field in self.fields.values():
            field.set_error("")
        ok = True
        for name in ("first_name", "last_name"):
            if not fields.get(name):
                self.fields[name].set_error(tr("This field is required."))
                ok = False
        pattern = self.profile.data.get("personal_id_pattern")
        pid = fields.get("personal_id")
        if pid and pattern and not re.match(pattern, pid):
            self.fields["personal_id"].set_error(tr("This does not look like a personal ID "
                                                    "number."))
            ok = False
        born = fields.get("birth_date")
        if born and born > dt.date.today().isoformat():
            self.fields["birth_date"].set_error(tr("The date cannot be in the future."))
            ok = False
        return ok

    def save(self) -> None:
        self.show_error("")
        fields = self.collect()
        if not self._check(fields):
            return
        if self.candidates:
            self.show_error(tr("Check the people already registered on the right first: use "
                               "one of them, or say it is someone else."))
            return
        household, set_aside = self.household(), set(self.set_aside)
        self.drafts.flush()
        self.run(lambda store: _register(store, fields, household, set_aside, DRAFT_KEY),
                 self._saved, self._failed, saving=True)

    def _saved(self, outcome: tuple[str, Any]) -> None:
        kind, value = outcome
        if kind == "duplicates":
            self._set_candidates(value)
            self.show_error(tr("Someone similar is already registered: check before "
                               "registering."))
            return
        self.drafts.pause(True)
        self.person_id = value
        self.registered.emit(value)
        self.saved.emit(value)
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
        self.address.clear()
        self.birth_date.clear()
        self.language.setCurrentIndex(0)
        self.candidates = []
        self._show_candidates()
