"""Giving freed memory back to the operating system after big work.

glibc's allocator keeps memory a program has freed for its next allocations; after a report
or a long scroll the SQLite page caches and the report's work tables are freed, but the
laptop's memory stays taken until the allocator is asked to trim it. Elsewhere (Windows,
macOS, musl) that part does nothing.

PySide6's import hook reads the source of every module imported after it (to look for its
``__feature__`` imports), and Python's ``linecache`` keeps those lines: some 40 MB of text
for the program's libraries, used for nothing but tracebacks (which read the files again when
needed). It is dropped here too.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import linecache
import sys
from collections.abc import Callable

_trim: Callable[[int], int] | None = None


def _find_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    trim = getattr(libc, "malloc_trim", None)
    if trim is None:
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


def give_back_freed_memory() -> bool:
    """Drop the source lines kept for tracebacks, and return the allocator's free pages to the
    system; whether anything was given back."""
    global _trim
    _drop_source_lines()
    if _trim is None:
        _trim = _find_trim() or (lambda _pad: 0)
    return bool(_trim(0))


def _drop_source_lines() -> None:
    """``linecache.clearcache()``, one file at a time: freeing ~40 MB of lines in one
    ``dict.clear`` keeps the interpreter's lock ~25 ms (the UI thread waits); one file's
    lines take well under 1 ms."""
    cache = linecache.cache
    for name in list(cache):
        cache.pop(name, None)


def freeze_settled_objects() -> None:
    """Leave the objects alive now (the program's modules, an unlocked workspace) out of
    Python's full garbage collections until :func:`thaw_settled_objects`.

    A full collection walks every object the collector tracks: at 100,000 cases, with the
    workspace built, that is 50-75 ms on the UI thread, long enough to stall the keystroke or
    Page Down it falls on. Objects made afterwards (a list's pages, a case) are collected as
    usual, and walking them alone takes a few milliseconds. Freezing costs no walk itself."""
    gc.freeze()


def settle_loaded() -> None:
    """Leave out of full collections what was just loaded for the rest of the process (the
    document fonts' glyph tables: some 13,000 lists and dicts, more than the rest of what
    the collector walks once the workspace is frozen). The young generations are collected
    first, so that what they hold of garbage is not frozen with it; what is older and
    garbage stays until the next lock (this runs once per process)."""
    gc.collect(1)
    gc.freeze()


def collect_closed_window() -> None:
    """A full collection once a closed dialog is deleted. A form's hundreds of widgets leave
    their Python wrappers and handlers in reference cycles, which otherwise wait for the
    next full collection, while the next dialog's are made beside them: some 100 kB of the
    process's memory was never given back per form opened and closed. Walking what is not
    frozen takes a few milliseconds."""
    gc.collect()


def thaw_settled_objects() -> None:
    """Give the frozen objects back to the collector (at a lock: what the closed workspace
    leaves in reference cycles is collected as any garbage)."""
    gc.unfreeze()
