"""Who may see which record: enforced here, on the server, for every pull and every push.

* Catalog records (villages, service providers) are visible to everyone of the municipality.
* A case is visible when its administrative unit is one of the user's units (a user with no
  units covers the whole municipality) and the user's role may see its case type: sensitive
  case types only to the roles the profile names in ``visible_to``.
* Records of a case (assessment, plan, visit, referral, measure, note, attachment, ...) follow
  their case; consent without a case follows its person; a meeting needs all its cases visible.
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
from sync.server.models import RecordRow

SCOPE_COLUMNS = ("admin_unit", "case_type", "case_id", "person_id", "household_id",
                 "target_id", "status")


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
    return cols


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


@dataclass
class _Case:
    unit: str | None
    case_type: str | None
    person_id: str | None
    household_id: str | None


@dataclass
class ScopeIndex:
    """What scoping needs to know about cases, persons and households, for one request.

    Built from the projection columns in one query; kept current by :meth:`note` while a push
    writes records, so a case and its visit made in the same batch are judged together.
    """

    session: Session
    user: UserScope
    profile: Profile
    cases: dict[str, _Case] = field(default_factory=dict)
    person_household: dict[str, str | None] = field(default_factory=dict)
    unit_of: dict[str, str | None] = field(default_factory=dict)
    _extra: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    _links: dict[str, set[str]] | None = None

    @classmethod
    def load(cls, session: Session, user: UserScope, profile: Profile) -> ScopeIndex:
        index = cls(session, user, profile)
        rows = session.execute(
            select(RecordRow.id, RecordRow.type, RecordRow.admin_unit, RecordRow.case_type,
                   RecordRow.person_id, RecordRow.household_id)
            .where(RecordRow.type.in_(("case", "person", "household")))
        )
        for rid, rtype, unit, case_type, person_id, household_id in rows:
            index._remember(rid, rtype, unit, case_type, person_id, household_id)
        return index

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

    def _case_targets(self, case: _Case) -> set[str]:
        targets = {case.person_id, case.household_id,
                   self.person_household.get(case.person_id or "")}
        targets.discard(None)
        return targets  # type: ignore[return-value]

    def _relink_case(self, cid: str, old: _Case | None) -> None:
        assert self._links is not None
        if old is not None:
            for target in self._case_targets(old):
                self._links[target].discard(cid)
        for target in self._case_targets(self.cases[cid]):
            self._links[target].add(cid)

    def _relink_person(self, pid: str, old_household: str | None) -> None:
        assert self._links is not None
        for cid in list(self._links.get(pid, ())):
            case = self.cases[cid]
            if case.person_id != pid:
                continue
            if old_household and case.household_id != old_household:
                self._links[old_household].discard(cid)
            household = self.person_household.get(pid)
            if household:
                self._links[household].add(cid)

    def note(self, rid: str, rtype: str, fields: dict[str, Any]) -> None:
        """A record was written in this request: judge later records against its new state."""
        cols = scope_columns(rtype, fields)
        if rtype in ("case", "person", "household"):
            self._remember(rid, rtype, cols["admin_unit"], cols["case_type"],
                           cols["person_id"], cols["household_id"])
        else:
            self._extra[rid] = (rtype, fields)

    # -- the rules ------------------------------------------------------------------------
    def role_may_see(self, case_type: str | None) -> bool:
        if case_type is None:
            return False
        item = self.profile.item("case_types", case_type)
        if item is None:
            return False
        if not item.get("sensitive"):
            return True
        return self.user.role in (item.get("visible_to") or [])

    def case_visible(self, case_id: str | None) -> bool:
        case = self.cases.get(case_id or "")
        return case is not None and self.user.has_unit(case.unit) and \
            self.role_may_see(case.case_type)

    def _case_links(self) -> dict[str, set[str]]:
        """person or household id → the cases linked to it."""
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
        linked = self._case_links().get(rid)
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
            return self.party_visible(rid, self.unit_of.get(rid, fields.get("administrative_unit")))
        if rtype == CONFLICT_TYPE:
            return depth < 2 and self._target_visible(fields.get("record_id"), depth)
        if rtype == "meeting":
            case_ids = fields.get("case_ids") or []
            return isinstance(case_ids, list) and all(self.case_visible(c) for c in case_ids)
        if rtype in CHILD_TYPES:
            return self._child_visible(rtype, fields, depth)
        return False

    def _child_visible(self, rtype: str, fields: dict[str, Any], depth: int) -> bool:
        case_id = fields.get("case_id")
        if case_id:
            return self.case_visible(case_id)
        if rtype == "attachment" and fields.get("plan_id") and depth < 2:
            return self._target_visible(fields["plan_id"], depth)
        if rtype == "consent" and fields.get("person_id"):
            pid = fields["person_id"]
            return pid in self.unit_of and self.party_visible(pid, self.unit_of[pid])
        return False

    def _target_visible(self, rid: Any, depth: int) -> bool:
        if not isinstance(rid, str):
            return False
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
