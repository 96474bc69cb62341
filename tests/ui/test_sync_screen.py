"""The Sync screen against a real server on 127.0.0.1: status, Sync now with progress, and
the status bar's last sync."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop.core.keys import FAST_KDF
from desktop.core.settings import Settings

USER, PASSWORD = "vjollca", "lumi-i-drinit-9"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    from sync.server import admin, embedded

    url = f"sqlite:///{tmp_path / 'server.db'}"
    admin.init(url, "Pukë", "AL")
    admin.add_user(url, USER, "Vjollca Leka", "social_worker", [], PASSWORD)
    running = embedded.start_embedded_server(url)
    yield running.url
    running.stop()


def test_sync_now_sends_what_waits(qtbot: Any, tmp_path: Path, server: str) -> None:
    from desktop.core import sync_local
    from desktop.ui.main_window import MainWindow
    from desktop.ui.ops import wait_for_background

    data_dir = tmp_path / "laptop"
    vault = sync_local.login(server, data_dir, USER, PASSWORD, kdf=FAST_KDF)
    vault.store.create("household", {"village": "Qelëz", "administrative_unit": "Qelëz"})
    vault.lock()

    window = MainWindow(data_dir, Settings(server_url=server), kdf=FAST_KDF,
                        settings_path=tmp_path / "settings.json")
    qtbot.addWidget(window)
    window.show()
    try:
        window.unlock_screen.password.setText(PASSWORD)
        window.unlock_screen.submit()
        qtbot.waitUntil(lambda: window.workspace is not None, timeout=15_000)
        qtbot.waitUntil(lambda: window.online_label.text() == "Online", timeout=15_000)
        window.workspace.navigate("sync")
        screen = window.workspace.screen("sync")
        qtbot.waitUntil(lambda: screen.values["pending"].text() not in ("", "0"),
                        timeout=10_000)
        assert screen.values["server"].text() == server
        assert screen.values["state"].text().startswith("Online")
        assert screen.sync_button.isEnabled()
        screen.sync_now()
        assert screen.cancel_button.isVisibleTo(window)
        qtbot.waitUntil(lambda: screen._running is None, timeout=60_000)
        assert screen.progress_line.text().startswith("Synced:"), screen.progress_line.text()
        qtbot.waitUntil(lambda: screen.values["pending"].text() == "0", timeout=10_000)
        qtbot.waitUntil(lambda: "Last sync" in window.last_sync_label.text(), timeout=10_000)
    finally:
        window.shutdown()
        assert wait_for_background(15_000)
