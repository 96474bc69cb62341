"""SQL behind the list screens, run on the database thread (Qt-free).

Every list is a :class:`ListQuery`: an immutable description (filters, search text, sort)
that counts its rows and reads one window of them with ``LIMIT``/``OFFSET``. Filtering,
searching and sorting all happen in SQL on the indexed projection columns, so a list of
100,000 cases costs no more Python work than the rows on screen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from desktop.core.search import match_expression
from desktop.core.store import Store

_NAME = ("trim(coalesce(json_extract(p.fields, '$.first_name'), '') || ' ' || "
         "coalesce(json_extract(p.fields, '$.last_name'), ''))")
_SORT_NAME = ("json_extract(p.fields, '$.last_name') COLLATE NOCASE, "
              "json_extract(p.fields, '$.first_name') COLLATE NOCASE")
_RISK_RANK = ("CASE c.risk WHEN 'urgent' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 "
              "WHEN 'low' THEN 1 ELSE 0 END")
_SEARCH_CASES = ("c.id IN (SELECT s.case_id FROM search_fts JOIN search_rows s "
                 "ON s.rowid = search_fts.rowid WHERE search_fts MATCH ? "
                 "AND s.case_id IS NOT NULL)")
_SEARCH_PERSONS = ("p.id IN (SELECT s.person_id FROM search_fts JOIN search_rows s "
                   "ON s.rowid = search_fts.rowid WHERE search_fts MATCH ?)")


@dataclass(frozen=True)
class Column:
    key: str
    header: str          # message id, translated when shown
    select: str          # SQL expression of the value
    sort: str | None     # SQL of the ORDER BY for this column (None: not sortable)
    width: int = 120


@dataclass(frozen=True)
class ListQuery:
    """One list: its table, its filters and its sort. Hashable, safe to send across threads."""

    base: str                               # FROM ... JOIN ... (aliases c / p / r)
    type_where: str                         # the fixed WHERE part
    columns: tuple[Column, ...]
    id_column: str
    filters: tuple[tuple[str, Any], ...] = ()
    text: str = ""
    text_clause: str = ""
    sort_key: str = ""
    descending: bool = False
    extra_where: tuple[tuple[str, tuple[Any, ...]], ...] = field(default=())

    def with_(self, **changes: Any) -> ListQuery:
        return replace(self, **changes)

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
        expression = match_expression(self.text) if self.text_clause else None
        if self.text.strip() and expression is None:
            clauses.append("0")  # only punctuation typed: nothing matches
        elif expression is not None:
            clauses.append(self.text_clause)
            params.append(expression)
        return " AND ".join(clauses), params

    def order_by(self) -> str:
        column = next((c for c in self.columns if c.key == self.sort_key and c.sort), None)
        direction = "DESC" if self.descending else "ASC"
        if column is None:
            return f"{self.id_column.split('.')[0]}.rowid DESC"
        parts = [f"{part.strip()} {direction}" for part in column.sort.split(",")]
        return ", ".join(parts) + f", {self.id_column.split('.')[0]}.rowid {direction}"

    def count(self, store: Store) -> int:
        where, params = self.where()
        with store.reading() as conn:
            return conn.exec_driver_sql(f"SELECT count(*) FROM {self.base} WHERE {where}",
                                        tuple(params)).scalar_one()

    def page(self, store: Store, offset: int, limit: int) -> list[tuple[Any, ...]]:
        """Rows ``offset`` .. ``offset + limit``: (id, *column values)."""
        where, params = self.where()
        selects = ", ".join([self.id_column] + [c.select for c in self.columns])
        sql = (f"SELECT {selects} FROM {self.base} WHERE {where} ORDER BY {self.order_by()} "
               f"LIMIT ? OFFSET ?")
        with store.reading() as conn:
            return [tuple(r) for r in conn.exec_driver_sql(sql, (*params, limit, offset))]

    def pages(self, store: Store, offsets: Sequence[int], limit: int
              ) -> dict[int, list[tuple[Any, ...]]]:
        return {offset: self.page(store, offset, limit) for offset in offsets}


# -- cases ---------------------------------------------------------------------------------------

CASE_COLUMNS = (
    Column("number", "Case number", "c.label", "c.label", 152),
    Column("name", "Beneficiary", _NAME, _SORT_NAME, 175),
    Column("type", "Case type", "c.kind", "c.kind", 172),
    Column("risk", "Risk", "c.risk", _RISK_RANK, 78),
    Column("status", "Status", "c.status", "c.status", 84),
    Column("village", "Village", "c.village", "c.village", 122),
    Column("opened", "Opened", "c.date1", "c.date1", 92),
    Column("review", "Review due", "c.due", "c.due", 100),
    Column("worker", "Case manager", "c.worker", "c.worker", 100),
)

CASE_FILTERS = {"unit": "c.admin_unit", "village": "c.village", "case_type": "c.kind",
                "status": "c.status", "worker": "c.worker", "risk": "c.risk"}


def case_query(*, text: str = "", sort_key: str = "opened", descending: bool = True,
               **filters: str | None) -> ListQuery:
    """The case list with these filters (keys of :data:`CASE_FILTERS`)."""
    unknown = set(filters) - set(CASE_FILTERS)
    if unknown:
        raise ValueError(f"unknown case filter {sorted(unknown)}")
    return ListQuery(
        base="records c LEFT JOIN records p ON p.id = c.person_id",
        type_where="c.type = 'case' AND c.deleted = 0",
        columns=CASE_COLUMNS, id_column="c.id",
        filters=tuple((CASE_FILTERS[k], v) for k, v in sorted(filters.items())),
        text=text, text_clause=_SEARCH_CASES, sort_key=sort_key, descending=descending)


def case_filter_values(store: Store, unit: str | None = None) -> dict[str, list[str]]:
    """Distinct units, villages (of ``unit``) and workers of the cases, for the filters."""
    with store.reading() as conn:
        def distinct(column: str, extra: str = "", params: tuple[Any, ...] = ()) -> list[str]:
            rows = conn.exec_driver_sql(
                f"SELECT DISTINCT {column} FROM records WHERE type = 'case' AND deleted = 0 "
                f"AND {column} IS NOT NULL {extra} ORDER BY {column}", params)
            return [r[0] for r in rows]
        villages = distinct("village", "AND admin_unit = ?", (unit,)) if unit else \
            distinct("village")
        return {"unit": distinct("admin_unit"), "village": villages,
                "worker": distinct("worker")}


# -- persons -------------------------------------------------------------------------------------

PERSON_COLUMNS = (
    Column("name", "Name", _NAME, _SORT_NAME, 200),
    Column("father", "Father's name", "json_extract(p.fields, '$.father_name')",
           "json_extract(p.fields, '$.father_name')", 120),
    Column("birth", "Date of birth", "p.date1", "p.date1", 105),
    Column("personal_id", "Personal ID number", "json_extract(p.fields, '$.personal_id')",
           "json_extract(p.fields, '$.personal_id')", 140),
    Column("unit", "Administrative unit", "p.admin_unit", "p.admin_unit", 140),
    Column("village", "Village", "p.village", "p.village", 130),
)


def person_query(*, text: str = "", unit: str | None = None, village: str | None = None,
                 sort_key: str = "name", descending: bool = False) -> ListQuery:
    return ListQuery(
        base="records p", type_where="p.type = 'person' AND p.deleted = 0",
        columns=PERSON_COLUMNS, id_column="p.id",
        filters=(("p.admin_unit", unit), ("p.village", village)),
        text=text, text_clause=_SEARCH_PERSONS, sort_key=sort_key, descending=descending)


# -- visits and referrals ------------------------------------------------------------------------

_CASE_JOIN = ("records r LEFT JOIN records c ON c.id = r.case_id "
              "LEFT JOIN records p ON p.id = c.person_id")

VISIT_COLUMNS = (
    Column("date", "Visit date", "r.date1", "r.date1", 100),
    Column("number", "Case number", "c.label", "c.label", 170),
    Column("name", "Beneficiary", _NAME, _SORT_NAME, 190),
    Column("protocol", "Protocol", "r.kind", "r.kind", 130),
    Column("village", "Village", "r.village", "r.village", 130),
    Column("follow_up", "Follow-up", "r.due", "r.due", 100),
    Column("by", "Visited by", "r.worker", "r.worker", 110),
)


def visit_query(*, village: str | None = None, protocol: str | None = None,
                worker: str | None = None, sort_key: str = "date",
                descending: bool = True) -> ListQuery:
    return ListQuery(
        base=_CASE_JOIN, type_where="r.type = 'visit' AND r.deleted = 0",
        columns=VISIT_COLUMNS, id_column="r.case_id",
        filters=(("r.village", village), ("r.kind", protocol), ("r.worker", worker)),
        sort_key=sort_key, descending=descending)


REFERRAL_COLUMNS = (
    Column("sent", "Sent on", "r.date1", "r.date1", 95),
    Column("number", "Case number", "c.label", "c.label", 170),
    Column("name", "Beneficiary", _NAME, _SORT_NAME, 180),
    Column("service", "Service", "r.kind", "r.kind", 190),
    Column("status", "Status", "r.status", "r.status", 120),
    Column("due", "Response due", "r.due", "r.due", 110),
    Column("provider", "Provider", "json_extract(r.fields, '$.provider_name')",
           "json_extract(r.fields, '$.provider_name')", 160),
)


def referral_query(*, status: str | None = None, overdue_on: dt.date | None = None,
                   not_delivered: bool = False, sort_key: str = "sent",
                   descending: bool = True) -> ListQuery:
    """Referrals; ``overdue_on``: still "sent" after the response date; ``not_delivered``:
    prescribed by the commission but refused or not possible."""
    extra: list[tuple[str, tuple[Any, ...]]] = []
    if overdue_on is not None:
        extra.append(("r.status = 'sent' AND r.due IS NOT NULL AND r.due < ?",
                      (overdue_on.isoformat(),)))
    if not_delivered:
        extra.append(("r.status IN ('refused', 'not_possible') AND "
                      "json_extract(r.fields, '$.prescribed') = 1", ()))
    return ListQuery(
        base=_CASE_JOIN, type_where="r.type = 'referral' AND r.deleted = 0",
        columns=REFERRAL_COLUMNS, id_column="r.case_id",
        filters=(("r.status", status),), extra_where=tuple(extra),
        sort_key=sort_key, descending=descending)
