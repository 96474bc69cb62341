"""The form renderer: a form definition as widgets, with live skip logic and drafts.

Every edit goes into a :class:`FormState` (the Qt-free engine), which decides what is relevant,
required and wrong; the view only shows what it says (:mod:`desktop.ui.forms.layout` holds the
widgets). The answers are saved as a draft on the vault's database thread half a second after
the last edit, when the view is hidden and before it is cleared, so closing the window, the
auto-lock or a crash loses nothing.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop.core.drafts import DraftSlot
from desktop.core.errors import user_message
from desktop.core.forms import FormDefinition, FormState
from desktop.core.i18n import tr
from desktop.ui import style
from desktop.ui.drafts import DraftKeeper
from desktop.ui.forms.editors import Editor, NumberEditor, TextEditor
from desktop.ui.forms.form_keys import FormKeys
from desktop.ui.forms.layout import FormHooks, FormWidgets, Row
from desktop.ui.forms.page import FormPage
from desktop.ui.forms.pictures import pick_and_attach, show_stored_picture
from desktop.ui.forms.repeat_entries import RepeatEntries
from desktop.ui.forms.rows import InputRow
from desktop.ui.forms.style import FORM_STYLE
from desktop.ui.language import hub
from desktop.ui.ops import Operations, QueryOp

DRAFT_KIND = "form"
# Widgets are built in slices of this many seconds, each from the event loop, so that a long
# form never keeps the window from answering (a frame is 16 ms; the layout and paint after a
# slice take about as long again).
SLICE_S = 0.006


class FormView(RepeatEntries, QWidget):
    """Renders ``definition`` and keeps its answers as a draft under ``draft_key``.

    ``ops`` are the open vault's operations. ``read_only=True`` shows ``initial_answers``
    (a stored submission, rendered with the form version it was made with) without drafts or
    editing.

    Signals: ``submitted(dict)`` with the assessment content (form_id, form_version, answers,
    computed) after :meth:`submit` found no errors; ``changed()`` after every edit;
    ``draft_saved()`` when a draft reached the vault; ``loaded()`` when the form can be typed
    in (its first fields are built); ``built()`` when all its widgets are.

    The widgets are built in slices from the event loop after the first fields: whatever
    asks for a field not built yet (:meth:`row`, :meth:`editor`, :meth:`submit`, Tab on the
    last field built so far) gets the rest built at once.
    """

    submitted = Signal(dict)
    changed = Signal()
    draft_saved = Signal()
    loaded = Signal()
    built = Signal()

    def __init__(self, ops: Operations, definition: FormDefinition, draft_key: str,
                 parent: QWidget | None = None, *, record_id: str | None = None,
                 initial_answers: dict[str, Any] | None = None,
                 show_title: bool = True, read_only: bool = False) -> None:
        super().__init__(parent)
        self.show_title = show_title
        self.read_only = read_only
        self.ops = ops
        self.definition = definition
        self.draft_key = draft_key
        self.record_id = record_id
        self._initial = copy.deepcopy(initial_answers)
        self._state: FormState | None = None
        self._widgets: FormWidgets | None = None
        self._show_all = False
        self._status_is_error = False
        self._edited: set[str] = set()
        self._touched: set[str] = set()
        self._drafts = DraftKeeper(ops, DraftSlot(draft_key, DRAFT_KIND, record_id),
                                   self._draft_content, parent=self)
        self._drafts.saved.connect(self._draft_done)
        self._drafts.failed.connect(self._draft_failed)
        self._keys = FormKeys(self, build_past=self._build_past, move_on=self.focusNextChild,
                              left=self._left_field)
        # a timer, not a posted call: what else is due (a key, a paint, a timer) goes between
        self._slices = QTimer(self, singleShot=True, interval=0)
        self._slices.timeout.connect(self._next_slice)
        self._build_shell()
        hub().changed.connect(self._language_changed)
        self.reload()

    # -- public ------------------------------------------------------------------------------

    @property
    def is_loaded(self) -> bool:
        """Whether the form can be typed in: its answers read, its first fields built."""
        return self._state is not None and self._widgets is not None and self._widgets.started

    @property
    def is_built(self) -> bool:
        """Whether every widget of the loaded form is built."""
        return self._widgets is not None and self._widgets.complete

    @property
    def state(self) -> FormState | None:
        return self._state

    def answers(self) -> dict[str, Any]:
        """Every answer given so far (also those of fields hidden by skip logic)."""
        return self._state.answers if self._state is not None else {}

    def computed(self) -> dict[str, Any]:
        return self._state.computed if self._state is not None else {}

    def row(self, key: str) -> Row | None:
        widgets = self._built_with(key)
        return widgets.rows.get(key) if widgets is not None else None

    def editor(self, key: str) -> Editor | None:
        widgets = self._built_with(key)
        return widgets.editor(key) if widgets is not None else None

    def repeat(self, key: str) -> QWidget | None:
        widgets = self._built_with(key)
        return widgets.repeats.get(key) if widgets is not None else None

    def is_shown(self, key: str) -> bool:
        """Whether the field of ``key`` is on screen now (relevant and rendered)."""
        widgets = self._built_with(key)
        widget = widgets.widget(key) if widgets is not None else None
        return widget is not None and widget.isVisibleTo(self)

    def error_text(self, key: str) -> str:
        """The message shown under the field (or repeat) ``key``; empty when none."""
        row = self.row(key)
        if isinstance(row, InputRow):
            return row.error_text
        repeat = self._widgets.repeats.get(key) if self._widgets is not None else None
        return repeat.error.text() if repeat is not None else ""

    def finish_building(self) -> None:
        """Build the widgets not built yet, now."""
        if self._widgets is not None and not self._widgets.complete:
            self._build_slice(self._widgets, float("inf"))

    def set_answer(self, key: str, value: Any) -> None:
        """Answer a field as if the worker had (used to prefill)."""
        if self._state is None:
            raise RuntimeError("the form is not loaded yet")
        self._state.set(key, value)
        # a field not built yet shows the answer when it is
        editor = self._widgets.editor(key) if self._widgets is not None else None
        if editor is not None:
            editor.set_value(self._state.get(key))
        self._after_edit(key)

    def submit(self) -> bool:
        """Check the whole form; emit ``submitted`` when there is nothing to fix."""
        if self._state is None:
            return False
        self.finish_building()
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
        self._drafts.flush(force)

    def discard_draft(self) -> None:
        """Forget the draft (after the answers were saved for good)."""
        self._drafts.discard()

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
        # Read here rather than by the keeper: a draft that cannot be read must not open an
        # empty form whose next save would replace it.
        QueryOp(self.ops, parent=self, op=self._drafts.slot.load,
                success=self._draft_loaded).failure(self._load_failed).run()

    def retranslate(self) -> None:
        self._page.retranslate()
        if self._widgets is not None:
            for widget in self._widgets.all_widgets():
                widget.retranslate()  # type: ignore[attr-defined]
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
        self._new_page()

    def _new_page(self) -> None:
        self._page = FormPage(self.definition, self.show_title)
        self._scroll.setWidget(self._page)

    def _teardown(self) -> None:
        if self._widgets is None and not self._page.has_items():
            return  # nothing was shown on the page yet: it serves as it is
        if self._widgets is not None:
            self._widgets.clear_editors()
            self._widgets = None
        old = self._scroll.takeWidget()
        if old is not None:
            old.deleteLater()
        self._edited.clear()
        self._touched.clear()
        self._show_all = False
        self._new_page()

    # -- loading -----------------------------------------------------------------------------

    def _draft_loaded(self, draft: dict[str, Any] | None) -> None:
        if self._state is not None:
            return
        state = FormState(self.definition, self._answers_from(draft))
        self._teardown()
        self._state = state
        hooks = FormHooks(
            edited=self._on_edit, add_entry=self.add_instance, remove_entry=self.remove_instance,
            pick_picture=lambda _key, editor: pick_and_attach(self, self.ops, editor),
            load_preview=lambda editor, sha: show_stored_picture(self.ops, editor, sha),
            key_filter=self._keys)
        self._widgets = FormWidgets(self.definition, state, hooks, read_only=self.read_only)
        self._widgets.start(self._page.column, self._page.add_item)
        self._set_status(tr("Your unsaved answers were restored.") if draft else "")
        # the first fields in a turn of their own: not with the dialog's own first showing
        self._slices.start()

    def _next_slice(self) -> None:
        if self._widgets is not None:
            self._build_slice(self._widgets, SLICE_S)

    def _build_slice(self, widgets: FormWidgets, budget_s: float) -> None:
        """Build the next fields (for ``budget_s`` seconds), show them as the state says,
        and ask for the next slice from the event loop until the form is built. ``loaded``
        is told after the first slice."""
        if widgets is not self._widgets or widgets.complete:
            return  # the form was cleared (locked) or is built
        first = not widgets.started
        widgets.build_slice(budget_s, self._shows_error)
        if first:
            self.loaded.emit()
        if widgets.complete:
            self.built.emit()
        else:
            self._slices.start()

    def _built_with(self, key: str) -> FormWidgets | None:
        """The form's widgets, the rest built now when ``key`` is not built yet."""
        widgets = self._widgets
        if widgets is not None and not widgets.complete and widgets.widget(key) is None:
            self.finish_building()
        return widgets

    def _answers_from(self, draft: dict[str, Any] | None) -> dict[str, Any] | None:
        if not draft or draft.get("form_id") != self.definition.id:
            return self._initial
        answers = draft.get("answers") or {}
        return {k: v for k, v in answers.items() if self.definition.has_field(k)
                and not self.definition.field(k).repeats}

    def _load_failed(self, error: Exception) -> None:
        self._set_status(tr("The form could not be opened: {reason}",
                            reason=user_message(error)), error=True)

    def _draft_content(self) -> dict[str, Any] | None:
        if self._state is None or self.read_only:
            return None
        return {"form_id": self.definition.id, "version": self.definition.version,
                "answers": self._state.answers}

    def _draft_done(self) -> None:
        if not self._status_is_error:
            self._set_status(tr("Draft saved at {time}.",
                                time=dt.datetime.now().strftime("%H:%M")))
        self.draft_saved.emit()

    def _draft_failed(self, error: Exception) -> None:
        self._set_status(tr("The draft could not be saved: {reason}",
                            reason=user_message(error)), error=True)

    def _set_status(self, text: str, *, error: bool = False) -> None:
        self._status_is_error = error
        self._status.setText(text)
        self._status.setStyleSheet(f"color: {style.DANGER};" if error else "")
        self._status.setVisible(bool(text))

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
        self._drafts.touch()
        self._refresh()
        self.changed.emit()

    def _left_field(self, key: str) -> None:
        if key in self._edited and key not in self._touched:
            self._touched.add(key)
            self._refresh()

    def _build_past(self, watched: QObject) -> None:
        """Before the focus moves on from ``watched``: when it is the last field built so far,
        build on until the next one exists (Tab goes through the whole form in order)."""
        widgets = self._widgets
        while (widgets is not None and widgets is self._widgets and not widgets.complete
               and widgets.is_last_built(watched)):
            self._build_slice(widgets, SLICE_S)

    # -- what the engine says ----------------------------------------------------------------

    def _refresh(self) -> None:
        if self._widgets is not None and self._state is not None:
            self._widgets.show_state(self._shows_error)

    def _shows_error(self, key: str) -> bool:
        return self._show_all or key in self._touched

    def _focus_first_error(self, errors: dict[str, dict[str, str]]) -> None:
        assert self._widgets is not None
        widget = self._widgets.first_error(errors)
        if widget is not None:
            self._scroll.ensureWidgetVisible(widget, 20, 40)
            self._widgets.focus_first([widget])

    # -- events ------------------------------------------------------------------------------

    def hideEvent(self, event: QHideEvent) -> None:
        self.flush_draft()
        super().hideEvent(event)

    def _language_changed(self, _language: str) -> None:
        self.retranslate()
