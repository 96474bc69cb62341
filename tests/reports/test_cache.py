"""The report bases are kept in the vault and brought up to date from what changed."""

from __future__ import annotations

import contextlib
import threading

from desktop.core.keys import FAST_KDF
from desktop.core.reports import (
    Period,
    ReportRequest,
    ReportSettings,
    build_report,
    cases_behind,
    export_report,
)
from desktop.core.reports.cache import records_cache
from desktop.core.vault import create_vault, open_vault
from sync.ids import uuid7
from tests.reports.caseload import AS_OF, CASE_TYPES, build_caseload

REQUEST = ReportRequest(Period.year(2025), language="en", as_of=AS_OF)
USER, PASSWORD = "teuta", "correct horse battery"


def rebuild_everything_next(store) -> None:
    """Make the next report build the bases from scratch (as after a profile change)."""
    with store.transaction() as conn:
        conn.exec_driver_sql("DELETE FROM report_state WHERE key = 'key'")


def marks(store) -> list[tuple[str, str]]:
    with store.reading() as conn:
        return [tuple(r) for r in conn.exec_driver_sql(
            "SELECT kind, id FROM report_dirty ORDER BY seq").fetchall()]


@contextlib.contextmanager
def reported(tmp_path, persons: int, seed: int):
    """A vault with a synthetic caseload and its first report."""
    with create_vault(tmp_path, USER, PASSWORD, kdf=FAST_KDF) as vault:
        load = build_caseload(vault.store, persons=persons, seed=seed)
        first = build_report(vault.store, REQUEST)
        yield vault.store, load, records_cache(vault.store), first


def test_reports_reuse_the_bases_until_something_changes(tmp_path):
    with reported(tmp_path, persons=40, seed=5) as (store, load, cache, first):
        assert cache.done["full"] == 1 and marks(store) == []
        again = build_report(store, ReportRequest(Period.half(2025, 1), language="sq",
                                                  as_of=AS_OF, public=True))
        assert again.tables
        export_report(store, again, tmp_path / "r.csv")  # an audit entry only
        cases_behind(store, REQUEST, first.table("plans_made"), 0, 0, role="director")
        assert build_report(store, REQUEST).tables == first.tables
        assert cache.done["full"] == 1 and cache.done["update"] == 0
        case_id = next(iter(load.managed()))
        store.update(case_id, {"status": "closed", "closed_on": "2024-12-31"})
        assert marks(store) == [("case", case_id)]
        changed = build_report(store, REQUEST)
        assert (cache.done["full"], cache.done["update"]) == (1, 1)
        assert changed.cases_managed == first.cases_managed - 1
        assert marks(store) == []


def test_the_bases_outlive_the_lock(tmp_path):
    with create_vault(tmp_path, USER, PASSWORD, kdf=FAST_KDF) as vault:
        build_caseload(vault.store, persons=30, seed=8)
        before = build_report(vault.store, REQUEST)
    with open_vault(tmp_path, USER, PASSWORD) as vault:
        after = build_report(vault.store, REQUEST)
        assert records_cache(vault.store).done["full"] == 0
    assert after.tables == before.tables


def test_updated_bases_equal_bases_built_from_scratch(tmp_path):
    with reported(tmp_path, persons=60, seed=11) as (store, load, cache, before):
        edit_one_of_everything(store, load)
        updated = build_report(store, REQUEST)
        assert cache.done["update"] == 1 and cache.done["full"] == 1
        assert updated.tables != before.tables
        rebuild_everything_next(store)
        rebuilt = build_report(store, REQUEST)
        assert cache.done["full"] == 2
        assert updated.tables == rebuilt.tables
        assert updated.persons == rebuilt.persons


def edit_one_of_everything(store, load) -> None:
    """A person, a household, a case, its plan, referral and visit; a new person and case
    of a type the vault has not seen yet."""
    managed = list(load.managed())
    person_id = load.managed()[managed[0]]["person_id"]
    person = load.persons[person_id]
    store.update(person_id, {"sex": "M" if person.get("sex") == "F" else "F",
                             "target_groups": ["homeless", "blind"]})
    household_id = load.cases[managed[1]]["household_id"]
    store.update(household_id, {"area_type": "urban" if load.households[household_id].get(
        "area_type") != "urban" else "rural"})
    store.update(managed[2], {"status": "closed", "closed_on": "2025-03-01"})
    store.create("plan", {"case_id": managed[3], "plan_type": "care_plan", "version": 1,
                          "status": "active", "created_on": "2025-04-02",
                          "review_date": "2025-10-01"}, record_id=uuid7())
    referral_id = next(rid for rid, f in load.of_type("referral") if f["status"] != "refused")
    store.update(referral_id, {"status": "refused"})
    store.delete(next(rid for rid, _ in load.of_type("visit")))
    new_type = next(c["code"] for c in store.profile.items("case_types")
                    if c["code"] not in CASE_TYPES)
    new_person = store.create("person", {"first_name": "Zanë", "last_name": "Gjethja",
                                         "sex": "F", "birth_date": "1990-05-05",
                                         "administrative_unit": "Lukovë", "village": "Piqeras",
                                         "target_groups": ["income"]})
    store.create("case", {"case_number": "T-NEW-1", "person_id": new_person.id,
                          "case_type": new_type, "status": "open", "opened_on": "2025-06-01",
                          "administrative_unit": "Lukovë", "village": "Piqeras"})


def test_a_sync_page_updates_the_bases(tmp_path):
    with reported(tmp_path, persons=20, seed=6) as (store, load, cache, first):
        before = first.cases_managed
        case_id = next(iter(load.managed()))
        record = store.get(case_id)
        record.fields.update(status="closed", closed_on="2024-06-30")
        with store.transaction():  # as a pulled page: the records and the cursor together
            store.put_synced(record)
            store.meta_set("pull_cursor", "42")
        assert build_report(store, REQUEST).cases_managed == before - 1
        assert cache.done["update"] == 1


def test_only_changes_to_what_reports_count_leave_a_mark(tmp_path):
    with reported(tmp_path, persons=10, seed=3) as (store, load, _cache, _first):
        referral_id, referral = load.of_type("referral")[0]
        with store.transaction() as conn:  # what a sync acknowledgement does
            conn.exec_driver_sql("UPDATE records SET sync_state = 'synced'")
        assert marks(store) == []
        store.update(referral_id, {"status": "refused"})
        store.update(referral_id, {"status": "delivered"})
        assert marks(store) == [("case", referral["case_id"])]


def test_a_vault_from_before_the_bases_gets_them_on_its_first_report(tmp_path):
    with create_vault(tmp_path, USER, PASSWORD, kdf=FAST_KDF) as vault:
        build_caseload(vault.store, persons=30, seed=9)
        expected = build_report(vault.store, REQUEST)
        with vault.store.transaction() as conn:  # as a vault of schema 3 was
            for name, kind in conn.exec_driver_sql(
                    "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'trigger') "
                    "AND (name LIKE 'rb_%' OR name LIKE 'report_%')").fetchall():
                conn.exec_driver_sql(f"DROP {kind.upper()} IF EXISTS {name}")
            for old, new in (("date1", "main_date"), ("kind", "subtype"), ("label", "title")):
                conn.exec_driver_sql(f"ALTER TABLE records RENAME COLUMN {new} TO {old}")
            conn.exec_driver_sql("PRAGMA user_version = 3")
    with open_vault(tmp_path, USER, PASSWORD) as vault:
        assert build_report(vault.store, REQUEST).tables == expected.tables
        assert records_cache(vault.store).done["full"] == 1
    assert list(tmp_path.rglob("*.v3.bak")), "the vault is backed up before it is upgraded"


def test_locking_the_vault_closes_the_connection(tmp_path):
    vault = create_vault(tmp_path, USER, PASSWORD, kdf=FAST_KDF)
    build_caseload(vault.store, persons=10, seed=5)
    cache = records_cache(vault.store)
    build_report(vault.store, REQUEST)
    connection = cache._conn
    assert connection is not None and not connection.closed
    vault.lock()
    assert cache._conn is None and connection.closed


def test_locking_stops_a_report_in_progress(tmp_path):
    vault = create_vault(tmp_path, USER, PASSWORD, kdf=FAST_KDF)
    build_caseload(vault.store, persons=5, seed=5)
    cache = records_cache(vault.store)
    started, failed = threading.Event(), threading.Event()

    def endless_report() -> None:
        try:
            with cache.facts(ReportSettings(), REQUEST.scope()) as facts:
                started.set()
                facts.query("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
                            "SELECT count(*) FROM n")
        except Exception:  # the vault was locked under it
            failed.set()

    report = threading.Thread(target=endless_report, daemon=True)
    report.start()
    assert started.wait(30)
    locking = threading.Thread(target=vault.lock, daemon=True)
    locking.start()
    locking.join(60)
    assert not locking.is_alive(), "locking waited for the report"
    report.join(60)
    assert failed.is_set() and cache._conn is None


def test_a_refresh_that_raced_another_program_reads_again(tmp_path, monkeypatch):
    from desktop.core.reports import refresh as refreshing

    with reported(tmp_path, persons=20, seed=4) as (store, load, _cache, before):
        store.update(next(iter(load.managed())), {"status": "closed", "closed_on": "2024-12-31"})
        read, races = refreshing._read, []

        def read_then_race(*args, **kwargs):
            plan = read(*args, **kwargs)
            if not races:  # another program refreshes between our read and our write
                races.append(1)
                with store.transaction() as conn:
                    conn.exec_driver_sql("UPDATE report_state SET value = value + 1 "
                                         "WHERE key = 'generation'")
            return plan

        monkeypatch.setattr(refreshing, "_read", read_then_race)
        after = build_report(store, REQUEST)
        assert races and after.cases_managed == before.cases_managed - 1
        with store.reading() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM report_dirty").scalar() == 0


def test_the_kept_report_connection_keeps_a_small_page_cache(tmp_path):
    """The report connection stays open between reports: its cache is memory held while no
    report runs, so it is smaller than a screen's, and the reports it serves are the same."""
    from desktop.core.reports.cache import REPORT_CACHE_KIB
    from desktop.core.vault import CACHE_KIB

    with reported(tmp_path, persons=30, seed=11) as (store, _load, cache, first):
        assert REPORT_CACHE_KIB < CACHE_KIB
        kept = cache._conn
        assert kept is not None
        assert kept.exec_driver_sql("PRAGMA cache_size").scalar_one() == -REPORT_CACHE_KIB
        assert build_report(store, REQUEST).tables == first.tables
        assert cache._conn is kept   # the same connection, kept between reports
