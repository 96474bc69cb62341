"""My tasks (head of unit): a case without a manager and a plan waiting for approval are
listed; Enter on a row opens the case; the caseload counts the open cases of each worker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.core.casework.plans import create_plan
from desktop.core.vault import open_vault
from tests.ui.conftest import UI_PASSWORD, UI_USER, press, unlock


@pytest.fixture
def waiting(ui_data_dir: Path) -> dict[str, Any]:
    vault = open_vault(ui_data_dir, UI_USER, UI_PASSWORD)
    store = vault.store
    try:
        opened = store.query("case", status="open", limit=50)
        nobody = opened[0]
        store.update(nobody.id, {"assigned_worker": None})
        protection = next(c for c in opened[1:] if store.query("plan", case_id=c.id) == [])
        store.update(protection.id, {"case_type": "child_protection"})
        plan = create_plan(store, protection.id, plan_type="protection_plan",
                           goals=["Shkollim i rregullt"])
        mine = store.count("case", status="open", worker=UI_USER)
        return {"nobody": nobody.id, "plan_case": protection.id, "plan": plan.id,
                "mine": mine}
    finally:
        vault.lock()


def test_my_tasks_lists_and_opens_by_keyboard(qtbot: Any, make_window: Any,
                                              waiting: dict[str, Any]) -> None:
    window = make_window()
    unlock(qtbot, window)
    window.workspace.navigate("tasks")
    screen = window.workspace.screen("tasks")
    qtbot.waitUntil(lambda: screen.data is not None, timeout=10_000)
    ids = [screen.unassigned.item(r, 0).data(Qt.ItemDataRole.UserRole)
           for r in range(screen.unassigned.rowCount())]
    assert waiting["nobody"] in ids
    plan_rows = [screen.plans.item(r, 0).data(Qt.ItemDataRole.UserRole)
                 for r in range(screen.plans.rowCount())]
    assert waiting["plan_case"] in plan_rows
    loads = {screen.caseloads.item(r, 0).text(): screen.caseloads.item(r, 1).text()
             for r in range(screen.caseloads.rowCount())}
    assert loads[UI_USER] == str(waiting["mine"])
    screen.plans.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.plans, timeout=3000)
    row = plan_rows.index(waiting["plan_case"])
    press(screen, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    for _ in range(row):
        press(screen, Qt.Key.Key_Down)
    press(screen, Qt.Key.Key_Return)
    view = window.workspace.case_view
    qtbot.waitUntil(lambda: view is not None and view.data is not None
                    and view.data.case.id == waiting["plan_case"], timeout=10_000)
