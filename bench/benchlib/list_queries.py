"""The case list's reads on the database thread, on the vault and on a plain SQLite copy of it.

What the case list asks the database thread for, timed without Qt: the first paint's read
(the count and the first page with its marks), a page in the middle and at the end (a scroll
step), a scroll step to rows not read before (its pages not in the cache: what scrolling
through the list costs), and a search (its hits, count, first page and marks, each part
timed). Each read runs on the vault and on the plain copy in turn, so that the ratio holds on
a busy machine.
"""

from __future__ import annotations

import itertools
import statistics
import time
from collections.abc import Callable
from typing import Any

SEARCH_WORDS = ("Gj", "Gjon", "Ndoja", "Kacaj Dr", "Qelez")
# Family names of the bench register not searched otherwise: each search reads hits whose rows
# are not in the cache, as a worker's next search does.
FRESH_WORDS = ("Zefi", "Basha", "Bardhi", "Llazi", "Kodra", "Shehu", "Hysa", "Dedaj", "Dushku",
               "Shkurti", "Hasani", "Rrapaj")
PAGE = 100
# Where the reads of pages not read before start, as a share of the list (one page further
# each time; 0.3 is between what the middle and the last page read).
FRESH_FROM = 0.3


Parts = dict[str, list[float]]     # part of a read -> its times, ms
Read = Callable[[Any, Parts], Any]


def first_paint(store: Any, parts: Parts) -> Any:
    from desktop.core.views.lists import case_query

    return _read(store, case_query(), 0, parts)


def page_at(fraction: float) -> Read:
    from desktop.core.views.lists import case_query

    def read(store: Any, parts: Parts) -> Any:
        query = case_query()
        count = _Clock(parts).run("count", lambda: query.count(store))
        return _page(store, query, int(count * fraction) // PAGE * PAGE, count, parts)
    return read


def fresh_pages() -> Read:
    """A page and its marks at rows not read before, one page further at each call (the list
    is resolved and counted once, and its order kept, as the list's model does: scrolling
    does not count again)."""
    from desktop.core.views.lists import case_query

    state: list[Any] = []      # the resolved query, the count, the next offset

    def read(store: Any, parts: Parts) -> Any:
        if not state:
            query = case_query().resolve(store)
            count = query.count(store)
            if hasattr(query, "keep_order"):
                query.keep_order(store)
            state.extend([query, count, int(count * FRESH_FROM) // PAGE * PAGE])
        query, count, offset = state
        state[2] = offset + PAGE
        return _page(store, query, offset, count, parts)
    return read


def searching(word: str) -> Read:
    from desktop.core.views.lists import case_query

    return lambda store, parts: _read(
        store, case_query(text=word, sort_key="", descending=False), 0, parts)


def fresh_searches() -> Read:
    """A search for a name not searched before at each call (its hits' rows not cached;
    after all of FRESH_WORDS they come round again)."""
    words = itertools.cycle(FRESH_WORDS)
    return lambda store, parts: searching(next(words))(store, parts)


def _read(store: Any, query: Any, offset: int, parts: Parts) -> Any:
    clock = _Clock(parts)
    resolved = clock.run("hits", lambda: query.resolve(store)) if query.searching else query
    total = clock.run("count", lambda: resolved.count(store))
    return _page(store, resolved, offset, total, parts)


def _page(store: Any, query: Any, offset: int, total: int, parts: Parts) -> Any:
    from desktop.ui.list_reads import list_marks

    clock = _Clock(parts)
    pages = clock.run("page", lambda: query.pages(store, [offset], PAGE, total))
    ids = [row[0] for rows in pages.values() for row in rows]
    return clock.run("marks", lambda: list_marks(store, query, ids))


class _Clock:
    """Times each part of a read into ``parts``."""

    def __init__(self, parts: Parts) -> None:
        self.parts = parts

    def run(self, name: str, call: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        result = call()
        self.parts.setdefault(name, []).append((time.perf_counter() - start) * 1000)
        return result


def _ms(call: Callable[[], Any], cpu: list[float]) -> float:
    """The wall time of ``call`` in ms; its CPU time (this thread's) appended to ``cpu``: on
    a busy machine the wall time carries the wait for a core, the CPU time is the read's."""
    start, start_cpu = time.perf_counter(), time.thread_time()
    call()
    cpu.append((time.thread_time() - start_cpu) * 1000)
    return (time.perf_counter() - start) * 1000


def compare(vault_store: Any, plain_store: Any, repeat: int = 5) -> list[str]:
    """Lines: each read's median (max) on the vault and on the plain copy, in ms; below it,
    its parts' medians (hits of a search, count, page, marks)."""
    reads: list[tuple[str, Read, Read]] = [
        ("count + first page + marks", first_paint, first_paint),
        ("page in the middle (+ count)", page_at(0.5), page_at(0.5)),
        ("last page (+ count)", page_at(0.999), page_at(0.999)),
        ("scroll step to rows not read before", fresh_pages(), fresh_pages()),
        ("search of a name not searched before", fresh_searches(), fresh_searches()),
    ] + [(f"search '{w}' (hits, count, page)", searching(w), searching(w))
         for w in SEARCH_WORDS]
    lines = [f"  {'database thread read':38} {'vault ms':>16} {'plain ms':>16}  ratio  "
             "CPU ms vault/plain"]
    for name, on_vault, on_plain in reads:
        on_vault(vault_store, {}), on_plain(plain_store, {})     # warm both page caches
        vault, plain, vault_cpu, plain_cpu = [], [], [], []
        parts: tuple[Parts, Parts] = ({}, {})
        for _ in range(repeat):                     # interleaved: vault, plain, vault, ...
            vault.append(_ms(lambda r=on_vault, t=parts[0]: r(vault_store, t), vault_cpu))
            plain.append(_ms(lambda r=on_plain, t=parts[1]: r(plain_store, t), plain_cpu))
        v, p = statistics.median(vault), statistics.median(plain)
        lines.append(f"  {name:38} {v:7.1f} ({max(vault):6.1f}) {p:7.1f} "
                     f"({max(plain):6.1f})  x{v / max(p, 1e-9):.2f}  "
                     f"{statistics.median(vault_cpu):5.1f} / {statistics.median(plain_cpu):.1f}")
        lines.append(f"    {' + '.join(parts[0]):36} {_parts(parts[0]):>16} "
                     f"{_parts(parts[1]):>16}")
    return lines


def _parts(parts: Parts) -> str:
    return " + ".join(f"{statistics.median(times):.1f}" for times in parts.values())
