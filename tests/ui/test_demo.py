"""``kujdes --demo``: the demo vault is built off the UI thread, with progress, and a
cancelled build leaves nothing behind."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QPushButton

from desktop.core.demo_vault import DEMO_PASSWORD, DEMO_USER, demo_ready
from desktop.core.keys import FAST_KDF
from desktop.core.vault import list_vaults, open_vault
from desktop.ui.demo_setup import start_demo_build


def test_demo_build_with_progress(qtbot: Any, make_window: Any, tmp_path: Path) -> None:
    window = make_window()
    folder = tmp_path / "demo"
    finished: list[bool] = []
    build = start_demo_build(window, folder, finished.append, persons=120, kdf=FAST_KDF)
    assert build.dialog.isVisible()
    qtbot.waitUntil(lambda: bool(finished), timeout=60_000)
    assert finished == [True] and demo_ready(folder)
    assert build.progress.snapshot() == (120, 120)
    vault = open_vault(folder, DEMO_USER, DEMO_PASSWORD)
    try:
        assert vault.store.count("case") > 30
    finally:
        vault.lock()


def test_cancelled_demo_build_leaves_nothing(qtbot: Any, make_window: Any,
                                            tmp_path: Path) -> None:
    window = make_window()
    folder = tmp_path / "demo"
    finished: list[bool] = []
    build = start_demo_build(window, folder, finished.append, persons=50_000, kdf=FAST_KDF)
    qtbot.waitUntil(lambda: build.progress.snapshot()[0] > 0, timeout=60_000)
    build.dialog.findChild(QPushButton).click()
    qtbot.waitUntil(lambda: bool(finished), timeout=60_000)
    assert finished == [False]
    assert not demo_ready(folder)
    assert list_vaults(folder) == []


def test_first_demo_start_ends_on_the_demo_unlock_with_its_credentials(
        qtbot: Any, window_factory: Any, tmp_path: Path) -> None:
    from desktop.core.vault import create_vault
    folder = tmp_path / "demo-first"
    window = window_factory(folder, demo=True, demo_hint=(DEMO_USER, DEMO_PASSWORD))
    screen = window.unlock_screen
    assert screen._page != 0                      # no vault yet while the demo is built
    create_vault(folder, DEMO_USER, DEMO_PASSWORD, kdf=FAST_KDF).lock()
    screen.reload_users(select=DEMO_USER)         # what the end of the build does
    assert screen._page == 0
    assert screen.demo_hint.isVisibleTo(window) and DEMO_PASSWORD in screen.demo_hint.text()
    assert screen.user_combo.currentData() == DEMO_USER
