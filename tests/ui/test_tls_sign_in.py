"""The first sign-in refuses a plain http:// server on the network before connecting: typed
by a person on the unlock screen, said in one sentence, no vault left behind."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.core.i18n import set_language, tr
from desktop.core.settings import Settings
from desktop.core.vault import list_vaults

INSECURE_MSGID = (
    "The server address starts with http://, so the password and the case records would cross "
    "the network unencrypted: nothing was sent. Use the server's https:// address (plain "
    "http:// works only for a server on this computer).")


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A real server socket on this machine's network address (not loopback)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.123", 9))   # picks the outgoing address; sends nothing
        address = probe.getsockname()[0]
    assert not address.startswith("127.")
    with socket.socket() as sock:
        sock.bind((address, 0))
        sock.listen()
        sock.settimeout(0.3)
        yield sock


def _type(text: str) -> None:
    QTest.keyClicks(QApplication.focusWidget(), text)


def test_first_sign_in_to_a_plain_http_server_on_the_network_is_refused(
        qtbot: Any, window_factory: Any, tmp_path: Path, listener: socket.socket) -> None:
    set_language("en")
    laptop = tmp_path / "new-laptop"
    laptop.mkdir()
    host, port = listener.getsockname()
    window = window_factory(laptop, Settings(language="en",
                                             server_url=f"http://{host}:{port}"))
    screen = window.unlock_screen
    QTest.mouseClick(screen.first.user, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.first.user)
    _type("vjollca")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not screen.first.user)
    _type("lumi-i-drinit-9")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.first.error.isVisibleTo(screen) and not screen._busy,
                    timeout=15_000)
    assert screen.first.error.text() == INSECURE_MSGID
    assert list_vaults(laptop) == []
    with pytest.raises(TimeoutError):
        listener.accept()
    set_language("sq")
    screen.retranslate()
    assert screen.first.error.text() == tr(INSECURE_MSGID, "sq")
    assert "të pakriptuara" in screen.first.error.text()
