"""Hybrid logical clock stamps: comparable as strings, ordered across devices.

A stamp is ``"<wall ms, 13 digits>-<counter, 4 digits>-<node>"``; string order is causal
order for stamps made by clocks that have seen each other's stamps.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class HybridClock:
    def __init__(self, node: str, wall_ms: Callable[[], int] | None = None) -> None:
        self.node = node
        self._wall_ms = wall_ms or (lambda: time.time_ns() // 1_000_000)
        self._last_ms = 0
        self._counter = 0
        self._lock = threading.Lock()

    def now(self) -> str:
        with self._lock:
            wall = self._wall_ms()
            if wall > self._last_ms:
                self._last_ms, self._counter = wall, 0
            else:
                self._counter += 1
            return format_stamp(self._last_ms, self._counter, self.node)

    def observe(self, stamp: str) -> None:
        """Move this clock past a stamp received from elsewhere."""
        ms, counter, _ = parse_stamp(stamp)
        with self._lock:
            if ms > self._last_ms or (ms == self._last_ms and counter > self._counter):
                self._last_ms, self._counter = ms, counter


def format_stamp(ms: int, counter: int, node: str) -> str:
    return f"{ms:013d}-{counter:04d}-{node}"


def parse_stamp(stamp: str) -> tuple[int, int, str]:
    ms, counter, node = stamp.split("-", 2)
    return int(ms), int(counter), node
