"""A new worker's first sign-in on a laptop, through the municipal server (a real server on
127.0.0.1): the caseload arrives with progress and the workspace opens; a wrong password or an
unreachable server is said plainly and leaves no vault behind; without a server the local
"Create my vault" form stays."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop.core.i18n import current_language, set_language, tr
from desktop.core.keys import FAST_KDF
from desktop.core.settings import Settings
from desktop.core.vault import list_vaults, vault_folder, vaults_dir
from tests.ui.conftest import press

USER, PASSWORD = "vjollca", "lumi-i-drinit-9"
WRONG_PASSWORD_MSGID = ("The municipal server did not accept this user name and password. "
                        "Check both and try again.")
UNREACHABLE_MSGID = ("The municipal server could not be reached. Nothing is lost: try again "
                     "when there is a connection.")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, int]]:
    """A server with one social worker whose caseload was sent from another laptop;
    yields its address and how many cases the server holds for her."""
    from desktop.core import sync_local
    from desktop.core.demo import add_demo_data
    from sync.server import admin, embedded

    url = f"sqlite:///{tmp_path / 'server.db'}"
    admin.init(url, "Pukë", "AL")
    admin.add_user(url, USER, "Vjollca Leka", "social_worker", [], PASSWORD)
    running = embedded.start_embedded_server(url)
    with sync_local.login(running.url, tmp_path / "office-laptop", USER, PASSWORD,
                          kdf=FAST_KDF) as vault:
        add_demo_data(vault.store, 30, seed=5, municipalities=("Pukë",), workers=(USER,))
        sync_local.sync_now(vault)
        with vault.store.reading() as conn:
            cases = conn.exec_driver_sql(
                "SELECT count(*) FROM records WHERE type = 'case' AND rev > 0 "
                "AND deleted = 0").scalar_one()
    assert cases > 0
    yield running.url, cases
    running.stop()


@pytest.fixture
def laptop(tmp_path: Path) -> Path:
    """A laptop with the program installed and no vault yet."""
    folder = tmp_path / "new-laptop"
    folder.mkdir()
    return folder


@pytest.fixture
def open_window(window_factory: Any) -> Any:
    """``open_window(data_dir, server_url="")``: a main window with that server set up."""
    return lambda data_dir, server_url="": window_factory(
        data_dir, Settings(language=current_language(), server_url=server_url))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def sign_in(screen: Any, user: str, password: str) -> None:
    screen.first.user.setText(user)
    screen.first.password.setText(password)
    assert screen.first.button.isEnabled()
    screen.first.password.setFocus()
    press(screen.first.password, Qt.Key.Key_Return)


def wait_for_error(qtbot: Any, screen: Any) -> None:
    qtbot.waitUntil(lambda: screen.first.error.isVisibleTo(screen) and not screen._busy,
                    timeout=15_000)


def test_new_worker_signs_in_and_lands_among_her_cases(qtbot: Any, open_window: Any,
                                                        laptop: Path,
                                                        server: tuple[str, int]) -> None:
    set_language("en")
    url, cases = server
    window = open_window(laptop, url)
    screen = window.unlock_screen
    # No vault on the laptop: the first sign-in page is shown, without a "repeat" field.
    assert screen.first.title.isVisibleTo(window)
    assert screen.first.server_note.isVisibleTo(window)
    assert "offline" in screen.first.server_note.text()
    assert url in screen.first.server.text()
    assert not screen.local.repeat.isVisibleTo(window)
    assert not screen.first.back_link.isVisibleTo(window)   # nowhere to go back to
    assert not screen.first.button.isEnabled()

    # Hold the sign-in while the caseload arrives, to see the progress on screen.
    receiving, release = threading.Event(), threading.Event()
    real_login = screen.first.first_login

    def held_login(*args: Any, progress: Any, **options: Any) -> Any:
        def report(stage: str, done: int, total: int | None) -> None:
            progress.update(done, total, stage)  # the page's Progress
            if stage == "pull" and not receiving.is_set():
                receiving.set()
                release.wait(15)
        return real_login(*args, progress=report, **options)

    screen.first.first_login = held_login
    try:
        sign_in(screen, USER, PASSWORD)
        assert screen.busy.isVisibleTo(window)
        assert not screen.first.user.isEnabled() and not screen.first.password.isEnabled()
        qtbot.waitUntil(lambda: screen.first.progress.text().startswith(
            "Receiving your cases:"), timeout=15_000)
        assert screen.first.progress.isVisibleTo(window)
        assert not screen.first.button.isEnabled()
    finally:
        release.set()
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=30_000)

    assert window.session.user == USER
    assert window.session.server_url == url
    assert screen.first.password.text() == ""   # nothing typed stays behind
    assert [v.user for v in list_vaults(laptop)] == [USER]
    window.workspace.navigate("cases")
    case_list = window.workspace.screen("cases")
    qtbot.waitUntil(lambda: case_list.model.rowCount() == cases, timeout=15_000)

    # Later sign-ins are offline unlocks of that vault.
    window.lock()
    assert screen.user_combo.currentData() == USER
    assert screen.password.isVisibleTo(window)


def test_wrong_password_is_said_in_albanian_and_leaves_no_vault(
        qtbot: Any, open_window: Any, laptop: Path, server: tuple[str, int]) -> None:
    set_language("sq")
    window = open_window(laptop, server[0])
    screen = window.unlock_screen
    assert screen.first.title.text() == "Hyrja e parë në këtë laptop"
    sign_in(screen, USER, "not-her-password")
    wait_for_error(qtbot, screen)
    assert screen.first.error.text() == tr(WRONG_PASSWORD_MSGID, "sq")
    assert "Serveri i bashkisë nuk e pranoi" in screen.first.error.text()
    assert window.workspace is None
    assert not vault_folder(laptop, USER).exists()
    assert not vaults_dir(laptop).exists() or not any(vaults_dir(laptop).iterdir())
    assert list_vaults(laptop) == []
    # The user name stays for the next try; the password does not.
    assert screen.first.user.text() == USER and screen.first.password.text() == ""
    assert not screen.busy.isVisibleTo(window) and not screen.first.progress.isVisibleTo(window)
    # The message follows a change of language.
    window.set_language("en")
    assert screen.first.error.text() == WRONG_PASSWORD_MSGID

    # The right password then works.
    sign_in(screen, USER, PASSWORD)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=30_000)
    assert window.session.user == USER


def test_unreachable_server_is_said(qtbot: Any, open_window: Any, laptop: Path) -> None:
    set_language("en")
    window = open_window(laptop, f"http://127.0.0.1:{free_port()}")
    screen = window.unlock_screen
    sign_in(screen, USER, PASSWORD)
    wait_for_error(qtbot, screen)
    assert screen.first.error.text() == UNREACHABLE_MSGID
    assert list_vaults(laptop) == []
    assert not vault_folder(laptop, USER).exists()
    set_language("sq")
    screen.retranslate()
    assert screen.first.error.text() == tr(UNREACHABLE_MSGID, "sq")
    assert "nuk u arrit" in screen.first.error.text()


def test_a_user_with_a_vault_here_is_sent_to_unlock(qtbot: Any, open_window: Any,
                                                    ui_data_dir: Path) -> None:
    set_language("en")
    window = open_window(ui_data_dir, f"http://127.0.0.1:{free_port()}")
    screen = window.unlock_screen
    assert screen.password.isVisibleTo(window)        # a vault is here: the unlock form
    screen.new_user_link.click()
    assert screen.first.title.isVisibleTo(window)
    assert screen.first.back_link.isVisibleTo(window)
    sign_in(screen, "DRITA", PASSWORD)
    assert "already exists" in screen.first.error.text()
    assert not screen._busy
    screen.first.back_link.click()
    assert screen.password.isVisibleTo(window)


def test_without_a_server_the_local_form_stays(qtbot: Any, open_window: Any,
                                               laptop: Path) -> None:
    set_language("en")
    window = open_window(laptop)
    screen = window.unlock_screen
    assert screen.local.title.isVisibleTo(window)
    assert screen.local.repeat.isVisibleTo(window)
    assert not screen.first.title.isVisibleTo(window)
    assert screen.local.button.text() == "Create my vault"
    screen.local.user.setText("mira")
    screen.local.password.setText("bjeshka-e-nemun")
    screen.local.repeat.setText("bjeshka-e-nemun")
    screen.local.repeat.setFocus()
    press(screen.local.repeat, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=10_000)
    assert window.session.user == "mira"
    assert [v.user for v in list_vaults(laptop)] == ["mira"]


def test_setting_a_server_turns_the_form_into_the_first_sign_in(
        qtbot: Any, open_window: Any, laptop: Path) -> None:
    set_language("en")
    window = open_window(laptop)
    screen = window.unlock_screen
    assert screen.local.repeat.isVisibleTo(window)
    url = f"http://127.0.0.1:{free_port()}"
    window.apply_settings(Settings(language="en", server_url=url))
    assert screen.first.title.isVisibleTo(window)
    assert not screen.local.repeat.isVisibleTo(window)
    assert url in screen.first.server.text()


def test_connection_lost_while_receiving_keeps_the_signed_in_vault(
        qtbot: Any, open_window: Any, laptop: Path, server: tuple[str, int]) -> None:
    from sync.client import NetworkError

    set_language("en")
    url, cases = server
    window = open_window(laptop, url)
    screen = window.unlock_screen
    real_login = screen.first.first_login

    def cut_login(*args: Any, progress: Any, **options: Any) -> Any:
        def report(stage: str, done: int, total: int | None) -> None:
            progress.update(done, total, stage)  # the page's Progress
            if stage == "pull":
                raise NetworkError("the connection broke")
        return real_login(*args, progress=report, **options)

    screen.first.first_login = cut_login
    sign_in(screen, USER, PASSWORD)
    qtbot.waitUntil(lambda: screen.error.isVisibleTo(window) and not screen._busy,
                    timeout=15_000)
    # The server accepted her and the vault was made: it is listed, with what to do next.
    assert screen.password.isVisibleTo(window)
    assert screen.user_combo.currentData() == USER
    assert "could not be reached" in screen.error.text()
    assert "not all of your cases" in screen.notice.text()
    # It opens offline with what arrived; the next sync receives the rest.
    screen.password.setText(PASSWORD)
    press(screen.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=15_000)
    assert window.session.user == USER
