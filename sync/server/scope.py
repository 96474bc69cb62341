"""Who may see which record: enforced here, on the server, for every pull and every push.

* Catalog records (villages, service providers) are visible to everyone of the municipality.
* A case is visible when its administrative unit is one of the user's units (a user with no
  units covers the whole municipality) and the user's role may see its case type: sensitive
  case types only to the roles the profile names in ``visible_to``.
* Records of a case (assessment, plan, visit, referral, measure, note, attachment, ...) follow
  their case; consent and an administrative act without a case follow their person; a meeting
  needs all its cases visible.
* A person or household linked to cases is visible only through a visible case; one linked to
  no case at all follows its administrative unit. So a person or household linked only to cases
  a user may not see never reaches that user.
* A conflict record follows the record it is about.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sync.profile import Profile
from sync.protocol import CATALOG_TYPES, CHILD_TYPES, CONFLICT_TYPE
from sync.server import party_rows
from sync.server.models import RecordRow

_PARTY_COLUMNS = select(RecordRow.id, RecordRow.type, RecordRow.admin_unit, RecordRow.case_type,
                        RecordRow.person_id, RecordRow.household_id)
SCOPE_COLUMNS = ("admin_unit", "case_type", "case_id", "person_id", "household_id",
                 "target_id", "status", "content_sha")


@dataclass(frozen=True)
class UserScope:
    username: str
    role: str
    units: tuple[str, ...]
    read_only: bool = False

    def has_unit(self, unit: str | None) -> bool:
        return not self.units or (unit is not None and unit in self.units)


def scope_columns(record_type: str, fields: dict[str, Any]) -> dict[str, Any]:
    """The indexed columns the server keeps for scoping, projected from a record's fields."""
    cols: dict[str, Any] = dict.fromkeys(SCOPE_COLUMNS)
    cols["admin_unit"] = _text(fields.get("administrative_unit"))
    cols["status"] = _text(fields.get("status"))
    if record_type == "case":
        cols["case_type"] = _text(fields.get("case_type"))
        cols["person_id"] = _text(fields.get("person_id"))
        cols["household_id"] = _text(fields.get("household_id"))
    elif record_type == "person":
        cols["household_id"] = _text(fields.get("household_id"))
    elif record_type == CONFLICT_TYPE:
        cols["target_id"] = _text(fields.get("record_id"))
    else:
        cols["case_id"] = _text(fields.get("case_id"))
        cols["person_id"] = _text(fields.get("person_id"))
        if record_type == "attachment" and _text(fields.get("sha256")):
            cols["content_sha"] = fields["sha256"].lower()[:64]
    return cols


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


@dataclass
class _Case:
    unit: str | None
    case_type: str | None
    person_id: str | None
    household_id: str | None


PARTY_TYPES = ("case", "person", "household")
PERSON_TYPES = ("consent", "administrative_act")  # without a case, they follow their person
CHUNK = 5000  # ids per query: one parameter (an array) holds them all


@dataclass
class ScopeIndex:
    """What scoping needs to know about cases, persons and households, for one request.

    :meth:`load` reads all of them in one query (for the caseload check, which judges every
    record); :meth:`lazy` reads only what the records being judged need, in batches (pull pages
    and pushes). Either is kept current by :meth:`note` while a push writes records, so a case
    and its visit made in the same batch are judged together.
    """

    session: Session
    user: UserScope
    profile: Profile
    full: bool = True
    cases: dict[str, _Case] = field(default_factory=dict)
    person_household: dict[str, str | None] = field(default_factory=dict)
    unit_of: dict[str, str | None] = field(default_factory=dict)
    _known: set[str] = field(default_factory=set)  # looked up in the database (lazy)
    _noted: set[str] = field(default_factory=set)  # written in this request
    _extra: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    _links: dict[str, set[str]] | None = None
    _may_see: dict[str, bool] = field(default_factory=dict)  # case type → the user's role

    @classmethod
    def load(cls, session: Session, user: UserScope, profile: Profile) -> ScopeIndex:
        index = cls(session, user, profile)
        for row in session.execute(_PARTY_COLUMNS.where(RecordRow.type.in_(PARTY_TYPES))):
            index._remember(*row)
        return index

    @classmethod
    def lazy(cls, session: Session, user: UserScope, profile: Profile) -> ScopeIndex:
        return cls(session, user, profile, full=False, _links={})

    def _remember(self, rid: str, rtype: str, unit: str | None, case_type: str | None,
                  person_id: str | None, household_id: str | None) -> None:
        self.unit_of[rid] = unit
        if rtype == "case":
            old = self.cases.get(rid)
            self.cases[rid] = _Case(unit, case_type, person_id, household_id)
            if self._links is not None:
                self._relink_case(rid, old)
        elif rtype == "person":
            old_household = self.person_household.get(rid)
            self.person_household[rid] = household_id
            if self._links is not None and old_household != household_id:
                self._relink_person(rid, old_household)

    def _from_db(self, rid: str, *rest: Any) -> None:
        """A row read from the database; what this request wrote itself is newer."""
        self._known.add(rid)
        if rid not in self._noted:
            self._remember(rid, *rest)

    def _case_targets(self, case: _Case) -> set[str]:
        targets = {case.person_id, case.household_id,
                   self.person_household.get(case.person_id or "")}
        targets.discard(None)
        return targets  # type: ignore[return-value]

    def _relink_case(self, cid: str, old: _Case | None) -> None:
        assert self._links is not None
        affected = self._case_targets(self.cases[cid])
        if old is not None:
            affected |= self._case_targets(old)
        if not self.full:  # recomputed on demand from the database and this request's writes
            for target in affected:
                self._links.pop(target, None)
            return
        if old is not None:
            for target in self._case_targets(old):
                self._links.get(target, set()).discard(cid)
        for target in self._case_targets(self.cases[cid]):
            self._links.setdefault(target, set()).add(cid)

    def _relink_person(self, pid: str, old_household: str | None) -> None:
        assert self._links is not None
        if not self.full:
            self._links.pop(old_household or "", None)
            self._links.pop(self.person_household.get(pid) or "", None)
            return
        for cid in list(self._links.get(pid, ())):
            case = self.cases[cid]
            if case.person_id != pid:
                continue
            if old_household and case.household_id != old_household:
                self._links[old_household].discard(cid)
            household = self.person_household.get(pid)
            if household:
                self._links.setdefault(household, set()).add(cid)

    def note(self, rid: str, rtype: str, fields: dict[str, Any]) -> None:
        """A record was written in this request: judge later records against its new state."""
        cols = scope_columns(rtype, fields)
        if rtype in PARTY_TYPES:
            if not self.full:
                self.fetch([rid])  # so the old state is known and its links are dropped
            self._noted.add(rid)
            self._remember(rid, rtype, cols["admin_unit"], cols["case_type"],
                           cols["person_id"], cols["household_id"])
        else:
            self._extra[rid] = (rtype, fields)

    # -- reading what is needed (lazy mode) ------------------------------------------------
    def fetch(self, ids: Any) -> None:
        """Read cases, persons and households by id (unknown ids are remembered as absent)."""
        if self.full:
            return
        wanted = sorted({i for i in ids if isinstance(i, str)} - self._known - self._noted)
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start:start + CHUNK]
            for row in party_rows.read(self.session, "by_id", chunk):
                if row[1] in PARTY_TYPES:
                    self._from_db(*row)
            self._known.update(chunk)

    def fetch_links(self, parties: Any) -> None:
        """Read the cases linked to persons and households (directly or through members)."""
        if self.full:
            return
        assert self._links is not None
        links = self._links
        wanted = sorted({p for p in parties if isinstance(p, str) and p not in links})
        for start in range(0, len(wanted), CHUNK):
            self._fetch_links(wanted[start:start + CHUNK])

    def _fetch_links(self, parties: list[str]) -> None:
        assert self._links is not None
        db = self.session
        candidates: set[str] = set()
        for row in party_rows.read(db, "cases_of", parties):
            self._from_db(*row)
            candidates.add(row[0])
        for row in party_rows.read(db, "members_of", parties):
            self._from_db(*row)
        wanted = set(parties)
        members = [p for p, h in self.person_household.items() if h in wanted]
        for start in range(0, len(members), CHUNK):
            for row in party_rows.read(db, "cases_of_persons", members[start:start + CHUNK]):
                self._from_db(*row)
                candidates.add(row[0])
        candidates |= {cid for cid in self._noted if cid in self.cases}
        found: dict[str, set[str]] = {p: set() for p in parties}
        for cid in candidates:
            for target in self._case_targets(self.cases[cid]) & wanted:
                found[target].add(cid)
        self._links.update(found)

    def prepare(self, rows: Any) -> None:
        """Read, in a few queries, what judging these records (type, fields) will need."""
        if self.full:
            return
        case_ids: set[str] = set()
        parties: set[str] = set()
        for rid, rtype, fields in rows:
            if rtype in ("person", "household"):
                parties.add(rid)
                case_ids.add(rid)
            elif rtype == "meeting" and isinstance(fields.get("case_ids"), list):
                case_ids.update(c for c in fields["case_ids"] if isinstance(c, str))
            elif rtype == CONFLICT_TYPE:  # follows its record: most often a case or person
                case_ids.add(fields.get("record_id"))
            else:
                case_id, person_id = fields.get("case_id"), fields.get("person_id")
                if case_id:
                    case_ids.add(case_id)
                if person_id:
                    case_ids.add(person_id)
                    if rtype in PERSON_TYPES:
                        parties.add(person_id)
                if rtype == "case":
                    case_ids.add(rid)
        self.fetch(case_ids | parties)
        self.fetch_links(parties)

    # -- the rules ------------------------------------------------------------------------
    def role_may_see(self, case_type: str | None) -> bool:
        if case_type is None:
            return False
        known = self._may_see.get(case_type)
        if known is None:
            known = self._may_see[case_type] = self._role_may_see(case_type)
        return known

    def _role_may_see(self, case_type: str) -> bool:
        item = self.profile.item("case_types", case_type)
        if item is None:
            return False
        if not item.get("sensitive"):
            return True
        return self.user.role in (item.get("visible_to") or [])

    def case_visible(self, case_id: str | None) -> bool:
        if case_id and not self.full and case_id not in self.cases:
            self.fetch([case_id])
        case = self.cases.get(case_id or "")
        return case is not None and self.user.has_unit(case.unit) and \
            self.role_may_see(case.case_type)

    def _case_links(self) -> dict[str, set[str]]:
        """person or household id → the cases linked to it (all of them: full mode)."""
        if self._links is None:
            links: dict[str, set[str]] = defaultdict(set)
            for cid, case in self.cases.items():
                if case.person_id:
                    links[case.person_id].add(cid)
                    household = self.person_household.get(case.person_id)
                    if household:
                        links[household].add(cid)
                if case.household_id:
                    links[case.household_id].add(cid)
            self._links = links
        return self._links

    def party_visible(self, rid: str, unit: str | None) -> bool:
        """A person or household: through a visible linked case, else by its unit."""
        if self.full:
            linked = self._case_links().get(rid)
        else:
            if self._links is None or rid not in self._links:
                self.fetch_links([rid])
            linked = self._links.get(rid) if self._links is not None else None
        if linked:
            return any(self.case_visible(cid) for cid in linked)
        return self.user.has_unit(unit)

    def visible(self, rid: str, rtype: str, fields: dict[str, Any], depth: int = 0) -> bool:
        if rtype in CATALOG_TYPES:
            return True
        if rtype == "case":
            if fields:
                return self.user.has_unit(_text(fields.get("administrative_unit"))) and \
                    self.role_may_see(_text(fields.get("case_type")))
            return self.case_visible(rid)
        if rtype in ("person", "household"):
            unit = _text(fields.get("administrative_unit")) if fields else self._unit(rid)
            return self.party_visible(rid, unit)
        if rtype == CONFLICT_TYPE:
            return depth < 2 and self._target_visible(fields.get("record_id"), depth)
        if rtype == "meeting":
            case_ids = fields.get("case_ids") or []
            return isinstance(case_ids, list) and all(self.case_visible(c) for c in case_ids)
        if rtype in CHILD_TYPES or rtype in PERSON_TYPES:
            return self._child_visible(rtype, fields, depth)
        return False

    def _child_visible(self, rtype: str, fields: dict[str, Any], depth: int) -> bool:
        case_id = fields.get("case_id")
        if case_id:
            return self.case_visible(case_id)
        if rtype == "attachment" and fields.get("plan_id") and depth < 2:
            return self._target_visible(fields["plan_id"], depth)
        if rtype in PERSON_TYPES and fields.get("person_id"):
            pid = fields["person_id"]
            self.fetch([pid])
            return pid in self.unit_of and self.party_visible(pid, self.unit_of[pid])
        return False

    def _unit(self, rid: str) -> str | None:
        self.fetch([rid])
        return self.unit_of.get(rid)

    def _target_visible(self, rid: Any, depth: int) -> bool:
        if not isinstance(rid, str):
            return False
        self.fetch([rid])
        if rid in self.unit_of:
            rtype = "case" if rid in self.cases else (
                "person" if rid in self.person_household else "household")
            return self.visible(rid, rtype, {}, depth + 1)
        if rid in self._extra:
            rtype, fields = self._extra[rid]
            return self.visible(rid, rtype, fields, depth + 1)
        row = self.session.get(RecordRow, rid)
        return row is not None and self.visible(rid, row.type, row.fields, depth + 1)

    def row_visible(self, row: RecordRow) -> bool:
        return self.visible(row.id, row.type, row.fields)
