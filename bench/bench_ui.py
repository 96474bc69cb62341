"""Desktop responsiveness on a 100,000-case vault (offscreen), printed as figures.

    .venv/bin/python bench/bench_ui.py [--cases 100000] [--quick]

Measures, on a SQLCipher vault built once with ``add_demo_data`` and cached under
``bench/out/`` (about 184,000 synthetic persons for 100,000 cases; building it takes a while):

* unlock to a usable main window (password typed → Today shown with its data);
* the case list's first paint, a scroll from the first row to the last in 20 jumps, Page Down
  40 times, and a search keystroke to the updated list (the search box's pause included), each
  from the event to the end of the paint showing the rows read (``benchlib/list_steps.py``);
* a case and each of its tabs, a form, a print preview and a report;
* stalls: every time the UI thread did not come back to its event loop within 50 ms during the
  walk, counted, with the longest, the step of the walk and where in the program it was
  (``benchlib/stall_meter.py``);
* resident memory after unlock, Today, the scrolled case list, a report, and after the walk
  repeated for ``--minutes`` (30 by default), with the growth in percent, after each round,
  and where it is: SQLite's heap (the page caches), the C allocator's, mapped files
  (``benchlib/memory.py``). ``bench_cache.py`` compares page cache sizes.

``--only list --minutes 0``: after unlock, the case list alone (first paint, scroll, search),
then its database-thread reads timed on the vault and on a plain SQLite copy, interleaved
(``benchlib/list_queries.py``, and a page read at places through the long lists:
``benchlib/list_offsets.py``; the copy is made once in the vault's folder, as bench_today does).

``--quick`` does the same on a fresh vault of 300 cases in a temporary folder, the walk
repeated for a few seconds: a check that it still runs. ``--vault DIR`` keeps the big vault
elsewhere than bench/out/. What the benchmark reads of the screens is gathered under "The screens' parts
this benchmark uses", so that a change to the screens is followed in one place.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchlib import list_steps, walk  # noqa: E402
from benchlib.list_steps import show_case_list  # noqa: E402
from benchlib.memory import LeakProbe, MemoryLog, held_mb  # noqa: E402
from benchlib.stall_meter import StallMeter, run_until  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

USER, PASSWORD = "bench", "bench-password"
PERSONS_PER_CASE = 1.84
WORKERS = (USER, "arta", "besnik", "drita")
QUICK_CASES = 300
QUICK_MINUTES = 0.1
MEMORY_BAR_MB, GROWTH_BAR_PERCENT = 300, 10
Mark = Callable[[str], None]


def vault_dir(cases: int) -> Path:
    return ROOT / "bench" / "out" / f"vault-{cases // 1000}k"


def ensure_vault(cases: int, folder: Path | None = None) -> Path:
    """The bench vault in ``folder`` (by default the cached one under bench/out/), built the
    first time (progress on standard error)."""
    from desktop.core.demo import add_demo_data
    from desktop.core.vault import create_vault, wipe_vault

    folder = folder or vault_dir(cases)
    if (folder / "READY").exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    wipe_vault(folder, USER)
    vault = create_vault(folder, USER, PASSWORD)
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        print(f"\rbuilding the bench vault: {done:,}/{total:,} persons "
              f"({time.perf_counter() - started:.0f} s)", end="", file=sys.stderr)

    add_demo_data(vault.store, int(cases * PERSONS_PER_CASE), batch=5000, workers=WORKERS,
                  progress=progress)
    print(file=sys.stderr)
    vault.lock()
    (folder / "READY").write_text("1\n")
    return folder


def pump_until(condition: Callable[[], bool], timeout_s: float = 600.0) -> float:
    """Run the event loop until ``condition``; returns the seconds it took. A real
    QEventLoop, as the application's: it also deletes what was given to deleteLater (a
    closed form's ~400 widgets, 9 MB, each time), which ``processEvents`` outside a running
    loop never does; and the stall meter measures the time away from that loop."""
    return run_until(condition, timeout_s)


# -- The screens' parts this benchmark uses -----------------------------------------------------
# MainWindow(data folder, Settings), .unlock_screen (select_user, password, submit), .workspace
# (navigate, screen), .shutdown(); the Today screen's loaded data; the case list's parts are
# named in benchlib/list_steps.py.

def open_window(folder: Path):  # noqa: ANN201 (MainWindow, imported late: Qt app first)
    from desktop.core.settings import MAX_IDLE_MINUTES, Settings
    from desktop.ui.main_window import MainWindow
    from desktop.ui.warm_up import warm_up_done

    # the walk sends no keys or clicks: with the default 5 idle minutes the vault locks
    # during a longer repeated walk, and the walk then waits for ever
    window = MainWindow(folder, Settings(language="sq", idle_lock_minutes=MAX_IDLE_MINUTES))
    window.resize(1366, 768)
    window.show()
    # What an unlock needs is imported once the unlock window is painted, while a person
    # types the password; the password is typed here at once, so that import is awaited.
    pump_until(warm_up_done, timeout_s=120)
    return window


def close_window(window) -> None:  # noqa: ANN001
    window.shutdown()
    window.close()


def type_password(window, user: str, password: str) -> None:  # noqa: ANN001
    screen = window.unlock_screen
    screen.select_user(user)
    screen.password.setText(password)
    screen.submit()


def workspace_shown(window) -> bool:  # noqa: ANN001
    return window.workspace is not None


def today_has_data(window) -> bool:  # noqa: ANN001
    return window.workspace.screen("today")._data is not None


# -- the measures --------------------------------------------------------------------------------

def no_mark(_step: str) -> None:
    """What a measure calls to say what it is doing, when no stall meter listens."""


def measure(folder: Path, minutes: float = 0.0, min_rounds: int = 1, only: str = "",
            probe: LeakProbe | None = None) -> tuple[dict[str, float], StallMeter, MemoryLog]:
    """The figures of one walk through the screens (and of ``minutes`` of it repeated), with
    the stalls of the UI thread and the resident memory along the way. ``only="unlock"``
    stops after the unlock; ``only="list"``: the case list alone after unlock (first paint,
    scroll, search)."""
    figures: dict[str, float] = {}
    meter, memory = StallMeter(), MemoryLog()
    window = open_window(folder)
    memory.note("unlock window shown")
    try:
        with meter:
            figures |= _unlock(window, meter.mark, memory)
            if only == "unlock":
                return figures, meter, memory
            figures |= _case_list(window, meter.mark)
            figures |= _scroll(window, meter.mark)
            memory.note("after scrolling the whole case list")
            figures |= _search(window, meter.mark)
            if only == "list":
                return figures, meter, memory
            case_id = first_case(window)
            figures |= _case_walk(window, case_id, meter.mark)
            figures |= _report(window, meter.mark)
            memory.note("after a report")
            figures |= _repeat(window, case_id, meter.mark, memory, minutes, min_rounds, probe)
    finally:
        close_window(window)
    return figures, meter, memory


def _unlock(window, mark: Mark = no_mark, memory: MemoryLog | None = None  # noqa: ANN001
            ) -> dict[str, float]:
    mark("unlock (password to the window)")
    start = time.perf_counter()
    type_password(window, USER, PASSWORD)
    pump_until(lambda: workspace_shown(window))
    shown = time.perf_counter() - start
    mark("Today (its data read)")
    if memory is not None:
        memory.note("after unlock")
    pump_until(lambda: today_has_data(window))
    figures = {"unlock_to_window_s": shown,
               "unlock_to_today_data_s": time.perf_counter() - start}
    if memory is not None:
        memory.note("after Today")
    return figures


def key_derivation_s(folder: Path) -> float:
    """Argon2id alone, as unlocking runs it (what bounds unlock to Today's data), measured
    in the same run."""
    from desktop.core.keys import KeyFile
    from desktop.core.vault import vault_folder

    keyfile = KeyFile.load(vault_folder(folder, USER) / "key.json")
    start = time.perf_counter()
    keyfile.unwrap(PASSWORD)
    return time.perf_counter() - start


def _case_list(window, mark: Mark = no_mark) -> dict[str, float]:  # noqa: ANN001
    return list_steps.first_paint(window, mark)


def _scroll(window, mark: Mark = no_mark) -> dict[str, float]:  # noqa: ANN001
    return list_steps.scroll(window, mark)


def _search(window, mark: Mark = no_mark) -> dict[str, float]:  # noqa: ANN001
    return list_steps.search(window, mark)


def first_case(window) -> str:  # noqa: ANN001
    """The id of the case on the case list's first row."""
    screen = show_case_list(window)
    pump_until(lambda: screen.model.is_loaded(0))
    case_id = screen.model.record_id(0)
    assert case_id is not None
    return case_id


def _case_walk(window, case_id: str, mark: Mark = no_mark) -> dict[str, float]:  # noqa: ANN001
    start = time.perf_counter()
    view = walk.open_case(window, case_id, pump_until, mark)
    tabs = time.perf_counter()
    walk.open_form(window, view, case_id, pump_until, mark)
    form = time.perf_counter()
    pages = walk.print_preview(window, view, case_id, pump_until, mark)
    return {"case_and_its_tabs_s": tabs - start, "form_open_and_close_s": form - tabs,
            "print_preview_s": time.perf_counter() - form, "print_preview_pages": pages}


def _report(window, mark: Mark = no_mark, again: bool = False) -> dict[str, float]:  # noqa: ANN001
    start = time.perf_counter()
    walk.report(window, pump_until, mark, again)
    return {("report_again_s" if again else "first_report_s"): time.perf_counter() - start}


def _repeat(window, case_id: str, mark: Mark, memory: MemoryLog,  # noqa: ANN001
            minutes: float, min_rounds: int, probe: LeakProbe | None = None
            ) -> dict[str, float]:
    """The walk again and again for ``minutes`` (at least ``min_rounds`` times; bounded)."""
    start, rounds = time.perf_counter(), 0
    while rounds < min_rounds or time.perf_counter() - start < minutes * 60:
        rounds += 1
        _case_list(window, mark)
        _scroll(window, mark)
        _search(window, mark)
        _case_walk(window, case_id, mark)
        _report(window, mark, again=True)
        memory.note_round()
        if probe is not None:
            probe.note_round(rounds)
        if rounds >= 10_000:
            break
    took = time.perf_counter() - start
    if probe is not None:
        probe.report(rounds)
    memory.note(f"after the walk repeated {rounds}x ({took / 60:.1f} min)")
    return {"walk_repeated_rounds": float(rounds), "walk_repeated_min": took / 60}


def forget_statistics(folder: Path) -> None:
    """Statistics from an earlier ANALYZE would change the plans a shipped vault gets."""
    from desktop.core.vault import open_vault

    vault = open_vault(folder, USER, PASSWORD)
    with vault.store.transaction() as conn:
        if conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'"
                                ).fetchone():
            conn.exec_driver_sql("DROP TABLE sqlite_stat1")
    vault.lock()


# The bars of the issue "every interaction within a frame at 100,000 cases".
BARS = {"unlock_to_today_data_s": 0.5, "case_list_first_paint_s": 0.1,
        "search_to_list_p50_ms": 30.0, "search_to_list_max_ms": 50.0,
        "scroll_step_p50_ms": 16.0, "scroll_step_max_ms": 33.0}


def report(title: str, figures: dict[str, float]) -> None:
    print(f"\n{title}")
    for key, value in figures.items():
        line = f"  {key:34} {value:10.2f}" if value < 1e5 else f"  {key:34} {value:10.0f}"
        if key in BARS:
            line += f"   bar {BARS[key]:g}: {'PASS' if value <= BARS[key] else 'FAIL'}"
        print(line)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--vault", type=Path, help="a data folder other than bench/out's")
    parser.add_argument("--minutes", type=float, default=None,
                        help="how long the walk is repeated for the memory figure "
                             f"(default 30; {QUICK_MINUTES} with --quick)")
    parser.add_argument("--quick", action="store_true",
                        help=f"{QUICK_CASES} cases in a fresh temporary vault (a smoke run)")
    parser.add_argument("--only", choices=("unlock", "list"), default="",
                        help="unlock: stop after password to Today's data; list: after "
                             "unlock, the case list alone (first paint, scroll, search), and "
                             "its reads on a plain SQLite copy")
    parser.add_argument("--rounds", type=int, default=0,
                        help="repeat the walk this many times (instead of --minutes)")
    parser.add_argument("--leak-probe", type=int, default=0, metavar="ROUND",
                        help="trace Python's allocations and count objects and widgets, "
                             "compared between this round and the last (slows the walk)")
    parser.add_argument("--click-after", type=float, default=list_steps.CLICK_AFTER_S,
                        metavar="SECONDS",
                        help="the pause between Today's data shown and the click on Cases "
                             f"(default {list_steps.CLICK_AFTER_S}; 0: at once, before the "
                             "list is built ahead)")
    args = parser.parse_args()
    list_steps.CLICK_AFTER_S = args.click_after
    probe = LeakProbe(args.leak_probe) if args.leak_probe else None
    if args.rounds:
        args.minutes = 0.0
    if args.quick:
        minutes = QUICK_MINUTES if args.minutes is None else args.minutes
        with tempfile.TemporaryDirectory() as folder:
            return run(QUICK_CASES, ensure_vault(QUICK_CASES, Path(folder)), minutes, args.only,
                       args.rounds, probe)
    minutes = 30.0 if args.minutes is None else args.minutes
    return run(args.cases, ensure_vault(args.cases, args.vault), minutes, args.only,
               args.rounds, probe)


def compare_list_reads(folder: Path) -> None:
    """The case list's database-thread reads on the vault and on a plain SQLite copy."""
    from bench_today import plain_copy
    from benchlib import list_offsets
    from benchlib.list_queries import compare

    from desktop.core.vault import open_vault

    vault = open_vault(folder, USER, PASSWORD)
    plain = plain_copy(vault, folder)
    try:
        print(f"\nThe case list's reads, vault and plain SQLite copy ({load_text()})")
        print("\n".join(compare(vault.store, plain)))
        print(f"\nA page read through the long lists, vault and plain SQLite copy "
              f"({load_text()})")
        print("\n".join(list_offsets.compare(vault.store, plain)))
    finally:
        plain.engine.dispose()
        vault.lock()


def qt_floor(rows: int) -> None:
    """The list's figures beside Qt's own work on a table of as many rows, no database."""
    from benchlib.bare_table import floor

    figures = floor(rows)
    print(f"\nQt's own floor: the same table view over {rows:,} constant rows, no database "
          f"({load_text()})")
    for key, value in figures.items():
        print(f"  {key:34} {value:10.2f}")


def load_text() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def run(cases: int, folder: Path, minutes: float, only: str = "", rounds: int = 0,
        probe: LeakProbe | None = None) -> int:
    from desktop.core.i18n import set_language
    from desktop.ui.app import make_application
    from desktop.ui.ops import wait_for_background

    set_language("sq")
    app = make_application()
    forget_statistics(folder)
    print(f"{os.cpu_count()} cores, {load_text()} at the start")
    cpu, wall = time.process_time(), time.perf_counter()
    min_rounds = rounds or (2 if minutes < 1 else 1)
    figures, meter, memory = measure(folder, minutes, min_rounds, only, probe)
    # after the walk, outside the stall meter: it runs on this (the UI) thread
    figures["key_derivation_alone_s"] = key_derivation_s(folder)
    report(f"{cases:,} cases, schema as shipped", figures)
    meter.report()
    compare_list_reads(folder)
    if "case_list_rows" in figures:
        qt_floor(int(figures["case_list_rows"]))
    memory.report(MEMORY_BAR_MB, "after a report", memory.points[-1][0] if memory.points
                  else "", GROWTH_BAR_PERCENT)
    print(f"  of which the benchmark's own stall records ({len(meter.stalls)}): "
          f"{held_mb(meter.stalls):.1f} MB")
    print(f"\n{load_text()} at the end; this process: {time.process_time() - cpu:.1f} s CPU "
          f"in {time.perf_counter() - wall:.1f} s")
    wait_for_background()
    QApplication.processEvents()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
