"""Locking stops a report at once: the statement running is interrupted and none starts
after the cancel; the next report runs as usual."""

from __future__ import annotations

import pytest

from desktop.core.progress import Cancelled, Progress
from desktop.core.reports import build_report
from desktop.core.reports.cache import records_cache


def test_a_cancelled_report_stops_and_the_next_one_runs(loaded, year_request):
    vault, _ = loaded
    cache = records_cache(vault.store)
    expected = build_report(vault.store, year_request)
    progress = Progress()
    progress.cancel()                 # the vault locks just before the report's statements
    with cache.stopping_on(progress), pytest.raises(Cancelled):
        build_report(vault.store, year_request)
    assert build_report(vault.store, year_request).tables == expected.tables
