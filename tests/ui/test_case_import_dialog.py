"""Importing an existing register from Administration, by keyboard: the encoding shown, the
preview with the field of each column, a column mapped by hand and the mapping kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from desktop.core.i18n import tr
from tests.ui.conftest import press, unlock, wait_idle
from tests.ui.test_case_export_dialog import type_into

REGISTER = ("Emri;Mbiemri;Gjinia;Datëlindja;Njësia administrative;Kategoria;"
            "Burimi i referimit;Hapur më\n"
            "Shpresa;Gjoni;F;12.04.1990;Qelëz;Kujdes dhe mbështetje sociale;Policia;"
            "03.02.2025\n"
            "Lulzim;Çela;M;01.01.1950;Qelëz;Kujdes për të moshuarin;Policia;05.11.2024\n")


def open_import(qtbot: Any, window: Any) -> Any:
    window.workspace.navigate("admin")
    host = window.workspace.screen("admin")
    found = [b for b in host.findChildren(QPushButton)
             if b.text() == tr("Import an existing register…")]
    assert found
    qtbot.waitUntil(found[0].isVisible)
    found[0].setFocus()
    press(found[0], Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.session.dialogs.dialog() is not None, timeout=5000)
    return window.session.dialogs.dialog()


def test_a_register_in_windows_1250_previewed_mapped_and_imported(
        qtbot: Any, make_window: Any, tmp_path: Path) -> None:
    source = tmp_path / "regjistri.csv"
    source.write_bytes(REGISTER.encode("cp1250"))
    window = make_window()
    unlock(qtbot, window)
    dialog = open_import(qtbot, window)
    type_into(dialog.source, str(source))
    press(dialog.source, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    assert dialog.encoding.text() == "Read as Windows-1250."
    assert dialog.table.item(1, 1).text() == "Gjoni"
    assert dialog.table.item(2, 1).text() == "Çela"
    assert "line 1: unknown column Kategoria" in dialog.banner.messages()
    assert dialog.preview.targets[:2] == ["first_name", "last_name"]

    combo = dialog.table.cellWidget(0, 5)                  # Kategoria
    assert combo.currentText() == tr("(not imported)")
    combo.setFocus()
    for _ in range(combo.findData("case.case_type") - combo.currentIndex()):
        press(combo, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: dialog.preview.targets[5] == "case.case_type", timeout=10_000)
    assert dialog.banner.messages() == []

    dialog.keep_button.setFocus()
    press(dialog.keep_button, Qt.Key.Key_Space)
    mapping = tmp_path / "regjistri.mapping.yaml"
    qtbot.waitUntil(mapping.exists, timeout=10_000)
    assert "Kategoria: case.case_type" in mapping.read_text(encoding="utf-8")

    press(dialog.keep_button, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.imported, timeout=20_000)
    assert "Imported 2 cases; 2 persons registered" in dialog.notice.text()
    press(dialog.keep_button, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.session.dialogs.dialog() is None, timeout=5000)

    again = open_import(qtbot, window)                      # the mapping is read again
    type_into(again.source, str(source))
    press(again.source, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: again.preview is not None, timeout=10_000)
    assert again.preview.targets[5] == "case.case_type" and again.banner.messages() == []
    press(again.source, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: again.imported, timeout=20_000)
    assert "Imported 0 cases" in again.notice.text() and "2 cases there already" in \
        again.notice.text()
    wait_idle(qtbot, window)


def test_locking_keeps_the_file_and_the_mapping_chosen(qtbot: Any, make_window: Any,
                                                       tmp_path: Path) -> None:
    source = tmp_path / "regjistri.csv"
    source.write_bytes(REGISTER.encode("cp1250"))
    window = make_window()
    unlock(qtbot, window)
    dialog = open_import(qtbot, window)
    type_into(dialog.source, str(source))
    press(dialog.source, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    combo = dialog.table.cellWidget(0, 5)
    combo.setFocus()
    for _ in range(combo.findData("case.case_type") - combo.currentIndex()):
        press(combo, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: dialog.preview.targets[5] == "case.case_type", timeout=10_000)
    qtbot.wait(700)                                         # the draft is saved meanwhile

    window.lock()
    qtbot.waitUntil(lambda: window.vault is None, timeout=5_000)
    unlock(qtbot, window)
    reopened = window.session.dialogs.dialog()
    assert reopened is not None and reopened is not dialog
    qtbot.waitUntil(lambda: reopened.preview is not None, timeout=10_000)
    assert reopened.source.text() == str(source)
    assert reopened.preview.targets[5] == "case.case_type"
    assert reopened.banner.messages() == []
    reopened.reject()
    wait_idle(qtbot, window)
