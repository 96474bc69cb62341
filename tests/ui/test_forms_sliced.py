"""A form's widgets built in slices: the first field can be typed in at once, Tab goes through
every field in the form's order even before the rest is built, and the rest arrives."""
# ruff: noqa: F811  (fixtures imported from the support module are redefined as arguments)

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QObject, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from desktop.core.forms import FormDefinition  # noqa: E402
from desktop.ui.forms import FormView  # noqa: E402
from desktop.ui.forms import view as form_view  # noqa: E402
from desktop.ui.forms.editors import TextEditor  # noqa: E402
from desktop.ui.ops import Operations  # noqa: E402
from tests.ui.test_forms_support import ops, sample_form, type_text  # noqa: E402, F401

DRAFT = "form:test:sample_needs"


class EventLoopLater:
    """Stands in for QTimer in the form view (its slice timer): the slices a view asks for
    wait here until the test lets them run (as if the event loop had not got to them yet)."""

    asked: list[tuple[QObject, Callable[[], None]]] = []

    def __init__(self, parent: QObject, **_settings: Any) -> None:
        self.parent, self.callbacks = parent, []
        self.timeout = self  # timeout.connect(callback)

    def connect(self, callback: Callable[[], None]) -> None:
        self.callbacks.append(callback)

    def start(self) -> None:
        EventLoopLater.asked.extend((self.parent, callback) for callback in self.callbacks)

    @staticmethod
    def waiting(view: FormView) -> list[Callable[[], None]]:
        """The slices ``view`` asked for (a view of an earlier test may ask too)."""
        return [callback for context, callback in EventLoopLater.asked if context is view]

    @staticmethod
    def run(view: FormView) -> None:
        """Let the event loop get to the slices ``view`` asked for so far."""
        slices = EventLoopLater.waiting(view)
        EventLoopLater.asked = [a for a in EventLoopLater.asked if a[0] is not view]
        for run_slice in slices:
            run_slice()


@pytest.fixture
def held_slices(monkeypatch: pytest.MonkeyPatch) -> type[EventLoopLater]:
    EventLoopLater.asked = []
    monkeypatch.setattr(form_view, "QTimer", EventLoopLater)
    monkeypatch.setattr(form_view, "SLICE_S", 0.0)  # one field a slice, on any machine
    return EventLoopLater


def open_view(qtbot: Any, ops: Operations, form: FormDefinition) -> FormView:
    view = FormView(ops, form, DRAFT)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    view.activateWindow()
    # its answers read, the first fields are built in a turn of the event loop of their own
    qtbot.waitUntil(lambda: view.state is not None and view.isActiveWindow())
    assert not view.is_loaded
    EventLoopLater.run(view)
    assert view.is_loaded
    return view


def focused() -> QWidget:
    return QApplication.focusWidget()


def tab_walk(view: FormView) -> list[str]:
    """The fields the focus goes through, pressing Tab from the first field until it comes
    back to it (keys pressed one after the other: no event loop in between)."""
    first = view.editor("full_name").edit
    first.setFocus(Qt.FocusReason.TabFocusReason)
    assert focused() is first
    keys: list[str] = []
    for _ in range(200):
        key = focused().property("formKey")
        if key and (not keys or keys[-1] != key):
            keys.append(key)
        QTest.keyClick(focused(), Qt.Key.Key_Tab)
        if focused() is first:
            break
    return keys


def test_the_first_field_takes_typing_before_the_rest_is_built(
        qtbot: Any, ops: Operations, sample_form: FormDefinition,
        held_slices: type[EventLoopLater]) -> None:
    view = open_view(qtbot, ops, sample_form)
    assert not view.is_built and held_slices.waiting(view)  # the rest waits for the loop
    editor = view.editor("full_name")
    assert isinstance(editor, TextEditor)
    editor.edit.setFocus()
    type_text(editor.edit, "Drita Gjoka")
    assert view.answers()["full_name"] == "Drita Gjoka"
    assert not view.is_built

    built: list[bool] = []
    view.built.connect(lambda: built.append(True))
    while not view.is_built:  # the event loop gets to the slices, one after the other
        assert held_slices.waiting(view), "the view stopped asking for slices before it was built"
        held_slices.run(view)
    assert view.is_built and built == [True]
    assert view.is_shown("informed") and view.is_shown("members")


def test_tab_goes_through_every_field_in_order_while_the_form_is_built(
        qtbot: Any, ops: Operations, sample_form: FormDefinition,
        held_slices: type[EventLoopLater]) -> None:
    sliced = open_view(qtbot, ops, sample_form)
    assert not sliced.is_built
    walked = tab_walk(sliced)
    assert sliced.is_built, walked  # Tab on the last field built built the next ones

    whole = open_view(qtbot, ops, sample_form)
    whole.finish_building()
    assert tab_walk(whole) == walked
    assert walked[:3] == ["full_name", "age", "lives_alone"] and walked[-1] == "informed"


def test_asking_for_a_field_not_built_yet_builds_the_rest(
        qtbot: Any, ops: Operations, sample_form: FormDefinition,
        held_slices: type[EventLoopLater]) -> None:
    view = open_view(qtbot, ops, sample_form)
    assert not view.is_built
    assert view.editor("informed") is not None and view.is_built


def test_the_window_answers_between_slices_and_keeps_what_was_typed(
        qtbot: Any, ops: Operations, sample_form: FormDefinition,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """On the real event loop: other work (a timer standing for the window's events) gets its
    turn between the first fields and each further slice; what was typed in the first field
    while the rest was built stays, and Tab then reaches the form's last field."""
    monkeypatch.setattr(form_view, "SLICE_S", 0.0)  # one field a slice, on any machine
    turns: list[str] = []
    other = QTimer(interval=0)
    other.timeout.connect(lambda: turns.append("other") if not turns or
                          turns[-1] != "other" else None)
    view = FormView(ops, sample_form, DRAFT)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    build_slice = view._build_slice

    def noted_slice(widgets: Any, budget_s: float) -> None:
        turns.append("slice")
        build_slice(widgets, budget_s)

    monkeypatch.setattr(view, "_build_slice", noted_slice)
    other.start()
    qtbot.waitUntil(lambda: view.is_loaded, timeout=10_000)
    first = view._widgets.editor("full_name")
    assert isinstance(first, TextEditor)
    first.edit.setFocus()
    type_text(first.edit, "Drita Gjoka")
    qtbot.waitUntil(lambda: view.is_built, timeout=10_000)
    other.stop()
    slices = turns.count("slice")
    assert slices > 3
    # every slice but the last was followed by a turn of the other work
    assert turns.count("other") >= slices - 1, turns
    assert view.answers()["full_name"] == "Drita Gjoka"
    assert view.editor("full_name").edit.text() == "Drita Gjoka"
    walked = tab_walk(view)
    assert walked[0] == "full_name" and walked[-1] == "informed"
