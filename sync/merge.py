"""Field-level three-way merge of a change into a record.

The server keeps, for every field of a record, the revision at which it last changed and the
stamp (HLC, device, user) of the value it shows. A change carries the revision it was based on
and only the fields it set. For each field the change sets:

* the field did not change on the server since the change's base revision, or the last writer
  was the same device (its own earlier change, which it had seen) → the change's value is taken;
* the field changed on the server since the base to the same value → nothing to do;
* the field changed on the server since the base to a different value → a conflict: both values
  are kept (who, when, which change) and the record shows the value with the greater stamp
  (HLC, then device id), a deterministic rule every end computes the same way.

Deletion is the pseudo-field ``_deleted``; editing a record deleted elsewhere since the base,
or deleting one edited elsewhere, is a conflict on it. Append-only types never conflict: after
their creation only the creating device may change them (its own draft), others are refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sync.records import Change

DELETED = "_deleted"


@dataclass
class FieldStamp:
    """Who set the value a record shows for a field, and at which revision."""

    rev: int
    hlc: str
    device: str
    user: str
    change_id: str

    def to_json(self) -> list[Any]:
        return [self.rev, self.hlc, self.device, self.user, self.change_id]

    @classmethod
    def from_json(cls, data: list[Any]) -> FieldStamp:
        return cls(*data)

    def key(self) -> tuple[str, str]:
        return (self.hlc, self.device)


@dataclass
class ConflictValue:
    value: Any
    user: str
    device: str
    hlc: str
    change_id: str

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "user": self.user, "device": self.device,
                "hlc": self.hlc, "change_id": self.change_id}


@dataclass
class FieldConflict:
    """A field both sides changed to different values: both kept, one shown."""

    field: str
    values: list[ConflictValue]
    shown: Any


@dataclass
class MergeState:
    """A record as the merge sees it: fields, tombstone, and a stamp per field."""

    fields: dict[str, Any]
    deleted: bool = False
    stamps: dict[str, FieldStamp] = field(default_factory=dict)


@dataclass
class MergeOutcome:
    state: MergeState
    changed: bool
    conflicts: list[FieldConflict]


class MergeRefused(ValueError):
    """The change cannot be applied at all (e.g. editing another device's append-only record)."""


def merge_change(state: MergeState | None, change: Change, rev: int, *,
                 append_only: bool = False, creator_device: str | None = None) -> MergeOutcome:
    """Apply ``change`` to ``state`` (None: the record does not exist yet) at revision ``rev``."""
    if state is None:
        return _create(change, rev)
    if append_only and creator_device is not None and change.device != creator_device:
        raise MergeRefused(f"{change.record_type} records cannot be changed after they are made")
    new = MergeState(dict(state.fields), state.deleted, dict(state.stamps))
    conflicts: list[FieldConflict] = []
    mine = _stamp(change, rev)
    changed = False
    for name, value in change.fields.items():
        if name == DELETED:
            continue  # an explicit undelete, below
        current = new.fields.get(name)
        if value == current:
            continue
        stamp = new.stamps.get(name)
        if not append_only and _concurrent(stamp, change):
            conflict = _conflict(name, current, stamp, value, mine)
            conflicts.append(conflict)
            if conflict.shown == current:
                continue
        _set(new, name, value, mine)
        changed = True
    tombstone = _merge_tombstone(new, change, mine, append_only)
    if tombstone is not None:
        conflicts.append(tombstone)
    changed = changed or new.deleted != state.deleted
    return MergeOutcome(new, changed, conflicts)


def _merge_tombstone(new: MergeState, change: Change, mine: FieldStamp,
                     append_only: bool) -> FieldConflict | None:
    """Deleting a record edited elsewhere, or editing one deleted elsewhere, is a conflict."""
    if change.deleted and not new.deleted:
        others = [s for n, s in new.stamps.items() if n != DELETED and _concurrent(s, change)]
        if others and not append_only:
            other = max(others, key=FieldStamp.key)
            conflict = _conflict(DELETED, False, other, True, mine)
            if conflict.shown is True:
                _set(new, DELETED, True, mine)
            return conflict
        _set(new, DELETED, True, mine)
        return None
    if new.deleted and change.fields.get(DELETED) is False:
        _set(new, DELETED, False, mine)  # a person chose to keep the record
        return None
    if new.deleted and not change.deleted and change.fields:
        stamp = new.stamps.get(DELETED)
        if not append_only and _concurrent(stamp, change):
            conflict = _conflict(DELETED, True, stamp, False, mine)
            if conflict.shown is False:
                _set(new, DELETED, False, mine)
            return conflict
    return None


def _conflict(name: str, current: Any, stamp: FieldStamp, value: Any,
              mine: FieldStamp) -> FieldConflict:
    shown = value if mine.key() > stamp.key() else current
    return FieldConflict(name, [
        ConflictValue(current, stamp.user, stamp.device, stamp.hlc, stamp.change_id),
        ConflictValue(value, mine.user, mine.device, mine.hlc, mine.change_id),
    ], shown)


def _create(change: Change, rev: int) -> MergeOutcome:
    stamp = _stamp(change, rev)
    fields = {k: v for k, v in change.fields.items() if v is not None}
    stamps = {k: stamp for k in fields}
    if change.deleted:
        stamps[DELETED] = stamp
    return MergeOutcome(MergeState(fields, bool(change.deleted), stamps), True, [])


def _concurrent(stamp: FieldStamp | None, change: Change) -> bool:
    """Did someone other than this device change the field after the change's base?"""
    if stamp is None:
        return False
    return stamp.rev > change.base_rev and stamp.device != change.device


def _stamp(change: Change, rev: int) -> FieldStamp:
    return FieldStamp(rev, change.hlc, change.device, change.user, change.change_id)


def _set(state: MergeState, name: str, value: Any, stamp: FieldStamp) -> None:
    if name == DELETED:
        state.deleted = bool(value)
    elif value is None:
        state.fields.pop(name, None)
    else:
        state.fields[name] = value
    state.stamps[name] = stamp


def rebase_view(server_fields: dict[str, Any], server_deleted: bool,
                pending: list[Change]) -> tuple[dict[str, Any], bool]:
    """What a laptop shows for a record with pending local changes after pulling its server state.

    Pending changes are replayed over the pulled state: the local edit stays visible (it is not
    overwritten) until the server has merged it; the server then decides by the same merge and
    any conflict comes back as a conflict record.
    """
    fields = dict(server_fields)
    deleted = server_deleted
    for change in pending:
        for name, value in change.fields.items():
            if value is None:
                fields.pop(name, None)
            else:
                fields[name] = value
        if change.deleted:
            deleted = True
    return fields, deleted
