"""A page of the long lists read at places through them, on the vault and on a plain copy.

What a drag of the scroll bar asks the database thread for at each step: one page of rows
and their marks (``read_pages``), at 0, 25, 50, 75 and 99 % of the list, for the case list
and the person list in their first order and the case list sorted by a column. The list is
resolved and counted once beforehand, as the list's model does when it is shown. Each read
runs on the vault and on the plain copy in turn (interleaved), so that the ratio holds on a
busy machine; the pages are chosen so that their rows were not read before by this run.

    .venv/bin/python bench/benchlib/list_offsets.py [--vault bench/out/vault-100k]
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

FRACTIONS = (0.0, 0.25, 0.5, 0.75, 0.99)
PAGE = 100


def _lists() -> list[tuple[str, Callable[[], Any]]]:
    from desktop.core.views.lists import case_query, person_query

    return [("cases, newest first", case_query),
            ("cases by status", lambda: case_query(sort_key="status", descending=False)),
            ("persons, newest first", person_query)]


def _resolved(store: Any, make: Callable[[], Any]) -> tuple[Any, int, float, float]:
    """The list resolved and counted (ms), then its order kept if the code keeps one (ms:
    what the first read beyond the first page costs once)."""
    start = time.perf_counter()
    query = make().resolve(store)
    count = query.count(store)
    counted = time.perf_counter()
    if hasattr(query, "keep_order"):
        query.keep_order(store)
    return query, count, (counted - start) * 1000, (time.perf_counter() - counted) * 1000


def _read_ms(store: Any, query: Any, offset: int, total: int) -> tuple[float, float]:
    """A page at ``offset`` and its marks, as ``read_pages`` reads them: (page ms, marks ms)."""
    from desktop.ui.list_reads import list_marks

    start = time.perf_counter()
    rows = query.page(store, offset, PAGE, total)
    read = time.perf_counter()
    list_marks(store, query, [row[0] for row in rows])
    return (read - start) * 1000, (time.perf_counter() - read) * 1000


def compare(vault_store: Any, plain_store: Any, repeat: int = 3) -> list[str]:
    """Lines: for each list, its resolve + count, then the page read at each place (median of
    ``repeat`` pages next to each other there, ms) on the vault and on the plain copy."""
    lines = [f"  {'page + marks at':26} {'vault ms':>17} {'plain ms':>17}  ratio"]
    for name, make in _lists():
        vault_q, total, vault_open, vault_keep = _resolved(vault_store, make)
        plain_q, _, plain_open, plain_keep = _resolved(plain_store, make)
        lines.append(f"  {name} ({total:,} rows): resolve + count {vault_open:.1f} / "
                     f"{plain_open:.1f} ms, its order kept {vault_keep:.1f} / "
                     f"{plain_keep:.1f} ms")
        for fraction in FRACTIONS:
            start = min(int(total * fraction) // PAGE * PAGE, max(total - PAGE * repeat, 0))
            vault: list[tuple[float, float]] = []
            plain: list[tuple[float, float]] = []
            for at in range(repeat):          # interleaved: vault, plain, vault, ...
                offset = start + at * PAGE
                vault.append(_read_ms(vault_store, vault_q, offset, total))
                plain.append(_read_ms(plain_store, plain_q, offset, total))
            v, p = _median(vault), _median(plain)
            lines.append(f"    {f'{fraction:.0%} (row {start:,})':24} {sum(v):5.1f} "
                         f"({v[0]:4.1f}+{v[1]:4.1f}) {sum(p):5.1f} ({p[0]:4.1f}+{p[1]:4.1f})"
                         f"  x{sum(v) / max(sum(p), 1e-9):.2f}")
    lines.append("    (page + marks: the page's rows, then their marks)")
    return lines


def _median(times: list[tuple[float, float]]) -> tuple[float, float]:
    return (statistics.median(t[0] for t in times), statistics.median(t[1] for t in times))


def main() -> int:
    from vault_pair import run

    return run(__doc__, compare, 3)


if __name__ == "__main__":
    raise SystemExit(main())
