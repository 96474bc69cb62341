"""SQL behind the lists of visits and referrals, run on the database thread (Qt-free): each
a :class:`~desktop.core.views.lists.ListQuery` of those records, shown with their case."""

from __future__ import annotations

import datetime as dt
from typing import Any

from desktop.core.views.lists import NAME_SQL, SORT_NAME_SQL, Column, ListQuery

_CASE_JOIN = "LEFT JOIN records c ON c.id = r.case_id LEFT JOIN records p ON p.id = c.person_id"

VISIT_COLUMNS = (
    Column("date", "Visit date", "r.main_date", "r.main_date", 120),
    Column("number", "Case number", "c.title", "c.title", 175, sort_joins=True),
    Column("name", "Beneficiary", NAME_SQL, SORT_NAME_SQL, 190, sort_joins=True),
    Column("protocol", "Protocol", "r.subtype", "r.subtype", 130),
    Column("village", "Village", "r.village", "r.village", 130),
    Column("follow_up", "Follow-up", "r.due", "r.due", 100),
    Column("by", "Visited by", "r.worker", "r.worker", 110),
)


def visit_query(*, village: str | None = None, protocol: str | None = None,
                worker: str | None = None, sort_key: str = "date",
                descending: bool = True) -> ListQuery:
    return ListQuery(
        alias="r", joins=_CASE_JOIN, type_where="r.type = 'visit' AND r.deleted = 0",
        columns=VISIT_COLUMNS, id_select="r.case_id",
        filters=(("r.village", village), ("r.subtype", protocol), ("r.worker", worker)),
        sort_key=sort_key, descending=descending)


REFERRAL_COLUMNS = (
    Column("sent", "Sent on", "r.main_date", "r.main_date", 108),
    Column("number", "Case number", "c.title", "c.title", 172, sort_joins=True),
    Column("name", "Beneficiary", NAME_SQL, SORT_NAME_SQL, 170, sort_joins=True),
    Column("service", "Service", "r.subtype", "r.subtype", 175),
    Column("status", "Status", "r.status", "r.status", 125),
    Column("due", "Response due", "r.due", "r.due", 150),
    Column("provider", "Provider", "json_extract(r.fields, '$.provider_name')",
           "json_extract(r.fields, '$.provider_name')", 160, sort_joins=True),
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
        alias="r", joins=_CASE_JOIN, type_where="r.type = 'referral' AND r.deleted = 0",
        columns=REFERRAL_COLUMNS, id_select="r.case_id",
        filters=(("r.status", status),), extra_where=tuple(extra),
        sort_key=sort_key, descending=descending)
