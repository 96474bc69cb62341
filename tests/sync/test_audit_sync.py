"""The laptops' audit logs reach the server, chained, append-only, one chain per vault."""

from __future__ import annotations

import pytest
import requests
from sqlalchemy import func, select

import sync.client as client_module
from sync.audit import GENESIS_HASH, audit_hash
from sync.client import RequestRefused
from sync.server import admin, cli
from sync.server.models import AuditEntry
from tests.server.fixtures import World, new_case


def _server_entries(db_url: str) -> int:
    with admin.open_db(db_url) as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def _case_audit(db_url: str, number: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    capsys.readouterr()
    assert cli.main(["audit", "--case", number, "--db", db_url]) == 0
    return capsys.readouterr().out.splitlines()


def test_views_changes_and_prints_reach_the_server_and_show_per_case(
        world: World, capsys: pytest.CaptureFixture[str]) -> None:
    laptop, client = world.device("sw_qerret")
    _, case = new_case(laptop, "Qerret", n=7)
    record = laptop.store.get(case)
    laptop.store.audit("view", record, {"screen": "case"})
    laptop.store.audit("print", record, {"document": "care_plan"})
    laptop.create("visit", {"case_id": case, "visit_date": "2026-03-02", "protocol": "routine",
                            "observations": "Vizitë"})
    entries = laptop.store.verify_audit().entries
    result = laptop.sync(client)
    assert result.audit_sent == entries and result.audit_refused is None
    lines = _case_audit(world.db_url, "T-0007", capsys)
    actions = [line.split("\t")[2] for line in lines]
    assert actions == ["create", "view", "print", "create"]
    user, laptop_name = lines[0].split("\t")[1], lines[0].split("\t")[4]
    assert user == "sw_qerret" and laptop_name == f"test laptop ({client.device_id})"
    assert lines[3].split("\t")[3] == "visit"
    # nothing new: nothing sent; a colleague's views of the case are added beside
    assert laptop.sync(client).audit_sent == 0
    colleague, cc = world.device("sw_qerret2")
    colleague.sync(cc)
    colleague.store.audit("view", colleague.store.get(case), {"screen": "case"})
    colleague.sync(cc)
    lines = _case_audit(world.db_url, "T-0007", capsys)
    assert [ln.split("\t")[1] for ln in lines][-1] == "sw_qerret2" and len(lines) == 5
    assert cli.main(["audit", "--case", "NO-SUCH", "--db", world.db_url]) == 2
    assert "no case numbered 'NO-SUCH'" in capsys.readouterr().err


def test_a_batch_sent_again_is_stored_once(world: World) -> None:
    laptop, client = world.device("sw_qerret")
    new_case(laptop, "Qerret")
    log = laptop.audit_log()
    entries, chain = log.unsent(1000), log.chain()
    assert chain is not None
    first = client.push_audit(chain, entries)
    again = client.push_audit(chain, entries)
    assert first["accepted"] == len(entries) and again == {"accepted": 0,
                                                           "head": entries[-1]["seq"]}
    assert _server_entries(world.db_url) == len(entries)


def test_a_broken_chain_is_refused_whole_and_the_records_still_sync(world: World) -> None:
    laptop, client = world.device("sw_qerret")
    new_case(laptop, "Qerret")
    laptop.sync(client)
    stored = _server_entries(world.db_url)
    _, case = new_case(laptop, "Qerret", n=2)
    laptop.store.audit("view", laptop.store.get(case))
    with laptop.store.transaction() as conn:  # someone edits an unsent entry in the vault
        conn.exec_driver_sql("UPDATE audit SET action = 'nothing' WHERE seq = "
                             "(SELECT max(seq) FROM audit)")
    result = laptop.sync(client)
    assert result.audit_refused is not None
    assert "broken at entry" in result.audit_refused
    assert "its hash does not match its content" in result.audit_refused
    assert _server_entries(world.db_url) == stored  # not even the good entries before it
    assert result.pushed == 2 and laptop.store.pending_count() == 0


def test_entries_of_another_user_or_laptop_or_out_of_order_are_refused(world: World) -> None:
    victim, vc = world.device("sw_qerret")
    new_case(victim, "Qerret")
    victim.sync(vc)
    log = victim.audit_log()
    entries, chain = log.unsent(1000), log.chain()
    assert chain is not None and not entries  # all sent
    with victim.store.reading() as conn:
        row = conn.exec_driver_sql("SELECT seq, at, user, device, action, record_type, "
                                   "record_id, detail, prev_hash, hash FROM audit ORDER BY seq "
                                   "LIMIT 1").fetchone()
    entry = dict(zip(("seq", "at", "user", "device", "action", "record_type", "record_id",
                      "detail", "prev_hash", "hash"), row, strict=True))
    _, other = world.device("sw_rrape")
    with pytest.raises(RequestRefused, match="only be sent by the user and laptop"):
        other.push_audit(chain, [entry])
    # the same user on another laptop cannot write into this laptop's log either
    _, second = world.device("sw_qerret")
    with pytest.raises(RequestRefused, match="only be sent by the user and laptop"):
        second.push_audit(chain, [entry])
    # a rewritten history on the right laptop: refused, the stored entry stays
    forged = {**entry, "action": "nothing"}
    forged["hash"] = audit_hash(GENESIS_HASH, *(forged[k] for k in (
        "at", "user", "device", "action", "record_type", "record_id", "detail")))
    with pytest.raises(RequestRefused, match="differs from the entry the server already"):
        vc.push_audit(chain, [forged])
    # a gap: entries whose predecessors never arrived
    late = {**entry, "seq": 99, "prev_hash": "1" * 64}
    with pytest.raises(RequestRefused, match="does not follow the previous entry"):
        vc.push_audit(chain, [late])
    new_chain = {**entry, "prev_hash": "2" * 64}
    with pytest.raises(RequestRefused, match="entries before it have not arrived"):
        vc.push_audit("3" * 64, [new_chain])
    # the log cannot be read back over the API by anyone
    assert requests.get(world.url + "/api/audit", timeout=10).status_code == 405


def test_a_laptop_of_protocol_1_syncs_without_sending_its_log(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    laptop, client = world.device("sw_qerret")
    monkeypatch.setattr(client_module, "PROTOCOL_MAX", 1)
    new_case(laptop, "Qerret")
    result = laptop.sync(client)
    assert client.version == 1 and result.audit_sent == 0 and result.pushed == 2
    assert _server_entries(world.db_url) == 0
    monkeypatch.undo()
    assert laptop.sync(client).audit_sent == laptop.store.verify_audit().entries


def test_kujdes_sync_says_when_the_server_refused_the_audit_log(
        world: World, tmp_path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import io

    from desktop.cli import main
    from desktop.core.sync_local import login
    from tests.server.fixtures import PASSWORD

    def run(*args: str) -> int:
        monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
        return main(["--language", "sq", *args])

    common = ["--data-dir", str(tmp_path), "--user", "sw_qerret", "--password-stdin"]
    assert run("login", "--server", world.url, *common) == 0
    with login(world.url, tmp_path, "sw_qerret", PASSWORD) as vault:
        new_case(_Writer(vault), "Qerret")
        with vault.store.transaction() as conn:
            conn.exec_driver_sql("UPDATE audit SET detail = '{}' WHERE seq = "
                                 "(SELECT max(seq) FROM audit)")
    capsys.readouterr()
    assert run("sync", *common) == 0
    out = capsys.readouterr().out
    assert "Serveri nuk e pranoi regjistrin e auditimit të këtij laptopi" in out
    assert "broken at entry" in out


class _Writer:
    """Local writes on an open vault, as the record fixtures expect."""

    def __init__(self, vault) -> None:  # type: ignore[no-untyped-def]
        self.store = vault.store

    def create(self, record_type: str, fields: dict) -> str:  # type: ignore[type-arg]
        return self.store.create(record_type, fields).id
