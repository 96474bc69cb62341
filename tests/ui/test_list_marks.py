"""The case list marks the rows of every page it loads, as the worker scrolls to them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop.core.sync_local import VaultReplica
from desktop.core.sync_marks import REFUSED, UNSENT, mark_text
from desktop.core.vault import open_vault
from desktop.core.views.lists import case_query
from desktop.ui import paged_model
from tests.ui.conftest import UI_PASSWORD, UI_USER, press, unlock


def _sent_but_two(data_dir: Path) -> tuple[str, str]:
    """Everything sent, then the list's last case refused and its first case edited again;
    returns (first case, last case) in the list's default order."""
    vault = open_vault(data_dir, UI_USER, UI_PASSWORD)
    store, replica = vault.store, VaultReplica(vault)
    replica.mark_results([{"change_id": c.change_id, "status": "applied", "rev": 1}
                          for c in store.pending_changes(100_000)])
    ids = [row[0] for row in case_query().page(store, 0, 100_000)]
    first, last = ids[0], ids[-1]
    store.update(last, {"risk_level": _other_risk(store, last)})
    replica.mark_results([{"change_id": c.change_id, "status": "rejected",
                           "message": "this record is outside your caseload"}
                          for c in store.pending_changes(10)])
    store.update(first, {"risk_level": _other_risk(store, first)})
    vault.lock()
    return first, last


def _other_risk(store: Any, case_id: str) -> str:
    return "low" if store.get(case_id).fields.get("risk_level") != "low" else "high"


def test_rows_far_down_the_list_carry_their_mark(qtbot: Any, make_window: Any,
                                                 ui_data_dir: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paged_model, "PAGE_SIZE", 10)   # the demo caseload spans pages
    first, last = _sent_but_two(ui_data_dir)
    window = make_window()
    unlock(qtbot, window)
    window.workspace.navigate("cases")
    screen = window.workspace.screen("cases")
    model = screen.model
    qtbot.waitUntil(lambda: model.rowCount() > 30 and model.is_loaded(0), timeout=10_000)
    end = model.rowCount() - 1
    assert not model.is_loaded(end)

    def tip(row: int) -> Any:
        return model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole)

    assert model.record_id(0) == first and tip(0) == mark_text(UNSENT)
    screen.view.setFocus()
    press(screen.view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)  # the last row
    qtbot.waitUntil(lambda: model.is_loaded(end), timeout=10_000)
    assert model.record_id(end) == last
    assert tip(end) == mark_text(REFUSED)
    assert not model.data(model.index(end, 0), Qt.ItemDataRole.DecorationRole).isNull()
    synced = [r for r in range(1, end) if model.is_loaded(r)]
    assert len(synced) >= 5      # the rows shown above the last one: sent, so no mark
    assert not {tip(r) for r in synced} & {mark_text(UNSENT), mark_text(REFUSED)}
