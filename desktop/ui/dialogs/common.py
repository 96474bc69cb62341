"""What the case dialogs share: the frame (title, error banner, Save and Cancel), profile
lists as drop-downs, place names and small layout helpers. Labelled fields are
:class:`desktop.ui.field_row.FieldRow`; drafts are kept by :class:`desktop.ui.drafts.DraftKeeper`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QFont,
    QFontMetrics,
    QKeySequence,
    QShortcut,
    QShowEvent,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QCompleter,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.case_numbers import fold
from desktop.core.errors import user_message
from desktop.core.i18n import tr
from desktop.ui import style
from desktop.ui.drafts import DraftKeeper
from desktop.ui.field_row import FieldRow
from desktop.ui.forms.editors import Combo
from desktop.ui.forms.editors.dates import date_problems
from desktop.ui.language import hub
from desktop.ui.lock_keys import lock_button, retranslate_lock
from desktop.ui.ops import Operations
from desktop.ui.widgets import Banner, button

SCREEN_MARGIN = 40

DIALOG_STYLE = f"""
QDialog {{ background: {style.PAGE}; }}
QLabel#dialogTitle {{ font-size: 14pt; font-weight: 600; color: {style.PRIMARY_DARK}; }}
QLabel#dialogSubtitle {{ color: {style.MUTED}; }}
QLabel#fieldLabel {{ color: {style.TEXT}; font-weight: 600; }}
QLabel#error {{ color: {style.DANGER}; font-weight: 600; }}
QLabel#hint {{ color: {style.MUTED}; background: transparent; padding: 0; }}
QLabel#notice {{ background: {style.SUCCESS_LIGHT}; color: {style.SUCCESS};
    border-radius: 6px; padding: 6px 10px; }}
QFrame#panel {{ background: {style.SURFACE}; border: 1px solid {style.BORDER};
    border-radius: 8px; }}
QWidget#qt_scrollarea_viewport, QWidget#scrollInner {{ background: transparent; }}
"""


def code_combo(entries: Sequence[tuple[str, str]], *, empty: str | None = None) -> Combo:
    """A drop-down of (code, label); ``empty`` is the text of a first "no choice" entry."""
    combo = Combo()
    fill_combo(combo, entries, empty=empty)
    return combo


def fill_combo(combo: Combo, entries: Sequence[tuple[str, str]], *,
               empty: str | None = None) -> None:
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    if empty is not None:
        combo.addItem(empty, None)
    for code, text in entries:
        combo.addItem(text, code)
    index = combo.findData(current) if current is not None else -1
    combo.setCurrentIndex(index if index >= 0 else 0)
    combo.blockSignals(False)


def select_code(combo: Combo, code: Any) -> None:
    index = combo.findData(code)
    if index >= 0:
        combo.setCurrentIndex(index)


class SaveBusy(QObject):
    """While a save runs (``ChangeOp(...).with_busy(dialog.save_busy)``): Save is disabled
    and the cursor shows that Kujdes is working."""

    def __init__(self, dialog: CaseDialog) -> None:
        super().__init__(dialog)
        self._dialog = dialog
        self._depth = 0

    @property
    def busy(self) -> bool:
        return self._depth > 0

    def push(self) -> None:
        self._depth += 1
        self._dialog.save_button.setEnabled(False)
        if self._depth == 1:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)

    def pop(self) -> None:
        if self._depth == 0:
            return
        self._depth -= 1
        if self._depth == 0:
            self._dialog.save_button.setEnabled(True)
            QApplication.restoreOverrideCursor()

    def reset(self) -> None:
        while self._depth:
            self.pop()


class CaseDialog(QDialog):
    """The frame of a case dialog: a title, an error banner, the body, Save and Cancel.

    Ctrl+S (or Ctrl+Enter) saves; Enter alone never closes the dialog. Reads and saves are
    :class:`QueryOp` / :class:`ChangeOp` on :attr:`ops`; a save runs ``.with_busy(
    self.save_busy)`` so that Save is disabled meanwhile, and its errors go to
    :meth:`show_error` unless the dialog shows them by its fields.
    """

    saved = Signal(str)  # the id of the record saved

    title_msgid = ""
    save_msgid = "Save"
    cancel_msgid = "Close"  # input is kept as a draft: closing loses nothing
    extra_style = ""

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setStyleSheet(DIALOG_STYLE + self.extra_style)  # once: later calls go stale
        self.setModal(True)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 14, 18, 14)
        outer.setSpacing(10)
        self.heading = QLabel(self)
        self.heading.setObjectName("dialogTitle")
        self.heading.setWordWrap(True)
        self.subtitle = QLabel(self)
        self.subtitle.setObjectName("dialogSubtitle")
        self.subtitle.setWordWrap(True)
        self.subtitle.hide()
        self.banner = Banner(self)
        self.notice = QLabel(self)
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        outer.addWidget(self.heading)
        outer.addWidget(self.subtitle)
        outer.addWidget(self.banner)
        outer.addWidget(self.notice)
        self.body = QVBoxLayout()
        self.body.setSpacing(8)
        outer.addLayout(self.body, 1)
        outer.addWidget(self._button_row())
        self.save_busy = SaveBusy(self)
        for keys in (QKeySequence.StandardKey.Save, QKeySequence("Ctrl+Return"),
                     QKeySequence("Ctrl+Enter")):
            QShortcut(keys, self, activated=self._save_shortcut)
        hub().changed.connect(self._language_changed)

    def _button_row(self) -> QWidget:
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        self.lock_button = lock_button(row)
        layout.addWidget(self.lock_button)
        self.extra_buttons = QHBoxLayout()
        layout.addLayout(self.extra_buttons)
        layout.addStretch(1)
        self.cancel_button = button("", on_click=self.reject)
        self.save_button = button("", primary=True, on_click=self.checked_save)
        for widget in (self.cancel_button, self.save_button):
            widget.setAutoDefault(False)
            widget.setDefault(False)
            layout.addWidget(widget)
        return row

    # -- for subclasses ------------------------------------------------------------------------

    def save(self) -> None:
        raise NotImplementedError

    def retranslate(self) -> None:
        self.setWindowTitle(tr(self.title_msgid))
        self.heading.setText(tr(self.title_msgid))
        self.cancel_button.setText(tr(self.cancel_msgid))
        self.save_button.setText(tr(self.save_msgid))
        self.cancel_button.setToolTip(f"{tr(self.cancel_msgid)} (Esc)")
        self.save_button.setToolTip(f"{tr(self.save_msgid)} (Ctrl+S)")
        retranslate_lock(self.lock_button)
        for field in self.findChildren(FieldRow):
            field.retranslate()

    def show_error(self, error: Exception | str) -> None:
        text = error if isinstance(error, str) else user_message(error)
        self.banner.set_messages([text] if text else [])

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def set_subtitle(self, text: str) -> None:
        self.subtitle.setText(text)
        self.subtitle.setVisible(bool(text))

    def fit_screen(self, width: int, height: int) -> None:
        """Open at ``width`` x ``height``, or smaller on a small screen (1366x768)."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is not None:
            area = screen.availableGeometry()
            width = min(width, area.width() - SCREEN_MARGIN)
            height = min(height, area.height() - SCREEN_MARGIN)
        self.resize(width, height)

    def clear(self) -> None:
        """Kujdes is locking: keep drafts, then remove personal data from the widgets."""
        for keeper in self.findChildren(DraftKeeper):
            keeper.flush()

    @property
    def busy(self) -> bool:
        return self.save_busy.busy

    def _save_shortcut(self) -> None:
        if self.save_button.isEnabled() and self.save_button.isVisible():
            self.checked_save()

    def checked_save(self) -> None:
        """Save, unless a date field holds something that is not a date: that is said in
        words and nothing is saved (a wrong date is never replaced by another)."""
        wrong = date_problems(self)
        if wrong:
            self.show_error(wrong[0].problem())
            wrong[0].edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.save()

    def done(self, result: int) -> None:
        for keeper in self.findChildren(DraftKeeper):
            keeper.flush()
        self.save_busy.reset()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        for keeper in self.findChildren(DraftKeeper):
            keeper.flush()
        super().closeEvent(event)

    def _language_changed(self, _language: str) -> None:
        self.retranslate()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        QTimer.singleShot(0, self.focus_first_field)

    def focus_first_field(self) -> None:
        """Put the keyboard focus in the first field (not on a button), unless the user is
        already in one; dialogs whose fields arrive later call it again."""
        current = self.focusWidget()
        if current is not None and _is_field(current) and self.isAncestorOf(current):
            return
        field = first_field(self)
        if field is not None:
            field.setFocus(Qt.FocusReason.TabFocusReason)


_FIELD_TYPES = (QLineEdit, QAbstractSpinBox, QComboBox, QAbstractItemView, QAbstractButton)


def _is_field(widget: QWidget) -> bool:
    if isinstance(widget, QPushButton):
        return False
    return isinstance(widget, (*_FIELD_TYPES, QPlainTextEdit, QTextEdit))


def first_field(root: QWidget) -> QWidget | None:
    """The first visible, enabled input of ``root`` in Tab order (buttons do not count)."""
    widget = root.nextInFocusChain()
    while widget is not None and widget is not root:
        if (_is_field(widget) and widget.isVisible() and widget.isEnabled()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                and root.isAncestorOf(widget)):
            return widget
        widget = widget.nextInFocusChain()
    return None


class PlaceEdit(QLineEdit):
    """A place name with suggestions that match with or without ë and ç ("Qelez" finds
    "Qelëz"); a name typed without them becomes the known spelling when the field is left."""

    _SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._names: dict[str, str] = {}
        self._model = QStandardItemModel(self)
        completer = _DisplayCompleter(self._model, self)
        completer.setCompletionRole(self._SEARCH_ROLE)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompleter(completer)
        self.editingFinished.connect(self._known_spelling)

    def set_names(self, names: Sequence[str], other_names: Mapping[str, str] | None = None
                  ) -> None:
        """The known names; ``other_names`` (Serbian: Gnjilane -> Gjilan) find them too, typed
        in Latin or Cyrillic letters, and become the known name when the field is left."""
        others: dict[str, list[str]] = {}
        for other, name in (other_names or {}).items():
            others.setdefault(name, []).append(other)
        self._model.clear()
        self._names = {}
        for name in sorted(set(names), key=fold):
            item = QStandardItem(name)
            aliases = " ".join(f"{fold(o)} {o}" for o in others.get(name, []))
            item.setData(f"{fold(name)} {name} {aliases}".strip(), self._SEARCH_ROLE)
            self._model.appendRow(item)
            self._names[fold(name)] = name
            self._names.update({fold(o): name for o in others.get(name, [])})

    def _known_spelling(self) -> None:
        known = self._names.get(fold(self.text().strip()))
        if known and known != self.text():
            self.setText(known)
            self.textEdited.emit(known)


class _DisplayCompleter(QCompleter):
    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        return str(index.data(Qt.ItemDataRole.DisplayRole))


def fit_columns(table: QTableWidget, stretch: int, limit: int = 170) -> None:
    """Columns as wide as their text, at most ``limit`` (or their heading, when that is longer:
    Serbian headings are); column ``stretch`` takes the rest."""
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.resizeColumnsToContents()
    font = QFont(header.font())
    font.setWeight(QFont.Weight.DemiBold)  # as the style sheet draws headings
    metrics = QFontMetrics(font)
    fitted = {column: min(table.columnWidth(column), limit)
              for column in range(table.columnCount()) if column != stretch}
    headed = {column: max(width, metrics.horizontalAdvance(
        table.horizontalHeaderItem(column).text() if table.horizontalHeaderItem(column) else "")
        + 24) for column, width in fitted.items()}
    room = table.viewport().width() - 240  # what the stretching column keeps at least
    for column, width in (headed if sum(headed.values()) <= room else fitted).items():
        table.setColumnWidth(column, width)
    header.setTextElideMode(Qt.TextElideMode.ElideRight)  # a cut heading ends in "…"
    for column in range(table.columnCount()):
        if (heading := table.horizontalHeaderItem(column)) is not None:
            heading.setToolTip(heading.text())
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


def panel(parent: QWidget | None = None) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame(parent)
    frame.setObjectName("panel")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(14, 12, 14, 12)
    layout.setSpacing(6)
    return frame, layout


def section_title(msgid: str, parent: QWidget | None = None) -> QLabel:
    widget = QLabel(tr(msgid), parent)
    widget.setObjectName("sectionTitle")
    widget.setProperty("msgid", msgid)
    return widget


def retranslate_titles(root: QWidget) -> None:
    """Labels made by :func:`section_title` follow the language."""
    for widget in root.findChildren(QLabel):
        msgid = widget.property("msgid")
        if msgid:
            widget.setText(tr(msgid))
