"""Refused changes and conflicts in the open: ``kujdes sync`` and ``kujdes conflicts`` against a
real server on 127.0.0.1, and the worker's ways out (resend, discard with a reason)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core.casework.holding import OutsideRole
from desktop.core.keys import FAST_KDF
from desktop.core.refusals import (
    discard_refused,
    hand_over_refused,
    open_refusals,
    refused_count,
    resend_refused,
)
from desktop.core.sync_local import login, open_conflicts, resolve_conflict, sync_now
from desktop.core.vault import OpenVault
from tests.server.fixtures import PASSWORD, World, case_fields, new_case, person_fields


def _cli(monkeypatch: pytest.MonkeyPatch, *args: str, language: str = "en") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    return main(["--language", language, *args])


def _login(world: World, folder: Path, user: str = "sw_qerret") -> OpenVault:
    return login(world.url, folder, user, PASSWORD, kdf=FAST_KDF, device_name="test laptop")


def _refused_case(vault: OpenVault) -> str:
    """A domestic violence case made behind the role check (as an older version did)."""
    store = vault.store
    pid = store.create("person", person_fields("Qerret", 7)).id
    return store.create("case", case_fields(pid, "Qerret", "domestic_violence", 7)).id


def test_kujdes_sync_prints_each_refusal_and_exits_3(
        world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    vault = _login(world, tmp_path)
    case_id = _refused_case(vault)
    vault.lock()
    common = ["--data-dir", str(tmp_path), "--user", "sw_qerret", "--password-stdin"]
    assert _cli(monkeypatch, "sync", *common) == 3
    out = capsys.readouterr().out
    assert "refused 1 change in this sync" in out
    assert "Refused: T-0007 (Emri7 Mbiemri7), Case: Your role or your administrative units " \
           "may not hold this record." in out
    assert "Domestic violence coordinator" in out  # a role that may hold it
    # the refusal stays in the open until the worker settles it; Albanian says it too
    assert _cli(monkeypatch, "sync", *common, language="sq") == 3
    out = capsys.readouterr().out
    assert "refuzoi 0 ndryshime" in out and "T-0007" in out
    # discarded with a reason (in the audit log), the next sync has nothing refused
    vault = _reopen(tmp_path)
    assert discard_refused(vault.store, case_id, "Handed to the DV coordinator on paper") == 1
    assert vault.store.get(case_id) is None
    with vault.store.reading() as conn:
        detail = conn.exec_driver_sql("SELECT detail FROM audit WHERE action = "
                                      "'discard_refused'").scalar_one()
    assert json.loads(detail)["reason"] == "Handed to the DV coordinator on paper"
    vault.lock()
    assert _cli(monkeypatch, "sync", *common) == 0


def _reopen(folder: Path, user: str = "sw_qerret") -> OpenVault:
    from desktop.core.vault import open_vault

    return open_vault(folder, user, PASSWORD)


def test_a_corrected_record_is_sent_again_and_accepted(world: World, tmp_path: Path) -> None:
    vault = _login(world, tmp_path)
    case_id = _refused_case(vault)
    visit = vault.store.create("note", {"case_id": case_id, "text": "Shënim",
                                        "written_on": "2026-03-02", "author": "sw_qerret"}).id
    result = sync_now(vault)
    assert len(result.rejected) == 2 and refused_count(vault.store) == 2  # the case, its note
    [refusal] = [r for r in open_refusals(vault.store) if r.record_id == case_id]
    assert refusal.case_number == "T-0007" and "Domestic violence coordinator" in refusal.roles
    vault.store.update(case_id, {"case_type": "social_care"})  # the worker corrects it
    assert resend_refused(vault.store, case_id) == 2  # the case and its note
    result = sync_now(vault)
    assert not result.rejected
    assert open_refusals(vault.store) == [] and refused_count(vault.store) == 0
    head = _login(world, tmp_path / "head", "head")
    assert head.store.get(case_id).fields["case_type"] == "social_care"
    assert head.store.get(visit) is not None
    head.lock()
    vault.lock()


def test_kujdes_conflicts_lists_them_and_a_resolution_closes_them_on_the_other_laptop(
        world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    office, oc = world.device("head")
    _, case_id = new_case(office, "Qerret", n=3)
    office.sync(oc)
    mine = _login(world, tmp_path / "a")
    theirs = _login(world, tmp_path / "b", "sw_qerret2")
    mine.store.update(case_id, {"risk_level": "high", "opened_on": "2026-03-05"})
    theirs.store.update(case_id, {"risk_level": "low", "opened_on": "2026-03-04"})
    sync_now(theirs)
    assert sync_now(mine).conflicts == 1
    mine.lock()
    common = ["--data-dir", str(tmp_path / "a"), "--user", "sw_qerret", "--password-stdin"]
    assert _cli(monkeypatch, "conflicts", *common) == 0
    lines = sorted(capsys.readouterr().out.splitlines())
    assert len(lines) == 2
    opened, risk = (line.split("\t") for line in lines)
    assert opened[:5] == ["T-0003", "Opened on", "05.03.2026", "04.03.2026", "sw_qerret2"]
    assert risk[:5] == ["T-0003", "Risk level", "High", "Low", "sw_qerret2"]
    assert len(risk[5]) == len("06.12.2026 23:30")
    mine = _reopen(tmp_path / "a")
    for conflict in open_conflicts(mine.store):
        name = conflict.fields["field"]
        resolve_conflict(mine.store, conflict.id, {name: {"risk_level": "urgent",
                                                          "opened_on": "2026-03-04"}[name]})
    sync_now(mine)
    sync_now(theirs)
    assert open_conflicts(theirs.store) == []
    assert theirs.store.get(case_id).fields["risk_level"] == "urgent"
    with theirs.store.reading() as conn:
        state = conn.exec_driver_sql("SELECT sync_state FROM records WHERE id = ?",
                                     (case_id,)).scalar_one()
    assert state == "synced"
    mine.lock()
    theirs.lock()


def test_a_refused_case_is_handed_to_a_colleague_on_this_laptop_whose_role_may_hold_it(
        world: World, tmp_path: Path) -> None:
    vault = _login(world, tmp_path)
    case_id = _refused_case(vault)
    note = vault.store.create("note", {"case_id": case_id, "text": "Shënim",
                                       "written_on": "2026-03-02", "author": "sw_qerret"}).id
    assert len(sync_now(vault).rejected) == 2
    colleague = _login(world, tmp_path, "sw_qerret2")  # a social worker: may not hold DV
    with pytest.raises(OutsideRole):
        hand_over_refused(vault.store, case_id, colleague.store)
    coordinator = _login(world, tmp_path, "dv_coord")
    assert hand_over_refused(vault.store, case_id, coordinator.store) == 2
    assert vault.store.get(case_id) is None and refused_count(vault.store) == 0
    with vault.store.reading() as conn:
        reasons = {json.loads(r[0])["reason"] for r in conn.exec_driver_sql(
            "SELECT detail FROM audit WHERE action = 'discard_refused'")}
    assert reasons == {"handed over to dv_coord on this laptop"}
    result = sync_now(coordinator)
    assert result.rejected == [] and result.pushed == 2
    head = _login(world, tmp_path / "head", "head")
    assert head.store.get(case_id) is not None and head.store.get(note) is not None
    assert sync_now(vault).rejected == []
    for opened in (vault, colleague, coordinator, head):
        opened.lock()
