"""Where a restore's time goes: when each request was sent and answered, when the link carried
its bytes, when the laptop decoded and wrote each page (``bench_sync.py --trace``).

Functions are wrapped in place for the length of a ``with`` block and put back after; the
link's side comes from the throttling proxy's own event log (bytes and times, no content).
"""

from __future__ import annotations

import contextlib
import functools
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Span:
    name: str
    thread: str
    start: float
    end: float
    note: str = ""


@dataclass
class Timeline:
    origin: float = field(default_factory=time.monotonic)
    spans: list[Span] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, name: str, start: float, end: float, note: str = "") -> None:
        with self._lock:
            self.spans.append(Span(name, threading.current_thread().name, start, end, note))


@contextlib.contextmanager
def traced(timeline: Timeline, targets: list[tuple[Any, str, str]]) -> Iterator[Timeline]:
    """Wrap ``getattr(owner, attr)`` for each ``(owner, attr, name)`` to record its spans."""
    saved = [(owner, attr, getattr(owner, attr)) for owner, attr, _name in targets]
    for (owner, attr, name), (_o, _a, original) in zip(targets, saved, strict=True):
        setattr(owner, attr, _timed(timeline, name, original))
    try:
        yield timeline
    finally:
        for owner, attr, original in saved:
            setattr(owner, attr, original)


def _timed(timeline: Timeline, name: str, original: Any) -> Any:
    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.monotonic()
        try:
            return original(*args, **kwargs)
        finally:
            note = _note(args)
            timeline.add(name, start, time.monotonic(), note)

    return wrapper


def _note(args: tuple[Any, ...]) -> str:
    """A request's path, or a page's size: enough to tell the spans apart, no content."""
    for arg in args[1:3]:
        if isinstance(arg, str) and arg.startswith("/"):
            return arg
        if isinstance(arg, list):
            return f"{len(arg)} items"
    return ""


def print_timeline(timeline: Timeline, link_events: list[tuple[float, str, int]],
                   rtt: float, down_bps: float) -> None:
    """Spans in start order, then the server's time per request and the down link's use."""
    print("  timeline (s from the sign-in; thread; span):")
    for span in sorted(timeline.spans, key=lambda s: s.start):
        print(f"    {span.start - timeline.origin:7.3f} -> {span.end - timeline.origin:7.3f} "
              f"({span.end - span.start:6.3f})  {span.thread[:18]:18s} {span.name} {span.note}")
    waits = server_waits(link_events)
    print(f"  the server took {sum(waits):.2f} s to start its {len(waits)} answers (from the "
          f"request's last byte reaching it to its first byte back): "
          + " ".join(f"{w:.2f}" for w in waits))
    down = [e for e in link_events if e[1] == "down"]
    if down:
        carried = sum(size for _, _, size in down) * 8 / down_bps
        last = max(when for when, _, _ in down) - timeline.origin
        print(f"  the down link carried bytes for {carried:.2f} s of the {last:.2f} s to its "
              f"last byte; {len(waits)} round trips x {rtt:.2f} s = {len(waits) * rtt:.2f} s")


def server_waits(events: list[tuple[float, str, int]]) -> list[float]:
    """For each request: from its last chunk delivered to the server to the first chunk of
    the answer read from the server (requests go one at a time on the link)."""
    waits: list[float] = []
    asked: float | None = None
    for when, kind, _size in sorted(events):
        if kind == "up":
            asked = when
        elif kind == "server" and asked is not None:
            waits.append(when - asked)
            asked = None
    return waits
