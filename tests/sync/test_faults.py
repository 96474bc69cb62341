"""A connection cut at every step of a sync loses nothing and duplicates nothing.

Laptops are real encrypted vaults. A proxy on loopback between a laptop and the server cuts the n-th request of a sync: before
it reaches the server, half-way through the upload, after the server answered (and so
committed) but before the answer arrives, or half-way through the download. The next sync
must finish the job: every change applied once, every note there once, every laptop the same.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import requests

from sync.client import SyncClient, SyncError
from tests.server.fixtures import PASSWORD, World, new_case
from tests.sync.checks import all_changes, assert_converged, assert_no_lost_edit
from tests.sync.proxy import FAULTS, FaultProxy
from tests.sync.vaultlaptop import VaultLaptop


@pytest.fixture
def proxy(world: World) -> Iterator[FaultProxy]:
    port = int(world.url.rsplit(":", 1)[1])
    fault_proxy = FaultProxy(port)
    yield fault_proxy
    fault_proxy.close()


def _closing_client(url: str, device_id: str) -> SyncClient:
    session = requests.Session()
    session.headers["Connection"] = "close"
    return SyncClient(url, device_id, session=session, timeout=(5, 20))


@dataclass
class Laptops:
    office: VaultLaptop
    office_client: SyncClient
    a: VaultLaptop
    a_client: SyncClient  # behind the faulty proxy
    b: VaultLaptop
    b_client: SyncClient


def _laptops(world: World, proxy: FaultProxy) -> Laptops:
    office, oc = world.device("head")
    a = VaultLaptop.make(world.folder, "sw_qerret", PASSWORD)
    laptop = _closing_client(proxy.url, a.device)
    laptop.hello()
    laptop.login("sw_qerret", PASSWORD, "laptop behind a bad link")
    world.devices.append((a, laptop))
    b, bc = world.device("sw_qerret2")
    return Laptops(office, oc, a, laptop, b, bc)


def _offline_work(world: World, lap: Laptops, n: int) -> dict:
    """A new case from the office; then, offline, edits on both laptops and B syncs first."""
    _, case = new_case(lap.office, "Qerret", n=n)
    lap.office.sync(lap.office_client)
    lap.a.sync(lap.a_client)
    lap.b.sync(lap.b_client)
    a, b = lap.a, lap.b
    a.update(case, {"risk_level": "high", "reason": f"nga terreni {n}"})
    notes = [a.create("note", {"case_id": case, "text": f"Shënim {i}",
                               "written_on": "2026-03-04"}) for i in range(7)]
    _, new_case_id = new_case(a, "Qerret", n=1000 + n)
    content = os.urandom(150_000)
    sha = hashlib.sha256(content).hexdigest()
    a.blobs[sha] = ("image/png", content)
    a.create("attachment", {"case_id": case, "sha256": sha, "mime": "image/png",
                            "size": len(content), "added_on": "2026-03-04"})
    b.update(case, {"risk_level": "low", "review_due": "2026-07-01"})
    b.sync(lap.b_client)
    return {"case": case, "notes": notes, "new_case": new_case_id, "sha": sha,
            "content": content}


@pytest.mark.parametrize("fault", FAULTS)
def test_a_cut_at_any_step_loses_and_duplicates_nothing(world: World, proxy: FaultProxy,
                                                        fault: str, monkeypatch) -> None:
    monkeypatch.setattr("sync.engine.BLOB_CHUNK", 64 * 1024)  # several chunks
    steps = 0
    lap = _laptops(world, proxy)
    a, laptop, b, bc = lap.a, lap.a_client, lap.b, lap.b_client
    for n in range(60):
        made = _offline_work(world, lap, n)
        with monkeypatch.context() as small:
            small.setattr("sync.engine.PUSH_BATCH_MAX", 4)  # several batches
            small.setattr("sync.engine.PULL_PAGE_DEFAULT", 5)  # several pages
            proxy.arm(fault, n)
            try:
                a.sync(laptop)
                completed = True
            except SyncError:
                completed = False
            proxy.arm(None, -1)
            a.sync(laptop)  # the next sync finishes the job
        b.sync(bc)
        a.sync(laptop)
        assert_converged([a, b])
        assert_no_lost_edit(a, all_changes([a, b]))
        case_notes = [r for r in b.live("note").values() if r.fields["case_id"] == made["case"]]
        assert sorted(r.id for r in case_notes) == sorted(made["notes"])
        assert {r.fields["text"] for r in case_notes} == {f"Shënim {i}" for i in range(7)}
        assert made["new_case"] in b.records
        assert b.blobs[made["sha"]][1] == made["content"]
        assert [e for e in a.outbox if e.result and e.result["status"] == "rejected"] == []
        if completed:
            break
        steps += 1
    assert proxy.cuts >= steps and steps >= 6, f"only {steps} steps were cut"
