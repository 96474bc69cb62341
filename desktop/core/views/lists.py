"""SQL behind the list screens, run on the database thread (Qt-free).

Every list is a :class:`ListQuery`: an immutable description (filters, search text, sort)
that counts its rows and reads one window of them with ``LIMIT``/``OFFSET``. Filtering,
searching and sorting all happen in SQL on the indexed projection columns, so a list of
100,000 cases costs no more Python work than the rows on screen. Once a long list is scrolled,
the rowids of the whole list are read once in its order and kept (:class:`KeptOrder`): a page
anywhere is then its rows looked up by rowid, with no walk over the rows before it.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from desktop.core.search import match_expression
from desktop.core.store import Store

NAME_SQL = ("trim(coalesce(json_extract(p.fields, '$.first_name'), '') || ' ' || "
         "coalesce(json_extract(p.fields, '$.last_name'), ''))")
SORT_NAME_SQL = ("json_extract(p.fields, '$.last_name') COLLATE NOCASE, "
              "json_extract(p.fields, '$.first_name') COLLATE NOCASE")
# Search lists the store's best hits; more than this and the person types more.
SEARCH_LIMIT = 500


@dataclass(frozen=True)
class Column:
    key: str
    header: str          # message id, translated when shown
    select: str          # SQL expression of the value
    sort: str | None     # SQL of the ORDER BY for this column (None: not sortable)
    width: int = 120
    # Sorting reads every row of the list (a value of a joined record, or one inside the
    # JSON fields): offered on short lists only.
    sort_joins: bool = False


class KeptOrder:
    """The rowids of a whole list in its order, read once on the database thread when the
    list is scrolled (see :meth:`ListQuery.keep_order`): a page anywhere in the list is then
    its 100 rows looked up by rowid, not a walk over every row before it (OFFSET). Made anew
    by each :meth:`ListQuery.resolve`, so a list reloaded after a change reads it again.
    Filled and read on the database thread only (the UI thread just hands it back)."""

    __slots__ = ("rowids",)

    def __init__(self) -> None:
        self.rowids: array[int] | None = None


@dataclass(frozen=True)
class ListQuery:
    """One list: its records, filters, search text and sort. Hashable, safe to send across
    threads.

    ``alias`` names the listed records (``c`` cases, ``p`` persons, ``r`` visits or
    referrals); ``joins`` brings in what is shown beside them. A window of rows is read in
    two steps: the ordered row ids of the window first, from the records table alone (its
    indexes), then the shown values of just those rows.

    With search text, the list is the store's search hits (at most :data:`SEARCH_LIMIT`,
    ``search_id`` says which id of a hit is listed) within the filters, best match first
    unless a column sort is chosen.
    """

    alias: str
    joins: str
    type_where: str
    columns: tuple[Column, ...]
    filters: tuple[tuple[str, Any], ...] = ()
    text: str = ""
    search_id: str = ""      # "case_id" or "person_id": lists that can be searched
    sort_key: str = ""
    descending: bool = False
    extra_where: tuple[tuple[str, tuple[Any, ...]], ...] = field(default=())
    id_select: str = ""      # the id each row carries (default: the listed record's)
    hits: tuple[str, ...] | None = None   # the search's hits, once found (see resolve)
    # the rowids of the listed records among the hits, in the hits' order (see resolve)
    hit_rows: tuple[int, ...] | None = None
    # an index of the live listed records by id holding the filters' columns (schema step 11):
    # the hits are checked against the filters without reading their rows
    by_id_index: str = ""
    # a partial index of exactly the listed records (its WHERE is type_where): the whole list
    # is counted by reading that index through, with no test on each of its entries
    all_index: str = ""
    # (sort key, a partial index of exactly the listed records in that column's order; key ""
    # the list's own order): the whole list's window is found by walking that index alone
    sort_indexes: tuple[tuple[str, str], ...] = ()
    # the whole list's rowids in its order, once kept (an unsearched list, see resolve)
    order: KeptOrder | None = field(default=None, compare=False, repr=False)

    def with_(self, **changes: Any) -> ListQuery:
        """The query changed; what :meth:`resolve` found is found again."""
        return replace(self, **{"hits": None, "hit_rows": None, "order": None, **changes})

    @property
    def searching(self) -> bool:
        return bool(self.search_id and self.text.strip())

    @property
    def sort_column(self) -> Column | None:
        return next((c for c in self.columns if c.key == self.sort_key and c.sort), None)

    def hit_ids(self, store: Store) -> list[str]:
        """The ids the search text finds, best match first (at most SEARCH_LIMIT)."""
        if match_expression(self.text) is None:
            return []
        return store.search_ids(self.text, self.search_id, SEARCH_LIMIT)

    def source(self, hits: list[str] | None, index: str = "") -> tuple[str, list[Any]]:
        """FROM: the records, or the search hits in their order joined to their records
        (CROSS JOIN keeps that order of the join: hits first, each found by its id, through
        ``index`` if given)."""
        if hits is None:
            return f"records {self.alias}", []
        indexed = f" INDEXED BY {index}" if index else ""
        return (f"json_each(?) AS h CROSS JOIN records {self.alias}{indexed} "
                f"ON {self.alias}.id = h.value", [json.dumps(hits)])

    def where(self) -> tuple[str, list[Any]]:
        clauses, params = [self.type_where], []
        for column, value in self.filters:
            if value is None or value == "":
                continue
            clauses.append(f"{column} = ?")
            params.append(value)
        for clause, clause_params in self.extra_where:
            clauses.append(clause)
            params.extend(clause_params)
        return " AND ".join(clauses), params

    def order_by(self, hits: list[str] | None = None, reverse: bool = False) -> str:
        """ORDER BY of the list (``reverse``: the other way round, the last row first; the
        order is total, ending with the rowid, so that it reverses exactly)."""
        column = self.sort_column
        direction = "DESC" if self.descending != reverse else "ASC"
        if column is None:
            # best match first when searching; else the newest first
            if hits is not None:
                return "h.key"
            return f"{self.alias}.rowid {'ASC' if reverse else 'DESC'}"
        parts = [f"{part} {direction}" for part in _terms(column.sort)]
        return ", ".join(parts) + f", {self.alias}.rowid {direction}"

    def resolve(self, store: Store) -> ListQuery:
        """The same query with its search hits found, so that counting and reading pages
        search only once; and which of them the list shows (the records within the filters,
        in the hits' order), so that the count is their number and a page of the best matches
        reads only its rows. An unsearched list gets an empty :class:`KeptOrder`, filled by
        :meth:`keep_order` once rows beyond its first page are read."""
        if not self.searching:
            return self if self.order is not None else replace(self, order=KeptOrder())
        if self.hits is not None:
            return self
        return self.with_hits(store, self.hit_ids(store))

    def with_hits(self, store: Store, hits: list[str]) -> ListQuery:
        """The same query given its search ``hits``, with the rows of them it shows."""
        source, source_params = self.source(hits, self.by_id_index)
        where, params = self.where()
        with store.reading() as conn:
            rows = conn.exec_driver_sql(
                f"SELECT {self.alias}.rowid FROM {source} WHERE {where} ORDER BY h.key",
                (*source_params, *params)).fetchall()
        return replace(self, hits=tuple(hits), hit_rows=tuple(r[0] for r in rows))

    def _hits(self, store: Store) -> list[str] | None:
        if not self.searching:
            return None
        return list(self.hits) if self.hits is not None else self.hit_ids(store)

    def keep_order(self, store: Store) -> None:
        """Read and keep the rowids of the whole (resolved, unsearched) list in its order:
        one walk of the list, as the count makes, instead of one for each page read."""
        if self.order is None or self.order.rowids is not None:
            return
        rows, params = self._walk(None)
        # One JSON array, not a result row per record: the driver's rows cost four times
        # the walk itself. The aggregate takes the subquery's rows in its order.
        sql = (f"SELECT json_group_array(rid) FROM (SELECT {self.alias}.rowid AS rid {rows} "
               f"ORDER BY {self.order_by()})")
        with store.reading() as conn:
            rowids = conn.exec_driver_sql(sql, tuple(params)).scalar_one()
        self.order.rowids = array("q", json.loads(rowids))

    def _walk(self, hits: list[str] | None) -> tuple[str, list[Any]]:
        """FROM .. WHERE of the listed rows, through the index of the list's order if the
        whole list is read, with the joins its sort needs; and its parameters."""
        column = self.sort_column
        source, source_params = self.source(hits)
        where, params = self.where()
        index = dict(self.sort_indexes).get(column.key if column is not None else "")
        if hits is None and where == self.type_where and index:
            source = f"{source} INDEXED BY {index}"
        joins = self.joins if column is not None and column.sort_joins else ""
        return f"FROM {source} {joins} WHERE {where}", [*source_params, *params]

    def _kept(self) -> array[int] | None:
        return self.order.rowids if self.order is not None else None

    def count(self, store: Store) -> int:
        if self.hit_rows is not None:
            return len(self.hit_rows)
        kept = self._kept()
        if kept is not None:
            return len(kept)
        hits = self._hits(store)
        source, source_params = self.source(hits)
        where, params = self.where()
        if hits is None and where == self.type_where and self.all_index:
            source = f"{source} INDEXED BY {self.all_index}"
        sql = f"SELECT count(*) FROM {source} WHERE {where}"
        with store.reading() as conn:
            return conn.exec_driver_sql(sql, (*source_params, *params)).scalar_one()

    def page(self, store: Store, offset: int, limit: int, total: int | None = None
             ) -> list[tuple[Any, ...]]:
        """Rows ``offset`` .. ``offset + limit``: (id, *column values). With the list's order
        kept (:meth:`keep_order`), the window's rowids are taken from it. Otherwise, with
        ``total``, the list's count, a page in its second half is read from the end: OFFSET
        steps over every row before the window, so the last page costs as little as the
        first."""
        column = self.sort_column
        if column is None and self.hit_rows is not None:
            return self._rows_of(store, list(self.hit_rows[offset:offset + limit]))
        kept = self._kept()
        if kept is not None:
            return self._rows_of(store, kept[offset:offset + limit].tolist())
        hits = self._hits(store)
        rows, params = self._walk(hits)
        order = self.order_by(hits)
        a = self.alias
        # the window's row ids in order, then the shown values of those rows in that order
        relevance = column is None and hits is not None
        inner_order = order
        if total is not None and not relevance and offset > total // 2:
            limit = min(limit, total - offset)
            if limit <= 0:
                return []
            offset, inner_order = total - offset - limit, self.order_by(hits, reverse=True)
        inner = (f"SELECT {a}.rowid AS rid{', h.key AS hk' if relevance else ''} {rows} "
                 f"ORDER BY {inner_order} LIMIT ? OFFSET ?")
        selects = ", ".join([self.id_select or f"{a}.id"] + [c.select for c in self.columns])
        sql = (f"SELECT {selects} FROM ({inner}) AS w JOIN records {a} ON {a}.rowid = w.rid "
               f"{self.joins} ORDER BY {'w.hk' if relevance else order}")
        values = (*params, limit, offset)
        with store.reading() as conn:
            return [tuple(r) for r in conn.exec_driver_sql(sql, values)]

    def _rows_of(self, store: Store, rowids: list[int]) -> list[tuple[Any, ...]]:
        """The shown values of the listed records ``rowids``, in that order (still within
        the list's filters)."""
        if not rowids:
            return []
        a = self.alias
        where, params = self.where()
        selects = ", ".join([self.id_select or f"{a}.id"] + [c.select for c in self.columns])
        sql = (f"SELECT {selects} FROM json_each(?) AS w CROSS JOIN records {a} "
               f"ON {a}.rowid = w.value {self.joins} WHERE {where} ORDER BY w.key")
        with store.reading() as conn:
            return [tuple(r) for r in conn.exec_driver_sql(sql, (json.dumps(rowids), *params))]

    def pages(self, store: Store, offsets: Sequence[int], limit: int,
              total: int | None = None) -> dict[int, list[tuple[Any, ...]]]:
        return {offset: self.page(store, offset, limit, total) for offset in offsets}


def _terms(order: str) -> list[str]:
    """The terms of an ORDER BY, split at the commas outside parentheses."""
    terms, depth, start = [], 0, 0
    for at, char in enumerate(order):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            terms.append(order[start:at].strip())
            start = at + 1
    return [*terms, order[start:].strip()]


# -- cases ---------------------------------------------------------------------------------------

CASE_COLUMNS = (
    Column("number", "Case number", "c.title", "c.title", 170),
    Column("name", "Beneficiary", NAME_SQL, SORT_NAME_SQL, 170, sort_joins=True),
    Column("type", "Case type", "c.subtype", "c.subtype", 160),
    Column("risk", "Risk", "c.risk", "c.risk", 80),   # sorted by the profile's order
    Column("status", "Status", "c.status", "c.status", 78),
    Column("village", "Village", "c.village", "c.village", 118),
    Column("opened", "Opened", "c.main_date", "c.main_date", 98),
    Column("review", "Review due", "c.due", "c.due", 98),
    Column("worker", "Case manager", "c.worker", "c.worker", 100),
)

CASE_FILTERS = {"unit": "c.admin_unit", "village": "c.village", "case_type": "c.subtype",
                "status": "c.status", "worker": "c.worker", "risk": "c.risk"}


def rank_sql(column: str, codes: Sequence[str]) -> str:
    """SQL ranking ``column`` by the place of its code in ``codes`` (a profile's list, least
    first); a code not in the list ranks lowest."""
    if not codes:
        return column
    ranks = " ".join(f"WHEN '{code.replace(chr(39), chr(39) * 2)}' THEN {n}"
                     for n, code in enumerate(codes, start=1))
    return f"CASE {column} {ranks} ELSE 0 END"


def case_query(*, text: str = "", sort_key: str = "opened", descending: bool = True,
               risk_levels: Sequence[str] = (), **filters: str | None) -> ListQuery:
    """The case list with these filters (keys of :data:`CASE_FILTERS`); the risk column sorts
    by ``risk_levels`` (the profile's risk levels, lowest first)."""
    unknown = set(filters) - set(CASE_FILTERS)
    if unknown:
        raise ValueError(f"unknown case filter {sorted(unknown)}")
    columns = tuple(replace(c, sort=rank_sql("c.risk", risk_levels)) if c.key == "risk" else c
                    for c in CASE_COLUMNS)
    return ListQuery(
        alias="c", joins="LEFT JOIN records p ON p.id = c.person_id",
        type_where="c.type = 'case' AND c.deleted = 0", columns=columns,
        filters=tuple((CASE_FILTERS[k], v) for k, v in sorted(filters.items())
                      if v is not None and v != ""),
        text=text, search_id="case_id", sort_key=sort_key, descending=descending,
        by_id_index="records_live_case_by_id", all_index="records_live_cases",
        sort_indexes=(("opened", "records_live_case_opened"),))


def case_filter_values(store: Store, unit: str | None = None) -> dict[str, list[str]]:
    """Distinct units, villages (of ``unit``) and workers of the cases, for the filters."""
    with store.reading() as conn:
        def distinct(column: str, extra: str = "", params: tuple[Any, ...] = ()) -> list[str]:
            # Read from the indexes alone (a value of a deleted case may show; choosing it
            # simply lists nothing).
            rows = conn.exec_driver_sql(
                f"SELECT DISTINCT {column} FROM records WHERE type = 'case' "
                f"AND {column} IS NOT NULL {extra} ORDER BY {column}", params)
            return [r[0] for r in rows]
        villages = distinct("village", "AND admin_unit = ?", (unit,)) if unit else \
            distinct("village")
        return {"unit": distinct("admin_unit"), "village": villages,
                "worker": distinct("worker")}


# -- persons -------------------------------------------------------------------------------------

PERSON_COLUMNS = (
    Column("name", "Name", NAME_SQL, SORT_NAME_SQL, 175, sort_joins=True),
    Column("father", "Father's name", "json_extract(p.fields, '$.father_name')",
           "json_extract(p.fields, '$.father_name')", 105, sort_joins=True),
    Column("birth", "Date of birth", "p.main_date", "p.main_date", 105),
    Column("personal_id", "Personal ID number", "json_extract(p.fields, '$.personal_id')",
           "json_extract(p.fields, '$.personal_id')", 130, sort_joins=True),
    Column("unit", "Administrative unit", "p.admin_unit", "p.admin_unit", 110),
    Column("village", "Village", "p.village", "p.village", 120),
)


def person_query(*, text: str = "", unit: str | None = None, village: str | None = None,
                 sort_key: str = "", descending: bool = False) -> ListQuery:
    """Persons; without a sort, the most recently registered first."""
    return ListQuery(
        alias="p", joins="", type_where="p.type = 'person' AND p.deleted = 0",
        columns=PERSON_COLUMNS,
        filters=(("p.admin_unit", unit), ("p.village", village)),
        text=text, search_id="person_id", sort_key=sort_key, descending=descending,
        by_id_index="records_live_person_by_id", all_index="records_live_person_by_id",
        sort_indexes=(("", "records_live_persons"),))
