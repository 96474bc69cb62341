"""The record store: outbox, audit chain, validation, projections."""

from __future__ import annotations

import pytest

from desktop.core.errors import InvalidRecord, NotFound
from sync.records import loads


def outbox(vault) -> list[tuple]:
    with vault.store.reading() as conn:
        return conn.exec_driver_sql(
            "SELECT record_id, base_rev, fields, deleted, created FROM outbox ORDER BY seq"
        ).fetchall()


def new_person(store, **extra):
    return store.create("person", {"first_name": "Ermira", "last_name": "Çela", **extra})


def test_each_write_appends_exactly_one_change(vault):
    store = vault.store
    person = new_person(store)
    store.update(person.id, {"village": "Qelëz"})
    store.update(person.id, {"village": "Qelëz"})  # no change: nothing to sync
    store.delete(person.id)
    store.create_many([("person", {"first_name": "A", "last_name": "B"}),
                       ("person", {"first_name": "C", "last_name": "D"})])
    rows = outbox(vault)
    assert len(rows) == 5
    created, updated, deleted = rows[0], rows[1], rows[2]
    assert created[4] == 1 and loads(created[2])["first_name"] == "Ermira"
    assert loads(updated[2]) == {"village": "Qelëz"} and updated[4] == 0
    assert deleted[3] == 1
    assert store.pending_count() == 5


def test_a_failed_write_leaves_no_change_behind(vault):
    store = vault.store
    with pytest.raises(InvalidRecord, match="sex"):
        store.create("person", {"first_name": "A", "last_name": "B", "sex": "X"})
    with pytest.raises(InvalidRecord, match="last_name: required"):
        store.create("person", {"first_name": "A"})
    with pytest.raises(InvalidRecord, match="unknown field 'colour'"):
        store.create("person", {"first_name": "A", "last_name": "B", "colour": "red"})
    assert outbox(vault) == []
    assert store.count("person") == 0


def test_a_transaction_is_all_or_nothing(vault):
    store = vault.store
    with pytest.raises(InvalidRecord), store.transaction():
        new_person(store)
        store.create("household", {"size": "many"})
    assert store.count("person") == 0 and outbox(vault) == []


def test_deleted_records_disappear_from_queries_but_stay_as_tombstones(vault):
    store = vault.store
    person = new_person(store)
    store.delete(person.id)
    assert store.get(person.id) is None
    assert store.get(person.id, include_deleted=True).deleted
    with pytest.raises(NotFound):
        store.update(person.id, {"village": "Plan"})


def test_append_only_records_cannot_be_changed(vault):
    store = vault.store
    note = store.create("note", {"case_id": "c1", "text": "Vizitë e shkurtër",
                                 "written_on": "2026-03-01"})
    with pytest.raises(InvalidRecord, match="cannot be changed"):
        store.update(note.id, {"text": "changed"})


def test_projections_follow_the_fields(vault):
    store = vault.store
    person = new_person(store)
    case = store.create("case", {"case_number": "PUK-2026-A1B2-00001", "person_id": person.id,
                                 "case_type": "domestic_violence", "status": "open",
                                 "opened_on": "2026-02-01", "administrative_unit": "Qerret"})
    assert [c.id for c in store.query("case", admin_unit="Qerret", status="open")] == [case.id]
    store.update(case.id, {"status": "closed"})
    assert store.count("case", status="open") == 0
    assert store.count("case", sensitive=1) == 1
    visit = store.create("visit", {"case_id": case.id, "visit_date": "2026-02-03",
                                   "protocol": "routine"})
    assert store.count("visit", sensitive=1) == 1, "a record of a sensitive case is sensitive"
    assert store.query("visit", case_id=case.id)[0].id == visit.id


def test_audit_chain_verifies_and_detects_an_edited_row(vault):
    store = vault.store
    person = new_person(store)
    store.update(person.id, {"village": "Kçirë"})
    store.audit("view", person)
    check = store.verify_audit()
    assert check.ok and check.entries == 3
    with store.transaction() as conn:
        conn.exec_driver_sql("UPDATE audit SET action = 'print' WHERE seq = 2")
    check = store.verify_audit()
    assert not check.ok and check.first_bad_seq == 2


def test_audit_chain_detects_a_removed_row(vault):
    store = vault.store
    for n in range(3):
        new_person(store, village=f"Fshati {n}")
    with store.transaction() as conn:
        conn.exec_driver_sql("DELETE FROM audit WHERE seq = 2")
    assert store.verify_audit().first_bad_seq == 3


def test_drafts_survive_reopening(data_dir, vault):
    from desktop.core.vault import open_vault
    from tests.conftest import PASSWORD

    vault.store.save_draft("form:intake:c1", "form", {"answers": {"reason": "Strehim"}})
    vault.lock()
    reopened = open_vault(data_dir, "arta", PASSWORD)
    assert reopened.store.load_draft("form:intake:c1") == {"answers": {"reason": "Strehim"}}
    reopened.lock()
