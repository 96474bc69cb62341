"""A form's widgets built in slices: the first field can be typed in at once, Tab goes through
every field in the form's order even before the rest is built, and the rest arrives."""
# ruff: noqa: F811  (fixtures imported from the support module are redefined as arguments)

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QObject, Qt  # noqa: E402
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
    """Stands in for QTimer in the form view: the slices a view asks for wait here until the
    test lets them run (as if the event loop had not got to them yet)."""

    asked: list[tuple[QObject, Callable[[], None]]] = []

    @staticmethod
    def singleShot(_ms: int, context: QObject, callback: Callable[[], None]) -> None:  # noqa: N802
        EventLoopLater.asked.append((context, callback))

    @staticmethod
    def waiting(view: FormView) -> list[Callable[[], None]]:
        """The slices ``view`` asked for (a view of an earlier test may ask too)."""
        return [callback for context, callback in EventLoopLater.asked if context is view]


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
    qtbot.waitUntil(lambda: view.is_loaded and view.isActiveWindow())
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
        slices = held_slices.waiting(view)
        assert slices, "the view stopped asking for slices before it was built"
        held_slices.asked = []
        for run_slice in slices:
            run_slice()
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
