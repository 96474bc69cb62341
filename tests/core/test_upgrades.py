"""Vaults made by every earlier schema version open with today's code and keep every record.

The vaults under tests/data/vaults/vN were made by the code of the commit where N was the
newest schema version (tests/data/vaults/README.md); each comes with a manifest of what that
code read back from it. The test opens a copy through the normal unlock path. The vault of the
current version is kept too: it is the one the next migration step will upgrade.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from desktop.core import migrations
from desktop.core.casework.due import due_items
from desktop.core.casework.meetings import open_tasks
from desktop.core.reports import Period, ReportRequest, build_report
from desktop.core.sync_marks import record_marks
from desktop.core.vault import OpenVault, open_vault
from tests.casework.due_reference import reference_due_items
from tests.core.test_sync_marks_pages import whole_vault_marks

STORED = Path(__file__).resolve().parents[1] / "data" / "vaults"
VERSIONS = sorted(int(p.name[1:]) for p in STORED.glob("v*") if (p / "manifest.json").is_file())


def fields_hash(fields: dict[str, Any]) -> str:
    """As tests/data/vaults/make_vault.py hashed them."""
    text = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def table_counts(vault: OpenVault, tables: list[str]) -> dict[str, int]:
    with vault.store.reading() as conn:
        return {t: conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar_one()
                for t in tables}


def stored_copy(version: int, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    source = STORED / f"v{version}"
    manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    data = tmp_path / "data"
    shutil.copytree(source / "data", data)
    return data, manifest


def test_every_earlier_schema_version_has_a_stored_vault() -> None:
    """A new migration step needs the vault of the version it upgrades (see the README)."""
    assert set(range(1, migrations.SCHEMA_VERSION)) <= set(VERSIONS)


@pytest.mark.parametrize("version", VERSIONS)
def test_an_old_vault_opens_migrates_and_keeps_every_record(version: int,
                                                           tmp_path: Path) -> None:
    data, manifest = stored_copy(version, tmp_path)
    assert manifest["schema_version"] == version

    vault = open_vault(data, manifest["user"], manifest["password"])
    try:
        assert migrations.current_version(vault.engine) == migrations.SCHEMA_VERSION
        backups = sorted(p.name for p in vault.folder.glob("vault.db.v*.bak"))
        upgraded = version < migrations.SCHEMA_VERSION
        assert backups == ([f"vault.db.v{version}.bak"] if upgraded else [])
        check_records(vault, manifest)
        check_outbox_blobs_drafts(vault, manifest)
        assert table_counts(vault, list(manifest["counts"])) == manifest["counts"]
        audit = vault.store.verify_audit()
        assert audit.ok and audit.entries == manifest["audit_entries"]
        check_what_a_worker_sees(vault, manifest)
    finally:
        vault.lock()

    again = open_vault(data, manifest["user"], manifest["password"])
    try:
        assert migrations.current_version(again.engine) == migrations.SCHEMA_VERSION
        check_records(again, manifest)
        assert sorted(p.name for p in again.folder.glob("vault.db.v*.bak")) == backups
    finally:
        again.lock()


def check_records(vault: OpenVault, manifest: dict[str, Any]) -> None:
    for expected in manifest["records"]:
        record = vault.store.get(expected["id"], include_deleted=True)
        assert record is not None, f"{expected['type']} {expected['id']} is gone"
        assert (record.type, record.rev, record.deleted) == (
            expected["type"], expected["rev"], expected["deleted"])
        assert fields_hash(record.fields) == expected["fields_sha256"], (
            f"the fields of {record.type} {record.id} changed")


def check_outbox_blobs_drafts(vault: OpenVault, manifest: dict[str, Any]) -> None:
    pending = vault.store.pending_changes(limit=10_000)
    assert [(c.change_id, c.record_id, fields_hash(c.fields)) for c in pending] == [
        (c["change_id"], c["record_id"], c["fields_sha256"]) for c in manifest["outbox"]]
    for sha in manifest["blobs"]:
        data = vault.store.get_blob(sha)
        assert data is not None and hashlib.sha256(data).hexdigest() == sha
    for key in manifest["drafts"]:
        assert vault.store.load_draft(key) is not None


def check_what_a_worker_sees(vault: OpenVault, manifest: dict[str, Any]) -> None:
    """Search finds the old persons; a report counts the old cases (its bases are new)."""
    persons = {r["id"] for r in manifest["records"] if r["type"] == "person"}
    hits = vault.store.search("Shembulli")
    assert len(hits) == 2 and {hit.person_id for hit in hits} <= persons
    cases = [r for r in manifest["records"] if r["type"] == "case" and not r["deleted"]]
    report = build_report(vault.store, ReportRequest(Period.year(2026), language="en",
                                                     public=False))
    assert report.cases_managed == len(cases)
    check_what_is_due(vault)
    check_list_marks(vault, manifest)


def check_list_marks(vault: OpenVault, manifest: dict[str, Any]) -> None:
    """The lists' marks read the ids of a case's records from an index the upgrade makes
    (step 11): the same marks as the whole vault's outbox says."""
    shown = [r["id"] for r in manifest["records"]]
    everything = whole_vault_marks(vault.store)
    assert everything
    assert record_marks(vault.store, shown) == {i: everything[i] for i in shown
                                                if i in everything}


def check_what_is_due(vault: OpenVault) -> None:
    """Today reads what is due from a table the upgrade fills (step 10): the same items as
    the records say, and the meetings' open tasks."""
    for worker in (vault.user, None):
        args = {"worker": worker, "today": dt.date(2026, 6, 1), "within_days": 400}
        assert due_items(vault.store, **args) == reference_due_items(vault.store, **args)
    assert due_items(vault.store, today=dt.date(2026, 6, 1), within_days=400)
    with vault.store.reading() as conn:
        kept = conn.exec_driver_sql("SELECT count(*) FROM open_tasks").scalar_one()
    assert kept == len(open_tasks(vault.store))


def test_an_upgrade_stopped_halfway_leaves_the_vault_as_it_was(tmp_path: Path,
                                                                monkeypatch: Any) -> None:
    """Step 11 builds indexes over every record (seconds on a large vault, at the first unlock
    after an update): stopped before its end, nothing of it is kept and nothing is lost; the
    next unlock does it again."""
    data, manifest = stored_copy(10, tmp_path)
    last = migrations.STEPS[10]
    stopped = [*last, "SELECT no_such_function()"]    # fails after every index is built
    monkeypatch.setattr(migrations, "STEPS", [*migrations.STEPS[:10], stopped])
    with pytest.raises(Exception):  # noqa: B017 - whatever the unlock reports
        open_vault(data, manifest["user"], manifest["password"])
    monkeypatch.setattr(migrations, "STEPS", migrations.STEPS[:10])   # the code before it
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 10)
    before = open_vault(data, manifest["user"], manifest["password"])
    try:
        assert migrations.current_version(before.engine) == 10
        assert not step_11_indexes(before)
        check_records(before, manifest)
    finally:
        before.lock()
    monkeypatch.setattr(migrations, "STEPS", [*migrations.STEPS, last])
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 11)
    vault = open_vault(data, manifest["user"], manifest["password"])
    try:
        check_records(vault, manifest)
        check_outbox_blobs_drafts(vault, manifest)
        assert migrations.current_version(vault.engine) == 11
        assert step_11_indexes(vault) == {"records_case_ids", "records_live_case_by_id",
                                          "records_live_person_by_id",
                                          "records_live_case_opened", "records_live_persons"}
        check_list_marks(vault, manifest)
    finally:
        vault.lock()


def step_11_indexes(vault: OpenVault) -> set[str]:
    with vault.store.reading() as conn:
        return {r[0] for r in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND name IN "
            "('records_case_ids', 'records_live_case_by_id', 'records_live_person_by_id', "
            "'records_live_case_opened', 'records_live_persons')")}
