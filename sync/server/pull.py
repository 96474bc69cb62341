"""Pulling: pages of record states after a cursor, in commit order, scoped to the user."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sync.profile import Profile
from sync.protocol import caseload_digest
from sync.server import pull_rows, revs
from sync.server.models import RecordRow
from sync.server.scope import ScopeIndex, UserScope

SCAN_FACTOR = 16  # revisions examined per record wanted, before the page is cut short


def record_json(row: RecordRow | pull_rows.PulledRow) -> dict[str, Any]:
    return {"id": row.id, "type": row.type, "rev": row.rev, "deleted": row.deleted,
            "fields": row.fields}


def head(session: Session) -> int:
    return revs.horizon(session)  # every revision up to it is committed


def pull_page(session: Session, user: UserScope, profile: Profile, cursor: int,
              limit: int) -> dict[str, Any]:
    """Records changed after ``cursor`` that the user may see, oldest revision first.

    A record appears once, at its latest revision (``rev`` is the record's place in the commit
    sequence). The returned cursor is the last revision examined, visible or not, so a user
    with a small caseload in a large municipality still moves forward.
    """
    index = ScopeIndex.lazy(session, user, profile)
    top = head(session)
    # The revisions examined: at most limit x SCAN_FACTOR after the cursor, all committed (up
    # to ``top``, read before the scan). The database leaves out the rows certainly outside
    # the user's units (pull_rows.scan) and returns at most ``limit``; each is judged here.
    upto = min(top, cursor + limit * SCAN_FACTOR)
    rows = pull_rows.scan_tuples(session, cursor, limit, user.units, upto) \
        if upto > cursor else []
    records = pull_rows.visible_records(rows, index)
    full = len(rows) == limit
    position = rows[-1][2] if full else max(cursor, upto)
    more = full or upto < top
    return {"records": records, "cursor": position, "more": more}


def caseload(session: Session, user: UserScope, profile: Profile) -> dict[str, Any]:
    """Count and hash of (id, rev) of every record the user may see, with the head revision."""
    top = head(session)
    count, digest = caseload_digest(visible_pairs(session, user, profile))
    return {"count": count, "hash": digest, "cursor": top}


def caseload_ids(session: Session, user: UserScope, profile: Profile) -> dict[str, Any]:
    """(id, rev) of every record the user may see, for repairing a caseload that differs."""
    top = head(session)
    pairs = sorted([rid, rev] for rid, rev in visible_pairs(session, user, profile))
    return {"pairs": pairs, "cursor": top}


CASELOAD_CHUNK = 10_000  # rows read at a time when judging a whole caseload


def visible_pairs(session: Session, user: UserScope, profile: Profile) -> list[tuple[str, int]]:
    """(id, rev) of every record the user may see, judged on the light rows a pull reads
    (scope columns; fields decoded only where scoping needs them), against the whole index
    of cases, persons and households read in one query."""
    index = ScopeIndex.load(session, user, profile)
    pairs: list[tuple[str, int]] = []
    position = -1
    for _ in range(10**6):  # bounded: every chunk moves the position forward
        rows = pull_rows.scan(session, position, CASELOAD_CHUNK, user.units)
        pairs.extend((row.id, row.rev) for row in rows
                     if index.visible(row.id, row.type, row.scope_fields))
        if len(rows) < CASELOAD_CHUNK:
            break
        position = rows[-1].rev
    return pairs


def records_by_id(session: Session, user: UserScope, profile: Profile,
                  ids: list[str]) -> dict[str, Any]:
    """The current state of the named records the user may see (others are left out)."""
    rows = session.scalars(select(RecordRow).where(RecordRow.id.in_(ids))).all()
    index = ScopeIndex.lazy(session, user, profile)
    index.prepare([(row.id, row.type, row.fields) for row in rows])
    return {"records": [record_json(row) for row in rows if index.row_visible(row)]}
