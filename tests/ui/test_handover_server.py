"""A refused case handed by keyboard, from the Sync screen's refusals panel, to a colleague who
works on another laptop: through a real server on 127.0.0.1."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.core.i18n import set_language
from desktop.core.refusals import refused_count
from desktop.ui.handover_dialog import ColleagueChooser
from tests.ui.test_sync_trust import (  # noqa: F401 - fixtures
    COORDINATOR,
    USER,
    _press,
    _refused_case,
    _signed_in_vault,
    _sync_by_keyboard,
    _sync_screen,
    _unlock,
    make_window,
    server,
)

SHOTS = Path(os.environ.get("KUJDES_SHOTS", "/work/shots/handover"))


def _when_chooser_opens(answer: Any) -> None:
    """Call ``answer`` once the colleague chooser is the modal window (after the server said
    who may hold the case)."""
    timer = QTimer()
    timer.setInterval(100)

    ticks = [0]

    def check() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ColleagueChooser):
            return
        ticks[0] += 1  # give the window system up to 10 s to focus the first field
        if QApplication.focusWidget() is dialog.colleague or ticks[0] > 100:
            timer.stop()
            answer()
            if dialog.isVisible():  # the key did not close it: do not leave it open
                dialog.reject()

    timer.timeout.connect(check)
    timer.start()
    _keep.append(timer)


_keep: list[QTimer] = []


@pytest.mark.parametrize("language", ["en", "sq"])
def test_a_refused_case_is_handed_by_keyboard_to_a_colleague_on_another_laptop(
        qtbot: Any, tmp_path: Path, server: str, make_window: Any,  # noqa: F811
        language: str) -> None:
    vault = _signed_in_vault(server, tmp_path / "laptop")
    case_id = _refused_case(vault)
    vault.lock()
    set_language(language)
    window = make_window()
    _unlock(qtbot, window)
    screen = _sync_screen(qtbot, window)
    _sync_by_keyboard(qtbot, screen)
    panel = screen.refusals
    # no colleague has a vault on this laptop: the server says who may hold the case
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1 and panel.hand_over_button.isEnabled(),
                    timeout=10_000)
    seen: dict[str, Any] = {}

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        seen["items"] = [dialog.colleague.itemText(i) for i in range(dialog.colleague.count())]
        seen["password"] = dialog.password.isVisible()
        seen["focus"] = QApplication.focusWidget() is dialog.colleague
        SHOTS.mkdir(parents=True, exist_ok=True)
        dialog.grab().save(str(SHOTS / f"handover-server-dialog-{language}.png"))
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    _when_chooser_opens(answer)
    _press(qtbot, panel.hand_over_button)
    qtbot.waitUntil(lambda: "items" in seen, timeout=15_000)
    role = "Domestic violence coordinator" if language == "en" else "Koordinator vendor për " \
                                                                    "dhunën në familje"
    assert seen == {"items": [f"Teuta Marku · {role}"], "password": False, "focus": True}
    said = "handed over to teuta through the municipal server" if language == "en" else \
        "iu dorëzua teuta përmes serverit të bashkisë"
    # said where the worker looks, though the panel hides with nothing left to settle
    qtbot.waitUntil(lambda: said in screen.progress_line.text(), timeout=15_000)
    qtbot.waitUntil(lambda: screen.values["refused"].text() == "0", timeout=10_000)
    qtbot.waitUntil(lambda: not panel.isVisible(), timeout=10_000)
    assert screen.progress_line.isVisible() and said in screen.progress_line.text()
    window.grab().save(str(SHOTS / f"handover-server-done-{language}.png"))
    store = window.vault.store
    assert store.get(case_id) is None and refused_count(store) == 0
    # the colleague's laptop (another data folder) receives the case, as its case manager
    other = _signed_in_vault(server, tmp_path / "other-laptop", COORDINATOR)
    try:
        fields = other.store.get(case_id).fields
        assert (fields["case_type"], fields["assigned_worker"]) == ("domestic_violence",
                                                                    COORDINATOR)
        assert fields["transfers"][-1]["by"] == USER
    finally:
        other.lock()
