"""Desktop responsiveness on a 100,000-case vault (offscreen), printed as figures.

    .venv/bin/python bench/bench_ui.py [--cases 100000]

Measures, on a SQLCipher vault built once with ``add_demo_data`` and cached under
``bench/out/`` (about 184,000 synthetic persons for 100,000 cases; building it takes a while):

* unlock to a usable main window (password typed → Today shown with its data);
* the case list's first paint, and a scroll from the first row to the last in 20 jumps;
* a search keystroke to the updated list (with and without the 150 ms typing pause).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

USER, PASSWORD = "bench", "bench-password"
PERSONS_PER_CASE = 1.84
WORKERS = (USER, "arta", "besnik", "drita")
def vault_dir(cases: int) -> Path:
    return ROOT / "bench" / "out" / f"vault-{cases // 1000}k"


def ensure_vault(cases: int) -> Path:
    """The cached bench vault, built the first time (progress on standard error)."""
    from desktop.core.demo import add_demo_data
    from desktop.core.vault import create_vault, wipe_vault

    folder = vault_dir(cases)
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
    """Process events until ``condition``; returns the seconds it took."""
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > timeout_s:
            raise TimeoutError("timed out")
        QCoreApplication.processEvents()
        time.sleep(0.001)
    return time.perf_counter() - start


def measure(folder: Path) -> dict[str, float]:
    from desktop.core.settings import Settings
    from desktop.ui.main_window import MainWindow

    figures: dict[str, float] = {}
    window = MainWindow(folder, Settings(language="sq"))
    window.resize(1366, 768)
    window.show()
    try:
        figures |= _unlock(window)
        figures |= _case_list(window)
        figures |= _scroll(window)
        figures |= _search(window)
    finally:
        window.shutdown()
        window.close()
    return figures


def _unlock(window) -> dict[str, float]:  # noqa: ANN001 (MainWindow)
    screen = window.unlock_screen
    screen.select_user(USER)
    screen.password.setText(PASSWORD)
    start = time.perf_counter()
    screen.submit()
    pump_until(lambda: window.workspace is not None)
    shown = time.perf_counter() - start
    today = window.workspace.screen("today")
    pump_until(lambda: today._data is not None)
    return {"unlock_to_window_s": shown, "unlock_to_today_data_s": time.perf_counter() - start}


def _case_list(window) -> dict[str, float]:  # noqa: ANN001
    start = time.perf_counter()
    window.workspace.navigate("cases")
    screen = window.workspace.screen("cases")
    pump_until(lambda: screen.model.rowCount() > 0)
    counted = time.perf_counter() - start
    pump_until(lambda: screen.model.is_loaded(0))
    QCoreApplication.processEvents()
    screen.view.viewport().repaint()
    return {"case_list_count_s": counted, "case_list_first_paint_s": time.perf_counter() - start,
            "case_list_rows": float(screen.model.rowCount())}


SCROLL_STEPS = 20


def _scroll(window) -> dict[str, float]:  # noqa: ANN001
    """Scroll from the first row to the last in SCROLL_STEPS jumps; each jump waits until
    the rows it shows are read."""
    screen = window.workspace.screen("cases")
    bar = screen.view.verticalScrollBar()
    steps = SCROLL_STEPS
    waits = []
    start = time.perf_counter()
    for step in range(1, steps + 1):
        bar.setValue(bar.maximum() * step // steps)
        QCoreApplication.processEvents()
        first, last = screen._visible_rows()
        t0 = time.perf_counter()
        pump_until(lambda f=first, la=last: screen.model.is_loaded(f)
                   and screen.model.is_loaded(la))
        screen.view.viewport().repaint()
        waits.append(time.perf_counter() - t0)
    total = time.perf_counter() - start
    drag = time.perf_counter()
    bar.setValue(0)
    QCoreApplication.processEvents()
    pump_until(lambda: screen.model.is_loaded(0))
    jump = time.perf_counter() - drag
    waits.sort()
    return {f"scroll_{steps}_steps_s": total,
            "scroll_step_p50_ms": statistics.median(waits) * 1000,
            "scroll_step_max_ms": waits[-1] * 1000,
            "jump_to_top_ms": jump * 1000}


def _search(window) -> dict[str, float]:  # noqa: ANN001
    screen = window.workspace.screen("cases")
    results = []
    for word in ("Gj", "Gjon", "Ndoja", "Kacaj Dr", "Qelez"):
        screen.search.clear()
        pump_until(lambda: not screen.model.loading)
        previous = screen.model.query
        screen.search.setText(word)
        t0 = time.perf_counter()
        screen.search.flush()      # the pause after typing is measured apart below
        pump_until(lambda p=previous: screen.model.query != p and not screen.model.loading
                   and (screen.model.rowCount() == 0 or screen.model.is_loaded(0)))
        results.append(time.perf_counter() - t0)
    screen.search.clear()
    results.sort()
    median = statistics.median(results) * 1000
    return {"search_to_list_p50_ms": median, "search_to_list_max_ms": results[-1] * 1000,
            "search_with_typing_pause_p50_ms": median + 150}


def forget_statistics(folder: Path) -> None:
    """Statistics from an earlier ANALYZE would change the plans a shipped vault gets."""
    from desktop.core.vault import open_vault

    vault = open_vault(folder, USER, PASSWORD)
    with vault.store.transaction() as conn:
        if conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'"
                                ).fetchone():
            conn.exec_driver_sql("DROP TABLE sqlite_stat1")
    vault.lock()


def report(title: str, figures: dict[str, float]) -> None:
    print(f"\n{title}")
    for key, value in figures.items():
        print(f"  {key:34} {value:10.2f}" if value < 1e5 else f"  {key:34} {value:10.0f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=100_000)
    args = parser.parse_args()
    from desktop.core.i18n import set_language
    from desktop.ui.app import make_application
    from desktop.ui.tasks import wait_for_background

    set_language("sq")
    folder = ensure_vault(args.cases)
    app = make_application()
    forget_statistics(folder)
    report(f"{args.cases:,} cases, schema as shipped", measure(folder))
    wait_for_background()
    QApplication.processEvents()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
