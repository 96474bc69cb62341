"""Publication: small counts hidden, and enough other numbers hidden that they stay hidden.

Primary suppression hides every count from 1 to ``threshold - 1`` (zero may show). Hiding a
count is not enough when a row or column total is published: the one hidden number of a row is
the total minus the others. Complementary suppression therefore hides more numbers until no
hidden number can be worked out from what is published.

The published numbers of a table and its totals obey one equation per row and per column.
Seen as a graph whose nodes are the rows and columns of the extended grid (totals included)
and whose edges are the hidden numbers, a hidden number can be worked out by adding and
subtracting equations exactly when its edge is a *bridge* (it lies on no cycle). The simple
case is a row with only one hidden number. So the first loop removes every bridge by hiding
one more number that closes a cycle through it.

Someone who knows that ``<5`` means 1 to 4 and ``x`` means 0 or at least 5 can still narrow
a hidden number down with those bounds. The second loop checks, for each small count, whether
the published table allows another value for it (a feasible flow in the network of the
table's equations with the known bounds); if not, it hides more. Both loops repeat until
nothing changes. Tables of one report that share a number (a row total of one is the row total
of another) hide it in all of them.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import replace

from desktop.core.reports.model import Position, Report, SideColumn, Table

Grid = list[list[int]]
BIG = 10**12
Identity = tuple[str, frozenset[tuple[str, str]]]


# -- one table ---------------------------------------------------------------------------------

def suppress_grid(grid: Grid, *, threshold: int = 5,
                  forced: Iterable[Position] = ()) -> tuple[set[Position], set[Position]]:
    """(hidden, small) positions of an extended grid (last row and column are the totals).

    ``small`` are the hidden counts shown as ``<5``. When even hiding everything leaves a small
    count pinned by the marks (four ``<5`` in a row whose total is ``<5`` are four ones), the
    small counts of its row and column are shown as ``x`` instead, which says nothing of them.
    """
    small = {(r, c) for r, row in enumerate(grid) for c, v in enumerate(row)
             if 1 <= v < threshold}
    hidden = small | set(forced)
    for _ in range(2 * len(grid) * len(grid[0]) + 2):
        extra = _fix_bridge(grid, hidden)
        if extra is None:
            extra = _fix_bounds(grid, hidden, small, threshold)
        if extra is None:
            break
        if extra:
            hidden |= extra
            continue
        vague = _vague_lines(grid, hidden, small, threshold)
        if not vague:
            break
        small -= vague
    return hidden, small


def _vague_lines(grid: Grid, hidden: set[Position], small: set[Position],
                 threshold: int) -> set[Position]:
    """The ``<5`` counts in the row and column of the first pinned count that has any left
    (a count already shown as ``x`` may stay pinned while ``<5`` counts elsewhere are too)."""
    for row, col in sorted(p for p in hidden if 1 <= grid[p[0]][p[1]] < threshold):
        if is_pinned(grid, hidden, small, threshold, (row, col)):
            lines = {p for p in small if p[0] == row or p[1] == col}
            if lines:
                return lines
    return set()


def _fix_bridge(grid: Grid, hidden: set[Position]) -> set[Position] | None:
    """A number to hide that puts the first bridge on a cycle (None: there is no bridge)."""
    bridges = find_bridges(len(grid), len(grid[0]), hidden)
    if not bridges:
        return None
    choice = _closing_candidate(grid, hidden, bridges[0])
    return {choice} if choice is not None else set()


def _fix_bounds(grid: Grid, hidden: set[Position], small: set[Position],
                threshold: int) -> set[Position]:
    """Numbers to hide beside each small count the bounds still pin down (None: none is
    pinned; empty: some are, and nothing is left to hide)."""
    extra: set[Position] = set()
    pinned = False
    for position in sorted(p for p in hidden if 1 <= grid[p[0]][p[1]] < threshold):
        if is_pinned(grid, hidden, small, threshold, position):
            pinned = True
            row, col = position
            line = [(row, c) for c in range(len(grid[0]))] + [(r, col) for r in range(len(grid))]
            choice = _best([p for p in line if p not in hidden | extra], grid)
            if choice is None:
                choice = _best([p for p in _all(grid) if p not in hidden | extra], grid)
            if choice is not None:
                extra.add(choice)
    return extra if pinned else None


def _closing_candidate(grid: Grid, hidden: set[Position], bridge: Position) -> Position | None:
    n_rows = len(grid)
    side_a = _component(n_rows, len(grid[0]), hidden - {bridge}, ("r", bridge[0]))
    side_b = _component(n_rows, len(grid[0]), hidden - {bridge}, ("c", bridge[1]))
    cross = [(r, c) for r, c in _all(grid) if (r, c) not in hidden and (
        (("r", r) in side_a and ("c", c) in side_b) or (("r", r) in side_b and ("c", c) in side_a))]
    choice = _best(cross, grid)
    if choice is None:  # the bridge's ends touch nothing else yet: grow from its row or column
        row, col = bridge
        line = [(row, c) for c in range(len(grid[0]))] + [(r, col) for r in range(n_rows)]
        choice = _best([p for p in line if p not in hidden], grid)
    if choice is None:
        choice = _best([p for p in _all(grid) if p not in hidden], grid)
    return choice


def _best(candidates: list[Position], grid: Grid) -> Position | None:
    """Prefer a non-zero count inside the table, the smallest first; totals and zeros last."""
    if not candidates:
        return None
    last_row, last_col = len(grid) - 1, len(grid[0]) - 1

    def cost(p: Position) -> tuple[bool, bool, int, int, int]:
        value = grid[p[0]][p[1]]
        return (value == 0, p[0] == last_row or p[1] == last_col, value, p[0], p[1])

    return min(candidates, key=cost)


def _all(grid: Grid) -> list[Position]:
    return [(r, c) for r in range(len(grid)) for c in range(len(grid[0]))]


# -- the graph of hidden numbers ---------------------------------------------------------------

Node = tuple[str, int]


def _adjacency(hidden: Iterable[Position]) -> dict[Node, list[tuple[Node, Position]]]:
    adjacent: dict[Node, list[tuple[Node, Position]]] = defaultdict(list)
    for r, c in hidden:
        adjacent[("r", r)].append((("c", c), (r, c)))
        adjacent[("c", c)].append((("r", r), (r, c)))
    return adjacent


def _component(n_rows: int, n_cols: int, hidden: set[Position], start: Node) -> set[Node]:
    adjacent = _adjacency(hidden)
    seen, queue = {start}, deque([start])
    while queue:
        for other, _ in adjacent[queue.popleft()]:
            if other not in seen:
                seen.add(other)
                queue.append(other)
    return seen


def find_bridges(n_rows: int, n_cols: int, hidden: Iterable[Position]) -> list[Position]:
    """Hidden positions that lie on no cycle (each can be worked out from the totals)."""
    adjacent = _adjacency(hidden)
    order: dict[Node, int] = {}
    low: dict[Node, int] = {}
    bridges: list[Position] = []
    for root in sorted(adjacent):
        if root in order:
            continue
        order[root] = low[root] = len(order)
        stack: list[tuple[Node, Position | None, Iterable]] = [(root, None, iter(adjacent[root]))]
        while stack:
            node, via, edges = stack[-1]
            step = next(edges, None)
            if step is None:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[node])
                    if low[node] > order[parent]:
                        bridges.append(via)  # type: ignore[arg-type]
                continue
            other, edge = step
            if edge == via:
                continue
            if other in order:
                low[node] = min(low[node], order[other])
            else:
                order[other] = low[other] = len(order)
                stack.append((other, edge, iter(adjacent[other])))
    return sorted(bridges)


# -- what the bounds give away -----------------------------------------------------------------

def bounds(grid: Grid, hidden: set[Position], small: set[Position], threshold: int,
           position: Position) -> tuple[int, int]:
    """What a reader knows of a hidden number from its mark alone.

    ``<5`` is 1 to 4. ``x`` is usually 0 or at least ``threshold``; the check errs on the side
    of the reader knowing more: a hidden zero is taken as known (zero may show), a small count
    shown as ``x`` as known to be at least 1.
    """
    value = grid[position[0]][position[1]]
    if position in small:
        return 1, threshold - 1
    if value >= threshold:
        return threshold, BIG
    return (1, BIG) if value >= 1 else (0, 0)


def is_pinned(grid: Grid, hidden: set[Position], small: set[Position], threshold: int,
              position: Position) -> bool:
    """True if the published table and the marks allow only the true value at ``position``.

    The true table is one solution; the value at ``position`` can move by one exactly when
    the other hidden numbers can move with it around a cycle, each staying within its bounds:
    a path in the residual graph of the true table from one end of its edge back to the other.
    """
    value = grid[position[0]][position[1]]
    low, high = bounds(grid, hidden, small, threshold, position)
    residual = _residual(grid, hidden, small, threshold, skip=position)
    tail, head = _edge(grid, *position)
    if value < high and _reaches(residual, head, tail):
        return False
    return not (value > low and _reaches(residual, tail, head))


def _residual(grid: Grid, hidden: set[Position], small: set[Position], threshold: int,
              skip: Position) -> dict[Node, set[Node]]:
    arcs: dict[Node, set[Node]] = defaultdict(set)
    for r, c in hidden:
        if (r, c) == skip:
            continue
        tail, head = _edge(grid, r, c)
        low, high = bounds(grid, hidden, small, threshold, (r, c))
        if grid[r][c] < high:
            arcs[tail].add(head)
        if grid[r][c] > low:
            arcs[head].add(tail)
    return arcs


def _reaches(arcs: dict[Node, set[Node]], start: Node, goal: Node) -> bool:
    seen, queue = {start}, deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            return True
        for other in arcs.get(node, ()):
            if other not in seen:
                seen.add(other)
                queue.append(other)
    return False


def _edge(grid: Grid, r: int, c: int) -> tuple[Node, Node]:
    """Each number is a flow between a row node and a column node (totals flow back)."""
    last_row, last_col = len(grid) - 1, len(grid[0]) - 1
    if r < last_row and c < last_col:
        return ("c", c), ("r", r)
    if r < last_row:
        return ("r", r), ("c", c)
    if c < last_col:
        return ("r", r), ("c", c)
    return ("c", c), ("r", r)


def feasible(grid: Grid, hidden: set[Position], small: set[Position], threshold: int,
             fixed: dict[Position, int]) -> bool:
    """Is there a table with the published numbers, the marks' bounds and ``fixed`` values?"""
    excess: dict[Node, int] = defaultdict(int)
    network = _Network()
    for r, c in _all(grid):
        tail, head = _edge(grid, r, c)
        if (r, c) in fixed:
            low = high = fixed[(r, c)]
        elif (r, c) in hidden:
            low, high = bounds(grid, hidden, small, threshold, (r, c))
        else:
            low = high = grid[r][c]
        excess[head] += low
        excess[tail] -= low
        if high > low:
            network.add(tail, head, high - low)
    need = 0
    for node, amount in excess.items():
        if amount > 0:
            network.add("source", node, amount)
            need += amount
        elif amount < 0:
            network.add(node, "sink", -amount)
    return network.max_flow("source", "sink") == need


class _Network:
    """A small max-flow network (Edmonds-Karp)."""

    def __init__(self) -> None:
        self.capacity: dict[object, dict[object, int]] = defaultdict(lambda: defaultdict(int))

    def add(self, tail: object, head: object, capacity: int) -> None:
        self.capacity[tail][head] += capacity
        self.capacity[head][tail] += 0

    def max_flow(self, source: object, sink: object) -> int:
        total = 0
        while True:
            parent = self._path(source, sink)
            if parent is None:
                return total
            node, push = sink, BIG * BIG
            while node != source:
                push = min(push, self.capacity[parent[node]][node])
                node = parent[node]
            node = sink
            while node != source:
                self.capacity[parent[node]][node] -= push
                self.capacity[node][parent[node]] += push
                node = parent[node]
            total += push

    def _path(self, source: object, sink: object) -> dict[object, object] | None:
        parent: dict[object, object] = {source: source}
        queue = deque([source])
        while queue:
            node = queue.popleft()
            for other, left in self.capacity[node].items():
                if left > 0 and other not in parent:
                    parent[other] = node
                    if other == sink:
                        return parent
                    queue.append(other)
        return None


# -- a whole report ----------------------------------------------------------------------------

def identity(table: Table, position: Position) -> Identity | None:
    """What a number counts, so that the same number in two tables is hidden in both."""
    if not table.source:
        return None
    n_rows, n_cols = table.shape
    conditions = dict(table.filters)
    r, c = position
    if r < n_rows:
        conditions[table.row_dim] = table.row_keys[r] or ""
    if c < n_cols:
        conditions[table.column_dim] = table.column_keys[c] or ""
    return table.source, frozenset(conditions.items())


def publish(report: Report, threshold: int = 5) -> Report:
    """The report as it may be published: aggregates with small and recoverable counts hidden."""
    tables = report.tables
    forced: list[set[Position]] = [set() for _ in tables]
    while True:
        results = [suppress_grid(t.grid(), threshold=threshold, forced=f)
                   for t, f in zip(tables, forced, strict=True)]
        shared = _hidden_identities(tables, results, threshold)
        grown = [f | {p for p in t.positions() if identity(t, p) in shared}
                 for t, f in zip(tables, forced, strict=True)]
        if grown == forced:
            break
        forced = grown
    published = tuple(_published_table(t, hidden, small, shared, threshold)
                      for t, (hidden, small) in zip(tables, results, strict=True))
    return replace(report, tables=published, public=True,
                   cases_managed=_small_or(report.cases_managed, threshold),
                   persons=_small_or(report.persons, threshold))


def _hidden_identities(tables: tuple[Table, ...], results: list[tuple[set, set]],
                       threshold: int) -> set[Identity]:
    shared: set[Identity] = set()
    for table, (hidden, _) in zip(tables, results, strict=True):
        shared |= {i for i in (identity(table, p) for p in hidden) if i is not None}
        if table.unique_source and table.unique_total is not None \
                and 1 <= table.unique_total < threshold:
            shared.add((table.unique_source, frozenset()))
    return shared


def _published_table(table: Table, hidden: set[Position], small: set[Position],
                     shared: set[Identity], threshold: int) -> Table:
    grid = table.grid()
    n_rows, n_cols = table.shape
    shown = [[None if (r, c) in hidden else grid[r][c] for c in range(n_cols + 1)]
             for r in range(n_rows + 1)]
    unique_hidden = bool(table.unique_source) and (
        (table.unique_source, frozenset()) in shared
        or (table.unique_total is not None and 1 <= table.unique_total < threshold))
    totals = replace(table.totals, rows=tuple(shown[r][n_cols] for r in range(n_rows)),
                     columns=tuple(shown[n_rows][:n_cols]), grand=shown[n_rows][n_cols])
    return replace(
        table, cells=tuple(tuple(row[:n_cols]) for row in shown[:n_rows]), totals=totals,
        hidden=frozenset(hidden), small=frozenset(small),
        unique_total=None if unique_hidden else table.unique_total, unique_hidden=unique_hidden,
        side=tuple(_published_side(s, hidden, n_rows, n_cols) for s in table.side))


def _published_side(side: SideColumn, hidden: set[Position], n_rows: int,
                    n_cols: int) -> SideColumn:
    if side.depends == "none":
        return side

    def shown(row: int) -> bool:
        if side.depends == "total":
            return (row, n_cols) not in hidden
        return not any((row, c) in hidden for c in range(n_cols + 1))

    rows = {r for r in range(n_rows) if not shown(r) and side.values[r] is not None}
    if hidden and side.total is not None:  # the total leans on every row: shown only if all are
        rows.add(-1)
    values = tuple(None if r in rows else v for r, v in enumerate(side.values))
    return replace(side, values=values, total=None if -1 in rows else side.total,
                   hidden=frozenset(rows))


def _small_or(value: int | None, threshold: int) -> int | None:
    return None if value is not None and 1 <= value < threshold else value
