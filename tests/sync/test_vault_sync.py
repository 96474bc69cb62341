"""The laptop side against real encrypted vaults and a real server on 127.0.0.1."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from desktop.core.errors import VaultLockedOut, WrongPassword
from desktop.core.keys import FAST_KDF
from desktop.core.store import Store
from desktop.core.sync_local import (
    VaultReplica,
    login,
    open_conflicts,
    refresh_session,
    resolve_conflict,
    sync_now,
)
from desktop.core.vault import OpenVault, create_vault, list_vaults, open_vault
from sync.client import AuthError, NetworkError, RevokedError, SyncError, WrongCredentials
from sync.engine import _Run, pull_all
from sync.server import admin
from sync.server.auth import logout as server_logout
from sync.server.embedded import free_port
from tests.server.fixtures import PASSWORD, World, case_fields, new_case, person_fields


def _login(world: World, folder: Path, user: str = "sw_qerret") -> OpenVault:
    return login(world.url, folder, user, PASSWORD, kdf=FAST_KDF, device_name="test laptop")


def _report_marks(store: Store) -> int:
    """Changes not yet in the report figures."""
    with store.reading() as conn:
        return conn.exec_driver_sql("SELECT count(*) FROM report_dirty").scalar_one()


def _office_case(world: World, unit: str = "Qerret", case_type: str = "social_care",
                 n: int = 1) -> tuple[str, str]:
    office, oc = world.device("head")
    ids = new_case(office, unit, case_type, n)
    office.sync(oc)
    return ids


def test_first_login_provisions_the_vault_and_later_logins_work_offline(
        world: World, tmp_path: Path) -> None:
    person, case = _office_case(world)
    _, dv_case = _office_case(world, case_type="domestic_violence", n=2)
    _, other_unit = _office_case(world, unit="Rrapë", n=3)
    vault = _login(world, tmp_path)
    store = vault.store
    assert store.get(case) is not None and store.get(person) is not None
    assert store.get(dv_case) is None and store.get(other_unit) is None
    assert store.count("village") == 21
    assert store.search("Emri1")  # the restored person is searchable
    assert _report_marks(store) == 0  # the report figures were brought up to date
    vault.lock()
    offline = login(f"http://127.0.0.1:{free_port()}", tmp_path, "sw_qerret", PASSWORD)
    assert offline.store.get(case) is not None
    with pytest.raises(WrongPassword):
        login(world.url, tmp_path, "sw_qerret", "wrong-password")
    offline.lock()


def test_edits_sync_both_ways(world: World, tmp_path: Path) -> None:
    _, case = _office_case(world)
    vault = _login(world, tmp_path)
    vault.store.update(case, {"risk_level": "high"})
    note = vault.store.create("note", {"case_id": case, "text": "Vizitë", "written_on":
                                       "2026-03-03"})
    result = sync_now(vault)
    assert (result.pushed, result.conflicts, result.rejected) == (2, 0, [])
    colleague, cc = world.device("sw_qerret2")
    colleague.sync(cc)
    assert colleague.records[case].fields["risk_level"] == "high"
    assert note.id in colleague.records
    colleague.update(case, {"reason": "Pa të ardhura"})
    colleague.sync(cc)
    result = sync_now(vault)
    assert result.pulled >= 1
    assert vault.store.get(case).fields["reason"] == "Pa të ardhura"
    assert _report_marks(vault.store) == 0
    assert vault.store.pending_count() == 0
    vault.lock()


def test_pulled_changes_never_overwrite_pending_local_edits(world: World,
                                                            tmp_path: Path) -> None:
    _, case = _office_case(world)
    vault = _login(world, tmp_path)
    vault.store.update(case, {"risk_level": "urgent"})  # pending, not yet sent
    colleague, cc = world.device("sw_qerret2")
    colleague.sync(cc)
    colleague.update(case, {"risk_level": "low", "reason": "E re"})
    colleague.sync(cc)
    from sync.client import SyncClient

    client = SyncClient(world.url, vault.device_id, vault.store.meta_get("server_token"))
    pull_all(_Run(client, VaultReplica(vault), None, None))  # a pull with the edit pending
    record = vault.store.get(case)
    assert record.fields["risk_level"] == "urgent" and record.fields["reason"] == "E re"
    result = sync_now(vault)
    assert result.conflicts == 1
    [conflict] = open_conflicts(vault.store, case)
    assert {v["value"] for v in conflict.fields["values"]} == {"urgent", "low"}
    vault.lock()


def test_a_conflict_resolved_on_the_laptop_syncs_everywhere(world: World,
                                                            tmp_path: Path) -> None:
    _, case = _office_case(world)
    vault = _login(world, tmp_path)
    colleague, cc = world.device("sw_qerret2")
    colleague.sync(cc)
    vault.store.update(case, {"risk_level": "high"})
    colleague.update(case, {"risk_level": "medium"})
    colleague.sync(cc)
    sync_now(vault)
    [conflict] = open_conflicts(vault.store)
    assert vault.store.count("case", sync_state="conflict") == 1
    resolve_conflict(vault.store, conflict.id, {"risk_level": "high"})
    sync_now(vault)
    colleague.sync(cc)
    assert colleague.records[case].fields["risk_level"] == "high"
    assert colleague.records[conflict.id].fields["status"] == "resolved"
    assert open_conflicts(vault.store) == []
    assert vault.store.count("case", sync_state="synced") == 1
    vault.lock()


def test_attachments_travel_between_vaults(world: World, tmp_path: Path) -> None:
    _, case = _office_case(world)
    vault = _login(world, tmp_path / "one")
    content = os.urandom(700_000)
    sha = hashlib.sha256(content).hexdigest()
    with vault.store.transaction() as conn:
        conn.exec_driver_sql("INSERT INTO blobs (sha256, mime, size, data) VALUES (?,?,?,?)",
                             (sha, "application/pdf", len(content), content))
        vault.store.create("attachment", {"case_id": case, "sha256": sha, "mime":
                                          "application/pdf", "size": len(content),
                                          "added_on": "2026-03-03"})
    assert sync_now(vault).uploaded == 1
    other = _login(world, tmp_path / "two", "sw_qerret2")
    assert VaultReplica(other).blob_data(sha) == content
    vault.lock()
    other.lock()


def test_a_damaged_caseload_is_repaired(world: World,
                                                          tmp_path: Path) -> None:
    _, case = _office_case(world)
    vault = _login(world, tmp_path)
    with vault.store.transaction() as conn:
        conn.exec_driver_sql("DELETE FROM records WHERE id = ?", (case,))
        conn.exec_driver_sql("INSERT INTO records (id, type, rev, fields) VALUES "
                             "('01900000-0000-7000-8000-000000000000', 'case', 5, '{}')")
    result = sync_now(vault)
    assert result.repaired
    assert vault.store.get(case) is not None
    assert vault.store.get("01900000-0000-7000-8000-000000000000") is None
    vault.lock()


def test_revocation_wipes_the_vault(world: World, tmp_path: Path) -> None:
    _office_case(world)
    vault = _login(world, tmp_path)
    admin.revoke_device(world.db_url, vault.device_id)
    with pytest.raises(RevokedError, match="revoked"):
        sync_now(vault)
    assert vault.is_locked
    assert list_vaults(tmp_path) == []


def test_a_server_login_lifts_the_lockout(world: World, tmp_path: Path) -> None:
    _login(world, tmp_path).lock()
    later = iter(range(10**6, 10**9, 10**5))  # a clock that skips the waiting between tries
    for _ in range(10):
        with pytest.raises((WrongPassword, VaultLockedOut)):
            open_vault(tmp_path, "sw_qerret", "not-the-password", clock=lambda: next(later))
    with pytest.raises(VaultLockedOut):
        open_vault(tmp_path, "sw_qerret", PASSWORD)
    vault = _login(world, tmp_path)
    assert not vault.is_locked and list_vaults(tmp_path)[0].locked_out is False
    vault.lock()


def test_network_down_is_a_clear_error_and_loses_nothing(world: World, tmp_path: Path) -> None:
    _, case = _office_case(world)
    vault = _login(world, tmp_path)
    vault.store.update(case, {"risk_level": "high"})
    vault.store.meta_set("server_url", f"http://127.0.0.1:{free_port()}")
    with pytest.raises(NetworkError, match="Could not reach the server"):
        sync_now(vault)
    assert vault.store.pending_count() == 1
    vault.store.meta_set("server_url", world.url)
    assert sync_now(vault).pushed == 1
    vault.lock()


def test_edits_in_a_new_case_made_on_the_laptop(world: World, tmp_path: Path) -> None:
    vault = _login(world, tmp_path)
    person = vault.store.create("person", person_fields("Qerret", 7))
    case = vault.store.create("case", case_fields(person.id, "Qerret", n=7))
    assert sync_now(vault).pushed == 2
    head, hc = world.device("head")
    head.sync(hc)
    assert head.records[case.id].fields["case_number"] == "T-0007"
    vault.lock()


def test_a_vault_made_on_the_laptop_signs_in_once_and_then_syncs(world: World,
                                                                tmp_path: Path) -> None:
    _, case = _office_case(world)
    vault = create_vault(tmp_path, "sw_qerret", PASSWORD, kdf=FAST_KDF)
    person = vault.store.create("person", person_fields("Qerret", 8))
    with pytest.raises(AuthError):
        sync_now(vault)  # no session yet
    with pytest.raises(SyncError, match="does not know its server"):
        refresh_session(vault, PASSWORD)
    with pytest.raises(WrongCredentials):
        refresh_session(vault, "not-the-password", server_url=world.url)
    assert vault.store.meta_get("server_url") is None  # nothing saved after a refusal
    refresh_session(vault, PASSWORD, device_name="test laptop", server_url=world.url)
    assert vault.store.meta_get("server_url") == world.url
    result = sync_now(vault)
    assert result.pushed == 1 and result.pulled >= 1
    assert vault.store.get(case) is not None  # the caseload came from the server
    head, hc = world.device("head")
    head.sync(hc)
    assert person.id in head.records
    # a vault that knows its server keeps it, whatever address is given
    refresh_session(vault, PASSWORD, server_url=f"http://127.0.0.1:{free_port()}")
    assert vault.store.meta_get("server_url") == world.url
    vault.lock()


def test_a_session_the_server_no_longer_accepts_is_renewed(world: World,
                                                           tmp_path: Path) -> None:
    _, case = _office_case(world)
    vault = _login(world, tmp_path)
    store = vault.store
    with admin.open_db(world.db_url) as server_db:  # the server ends the session
        server_logout(server_db, f"Bearer {store.meta_get('server_token')}")
    store.update(case, {"risk_level": "high"})
    with pytest.raises(AuthError) as refused:
        sync_now(vault)
    assert not isinstance(refused.value, (WrongCredentials, RevokedError))
    refresh_session(vault, PASSWORD, device_name="test laptop")
    assert sync_now(vault).pushed == 1
    store.meta_set("server_token", "not-a-token")  # a damaged saved session
    with pytest.raises(AuthError):
        sync_now(vault)
    refresh_session(vault, PASSWORD, server_url="http://elsewhere.invalid")
    assert store.meta_get("server_url") == world.url
    store.update(case, {"risk_level": "low"})
    assert sync_now(vault).pushed == 1
    vault.lock()


def test_signing_in_again_as_a_disabled_user_wipes_the_vault(world: World,
                                                             tmp_path: Path) -> None:
    vault = _login(world, tmp_path)
    admin.disable_user(world.db_url, "sw_qerret")
    with pytest.raises(RevokedError):
        refresh_session(vault, PASSWORD)
    assert vault.is_locked
    assert list_vaults(tmp_path) == []
