"""The form renderer: a form definition as widgets, with live skip logic and drafts.

Every edit goes into a :class:`FormState` (the Qt-free engine), which decides what is relevant,
required and wrong; the view only shows what it says. The answers are saved as a draft on the
database thread half a second after the last edit, when the view is hidden and before it is
cleared, so closing the window, the auto-lock or a crash loses nothing.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.core.forms import FieldDef, FormDefinition, FormState
from desktop.core.forms.state import InstancePath, make_key, parse_key
from desktop.core.i18n import current_language, tr
from desktop.core.store import Store
from desktop.ui import style
from desktop.ui.database import Database
from desktop.ui.forms.blobs import get_blob, store_file
from desktop.ui.forms.editors import (
    AcknowledgeEditor,
    ComboEditor,
    DateEditor,
    Editor,
    ImageEditor,
    MultiEditor,
    NumberEditor,
    RadioEditor,
    TextEditor,
    uses_radios,
)
from desktop.ui.forms.jobs import error_text, run_for
from desktop.ui.forms.rows import (
    FieldRow,
    NoteRow,
    RepeatInstance,
    RepeatSection,
    ScoreRow,
    Section,
    lang,
)
from desktop.ui.forms.time_editor import TimeEditor
from desktop.ui.language import hub

DRAFT_DELAY_MS = 500
DRAFT_KIND = "form"
CONTENT_WIDTH = 860
_ENTER_MOVES_ON = (QLineEdit, QComboBox, QDateEdit, QCheckBox, QRadioButton)
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)

FORM_STYLE = f"""
QWidget#formBody {{ background: {style.SURFACE}; }}
QLabel#formTitle {{ font-size: 15pt; font-weight: 600; color: {style.PRIMARY_DARK}; }}
QLabel#formDescription {{ color: {style.MUTED}; }}
QLabel#fieldLabel {{ color: {style.TEXT}; font-weight: 600; }}
QLabel#hint {{ color: {style.MUTED}; background: transparent; padding: 0; }}
QLabel#error {{ color: {style.DANGER}; font-weight: 600; }}
QLabel#note {{ background: {style.WARNING_LIGHT}; border-left: 3px solid #e3a008;
    padding: 8px 10px; }}
QFrame#section {{ border: 1px solid {style.BORDER}; border-radius: 8px;
    background: #fbfcfd; }}
QFrame#repeatInstance {{ border: 1px dashed {style.BORDER}; border-radius: 6px;
    background: {style.SURFACE}; }}
QLabel#sectionTitle {{ font-size: 11.5pt; font-weight: 600; color: {style.PRIMARY_DARK}; }}
QFrame#score {{ background: {style.PRIMARY_LIGHT}; border: 1px solid #b9cfe8;
    border-radius: 8px; }}
QLabel#scoreLabel {{ font-weight: 600; }}
QLabel#scoreValue {{ font-size: 18pt; font-weight: 700; color: {style.PRIMARY_DARK};
    padding-left: 16px; }}
QLabel#imagePreview {{ border: 1px solid {style.BORDER}; border-radius: 6px;
    background: #f8fafc; color: {style.MUTED}; }}
QLabel#formStatus {{ color: {style.MUTED}; padding: 2px 4px; }}
"""


class FormView(QWidget):
    """Renders ``definition`` and keeps its answers as a draft under ``draft_key``.

    ``read_only=True`` shows ``initial_answers`` (a stored submission, rendered with the form
    version it was made with) without drafts or editing.

    Signals: ``submitted(dict)`` with the assessment content (form_id, form_version, answers,
    computed) after :meth:`submit` found no errors; ``changed()`` after every edit;
    ``draft_saved()`` when a draft reached the vault; ``loaded()`` when the form is ready.
    """

    submitted = Signal(dict)
    changed = Signal()
    draft_saved = Signal()
    loaded = Signal()

    def __init__(self, db: Database, definition: FormDefinition, draft_key: str,
                 parent: QWidget | None = None, *, record_id: str | None = None,
                 initial_answers: dict[str, Any] | None = None,
                 show_title: bool = True, read_only: bool = False) -> None:
        super().__init__(parent)
        self.show_title = show_title
        self.read_only = read_only
        self.db = db
        self.definition = definition
        self.draft_key = draft_key
        self.record_id = record_id
        self._initial = copy.deepcopy(initial_answers)
        self._state: FormState | None = None
        self._dirty = False
        self._show_all = False
        self._status_is_error = False
        self._edited: set[str] = set()
        self._touched: set[str] = set()
        self._rows: dict[str, FieldRow | NoteRow | ScoreRow] = {}
        self._sections: dict[str, Section] = {}
        self._repeats: dict[str, RepeatSection] = {}
        self._items: list[QWidget] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DRAFT_DELAY_MS)
        self._timer.timeout.connect(self.flush_draft)
        self._build_shell()
        hub().changed.connect(self._language_changed)
        self.reload()

    # -- public ------------------------------------------------------------------------------

    @property
    def is_loaded(self) -> bool:
        return self._state is not None

    @property
    def state(self) -> FormState | None:
        return self._state

    def answers(self) -> dict[str, Any]:
        """Every answer given so far (also those of fields hidden by skip logic)."""
        return self._state.answers if self._state is not None else {}

    def computed(self) -> dict[str, Any]:
        return self._state.computed if self._state is not None else {}

    def row(self, key: str) -> FieldRow | NoteRow | ScoreRow | None:
        return self._rows.get(key)

    def editor(self, key: str) -> Editor | None:
        row = self._rows.get(key)
        return row.editor if isinstance(row, FieldRow) else None

    def is_shown(self, key: str) -> bool:
        """Whether the field of ``key`` is on screen now (relevant and rendered)."""
        widget = self._rows.get(key) or self._sections.get(key) or self._repeats.get(key)
        return widget is not None and widget.isVisibleTo(self)

    def error_text(self, key: str) -> str:
        """The message shown under the field (or repeat) ``key``; empty when none."""
        row = self._rows.get(key)
        if isinstance(row, FieldRow):
            return row.error_text
        repeat = self._repeats.get(key)
        return repeat.error.text() if repeat is not None else ""

    def set_answer(self, key: str, value: Any) -> None:
        """Answer a field as if the worker had (used to prefill)."""
        if self._state is None:
            raise RuntimeError("the form is not loaded yet")
        self._state.set(key, value)
        editor = self.editor(key)
        if editor is not None:
            editor.set_value(self._state.get(key))
        self._after_edit(key)

    def submit(self) -> bool:
        """Check the whole form; emit ``submitted`` when there is nothing to fix."""
        if self._state is None:
            return False
        self._show_all = True
        self._refresh()
        submission = self._state.submission()
        if not submission.ok:
            self._focus_first_error(submission.errors)
            self._set_status(tr("Please correct the fields marked in red."), error=True)
            return False
        self.flush_draft(force=True)
        self.submitted.emit(submission.to_fields())
        return True

    def flush_draft(self, force: bool = False) -> None:
        """Save the answers as a draft now (if anything changed since the last save)."""
        self._timer.stop()
        if self._state is None or self.read_only or not (self._dirty or force):
            return
        self._dirty = False
        key, record_id = self.draft_key, self.record_id
        payload = {"form_id": self.definition.id, "version": self.definition.version,
                   "answers": self._state.answers}

        def job(store: Store) -> None:
            store.save_draft(key, DRAFT_KIND, payload, record_id=record_id)

        run_for(self.db, self, job, self._draft_done, self._draft_failed)

    def discard_draft(self) -> None:
        """Forget the draft (after the answers were saved for good)."""
        self._timer.stop()
        self._dirty = False
        key = self.draft_key
        run_for(self.db, self, lambda store: store.delete_draft(key))

    def clear(self) -> None:
        """Save the draft, then remove every answer from the widgets and from memory."""
        self.flush_draft()
        self._state = None
        self._teardown()
        self._set_status(tr("The form is closed while Kujdes is locked."))

    def reload(self) -> None:
        """Show the form with its draft (if any): on opening and after an unlock."""
        if self._state is not None:
            return
        if self.read_only:
            self._draft_loaded(None)
            return
        self._set_status(tr("Opening the form…"))
        key = self.draft_key
        run_for(self.db, self, lambda store: store.load_draft(key), self._draft_loaded,
                self._load_failed)

    def retranslate(self) -> None:
        self._title.setText(self.definition.text(current_language()))
        self._title.setVisible(self.show_title)
        description = lang(self.definition.description)
        self._description.setText(description)
        self._description.setVisible(bool(description))
        for widget in [*self._rows.values(), *self._sections.values(),
                       *self._repeats.values()]:
            widget.retranslate()
        for repeat in self._repeats.values():
            for instance in repeat.instances:
                instance.retranslate()
        self._refresh()

    # -- shell -------------------------------------------------------------------------------

    def _build_shell(self) -> None:
        self.setStyleSheet(FORM_STYLE)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self._scroll = QScrollArea(self)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(self._scroll, 1)
        self._status = QLabel(self)
        self._status.setObjectName("formStatus")
        self._status.setWordWrap(True)
        outer.addWidget(self._status)
        self._new_body()

    def _new_body(self) -> None:
        body = QWidget()
        body.setObjectName("formBody")
        centre = QHBoxLayout(body)
        centre.setContentsMargins(16, 12, 16, 16)
        column = QWidget(body)
        column.setMaximumWidth(CONTENT_WIDTH)
        centre.addWidget(column, 1)
        self._column = QVBoxLayout(column)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(6)
        self._title = QLabel(column)
        self._title.setObjectName("formTitle")
        self._title.setWordWrap(True)
        self._description = QLabel(column)
        self._description.setObjectName("formDescription")
        self._description.setWordWrap(True)
        self._column.addWidget(self._title)
        self._column.addWidget(self._description)
        self._body = column
        self._scroll.setWidget(body)
        self.retranslate()

    def _teardown(self) -> None:
        self._timer.stop()
        for row in self._rows.values():
            if isinstance(row, FieldRow) and row.editor is not None:
                row.editor.clear()
        old = self._scroll.takeWidget()
        if old is not None:
            old.deleteLater()
        self._rows.clear()
        self._sections.clear()
        self._repeats.clear()
        self._items = []
        self._edited.clear()
        self._touched.clear()
        self._show_all = False
        self._new_body()

    # -- loading -----------------------------------------------------------------------------

    def _draft_loaded(self, draft: dict[str, Any] | None) -> None:
        if self._state is not None:
            return
        answers = self._answers_from(draft)
        self._state = FormState(self.definition, answers)
        self._teardown()
        self._items = self._build_items(self.definition.fields, (), self._body)
        for item in self._items:
            self._column.addWidget(item)
        self._column.addStretch(1)
        self._refresh()
        self._fix_tab_order()
        if draft:
            self._set_status(tr("Your unsaved answers were restored."))
        else:
            self._set_status("")
        self.loaded.emit()

    def _answers_from(self, draft: dict[str, Any] | None) -> dict[str, Any] | None:
        if not draft or draft.get("form_id") != self.definition.id:
            return self._initial
        answers = draft.get("answers") or {}
        return {k: v for k, v in answers.items() if self.definition.has_field(k)
                and not self.definition.field(k).repeats}

    def _load_failed(self, error: Exception) -> None:
        self._set_status(tr("The form could not be opened: {reason}",
                            reason=error_text(error)), error=True)

    def _draft_done(self, _result: object) -> None:
        if self._status_is_error:
            self.draft_saved.emit()
            return
        self._set_status(tr("Draft saved at {time}.", time=dt.datetime.now().strftime("%H:%M")))
        self.draft_saved.emit()

    def _draft_failed(self, error: Exception) -> None:
        self._dirty = True
        self._set_status(tr("The draft could not be saved: {reason}",
                            reason=error_text(error)), error=True)

    def _set_status(self, text: str, *, error: bool = False) -> None:
        self._status_is_error = error
        self._status.setText(text)
        self._status.setStyleSheet(f"color: {style.DANGER};" if error else "")
        self._status.setVisible(bool(text))

    # -- building ----------------------------------------------------------------------------

    def _build_items(self, fields: Iterable[FieldDef], path: InstancePath,
                     parent: QWidget) -> list[QWidget]:
        items = []
        for f in fields:
            item = self._build_field(f, path, parent)
            if item is not None:
                items.append(item)
        return items

    def _build_field(self, f: FieldDef, path: InstancePath, parent: QWidget) -> QWidget | None:
        key = make_key(f, path)
        if f.type == "group":
            section = Section(f, key, parent)
            for item in self._build_items(f.children, path, section):
                section.add(item)
            self._sections[key] = section
            return section
        if f.type == "repeat":
            repeat = RepeatSection(f, key, lambda k=key: self.add_instance(k), parent)
            self._repeats[key] = repeat
            self._fill_repeat(repeat, path)
            return repeat
        if f.type == "note":
            row: FieldRow | NoteRow | ScoreRow = NoteRow(f, key, parent)
        elif f.type == "calculate":
            if not f.label:
                return None
            row = ScoreRow(f, key, parent)
        else:
            row = self._input_row(f, key, parent)
        self._rows[key] = row
        return row

    def _input_row(self, f: FieldDef, key: str, parent: QWidget) -> FieldRow:
        assert self._state is not None
        editor = self._make_editor(f, key)
        editor.set_value(self._state.get(key))
        row = FieldRow(f, key, editor, parent)
        editor.changed.connect(lambda k=key, e=editor: self._on_edit(k, e))
        for widget in editor.focus_widgets():
            widget.setProperty("formKey", key)
            widget.installEventFilter(self)
        return row

    def _make_editor(self, f: FieldDef, key: str) -> Editor:
        assert self._state is not None
        if f.type == "text":
            return TextEditor(multiline=bool(f.appearance and "multiline" in f.appearance))
        if f.type in ("integer", "decimal"):
            return NumberEditor(f.type)
        if f.type == "date":
            return DateEditor()
        if f.type == "time":
            return TimeEditor()
        if f.type == "select_one":
            choices = self._state.choices_for(key)
            if uses_radios(self.definition.choices.get(f.choices or "", ()), f.appearance):
                return RadioEditor(choices)
            return ComboEditor(choices)
        if f.type == "select_multiple":
            return MultiEditor(self._state.choices_for(key))
        if f.type == "acknowledge":
            return AcknowledgeEditor(f.text(current_language()))
        if f.type == "image":
            return ImageEditor(lambda e, k=key: self._pick_image(k, e), self._load_preview)
        raise ValueError(f"no editor for field type {f.type!r}")

    def _fill_repeat(self, repeat: RepeatSection, path: InstancePath) -> None:
        assert self._state is not None
        f = repeat.field
        count = len(self._state.get(repeat.key) or [])
        for index in range(count):
            instance = RepeatInstance(f, repeat.key, index,
                                      lambda i, k=repeat.key: self.remove_instance(k, i),
                                      repeat)
            for item in self._build_items(f.children, path + ((f.name, index),), instance):
                instance.add(item)
            repeat.add_instance(instance)

    # -- repeats -----------------------------------------------------------------------------

    def add_instance(self, key: str) -> int:
        """Add an entry to the repeat ``key``; focus goes to its first field."""
        assert self._state is not None
        index = self._state.add_repeat(key)
        self._rebuild_repeat(key)
        self._after_edit(key)
        instance = self._repeats[key].instances[index]
        chain = self._focus_chain(instance.items)
        if chain:
            chain[0].setFocus()
        return index

    def remove_instance(self, key: str, index: int, *, confirm: bool = True) -> None:
        assert self._state is not None
        entries = self._state.get(key) or []
        if confirm and index < len(entries) and entries[index] and not self._confirm_remove():
            return
        self._state.remove_repeat(key, index)
        self._rebuild_repeat(key)
        self._after_edit(key)

    def _confirm_remove(self) -> bool:
        answer = QMessageBox.question(
            self, tr("Remove entry"),
            tr("Remove this entry and everything typed in it?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _rebuild_repeat(self, key: str) -> None:
        repeat = self._repeats[key]
        prefix = f"{key}["
        for registry in (self._rows, self._sections, self._repeats):
            for stale in [k for k in registry if k.startswith(prefix)]:
                del registry[stale]
        self._edited = {k for k in self._edited if not k.startswith(prefix)}
        self._touched = {k for k in self._touched if not k.startswith(prefix)}
        for instance in repeat.take_instances():
            instance.hide()
            instance.setParent(None)
            instance.deleteLater()
        _f, path = parse_key(self.definition, key)
        self._fill_repeat(repeat, path)
        self._fix_tab_order()

    # -- edits -------------------------------------------------------------------------------

    def _on_edit(self, key: str, editor: Editor) -> None:
        if self._state is None or self.read_only:
            return
        self._state.set(key, editor.value())
        self._after_edit(key)

    def _after_edit(self, key: str) -> None:
        self._edited.add(key)
        if not isinstance(self.editor(key), TextEditor | NumberEditor):
            self._touched.add(key)  # nothing half-typed: judge the answer at once
        self._dirty = True
        self._timer.start()
        self._refresh()
        self.changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if (event.key() in _ENTER_KEYS and isinstance(watched, _ENTER_MOVES_ON)
                    and not event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                                 | Qt.KeyboardModifier.AltModifier)):
                self.focusNextChild()
                return True
        elif event.type() == QEvent.Type.FocusOut:
            key = watched.property("formKey")
            if key in self._rows and key in self._edited and key not in self._touched:
                self._touched.add(key)
                self._refresh()
        return super().eventFilter(watched, event)

    # -- what the engine says ----------------------------------------------------------------

    def _refresh(self) -> None:
        state = self._state
        if state is None:
            return
        errors = state.errors()
        for key, row in self._rows.items():
            relevant = state.is_relevant(key)
            row.setVisible(relevant)
            if relevant:
                self._refresh_row(row, errors)
        for key, section in self._sections.items():
            section.setVisible(state.is_relevant(key))
        for key, repeat in self._repeats.items():
            repeat.setVisible(state.is_relevant(key))
            repeat.add_button.setVisible(not self.read_only)
            for instance in repeat.instances:
                instance.remove_button.setVisible(not self.read_only)
            repeat.set_error(errors.get(key) if self._shows_error(key) else None)

    def _refresh_row(self, row: FieldRow | NoteRow | ScoreRow,
                     errors: dict[str, dict[str, str]]) -> None:
        state = self._state
        assert state is not None
        key = row.key
        if isinstance(row, ScoreRow):
            value = state.value(key)
            choice = self.definition.choice(row.field.choices, str(value)) \
                if row.field.choices and value is not None else None
            row.set_value(value, choice)
            return
        if not isinstance(row, FieldRow) or row.editor is None:
            return
        row.set_required(state.is_required(key))
        row.editor.set_read_only(self.read_only or state.is_read_only(key))
        if row.field.choice_filter is not None:
            self._refresh_choices(row, key)
        row.set_error(errors.get(key) if self._shows_error(key) else None)

    def _refresh_choices(self, row: FieldRow, key: str) -> None:
        assert self._state is not None
        editor = row.editor
        choices = self._state.choices_for(key)
        if isinstance(editor, RadioEditor | ComboEditor | MultiEditor) and \
                [c.name for c in choices] != [c.name for c in editor.choices]:
            editor.set_choices(choices)
            self._fix_tab_order()

    def _shows_error(self, key: str) -> bool:
        return self._show_all or key in self._touched

    def _focus_first_error(self, errors: dict[str, dict[str, str]]) -> None:
        assert self._state is not None
        for key in self._state.visible_fields():
            if key in errors:
                widget = self._rows.get(key) or self._repeats.get(key)
                if widget is None:
                    continue
                self._scroll.ensureWidgetVisible(widget, 20, 40)
                chain = self._focus_chain([widget])
                if chain:
                    chain[0].setFocus()
                return

    # -- keyboard order ----------------------------------------------------------------------

    def _focus_chain(self, items: Iterable[QWidget]) -> list[QWidget]:
        chain: list[QWidget] = []
        for item in items:
            if isinstance(item, RepeatSection):
                for instance in item.instances:
                    chain.extend(self._focus_chain(instance.items))
                    chain.append(instance.remove_button)
                chain.append(item.add_button)
            elif isinstance(item, Section):
                chain.extend(self._focus_chain(item.items))
            elif isinstance(item, FieldRow) and item.editor is not None:
                chain.extend(item.editor.focus_widgets())
        return chain

    def _fix_tab_order(self) -> None:
        chain = self._focus_chain(self._items)
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # -- pictures ----------------------------------------------------------------------------

    def _pick_image(self, key: str, editor: ImageEditor) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("Choose a picture"), "",
            tr("Pictures and PDF") + " (*.jpg *.jpeg *.png *.gif *.bmp *.webp *.tif *.tiff *.pdf)")
        if path:
            self.attach_file(key, path)

    def attach_file(self, key: str, path: str) -> None:
        """Store a file in the vault (on the database thread) as the answer of ``key``."""
        editor = self.editor(key)
        if not isinstance(editor, ImageEditor):
            raise KeyError(f"{key!r} is not a picture field")
        editor.set_busy(True)

        def done(sha: str) -> None:
            if shiboken6.isValid(editor):
                editor.set_busy(False)
                editor.attached(sha)

        def failed(error: Exception) -> None:
            if shiboken6.isValid(editor):
                editor.set_busy(False)
                editor.failed(error_text(error))

        run_for(self.db, self, lambda store: store_file(store, path), done, failed)

    def _load_preview(self, sha: str, deliver: Callable[[bytes | None], None]) -> None:
        run_for(self.db, self, lambda store: get_blob(store, sha), deliver,
                lambda _error: deliver(None))

    # -- events ------------------------------------------------------------------------------

    def hideEvent(self, event: QHideEvent) -> None:
        self.flush_draft()
        super().hideEvent(event)

    def _language_changed(self, _language: str) -> None:
        if shiboken6.isValid(self):
            self.retranslate()
