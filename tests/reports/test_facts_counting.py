"""Counting a source's rows a slice at a time gives the counts of one pass over them."""

from __future__ import annotations

import random
from collections import Counter

from desktop.core.reports.facts import CHUNK_ROWS, _count, _free


def test_counts_over_several_slices_equal_one_pass() -> None:
    rng = random.Random(19)
    rows = [(rng.randrange(40), rng.choice([None, 1, 2, 3]))
            for _ in range(CHUNK_ROWS * 3 + 123)]
    for column in (0, 1):
        assert _count(rows, column) == Counter(row[column] for row in rows)
    assert _count([], 0) == Counter()


def test_freeing_empties_the_rows() -> None:
    rows = [(i,) for i in range(CHUNK_ROWS * 2 + 5)]
    _free(rows)
    assert rows == []
