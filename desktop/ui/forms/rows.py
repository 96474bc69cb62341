"""The pieces a form is laid out with: input rows (the application's one field row), notes,
scores, titled sections and repeat sections."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.core.forms import Choice, FieldDef
from desktop.core.forms.display import answer_text, localized
from desktop.core.i18n import current_language, tr
from desktop.ui.field_row import REQUIRED_MARK, WARNING_SIGN, FieldRow
from desktop.ui.forms.editors import AcknowledgeEditor, Editor

# REQUIRED_MARK: the case dialogs' former import from here; it goes when they import it from
# desktop.ui.field_row.
__all__ = ["REQUIRED_MARK", "InputRow", "NoteRow", "RepeatInstance", "RepeatSection",
           "ScoreRow", "Section"]

class InputRow(FieldRow):
    """One input field of a form: the application's field row with the field's label and
    hint from the definition, its editor, and the engine's message under it."""

    def __init__(self, field: FieldDef, key: str, editor: Editor,
                 parent: QWidget | None = None) -> None:
        focus = editor.focus_widgets()
        super().__init__(lambda: field.text(current_language()), editor,
                         hint=lambda: localized(field.hint),
                         buddy=focus[0] if focus else editor, parent=parent)
        self.field = field
        self.key = key
        self.editor = editor
        self._message: dict[str, str] | None = None
        self.title.setVisible(not isinstance(editor, AcknowledgeEditor))
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        editor = self.editor
        if isinstance(editor, AcknowledgeEditor):
            editor.box.setText(self.label + (" *" if self.required else ""))
        editor.retranslate()
        editor.setAccessibleName(self.label)

    def set_required(self, required: bool) -> None:
        if required != self.required:
            self.editor.set_required(required)
        super().set_required(required)

    def set_message(self, message: dict[str, str] | None) -> None:
        """Show the engine's message ({language: text}) under the input; None hides it."""
        if message != self._message:
            self._message = message
            self.set_error((lambda: localized(message)) if message else None)


class NoteRow(QWidget):
    """Text for the worker to read."""

    def __init__(self, field: FieldDef, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.key = key
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        self.text = QLabel(self)
        self.text.setObjectName("note")
        self.text.setWordWrap(True)
        layout.addWidget(self.text)
        self.retranslate()

    def retranslate(self) -> None:
        hint = localized(self.field.hint)
        text = self.field.text(current_language())
        self.text.setText(f"{text}\n{hint}" if hint else text)


class ScoreRow(QFrame):
    """A calculated value (a score), shown read-only and prominently."""

    def __init__(self, field: FieldDef, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.key = key
        self.setObjectName("score")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        texts = QVBoxLayout()
        self.title = QLabel(self)
        self.title.setObjectName("scoreLabel")
        self.title.setWordWrap(True)
        self.hint = QLabel(self)
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        texts.addWidget(self.title)
        texts.addWidget(self.hint)
        self.value = QLabel("—", self)
        self.value.setObjectName("scoreValue")
        self.value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addLayout(texts, 1)
        layout.addWidget(self.value)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.field.text(current_language()))
        hint = localized(self.field.hint)
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))

    def set_value(self, value: Any, choice: Choice | None = None) -> None:
        """Show ``value``; a calculated code with a label in the form shows the label."""
        text = choice.text(current_language()) if choice is not None else answer_text(value)
        self.value.setText(text)


class Section(QFrame):
    """A titled group of rows."""

    def __init__(self, field: FieldDef | None, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.key = key
        self.setObjectName("section")
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(14, 10, 14, 10)
        self.body.setSpacing(4)
        self.title = QLabel(self)
        self.title.setObjectName("sectionTitle")
        self.title.setWordWrap(True)
        self.hint = QLabel(self)
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.body.addWidget(self.title)
        self.body.addWidget(self.hint)
        self.items: list[QWidget] = []
        self.retranslate()

    def add(self, item: QWidget) -> None:
        self.items.append(item)
        self.body.addWidget(item)

    def retranslate(self) -> None:
        if self.field is None:
            return
        self.title.setText(self.field.text(current_language()))
        hint = localized(self.field.hint)
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))


class RepeatInstance(Section):
    """One entry of a repeat, with its number and a remove button."""

    def __init__(self, field: FieldDef, key: str, index: int,
                 on_remove: Callable[[int], None], parent: QWidget | None = None) -> None:
        self.index = index
        super().__init__(field, key, parent)
        self.setObjectName("repeatInstance")
        header = QHBoxLayout()
        self.body.removeWidget(self.title)
        header.addWidget(self.title, 1)
        self.remove_button = QPushButton(self)
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(lambda: on_remove(self.index))
        header.addWidget(self.remove_button)
        self.body.insertLayout(0, header)
        self.hint.hide()
        self.retranslate()

    def retranslate(self) -> None:
        if not hasattr(self, "remove_button"):
            return
        self.title.setText(f"{self.field.text(current_language())} {self.index + 1}")
        self.remove_button.setText(tr("Remove"))


class RepeatSection(Section):
    """A repeat: its instances and a button that adds one."""

    def __init__(self, field: FieldDef, key: str, on_add: Callable[[], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(field, key, parent)
        self.instances: list[RepeatInstance] = []
        self.add_button = QPushButton(self)
        self.add_button.setAutoDefault(False)
        self.add_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        # clicked() passes the checked state: on_add takes no argument.
        self.add_button.clicked.connect(lambda _checked=False: on_add())
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.body.addWidget(self.error)
        self.body.addWidget(self.add_button)
        self.retranslate()

    def add_instance(self, instance: RepeatInstance) -> None:
        self.instances.append(instance)
        self.body.insertWidget(self.body.indexOf(self.error), instance)

    def take_instances(self) -> list[RepeatInstance]:
        taken, self.instances = self.instances, []
        return taken

    def set_error(self, message: dict[str, str] | None) -> None:
        self.error.setText(WARNING_SIGN + localized(message) if message else "")
        self.error.setVisible(bool(message))

    def retranslate(self) -> None:
        super().retranslate()
        if hasattr(self, "add_button"):
            self.add_button.setText(tr("Add: {what}", what=self.field.text(current_language())))
