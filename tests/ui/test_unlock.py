"""The unlock screen: right and wrong passwords, the wait after failures, locked vaults,
Caps Lock, a new user on the laptop, the demo hint."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent

from desktop.core.keys import KeyFile
from desktop.core.vault import MAX_FAILURES, vault_folder
from desktop.ui.unlock_fields import caps_from_key
from tests.ui.conftest import UI_PASSWORD, UI_USER, press, unlock


def test_right_password_opens_the_workspace(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    assert window.unlock_screen.user_combo.currentData() == UI_USER
    assert not window.unlock_screen.demo_hint.isVisible()
    unlock(qtbot, window)
    assert window.stack.currentWidget() is window.workspace
    assert window.workspace.current_key() == "today"
    assert window.unlock_screen.password.text() == ""   # nothing typed stays behind


def test_wrong_password_says_so_and_counts_down(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    screen = window.unlock_screen
    for attempt in range(1, 4):
        screen.password.setText("not-the-password")
        screen.submit()
        qtbot.waitUntil(lambda: screen.error.isVisible() and not screen._busy, timeout=10_000)
        assert str(MAX_FAILURES - attempt) in screen.error.text()
        assert "wrong password" in screen.error.text().lower()
    assert window.workspace is None
    # After three failures the next try must wait: the button counts down.
    assert screen.wait_left > 0
    assert not screen.unlock_button.isEnabled()
    assert "s" in screen.unlock_button.text() and str(screen.wait_left) in \
        screen.unlock_button.text()
    screen._tick()
    assert screen.wait_left in (0, 1)


def test_a_vault_locked_out_is_explained(qtbot: Any, make_window: Any,
                                         ui_data_dir: Path) -> None:
    path = vault_folder(ui_data_dir, UI_USER) / "key.json"
    keyfile = KeyFile.load(path)
    keyfile.locked_out = True
    keyfile.save(path)
    window = make_window()
    screen = window.unlock_screen
    assert screen.error.isVisibleTo(window)
    assert "server" in screen.error.text().lower()
    assert not screen.password.isEnabled()
    assert not screen.unlock_button.isEnabled()


def test_caps_lock_is_noticed_from_typing(qtbot: Any) -> None:
    upper = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "A")
    lower = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")
    shifted = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier,
                        "A")
    digit = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_1, Qt.KeyboardModifier.NoModifier, "1")
    assert caps_from_key(upper) is True
    assert caps_from_key(lower) is False
    assert caps_from_key(shifted) is False
    assert caps_from_key(digit) is None


def test_caps_lock_warning_shows(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    screen = window.unlock_screen
    screen.password.setFocus()
    qtbot.keyClick(screen.password, Qt.Key.Key_B, Qt.KeyboardModifier.NoModifier)
    # offscreen key clicks carry "b"; simulate a capital typed without Shift
    screen.password.caps_lock.emit(True)
    assert screen.caps.isVisibleTo(window)
    screen.password.caps_lock.emit(False)
    assert not screen.caps.isVisibleTo(window)


def test_new_user_on_this_laptop(qtbot: Any, make_window: Any, ui_data_dir: Path) -> None:
    window = make_window()
    screen = window.unlock_screen
    screen.show_create()
    screen.local.user.setText("mira")
    screen.local.password.setText("short")
    screen.local.repeat.setText("short")
    screen.local.repeat.setFocus()
    press(screen.local.repeat, Qt.Key.Key_Return)
    assert "8" in screen.local.error.text()
    screen.local.password.setText("bjeshka-e-nemun")
    screen.local.repeat.setText("bjeshka-e-nemuna")
    screen.local.repeat.setFocus()
    press(screen.local.repeat, Qt.Key.Key_Return)
    assert screen.local.error.isVisibleTo(window)
    screen.local.user.setText(UI_USER)
    screen.local.repeat.setText("bjeshka-e-nemun")
    screen.local.repeat.setFocus()
    press(screen.local.repeat, Qt.Key.Key_Return)
    assert UI_USER in screen.local.error.text()
    screen.local.user.setText("mira")
    screen.local.repeat.setFocus()
    press(screen.local.repeat, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=10_000)
    assert window.session.user == "mira"
    assert (vault_folder(ui_data_dir, "mira") / "key.json").exists()


def test_demo_hint_only_in_demo_mode(qtbot: Any, make_window: Any) -> None:
    plain = make_window()
    assert not plain.unlock_screen.demo_hint.isVisibleTo(plain)
    demo = make_window(demo=True, demo_hint=("demo", "kujdes-demo"))
    assert demo.unlock_screen.demo_hint.isVisibleTo(demo)
    assert "kujdes-demo" in demo.unlock_screen.demo_hint.text()
    assert UI_PASSWORD not in demo.unlock_screen.demo_hint.text()
