"""The scanned records are kept between reports, and read again after any change."""

from __future__ import annotations

from desktop.core.keys import FAST_KDF
from desktop.core.reports import (
    Period,
    ReportRequest,
    build_report,
    cases_behind,
    export_report,
)
from desktop.core.reports.cache import records_cache
from desktop.core.vault import create_vault
from tests.reports.caseload import AS_OF, build_caseload

REQUEST = ReportRequest(Period.year(2025), language="en", as_of=AS_OF)


def test_reports_reuse_the_scan_until_something_changes(tmp_path):
    with create_vault(tmp_path, "teuta", "correct horse battery", kdf=FAST_KDF) as vault:
        store = vault.store
        load = build_caseload(store, persons=40, seed=5)
        cache = records_cache(store)
        first = build_report(store, REQUEST)
        scans = cache.scans
        again = build_report(store, ReportRequest(Period.half(2025, 1), language="sq",
                                                  as_of=AS_OF, public=True))
        assert cache.scans == scans and again.tables  # other period, unit, edition: no rescan
        assert build_report(store, REQUEST).tables == first.tables
        export_report(store, again, tmp_path / "r.csv")  # an audit entry only: no rescan
        cases_behind(store, REQUEST, first.table("plans_made"), 0, 0, role="director")
        assert build_report(store, REQUEST).tables == first.tables and cache.scans == scans
        case_id = next(iter(load.managed()))
        store.update(case_id, {"status": "closed", "closed_on": "2024-12-31"})
        changed = build_report(store, REQUEST)
        assert cache.scans == scans + 1
        assert changed.cases_managed == first.cases_managed - 1


def test_a_sync_makes_the_next_report_read_again(tmp_path):
    with create_vault(tmp_path, "teuta", "correct horse battery", kdf=FAST_KDF) as vault:
        store = vault.store
        load = build_caseload(store, persons=20, seed=6)
        cache = records_cache(store)
        before = build_report(store, REQUEST).cases_managed
        case_id = next(iter(load.managed()))
        record = store.get(case_id)
        record.fields.update(status="closed", closed_on="2024-06-30")
        with store.transaction():  # as a pulled page: the records and the cursor together
            store.put_synced(record)
            store.meta_set("pull_cursor", "42")
        scans = cache.scans
        assert build_report(store, REQUEST).cases_managed == before - 1
        assert cache.scans == scans + 1


def test_locking_the_vault_closes_the_connection(tmp_path):
    vault = create_vault(tmp_path, "teuta", "correct horse battery", kdf=FAST_KDF)
    build_caseload(vault.store, persons=10, seed=5)
    cache = records_cache(vault.store)
    build_report(vault.store, REQUEST)
    connection = cache._conn
    assert connection is not None and not connection.closed
    vault.lock()
    assert cache._conn is None and connection.closed
