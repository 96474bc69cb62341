"""What is alive once Today's data is shown (modules, the workspace) is left out of Python's
full garbage collections, which otherwise walk it on the UI thread at every one; a lock gives
it back to the collector, so what the closed workspace leaves in reference cycles is freed."""

from __future__ import annotations

import gc
import weakref
from typing import Any

from PySide6.QtCore import Qt

from tests.ui.conftest import press, unlock


class _Node:
    pair: _Node


def _cycle() -> weakref.ref[_Node]:
    first, second = _Node(), _Node()
    first.pair, second.pair = second, first
    return weakref.ref(first)


def test_settled_objects_are_frozen_after_unlock_and_thawed_by_a_lock(qtbot: Any,
                                                                        make_window: Any):
    gc.unfreeze()
    window = make_window()
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: gc.get_freeze_count() > 0, timeout=10_000)
    made_after = _cycle()  # garbage made after the freeze is collected as usual
    gc.collect()
    assert made_after() is None

    kept = _cycle()  # a cycle alive at the next freeze, dropped later: frozen until the lock
    window.workspace.navigate("cases")
    gc.freeze()
    gc.collect()
    assert kept() is not None

    press(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.vault is None, timeout=10_000)
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert kept() is None
