"""Is the municipal server reachable? A cheap TCP connect on the background pool
(:func:`desktop.core.reachability.reachable`), every half minute; the status bar shows the
answer. Nothing is sent."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.core.reachability import reachable
from desktop.ui.ops import BackgroundOp

CHECK_EVERY_MS = 30_000


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
        BackgroundOp(parent=self, op=lambda: reachable(url), success=self._done
                     ).failure(lambda _error: self._done(False)).run()

    def _done(self, online: bool) -> None:
        self._checking = False
        self._report(bool(online))

    def _report(self, online: bool) -> None:
        if online != self._online:
            self._online = online
            self.changed.emit(online)
