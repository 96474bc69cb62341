"""Giving freed memory back drops the source lines kept for tracebacks; what is loaded for
the whole process is left out of full collections."""

from __future__ import annotations

import linecache
import subprocess
import sys
from pathlib import Path

from desktop.core import heap


def test_the_source_lines_kept_are_dropped() -> None:
    assert linecache.getlines(heap.__file__)
    assert linecache.getlines(linecache.__file__)
    heap.give_back_freed_memory()
    assert linecache.cache == {}
    assert linecache.getlines(heap.__file__)  # read again when a traceback needs them


def test_the_document_fonts_are_left_out_of_full_collections_once_loaded() -> None:
    """In a fresh process (the fonts load once per process): what a full collection walks
    grows by the fonts' glyph tables only until they are registered; garbage in a reference
    cycle made before is still collected."""
    script = """
import gc
from desktop.core.documents import fonts
class Node:
    pass
gc.disable()    # no collection but the one registering makes
cycle = Node(); cycle.me = cycle; del cycle    # young garbage, not to be frozen
before = len(gc.get_objects())
fonts.register_fonts()
walked = len(gc.get_objects())
gc.unfreeze()
frozen_with_it = sum(type(o).__name__ == "Node" for o in gc.get_objects())
print(before, walked, frozen_with_it)
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, cwd=Path(heap.__file__).resolve().parents[2]).stdout
    before, walked, frozen_garbage = map(int, out.split())
    assert before > 5_000                 # what was made before (the modules) is walked
    assert walked < 100 and frozen_garbage == 0
