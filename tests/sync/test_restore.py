"""A first restore: pages fetched ahead of the vault's writing, cut anywhere, lose nothing.

The page feed (``sync.pages``) is checked against a scripted server; the first login against a
real server on 127.0.0.1 with pages of a few records, cut at each request of the restore.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from desktop.core import sync_local
from desktop.core.keys import FAST_KDF
from desktop.core.sync_local import login, sync_now
from desktop.core.vault import OpenVault
from sync import engine
from sync.client import NetworkError, SyncClient
from sync.pages import DEPTH, PageFeed
from tests.server.fixtures import PASSWORD, World, new_case, visit_fields


class Scripted:
    """A server that answers pull pages of one record each, counting what it was asked."""

    def __init__(self, pages: int, fail_at: int | None = None) -> None:
        self.pages, self.fail_at = pages, fail_at
        self.asked: list[int] = []
        self.caseload_asked = threading.Event()

    def pull(self, cursor: int, limit: int) -> dict[str, Any]:
        self.asked.append(cursor)
        if len(self.asked) - 1 == self.fail_at:
            raise NetworkError("cut")
        n = cursor + 1
        return {"records": [{"id": f"r{n}"}], "cursor": n, "more": n < self.pages}

    def caseload(self) -> dict[str, Any]:
        self.caseload_asked.set()
        return {"count": self.pages, "hash": "", "cursor": self.pages}


def _wait_for(test: Any, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not test() and time.monotonic() < deadline:
        time.sleep(0.01)


def test_pages_come_in_order_and_the_caseload_is_asked_after_the_last() -> None:
    server = Scripted(pages=7)
    feed = PageFeed(server.pull, server.caseload, 0, 1)
    got = [feed.next() for _ in range(7)]
    assert [p["records"][0]["id"] for p in got] == [f"r{n}" for n in range(1, 8)]
    assert server.asked == list(range(7))  # each page asked with the cursor of the one before
    assert feed.caseload is not None and feed.caseload.result()["count"] == 7
    feed.close()


def test_a_slow_writer_holds_back_the_feed_and_closing_stops_it() -> None:
    server = Scripted(pages=50)
    feed = PageFeed(server.pull, server.caseload, 0, 1)
    _wait_for(lambda: len(server.asked) > DEPTH)
    time.sleep(0.2)
    assert len(server.asked) == DEPTH + 1  # DEPTH pages waiting, one more in hand
    assert feed.next()["cursor"] == 1
    _wait_for(lambda: len(server.asked) > DEPTH + 1)
    feed.close()
    asked = len(server.asked)
    time.sleep(0.2)
    assert asked == len(server.asked) <= DEPTH + 2  # nothing asked after closing
    assert not server.caseload_asked.is_set()


def test_a_failed_page_is_raised_after_the_pages_before_it() -> None:
    server = Scripted(pages=9, fail_at=3)
    feed = PageFeed(server.pull, server.caseload, 0, 1)
    assert [feed.next()["cursor"] for _ in range(3)] == [1, 2, 3]
    with pytest.raises(NetworkError):
        feed.next()
    feed.close()
    assert len(server.asked) == 4 and feed.caseload is None


# -- a real first login, cut at each request of its restore ----------------------------------

def _caseload(world: World, cases: int) -> None:
    office, client = world.device("head")
    for n in range(cases):
        _pid, cid = new_case(office, "Qerret", n=n)
        office.create("visit", visit_fields(cid, f"Vizitë {n}"))
    office.sync(client)


def _server_view(world: World, vault: OpenVault) -> dict[str, tuple[int, dict[str, Any]]]:
    """What the server holds for the vault's user: id -> (revision, fields)."""
    client = SyncClient(world.url, vault.device_id, vault.store.meta_get("server_token"))
    client.hello()
    ids = [rid for rid, _rev in client.caseload_ids()["pairs"]]
    return {r["id"]: (r["rev"], r["fields"]) for r in client.records(ids)}


def _vault_view(vault: OpenVault) -> dict[str, tuple[int, dict[str, Any]]]:
    with vault.store.reading() as conn:
        rows = conn.exec_driver_sql("SELECT id FROM records WHERE rev > 0").fetchall()
    records = [vault.store.get(r[0], include_deleted=True) for r in rows]
    return {r.id: (r.rev, r.fields) for r in records if r is not None}


@pytest.mark.parametrize("cut_at", [0, 2, 5, "caseload", None])
def test_a_restore_cut_mid_way_resumes_and_equals_the_server(
        world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        cut_at: int | str | None) -> None:
    """Pages of 4 records: 12 cases with their persons and visits (and the villages) take
    several pages. The n-th request of the restore (a page, or the caseload check after the
    last) breaks; the vault keeps what came before, and the next sync finishes the job."""
    _caseload(world, 12)
    monkeypatch.setattr(sync_local, "PULL_PAGE_MAX", 4)
    monkeypatch.setattr(engine, "PULL_PAGE_MAX", 4)
    calls = {"n": 0}
    pull, caseload = SyncClient.pull, SyncClient.caseload

    def counted(call: Any) -> Any:
        def wrapper(self: SyncClient, *args: Any) -> Any:
            calls["n"] += 1
            if calls["n"] - 1 == cut_at or (cut_at == "caseload" and call is caseload
                                             and calls["n"] < 100):
                calls["n"] = 100 if cut_at == "caseload" else calls["n"]  # one cut only
                raise NetworkError("Could not reach the server (cut).")
            return call(self, *args)
        return wrapper

    monkeypatch.setattr(SyncClient, "pull", counted(pull))
    monkeypatch.setattr(SyncClient, "caseload", counted(caseload))
    folder = tmp_path / "laptop"
    if cut_at is None:
        vault = login(world.url, folder, "sw_qerret", PASSWORD, kdf=FAST_KDF)
    else:
        with pytest.raises(NetworkError):
            login(world.url, folder, "sw_qerret", PASSWORD, kdf=FAST_KDF)
        vault = login(world.url, folder, "sw_qerret", PASSWORD)  # offline: the vault opens
        kept = _vault_view(vault)
        before = 4 * (cut_at if isinstance(cut_at, int) else 9)
        assert len(kept) >= before  # the pages before the cut were written
        sync_now(vault)
    try:
        server = _server_view(world, vault)
        assert len(server) >= 12 * 3  # many pages of 4
        assert _vault_view(vault) == server
    finally:
        vault.lock()
