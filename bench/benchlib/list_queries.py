"""The case list's reads on the database thread, on the vault and on a plain SQLite copy of it.

What the case list asks the database thread for, timed without Qt: the first paint's read
(the count and the first page with its marks), a page in the middle and at the end (a scroll
step), a scroll step to rows not read before (its pages not in the cache: what scrolling
through the list costs), and a search (its hits, count, first page and marks, each part
timed). Each read runs on the vault and on the plain copy in turn, so that the ratio holds on
a busy machine.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

SEARCH_WORDS = ("Gj", "Gjon", "Ndoja", "Kacaj Dr", "Qelez")
PAGE = 100
# Where the reads of pages not read before start, as a share of the list (one page further
# each time; 0.3 is between what the middle and the last page read).
FRESH_FROM = 0.3


def first_paint(store: Any) -> Any:
    from desktop.core.views.lists import case_query

    return _read(store, case_query(), 0)


def page_at(fraction: float) -> Callable[[Any], Any]:
    from desktop.core.views.lists import case_query

    def read(store: Any) -> Any:
        query = case_query()
        count = query.count(store)
        return _page(store, query, int(count * fraction) // PAGE * PAGE, count)
    return read


def fresh_pages() -> Callable[[Any], Any]:
    """A page and its marks at rows not read before, one page further at each call (the count
    is read once: scrolling does not count again)."""
    from desktop.core.views.lists import case_query

    state: list[int] = []      # the count, the next offset

    def read(store: Any) -> Any:
        query = case_query()
        if not state:
            count = query.count(store)
            state.extend([count, int(count * FRESH_FROM) // PAGE * PAGE])
        count, offset = state
        state[1] = offset + PAGE
        return _page(store, query, offset, count)
    return read


def searching(word: str, parts: dict[str, list[float]] | None = None
              ) -> Callable[[Any], Any]:
    from desktop.core.views.lists import case_query

    return lambda store: _read(store, case_query(text=word, sort_key="", descending=False), 0,
                               parts)


def _read(store: Any, query: Any, offset: int,
          parts: dict[str, list[float]] | None = None) -> Any:
    clock = _Clock(parts)
    resolved = clock.run("hits", lambda: query.resolve(store))
    total = clock.run("count", lambda: resolved.count(store))
    return _page(store, resolved, offset, total, clock)


def _page(store: Any, query: Any, offset: int, total: int, clock: _Clock | None = None) -> Any:
    from desktop.core.sync_marks import record_marks

    clock = clock or _Clock(None)
    pages = clock.run("page", lambda: query.pages(store, [offset], PAGE, total))
    ids = [row[0] for rows in pages.values() for row in rows]
    return clock.run("marks", lambda: record_marks(store, ids))


class _Clock:
    """Times each part of a read into ``parts`` (name -> ms), if given."""

    def __init__(self, parts: dict[str, list[float]] | None) -> None:
        self.parts = parts

    def run(self, name: str, call: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        result = call()
        if self.parts is not None:
            self.parts.setdefault(name, []).append((time.perf_counter() - start) * 1000)
        return result


def _ms(call: Callable[[], Any]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def compare(vault_store: Any, plain_store: Any, repeat: int = 5) -> list[str]:
    """Lines: each read's median (max) on the vault and on the plain copy, in ms; a search's
    parts (medians on the vault: hits + count + page + marks) below it."""
    searches = {w: ({}, {}) for w in SEARCH_WORDS}   # word -> parts on the vault, the plain copy
    reads: list[tuple[str, Callable[[Any], Any], Callable[[Any], Any], str]] = [
        ("count + first page + marks", first_paint, first_paint, ""),
        ("page in the middle (+ count)", page_at(0.5), page_at(0.5), ""),
        ("last page (+ count)", page_at(0.999), page_at(0.999), ""),
        ("scroll step to rows not read before", fresh_pages(), fresh_pages(), ""),
    ] + [(f"search '{w}' (hits, count, page)", searching(w, searches[w][0]),
          searching(w, searches[w][1]), w) for w in SEARCH_WORDS]
    lines = [f"  {'database thread read':38} {'vault ms':>16} {'plain ms':>16}  ratio"]
    for name, on_vault, on_plain, word in reads:
        on_vault(vault_store), on_plain(plain_store)        # warm both page caches
        if word:
            for parts in searches[word]:
                parts.clear()
        vault, plain = [], []
        for _ in range(repeat):                     # interleaved: vault, plain, vault, ...
            vault.append(_ms(lambda r=on_vault: r(vault_store)))
            plain.append(_ms(lambda r=on_plain: r(plain_store)))
        v, p = statistics.median(vault), statistics.median(plain)
        lines.append(f"  {name:38} {v:7.1f} ({max(vault):6.1f}) {p:7.1f} "
                     f"({max(plain):6.1f})  x{v / max(p, 1e-9):.2f}")
        if word:
            lines.append(f"    {'hits + count + page + marks':36} "
                         f"{_parts(searches[word][0]):>16} {_parts(searches[word][1]):>16}")
    return lines


def _parts(parts: dict[str, list[float]]) -> str:
    return " + ".join(f"{statistics.median(parts[k]):.1f}" for k in ("hits", "count", "page",
                                                                      "marks"))
