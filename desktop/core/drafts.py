"""Drafts: half-typed input of a dialog or a form, kept in the vault until it is saved for
good. Drafts stay on this laptop (never synced) and are readable only with the vault open.

A :class:`DraftSlot` names one draft; its methods are the database steps, run on the vault's
database thread. Qt-free.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from desktop.core.store import Store


@dataclass(frozen=True)
class DraftSlot:
    """Where one draft is kept: ``key`` (unique per dialog and case), ``kind`` (what it is a
    draft of: "visit", "person", "form" ...) and the record it belongs to, if any."""

    key: str
    kind: str
    record_id: str | None = None

    def save(self, store: Store, data: dict[str, Any]) -> None:
        store.save_draft(self.key, self.kind, data, record_id=self.record_id)

    def load(self, store: Store) -> dict[str, Any] | None:
        return store.load_draft(self.key)

    def discard(self, store: Store) -> None:
        store.delete_draft(self.key)


def snapshot(data: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``data`` that later typing cannot change while it waits to be saved."""
    return copy.deepcopy(data)
