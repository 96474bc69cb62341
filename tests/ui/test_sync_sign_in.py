"""Signing in again from the Sync screen, against a real server on 127.0.0.1: a session the
server refused, a vault made on this laptop without a server, a wrong password, a disabled
user."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop.core.i18n import set_language, tr
from desktop.core.keys import FAST_KDF
from desktop.core.settings import Settings
from desktop.core.vault import create_vault, list_vaults

USER, PASSWORD = "vjollca", "lumi-i-drinit-9"
WRONG_PASSWORD_MSGID = ("The municipal server did not accept this user name and password. "
                        "Check both and try again.")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """(server address, server database)."""
    from sync.server import admin, embedded

    url = f"sqlite:///{tmp_path / 'server.db'}"
    admin.init(url, "Pukë", "AL")
    admin.add_user(url, USER, "Vjollca Leka", "social_worker", [], PASSWORD)
    running = embedded.start_embedded_server(url)
    yield running.url, url
    running.stop()


@pytest.fixture
def open_window(qtbot: Any, tmp_path: Path) -> Iterator[Any]:
    """``open_window(server_address)``: a main window on ``tmp_path/laptop``, unlocked as
    USER, on the Sync screen; shut down after the test."""
    from desktop.ui.main_window import MainWindow
    from desktop.ui.ops import wait_for_background

    made: list[Any] = []

    def make(server_address: str) -> tuple[Any, Any]:
        window = MainWindow(tmp_path / "laptop", Settings(server_url=server_address),
                            kdf=FAST_KDF, settings_path=tmp_path / "settings.json")
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        made.append(window)
        window.unlock_screen.password.setText(PASSWORD)
        window.unlock_screen.submit()
        qtbot.waitUntil(lambda: window.workspace is not None, timeout=15_000)
        window.workspace.navigate("sync")
        screen = window.workspace.screen("sync")
        qtbot.waitUntil(lambda: screen._status is not None, timeout=10_000)
        return window, screen

    yield make
    for window in made:
        window.shutdown()
    assert wait_for_background(15_000)


def _end_server_session(server_db: str, token: str) -> None:
    from sync.server import admin
    from sync.server.auth import logout

    with admin.open_db(server_db) as session:
        logout(session, f"Bearer {token}")


def _sign_in(qtbot: Any, screen: Any, password: str) -> None:
    screen.sign_in_password.setText(password)
    assert screen.sign_in_button.isEnabled()
    screen.sign_in()
    assert screen._signing_in and not screen.sign_in_button.isEnabled()
    qtbot.waitUntil(lambda: not screen._signing_in, timeout=30_000)


def _sync(qtbot: Any, screen: Any) -> str:
    assert screen.sync_button.isEnabled()
    screen.sync_now()
    qtbot.waitUntil(lambda: screen._running is None, timeout=60_000)
    return screen.progress_line.text()


def test_a_refused_session_is_renewed_from_the_sync_screen(
        qtbot: Any, tmp_path: Path, server: tuple[str, str], open_window: Any) -> None:
    from desktop.core import sync_local

    address, server_db = server
    vault = sync_local.login(address, tmp_path / "laptop", USER, PASSWORD, kdf=FAST_KDF)
    vault.store.create("household", {"village": "Qelëz", "administrative_unit": "Qelëz"})
    _end_server_session(server_db, vault.store.meta_get("server_token"))
    vault.lock()

    window, screen = open_window(address)
    assert not screen.sign_in_card.isVisibleTo(window)  # the vault has a session
    refused = _sync(qtbot, screen)
    assert refused == tr("The server does not accept this laptop's session. Sign in again "
                         "while connected to the municipal server.")
    assert screen.sign_in_card.isVisibleTo(window)
    assert screen.sign_in_user.text() == USER
    assert screen.sign_in_server.text() == address
    assert not screen.sync_button.isEnabled()
    assert not screen.sign_in_button.isEnabled()  # no password typed yet

    _sign_in(qtbot, screen, PASSWORD)
    assert not screen.sign_in_card.isVisibleTo(window)
    assert screen.sign_in_password.text() == ""
    assert screen.progress_line.text() == "Signed in at the municipal server. You can sync now."
    done = _sync(qtbot, screen)
    assert done.startswith("Synced: 1 changes sent"), done
    qtbot.waitUntil(lambda: screen.values["pending"].text() == "0", timeout=10_000)


def test_a_vault_made_on_the_laptop_signs_in_and_a_wrong_password_is_said_in_albanian(
        qtbot: Any, tmp_path: Path, server: tuple[str, str], open_window: Any) -> None:
    address, _server_db = server
    vault = create_vault(tmp_path / "laptop", USER, PASSWORD, kdf=FAST_KDF)
    vault.store.create("household", {"village": "Qelëz", "administrative_unit": "Qelëz"})
    vault.lock()

    set_language("sq")
    window, screen = open_window(address)
    assert screen.sign_in_card.isVisibleTo(window)
    assert screen.sign_in_server.text() == address  # the laptop's server: the vault has none
    assert "krijua në këtë laptop" in screen.sign_in_help.text()
    assert not screen.sync_button.isEnabled()

    _sign_in(qtbot, screen, "not-the-password")
    assert screen.sign_in_error.isVisibleTo(window)
    assert screen.sign_in_error.text() == tr(WRONG_PASSWORD_MSGID, "sq")
    assert screen.sign_in_error.text() != WRONG_PASSWORD_MSGID
    assert screen.sign_in_card.isVisibleTo(window)
    assert not screen.sync_button.isEnabled()

    _sign_in(qtbot, screen, PASSWORD)
    assert not screen.sign_in_card.isVisibleTo(window)
    assert not screen.sign_in_error.isVisibleTo(window)
    qtbot.waitUntil(lambda: screen.values["server"].text() == address, timeout=5_000)
    done = _sync(qtbot, screen)
    assert done.startswith("U sinkronizua"), done
    qtbot.waitUntil(lambda: screen.values["pending"].text() == "0", timeout=10_000)


def test_without_a_server_address_the_card_points_to_administration(
        qtbot: Any, tmp_path: Path, open_window: Any) -> None:
    create_vault(tmp_path / "laptop", USER, PASSWORD, kdf=FAST_KDF).lock()
    window, screen = open_window("")
    assert screen.sign_in_card.isVisibleTo(window)
    assert screen.sign_in_server.text() == ("No server address is set on this laptop. It is "
                                            "set in Administration.")
    screen.sign_in_password.setText(PASSWORD)
    assert not screen.sign_in_button.isEnabled()
    assert not screen.sync_button.isEnabled()


def test_a_disabled_user_signing_in_again_locks_like_a_revoked_sync(
        qtbot: Any, tmp_path: Path, server: tuple[str, str], open_window: Any) -> None:
    from desktop.core import sync_local
    from sync.server import admin

    address, server_db = server
    vault = sync_local.login(address, tmp_path / "laptop", USER, PASSWORD, kdf=FAST_KDF)
    _end_server_session(server_db, vault.store.meta_get("server_token"))
    vault.lock()

    window, screen = open_window(address)
    _sync(qtbot, screen)
    assert screen.sign_in_card.isVisibleTo(window)
    admin.disable_user(server_db, USER)
    screen.sign_in_password.setText(PASSWORD)
    screen.sign_in()
    qtbot.waitUntil(lambda: window.workspace is None, timeout=30_000)
    assert window.vault is None
    assert list_vaults(tmp_path / "laptop") == []
    assert "vault was removed from this laptop" in window.unlock_screen.notice.text()
    assert window.unlock_screen.notice.isVisibleTo(window)
