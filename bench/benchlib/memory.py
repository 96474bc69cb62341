"""Resident memory of this process (Linux: /proc/self/status), in megabytes, with where it is:
SQLite's own heap (page caches, statements), what the C allocator hands out and what it holds
freed but not given back, and Python's heap (when tracemalloc runs)."""

from __future__ import annotations

import ctypes
import ctypes.util
import tracemalloc
from pathlib import Path

import shiboken6

STATUS = Path("/proc/self/status")
MB = 1024 * 1024


def _field(name: str) -> float | None:
    try:
        text = STATUS.read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith(name + ":"):
            return int(line.split()[1]) / 1024  # kB
    return None


def resident_mb() -> float | None:
    """Resident set size now (None where /proc is not there)."""
    return _field("VmRSS")


def peak_resident_mb() -> float | None:
    """The highest resident set size since the process started."""
    return _field("VmHWM")


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost")]


def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "mallinfo2") else None


def _sqlite() -> ctypes.CDLL | None:
    """The SQLite (SQLCipher) library the vault uses, for its memory counter."""
    try:
        from sqlcipher3 import _sqlite3  # type: ignore[attr-defined]

        lib = ctypes.CDLL(_sqlite3.__file__)
        lib.sqlite3_memory_used.restype = ctypes.c_int64
        return lib
    except (ImportError, OSError, AttributeError):
        return None


_LIBC, _SQLITE = _libc(), _sqlite()


def sqlite_heap_mb() -> float | None:
    """Bytes SQLite has allocated now (page caches, schemas, statements), in megabytes."""
    return _SQLITE.sqlite3_memory_used() / MB if _SQLITE is not None else None


def sqlite_heap_peak_mb(reset: bool = False) -> float | None:
    """The most SQLite had allocated at once since the last reset, in megabytes."""
    if _SQLITE is None:
        return None
    now, peak = ctypes.c_int64(), ctypes.c_int64()
    _SQLITE.sqlite3_status64(0, ctypes.byref(now), ctypes.byref(peak), int(reset))
    return peak.value / MB


def malloc_mb() -> tuple[float, float] | None:
    """(in use, free) of glibc's malloc, in megabytes; the free part is resident only until
    it is trimmed (given back), so it may be far more than what stays resident."""
    if _LIBC is None:
        return None
    _LIBC.mallinfo2.restype = _MallInfo2
    info = _LIBC.mallinfo2()
    return (info.uordblks + info.hblkhd) / MB, info.fordblks / MB


def python_heap_mb() -> float | None:
    """What Python objects hold now (only while tracemalloc traces)."""
    return tracemalloc.get_traced_memory()[0] / MB if tracemalloc.is_tracing() else None


def breakdown() -> str:
    """Where the resident memory is, in one line."""
    parts = []
    anon, files = _field("RssAnon"), _field("RssFile")
    if anon is not None and files is not None:
        parts.append(f"anonymous {anon:.0f}, files {files:.0f}")
    sqlite = sqlite_heap_mb()
    if sqlite is not None:
        parts.append(f"SQLite {sqlite:.0f}")
    heap = malloc_mb()
    if heap is not None:
        parts.append(f"malloc in use {heap[0]:.0f}, free {heap[1]:.0f}")
    python = python_heap_mb()
    if python is not None:
        parts.append(f"Python {python:.0f}")
    return ", ".join(parts)


class MemoryLog:
    """Resident memory at named moments, printed with the growth between two of them."""

    def __init__(self) -> None:
        self.points: list[tuple[str, float]] = []
        self.where: dict[str, str] = {}
        self.rounds: list[float] = []   # after each round of a repeated walk

    def note_round(self) -> None:
        value = resident_mb()
        if value is not None:
            self.rounds.append(value)
            print(f"  (round {len(self.rounds)}: {value:.0f} MB resident; {breakdown()})",
                  flush=True)

    def note(self, moment: str) -> None:
        value = resident_mb()
        if value is not None:
            self.points.append((moment, value))
            self.where[moment] = breakdown()
            print(f"  ({moment}: {value:.0f} MB resident; {self.where[moment]})", flush=True)

    def value(self, moment: str) -> float | None:
        return next((v for m, v in self.points if m == moment), None)

    def _report_rounds(self, growth_bar: float) -> None:
        line = _growth_rounds(self.rounds, growth_bar)
        if line is not None:
            print(line)

    def report(self, bar_mb: float, base: str, last: str, growth_bar: float) -> None:
        if not self.points:
            print("\nMemory: not measured (no /proc/self/status here)")
            return
        print(f"\nResident memory (bar {bar_mb:.0f} MB resident; growth over the repeated walk "
              f"<= {growth_bar:.0f} %), and where it is (MB):")
        for moment, value in self.points:
            print(f"  {moment:44} {value:8.1f} MB  {'PASS' if value <= bar_mb else 'FAIL'}"
                  f"   {self.where.get(moment, '')}")
        if self.rounds:
            print(f"  {'after each round of the repeated walk':44} "
                  + " ".join(f"{v:.0f}" for v in self.rounds))
        peak = peak_resident_mb()
        if peak is not None:
            print(f"  {'peak':44} {peak:8.1f} MB")
        self._report_rounds(growth_bar)
        first, final = self.value(base), self.value(last)
        if first and final:
            growth = (final - first) / first * 100
            print(f"  growth from '{base}' to '{last}': {growth:+.1f} % "
                  f"{'PASS' if growth <= growth_bar else 'FAIL'}")


def held_mb(objects: object) -> float:
    """What ``objects`` and everything reachable from it alone hold, roughly (sys.getsizeof of
    each object reached, types and modules left out), in megabytes: for what the benchmark
    keeps itself (the stall meter's records) beside the program's memory."""
    import gc
    import sys
    import types

    seen: set[int] = set()
    todo, total = [objects], 0
    while todo:
        obj = todo.pop()
        if id(obj) in seen or isinstance(obj, (type, types.ModuleType, types.FunctionType)):
            continue
        seen.add(id(obj))
        total += sys.getsizeof(obj)
        todo.extend(gc.get_referents(obj))
    return total / MB


def live_counts() -> dict[str, int]:
    """What can pile up, counted: Python objects the collector tracks, Python wrappers of Qt
    objects already deleted, Qt widgets, top-level widgets, the objects under each top-level
    widget (its children, recursively) and their signals' connections, and the connections of
    the language hub (which lives as long as the program).

    Listing Qt's objects makes Python wrappers for them, which stay (dead) after the objects
    are deleted: take the Python-side counts and snapshots first."""
    import gc

    from PySide6.QtCore import QObject
    from PySide6.QtWidgets import QApplication

    from desktop.ui.language import hub

    gc.collect()
    wrappers = [o for o in gc.get_objects() if isinstance(o, shiboken6.Shiboken.Object)]
    counts = {"python objects": len(gc.get_objects()),
              "dead Qt wrappers": sum(1 for o in wrappers if not shiboken6.isValid(o))}
    del wrappers
    tops = QApplication.topLevelWidgets()
    objects = [o for top in tops for o in [top, *top.findChildren(QObject)]]
    counts |= {"widgets": len(QApplication.allWidgets()), "top-level widgets": len(tops),
               "objects under top-level widgets": len(objects),
               "signal connections of those objects": sum(map(signal_receivers, objects)),
               "language hub connections": signal_receivers(hub())}
    return counts


def signal_receivers(obj: object) -> int:
    """How many connections the signals of a QObject have."""
    from PySide6.QtCore import QMetaMethod

    meta, total = obj.metaObject(), 0  # type: ignore[attr-defined]
    for index in range(meta.methodCount()):
        method = meta.method(index)
        if method.methodType() == QMetaMethod.MethodType.Signal:
            total += obj.receivers("2" + method.methodSignature().data().decode())  # type: ignore[attr-defined]
    return total


def type_counts() -> dict[str, int]:
    """Python objects the collector tracks, by type name."""
    import gc
    from collections import Counter

    return dict(Counter(type(o).__qualname__ for o in gc.get_objects()))


def _growth_rounds(rounds: list[float], growth_bar: float) -> str | None:
    """The growth per round from round 10 to the last (the first rounds fill caches)."""
    if len(rounds) <= 10:
        return None
    span = len(rounds) - 10
    per_round = (rounds[-1] - rounds[9]) / span
    percent = (rounds[-1] - rounds[9]) / rounds[9] * 100
    return (f"  growth from round 10 to round {len(rounds)}: {per_round * 1024:+.0f} kB a round, "
            f"{percent:+.1f} % over {span} rounds "
            f"(bar {growth_bar:.0f} % over the whole walk: "
            f"{'PASS' if percent <= growth_bar else 'FAIL'})")


class LeakProbe:
    """Finds what grows over a repeated walk: at round ``first`` and at the last round it takes
    a tracemalloc snapshot, counts objects by type and Qt's widgets, and prints the difference
    (top 20 by traceback). Tracing slows the walk: only for looking, not for the figures."""

    def __init__(self, first: int, frames: int = 8) -> None:
        self.first = first
        self.frames = frames
        self.before: tuple[tracemalloc.Snapshot, dict[str, int], dict[str, int]] | None = None
        self.rounds_at_first = 0

    def _take(self) -> tuple[tracemalloc.Snapshot, dict[str, int], dict[str, int]]:
        import gc

        gc.collect()
        snapshot = tracemalloc.take_snapshot().filter_traces(
            (tracemalloc.Filter(False, tracemalloc.__file__),))
        types = type_counts()    # before Qt's objects are listed (that makes wrappers)
        return snapshot, live_counts(), types

    def note_round(self, rounds: int) -> None:
        if rounds >= self.first - 2 and not tracemalloc.is_tracing():
            tracemalloc.start(self.frames)   # from here on: the rounds before run at speed
        if rounds == self.first:
            self.before, self.rounds_at_first = self._take(), rounds

    def report(self, rounds: int, top: int = 20) -> None:
        if self.before is None or rounds <= self.rounds_at_first:
            print(f"\nLeak probe: fewer than {self.first + 1} rounds, nothing compared")
            return
        snapshot, counts, types = self._take()
        old_snapshot, old_counts, old_types = self.before
        span = rounds - self.rounds_at_first
        print(f"\nLeak probe: from round {self.rounds_at_first} to {rounds} ({span} rounds)")
        for name, value in counts.items():
            print(f"  {name:34} {old_counts[name]:9,} -> {value:9,} "
                  f"({(value - old_counts[name]) / span:+.1f} a round)")
        grown = sorted(((n - old_types.get(t, 0), t) for t, n in types.items()), reverse=True)
        print("  object types grown most: " + ", ".join(
            f"{t} {d:+,}" for d, t in grown[:top] if d > 0))
        stats = snapshot.compare_to(old_snapshot, "traceback")
        total = sum(s.size_diff for s in stats)
        print(f"  Python heap {total / MB:+.2f} MB ({total / span / 1024:+.1f} kB a round); "
              f"top {top} by traceback:")
        for stat in stats[:top]:
            print(f"  {stat.size_diff / 1024:+9.1f} kB {stat.count_diff:+7,} blocks")
            for line in stat.traceback.format(limit=self.frames)[-2 * self.frames:]:
                print(f"      {line}")
