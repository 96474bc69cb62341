"""Stateless server: two instances on one PostgreSQL serve the same laptops."""

from __future__ import annotations

import pytest

from sync.client import RateLimited, SyncClient
from sync.server.embedded import start_embedded_server
from tests.server.fixtures import PASSWORD, TEST_LIMITS, World, new_case
from tests.sync.checks import assert_converged
from tests.sync.memreplica import MemReplica


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgres"], indirect=True)
def test_two_instances_share_one_database(world: World) -> None:
    second = start_embedded_server(world.db_url, limits=TEST_LIMITS)
    try:
        a, ac = world.device("sw_qerret")
        b, bc = world.device("sw_qerret2", url=second.url)
        _, case = new_case(a, "Qerret")
        a.sync(ac)
        b.sync(bc)
        b.update(case, {"risk_level": "high"})
        b.sync(bc)
        a.sync(ac)
        assert a.records[case].fields["risk_level"] == "high"
        assert_converged([a, b])
        # a token made by one instance is honoured by the other
        moved = SyncClient(second.url, ac.device_id, ac.token)
        replica = MemReplica("sw_qerret", ac.device_id)
        replica.sync(moved)
        assert case in replica.records
        # failed sign-ins count across instances
        for url in (world.url, second.url, world.url, second.url, world.url):
            try:
                SyncClient(url, "dev-guess-0001").login("sw_rrape", "wrong-password", "x")
            except RateLimited:
                raise AssertionError("limited too early") from None
            except Exception:
                pass
        with pytest.raises(RateLimited):
            SyncClient(second.url, "dev-guess-0001").login("sw_rrape", PASSWORD, "x")
    finally:
        second.stop()
