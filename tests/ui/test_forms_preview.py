"""``kujdes forms preview FILE.xlsx``: the spreadsheet opens in the form renderer, answers
are checked as a worker would see them, and nothing is saved anywhere."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.cli import main
from desktop.ui.forms.preview import PreviewWindow
from desktop.ui.forms.time_editor import TimeEditor
from tests.forms.books import form_book
from tests.ui.conftest import press


def _type_into(qtbot: Any, widget: Any, text: str) -> None:
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=5_000)
    QTest.keyClicks(QApplication.focusWidget(), text)


def test_preview_opens_the_form_checks_answers_and_saves_nothing(
        qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    monkeypatch.setenv("KUJDES_DATA_DIR", str(data_dir))
    book = form_book(tmp_path / "v2.xlsx", 2, extra_question=True)
    seen: dict[str, Any] = {}

    def drive() -> None:
        window = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, PreviewWindow) and w.isVisible())
        qtbot.waitUntil(lambda: window.view.state is not None, timeout=10_000)
        seen["title"] = window.windowTitle()
        window.check_button.setFocus()
        press(window.check_button, Qt.Key.Key_Space)
        seen["incomplete"] = window.result.text()
        seen["rooms_error"] = window.view.error_text("rooms")
        editor = window.findChildren(TimeEditor)[0]
        _type_into(qtbot, editor.edit, "7:45")
        seen["time"] = window.view.answers().get("visit_time")
        window.close()

    QTimer.singleShot(0, drive)
    assert main(["--language", "en", "forms", "preview", str(book)]) == 0
    assert seen["title"] == "Preview: Municipal check v2 (nothing is saved)"
    assert seen["incomplete"] == "Some answers are missing or wrong: they are marked in red."
    assert seen["rooms_error"]
    assert seen["time"] == "07:45"
    assert list(data_dir.iterdir()) == []


def test_preview_of_a_spreadsheet_with_problems_prints_them(
        qtbot: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = form_book(tmp_path / "bad.xlsx", 1, broken=True)
    assert main(["--language", "en", "forms", "preview", str(book)]) == 1
    assert capsys.readouterr().out == (
        "survey:6: column type: geopoint (a geographic point) is not supported\n")
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, PreviewWindow)
                and w.isVisible()]
