"""What an operation changed in the vault, so that the screens showing it can refresh.

An operation that writes returns (or is given) a :class:`Changes`; every screen hears it and
decides with :meth:`Changes.touches` whether it shows any of it. Qt-free.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Changes:
    """Record types (``"case"``, ``"visit"``, ...) and cases that an operation changed.

    ``everything`` stands for a change whose extent is not known record by record (a sync
    that pulled a page, a restore, a draft kept for a locked form): every screen refreshes.
    """

    record_types: frozenset[str] = frozenset()
    case_ids: frozenset[str] = frozenset()
    everything: bool = False

    @classmethod
    def of(cls, *record_types: str, case_id: str | None = None) -> Changes:
        return cls(frozenset(record_types), frozenset({case_id} if case_id else ()))

    @classmethod
    def all(cls) -> Changes:
        return cls(everything=True)

    def touches(self, *record_types: str) -> bool:
        """Whether a screen showing these record types should read them again."""
        return self.everything or bool(self.record_types.intersection(record_types))

    def touches_case(self, case_id: str | None) -> bool:
        """Whether a screen showing this case should read it again."""
        return self.everything or not self.case_ids or case_id in self.case_ids

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.record_types | other.record_types,
                       self.case_ids | other.case_ids,
                       self.everything or other.everything)

    def __bool__(self) -> bool:
        return self.everything or bool(self.record_types) or bool(self.case_ids)


NOTHING = Changes()
