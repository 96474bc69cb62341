"""The case list's reads on the database thread, on the vault and on a plain SQLite copy of it.

What the case list asks the database thread for, timed without Qt: the first paint's read
(the count and the first page with its marks), a page in the middle and at the end (a scroll
step), and a search (its hits, count, first page and marks). Each read runs on the vault and
on the plain copy in turn, so that the ratio holds on a busy machine.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

SEARCH_WORDS = ("Gj", "Gjon", "Ndoja", "Kacaj Dr", "Qelez")
PAGE = 100


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


def searching(word: str) -> Callable[[Any], Any]:
    from desktop.core.views.lists import case_query

    return lambda store: _read(store, case_query(text=word, sort_key="", descending=False), 0)


def _read(store: Any, query: Any, offset: int) -> Any:
    resolved = query.resolve(store)
    return _page(store, resolved, offset, resolved.count(store))


def _page(store: Any, query: Any, offset: int, total: int) -> Any:
    from desktop.core.sync_marks import record_marks

    pages = query.pages(store, [offset], PAGE, total)
    return record_marks(store, [row[0] for rows in pages.values() for row in rows])


def _ms(call: Callable[[], Any]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def compare(vault_store: Any, plain_store: Any, repeat: int = 5) -> list[str]:
    """Lines: each read's median (max) on the vault and on the plain copy, in ms."""
    reads: list[tuple[str, Callable[[Any], Any]]] = [
        ("count + first page + marks", first_paint),
        ("page in the middle (+ count)", page_at(0.5)),
        ("last page (+ count)", page_at(0.999)),
    ] + [(f"search '{w}' (hits, count, page)", searching(w)) for w in SEARCH_WORDS]
    lines = [f"  {'database thread read':38} {'vault ms':>16} {'plain ms':>16}  ratio"]
    for name, read in reads:
        read(vault_store), read(plain_store)        # warm both page caches
        vault, plain = [], []
        for _ in range(repeat):                     # interleaved: vault, plain, vault, ...
            vault.append(_ms(lambda r=read: r(vault_store)))
            plain.append(_ms(lambda r=read: r(plain_store)))
        v, p = statistics.median(vault), statistics.median(plain)
        lines.append(f"  {name:38} {v:7.1f} ({max(vault):6.1f}) {p:7.1f} "
                     f"({max(plain):6.1f})  x{v / max(p, 1e-9):.2f}")
    return lines
