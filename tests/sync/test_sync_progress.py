"""Sync with the core Progress: stages reported, a cancel stops at a safe point, and the
database steps can run on another thread (as the app's database thread does)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from desktop.core.keys import FAST_KDF
from desktop.core.progress import Progress
from desktop.core.sync_local import login, sync_now
from sync.engine import SyncCancelled
from tests.server.fixtures import PASSWORD, World, new_case


def test_login_and_sync_report_stages_and_a_cancel_keeps_everything(
        world: World, tmp_path: Path) -> None:
    office, oc = world.device("head")
    new_case(office, "Qerret")
    office.sync(oc)
    progress = Progress()
    vault = login(world.url, tmp_path, "sw_qerret", PASSWORD, kdf=FAST_KDF, progress=progress)
    assert progress.stage in ("pull", "reports") and vault.store.count("case") == 1
    for n in range(3):
        pid = vault.store.create("person", {"first_name": f"E{n}", "last_name": "K",
                                            "sex": "F", "administrative_unit": "Qerret"}).id
        assert pid
    stopped = Progress()
    stopped.cancel()
    with pytest.raises(SyncCancelled):
        sync_now(vault, stopped)
    assert vault.store.pending_count() == 3  # nothing sent, nothing lost

    database = ThreadPoolExecutor(max_workers=1)  # stands for the app's database thread
    threads: set[str] = set()

    def run_db(fn: Any) -> Any:
        def step() -> Any:
            threads.add(threading.current_thread().name)
            return fn(vault.store)
        return database.submit(step).result()

    result = sync_now(vault, Progress(), run_db=run_db)
    assert result.pushed == 3 and vault.store.pending_count() == 0
    assert len(threads) == 1 and threading.current_thread().name not in threads
    database.shutdown()
    vault.lock()
