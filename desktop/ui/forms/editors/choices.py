"""Editors of chosen answers: radio buttons, a drop-down, check boxes, one acknowledgement."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.forms import Choice
from desktop.core.i18n import current_language, tr
from desktop.ui.forms.editors.base import Combo, Editor

RADIO_LIMIT = 6
_HORIZONTAL_LIMIT = 64
COMBO_WIDTH = 560


def choice_text(choice: Choice) -> str:
    return choice.text(current_language())


def uses_radios(choices: Sequence[Choice], appearance: str | None) -> bool:
    if appearance and "minimal" in appearance:
        return False
    return len(choices) <= RADIO_LIMIT


class RadioEditor(Editor):
    """Exclusive radio buttons for a short list; arrows move between them."""

    def __init__(self, choices: Sequence[Choice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.group.buttonClicked.connect(self._clicked)
        self.buttons: dict[str, QRadioButton] = {}
        self._required = False
        self._box = QWidget(self)
        self._layout.addWidget(self._box)
        self.clear_button = QToolButton(self)
        self.clear_button.setText("✕")
        self.clear_button.setAutoRaise(True)
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clear_button.clicked.connect(self._clear_clicked)
        self._layout.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignTop)
        self._layout.addStretch(1)
        self.set_choices(choices)
        self.retranslate()

    def set_choices(self, choices: Sequence[Choice]) -> None:
        current = self.value()
        for button in list(self.buttons.values()):
            self.group.removeButton(button)
            button.deleteLater()
        if self._box.layout() is not None:
            QWidget().setLayout(self._box.layout())
        horizontal = sum(len(choice_text(c)) + 4 for c in choices) <= _HORIZONTAL_LIMIT
        box_layout = QHBoxLayout(self._box) if horizontal else QVBoxLayout(self._box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        box_layout.setSpacing(16 if horizontal else 4)
        self.choices = list(choices)
        self.buttons = {}
        for choice in self.choices:
            button = QRadioButton(choice_text(choice), self._box)
            button.setProperty("choice", choice.name)
            self.group.addButton(button)
            box_layout.addWidget(button)
            self.buttons[choice.name] = button
        self.set_value(current)

    def value(self) -> Any:
        button = self.group.checkedButton()
        return button.property("choice") if button else None

    def set_value(self, value: Any) -> None:
        checked = self.group.checkedButton()
        if checked is not None:
            self.group.setExclusive(False)
            checked.setChecked(False)
            self.group.setExclusive(True)
        button = self.buttons.get(value) if isinstance(value, str) else None
        if button is not None:
            button.setChecked(True)
        self._update_clear()

    def set_read_only(self, read_only: bool) -> None:
        for button in self.buttons.values():
            button.setEnabled(not read_only)
        self.clear_button.setEnabled(not read_only)

    def focus_widgets(self) -> list[QWidget]:
        return [self.buttons[c.name] for c in self.choices]

    def retranslate(self) -> None:
        self.clear_button.setToolTip(tr("Clear the answer"))
        for choice in self.choices:
            self.buttons[choice.name].setText(choice_text(choice))

    def _clicked(self, _button: QAbstractButton) -> None:
        self._update_clear()
        self.changed.emit()

    def _clear_clicked(self) -> None:
        if self.value() is not None:
            self.set_value(None)
            self.changed.emit()

    def set_required(self, required: bool) -> None:
        self._required = required
        self._update_clear()

    def _update_clear(self) -> None:
        self.clear_button.setVisible(not self._required
                                     and self.group.checkedButton() is not None)


class ComboEditor(Editor):
    """A drop-down for a long list; the first entry means "not answered"."""

    def __init__(self, choices: Sequence[Choice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = Combo(self)
        self.combo.setMinimumContentsLength(20)
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMaximumWidth(COMBO_WIDTH)
        self.combo.setMaxVisibleItems(15)
        self.combo.currentIndexChanged.connect(self._emit_if_user)
        self._layout.addWidget(self.combo, 1)
        self._quiet = False
        self.choices: list[Choice] = []
        self.set_choices(choices)

    def set_choices(self, choices: Sequence[Choice]) -> None:
        current = self.value()
        self.choices = list(choices)
        self._quiet = True
        try:
            self.combo.clear()
            self.combo.addItem(tr("— choose —"), None)
            for choice in self.choices:
                self.combo.addItem(choice_text(choice), choice.name)
        finally:
            self._quiet = False
        self.set_value(current)

    def value(self) -> Any:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        index = self.combo.findData(value) if value is not None else 0
        self._quiet = True
        try:
            self.combo.setCurrentIndex(max(index, 0))
        finally:
            self._quiet = False

    def set_read_only(self, read_only: bool) -> None:
        self.combo.setEnabled(not read_only)

    def focus_widgets(self) -> list[QWidget]:
        return [self.combo]

    def retranslate(self) -> None:
        self.set_choices(self.choices)

    def _emit_if_user(self, _index: int) -> None:
        if not self._quiet:
            self.changed.emit()


class MultiEditor(Editor):
    """Check boxes, in two columns when the list is long."""

    def __init__(self, choices: Sequence[Choice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._box = QWidget(self)
        self._layout.addWidget(self._box, 1)
        self.boxes: dict[str, QCheckBox] = {}
        self.choices: list[Choice] = []
        self.set_choices(choices)

    def set_choices(self, choices: Sequence[Choice]) -> None:
        current = self.value() or []
        for box in self.boxes.values():
            box.deleteLater()
        if self._box.layout() is not None:
            QWidget().setLayout(self._box.layout())
        grid = QGridLayout(self._box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(4)
        self.choices = list(choices)
        columns = 2 if len(self.choices) > 6 else 1
        rows = (len(self.choices) + columns - 1) // columns
        self.boxes = {}
        for index, choice in enumerate(self.choices):
            box = QCheckBox(choice_text(choice), self._box)
            box.toggled.connect(self._emit)
            grid.addWidget(box, index % rows, index // rows)
            self.boxes[choice.name] = box
        grid.setColumnStretch(columns, 1)
        self.set_value(current)

    def value(self) -> Any:
        chosen = [c.name for c in self.choices if self.boxes[c.name].isChecked()]
        return chosen or None

    def set_value(self, value: Any) -> None:
        chosen = set(value or [])
        for name, box in self.boxes.items():
            with QSignalBlocker(box):
                box.setChecked(name in chosen)

    def set_read_only(self, read_only: bool) -> None:
        for box in self.boxes.values():
            box.setEnabled(not read_only)

    def focus_widgets(self) -> list[QWidget]:
        return [self.boxes[c.name] for c in self.choices]

    def retranslate(self) -> None:
        for choice in self.choices:
            self.boxes[choice.name].setText(choice_text(choice))


class AcknowledgeEditor(Editor):
    """A single check box; ticked is the answer ``True``."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QCheckBox(text, self)
        self.box.toggled.connect(self._emit)
        self._layout.addWidget(self.box)
        self._layout.addStretch(1)

    def value(self) -> Any:
        return True if self.box.isChecked() else None

    def set_value(self, value: Any) -> None:
        with QSignalBlocker(self.box):
            self.box.setChecked(value is True)

    def set_read_only(self, read_only: bool) -> None:
        self.box.setEnabled(not read_only)

    def focus_widgets(self) -> list[QWidget]:
        return [self.box]
