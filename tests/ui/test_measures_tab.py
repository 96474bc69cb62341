"""The Measures tab of the case view: a monitoring report entered from its button shows in
the tab with its state, and the screen is shot in both languages."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import datetime as dt  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.core.casework.measures import record_protection_order  # noqa: E402
from desktop.core.vault import open_vault  # noqa: E402
from desktop.ui.case_view import TABS  # noqa: E402
from desktop.ui.dialogs.measures import MonitoringReportDialog  # noqa: E402
from tests.ui.conftest import UI_PASSWORD, UI_USER, unlock  # noqa: E402
from tests.ui.test_case_view import _open, cases  # noqa: E402, F401
from tests.ui.test_forms_support import type_text  # noqa: E402


def test_a_report_entered_from_the_tab_shows_as_done(
        qtbot: Any, make_window: Any, ui_data_dir: Path,
        cases: dict[str, str]) -> None:  # noqa: F811
    vault = open_vault(ui_data_dir, UI_USER, UI_PASSWORD)
    record_protection_order(vault.store, cases["safe"], kind="ordinary",
                            issued_on=dt.date.today() - dt.timedelta(days=50),
                            court="Gjykata e Pukës", decision_number="31/2026")
    vault.lock()
    window = make_window()
    unlock(qtbot, window)
    view = _open(qtbot, window, cases["safe"])
    view.tabs.setCurrentIndex(TABS.index("measures"))
    table = view._tab("measures").table
    assert "no. 1 due" in table.cell_text(0, 5)
    QTest.mouseClick(view.action_buttons[MonitoringReportDialog], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(),
                                       MonitoringReportDialog), timeout=5000)
    dialog = QApplication.activeModalWidget()
    qtbot.waitUntil(lambda: dialog.measure.currentData() is not None)
    dialog.situation.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.situation)
    type_text(dialog.situation, "E qetë; fëmijët në shkollë")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "no. 1 done" in table.cell_text(0, 5), timeout=10_000)
    assert "no. 2 due" in table.cell_text(0, 5)
    if os.environ.get("KUJDES_SHOTS"):
        window.resize(1366, 768)
        window.grab().save(os.path.join(os.environ["KUJDES_SHOTS"], "case_measures.png"))
