"""Is the municipal server reachable? A cheap TCP connect on the background pool, every
half minute; the status bar shows the answer. Nothing is sent."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.ui.tasks import run_in_background

CHECK_EVERY_MS = 30_000
TIMEOUT_S = 3.0


def reachable(url: str, timeout: float = TIMEOUT_S) -> bool:
    """Whether a TCP connection to the server's host and port opens within ``timeout``."""
    parts = urlsplit(url)
    if not parts.hostname:
        return False
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname, port), timeout=timeout):
            return True
    except OSError:
        return False


class ConnectivityMonitor(QObject):
    """Emits ``changed(online)`` when reachability of the configured server changes."""

    changed = Signal(bool)

    def __init__(self, url: str = "", interval_ms: int = CHECK_EVERY_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._url = url
        self._online: bool | None = None
        self._checking = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check_now)

    @property
    def url(self) -> str:
        return self._url

    @property
    def online(self) -> bool:
        return bool(self._online)

    def set_url(self, url: str) -> None:
        self._url = url
        self.check_now()

    def start(self) -> None:
        self._timer.start()
        self.check_now()

    def stop(self) -> None:
        self._timer.stop()

    def check_now(self) -> None:
        if not self._url:
            self._report(False)
            return
        if self._checking:
            return
        self._checking = True
        url = self._url
        run_in_background(lambda: reachable(url), self._done, lambda _e: self._done(False),
                          owner=self)

    def _done(self, online: bool) -> None:
        self._checking = False
        self._report(bool(online))

    def _report(self, online: bool) -> None:
        if online != self._online:
            self._online = online
            self.changed.emit(online)
