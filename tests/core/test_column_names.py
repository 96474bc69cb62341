"""The vault's projection columns are named for what they hold; a vault made before the
rename is upgraded in place, with a backup, and keeps every record."""

from __future__ import annotations

import json

from desktop.core import migrations
from desktop.core.keys import FAST_KDF
from desktop.core.vault import create_vault, open_vault
from tests.conftest import PASSWORD

BEFORE_RENAME = 4
OLD_ROWS = [
    # id, type, fields, case_id, person_id, kind, date1, label
    ("p1", "person", {"first_name": "Besa", "last_name": "Hoxha", "birth_date": "1980-02-03"},
     None, "p1", None, "1980-02-03", None),
    ("c1", "case", {"case_number": "KJ-2025-0001", "person_id": "p1",
                    "case_type": "elderly_care", "status": "open", "opened_on": "2025-03-01"},
     "c1", "p1", "elderly_care", "2025-03-01", "KJ-2025-0001"),
    ("v1", "visit", {"case_id": "c1", "visit_date": "2025-03-10", "protocol": "routine"},
     "c1", None, "routine", "2025-03-10", None),
    ("v2", "visit", {"case_id": "c1", "visit_date": "2025-04-10", "protocol": "emergency"},
     "c1", None, "emergency", "2025-04-10", None),
]


def _old_vault(data_dir, monkeypatch) -> None:
    """A vault of schema version 4 (the generic columns), holding OLD_ROWS."""
    monkeypatch.setattr(migrations, "STEPS", migrations.STEPS[:BEFORE_RENAME])
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", BEFORE_RENAME)
    old = create_vault(data_dir, "arta", PASSWORD, kdf=FAST_KDF)
    with old.store.transaction() as conn:
        conn.exec_driver_sql(
            "INSERT INTO records (id, type, fields, case_id, person_id, kind, date1, label) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(i, t, json.dumps(f), c, p, k, d, lab) for i, t, f, c, p, k, d, lab in OLD_ROWS])
    old.lock()
    monkeypatch.undo()


def test_an_old_vault_is_upgraded_and_keeps_every_record(data_dir, monkeypatch):
    _old_vault(data_dir, monkeypatch)
    vault = open_vault(data_dir, "arta", PASSWORD)
    try:
        store = vault.store
        with store.reading() as conn:
            assert conn.exec_driver_sql("PRAGMA user_version").scalar_one() == len(
                migrations.STEPS)
            columns = {r[1] for r in conn.exec_driver_sql("PRAGMA table_info(records)")}
            indexes = {r[1] for r in conn.exec_driver_sql("PRAGMA index_list(records)")}
        assert {"main_date", "subtype", "title"} <= columns
        assert not {"date1", "kind", "label"} & columns
        assert {"records_title", "records_main_date", "records_live_title"} <= indexes
        assert sorted(r.id for t in ("person", "case", "visit") for r in store.query(t)) == \
            sorted(row[0] for row in OLD_ROWS)
        case = store.query("case", title="KJ-2025-0001", subtype="elderly_care")
        assert [c.fields["case_number"] for c in case] == ["KJ-2025-0001"]
        visits = store.query("visit", case_id="c1", order_by="main_date", descending=True)
        assert [v.fields["protocol"] for v in visits] == ["emergency", "routine"]
    finally:
        vault.lock()
    assert (vault.folder / f"vault.db.v{BEFORE_RENAME}.bak").exists()


def test_the_renamed_columns_are_kept_up_to_date_after_the_upgrade(data_dir, monkeypatch):
    _old_vault(data_dir, monkeypatch)
    vault = open_vault(data_dir, "arta", PASSWORD)
    try:
        store = vault.store
        with store.transaction() as conn:
            conn.exec_driver_sql("DELETE FROM report_dirty")
        store.update("c1", {"case_type": "disability"})
        assert [c.id for c in store.query("case", subtype="disability")] == ["c1"]
        with store.reading() as conn:
            # the report triggers follow the rename: the change is marked for the reports
            marked = conn.exec_driver_sql(
                "SELECT count(*) FROM report_dirty WHERE kind = 'case' AND id = 'c1'").scalar()
        assert marked == 1
    finally:
        vault.lock()
