"""The administrative acts register of a Kosovo laptop, driven by keys and clicks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog

from desktop.core.casework.holding import SERVER_USER_KEY
from desktop.core.casework.persons import register_person
from desktop.core.keys import FAST_KDF
from desktop.core.vault import create_vault, open_vault
from desktop.ui.dialogs.act import IssueActDialog
from tests.ui.conftest import UI_PASSWORD, UI_USER, press, unlock, wait_idle
from tests.ui.test_forms_support import type_text


@pytest.fixture
def kosovo_dir(tmp_path: Path) -> Path:
    """A Kosovo laptop with two synthetic people: one in Gjilan, one in Kamenicë."""
    folder = tmp_path / "xk-laptop"
    vault = create_vault(folder, UI_USER, UI_PASSWORD, kdf=FAST_KDF, country="XK")
    for first, last, unit in (("Ëngjëll", "Çela", "Gjilan"), ("Blerta", "Hoxha", "Kamenicë")):
        register_person(vault.store, {"first_name": first, "last_name": last, "sex": "M",
                                      "birth_date": "1984-05-17", "administrative_unit": unit,
                                      "target_groups": ["single_mothers"]})
    vault.store.meta_set(SERVER_USER_KEY, json.dumps({"username": UI_USER,
                                                      "role": "qps_official",
                                                      "units": ["Gjilan"]}))
    vault.lock()
    return folder


def open_register(qtbot: Any, window: Any) -> Any:
    nav = window.workspace.nav
    row = next(i for i in range(nav.count())
               if nav.item(i).data(Qt.ItemDataRole.UserRole) == "acts")
    assert not nav.item(row).isHidden()
    QTest.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton,
                     pos=nav.visualItemRect(nav.item(row)).center())
    screen = window.workspace.screen("acts")
    qtbot.waitUntil(lambda: window.workspace.pages.currentWidget() is screen, timeout=5_000)
    return screen


def open_issue_dialog(qtbot: Any, window: Any, screen: Any) -> Any:
    QTest.mouseClick(screen.issue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session.dialogs.dialog() is not None, timeout=5_000)
    dialog = window.session.dialogs.dialog()
    qtbot.waitUntil(lambda: "A00001" in dialog.number.text(), timeout=5_000)
    return dialog


def type_into(qtbot: Any, widget: Any, text: str) -> None:
    """Put the keyboard focus on ``widget`` (as a click would) and type ``text``."""
    widget.window().activateWindow()
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=5_000)
    type_text(QApplication.focusWidget(), text)


def choose_person(qtbot: Any, dialog: Any, name: str) -> None:
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.search, timeout=5_000)
    type_into(qtbot, dialog.search, name)
    qtbot.waitUntil(lambda: dialog.person.count() == 1, timeout=5_000)


def test_an_act_is_issued_with_the_number_shown_listed_and_printed(
        qtbot: Any, window_factory: Any, kosovo_dir: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    window = window_factory(kosovo_dir)
    unlock(qtbot, window)
    screen = open_register(qtbot, window)
    dialog = open_issue_dialog(qtbot, window, screen)
    choose_person(qtbot, dialog, "Çela")
    assert dialog.municipality.currentData() == "Gjilan"  # the person's municipality
    qtbot.waitUntil(lambda: "GJI-" in dialog.number.text(), timeout=5_000)
    shown = dialog.number.text().split()[-1].rstrip(".")
    press(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.session.dialogs.dialog() is None, timeout=5_000)
    qtbot.waitUntil(lambda: screen.table.rowCount() == 1, timeout=5_000)
    assert screen.table.item(0, 0).text() == shown
    assert screen.table.item(0, 3).text() == "Ëngjëll Çela"
    assert screen.header.subtitle.text() == "1 act"

    pdf = tmp_path / "act.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_a, **_k: (str(pdf), "PDF (*.pdf)")))
    QTest.mouseClick(screen.pdf_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: pdf.exists(), timeout=10_000)
    text = "\n".join(p.extract_text() or "" for p in PdfReader(pdf).pages)
    assert shown in text and "Ëngjëll Çela" in text

    csv_file = tmp_path / "register.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_a, **_k: (str(csv_file), "CSV (*.csv)")))
    type_into(qtbot, screen.search, "cela")
    qtbot.waitUntil(lambda: screen._count == 1 and not screen._wait.isActive(),
                    timeout=5_000)
    QTest.mouseClick(screen.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: csv_file.exists(), timeout=5_000)
    assert shown in csv_file.read_text(encoding="utf-8-sig")


def test_an_act_for_a_person_outside_the_users_units_is_refused_in_words(
        qtbot: Any, window_factory: Any, kosovo_dir: Path) -> None:
    window = window_factory(kosovo_dir)
    unlock(qtbot, window)
    screen = open_register(qtbot, window)
    dialog = open_issue_dialog(qtbot, window, screen)
    choose_person(qtbot, dialog, "Hoxha")
    press(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(dialog.banner.messages()), timeout=5_000)
    assert "Kamenicë is not one of your administrative units" in dialog.banner.messages()[0]
    assert window.session.dialogs.dialog() is dialog  # still open, input kept
    assert dialog.search.text() == "Hoxha"
    wait_idle(qtbot, window)
    assert screen.table.rowCount() == 0
    assert "A00001" in dialog.number.text()  # no number was taken


def test_a_role_that_does_not_issue_acts_is_told_so_and_cannot_issue(
        qtbot: Any, window_factory: Any, kosovo_dir: Path) -> None:
    vault = open_vault(kosovo_dir, UI_USER, UI_PASSWORD)
    vault.store.meta_set(SERVER_USER_KEY, json.dumps({"username": UI_USER,
                                                      "role": "social_worker",
                                                      "units": ["Gjilan"]}))
    vault.lock()
    window = window_factory(kosovo_dir)
    unlock(qtbot, window)
    screen = open_register(qtbot, window)
    dialog = open_issue_dialog(qtbot, window, screen)
    qtbot.waitUntil(lambda: bool(dialog.banner.messages()), timeout=5_000)
    assert dialog.banner.messages()[0].startswith(
        "Your role (Social worker) may not issue administrative acts")
    assert not dialog.issue_button.isEnabled()
    choose_person(qtbot, dialog, "Çela")
    press(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, window)
    assert window.session.dialogs.dialog() is dialog
    assert screen.table.rowCount() == 0


def test_locking_keeps_the_act_being_issued(qtbot: Any, window_factory: Any,
                                            kosovo_dir: Path) -> None:
    window = window_factory(kosovo_dir)
    unlock(qtbot, window)
    screen = open_register(qtbot, window)
    dialog = open_issue_dialog(qtbot, window, screen)
    choose_person(qtbot, dialog, "Çela")
    type_into(qtbot, dialog.purpose, "Udhëtim në Gjermani")
    window.lock()
    assert window.vault is None or window.vault.is_locked
    unlock(qtbot, window)
    reopened = window.session.dialogs.dialog()
    assert isinstance(reopened, IssueActDialog) and reopened is not dialog
    qtbot.waitUntil(lambda: reopened.purpose.text() == "Udhëtim në Gjermani", timeout=10_000)
    qtbot.waitUntil(lambda: reopened.person.currentText().startswith("Ëngjëll Çela"),
                    timeout=10_000)
    assert "restored" in reopened.notice.text()
    press(reopened, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.session.dialogs.dialog() is None, timeout=5_000)
    wait_idle(qtbot, window)
    assert window.session.ops.call_blocking(lambda store: store.load_draft("administrative-act")) \
        is None  # issued: the draft is gone


def test_an_albanian_laptop_has_no_acts_register(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    unlock(qtbot, window)
    nav = window.workspace.nav
    row = next(i for i in range(nav.count())
               if nav.item(i).data(Qt.ItemDataRole.UserRole) == "acts")
    assert nav.item(row).isHidden()
