"""The server refuses what only some roles may do, whatever the laptop sent: approving or
returning a plan (head of unit, director) and issuing an administrative act (Kosovo QPS
officials). The refusal reaches the laptop in words it shows. A real server on 127.0.0.1,
over SQLite and PostgreSQL; the adversary is a laptop with a valid token that skips the
laptop's own checks."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.core.refusals import reason_text
from sync.authority import NOT_AN_APPROVER, NOT_AN_ISSUER
from sync.client import SyncClient
from sync.ids import uuid7
from sync.server import admin
from sync.server.admin import open_db
from sync.server.embedded import start_embedded_server
from sync.server.models import RecordRow
from tests.server.fixtures import PASSWORD, TEST_LIMITS, World, new_case, person_fields
from tests.sync.memreplica import MemReplica


def _plan(case_id: str, **extra: object) -> dict[str, object]:
    return {"case_id": case_id, "plan_type": "protection_plan", "version": 1,
            "status": "draft", "created_on": "2026-03-02", "goals": [], **extra}


def _server_fields(db_url: str, record_id: str) -> dict | None:
    with open_db(db_url) as session:
        row = session.scalar(select(RecordRow).where(RecordRow.id == record_id))
        return dict(row.fields) if row is not None else None


def test_a_worker_with_a_valid_token_cannot_approve_their_own_plan(world: World) -> None:
    worker, client = world.device("sw_qerret", kind="memory")
    _person, case_id = new_case(worker, "Qerret", n=1)
    plan_id = worker.create("plan", _plan(case_id))
    assert worker.sync(client).rejected == []

    worker.update(plan_id, {"approved_on": "2026-03-03", "approved_by": "sw_qerret"})
    result = worker.sync(client)
    [refused] = result.rejected
    assert refused["message"] == NOT_AN_APPROVER
    assert reason_text(refused["message"]) == \
        "Only the head of unit or the director approves plans."
    stored = _server_fields(world.db_url, plan_id)
    assert stored is not None and not stored.get("approved_on")

    # returning it with a comment is the approver's too
    worker.update(plan_id, {"returned_on": "2026-03-03", "returned_by": "sw_qerret",
                            "return_comment": "Mirë"})
    assert [r["message"] for r in worker.sync(client).rejected] == [NOT_AN_APPROVER]


def test_a_plan_made_approved_by_a_worker_is_refused_whole(world: World) -> None:
    worker, client = world.device("sw_qerret", kind="memory")
    _person, case_id = new_case(worker, "Qerret", n=2)
    plan_id = worker.create("plan", _plan(case_id, approved_on="2026-03-03",
                                          approved_by="head"))
    result = worker.sync(client)
    assert [r["message"] for r in result.rejected] == [NOT_AN_APPROVER]
    assert _server_fields(world.db_url, plan_id) is None


def test_the_head_of_unit_approves_and_the_worker_keeps_working_on_the_plan(
        world: World) -> None:
    worker, worker_client = world.device("sw_qerret", kind="memory")
    _person, case_id = new_case(worker, "Qerret", n=3)
    plan_id = worker.create("plan", _plan(case_id))
    worker.sync(worker_client)
    head, head_client = world.device("head", kind="memory")
    head.sync(head_client)
    head.update(plan_id, {"approved_on": "2026-03-04", "approved_by": "head"})
    assert head.sync(head_client).rejected == []
    assert _server_fields(world.db_url, plan_id)["approved_by"] == "head"

    # the worker's laptop sends the whole plan again, with the approval it already has
    worker.sync(worker_client)
    whole = dict(worker.records[plan_id].fields)
    worker.update(plan_id, {**whole, "review_date": "2026-06-01"})
    assert worker.sync(worker_client).rejected == []
    assert _server_fields(world.db_url, plan_id)["review_date"] == "2026-06-01"


# -- administrative acts, on a Kosovo server ------------------------------------------------

KOSOVO_USERS = {"qps": "qps_official", "sw_xk": "social_worker"}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def kosovo_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'xk-server.db'}"
    else:
        url = request.getfixturevalue("pg_cluster").create_database("kosovo")
    admin.init(url, "Gjilan", "XK")
    for username, role in KOSOVO_USERS.items():
        admin.add_user(url, username, f"Test {username}", role, [], PASSWORD)
    return url


@pytest.fixture
def kosovo_server(kosovo_url: str) -> Iterator[str]:
    interval = sys.getswitchinterval()
    sys.setswitchinterval(0.0002)
    server = start_embedded_server(kosovo_url, limits=TEST_LIMITS)
    yield server.url
    server.stop()
    sys.setswitchinterval(interval)


def _laptop(url: str, username: str) -> tuple[MemReplica, SyncClient]:
    device = f"dev-{uuid7()}"
    client = SyncClient(url, device)
    client.hello()
    client.login(username, PASSWORD, "test laptop")
    return MemReplica(username, device), client


def _act(person_id: str, number: str) -> dict[str, object]:
    return {"act_type": "no_guardianship_certificate", "protocol_number": number,
            "person_id": person_id, "issued_on": "2026-03-02", "decision": "granted",
            "municipality": "Gjilan"}


def test_only_a_qps_official_issues_an_act(kosovo_url: str, kosovo_server: str) -> None:
    official, official_client = _laptop(kosovo_server, "qps")
    person = official.create("person", person_fields("Gjilan", 1))
    act = official.create("administrative_act", _act(person, "GJI-2026-AAAA-A00001"))
    assert official.sync(official_client).rejected == []
    assert _server_fields(kosovo_url, act)["protocol_number"] == "GJI-2026-AAAA-A00001"

    worker, worker_client = _laptop(kosovo_server, "sw_xk")
    worker.sync(worker_client)
    assert act in worker.records  # the act follows its person: the worker may read it
    forged = worker.create("administrative_act", _act(person, "GJI-2026-BBBB-A00001"))
    worker.update(act, {"decision": "refused"})
    result = worker.sync(worker_client)
    assert [r["message"] for r in result.rejected] == [NOT_AN_ISSUER, NOT_AN_ISSUER]
    assert reason_text(NOT_AN_ISSUER) == "Your role may not issue administrative acts."
    assert _server_fields(kosovo_url, forged) is None
    assert _server_fields(kosovo_url, act)["decision"] == "granted"
