"""The Today screen's data on a 100,000-case vault: wall and CPU seconds, printed as figures.

    .venv/bin/python bench/bench_today.py [--cases 100000] [--vault DIR] [--repeat 5] [--quick]

Reads the vault that ``bench/bench_ui.py`` builds and caches under ``bench/out/`` (it does not
build one: run bench_ui.py first); ``--quick`` builds a 300-case one in a temporary folder
and measures twice: a check that it still runs. Measures what the Today screen asks of the database thread
(:func:`desktop.core.views.today.load_today`) for every case manager (a head of unit's view) and
for one case manager, with and without the overdue visits on the route. "first" is the first
call on a new connection (SQLCipher's page cache empty; wall time well above CPU time there is
mostly the disk); "median" and "max" are of the calls after it. CPU time is this process's, so
other programs running on the machine show as wall time above CPU time.

The same reads run on a plain (unencrypted) SQLite copy of the vault (made once in the
vault's data folder, synthetic people only, brought to the same schema by the program's migrations),
interleaved with the vault's, so that the ratio holds on a busy machine. The bars for one case
manager are printed beside the figures, with the machine's load.
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

from bench_ui import (  # noqa: E402  (the cached vault of bench_ui.py)
    PASSWORD,
    QUICK_CASES,
    USER,
    ensure_vault,
    vault_dir,
)


def timed(call: Callable[[], Any]) -> tuple[float, float, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def measure(store: Any, worker: str | None, include_overdue: bool, repeat: int,
            today: dt.date) -> dict[str, Any]:
    from desktop.core.views.today import load_today  # what the Today screen reads

    def call() -> Any:
        return load_today(store, worker=worker, today=today, day=today,
                          include_overdue=include_overdue)

    store.engine.dispose()  # a new connection: nothing of the vault decrypted yet
    first_wall, first_cpu, data = timed(call)
    runs = [timed(call)[:2] for _ in range(repeat)]
    walls, cpus = [r[0] for r in runs], [r[1] for r in runs]
    stops = sum(len(v.stops) for v in data.route)
    return {"first": (first_wall, first_cpu),
            "median": (statistics.median(walls), statistics.median(cpus)),
            "max": (max(walls), max(cpus)),
            "shown": len(data.due),
            # what the screen's tiles say (older versions counted the rows they read)
            "overdue": getattr(data, "overdue", sum(1 for r in data.due if r.overdue)),
            "soon": getattr(data, "soon", sum(1 for r in data.due if not r.overdue)),
            "route": getattr(data, "route_total", stops), "route_shown": stops}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--vault", type=Path, help="a data folder other than bench/out's")
    parser.add_argument("--user", default=USER)
    parser.add_argument("--password", default=PASSWORD)
    parser.add_argument("--worker", default=USER, help="the one case manager measured")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today())
    parser.add_argument("--quick", action="store_true",
                        help=f"a fresh {QUICK_CASES}-case vault, measured twice (a smoke run)")
    args = parser.parse_args()
    if args.quick:
        args.repeat = 2
        with tempfile.TemporaryDirectory() as folder:
            return run(args, ensure_vault(QUICK_CASES, Path(folder)))
    folder = args.vault or vault_dir(args.cases)
    if not (folder / "READY").exists():
        print(f"no bench vault in {folder}: run bench/bench_ui.py once to build it")
        return 1
    return run(args, folder)


BAR_FIRST_S, BAR_AGAIN_S = 0.3, 0.1   # Today for one case manager: first / again


def plain_copy(vault: Any, folder: Path) -> Any:
    """A Store over a plain SQLite copy of the vault (made once, kept in its data folder)."""
    from benchlib.plain import export_plain, plain_store

    from desktop.core import migrations

    path = folder / "plain-copy.db"   # inside the bench's data folder: goes with it
    if path.exists() and _schema(path) != migrations.current_version(vault.store.engine):
        path.unlink()   # made before the vault's last migration: made again
    if not path.exists() or path.stat().st_mtime < (folder / "READY").stat().st_mtime:
        path.unlink(missing_ok=True)
        export_plain(vault, path)
    return plain_store(vault, path)


def _schema(path: Path) -> int:
    import sqlite3

    with sqlite3.connect(path) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


def unlock_parts(args: argparse.Namespace, folder: Path, rounds: int = 2) -> None:
    """The core of unlock to Today's data, part by part (no window): the key derivation
    alone, then the whole of ``open_vault`` (the derivation, with the country profile read
    beside it, and opening the file) and Today's first read on the new connection."""
    from desktop.core.keys import KeyFile
    from desktop.core.vault import open_vault, vault_folder
    from desktop.core.views.today import load_today

    keyfile = KeyFile.load(vault_folder(folder, args.user) / "key.json")
    print(f"Unlock to Today's data, without the window ({keyfile.kdf}), wall / CPU seconds")
    for n in range(1, rounds + 1):
        kdf = timed(lambda: keyfile.unwrap(args.password))
        opened = timed(lambda: open_vault(folder, args.user, args.password))
        vault = opened[2]
        try:
            today = timed(lambda v=vault: load_today(v.store, worker=args.worker,
                                                      today=args.today, day=args.today))
        finally:
            vault.lock()
        # CPU seconds add up where wall seconds on a busy machine do not
        rest = [opened[i] - kdf[i] + today[i] for i in (0, 1)]
        print(f"  round {n}: key derivation alone {kdf[0]:.3f}/{kdf[1]:.3f}; open_vault "
              f"{opened[0]:.3f}/{opened[1]:.3f}; Today's first read {today[0]:.3f}/"
              f"{today[1]:.3f}; all but the derivation {rest[0]:.3f}/{rest[1]:.3f}; load "
              f"average {os.getloadavg()[0]:.2f}")


def run(args: argparse.Namespace, folder: Path) -> int:
    from desktop.core.vault import open_vault

    unlock_parts(args, folder)
    vault = open_vault(folder, args.user, args.password)
    plain = plain_copy(vault, folder)
    try:
        print(f"Today's data on {folder.name} ({args.today.isoformat()}), wall / CPU seconds; "
              f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print(f"  {'view':38} {'first':>13} {'median':>13} {'max':>13}   shown  overdue"
              f"   soon  route (shown)   plain SQLite first / median (wall)")
        for worker, label in ((None, "all case managers"), (args.worker, args.worker)):
            for include_overdue in (False, True):
                figures = measure(vault.store, worker, include_overdue, args.repeat,
                                  args.today)
                base = measure(plain, worker, include_overdue, args.repeat, args.today)
                name = label + (", route with overdue" if include_overdue else "")
                times = " ".join(f"{w:6.3f}/{c:6.3f}" for w, c in
                                 (figures["first"], figures["median"], figures["max"]))
                print(f"  {name:38} {times}  {figures['shown']:6} {figures['overdue']:8} "
                      f"{figures['soon']:6} {figures['route']:6} ({figures['route_shown']})"
                      f"   {base['first'][0]:6.3f} / {base['median'][0]:6.3f}")
                if worker is not None and not include_overdue:
                    print_bars(figures, base)
        print(f"  load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} at the end")
    finally:
        plain.engine.dispose()
        vault.lock()
    return 0


def print_bars(figures: dict[str, Any], base: dict[str, Any]) -> None:
    first, again = figures["first"][0], figures["median"][0]
    print(f"    bar, one case manager: first {first:.3f} s (<= {BAR_FIRST_S} s: "
          f"{'PASS' if first <= BAR_FIRST_S else 'FAIL'}), again {again:.3f} s "
          f"(<= {BAR_AGAIN_S} s: {'PASS' if again <= BAR_AGAIN_S else 'FAIL'}); vault / plain "
          f"SQLite: first x{first / max(base['first'][0], 1e-9):.2f}, "
          f"again x{again / max(base['median'][0], 1e-9):.2f}")


if __name__ == "__main__":
    sys.exit(main())
