"""The demo of ``kujdes --demo``: a demo vault with synthetic cases in Pukë (``--country XK``:
in Gjilan, Kosovo), and a demo server.

The demo vault is built once (:func:`build_demo_vault`, with progress that can be cancelled; a
cancelled build leaves nothing behind). A marker file says the build finished, so a build cut
short by a crash is started again rather than half used. The demo server is the embedded
municipal server on 127.0.0.1. Qt-free.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from desktop.core import paths
from desktop.core.demo import add_demo_data
from desktop.core.keys import KdfParams
from desktop.core.progress import Cancelled, Progress
from desktop.core.sync_local import login
from desktop.core.vault import OpenVault, create_vault, list_vaults, wipe_vault
from sync.server import admin
from sync.server.embedded import start_embedded_server

log = logging.getLogger(__name__)

DEMO_USER = "demo"
# The demo user's role on the demo server: in Kosovo a QPS official, who also issues acts.
DEMO_ROLES = {"AL": "social_worker", "XK": "qps_official"}
DEMO_PASSWORD = "kujdes-demo"
DEMO_PERSONS = 3_650          # about 2,000 cases
DEMO_MUNICIPALITY = "Pukë"
# The demo municipality of each country; a Kosovo demo lives in its own folder.
DEMO_MUNICIPALITIES = {"AL": DEMO_MUNICIPALITY, "XK": "Gjilan"}
DEMO_WORKERS = (DEMO_USER, DEMO_USER, "arta.gjoka", "besnik.leka")
MARKER = "demo-ready"


def demo_data_dir(override: Path | None = None, country: str = "AL") -> Path:
    if override:
        return Path(override)
    return paths.data_dir() / ("demo" if country == "AL" else f"demo-{country.lower()}")


def demo_ready(data_dir: Path) -> bool:
    has_vault = any(v.user == DEMO_USER for v in list_vaults(data_dir))
    return has_vault and (data_dir / MARKER).exists()


def _new_demo_vault(data_dir: Path, kdf: KdfParams | None, server_url: str,
                    country: str) -> OpenVault:
    """Signed in on the demo server (so Sync works) when it runs; else made locally."""
    if server_url:
        try:
            return login(server_url, data_dir, DEMO_USER, DEMO_PASSWORD, kdf=kdf)
        except Exception as exc:  # the demo still works offline
            log.warning("demo sign-in on the demo server failed: %s", type(exc).__name__)
            wipe_vault(data_dir, DEMO_USER)
    return create_vault(data_dir, DEMO_USER, DEMO_PASSWORD, kdf=kdf, country=country)


def build_demo_vault(data_dir: Path, progress: Progress, *, persons: int = DEMO_PERSONS,
                     kdf: KdfParams | None = None, server_url: str = "",
                     country: str = "AL") -> int:
    """Create the demo user's vault with synthetic data; returns the number of cases."""
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / MARKER).unlink(missing_ok=True)
    wipe_vault(data_dir, DEMO_USER)
    vault = _new_demo_vault(data_dir, kdf, server_url, country)
    try:
        summary = add_demo_data(vault.store, persons, seed=7, batch=500,
                                municipalities=(DEMO_MUNICIPALITIES[country],),
                                workers=DEMO_WORKERS,
                                progress=progress.update)
    except Cancelled:
        vault.lock()
        wipe_vault(data_dir, DEMO_USER)
        raise
    vault.lock()
    (data_dir / MARKER).write_text("1\n", encoding="utf-8")
    return summary.cases


class DemoServer:
    """The embedded municipal server of the demo, on 127.0.0.1."""

    def __init__(self, data_dir: Path, country: str = "AL") -> None:
        self.data_dir = data_dir
        self.country = country
        self.server: Any = None

    def start(self) -> str:
        """Start the demo server (made on first use); its URL."""
        db_path = self.data_dir / "server.db"
        url = f"sqlite:///{db_path}"
        if not db_path.exists():
            admin.init(url, DEMO_MUNICIPALITIES[self.country], self.country)
            admin.add_user(url, DEMO_USER, "Demo", DEMO_ROLES[self.country], [],
                           DEMO_PASSWORD)
        self.server = start_embedded_server(url)
        return str(self.server.url)

    def stop(self) -> None:
        if self.server is not None:
            try:
                self.server.stop()
            except Exception as exc:  # stopping must never block exit
                log.warning("demo server did not stop cleanly: %s", type(exc).__name__)
            self.server = None
