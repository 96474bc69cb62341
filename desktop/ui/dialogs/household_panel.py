"""The household of a person being registered: a new one (area, members, address) with the
person as its head, or none for now."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.i18n import tr
from desktop.core.views.profile_lists import field_choices
from desktop.ui.dialogs.common import section_title
from desktop.ui.field_row import FieldRow
from sync.profile import Profile

MAX_MEMBERS = 30


class HouseholdPanel(QFrame):
    """``edited()`` after every change; :meth:`household` gives the new household's fields
    (None for no household)."""

    edited = Signal()

    def __init__(self, profile: Profile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(6)
        layout.addWidget(section_title("Household", self))
        self.household_choice = QButtonGroup(self)
        self.new_household = QRadioButton(self)
        self.no_household = QRadioButton(self)
        self.new_household.setChecked(True)
        for radio in (self.new_household, self.no_household):
            self.household_choice.addButton(radio)
            layout.addWidget(radio)
        self.household_box = QWidget(self)
        grid = QGridLayout(self.household_box)
        grid.setContentsMargins(22, 0, 0, 0)
        grid.setHorizontalSpacing(14)
        self.area = QButtonGroup(self)
        area_box = QWidget(self.household_box)
        area_row = QHBoxLayout(area_box)
        area_row.setContentsMargins(0, 0, 0, 0)
        self.area_buttons = {code: QRadioButton(area_box)
                             for code in field_choices(profile, "household", "area_type")}
        for code, radio in self.area_buttons.items():
            radio.setProperty("code", code)
            self.area.addButton(radio)
            area_row.addWidget(radio)
        area_row.addStretch(1)
        self.address = QLineEdit(self.household_box)
        self.members = QLineEdit("1", self.household_box)  # what is typed stays as typed
        self.members.setMaxLength(6)
        self.members.setMaximumWidth(90)
        self.fields = {
            "area_type": FieldRow("Area", area_box),
            "size": FieldRow("Members", self.members),
            "address": FieldRow("Address", self.address),
        }
        grid.addWidget(self.fields["area_type"], 0, 0)
        grid.addWidget(self.fields["size"], 0, 1)
        grid.addWidget(self.fields["address"], 1, 0, 1, 2)
        layout.addWidget(self.household_box)
        self.new_household.toggled.connect(self.household_box.setEnabled)
        for group in (self.household_choice, self.area):
            group.buttonClicked.connect(self.edited)
        self.members.textEdited.connect(self.edited)
        self.address.textEdited.connect(self.edited)

    def retranslate(self) -> None:
        for code, radio in self.area_buttons.items():
            radio.setText({"rural": tr("Rural"), "urban": tr("Urban")}.get(code, code))
        self.new_household.setText(tr("A new household, with this person as its head"))
        self.no_household.setText(tr("No household for now"))

    def household(self) -> dict[str, Any] | None:
        if not self.new_household.isChecked():
            return None
        area = self.area.checkedButton()
        return {k: v for k, v in {
            "area_type": area.property("code") if area else None,
            "address": self.address.text().strip() or None,
            "size": self.members_count()}.items() if v is not None}

    def members_count(self) -> int | None:
        text = self.members.text().strip()
        return int(text) if text.isdigit() and 1 <= int(text) <= MAX_MEMBERS else None

    def check(self) -> bool:
        """A new household's members: a whole number from 1 to MAX_MEMBERS, else said."""
        wrong = self.new_household.isChecked() and self.members_count() is None
        self.fields["size"].set_error(
            tr("Write a number from 1 to {most}.",
               most=MAX_MEMBERS) if wrong else "")
        return not wrong

    def clear(self) -> None:
        self.address.clear()
        self.members.setText("1")
