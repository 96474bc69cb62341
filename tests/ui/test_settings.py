"""Settings of this laptop: the file, its defaults, and applying them in the window."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from desktop.core.settings import Settings, load_settings, save_settings, settings_path
from tests.ui.conftest import UI_PASSWORD, unlock


def test_defaults_when_there_is_no_file(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "none.json")
    assert (settings.idle_lock_minutes, settings.language, settings.server_url) == (5, "sq", "")


def test_round_trip_keeps_unknown_keys(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"idle_lock_minutes": 12, "language": "en",
                                "server_url": " https://kujdes.puke.gov.al ",
                                "printer": "Zyra 2"}), encoding="utf-8")
    settings = load_settings(path)
    assert settings.idle_lock_minutes == 12 and settings.language == "en"
    assert settings.server_url == "https://kujdes.puke.gov.al"
    save_settings(settings, path)
    assert json.loads(path.read_text(encoding="utf-8"))["printer"] == "Zyra 2"


def test_bad_values_fall_back(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"idle_lock_minutes": 0, "language": "fr"}), encoding="utf-8")
    settings = load_settings(path)
    assert settings.idle_lock_minutes == 1 and settings.language == "sq"
    path.write_text("{not json", encoding="utf-8")
    assert load_settings(path) == Settings()


def test_default_path_is_the_config_dir(tmp_path: Path) -> None:
    assert settings_path() == tmp_path / "config" / "settings.json"


def test_administration_applies_idle_minutes(qtbot: Any, make_window: Any,
                                             ui_data_dir: Path) -> None:
    window = make_window()
    unlock(qtbot, window)
    window.workspace.navigate("admin")
    admin = window.workspace.screen("admin")
    qtbot.waitUntil(lambda: admin.users.rowCount() == 1)   # read off the UI thread
    focus(qtbot, admin.idle)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(QApplication.focusWidget(), "9")
    focus(qtbot, admin.save_button)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert window.idle.interval() == 9 * 60_000
    saved = json.loads((ui_data_dir.parent / "settings.json").read_text(encoding="utf-8"))
    assert saved["idle_lock_minutes"] == 9


def focus(qtbot: Any, widget: QWidget) -> QWidget:
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)
    return widget


def test_changing_the_password_in_administration(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    unlock(qtbot, window)
    window.workspace.navigate("admin")
    admin = window.workspace.screen("admin")
    new = "a new horse battery staple"

    def type_into(field: QWidget, text: str) -> None:
        focus(qtbot, field)
        QTest.keyClicks(QApplication.focusWidget(), text)

    type_into(admin.old_password, "not the password")
    type_into(admin.new_password, new)
    type_into(admin.repeat_password, new)
    QTest.keyClick(focus(qtbot, admin.password_button), Qt.Key.Key_Space)
    # the key is derived off the UI thread; a wrong current password is said, nothing changes
    qtbot.waitUntil(lambda: admin.password_button.isEnabled(), timeout=20_000)
    assert admin.password_note.text() and admin.password_note.text() != "Password changed."
    assert admin.old_password.text() == "" and admin.new_password.text() == new
    type_into(admin.old_password, UI_PASSWORD)
    QTest.keyClick(focus(qtbot, admin.password_button), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: admin.password_note.text() == "Password changed.", timeout=20_000)
    window.lock()
    unlock(qtbot, window, new)

def _type_server_and_save(qtbot: Any, admin: Any, address: str) -> None:
    """Click into the server field, replace its text by typing, and click Save."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QPushButton

    QTest.mouseClick(admin.server, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is admin.server)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Delete)
    QTest.keyClicks(QApplication.focusWidget(), address)
    save = next(b for b in admin.findChildren(QPushButton) if b.text() in ("Save", "Ruaj"))
    QTest.mouseClick(save, Qt.MouseButton.LeftButton)


def test_plain_http_to_a_network_server_is_refused_and_the_ca_kept(
        qtbot: Any, window_factory: Any, ui_data_dir: Path) -> None:
    settings_file = ui_data_dir.parent / "settings.json"
    settings_file.write_text(json.dumps({"language": "en", "ca_cert": "bashkia-ca.pem",
                                         "server_url": "https://kujdes.puke.gov.al"}))
    window = window_factory(ui_data_dir, load_settings(settings_file))
    unlock(qtbot, window)
    window.workspace.navigate("admin")
    admin = window.workspace.screen("admin")
    _type_server_and_save(qtbot, admin, "http://10.20.0.5:8765")
    assert "cross the network unencrypted" in admin.saved_note.text()
    assert admin.server.text() == "http://10.20.0.5:8765"   # left to be corrected
    saved = json.loads(settings_file.read_text(encoding="utf-8"))
    assert saved["server_url"] == "https://kujdes.puke.gov.al"
    _type_server_and_save(qtbot, admin, "kujdes.puke.gov.al")
    assert "starts with https://" in admin.saved_note.text()
    _type_server_and_save(qtbot, admin, "https://kujdes.kucove.gov.al")
    assert admin.saved_note.text() == "Saved."
    saved = json.loads(settings_file.read_text(encoding="utf-8"))
    assert saved["server_url"] == "https://kujdes.kucove.gov.al"
    assert saved["ca_cert"] == "bashkia-ca.pem"


def test_idle_minutes_out_of_range_are_refused_in_words(qtbot: Any, make_window: Any,
                                                       ui_data_dir: Path) -> None:
    from desktop.core.i18n import set_language
    set_language("sq")
    window = make_window()
    unlock(qtbot, window)
    before = window.idle.interval()
    window.workspace.navigate("admin")
    admin = window.workspace.screen("admin")
    qtbot.waitUntil(lambda: admin.users.rowCount() == 1)
    for typed in ("500", "dy"):
        focus(qtbot, admin.idle)
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_A,
                       Qt.KeyboardModifier.ControlModifier)
        QTest.keyClicks(QApplication.focusWidget(), typed)
        focus(qtbot, admin.save_button)
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
        assert admin.idle.text() == typed                       # kept as typed, not clamped
        assert admin.idle.error.text() == "⚠ Shkruani një numër të plotë nga 1 deri në 120."
        assert admin.saved_note.text() == "Asgjë nuk u ruajt."
        assert QApplication.focusWidget() is admin.idle          # back to be corrected
    assert window.idle.interval() == before
    assert not (ui_data_dir.parent / "settings.json").exists()   # nothing saved
