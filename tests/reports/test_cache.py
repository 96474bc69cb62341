"""The scanned records are kept between reports, and read again after any change."""

from __future__ import annotations

from desktop.core.keys import FAST_KDF
from desktop.core.reports import Period, ReportRequest, build_report
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
        case_id = next(iter(load.managed()))
        store.update(case_id, {"status": "closed", "closed_on": "2024-12-31"})
        changed = build_report(store, REQUEST)
        assert cache.scans == scans + 1
        assert changed.cases_managed == first.cases_managed - 1


def test_locking_the_vault_closes_the_connection(tmp_path):
    vault = create_vault(tmp_path, "teuta", "correct horse battery", kdf=FAST_KDF)
    build_caseload(vault.store, persons=10, seed=5)
    cache = records_cache(vault.store)
    build_report(vault.store, REQUEST)
    connection = cache._conn
    assert connection is not None and not connection.closed
    vault.lock()
    assert cache._conn is None and connection.closed
