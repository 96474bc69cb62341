"""The vault connections' page cache: what a smaller one costs in speed, and saves in memory.

    .venv/bin/python bench/bench_cache.py [--cases 100000] [--vault DIR] [--rounds 3] [--quick]
                                           [--sizes 262144,32768,8192]

Reads the vault ``bench/bench_ui.py`` builds under ``bench/out/`` (``--quick``: a fresh
300-case one in a temporary folder). For each page cache size (KiB, per connection), one
engine over the same vault; the same work runs on each in turn, interleaved, ``--rounds``
times: Today for one case manager (first on a new connection, then again), the case list's
count and first page, 20 pages from the top to the bottom, five searches, and a report (its
bases already up to date). Printed: the median seconds of each step per size, the ratio to
the first size, and the most SQLite's heap held during the work on each size alone (its
connections' caches; the report connection keeps a smaller one, see reports/cache.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_ui import PASSWORD, QUICK_CASES, USER, ensure_vault  # noqa: E402
from benchlib.memory import sqlite_heap_mb, sqlite_heap_peak_mb  # noqa: E402

SEARCHES = ("Gj", "Gjon", "Ndoja", "Kacaj Dr", "Qelez")
Step = Callable[[Any], object]


def steps(worker: str) -> dict[str, Step]:
    """What the screens ask of the database thread, by name."""
    from desktop.core.reports import Period, ReportRequest, build_report
    from desktop.core.views.lists import case_query
    from desktop.core.views.today import load_today

    today = dt.date.today()

    def today_data(store: Any) -> object:
        return load_today(store, worker=worker, today=today, day=today, include_overdue=False)

    def first_page(store: Any) -> object:
        query = case_query().resolve(store)
        query.count(store)
        return query.pages(store, [0], 100)

    def scroll(store: Any) -> object:
        query = case_query().resolve(store)
        rows = query.count(store)
        return [query.pages(store, [rows * step // 20 // 100 * 100], 100)
                for step in range(1, 21)]

    def search(store: Any) -> object:
        found = []
        for word in SEARCHES:
            query = case_query(text=word).resolve(store)
            found.append(query.pages(store, [0], 100) if query.count(store) else {})
        return found

    def report(store: Any) -> object:
        return build_report(store, ReportRequest(Period.year(today.year)))

    return {"Today (first, new connection)": today_data, "Today (again)": today_data,
            "case list count + first page": first_page, "case list 20 pages": scroll,
            "5 searches": search, "report (bases up to date)": report}


def open_store(folder: Path, cache_kib: int) -> Any:
    """A store over the vault whose connections keep at most ``cache_kib`` of pages."""
    from sqlalchemy import event

    from desktop.core.vault import open_vault

    vault = open_vault(folder, USER, PASSWORD)

    def sized(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA cache_size = -{cache_kib}")

    event.listen(vault.engine, "connect", sized)
    vault.engine.dispose()
    return vault


def timed(step: Step, store: Any) -> float:
    start = time.perf_counter()
    step(store)
    return time.perf_counter() - start


def run(folder: Path, sizes: list[int], rounds: int) -> int:
    from desktop.core.reports.cache import records_cache
    from desktop.core.views.today import case_workers

    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} cores, load average {load} at the start")
    vaults = {size: open_store(folder, size) for size in sizes}
    worker = (case_workers(vaults[sizes[0]].store) or (USER,))[0]
    work = steps(worker)
    work["report (bases up to date)"](vaults[sizes[0]].store)  # build the bases once
    heap: dict[int, float] = {}
    for size in sizes:   # the memory each size keeps, alone: the others' caches emptied
        for other in vaults.values():
            other.engine.dispose()
            records_cache(other.store).close()
        before = sqlite_heap_mb() or 0.0
        sqlite_heap_peak_mb(reset=True)
        for step in work.values():
            step(vaults[size].store)
        heap[size] = (sqlite_heap_peak_mb() or 0.0) - before
    times: dict[str, dict[int, list[float]]] = {name: {s: [] for s in sizes} for name in work}
    for _ in range(rounds):
        for size in sizes:
            vaults[size].engine.dispose()
            records_cache(vaults[size].store).close()
        for name, step in work.items():
            for size in sizes:
                times[name][size].append(timed(step, vaults[size].store))
    print(f"\nmedian seconds of {rounds} rounds, interleaved, by page cache size per connection:")
    print(f"  {'step':32}" + "".join(f"{_size(s):>16}" for s in sizes))
    for name, by_size in times.items():
        first = statistics.median(by_size[sizes[0]])
        cells = [f"{statistics.median(v):8.3f} ({statistics.median(v) / first:4.2f}x)"
                 for v in by_size.values()]
        print(f"  {name:32}" + "".join(f"{c:>16}" for c in cells))
    print(f"  {'SQLite heap at most (MB)':32}" + "".join(f"{heap[s]:16.0f}" for s in sizes))
    for vault in vaults.values():
        vault.lock()
    print(f"\nload average {' '.join(f'{x:.2f}' for x in os.getloadavg())} at the end")
    return 0


def _size(kib: int) -> str:
    return f"{kib // 1024} MiB" if kib >= 1024 else f"{kib} KiB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--vault", type=Path, help="a data folder other than bench/out's")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sizes", default="262144,32768,8192",
                        help="page cache sizes to compare, KiB per connection (first: baseline)")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.quick:
        with tempfile.TemporaryDirectory() as folder:
            return run(ensure_vault(QUICK_CASES, Path(folder)), sizes, 1)
    return run(ensure_vault(args.cases, args.vault), sizes, args.rounds)


if __name__ == "__main__":
    sys.exit(main())
