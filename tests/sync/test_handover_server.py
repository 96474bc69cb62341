"""A refused case handed to a colleague on another laptop through the municipal server (a real
server on 127.0.0.1, SQLite and PostgreSQL), and the hand-over tried as a curious colleague with
a valid token would: every attempt refused in words, nothing written."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from desktop.core.handover import (
    HandoverRefused,
    hand_over_at_server,
    plan_handover,
    server_client,
    server_colleagues,
)
from desktop.core.keys import FAST_KDF
from desktop.core.refusals import refused_count
from desktop.core.store import Store
from desktop.core.sync_local import login, sync_now
from desktop.core.vault import OpenVault
from sync.client import RequestRefused, SyncClient
from sync.ids import uuid7
from sync.server import admin, cli
from sync.server.models import AuditEntry, Counter, RecordRow
from tests.server.fixtures import PASSWORD, World, case_fields, new_case, person_fields


def _login(world: World, folder: Path, user: str) -> OpenVault:
    return login(world.url, folder, user, PASSWORD, kdf=FAST_KDF, device_name="test laptop")


def _direct(vault: OpenVault) -> Any:
    return lambda fn: fn(vault.store)


def _refused_dv_case(vault: OpenVault, n: int = 7, person_id: str | None = None) -> str:
    """A domestic violence case made behind the role check, with a note; synced, refused."""
    store = vault.store
    pid = person_id or store.create("person", person_fields("Qerret", n)).id
    case_id = store.create("case", case_fields(pid, "Qerret", "domestic_violence", n)).id
    store.create("note", {"case_id": case_id, "text": "Shënim", "written_on": "2026-03-02",
                          "author": store.user})
    assert len(sync_now(vault).rejected) == 2
    return case_id


def _server(world: World) -> tuple[int, int, dict[str, Any]]:
    """(head revision, audit entries, records by id) as the server holds them."""
    with admin.open_db(world.db_url) as session:
        head = session.scalar(select(Counter.value)) or 0
        entries = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
        records = {r.id: dict(r.fields) for r in session.scalars(select(RecordRow))}
    return head, entries, records


def test_a_refused_case_reaches_the_colleague_on_another_laptop(
        world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sender = _login(world, tmp_path / "a", "sw_qerret")
    case_id = _refused_dv_case(sender)
    person_id = sender.store.get(case_id).fields["person_id"]
    run = _direct(sender)
    who = server_colleagues(run, sender.device_id, case_id)
    # only the active users whose role may hold a DV case in Qerret; name and role
    assert {c.username for c in who} == {"dv_coord", "head"}
    assert [c.text for c in who if c.username == "dv_coord"] == [
        "Test dv_coord · Domestic violence coordinator"]

    assert hand_over_at_server(run, sender.device_id, case_id, "dv_coord") == 2
    assert sender.store.get(case_id) is None and refused_count(sender.store) == 0

    coordinator = _login(world, tmp_path / "b", "dv_coord")  # another laptop
    case = coordinator.store.get(case_id)
    assert case.fields["case_type"] == "domestic_violence"
    assert case.fields["assigned_worker"] == "dv_coord"
    assert case.fields["transfers"][-1]["by"] == "sw_qerret"
    notes = [r for r in coordinator.store.query("note") if r.fields["case_id"] == case_id]
    assert len(notes) == 1 and coordinator.store.get(person_id) is not None
    # the colleague works on it like any case of theirs
    coordinator.store.update(case_id, {"risk_level": "high"})
    assert sync_now(coordinator).rejected == []

    # the sender's next sync: nothing refused, and the person now linked only to a case the
    # sender may not hold leaves the sender's laptop
    assert sync_now(sender).rejected == []
    assert sender.store.get(person_id) is None and sender.store.get(case_id) is None

    capsys.readouterr()
    assert cli.main(["audit", "--case", "T-0007", "--db", world.db_url]) == 0
    lines = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    handed = [line for line in lines if line[2] == "handover"]
    assert sorted(line[3] for line in handed) == ["case", "note"]
    assert {line[1] for line in handed} == {"sw_qerret"}
    assert all(sender.device_id in line[4] for line in handed)
    for vault in (sender, coordinator):
        vault.lock()


def _payload(store: Store, case_id: str) -> list[dict[str, Any]]:
    return copy.deepcopy(plan_handover(store, case_id).changes)


def _refused_words(client: SyncClient, to: str, changes: list[dict[str, Any]]) -> str:
    with pytest.raises(RequestRefused) as caught:
        client.hand_over(to, changes)
    return str(caught.value)


def test_a_hand_over_cannot_be_turned_into_a_read_or_a_write_beyond_what_was_refused(
        world: World, tmp_path: Path) -> None:
    office, oc = world.device("sw_rrape")
    other_person, other_case = new_case(office, "Rrapë", n=3)  # a case of another unit
    office.sync(oc)
    sender = _login(world, tmp_path / "a", "sw_qerret")
    case_id = _refused_dv_case(sender)
    client = server_client(sender.store, sender.device_id)
    changes = _payload(sender.store, case_id)
    before = _server(world)

    # a colleague whose role may not hold it
    words = _refused_words(client, "sw_qerret2", changes)
    assert "may not hold this case" in words and "Nothing was handed over" in words
    with pytest.raises(HandoverRefused):
        hand_over_at_server(_direct(sender), sender.device_id, case_id, "sw_rrape")
    assert refused_count(sender.store) == 2  # still the sender's to settle
    assert "may not hold this case" in _refused_words(client, "inspector", changes)  # reads only
    assert "no active colleague" in _refused_words(client, "nobody", changes)
    assert "no active colleague" in _refused_words(client, "sw_qerret", changes)

    # someone else's case id: an existing case of another unit, overwritten
    forged = copy.deepcopy(changes)
    forged[0]["record_id"] = other_case
    forged[0]["change_id"] = uuid7()
    for change in forged[1:]:
        change["fields"]["case_id"] = other_case
    assert "already on the municipal server" in _refused_words(client, "dv_coord", forged)
    # a new id the server never refused from this user
    forged = copy.deepcopy(changes)
    forged[0]["record_id"] = forged[0]["change_id"] = uuid7()
    for change in forged[1:]:
        change["fields"]["case_id"] = forged[0]["record_id"]
    assert "was not refused to you" in _refused_words(client, "dv_coord", forged)
    # a record of another case slipped in
    stray = copy.deepcopy(changes)
    stray[1]["fields"]["case_id"] = other_case
    assert "not part of the case" in _refused_words(client, "dv_coord", stray)
    # the case names a person the sender may not see (another unit's, linked to a case)
    hidden = copy.deepcopy(changes)
    hidden[0]["fields"]["person_id"] = other_person
    assert "you may not see" in _refused_words(client, "dv_coord", hidden)
    # a deletion
    deleting = copy.deepcopy(changes)
    deleting[1]["deleted"] = True
    assert "cannot delete" in _refused_words(client, "dv_coord", deleting)

    # a curious colleague with a valid token sends the sender's refused records as their own
    curious = _login(world, tmp_path / "c", "sw_qerret2")
    theirs = server_client(curious.store, curious.device_id)
    assert "made by its sender" in _refused_words(theirs, "dv_coord", changes)
    as_own = copy.deepcopy(changes)
    for change in as_own:
        change.update(user="sw_qerret2", device=curious.device_id)
    assert "was not refused to you" in _refused_words(theirs, "dv_coord", as_own)
    # a read-only role may neither ask nor hand over
    inspector = _login(world, tmp_path / "d", "inspector")
    with pytest.raises(RequestRefused, match="only read"):
        server_client(inspector.store, inspector.device_id).handover_colleagues(
            "domestic_violence", "Qerret")
    assert _server(world) == before  # nothing of any attempt was written

    # the real hand-over, then replays: the same request is answered as before and applies
    # nothing twice; the same records under new change ids are refused
    first = client.hand_over("dv_coord", changes)
    after = _server(world)
    assert client.hand_over("dv_coord", changes) == first
    assert _server(world) == after
    assert "to another colleague" in _refused_words(client, "head", changes)
    again = copy.deepcopy(changes)
    for change in again:
        change["change_id"] = uuid7()
    assert "already on the municipal server" in _refused_words(client, "head", again)
    assert _server(world)[2][case_id]["assigned_worker"] == "dv_coord"
    assert _server(world)[2][other_case] == before[2][other_case]
    for vault in (sender, curious, inspector):
        vault.lock()


def _cli(monkeypatch: pytest.MonkeyPatch, *args: str, language: str = "en") -> int:
    import io

    from desktop.cli import main

    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    return main(["--language", language, *args])


def test_kujdes_sync_offers_the_hand_over_and_kujdes_handover_does_it(
        world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    sender = _login(world, tmp_path / "a", "sw_qerret")
    store = sender.store
    pid = store.create("person", person_fields("Qerret", 7)).id
    case_id = store.create("case", case_fields(pid, "Qerret", "domestic_violence", 7)).id
    sender.lock()
    common = ["--data-dir", str(tmp_path / "a"), "--user", "sw_qerret", "--password-stdin"]
    assert _cli(monkeypatch, "sync", *common) == 3
    assert "kujdes handover --case CASE_NUMBER" in capsys.readouterr().out
    assert _cli(monkeypatch, "handover", *common, "--case", "T-0007") == 0
    listed = sorted(line.split("\t") for line in capsys.readouterr().out.splitlines())
    assert listed == [["dv_coord", "Test dv_coord", "Domestic violence coordinator"],
                      ["head", "Test head", "Head of unit"]]
    assert _cli(monkeypatch, "handover", *common, "--case", "T-9999") == 2
    assert "No refused case has the number T-9999." in capsys.readouterr().err
    # a colleague who may not hold it: a sentence, and the refusal stays to settle
    assert _cli(monkeypatch, "handover", *common, "--case", "T-0007", "--to", "sw_qerret2",
                language="sq") == 1
    err = capsys.readouterr().err
    assert err.startswith("kujdes: Serveri i bashkisë nuk e pranoi dorëzimin") and \
        "may not hold this case" in err
    assert _cli(monkeypatch, "handover", *common, "--case", "T-0007", "--to", "dv_coord") == 0
    assert capsys.readouterr().out.strip() == (
        "1 record was handed over to dv_coord; it reaches their laptop at their next sync.")
    assert _cli(monkeypatch, "sync", *common) == 0
    coordinator = _login(world, tmp_path / "b", "dv_coord")
    assert coordinator.store.get(case_id).fields["assigned_worker"] == "dv_coord"
    coordinator.lock()
