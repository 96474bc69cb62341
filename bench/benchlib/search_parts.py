"""A keystroke in the case list's search, part by part, on the database thread: the hits
(the FTS5 query with its bm25 ranking), the hits within the list's filters, the first page and
its marks; for each prefix of names typed key by key, on the vault and on its plain copy in
turn (interleaved, so that the ratio holds on a busy machine). Times are CPU times of the
thread (what the read costs, whatever the machine's load) beside the wall time of the whole.

Below them, the SQL library's own speed: the search's FTS5 statement on the plain copy through
the vault's driver (sqlcipher3) and through CPython's sqlite3, the same file and statement.

    .venv/bin/python bench/benchlib/search_parts.py [--vault bench/out/vault-100k] [--repeat 5]
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

# What a person types, key by key (the bench's words among them; each is one keystroke's read).
TYPED = ("a", "ar", "art", "arta", "G", "Gj", "Gjo", "Gjon", "Ndoj", "Ndoja", "Kacaj D",
         "Kacaj Dr", "Qele", "Qelez", "Hox", "Hoxh", "Hoxha")
PARTS = ("hits", "filters", "page+marks")
Parts = dict[str, float]


def keystroke(store: Any, text: str) -> Parts:
    """One keystroke's reload job as the case list's model runs it, each part's CPU ms."""
    from desktop.core.views.lists import case_query
    from desktop.ui.list_reads import read_pages

    query = case_query(text=text, sort_key="", descending=False)
    parts: Parts = {}
    start_wall = time.perf_counter()
    hits = _cpu(parts, "hits", lambda: query.hit_ids(store))
    resolved = _cpu(parts, "filters", lambda: query.with_hits(store, hits))
    count = resolved.count(store)
    _cpu(parts, "page+marks", lambda: read_pages(store, resolved, [0] if count else [], count))
    parts["cpu"] = sum(parts[p] for p in PARTS)
    parts["wall"] = (time.perf_counter() - start_wall) * 1000
    parts["rows"] = float(count)
    return parts


def _cpu(parts: Parts, name: str, call: Callable[[], Any]) -> Any:
    start = time.thread_time()
    result = call()
    parts[name] = (time.thread_time() - start) * 1000
    return result


def compare(vault_store: Any, plain_store: Any, repeat: int) -> list[str]:
    """Lines: each prefix's parts on the vault (CPU ms), the whole on the plain copy."""
    for text in TYPED:                       # warm both caches
        keystroke(vault_store, text), keystroke(plain_store, text)
    runs: tuple[dict[str, list[Parts]], dict[str, list[Parts]]] = ({}, {})
    for _ in range(repeat):                  # interleaved: vault, plain, vault, ...
        for text in TYPED:
            runs[0].setdefault(text, []).append(keystroke(vault_store, text))
            runs[1].setdefault(text, []).append(keystroke(plain_store, text))
    lines = [f"  {'typed':10} {'rows':>4}  vault CPU ms: {' + '.join(PARTS)} = all (wall)"
             f"   plain CPU (wall)  ratio CPU"]
    totals = []
    for text in TYPED:
        v, p = _median(runs[0][text]), _median(runs[1][text])
        totals.append((v["cpu"], v["wall"]))
        lines.append(f"  {text!r:10} {int(v['rows']):4}  {v['hits']:6.2f} + {v['filters']:5.2f} + "
                     f"{v['page+marks']:5.2f} = {v['cpu']:6.2f} ({v['wall']:6.2f})   "
                     f"{p['cpu']:6.2f} ({p['wall']:6.2f})  x{v['cpu'] / max(p['cpu'], 1e-9):.2f}")
    cpus = sorted(c for c, _ in totals)
    walls = sorted(w for _, w in totals)
    lines.append(f"  a keystroke's database-thread job on the vault: CPU p50 "
                 f"{statistics.median(cpus):.1f} ms (max {cpus[-1]:.1f}), wall p50 "
                 f"{statistics.median(walls):.1f} ms (max {walls[-1]:.1f})")
    return lines


def library_speed(path: Any, repeat: int) -> list[str]:
    """The search's FTS5 statement on the plain copy at ``path`` through the vault's driver
    and through CPython's sqlite3 (CPU ms, interleaved): what the SQL library itself costs."""
    import sqlite3

    import sqlcipher3.dbapi2 as sqlcipher

    from desktop.core.search import _CANDIDATES
    from desktop.core.vault import CACHE_KIB
    from desktop.core.views.lists import SEARCH_LIMIT

    sql = ("SELECT case_id FROM (SELECT s.case_id, s.personal_id, s.case_number, s.name, f.rank "
           "FROM search_fts f JOIN search_rows s ON s.rowid = f.rowid WHERE search_fts MATCH ? "
           f"AND s.case_id IS NOT NULL LIMIT {_CANDIDATES // 2}) ORDER BY (personal_id = ? "
           "COLLATE NOCASE) DESC, (case_number = ? COLLATE NOCASE) DESC, rank, name "
           f"LIMIT {SEARCH_LIMIT * 2}")
    drivers = {"sqlcipher3": sqlcipher.connect(str(path)), "sqlite3": sqlite3.connect(str(path))}
    version = drivers["sqlcipher3"].execute("PRAGMA cipher_version").fetchone()
    for conn in drivers.values():
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")    # as the vault's connections
    times: dict[str, list[float]] = {name: [] for name in drivers}
    words = ("Gj", "Gjon", "Ndoja", "Qelez")
    try:
        for at in range(repeat + 1):
            for name, conn in drivers.items():
                start = time.thread_time()
                for word in words:
                    conn.execute(sql, (f'"{word}"*', word, word)).fetchall()
                if at:                       # the first round warms the caches
                    times[name].append((time.thread_time() - start) * 1000 / len(words))
    finally:
        for conn in drivers.values():
            conn.close()
    mine, theirs = (statistics.median(times[n]) for n in drivers)
    return [f"  the search's FTS5 statement on the plain copy, CPU ms: sqlcipher3 "
            f"(SQLCipher {version[0] if version else '?'}) {mine:.2f}, CPython's sqlite3 "
            f"{theirs:.2f}: x{mine / max(theirs, 1e-9):.2f}"]


def _median(parts: list[Parts]) -> Parts:
    return {k: statistics.median(p[k] for p in parts) for k in parts[0]}


def main() -> int:
    from vault_pair import run

    return run(__doc__, compare, 5,
               after=lambda vault, repeat: library_speed(vault / "plain-copy.db", repeat))


if __name__ == "__main__":
    raise SystemExit(main())
