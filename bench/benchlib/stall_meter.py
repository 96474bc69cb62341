"""Every time the UI thread did not come back to its event loop within a frame budget.

A heartbeat timer on the UI thread fires every few milliseconds while events are processed;
a gap between two beats longer than the budget is a stall (the UI thread was busy elsewhere:
a handler, a paint, a query run on the wrong thread). A watchdog thread samples the UI thread's
Python stack while a stall lasts, so that each stall is printed with the walk's step and the
innermost function of the program it was in.
"""

from __future__ import annotations

import collections
import os
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer

ROOT = Path(__file__).resolve().parents[2]
PROGRAM_DIRS = tuple(str(ROOT / d) for d in ("desktop", "sync"))
# the UI thread's relay that runs results of the database thread: the callback it runs is shown
RELAY = "op_pool.py"
# what Qt calls for every event while a widget is built or laid out: a sample landing there
# says what Qt was doing (the frames around it), not where the time goes
PASS_THROUGH = ("desktop/ui/app_events.py", "desktop/ui/idle.py", "desktop/ui/lock_keys.py",
                "desktop/ui/keyboard.py")
IO_MODULES = ("/sqlalchemy/", "/sqlcipher3/", "/sqlite3/", "/requests/", "/urllib3/",
              "desktop/core/store.py")
BEAT_MS = 5
IN_EVENT_FILTER = "(an event filter: Qt handing an event to Python while it builds or lays out)"
WATCH_S = 0.01


@dataclass
class Stall:
    seconds: float
    step: str
    cpu: float = 0.0     # the UI thread's own CPU time in it (the rest: waiting for a core)
    where: collections.Counter[str] = field(default_factory=collections.Counter)

    def place(self) -> str:
        return self.where.most_common(1)[0][0] if self.where else "(no Python frame of the program)"


class StallMeter(QObject):
    """Use as a context manager around the walk; set ``step`` as the walk goes on."""

    def __init__(self, budget_ms: float = 50.0) -> None:
        super().__init__()
        self.budget = budget_ms / 1000
        self.step = "start"
        self.stalls: list[Stall] = []
        self._last, self._last_cpu = time.perf_counter(), time.thread_time()
        self._current: Stall | None = None
        self._ui_thread = threading.get_ident()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._timer = QTimer(self, interval=BEAT_MS, timerType=Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._beat)
        self._watchdog = threading.Thread(target=self._watch, name="stall-watchdog", daemon=True)

    def __enter__(self) -> StallMeter:
        self._last, self._last_cpu = time.perf_counter(), time.thread_time()
        self._timer.start()
        self._watchdog.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._timer.stop()
        self._stop.set()
        self._watchdog.join(timeout=2)

    def mark(self, step: str) -> None:
        self.step = step

    def _beat(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        with self._lock:
            gap = now - self._last
            if gap > self.budget:
                stall = self._current or Stall(0.0, self.step)
                stall.seconds, stall.cpu = gap, cpu - self._last_cpu
                self.stalls.append(stall)
            self._current = None
            self._last, self._last_cpu = now, cpu

    def _watch(self) -> None:
        """Sample the UI thread's stack while a beat is late (bounded by the stop event)."""
        while not self._stop.wait(WATCH_S):
            with self._lock:
                late = time.perf_counter() - self._last > self.budget
                if late:
                    if self._current is None:  # the step the walk is in while it stalls
                        self._current = Stall(0.0, self.step)
                    self._current.where[self._sample()] += 1

    def _sample(self) -> str:
        """Where the UI thread is. A sample holds the thread's frames, and the objects they
        hold, for as long as it is read; an event filter's frame holds a widget Qt may still
        be constructing, whose Python wrapper (of a base class's type) PySide would then hand
        out again after the constructor: so such a frame is let go at once, unread."""
        frames = sys._current_frames()
        frame = frames.get(self._ui_thread)
        del frames
        if frame is not None and frame.f_code.co_name == "eventFilter":
            del frame
            return IN_EVENT_FILTER
        return program_frames(frame)

    # -- the figures -------------------------------------------------------------------------
    def longest(self) -> Stall | None:
        return max(self.stalls, key=lambda s: s.seconds, default=None)

    def by_step(self) -> dict[str, list[Stall]]:
        steps: dict[str, list[Stall]] = collections.defaultdict(list)
        for stall in self.stalls:
            steps[stall.step].append(stall)
        return steps

    def report(self, shown: int = 10) -> None:
        longest = self.longest()
        budget_ms = self.budget * 1000
        own = [s for s in self.stalls if s.cpu > self.budget]
        most_cpu = max(self.stalls, key=lambda s: s.cpu, default=None)
        print(f"\nStalls (UI thread away from its event loop > {budget_ms:.0f} ms; bar: none): "
              f"{len(self.stalls)} {'PASS' if not self.stalls else 'FAIL'}"
              + (f", longest {longest.seconds * 1000:.0f} ms in '{longest.step}'"
                 if longest else ""))
        print(f"  of which with more than {budget_ms:.0f} ms of the UI thread's own CPU time "
              f"(the program's work; the rest of a stall is waiting for a core, load "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores): {len(own)} "
              f"{'PASS' if not own else 'FAIL'}"
              + (f", most {most_cpu.cpu * 1000:.0f} ms CPU in '{most_cpu.step}'"
                 if most_cpu else ""))
        for step, stalls in sorted(self.by_step().items(),
                                   key=lambda kv: -max(s.seconds for s in kv[1])):
            worst = max(stalls, key=lambda s: s.seconds)
            print(f"  {step:34} {len(stalls):4} stall(s), longest {worst.seconds * 1000:6.0f} ms"
                  f" (most CPU {max(s.cpu for s in stalls) * 1000:4.0f} ms) at {worst.place()}")
        print("  the longest, and those with the most CPU:")
        longest_first = sorted(self.stalls, key=lambda s: -s.seconds)[:shown]
        by_cpu = [s for s in sorted(own, key=lambda s: -s.cpu) if s not in longest_first]
        for stall in longest_first + by_cpu[:shown]:
            print(f"    {stall.seconds * 1000:7.0f} ms (UI thread CPU {stall.cpu * 1000:4.0f} ms)  "
                  f"{stall.step}: {stall.place()}")


def program_frames(frame) -> str:  # noqa: ANN001 (a frame or None)
    """Where in the program the UI thread is: the outermost frame in desktop/ or sync/ (the
    handler Qt or the walk called) and, when another, the innermost one (what it is doing)."""
    found: list[str] = []
    io = ""
    while frame is not None:
        filename = frame.f_code.co_filename
        if not io and any(part in filename for part in IO_MODULES):
            io = " [DATABASE OR NETWORK ON THE UI THREAD]"
        if (filename.startswith(PROGRAM_DIRS) and not filename.endswith(RELAY)
                and not (found == [] and filename.endswith(PASS_THROUGH))):
            found.append(f"{Path(filename).relative_to(ROOT)}:{frame.f_lineno} "
                         f"{frame.f_code.co_name}")
        frame = frame.f_back
    if not found:
        return "(Qt's own work: layout, paint, events; no code of the program)" + io
    return (found[-1] if len(found) == 1 else f"{found[-1]} ... {found[0]}") + io
