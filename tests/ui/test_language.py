"""Switching the language at runtime: visible labels change at once, and back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from desktop.core.i18n import current_language, set_language
from tests.ui.conftest import filters_filled, unlock


def _nav_texts(window: Any) -> list[str]:
    nav = window.workspace.nav
    return [nav.item(i).text() for i in range(nav.count())]


def test_language_switch_retranslates_visible_widgets(qtbot: Any, make_window: Any,
                                                      ui_data_dir: Path) -> None:
    set_language("en")
    window = make_window()
    screen = window.unlock_screen
    assert screen.unlock_button.text() == "Unlock"
    screen.language_switch._buttons["sq"].click()
    assert current_language() == "sq"
    assert screen.unlock_button.text() == "Zhblloko"
    assert screen.password_label.text() == "Fjalëkalimi"
    saved = json.loads((ui_data_dir.parent / "settings.json").read_text(encoding="utf-8"))
    assert saved["language"] == "sq"

    unlock(qtbot, window)
    assert _nav_texts(window)[:3] == ["Sot", "Rastet", "Persona dhe familje"]
    window.workspace.navigate("cases")
    cases = window.workspace.screen("cases")
    qtbot.waitUntil(lambda: cases.model.rowCount() > 0 and filters_filled(cases),
                    timeout=10_000)
    assert cases.header.title.text() == "Rastet"
    assert cases.model.headerData(0, _horizontal()) == "Numri i rastit"
    assert cases.filters["status"].itemText(0) == "Çdo status"

    window.set_language("en")
    assert _nav_texts(window)[:3] == ["Today", "Cases", "People and households"]
    assert cases.header.title.text() == "Cases"
    assert cases.model.headerData(0, _horizontal()) == "Case number"
    assert cases.filters["status"].itemText(0) == "Any status"
    # the count is read once the database thread is idle: it shows a moment later
    qtbot.waitUntil(lambda: "changes waiting to sync" in window.pending_label.text())

    window.set_language("sq")
    assert _nav_texts(window)[0] == "Sot"
    assert "ndryshime" in window.pending_label.text()


def _horizontal() -> Any:
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def _click(widget: Any) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_serbian_latin_and_cyrillic_are_offered_and_shown(qtbot: Any, make_window: Any,
                                                         ui_data_dir: Path) -> None:
    set_language("sq")
    window = make_window()
    screen = window.unlock_screen
    switch = screen.language_switch._buttons
    assert [switch[code].text() for code in switch] == ["Shqip", "English", "Srpski", "Српски"]
    _click(switch["sr"])
    assert current_language() == "sr"
    assert screen.unlock_button.text() == "Otključaj"
    assert screen.password_label.text() == "Lozinka"
    _click(switch["sr-Cyrl"])
    assert current_language() == "sr-Cyrl"
    assert screen.unlock_button.text() == "Откључај"
    saved = json.loads((ui_data_dir.parent / "settings.json").read_text(encoding="utf-8"))
    assert saved["language"] == "sr-Cyrl"

    unlock(qtbot, window)
    assert _nav_texts(window)[:3] == ["Данас", "Случајеви", "Лица и домаћинства"]
    window.workspace.navigate("cases")
    cases = window.workspace.screen("cases")
    qtbot.waitUntil(lambda: cases.model.rowCount() > 0 and filters_filled(cases),
                    timeout=10_000)
    assert cases.model.headerData(0, _horizontal()) == "Број случаја"
    assert cases.filters["status"].itemText(0) == "Било који статус"

    window.workspace.navigate("admin")
    admin = window.workspace.screen("admin")
    offered = [admin.language.itemText(i) for i in range(admin.language.count())]
    assert offered == ["Shqip", "English", "Srpski", "Српски"]
    assert admin.language.currentData() == "sr-Cyrl"

    window.set_language("sr")
    assert _nav_texts(window)[:3] == ["Danas", "Slučajevi", "Lica i domaćinstva"]
    assert cases.model.headerData(0, _horizontal()) == "Broj slučaja"
