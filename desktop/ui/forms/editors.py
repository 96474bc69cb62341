"""One editor widget per field type.

Every editor offers the same small interface: ``value()`` gives the answer as the forms engine
stores it (``None`` when empty), ``set_value()`` shows an answer without emitting ``changed``,
``clear()`` empties it, and ``changed`` fires when the worker edits it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QDate, QPointF, QRegularExpression, QSignalBlocker, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QRegularExpressionValidator,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.forms import Choice
from desktop.core.i18n import current_language, tr

DATE_FORMAT = "dd.MM.yyyy"
_EMPTY_DATE = QDate(1800, 1, 1)
_LAST_DATE = QDate(2199, 12, 31)
_SEPARATORS = (".", "/", "-", ",", " ")
RADIO_LIMIT = 6
_HORIZONTAL_LIMIT = 64
COMBO_WIDTH = 560


def paint_chevron(widget: QWidget) -> None:
    """Draw a small "v" at the right edge: the drop-down mark the flat style leaves out."""
    painter = QPainter(widget)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = QColor("#5f6b7a" if widget.isEnabled() else "#b0b8c4")
    painter.setPen(QPen(colour, 1.6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    x, y = widget.width() - 14.0, widget.height() / 2.0
    painter.drawPolyline([QPointF(x - 4, y - 2), QPointF(x, y + 2), QPointF(x + 4, y - 2)])
    painter.end()


class Combo(QComboBox):
    """A combo box that shows its drop-down mark under the application's flat style."""

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        paint_chevron(self)


class Editor(QWidget):
    """Base class of the field editors."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        self.set_value(None)

    def set_read_only(self, read_only: bool) -> None:
        self.setEnabled(not read_only)

    def focus_widgets(self) -> list[QWidget]:
        """The widgets that take keyboard focus, in tab order."""
        return [self.edit] if isinstance(getattr(self, "edit", None), QWidget) else []

    def retranslate(self) -> None:
        """Refresh texts that do not come from the form definition."""

    def set_required(self, required: bool) -> None:
        """A required answer cannot be cleared, only changed (editors may drop a button)."""

    def _emit(self, *_: object) -> None:
        self.changed.emit()


# -- text and numbers ----------------------------------------------------------------------

class TextEditor(Editor):
    """One line, or several when ``multiline`` (Tab still moves to the next field)."""

    def __init__(self, multiline: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.multiline = multiline
        if multiline:
            self.edit: QLineEdit | QPlainTextEdit = QPlainTextEdit(self)
            self.edit.setTabChangesFocus(True)
            self.edit.setFixedHeight(self.edit.fontMetrics().lineSpacing() * 4 + 14)
            self.edit.textChanged.connect(self._emit)
        else:
            self.edit = QLineEdit(self)
            self.edit.textEdited.connect(self._emit)
        self._layout.addWidget(self.edit)

    def text(self) -> str:
        if isinstance(self.edit, QPlainTextEdit):
            return self.edit.toPlainText()
        return self.edit.text()

    def value(self) -> Any:
        return self.text() if self.text().strip() else None

    def set_value(self, value: Any) -> None:
        with QSignalBlocker(self.edit):
            text = "" if value is None else str(value)
            if isinstance(self.edit, QPlainTextEdit):
                self.edit.setPlainText(text)
            else:
                self.edit.setText(text)

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


class NumberEditor(Editor):
    """Digits only (and a decimal point or comma for decimals); empty means not answered."""

    _PATTERNS = {"integer": r"[+-]?\d{0,12}", "decimal": r"[+-]?\d{0,12}([.,]\d{0,6})?"}

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.edit = QLineEdit(self)
        self.edit.setValidator(QRegularExpressionValidator(
            QRegularExpression(self._PATTERNS[kind]), self.edit))
        self.edit.setMaximumWidth(180)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.edit.textEdited.connect(self._emit)
        self._layout.addWidget(self.edit)
        self._layout.addStretch(1)

    def value(self) -> Any:
        text = self.edit.text().strip()
        return text or None

    def set_value(self, value: Any) -> None:
        if isinstance(value, float) and value.is_integer() and self.kind == "decimal":
            value = int(value)
        with QSignalBlocker(self.edit):
            self.edit.setText("" if value is None else str(value))

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


# -- dates ---------------------------------------------------------------------------------

class _DateEdit(QDateEdit):
    """A date edit whose lowest date stands for "no date": typing or clicking starts today."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat(DATE_FORMAT)
        self.setCalendarPopup(True)
        self.setDateRange(_EMPTY_DATE, _LAST_DATE)
        self.setSpecialValueText(tr("dd.mm.yyyy"))
        self.setDate(_EMPTY_DATE)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("00.00.00000") + 48)
        self.setStyleSheet("QDateEdit::drop-down { border: none; width: 24px; }")
        self._advanced = False

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.calendarPopup():
            paint_chevron(self)

    def is_empty(self) -> bool:
        return self.date() == _EMPTY_DATE

    def _start(self) -> None:
        if self.is_empty():
            self.setDate(QDate.currentDate())
            self.setCurrentSection(QDateEdit.Section.DaySection)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, text = event.key(), event.text()
        if text in _SEPARATORS and self._advanced:
            self._advanced = False  # "15.03.2025": the day already moved on to the month
            return
        if self.is_empty() and (text.isdigit() or key in (Qt.Key.Key_Up, Qt.Key.Key_Down)):
            self._start()
            if text.isdigit():
                self.setSelectedSection(QDateEdit.Section.DaySection)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self._all_selected():
            self.setDate(_EMPTY_DATE)
            return
        section = self.currentSection()
        super().keyPressEvent(event)
        self._advanced = text.isdigit() and self.currentSection() != section

    def _all_selected(self) -> bool:
        edit = self.lineEdit()
        return edit.hasSelectedText() and len(edit.selectedText()) >= len(edit.text()) - 1

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._start()
        super().mousePressEvent(event)


class DateEditor(Editor):
    """A date shown as dd.MM.yyyy, with an explicit empty state and a button that clears it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = _DateEdit(self)
        self.edit.dateChanged.connect(self._on_changed)
        self.clear_button = QToolButton(self)
        self.clear_button.setText("✕")
        self.clear_button.setAutoRaise(True)
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clear_button.clicked.connect(self._clear_clicked)
        self._layout.addWidget(self.edit)
        self._layout.addWidget(self.clear_button)
        self._layout.addStretch(1)
        self.retranslate()
        self._update_clear()

    def retranslate(self) -> None:
        self.edit.setSpecialValueText(tr("dd.mm.yyyy"))
        self.clear_button.setToolTip(tr("Clear the date"))
        self.edit.setToolTip(tr("Type the date as dd.mm.yyyy, or press the arrow for a "
                                "calendar."))

    def date(self) -> dt.date | None:
        if self.edit.is_empty():
            return None
        return self.edit.date().toPython()

    def value(self) -> Any:
        day = self.date()
        return day.isoformat() if day else None

    def set_value(self, value: Any) -> None:
        with QSignalBlocker(self.edit):
            self.edit.setDate(_to_qdate(value) or _EMPTY_DATE)
        self._update_clear()

    def set_date(self, day: dt.date | None) -> None:
        """Set the date as if the worker had chosen it (``changed`` fires)."""
        self.edit.setDate(QDate(day) if day else _EMPTY_DATE)

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
        self.clear_button.setEnabled(not read_only)

    def _on_changed(self) -> None:
        self._update_clear()
        self.changed.emit()

    def _clear_clicked(self) -> None:
        self.edit.setDate(_EMPTY_DATE)
        self.edit.setFocus()

    def _update_clear(self) -> None:
        self.clear_button.setVisible(not self.edit.is_empty())


def _to_qdate(value: Any) -> QDate | None:
    if isinstance(value, dt.date):
        return QDate(value)
    if isinstance(value, str) and value:
        try:
            return QDate(dt.date.fromisoformat(value[:10]))
        except ValueError:
            return None
    return None


# -- choices -------------------------------------------------------------------------------

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


# -- images --------------------------------------------------------------------------------

PickFile = Callable[["ImageEditor"], None]
LoadPreview = Callable[[str, Callable[[bytes | None], None]], None]


class ImageEditor(Editor):
    """Shows the attached picture (kept inside the vault) and lets the worker pick another.

    The form view supplies ``pick`` (choose a file and store it in the vault on the database
    thread, then call :meth:`attached`) and ``preview`` (fetch the stored bytes).
    """

    PREVIEW_SIZE = 160

    def __init__(self, pick: PickFile, preview: LoadPreview,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pick = pick
        self._preview = preview
        self._sha: str | None = None
        self.thumbnail = QLabel(self)
        self.thumbnail.setFixedSize(self.PREVIEW_SIZE, self.PREVIEW_SIZE * 3 // 4)
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumbnail.setObjectName("imagePreview")
        self.choose_button = QPushButton(self)
        self.choose_button.setAutoDefault(False)
        self.choose_button.clicked.connect(lambda: self._pick(self))
        self.remove_button = QPushButton(self)
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self._remove)
        self.status = QLabel(self)
        self.status.setObjectName("hint")
        buttons = QVBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.status)
        buttons.addStretch(1)
        self._layout.addWidget(self.thumbnail)
        self._layout.addLayout(buttons)
        self._layout.addStretch(1)
        self.retranslate()
        self._show()

    def retranslate(self) -> None:
        self.choose_button.setText(tr("Choose a picture…"))
        self.remove_button.setText(tr("Remove"))
        if self._sha is None:
            self.thumbnail.setText(tr("No picture"))

    def value(self) -> Any:
        return self._sha

    def set_value(self, value: Any) -> None:
        self._sha = value if isinstance(value, str) and value else None
        self._show()

    def attached(self, sha256: str) -> None:
        """A picked file is now stored in the vault under ``sha256``."""
        self.status.clear()
        self._sha = sha256
        self._show()
        self.changed.emit()

    def failed(self, message: str) -> None:
        self.status.setText(message)

    def set_busy(self, busy: bool) -> None:
        self.choose_button.setEnabled(not busy)
        self.status.setText(tr("Saving the picture in the vault…") if busy else "")

    def set_read_only(self, read_only: bool) -> None:
        self.choose_button.setEnabled(not read_only)
        self.remove_button.setEnabled(not read_only and self._sha is not None)

    def focus_widgets(self) -> list[QWidget]:
        return [self.choose_button, self.remove_button]

    def _remove(self) -> None:
        self._sha = None
        self._show()
        self.changed.emit()

    def _show(self) -> None:
        self.remove_button.setEnabled(self._sha is not None)
        self.thumbnail.clear()
        if self._sha is None:
            self.thumbnail.setText(tr("No picture"))
            return
        self.thumbnail.setText(tr("Loading…"))
        sha = self._sha
        self._preview(sha, lambda data: self._show_bytes(sha, data))

    def _show_bytes(self, sha: str, data: bytes | None) -> None:
        if sha != self._sha:
            return
        pixmap = QPixmap()
        if data and pixmap.loadFromData(data):
            self.thumbnail.setPixmap(pixmap.scaled(
                self.thumbnail.size(), Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation))
        else:
            self.thumbnail.setText(tr("Attached ({sha})", sha=sha[:8]))
