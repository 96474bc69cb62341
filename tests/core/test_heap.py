"""Giving freed memory back drops the source lines kept for tracebacks."""

from __future__ import annotations

import linecache

from desktop.core import heap


def test_the_source_lines_kept_are_dropped() -> None:
    assert linecache.getlines(heap.__file__)
    assert linecache.getlines(linecache.__file__)
    heap.give_back_freed_memory()
    assert linecache.cache == {}
    assert linecache.getlines(heap.__file__)  # read again when a traceback needs them
