"""The pages of a paged list, read on the database thread."""

from __future__ import annotations

from collections.abc import Container, Sequence
from typing import Any

from desktop.core.sync_marks import record_marks
from desktop.core.views.lists import ListQuery

# A page is about half the rows a window shows: a scroll to rows not read reads little more
# than the rows it shows (each read row costs its decryption), in one query.
PAGE_SIZE = 10
# Read ahead: this many pages before and after the rows shown (more than a Page Down), a few
# at a time, so that a scroll meanwhile waits for a short read at most.
AHEAD_PAGES = 5
AHEAD_PAGES_PER_READ = 3
Pages = dict[int, list[tuple[Any, ...]]]   # offset -> rows


def read_pages(store: Any, query: ListQuery, offsets: Sequence[int], total: int
               ) -> tuple[Pages, dict[str, str]]:
    """Pages of ``query`` (``total`` rows) at ``offsets`` and the marks of their rows
    (database thread). Once pages without the first are asked for (a scroll, the rows read
    ahead of those shown), the whole list's order is read and kept: each page is then its
    rows looked up by rowid. A read with the first page (the list's reload: opened, searched,
    changed) is made without it, so that it shows as soon as it can. Pages that follow each
    other are read in one go."""
    if offsets and 0 not in offsets:
        query.keep_order(store)
    pages: Pages = {}
    for start, count in _runs(sorted(offsets)):
        rows = query.page(store, start, count * PAGE_SIZE, total)
        for at in range(count):
            pages[start + at * PAGE_SIZE] = rows[at * PAGE_SIZE:(at + 1) * PAGE_SIZE]
    return pages, list_marks(store, query, [row[0] for rows in pages.values() for row in rows])


def list_marks(store: Any, query: ListQuery, ids: Sequence[str]) -> dict[str, str]:
    """The marks of rows of ``query`` (database thread)."""
    # a list's ids are persons' only on a list of persons (visits and referrals list cases)
    return record_marks(store, ids, persons=query.alias == "p" and not query.id_select)


def _runs(offsets: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted page offsets as (first offset, number of pages that follow each other)."""
    runs: list[tuple[int, int]] = []
    for offset in offsets:
        if runs and runs[-1][0] + runs[-1][1] * PAGE_SIZE == offset:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((offset, 1))
    return runs


def pages_around(shown: range, last_page: int, read: Container[int]) -> list[int]:
    """The nearest pages not ``read`` within AHEAD_PAGES of the ``shown`` ones, after them
    first (a few: the next read ahead takes the next ones)."""
    pages = []
    for distance in range(1, AHEAD_PAGES + 1):
        for page in (shown[-1] + distance, shown[0] - distance):
            if 0 <= page <= last_page and page not in read:
                pages.append(page)
    return sorted(pages[:AHEAD_PAGES_PER_READ])
