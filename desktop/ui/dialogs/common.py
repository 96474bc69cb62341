"""What the case dialogs share: the frame (title, error banner, Save and Cancel), labelled
fields with inline errors, profile lists as drop-downs, and drafts of half-typed input."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from html import escape
from typing import Any

import shiboken6
from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QApplication,
    QCompleter,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.case_numbers import fold
from desktop.core.casework.cases import require_case
from desktop.core.casework.persons import full_name
from desktop.core.i18n import current_language, tr
from desktop.core.store import Store
from desktop.ui import style
from desktop.ui.database import Database, Job
from desktop.ui.forms.editors import Combo
from desktop.ui.forms.jobs import error_text, run_for
from desktop.ui.forms.rows import REQUIRED_MARK
from desktop.ui.language import hub
from desktop.ui.widgets import Banner, button
from sync.profile import Profile

DRAFT_DELAY_MS = 500
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


def lang(text: dict[str, str] | None) -> str:
    text = text or {}
    return text.get(current_language()) or text.get("sq") or ""


def profile_label(profile: Profile, section: str, code: str | None) -> str:
    return profile.label(section, code, current_language()) if code else ""


def case_heading(store: Store, case_id: str) -> dict[str, Any]:
    """Case number, person's name, opening date and status, for a dialog's subtitle."""
    case = require_case(store, case_id)
    person = store.get(case.fields.get("person_id") or "")
    return {"number": case.fields.get("case_number", ""),
            "name": full_name(person), "opened_on": case.fields.get("opened_on"),
            "status": case.fields.get("status")}


class Field(QWidget):
    """A label (with * when required), the input, an optional hint and an inline error."""

    def __init__(self, msgid: str, widget: QWidget, *, required: bool = False,
                 hint: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.msgid = msgid
        self.hint_msgid = hint
        self.widget = widget
        self.required = required
        self._error = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(3)
        self.title = QLabel(self)
        self.title.setObjectName("fieldLabel")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        self.title.setBuddy(widget)
        self.hint = QLabel(self)
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.title)
        layout.addWidget(widget)
        layout.addWidget(self.hint)
        layout.addWidget(self.error)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(escape(tr(self.msgid)) + (REQUIRED_MARK if self.required else ""))
        self.hint.setText(tr(self.hint_msgid) if self.hint_msgid else "")
        self.hint.setVisible(bool(self.hint_msgid))

    def set_error(self, text: str) -> None:
        self._error = text
        self.error.setText("⚠ " + text if text else "")
        self.error.setVisible(bool(text))

    @property
    def error_text(self) -> str:
        return self._error


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


def profile_entries(profile: Profile, section: str) -> list[tuple[str, str]]:
    return [(item["code"], lang(item.get("label"))) for item in profile.items(section)]


def service_entries(profile: Profile) -> list[tuple[str, str]]:
    """Every service of the taxonomy as "Group – Service"."""
    out = []
    for group in profile.items("service_taxonomy"):
        for service in group.get("services", []):
            out.append((service["code"], f"{lang(service.get('label'))}  ·  "
                        f"{lang(group.get('label'))}"))
    return out


class DraftKeeper(QObject):
    """Keeps half-typed input of a dialog as a draft in the vault (debounced, on the database
    thread). ``collect()`` gives the input as JSON; :meth:`load` hands a saved draft to
    ``restore``."""

    saved = Signal()

    def __init__(self, db: Database, key: str, kind: str, collect: Callable[[], dict[str, Any]],
                 *, record_id: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.key = key
        self.kind = kind
        self.record_id = record_id
        self._collect = collect
        self._dirty = False
        self._enabled = True
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DRAFT_DELAY_MS)
        self._timer.timeout.connect(self.flush)

    def touch(self) -> None:
        """Something was typed: save soon."""
        if self._enabled:
            self._dirty = True
            self._timer.start()

    def flush(self) -> None:
        self._timer.stop()
        if not self._dirty or not self._enabled:
            return
        self._dirty = False
        key, kind, record_id = self.key, self.kind, self.record_id
        data = copy.deepcopy(self._collect())

        def job(store: Store) -> None:
            store.save_draft(key, kind, data, record_id=record_id)

        run_for(self.db, self, job, lambda _r: self.saved.emit())

    def load(self, restore: Callable[[dict[str, Any] | None], None]) -> None:
        key = self.key
        run_for(self.db, self, lambda store: store.load_draft(key), restore,
                lambda _error: restore(None))

    def discard_job(self) -> Job:
        """A job that deletes the draft: run it in the same job that saves for good."""
        self._timer.stop()
        self._dirty = False
        key = self.key
        return lambda store: store.delete_draft(key)

    def pause(self, paused: bool) -> None:
        self._enabled = not paused
        if paused:
            self._timer.stop()


class CaseDialog(QDialog):
    """The frame of a case dialog: a title, an error banner, the body, Save and Cancel.

    Ctrl+S (or Ctrl+Enter) saves; Enter alone never closes the dialog. Work goes to the
    database thread through :meth:`run`; Save is disabled while something is being saved.
    """

    saved = Signal(str)  # the id of the record saved

    title_msgid = ""
    save_msgid = "Save"
    cancel_msgid = "Close"  # input is kept as a draft: closing loses nothing
    extra_style = ""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._busy = 0
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
        for keys in (QKeySequence.StandardKey.Save, QKeySequence("Ctrl+Return"),
                     QKeySequence("Ctrl+Enter")):
            QShortcut(keys, self, activated=self._save_shortcut)
        hub().changed.connect(self._language_changed)

    def _button_row(self) -> QWidget:
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        self.extra_buttons = QHBoxLayout()
        layout.addLayout(self.extra_buttons)
        layout.addStretch(1)
        self.cancel_button = button("", on_click=self.reject)
        self.save_button = button("", primary=True, on_click=self.save)
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
        for field in self.findChildren(Field):
            field.retranslate()

    def run(self, job: Job, on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[Exception], None] | None = None, *, saving: bool = False
            ) -> None:
        """Run ``job`` on the database thread; errors go to the banner unless handled."""
        if saving:
            self._set_busy(+1)

        def done(result: Any) -> None:
            if saving:
                self._set_busy(-1)
            if on_done is not None:
                on_done(result)

        def failed(error: Exception) -> None:
            if saving:
                self._set_busy(-1)
            if on_error is not None:
                on_error(error)
            else:
                self.show_error(error)

        run_for(self.db, self, job, done, failed)

    def show_error(self, error: Exception | str) -> None:
        text = error if isinstance(error, str) else error_text(error)
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
        return self._busy > 0

    def _set_busy(self, step: int) -> None:
        self._busy = max(0, self._busy + step)
        self.save_button.setEnabled(self._busy == 0)
        if self._busy:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        else:
            QApplication.restoreOverrideCursor()

    def _save_shortcut(self) -> None:
        if self.save_button.isEnabled() and self.save_button.isVisible():
            self.save()

    def done(self, result: int) -> None:
        for keeper in self.findChildren(DraftKeeper):
            keeper.flush()
        while self._busy:
            self._set_busy(-1)
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        for keeper in self.findChildren(DraftKeeper):
            keeper.flush()
        super().closeEvent(event)

    def _language_changed(self, _language: str) -> None:
        if shiboken6.isValid(self):
            self.retranslate()


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
    """Columns as wide as their text, at most ``limit``; column ``stretch`` takes the rest."""
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.resizeColumnsToContents()
    for column in range(table.columnCount()):
        if column != stretch:
            table.setColumnWidth(column, min(table.columnWidth(column), limit))
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
