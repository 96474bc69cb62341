"""The UI benchmark's stall meter: the time the UI thread is away from a real event loop,
split into its own CPU time, its wait for a core and the time it was blocked."""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from benchlib.stall_meter import StallMeter, kernel_wait, run_until  # noqa: E402
from PySide6.QtCore import QObject, QTimer  # noqa: E402
from shiboken6 import isValid  # noqa: E402


def busy(seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


def later(call: Any) -> None:
    """``call`` from the event loop, as a click's handler runs."""
    QTimer.singleShot(0, call)


def test_a_handler_that_keeps_the_loop_waiting_is_a_stall_of_its_step(qapp: Any) -> None:
    meter = StallMeter()
    done: list[bool] = []
    with meter:
        meter.mark("working")
        later(lambda: (busy(0.15), done.append(True)))
        run_until(lambda: bool(done))
    stalls = meter.by_step()["working"]
    assert max(s.seconds for s in stalls) >= 0.15
    assert max(s.cpu for s in stalls) > 0      # the UI thread's own work
    assert meter.cpu_longest["working"] > 0


def test_a_handler_that_sleeps_is_blocked_not_cpu(qapp: Any) -> None:
    meter = StallMeter()
    done: list[bool] = []
    with meter:
        meter.mark("sleeping")
        later(lambda: (time.sleep(0.12), done.append(True)))
        run_until(lambda: bool(done))
    stall = max(meter.by_step()["sleeping"], key=lambda s: s.seconds)
    assert stall.seconds >= 0.12
    assert stall.blocked >= 0.1 and stall.cpu < 0.05
    if kernel_wait(threading.get_native_id()) == "" and _kernel_tells_waits():
        assert stall.waits and "waiting in the kernel at" in stall.split()


def _kernel_tells_waits() -> bool:
    """Whether this kernel names a sleeping thread's wait (some hide it)."""
    seen: list[str] = []
    sleeper = threading.Thread(target=lambda: time.sleep(0.2))
    sleeper.start()
    time.sleep(0.05)
    seen.append(kernel_wait(sleeper.native_id or 0))
    sleeper.join()
    return bool(seen[0])


def test_the_walk_waits_on_a_real_event_loop(qapp: Any) -> None:
    """What only a running loop does: deleting what was given to deleteLater, and zero
    timers after the events waiting."""
    gone = QObject()
    gone.deleteLater()
    fired: list[bool] = []
    timer = QTimer(singleShot=True, interval=0)
    timer.timeout.connect(lambda: fired.append(True))
    timer.start()
    run_until(lambda: bool(fired))
    run_until(lambda: not isValid(gone), timeout_s=5)
    assert fired and not isValid(gone)


def test_a_garbage_collection_in_a_stall_is_counted_with_its_generation(qapp: Any) -> None:
    meter = StallMeter()
    done: list[bool] = []
    cycles = []
    for _ in range(300_000):   # enough tracked objects for a full collection to take a while
        node: list[Any] = []
        node.append(node)
        cycles.append(node)

    def collect() -> None:
        busy(0.06)
        import gc
        gc.collect(2)
        done.append(True)

    with meter:
        meter.mark("collecting")
        later(collect)
        run_until(lambda: bool(done))
    stall = max(meter.by_step()["collecting"], key=lambda s: s.seconds)
    assert stall.collected and stall.collected.generation == 2
    assert stall.collected.on_ui > 0 and stall.collected.elsewhere == 0
    assert "garbage collection" in stall.split()
    assert meter.collections.full and meter.collections.full[-1][1]  # on the UI thread
