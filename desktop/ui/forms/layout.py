"""The widgets of one loaded form: built from its definition, found by key, kept in keyboard
order, and shown as the forms engine says (relevant, required, read-only, errors).

The form view makes a new :class:`FormWidgets` each time it loads the answers and drops it
when it clears them; what a person does with the widgets goes back to the view through
:class:`FormHooks`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from desktop.core.forms import FieldDef, FormDefinition, FormState
from desktop.core.forms.state import InstancePath, make_key, parse_key
from desktop.core.i18n import current_language
from desktop.ui.forms.editors import (
    AcknowledgeEditor,
    ComboEditor,
    DateEditor,
    Editor,
    ImageEditor,
    LoadPreview,
    MultiEditor,
    NumberEditor,
    RadioEditor,
    TextEditor,
    uses_radios,
)
from desktop.ui.forms.rows import (
    InputRow,
    NoteRow,
    RepeatInstance,
    RepeatSection,
    ScoreRow,
    Section,
)
from desktop.ui.forms.time_editor import TimeEditor

Row = InputRow | NoteRow | ScoreRow
Errors = dict[str, dict[str, str]]


@dataclass(frozen=True)
class FormHooks:
    """What the widgets hand back to the form view."""

    edited: Callable[[str, Editor], None]           # key, its editor: the worker changed it
    add_entry: Callable[[str], object]              # "Add" of the repeat ``key``
    remove_entry: Callable[[str, int], None]        # "Remove" of entry ``index`` of a repeat
    pick_picture: Callable[[str, ImageEditor], None]
    load_preview: LoadPreview
    key_filter: QObject                             # sees key presses and focus of inputs


class FormWidgets:
    """Rows, sections and repeats of ``definition`` for the answers in ``state``."""

    def __init__(self, definition: FormDefinition, state: FormState, hooks: FormHooks,
                 *, read_only: bool) -> None:
        self.definition, self.state, self.hooks = definition, state, hooks
        self.read_only = read_only
        self.rows: dict[str, Row] = {}
        self.sections: dict[str, Section] = {}
        self.repeats: dict[str, RepeatSection] = {}
        self.items: list[QWidget] = []
        self._steps: Iterator[None] = iter(())
        self.complete = True
        self.started = False   # whether a slice was built

    # -- finding -----------------------------------------------------------------------------
    def editor(self, key: str) -> Editor | None:
        row = self.rows.get(key)
        return row.editor if isinstance(row, InputRow) else None

    def widget(self, key: str) -> QWidget | None:
        return self.rows.get(key) or self.sections.get(key) or self.repeats.get(key)

    def all_widgets(self) -> list[QWidget]:
        return [*self.rows.values(), *self.sections.values(), *self.repeats.values(),
                *(instance for repeat in self.repeats.values()
                  for instance in repeat.instances)]

    # -- building ----------------------------------------------------------------------------
    def start(self, parent: QWidget, place: Callable[[QWidget], None]) -> None:
        """Get ready to build the form field by field into ``parent``: :meth:`build_some`
        builds the next fields, ``place`` puts each top-level widget on the page."""
        self.items = []

        def place_top(item: QWidget) -> None:
            self.items.append(item)
            place(item)

        self._steps = self._field_steps(self.definition.fields, (), parent, place_top)
        self._shown: set[str] = set()
        self.complete = False

    def build_slice(self, budget_s: float, shows_error: Callable[[str], bool]) -> None:
        """Build the next fields for ``budget_s`` seconds, each shown as the state says,
        and keep the keyboard order of all built so far."""
        errors: list[Errors] = []  # nothing is typed during a slice: the same all along

        def show(keys: set[str]) -> None:
            if keys:
                if not errors:
                    errors.append(self.state.errors())
                self.show_state(shows_error, keys, errors[0])

        self.build_some(budget_s, show)
        self.started = True
        self.fix_tab_order()

    def is_last_built(self, widget: QObject) -> bool:
        """Whether ``widget`` is (in) the last input built so far that Tab can reach, in
        keyboard order (Tab leaves a group of radio buttons from any of them)."""
        chain = [w for w in self.focus_chain(self.items)
                 if w.isEnabled() and w.isVisibleTo(w.window())]  # what Tab can land on
        if not chain:
            return True
        key = widget.property("formKey")
        return chain[-1] is widget or (key is not None and chain[-1].property("formKey") == key)

    def build_some(self, budget_s: float, show: Callable[[set[str]], None]) -> None:
        """Build fields, each then shown by ``show(keys of what it built)``, until
        ``budget_s`` seconds have passed (at least one field and the first input)."""
        start = time.perf_counter()
        for _ in self._steps:
            show(self._fresh())
            if time.perf_counter() - start >= budget_s and self._has_input():
                return
        self.complete = True
        show(self._fresh())

    def _fresh(self) -> set[str]:
        """The keys built since the last call."""
        fresh = {key for registry in (self.rows, self.sections, self.repeats)
                 for key in registry if key not in self._shown}
        self._shown |= fresh
        return fresh

    def _has_input(self) -> bool:
        return any(isinstance(row, InputRow) for row in self.rows.values())

    def _field_steps(self, fields: Iterable[FieldDef], path: InstancePath, parent: QWidget,
                     place: Callable[[QWidget], None]) -> Iterator[None]:
        """Builds ``fields`` one by one, yielding after each (a group: after each of its
        fields, so that a large section is built in several slices too)."""
        for f in fields:
            if f.type == "group":
                key = make_key(f, path)
                section = Section(f, key, parent)
                self.sections[key] = section
                place(section)
                yield from self._field_steps(f.children, path, section, section.add)
                continue
            item = self._build_field(f, path, parent)
            if item is not None:
                place(item)
                yield

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
            self.sections[key] = section
            return section
        if f.type == "repeat":
            repeat = RepeatSection(f, key, lambda k=key: self.hooks.add_entry(k), parent)
            repeat.add_button.installEventFilter(self.hooks.key_filter)
            self.repeats[key] = repeat
            self._fill_repeat(repeat, path)
            return repeat
        if f.type == "note":
            row: Row = NoteRow(f, key, parent)
        elif f.type == "calculate":
            if not f.label:
                return None
            row = ScoreRow(f, key, parent)
        else:
            row = self._input_row(f, key, parent)
        self.rows[key] = row
        return row

    def _input_row(self, f: FieldDef, key: str, parent: QWidget) -> InputRow:
        editor = self._make_editor(f, key)
        editor.set_value(self.state.get(key))
        row = InputRow(f, key, editor, parent)
        editor.changed.connect(lambda k=key, e=editor: self.hooks.edited(k, e))
        for widget in editor.focus_widgets():
            widget.setProperty("formKey", key)
            widget.installEventFilter(self.hooks.key_filter)
        return row

    def _make_editor(self, f: FieldDef, key: str) -> Editor:
        if f.type == "text":
            return TextEditor(multiline=bool(f.appearance and "multiline" in f.appearance))
        if f.type in ("integer", "decimal"):
            return NumberEditor(f.type)
        if f.type == "date":
            return DateEditor()
        if f.type == "time":
            return TimeEditor()
        if f.type == "select_one":
            choices = self.state.choices_for(key)
            if uses_radios(self.definition.choices.get(f.choices or "", ()), f.appearance):
                return RadioEditor(choices)
            return ComboEditor(choices)
        if f.type == "select_multiple":
            return MultiEditor(self.state.choices_for(key))
        if f.type == "acknowledge":
            return AcknowledgeEditor(f.text(current_language()))
        if f.type == "image":
            return ImageEditor(lambda editor, k=key: self.hooks.pick_picture(k, editor),
                               self.hooks.load_preview)
        raise ValueError(f"no editor for field type {f.type!r}")

    def _fill_repeat(self, repeat: RepeatSection, path: InstancePath) -> None:
        f = repeat.field
        count = len(self.state.get(repeat.key) or [])
        for index in range(count):
            instance = RepeatInstance(f, repeat.key, index,
                                      lambda i, k=repeat.key: self.hooks.remove_entry(k, i),
                                      repeat)
            for item in self._build_items(f.children, path + ((f.name, index),), instance):
                instance.add(item)
            repeat.add_instance(instance)

    def rebuild_repeat(self, key: str) -> None:
        """Build the entries of the repeat ``key`` again (one was added or removed)."""
        repeat = self.repeats[key]
        prefix = f"{key}["
        for registry in (self.rows, self.sections, self.repeats):
            for stale in [k for k in registry if k.startswith(prefix)]:
                del registry[stale]
        for instance in repeat.take_instances():
            instance.hide()
            instance.setParent(None)
            instance.deleteLater()
        _f, path = parse_key(self.definition, key)
        self._fill_repeat(repeat, path)
        self.fix_tab_order()

    def clear_editors(self) -> None:
        """Empty every editor (the answers leave the widgets before they are deleted)."""
        for row in self.rows.values():
            if isinstance(row, InputRow):
                row.editor.clear()

    # -- keyboard order ----------------------------------------------------------------------
    def focus_chain(self, items: Iterable[QWidget]) -> list[QWidget]:
        chain: list[QWidget] = []
        for item in items:
            if isinstance(item, RepeatSection):
                for instance in item.instances:
                    chain.extend(self.focus_chain(instance.items))
                    chain.append(instance.remove_button)
                chain.append(item.add_button)
            elif isinstance(item, Section):
                chain.extend(self.focus_chain(item.items))
            elif isinstance(item, InputRow):
                chain.extend(item.editor.focus_widgets())
        return chain

    def fix_tab_order(self) -> None:
        chain = self.focus_chain(self.items)
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def focus_first(self, items: Iterable[QWidget]) -> None:
        chain = self.focus_chain(items)
        if chain:
            chain[0].setFocus()

    # -- what the engine says ----------------------------------------------------------------
    def show_state(self, shows_error: Callable[[str], bool],
                   only: Container[str] | None = None, errors: Errors | None = None) -> None:
        """Show what is relevant, required and wrong now; errors only where
        ``shows_error(key)`` (a field the worker left, or after "Save"). ``only``: the keys
        to show (those just built); by default every widget built. ``errors``: the state's,
        when already known."""
        state = self.state
        errors = state.errors() if errors is None else errors
        for key, row in self.rows.items():
            if only is not None and key not in only:
                continue
            relevant = state.is_relevant(key)
            if relevant:  # required, read-only and message first: shown once, laid out once
                self._show_row(row, errors, shows_error)
            row.setVisible(relevant)
        for key, section in self.sections.items():
            if only is None or key in only:
                section.setVisible(state.is_relevant(key))
        for key, repeat in self.repeats.items():
            if only is not None and key not in only:
                continue
            repeat.setVisible(state.is_relevant(key))
            repeat.add_button.setVisible(not self.read_only)
            for instance in repeat.instances:
                instance.remove_button.setVisible(not self.read_only)
            repeat.set_error(errors.get(key) if shows_error(key) else None)

    def _show_row(self, row: Row, errors: Errors, shows_error: Callable[[str], bool]) -> None:
        state, key = self.state, row.key
        if isinstance(row, ScoreRow):
            value = state.value(key)
            choice = self.definition.choice(row.field.choices, str(value)) \
                if row.field.choices and value is not None else None
            row.set_value(value, choice)
            return
        if not isinstance(row, InputRow):
            return
        row.set_required(state.is_required(key))
        row.editor.set_read_only(self.read_only or state.is_read_only(key))
        if row.field.choice_filter is not None:
            self._show_choices(row, key)
        row.set_message(errors.get(key) if shows_error(key) else None)

    def _show_choices(self, row: InputRow, key: str) -> None:
        editor = row.editor
        choices = self.state.choices_for(key)
        if isinstance(editor, RadioEditor | ComboEditor | MultiEditor) and \
                [c.name for c in choices] != [c.name for c in editor.choices]:
            editor.set_choices(choices)
            self.fix_tab_order()

    def first_error(self, errors: Errors) -> QWidget | None:
        """The first widget, in the order of the form, whose answer has an error."""
        for key in self.state.visible_fields():
            if key in errors:
                widget = self.rows.get(key) or self.repeats.get(key)
                if widget is not None:
                    return widget
        return None
