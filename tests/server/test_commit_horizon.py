"""A pull never passes a revision a running push holds (the commit horizon, revs.py).

Two pushes run at once; the one that took the lower revisions commits last. A laptop that
pulls in between must not receive the later records past the running push's revisions, or it
would never receive the running push's records.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import text

from sync.profile import load_profile
from sync.server import admin, pull, push
from sync.server.db import make_engine, session_factory
from sync.server.scope import UserScope
from tests.server.fixtures import MUNICIPALITY, new_case, sent_records
from tests.sync.memreplica import MemReplica

pytestmark = pytest.mark.postgres
PROFILE = load_profile("AL")
WORKER = UserScope("sw_qerret", "social_worker", ("Qerret",))
READER = UserScope("sw_qerret2", "social_worker", ("Qerret",))


@pytest.fixture
def pg_url(request: pytest.FixtureRequest) -> str:
    return request.getfixturevalue("pg_cluster").create_database(
        template=request.getfixturevalue("pg_template"))


def _push(session: Any, replica: MemReplica) -> list[dict[str, Any]]:
    """One laptop's outbox applied in ``session``'s transaction, not committed."""
    ctx = push.PushContext(WORKER, replica.device, PROFILE, MUNICIPALITY)
    changes = [entry.change for entry in replica.outbox]
    results = push.apply_batch(session, ctx, changes)
    assert {r["status"] for r in results} == {"applied"}
    return results


@pytest.fixture
def sessions(pg_url: str) -> Iterator[Any]:
    """Sessions on the test database (its engine let go after the test)."""
    engine = make_engine(pg_url)
    try:
        yield session_factory(engine)
    finally:
        engine.dispose()


def _pull_all(sessions: Any, cursor: int) -> tuple[set[str], int]:
    ids: set[str] = set()
    for _ in range(100):
        with sessions() as session:
            page = pull.pull_page(session, READER, PROFILE, cursor, 500)
        ids |= {r["id"] for r in sent_records(page)}
        cursor = page["cursor"]
        if not page["more"]:
            return ids, cursor
    raise AssertionError("the pull did not end")


def test_a_pull_waits_for_the_push_holding_lower_revisions(sessions: Any) -> None:
    _, start = _pull_all(sessions, 0)
    first, second = MemReplica("sw_qerret", "dev-first"), MemReplica("sw_qerret", "dev-second")
    first_ids, second_ids = set(new_case(first, "Qerret", n=1)), set(new_case(second, "Qerret",
                                                                               n=2))
    with sessions() as slow:
        low = _push(slow, first)  # takes the lower revisions, commits last
        with sessions() as fast:
            high = _push(fast, second)
            fast.commit()
        assert max(r["rev"] for r in low) < min(r["rev"] for r in high)

        seen, cursor = _pull_all(sessions, start)
        assert not seen & first_ids  # not committed yet
        assert not seen & second_ids  # committed, but past the running push's revisions
        assert cursor < min(r["rev"] for r in low)
        slow.commit()
    seen, cursor = _pull_all(sessions, cursor)
    assert first_ids | second_ids <= seen
    assert cursor >= max(r["rev"] for r in high)


def test_a_rolled_back_push_does_not_hold_pulls_back(sessions: Any) -> None:
    _, start = _pull_all(sessions, 0)
    lost, kept = MemReplica("sw_qerret", "dev-lost"), MemReplica("sw_qerret", "dev-kept")
    new_case(lost, "Qerret", n=3)
    kept_ids = set(new_case(kept, "Qerret", n=4))
    with sessions() as failing:
        _push(failing, lost)
        failing.rollback()
    with sessions() as session:
        high = _push(session, kept)
        session.commit()
    seen, cursor = _pull_all(sessions, start)
    assert kept_ids <= seen
    assert cursor >= max(r["rev"] for r in high)
    with sessions() as session:  # the next claim cleared the rolled-back one
        assert session.execute(text("SELECT count(*) FROM rev_claims")).scalar() == 0


def test_server_records_take_revisions_the_same_way(pg_url: str) -> None:
    with admin.open_db(pg_url) as session:
        row = admin.write_server_record(session, "village", "v-horizon", {"name": "Fshat"})
        session.commit()
        assert session.execute(text("SELECT count(*) FROM rev_claims")).scalar() == 0
        assert pull.head(session) >= row.rev
