"""Property: random offline edits on several laptops, synced in random order with random cuts.

The laptops are real encrypted vaults. Invariants: no edit is lost (each is shown or kept in a conflict record), all laptops converge,
and no record outside a user's scope ever reaches their laptop.
"""

from __future__ import annotations

import os
from typing import Any

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sync.client import SyncClient, SyncError
from tests.server.fixtures import PASSWORD, World, new_case, visit_fields
from tests.sync.checks import all_changes, assert_converged, assert_no_lost_edit
from tests.sync.proxy import FAULTS, FaultProxy
from tests.sync.vaultlaptop import VaultLaptop

USERS = ("sw_qerret", "sw_qerret2", "head")
# cases made in the office before the laptops go out: (unit, case type)
CASES = (("Qerret", "social_care"), ("Qerret", "social_care"),
         ("Qerret", "domestic_violence"), ("Rrapë", "social_care"))
VISIBLE = {"sw_qerret": (0, 1), "sw_qerret2": (0, 1), "head": (0, 1, 2, 3)}
FIELDS = {"risk_level": st.sampled_from(["low", "medium", "high", "urgent"]),
          "reason": st.sampled_from(["Pa punë", "Banesë e dëmtuar", "I moshuar vetëm"]),
          "review_due": st.sampled_from(["2026-05-01", "2026-06-01", "2026-09-30"])}

edit = st.tuples(st.just("edit"), st.integers(0, 2), st.integers(0, 3),
                 st.sampled_from(sorted(FIELDS)), st.integers(0, 3))
note = st.tuples(st.just("note"), st.integers(0, 2), st.integers(0, 3))
sync = st.tuples(st.just("sync"), st.integers(0, 2),
                 st.one_of(st.none(), st.tuples(st.sampled_from(FAULTS), st.integers(0, 6))))
operations = st.lists(st.one_of(edit, note, sync), min_size=3, max_size=14)

VALUES = {name: ["low", "medium", "high", "urgent"] if name == "risk_level" else
          ["Pa punë", "Banesë e dëmtuar", "I moshuar vetëm", "Tjetër"] if name == "reason" else
          ["2026-05-01", "2026-06-01", "2026-09-30", "2026-12-31"] for name in FIELDS}


class Laptop:
    def __init__(self, world: World, user: str) -> None:
        port = int(world.url.rsplit(":", 1)[1])
        self.proxy = FaultProxy(port)
        session = requests.Session()
        session.headers["Connection"] = "close"
        self.replica = VaultLaptop.make(world.folder, user, PASSWORD)
        self.client = SyncClient(self.proxy.url, self.replica.device, session=session,
                                 timeout=(5, 20))
        self.client.hello()
        self.client.login(user, PASSWORD, "property laptop")

    def sync(self, cut: tuple[str, int] | None = None) -> None:
        self.proxy.arm(*(cut or (None, -1)))
        try:
            self.replica.sync(self.client)
        except SyncError:
            assert cut is not None, "a sync without a cut failed"
        finally:
            self.proxy.arm(None, -1)

    def close(self) -> None:
        self.proxy.close()
        self.replica.vault.lock()


def _run(world: World, ops: list[tuple[Any, ...]]) -> None:
    office, oc = world.device("head")
    made = [new_case(office, unit, kind, n) for n, (unit, kind) in enumerate(CASES)]
    visit = office.create("visit", visit_fields(made[2][1], "Rast i ndjeshëm"))
    office.sync(oc)
    laptops = [Laptop(world, user) for user in USERS]
    try:
        for laptop in laptops:
            laptop.sync()
        for op in ops:
            laptop = laptops[op[1]]
            if op[0] == "sync":
                laptop.sync(op[2])
                continue
            index = op[2]
            if index not in VISIBLE[laptop.replica.user]:
                continue
            case_id = made[index][1]
            if case_id not in laptop.replica.live():
                continue
            if op[0] == "edit":
                laptop.replica.update(case_id, {op[3]: VALUES[op[3]][op[4]]})
            else:
                laptop.replica.create("note", {"case_id": case_id, "text": "Shënim",
                                               "written_on": "2026-03-05"})
        for _ in range(2):
            for laptop in laptops:
                laptop.sync()
        replicas = [lap.replica for lap in laptops]
        assert_converged(replicas[:2])  # same user scope: identical
        head = replicas[2]
        for rid, rec in replicas[0].records.items():
            assert head.records[rid].fields == rec.fields
        assert_no_lost_edit(head, all_changes(replicas))
        hidden = {made[2][0], made[2][1], made[3][0], made[3][1], visit}
        for replica in replicas[:2]:
            assert not hidden & replica.ever_received, "a record outside scope was received"
        created_notes = [e.change.record_id for r in replicas for e in r.outbox
                         if e.change.record_type == "note"]
        assert sorted(created_notes) == sorted(
            rid for rid, rec in head.records.items() if rec.type == "note"
            and rec.fields["case_id"] in {c for _, c in made})
    finally:
        for laptop in laptops:
            laptop.close()


@settings(max_examples=int(os.environ.get("KUJDES_PROPERTY_EXAMPLES", "12")), deadline=None,
          derandomize=not os.environ.get("KUJDES_PROPERTY_EXAMPLES"),
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(ops=operations)
def test_random_offline_work_converges_without_loss_or_leaks(world: World,
                                                             ops: list[tuple[Any, ...]]) -> None:
    _run(world, ops)
