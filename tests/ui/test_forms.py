"""The form renderer: skip logic, inline validation, drafts, clearing, repeats and pictures."""
# ruff: noqa: F811  (fixtures imported from the support module are redefined as arguments)

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import hashlib  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtGui import QColor, QImage  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from desktop.core.forms import FormDefinition  # noqa: E402
from desktop.core.i18n import current_language, set_language  # noqa: E402
from desktop.ui.forms import FormView  # noqa: E402
from desktop.ui.forms.editors import (  # noqa: E402
    DateEditor,
    MultiEditor,
    NumberEditor,
    RadioEditor,
    TextEditor,
)
from desktop.ui.language import switch_language  # noqa: E402
from desktop.ui.ops import Operations  # noqa: E402
from tests.ui.test_forms_support import ops, run_job, sample_form, type_text  # noqa: E402, F401

DRAFT = "form:test:sample_needs"


def open_view(qtbot: Any, ops: Operations, form: FormDefinition, key: str = DRAFT,
              keep: bool = True) -> FormView:
    view = FormView(ops, form, key)
    if keep:
        qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(lambda: view.is_loaded and view.isActiveWindow())
    return view


def focused() -> QWidget:
    return QApplication.focusWidget()


def focus(qtbot: Any, widget: QWidget) -> None:
    """Put the cursor in ``widget`` (as a click into it would)."""
    widget.window().activateWindow()
    widget.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(lambda: focused() is widget)


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed where the cursor is."""
    QTest.keyClick(focused(), key, modifier)


def type_into(qtbot: Any, view: FormView, key: str, text: str) -> None:
    """Click into the field of ``key``, select what it holds and type ``text`` over it."""
    editor = view.editor(key)
    assert isinstance(editor, TextEditor | NumberEditor)
    focus(qtbot, editor.edit)
    press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        type_text(focused(), text)
    else:
        press(Qt.Key.Key_Delete)


def choose(view: FormView, key: str, name: str) -> None:
    """Click the choice ``name`` of the field ``key``."""
    editor = view.editor(key)
    assert isinstance(editor, RadioEditor)
    QTest.mouseClick(editor.buttons[name], Qt.MouseButton.LeftButton)


def press_button(qtbot: Any, button: QWidget) -> None:
    """Tab to ``button`` and press the space bar."""
    focus(qtbot, button)
    press(Qt.Key.Key_Space)


def add_entry(qtbot: Any, view: FormView, key: str) -> None:
    press_button(qtbot, view.repeat(key).add_button)


def remove_entry(qtbot: Any, view: FormView, key: str, index: int) -> None:
    press_button(qtbot, view.repeat(key).instances[index].remove_button)


def answer_the_question(qtbot: Any, button: QMessageBox.StandardButton) -> list[str]:
    """When the next question box opens, press ``button`` in it with the keyboard; gives
    the question's text once it was answered."""
    asked: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        asked.append(box.text())
        box.button(button).setFocus()
        QTest.keyClick(box.button(button), Qt.Key.Key_Space)

    QTimer.singleShot(0, answer)
    return asked


def test_a_worker_fills_the_form_with_the_keyboard(qtbot: Any, ops: Operations,
                                                    sample_form: FormDefinition) -> None:
    view = open_view(qtbot, ops, sample_form)
    focus(qtbot, view.editor("full_name").edit)
    type_text(focused(), "Drita Gjoka")
    press(Qt.Key.Key_Return)                        # Enter moves on, as Tab does
    assert focused() is view.editor("age").edit
    QTest.keyClicks(focused(), "150")
    press(Qt.Key.Key_Tab)                           # leaving the field judges it
    assert "0 to 120" in view.error_text("age")
    assert focused().property("choice") == "yes"    # the first answer of "Lives alone?"
    press(Qt.Key.Key_Right)                         # arrows move to "No", space takes it
    press(Qt.Key.Key_Space)
    assert view.answers()["lives_alone"] == "no"
    assert view.is_shown("contact_person")          # appears as soon as "No" is chosen
    press(Qt.Key.Key_Tab)
    assert focused() is view.editor("contact_person").edit
    type_text(focused(), "Besa Gjoka")
    assert view.answers() == {**view.answers(), "full_name": "Drita Gjoka", "age": 150,
                              "contact_person": "Besa Gjoka"}


def test_skip_logic_and_inline_validation(qtbot: Any, ops: Operations,
                                          sample_form: FormDefinition) -> None:
    view = open_view(qtbot, ops, sample_form)
    assert not view.is_shown("contact_person")
    assert "*" in view.row("full_name").title.text()

    type_into(qtbot, view, "full_name", "Drita Gjoka")
    type_into(qtbot, view, "age", "150")
    choose(view, "lives_alone", "no")
    assert view.is_shown("contact_person")          # appears as soon as "No" is chosen
    choose(view, "lives_alone", "yes")
    assert not view.is_shown("contact_person")      # and goes away again

    with qtbot.assertNotEmitted(view.submitted):
        assert not view.submit()
    assert "0 to 120" in view.error_text("age")
    assert view.row("age").error.isVisibleTo(view)

    type_into(qtbot, view, "age", "81")
    assert view.error_text("age") == ""             # fixed: the message goes at once
    with qtbot.waitSignal(view.submitted) as submitted:
        assert view.submit()
    content = submitted.args[0]
    assert content["form_id"] == "sample_needs"
    assert content["answers"]["age"] == 81
    assert content["answers"]["lives_alone"] == "yes"
    assert "contact_person" not in content["answers"]


def test_required_field_that_appears_is_checked(qtbot: Any, ops: Operations,
                                                sample_form: FormDefinition) -> None:
    view = open_view(qtbot, ops, sample_form)
    type_into(qtbot, view, "full_name", "Drita Gjoka")
    type_into(qtbot, view, "age", "70")
    choose(view, "lives_alone", "no")
    assert not view.submit()
    assert view.error_text("contact_person")
    assert "*" in view.row("contact_person").title.text()
    type_into(qtbot, view, "contact_person", "Besa Gjoka (vajza)")
    assert view.error_text("contact_person") == ""
    assert view.submit()


def test_scores_and_repeats_update_live(qtbot: Any, ops: Operations,
                                        sample_form: FormDefinition) -> None:
    view = open_view(qtbot, ops, sample_form)
    choose(view, "bathing", "2")
    choose(view, "dressing", "1")
    assert view.row("adl_score").value.text() == "3"

    add_entry(qtbot, view, "members")
    add_entry(qtbot, view, "members")
    assert view.row("member_count").value.text() == "2"
    type_into(qtbot, view, "members[1].member_name", "Arben")
    remove_entry(qtbot, view, "members", 0)            # empty: goes without a question
    assert view.row("member_count").value.text() == "1"
    assert view.answers()["members"] == [{"member_name": "Arben"}]
    assert isinstance(view.editor("members[0].member_name"), TextEditor)
    assert view.editor("members[0].member_name").text() == "Arben"
    assert view.editor("members[1].member_name") is None


def test_choice_filter_follows_the_unit(qtbot: Any, ops: Operations,
                                        sample_form: FormDefinition) -> None:
    view = open_view(qtbot, ops, sample_form)
    village = view.editor("village")
    assert len(village.choices) == 6
    choose(view, "unit", "qerret")
    assert [c.name for c in village.choices] == ["qelez", "kabash", "rrape"]


def test_every_field_type_has_an_editor(qtbot: Any, ops: Operations,
                                        sample_form: FormDefinition) -> None:
    view = open_view(qtbot, ops, sample_form)
    assert isinstance(view.editor("visit_date"), DateEditor)
    assert isinstance(view.editor("needs"), MultiEditor)
    assert isinstance(view.editor("notes").edit, QPlainTextEdit)
    assert view.row("info") is not None and view.editor("photo") is not None
    dates = view.editor("visit_date")
    assert dates.value() is None                    # empty until a date is chosen
    dates.set_value("2025-03-07")
    assert dates.edit.text() == "07.03.2025"


def test_draft_restored_after_the_view_is_destroyed(qtbot: Any, ops: Operations,
                                                    sample_form: FormDefinition) -> None:
    view = open_view(qtbot, ops, sample_form, keep=False)
    type_into(qtbot, view, "full_name", "Engjëll Çela")
    choose(view, "lives_alone", "no")
    type_into(qtbot, view, "contact_person", "Lule Çela")
    add_entry(qtbot, view, "members")
    type_into(qtbot, view, "members[0].member_name", "Gëzim")
    with qtbot.waitSignal(view.draft_saved, timeout=3000):
        pass                                        # the debounced save, no close needed
    view.setParent(None)
    view.deleteLater()                              # as after a crash or the lock
    qtbot.wait(10)

    again = open_view(qtbot, ops, sample_form)
    assert again.editor("full_name").text() == "Engjëll Çela"
    assert again.is_shown("contact_person")
    assert again.editor("contact_person").text() == "Lule Çela"
    assert again.editor("members[0].member_name").text() == "Gëzim"
    draft = run_job(qtbot, ops, lambda store: store.load_draft(DRAFT))
    assert draft["form_id"] == "sample_needs" and draft["version"] == 1


def test_clear_removes_personal_data_and_keeps_the_draft(qtbot: Any, ops: Operations,
                                                         sample_form: FormDefinition) -> None:
    view = open_view(qtbot, ops, sample_form)
    type_into(qtbot, view, "full_name", "Engjëll Çela")
    type_into(qtbot, view, "notes", "Jeton vetëm, pa ngrohje.")
    view.clear()                                    # the app locks: no debounce wait
    texts = [w.text() for w in view.findChildren(QLineEdit)]
    texts += [w.toPlainText() for w in view.findChildren(QPlainTextEdit)]
    assert not any("Çela" in t or "ngrohje" in t for t in texts)
    assert view.answers() == {} and not view.is_loaded

    draft = run_job(qtbot, ops, lambda store: store.load_draft(DRAFT))
    assert draft["answers"]["full_name"] == "Engjëll Çela"
    assert draft["answers"]["notes"] == "Jeton vetëm, pa ngrohje."
    view.reload()                                   # after unlocking
    qtbot.waitUntil(lambda: view.is_loaded)
    assert view.editor("full_name").text() == "Engjëll Çela"


def choose_file(qtbot: Any, view: FormView, monkeypatch: pytest.MonkeyPatch, path: Path
                ) -> None:
    """Press "Choose a picture…" and pick ``path`` in the system's file dialog."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *_args, **_kw: (str(path), "")))
    press_button(qtbot, view.editor("photo").choose_button)


def test_picture_is_kept_inside_the_vault(qtbot: Any, ops: Operations, tmp_path: Path,
                                          sample_form: FormDefinition,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    picture = tmp_path / "document.png"
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("#1e5f99"))
    assert image.save(str(picture))
    view = open_view(qtbot, ops, sample_form)
    choose_file(qtbot, view, monkeypatch, picture)
    qtbot.waitUntil(lambda: view.answers().get("photo") is not None)
    sha = view.answers()["photo"]
    assert sha == hashlib.sha256(picture.read_bytes()).hexdigest()
    assert run_job(qtbot, ops, lambda store: store.get_blob(sha)) == picture.read_bytes()
    qtbot.waitUntil(lambda: view.editor("photo").thumbnail.pixmap() is not None
                    and not view.editor("photo").thumbnail.pixmap().isNull())


def test_text_file_is_refused_as_a_picture(qtbot: Any, ops: Operations, tmp_path: Path,
                                           sample_form: FormDefinition,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("x")
    view = open_view(qtbot, ops, sample_form)
    choose_file(qtbot, view, monkeypatch, other)
    editor = view.editor("photo")
    qtbot.waitUntil(lambda: editor.status.text() != "" and editor.choose_button.isEnabled())
    assert view.answers().get("photo") is None


def test_enter_moves_to_the_next_field(qtbot: Any, ops: Operations,
                                       sample_form: FormDefinition) -> None:
    view = open_view(qtbot, ops, sample_form)
    view.activateWindow()
    first = view.editor("full_name").edit
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    qtbot.keyClick(first, Qt.Key.Key_Return)
    assert view.editor("age").edit.hasFocus()


def test_tab_order_follows_the_form(qtbot: Any, ops: Operations,
                                    sample_form: FormDefinition) -> None:
    view = open_view(qtbot, ops, sample_form)
    add_entry(qtbot, view, "members")
    name = view.editor("members[0].member_name").edit
    age = view.editor("members[0].member_age").edit
    assert name.nextInFocusChain() is age or _next_focusable(name) is age


def _next_focusable(widget: QWidget) -> QWidget:
    candidate = widget.nextInFocusChain()
    while not candidate.focusPolicy() & Qt.FocusPolicy.TabFocus:
        candidate = candidate.nextInFocusChain()
    return candidate


@pytest.fixture
def english() -> Any:
    before = current_language()
    set_language("en")
    yield
    set_language(before)


def test_retranslate_switches_labels(qtbot: Any, ops: Operations, english: None,
                                     sample_form: FormDefinition) -> None:
    view = open_view(qtbot, ops, sample_form)
    assert view.row("full_name").title.text().startswith("Full name")
    switch_language("sq")                           # as the language picker does
    assert view.row("full_name").title.text().startswith("Emri i plotë")
    assert view.editor("lives_alone").buttons["yes"].text() == "Po"


def test_dates_typed_with_or_without_dots(qtbot: Any, ops: Operations,
                                          sample_form: FormDefinition) -> None:
    view = open_view(qtbot, ops, sample_form)
    dates = view.editor("visit_date")
    for typed, expected in (("15032025", "2025-03-15"), ("15.03.2025", "2025-03-15"),
                            ("1.3.2025", "2025-03-01"), ("01/02/2024", "2024-02-01")):
        dates.clear()
        dates.edit.setFocus()
        qtbot.keyClicks(dates.edit, typed)
        assert view.answers()["visit_date"] == expected, typed
    qtbot.keyClick(dates.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(dates.edit, Qt.Key.Key_Delete)
    assert "visit_date" not in view.answers()      # back to "no date"


def test_a_stored_submission_is_shown_read_only(qtbot: Any, ops: Operations,
                                                sample_form: FormDefinition) -> None:
    stored = {"full_name": "Drita Gjoka", "age": 77, "lives_alone": "no",
              "contact_person": "Besa", "members": [{"member_name": "Besa"}]}
    view = FormView(ops, sample_form, "unused", read_only=True, initial_answers=stored)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.is_loaded)
    assert view.editor("full_name").text() == "Drita Gjoka"
    assert view.editor("full_name").edit.isReadOnly()
    assert view.is_shown("contact_person")
    assert not view.repeat("members").add_button.isVisibleTo(view)
    view.flush_draft(force=True)
    assert run_job(qtbot, ops, lambda store: store.load_draft("unused")) is None


def test_removing_an_entry_with_answers_asks_first(qtbot: Any, ops: Operations,
                                                    sample_form: FormDefinition) -> None:
    view = open_view(qtbot, ops, sample_form)
    add_entry(qtbot, view, "members")
    type_into(qtbot, view, "members[0].member_name", "Gëzim")
    asked = answer_the_question(qtbot, QMessageBox.StandardButton.No)
    remove_entry(qtbot, view, "members", 0)
    assert asked == ["Remove this entry and everything typed in it?"]
    assert view.answers()["members"] == [{"member_name": "Gëzim"}]   # kept
    asked = answer_the_question(qtbot, QMessageBox.StandardButton.Yes)
    remove_entry(qtbot, view, "members", 0)
    assert asked and view.answers().get("members") in (None, [])
    assert view.editor("members[0].member_name") is None
