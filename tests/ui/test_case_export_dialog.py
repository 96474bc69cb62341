"""Exporting case data from the Reports screen, by keyboard, through the modal dialog."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton

from desktop.core.i18n import tr
from tests.ui.conftest import press, unlock


def export_button(window: Any) -> QPushButton:
    host = window.workspace.screen("reports")
    found = [b for b in host.findChildren(QPushButton) if b.text() == tr("Export case data…")]
    assert found, "the Reports screen offers the case export"
    return found[0]


def open_dialog(qtbot: Any, window: Any) -> Any:
    window.workspace.navigate("reports")
    button = export_button(window)
    qtbot.waitUntil(button.isVisible)
    button.setFocus()
    press(button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.session.dialogs.dialog() is not None, timeout=5000)
    return window.session.dialogs.dialog()


def type_into(widget: Any, text: str) -> None:
    """Select what the field holds and type over it, where the keyboard focus is."""
    widget.setFocus()
    press(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(QApplication.focusWidget(), text)


def test_persons_exported_by_keyboard_without_sensitive_columns(qtbot: Any, make_window: Any,
                                                                tmp_path: Path) -> None:
    window = make_window()
    unlock(qtbot, window)
    dialog = open_dialog(qtbot, window)
    dialog.kind.setFocus()
    press(dialog.kind, Qt.Key.Key_Down)                     # Cases -> Persons
    assert dialog.what == "persons"
    press(dialog.kind, Qt.Key.Key_Tab)                      # to the format
    press(dialog.format, Qt.Key.Key_Down)                   # XLSX -> CSV
    assert dialog.format.currentData() == "csv"
    sensitive = [dialog.columns.item(i) for i in range(dialog.columns.count())
                 if "(" in dialog.columns.item(i).text()]
    assert sensitive and all(i.checkState() == Qt.CheckState.Unchecked for i in sensitive)
    out = tmp_path / "persona.csv"
    type_into(dialog.path, str(out))
    press(dialog.path, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.notice.isVisible(), timeout=10_000)
    with out.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert "Ethnicity" not in rows[0] and "First name" in rows[0]
    assert len(rows) > 100
    assert f"{len(rows) - 1} rows" in dialog.notice.text()

    dialog.sensitive.setFocus()
    press(dialog.sensitive, Qt.Key.Key_Space)               # include sensitive data
    press(dialog.sensitive, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "role known from the municipal server" in
                    " ".join(dialog.banner.messages()), timeout=10_000)


def test_register_export_by_keyboard_then_nothing_new(qtbot: Any, make_window: Any,
                                                      tmp_path: Path) -> None:
    window = make_window()
    unlock(qtbot, window)
    dialog = open_dialog(qtbot, window)
    dialog.kind.setFocus()
    press(dialog.kind, Qt.Key.Key_End)                      # the national register
    assert dialog.what == "register" and not dialog.columns_field.isVisible()
    out = tmp_path / "ngarkimi.xlsx"
    type_into(dialog.path, str(out))
    press(dialog.path, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.notice.isVisible(), timeout=10_000)
    written = int(dialog.notice.text().split(": ")[1].split()[0])
    assert written > 0 and out.exists()
    dialog.show_notice("")
    press(dialog.path, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.notice.isVisible(), timeout=10_000)
    assert ": 0 " in dialog.notice.text() and f"({written} " in dialog.notice.text()


def test_no_case_data_leaves_in_the_publication_edition(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    unlock(qtbot, window)
    window.workspace.navigate("reports")
    public = window.workspace.screen("reports").reports.filters.public
    qtbot.waitUntil(public.isVisible)
    public.setFocus()
    press(public, Qt.Key.Key_Space)
    assert public.isChecked()
    dialog = open_dialog(qtbot, window)
    assert "never exported in the publication edition" in " ".join(dialog.banner.messages())
    assert not dialog.save_button.isEnabled()
