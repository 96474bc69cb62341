"""Resident memory of this process (Linux: /proc/self/status), in megabytes, with where it is:
SQLite's own heap (page caches, statements), what the C allocator hands out and what it holds
freed but not given back, and Python's heap (when tracemalloc runs)."""

from __future__ import annotations

import ctypes
import ctypes.util
import tracemalloc
from pathlib import Path

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
            print(f"  (round {len(self.rounds)}: {value:.0f} MB resident)", flush=True)

    def note(self, moment: str) -> None:
        value = resident_mb()
        if value is not None:
            self.points.append((moment, value))
            self.where[moment] = breakdown()
            print(f"  ({moment}: {value:.0f} MB resident; {self.where[moment]})", flush=True)

    def value(self, moment: str) -> float | None:
        return next((v for m, v in self.points if m == moment), None)

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
        first, final = self.value(base), self.value(last)
        if first and final:
            growth = (final - first) / first * 100
            print(f"  growth from '{base}' to '{last}': {growth:+.1f} % "
                  f"{'PASS' if growth <= growth_bar else 'FAIL'}")
