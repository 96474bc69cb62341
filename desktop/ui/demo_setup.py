"""``kujdes --demo``: a demo vault with synthetic cases in Pukë, and a demo server.

The demo vault is built once, off the UI thread, with a progress dialog that can be
cancelled (a cancelled build leaves nothing behind). A marker file says the build finished,
so a build cut short by a crash is started again rather than half used.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QProgressBar, QProgressDialog, QWidget

from desktop.core import paths
from desktop.core.demo import add_demo_data
from desktop.core.i18n import fmt_number, tr
from desktop.core.keys import KdfParams
from desktop.core.vault import OpenVault, create_vault, list_vaults, wipe_vault
from desktop.ui.optional import find
from desktop.ui.tasks import Cancelled, Progress, run_in_background

log = logging.getLogger(__name__)

DEMO_USER = "demo"
DEMO_PASSWORD = "kujdes-demo"
DEMO_PERSONS = 3_650          # about 2,000 cases
DEMO_MUNICIPALITY = "Pukë"
DEMO_WORKERS = (DEMO_USER, DEMO_USER, "arta.gjoka", "besnik.leka")
MARKER = "demo-ready"


def demo_data_dir(override: Path | None = None) -> Path:
    return Path(override) if override else paths.data_dir() / "demo"


def demo_ready(data_dir: Path) -> bool:
    has_vault = any(v.user == DEMO_USER for v in list_vaults(data_dir))
    return has_vault and (data_dir / MARKER).exists()


def _new_demo_vault(data_dir: Path, kdf: KdfParams | None, server_url: str) -> OpenVault:
    """Signed in on the demo server (so Sync works) when it runs; else made locally."""
    login = find("desktop.core.sync_local", "login") if server_url else None
    if login is not None:
        try:
            return login(server_url, data_dir, DEMO_USER, DEMO_PASSWORD, kdf=kdf)
        except Exception as exc:  # the demo still works offline
            log.warning("demo sign-in on the demo server failed: %s", type(exc).__name__)
            wipe_vault(data_dir, DEMO_USER)
    return create_vault(data_dir, DEMO_USER, DEMO_PASSWORD, kdf=kdf)


def build_demo_vault(data_dir: Path, progress: Progress, *, persons: int = DEMO_PERSONS,
                     kdf: KdfParams | None = None, server_url: str = "") -> int:
    """Create the demo user's vault with synthetic data; returns the number of cases."""
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / MARKER).unlink(missing_ok=True)
    wipe_vault(data_dir, DEMO_USER)
    vault = _new_demo_vault(data_dir, kdf, server_url)
    try:
        summary = add_demo_data(vault.store, persons, seed=7, batch=500,
                                municipalities=(DEMO_MUNICIPALITY,), workers=DEMO_WORKERS,
                                progress=progress.update)
    except Cancelled:
        vault.lock()
        wipe_vault(data_dir, DEMO_USER)
        raise
    vault.lock()
    (data_dir / MARKER).write_text("1\n", encoding="utf-8")
    return summary.cases


def _number(value: int) -> str:
    return fmt_number(value)


@dataclass
class DemoBuild:
    """The progress dialog of a demo build; ``finished(ok)`` when it ends."""

    dialog: QProgressDialog
    progress: Progress
    timer: QTimer


def start_demo_build(parent: QWidget, data_dir: Path, finished: Callable[[bool], None], *,
                     persons: int = DEMO_PERSONS, kdf: KdfParams | None = None,
                     server_url: str = "") -> DemoBuild:
    progress = Progress(total=persons)
    dialog = QProgressDialog(tr("Preparing the demo: synthetic people and cases in Pukë…"),
                             tr("Cancel"), 0, persons, parent)
    bar = QProgressBar(dialog)
    bar.setTextVisible(False)
    dialog.setBar(bar)
    dialog.setWindowTitle("Kujdes")
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumWidth(420)
    dialog.canceled.connect(progress.cancel)
    timer = QTimer(dialog)
    timer.setInterval(100)

    def poll() -> None:
        if dialog.wasCanceled():
            progress.cancel()
        done, total = progress.snapshot()
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, total))
        dialog.setLabelText(tr("Preparing the demo: synthetic people and cases in Pukë…") + "\n"
                            + tr("{done} of {total} persons", done=_number(done),
                                 total=_number(total)))

    timer.timeout.connect(poll)
    timer.start()

    def end(ok: bool, error: Any = None) -> None:
        timer.stop()
        dialog.reset()
        dialog.hide()
        dialog.deleteLater()
        if error is not None and not isinstance(error, Cancelled):
            log.error("demo build failed: %s", type(error).__name__)
        finished(ok)

    run_in_background(lambda: build_demo_vault(data_dir, progress, persons=persons, kdf=kdf,
                                               server_url=server_url),
                      lambda _cases: end(True), lambda error: end(False, error), owner=parent)
    dialog.show()
    return DemoBuild(dialog, progress, timer)


class DemoServer:
    """The embedded sync server of the demo, started on the background pool if present."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.server: Any = None

    def start(self, on_ready: Callable[[str], None], owner: QWidget) -> None:
        """Start the server; ``on_ready(url)``, or ``on_ready("")`` when there is none."""
        if find("sync.server.embedded", "start_embedded_server") is None:
            log.info("no embedded server in this version")
            on_ready("")
            return

        def failed(error: Exception) -> None:
            log.warning("demo server did not start: %s", type(error).__name__)
            on_ready("")

        run_in_background(self._start, on_ready, failed, owner=owner)

    def _start(self) -> str:
        from sync.server import admin
        from sync.server.embedded import start_embedded_server

        db_path = self.data_dir / "server.db"
        url = f"sqlite:///{db_path}"
        if not db_path.exists():
            admin.init(url, DEMO_MUNICIPALITY, "AL")
            add_user = getattr(admin, "add_user", None)
            if add_user is not None:
                add_user(url, DEMO_USER, "Demo", "social_worker", [], DEMO_PASSWORD)
        self.server = start_embedded_server(url)
        return str(self.server.url)

    def stop(self) -> None:
        if self.server is not None:
            try:
                self.server.stop()
            except Exception as exc:  # stopping must never block exit
                log.warning("demo server did not stop cleanly: %s", type(exc).__name__)
            self.server = None
