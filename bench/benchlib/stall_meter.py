"""Every time the UI thread did not come back to its event loop within a frame budget.

A heartbeat timer on the UI thread fires every few milliseconds while events are processed;
a gap between two beats longer than the budget is a stall (the UI thread was busy elsewhere:
a handler, a paint, a query run on the wrong thread). A watchdog thread samples the UI thread's
Python stack while a stall lasts, so that each stall is printed with the walk's step and the
innermost function of the program it was in.

A stall's time is split, from the kernel's account of the UI thread (/proc schedstat), into
its own CPU time, the time it waited for a core (the machine's load) and the time it was
blocked (neither running nor runnable: the GIL held by another thread of the program, a lock,
a sleep). Only the waiting for a core is the machine's doing; CPU and blocked time are the
program's. ``KUJDES_STALL_PROFILE=1`` profiles the UI thread between beats (cProfile) and
prints, for each stall with the most CPU, the calls it spent its time in (the figures then
include cProfile's cost). Python's garbage collections are timed too (``gc.callbacks``): a
stall says how much of it was a collection, of which generation, and on which thread (one on
another thread holds the GIL the UI thread waits for).

The walk waits on a real event loop (:func:`run_until`): a QEventLoop runs, as the
application's does, and only a 1 ms timer checks whether what the walk waits for is there.
"""

from __future__ import annotations

import collections
import cProfile
import gc
import io
import os
import pstats
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer

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
PROFILE = os.environ.get("KUJDES_STALL_PROFILE", "") not in ("", "0")
PROFILED_SHOWN = 12   # stalls whose profile is printed (the most CPU first)


def run_until(condition: Callable[[], bool], timeout_s: float = 600.0) -> float:
    """Run an event loop until ``condition`` holds; the seconds it took. The loop is Qt's own
    (it dispatches, paints and deletes what was given to deleteLater as the application's
    does); a 1 ms timer checks the condition from it and ends it."""
    start = time.perf_counter()
    if condition():
        return 0.0
    loop = QEventLoop()
    outcome: list[BaseException | None] = []

    def check() -> None:
        try:
            if condition():
                outcome.append(None)
            elif time.perf_counter() - start > timeout_s:
                outcome.append(TimeoutError("timed out"))
        except Exception as exc:  # noqa: BLE001 (raised again after the loop)
            outcome.append(exc)
        if outcome:
            loop.quit()

    timer = QTimer(interval=1, timerType=Qt.TimerType.PreciseTimer)
    timer.timeout.connect(check)
    timer.start()
    loop.exec()
    timer.stop()
    if outcome and outcome[0] is not None:
        raise outcome[0]
    return time.perf_counter() - start


def threads_waiting() -> dict[int, float]:
    """Each thread of this process: the seconds it has waited for a core so far."""
    waited = {}
    for task in os.listdir("/proc/self/task"):
        waited[int(task)] = thread_schedule(int(task))[1]
    return waited


def kernel_wait(tid: int) -> str:
    """Where in the kernel thread ``tid`` waits now ("" when it runs, or is not told)."""
    try:
        with open(f"/proc/self/task/{tid}/wchan") as wchan:
            place = wchan.read().strip()
    except OSError:
        return ""
    return "" if place in ("", "0") else place


def thread_schedule(tid: int) -> tuple[float, float]:
    """The seconds thread ``tid`` ran on a core and waited for one, so far (0, 0 where the
    kernel does not say)."""
    try:
        with open(f"/proc/self/task/{tid}/schedstat") as stat:
            on_cpu, waiting, _slices = stat.read().split()
        return int(on_cpu) / 1e9, int(waiting) / 1e9
    except (OSError, ValueError):
        return 0.0, 0.0


@dataclass
class Stall:
    seconds: float
    step: str
    cpu: float = 0.0       # the UI thread's own CPU time in it
    runnable: float = 0.0  # the time it waited for a core (the machine's load)
    where: collections.Counter[str] = field(default_factory=collections.Counter)
    # where the kernel had the UI thread wait, sampled while the stall lasted (its wchan:
    # futex_wait_queue for a lock or the GIL, a page fault's I/O, ...)
    waits: collections.Counter[str] = field(default_factory=collections.Counter)
    profile: cProfile.Profile | None = None
    ended: float = 0.0     # time.perf_counter() when it ended
    # the time the program's other threads waited for a core meanwhile (about: from up to
    # 50 ms before): one of them may have held the GIL the UI thread was blocked on
    others_waiting: float = 0.0
    collected: Collections | None = None

    @property
    def blocked(self) -> float:
        """Neither running nor waiting for a core: the GIL, a lock, a sleep."""
        return max(self.seconds - self.cpu - self.runnable, 0.0)

    def place(self) -> str:
        return self.where.most_common(1)[0][0] if self.where else "(no Python frame of the program)"

    def split(self) -> str:
        return (f"CPU {self.cpu * 1000:4.0f}, waiting for a core {self.runnable * 1000:4.0f}, "
                f"blocked {self.blocked * 1000:4.0f} ms; other threads waiting for a core "
                f"{self.others_waiting * 1000:4.0f} ms"
                + (f"; {self.collected}" if self.collected else "")
                + ("; waiting in the kernel at " + ", ".join(
                    f"{place} ({n})" for place, n in self.waits.most_common(3))
                   if self.waits else ""))


@dataclass
class Collections:
    """Python's garbage collections within a stall."""
    on_ui: float = 0.0      # seconds, on the UI thread
    elsewhere: float = 0.0  # seconds, on another thread (holding the GIL)
    generation: int = -1    # the oldest collected

    def __bool__(self) -> bool:
        return self.generation >= 0

    def __str__(self) -> str:
        return (f"garbage collection {self.on_ui * 1000:.0f} ms on the UI thread, "
                f"{self.elsewhere * 1000:.0f} ms elsewhere (generation {self.generation})")


class CollectionClock:
    """The start, end, generation and thread of Python's recent garbage collections."""

    KEPT = 512

    def __init__(self) -> None:
        self.done: collections.deque[tuple[float, float, int, int]] = collections.deque(
            maxlen=self.KEPT)
        self.full: list[tuple[float, bool]] = []   # every full collection: seconds, on UI
        self._started: dict[int, float] = {}
        self._ui = threading.get_ident()

    def __enter__(self) -> CollectionClock:
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._callback in gc.callbacks:
            gc.callbacks.remove(self._callback)

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        thread, now = threading.get_ident(), time.perf_counter()
        if phase == "start":
            self._started[thread] = now
            return
        began = self._started.pop(thread, now)
        self.done.append((began, now, info.get("generation", 0), thread))
        if info.get("generation") == 2:
            self.full.append((now - began, thread == self._ui))

    def within(self, start: float, end: float) -> Collections:
        found = Collections()
        for began, ended, generation, thread in list(self.done):
            overlap = min(ended, end) - max(began, start)
            if overlap <= 0:
                continue
            if thread == self._ui:
                found.on_ui += overlap
            else:
                found.elsewhere += overlap
            found.generation = max(found.generation, generation)
        return found

    def summary(self) -> str:
        on_ui = [s for s, ui in self.full if ui]
        elsewhere = [s for s, ui in self.full if not ui]
        return (f"full garbage collections: {len(on_ui)} on the UI thread (longest "
                f"{max(on_ui, default=0) * 1000:.0f} ms), {len(elsewhere)} on other threads "
                f"(longest {max(elsewhere, default=0) * 1000:.0f} ms)")


class StallMeter(QObject):
    """Use as a context manager around the walk; set ``step`` as the walk goes on."""

    def __init__(self, budget_ms: float = 50.0) -> None:
        super().__init__()
        self.budget = budget_ms / 1000
        self.step = "start"
        self.stalls: list[Stall] = []
        # per step, the longest time between two beats less the time waiting for a core
        # (what the turn would take on a quiet machine), over every turn, stall or not
        self.own_longest: dict[str, float] = {}
        self.cpu_longest: dict[str, float] = {}   # and the most CPU time of one turn
        self._last, self._last_cpu = time.perf_counter(), time.thread_time()
        self._native = threading.get_native_id()
        self._last_runnable = thread_schedule(self._native)[1]
        self._current: Stall | None = None
        self._ui_thread = threading.get_ident()
        self._profile: cProfile.Profile | None = None
        self._waiting_before: dict[int, float] = threads_waiting()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._timer = QTimer(self, interval=BEAT_MS, timerType=Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._beat)
        self._watchdog = threading.Thread(target=self._watch, name="stall-watchdog", daemon=True)
        self.collections = CollectionClock()

    def __enter__(self) -> StallMeter:
        self._last, self._last_cpu = time.perf_counter(), time.thread_time()
        self._last_runnable = thread_schedule(self._native)[1]
        self._timer.start()
        self._watchdog.start()
        self.collections.__enter__()
        self._profile_next()
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._profile is not None:
            self._profile.disable()
            self._profile = None
        self._timer.stop()
        self.collections.__exit__()
        self._stop.set()
        self._watchdog.join(timeout=2)

    def mark(self, step: str) -> None:
        self.step = step

    def _beat(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        runnable = thread_schedule(self._native)[1]
        profile = self._profile
        if profile is not None:
            profile.disable()
        with self._lock:
            gap = now - self._last
            own = gap - min(runnable - self._last_runnable, gap)
            if own > self.own_longest.get(self.step, 0.0):
                self.own_longest[self.step] = own
            if cpu - self._last_cpu > self.cpu_longest.get(self.step, 0.0):
                self.cpu_longest[self.step] = cpu - self._last_cpu
            if gap > self.budget:
                stall = self._current or Stall(0.0, self.step)
                stall.seconds, stall.cpu = gap, cpu - self._last_cpu
                stall.runnable = min(runnable - self._last_runnable, gap)
                stall.ended = now
                stall.others_waiting = self._others_waiting(gap)
                stall.profile = profile
                stall.collected = self.collections.within(self._last, now)
                self.stalls.append(stall)
            self._current = None
            self._last, self._last_cpu, self._last_runnable = now, cpu, runnable
        self._profile_next()

    def _profile_next(self) -> None:
        """With KUJDES_STALL_PROFILE: a fresh profile of the UI thread until the next beat."""
        if PROFILE and self._timer.isActive():
            self._profile = cProfile.Profile()
            self._profile.enable()

    def _others_waiting(self, gap: float) -> float:
        now, before = threads_waiting(), self._waiting_before
        return min(sum(max(now[tid] - before.get(tid, now[tid]), 0.0)
                       for tid in now if tid != self._native), gap)

    def _watch(self) -> None:
        """Sample the UI thread's stack while a beat is late (bounded by the stop event);
        every few wakes, note how long each thread has waited for a core so far."""
        wakes = 0
        while not self._stop.wait(WATCH_S):
            wakes += 1
            if wakes % 5 == 0 and time.perf_counter() - self._last <= self.budget:
                self._waiting_before = threads_waiting()
            with self._lock:
                late = time.perf_counter() - self._last > self.budget
                if late:
                    if self._current is None:  # the step the walk is in while it stalls
                        self._current = Stall(0.0, self.step)
                    self._current.where[self._sample()] += 1
                    wait = kernel_wait(self._native)
                    if wait:
                        self._current.waits[wait] += 1

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
        ours = [s for s in self.stalls if s.seconds - s.runnable > self.budget]
        surely = [s for s in ours
                  if s.seconds - s.runnable - min(s.blocked, s.others_waiting) > self.budget]
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
        print(f"  of which longer than {budget_ms:.0f} ms without the time waiting for a core "
              f"(CPU and blocked: what a quiet machine would show at most): {len(ours)} "
              f"{'PASS' if not ours else 'FAIL'}; and also without the time blocked while "
              f"the program's other threads waited for a core (a GIL holder off its core; "
              f"at least): {len(surely)} {'PASS' if not surely else 'FAIL'}")
        print(f"  {self.collections.summary()}")
        for step, stalls in sorted(self.by_step().items(),
                                   key=lambda kv: -max(s.seconds for s in kv[1])):
            worst = max(stalls, key=lambda s: s.seconds)
            print(f"  {step:34} {len(stalls):4} stall(s), longest {worst.seconds * 1000:6.0f} ms"
                  f" (most CPU {max(s.cpu for s in stalls) * 1000:4.0f} ms) at {worst.place()}")
        worst = sorted(self.own_longest.items(), key=lambda kv: -kv[1])[:shown]
        print("  the longest turn of each step without the time waiting for a core (ms): "
              + ", ".join(f"'{step}' {own * 1000:.0f}" for step, own in worst))
        worst = sorted(self.cpu_longest.items(), key=lambda kv: -kv[1])[:shown]
        print("  the most CPU time of one turn in each step (ms): "
              + ", ".join(f"'{step}' {cpu * 1000:.0f}" for step, cpu in worst))
        print("  the longest, and those with the most CPU:")
        longest_first = sorted(self.stalls, key=lambda s: -s.seconds)[:shown]
        by_cpu = [s for s in sorted(own, key=lambda s: -s.cpu) if s not in longest_first]
        for stall in longest_first + by_cpu[:shown]:
            print(f"    {stall.seconds * 1000:7.0f} ms ({stall.split()})  "
                  f"{stall.step}: {stall.place()}")
        self._report_profiles()

    def _report_profiles(self) -> None:
        profiled = sorted((s for s in self.stalls if s.profile is not None),
                          key=lambda s: -s.cpu)[:PROFILED_SHOWN]
        for stall in profiled:
            print(f"\n  profile of a stall in '{stall.step}', {stall.seconds * 1000:.0f} ms "
                  f"({stall.split()}):")
            print(profile_text(stall.profile))


def profile_text(profile: cProfile.Profile | None, lines: int = 14) -> str:
    """The calls a profile spent the most time in, by their own time (Qt's C++ work is the
    own time of the PySide method that ran it)."""
    if profile is None:
        return ""
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats("tottime").print_stats(lines)
    text = out.getvalue()
    start = text.find("   ncalls")
    return "\n".join("    " + line.replace(str(ROOT) + "/", "")
                     for line in text[start:].strip().splitlines())


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
