"""The case list's figures in bench_ui.py: first paint, scroll steps, a keystroke in the search.

Each step is timed the way a person sees it: from the event (the click on "Cases", the scroll,
the key pressed) to the end of the first paint of the table that shows the rows it asked for,
read from the database. The time before the event's own handling and the paint are counted
(the placeholders painted while a page is read, the debounce of the search box); a paint is
counted once (no second paint forced by the benchmark); and the events are processed as the
application's loop does, waiting for the next event rather than sleeping between polls.

The click on "Cases" comes half a second after Today's data is shown (CLICK_AFTER_S), as a
person's would: the list built ahead meanwhile, when the app is idle, is counted as the
person sees it; ``case_list_built_ahead`` says whether it was.

The parts of the screen used: the workspace's ``navigate("cases")``, ``screen("cases")`` and
``screens`` (the screens built);
the screen's ``model`` (rowCount, is_loaded, loading, query), ``view`` (a QTableView) and
``search`` (a line edit).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, Qt, QTimer
from PySide6.QtTest import QTest

SCROLL_STEPS = 20
PAGE_STEPS = 40
SEARCH_WORDS = ("Gj", "Gjon", "Ndoja", "Kacaj Dr", "Qelez")
PERSON_S = 0.1    # the least time between a list shown and the next key a person presses
# The least time between Today's data shown and the click on "Cases": a person reads Today and
# moves to the side bar. The app builds the case list ahead when idle meanwhile (whether it
# was, is printed: case_list_built_ahead).
CLICK_AFTER_S = 0.5
Mark = Callable[[str], None]


def show_case_list(window: Any) -> Any:
    window.workspace.navigate("cases")
    return window.workspace.screen("cases")


def visible_rows(screen: Any) -> tuple[int, int]:
    """The first and last rows the case list's table shows."""
    view, rows = screen.view, screen.model.rowCount()
    first, last = view.rowAt(0), view.rowAt(view.viewport().height() - 1)
    return first, last if last >= 0 else rows - 1


def shows_rows(screen: Any) -> bool:
    """Whether every row the table shows now is read (or the list is empty)."""
    model = screen.model
    if model.rowCount() == 0:
        return not model.loading
    first, last = visible_rows(screen)
    return first >= 0 and model.is_loaded(first) and model.is_loaded(last)


class _PaintWatch(QObject):
    """Notes a paint of the table's rows that starts once ``ready()`` holds."""

    def __init__(self, viewport: Any, ready: Callable[[], bool]) -> None:
        super().__init__()
        self.ready, self.painted = ready, False
        self._viewport = viewport
        viewport.installEventFilter(self)

    def eventFilter(self, _obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and not self.painted and self.ready():
            self.painted = True
        return False

    def close(self) -> None:
        self._viewport.removeEventFilter(self)


def until_painted(screen: Any, ready: Callable[[], bool], start: float,
                  timeout_s: float = 120.0) -> float:
    """Process events as the event loop does until a paint of the table that starts when
    ``ready()`` holds has ended; the seconds since ``start``."""
    watch = _PaintWatch(screen.view.viewport(), ready)
    wake = QTimer(interval=2, timerType=Qt.TimerType.PreciseTimer)
    wake.start()       # the condition is looked at again at least this often
    try:
        while not watch.painted:
            if time.perf_counter() - start > timeout_s:
                raise TimeoutError("the case list was not painted")
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            if not watch.painted and ready():
                screen.view.viewport().update()   # no-op when a paint is already due
        return time.perf_counter() - start
    finally:
        wake.stop()
        watch.close()


def settle(screen: Any) -> None:
    """Wait until the list shows what the search box says and reads nothing more, and as
    long again as a person would before the next key (the rows read ahead once the list
    has stopped are read by then)."""
    for _ in range(2):
        start = time.perf_counter()
        until_painted(screen, lambda: screen.model.query.text == screen.search.text().strip()
                      and not screen.model.loading and shows_rows(screen), start)
        pause(PERSON_S)


def pause(seconds: float) -> None:
    """Run Qt's event loop for ``seconds``, as the application's runs while a person looks
    (waiting for events, not polling: a polling loop would take a core from the database
    thread). Not QTest.qWait: it keeps Python's GIL while it waits, and the database thread
    then reads nothing meanwhile (neither the rows read ahead nor a list built ahead)."""
    loop = QEventLoop()
    timer = QTimer(singleShot=True, interval=int(seconds * 1000),
                   timerType=Qt.TimerType.PreciseTimer)
    timer.timeout.connect(loop.quit)
    timer.start()
    loop.exec()


def first_paint(window: Any, mark: Mark) -> dict[str, float]:
    """The click on "Cases" a person's pause after Today's data is shown, to its rows painted."""
    pause(CLICK_AFTER_S)
    mark("case list (first paint)")
    built = "cases" in window.workspace.screens
    start, cpu, ui = time.perf_counter(), time.process_time(), time.thread_time()
    screen = show_case_list(window)
    took = until_painted(screen, lambda: screen.model.rowCount() > 0
                         and screen.model.is_loaded(0), start)
    return {"case_list_first_paint_s": took, "case_list_built_ahead": float(built),
            "case_list_first_paint_cpu_ms": (time.process_time() - cpu) * 1000,
            "case_list_first_paint_ui_cpu_ms": (time.thread_time() - ui) * 1000,
            "case_list_rows": float(screen.model.rowCount())}


def _steps(screen: Any, moves: list[Callable[[], None]]
           ) -> tuple[list[float], list[float], list[float]]:
    """Each move timed to its painted rows: the waits (sorted), the process's CPU time and the
    UI thread's own (what a step costs the UI thread, whatever the machine's load)."""
    waits, cpus, uis = [], [], []
    for move in moves:
        start, cpu, ui = time.perf_counter(), time.process_time(), time.thread_time()
        move()
        waits.append(until_painted(screen, lambda: shows_rows(screen), start))
        cpus.append(time.process_time() - cpu)
        uis.append(time.thread_time() - ui)
    return sorted(waits), cpus, uis


def scroll(window: Any, mark: Mark) -> dict[str, float]:
    """Drag the scroll bar from the first row to the last in SCROLL_STEPS jumps (each shows
    rows never read: a read per step), then page down PAGE_STEPS times (Page Down: the rows
    below, which the model reads ahead), each step to the painted rows."""
    mark("case list scroll")
    screen = show_case_list(window)
    settle(screen)
    bar = screen.view.verticalScrollBar()
    begin = time.perf_counter()
    waits, cpus, uis = _steps(screen, [lambda s=s: bar.setValue(bar.maximum() * s // SCROLL_STEPS)
                                       for s in range(1, SCROLL_STEPS + 1)])
    total = time.perf_counter() - begin
    mark("case list jump to the top")
    start = time.perf_counter()
    bar.setValue(0)
    jump = until_painted(screen, lambda: shows_rows(screen), start)
    mark("case list page down")
    settle(screen)
    screen.view.setFocus()
    pages, _, page_uis = _steps(screen, [lambda: QTest.keyClick(screen.view, Qt.Key.Key_PageDown)
                                         for _ in range(PAGE_STEPS)])
    bar.setValue(0)
    settle(screen)
    return {f"scroll_{SCROLL_STEPS}_steps_s": total,
            "scroll_step_p50_ms": statistics.median(waits) * 1000,
            "scroll_step_max_ms": waits[-1] * 1000,
            "scroll_step_cpu_p50_ms": statistics.median(cpus) * 1000,
            "scroll_step_ui_cpu_p50_ms": statistics.median(uis) * 1000,
            "jump_to_top_ms": jump * 1000,
            "page_down_p50_ms": statistics.median(pages) * 1000,
            "page_down_max_ms": pages[-1] * 1000,
            "page_down_ui_cpu_p50_ms": statistics.median(page_uis) * 1000}


def search(window: Any, mark: Mark) -> dict[str, float]:
    """For each word: the word but its last letter typed and its list shown, then the last
    key pressed, timed to the painted list of the word (the search box's pause included)."""
    screen = show_case_list(window)
    results, cpus, uis = [], [], []
    for word in SEARCH_WORDS:
        mark("case list search (typing)")
        screen.search.clear()
        settle(screen)
        screen.search.setText(word[:-1])
        settle(screen)
        mark(f"case list search '{word}'")
        previous = screen.model.query
        start, cpu, ui = time.perf_counter(), time.process_time(), time.thread_time()
        QTest.keyClick(screen.search, word[-1])
        results.append(until_painted(screen, lambda p=previous: screen.model.query != p
                                     and shows_rows(screen), start))
        cpus.append(time.process_time() - cpu)
        uis.append(time.thread_time() - ui)
    mark("case list search (clearing)")
    screen.search.clear()
    settle(screen)
    results.sort()
    return {"search_to_list_p50_ms": statistics.median(results) * 1000,
            "search_to_list_max_ms": results[-1] * 1000,
            "search_cpu_p50_ms": statistics.median(cpus) * 1000,
            "search_ui_cpu_p50_ms": statistics.median(uis) * 1000}
