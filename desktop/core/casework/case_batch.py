"""Many new cases at once, with every check of opening one (Qt-free).

:func:`cases.new_case_fields` reads the profile's settings, the user's role and units, the
person and the device code, and takes a case number, for each case: right for a worker who
opens one, slow for an import of 50,000. A :class:`CaseBatch` makes the same fields after the
same checks (a test holds the two together): it reads those once, is given the persons'
fields, knows the cases the vault's persons hold from one query, and takes the case numbers
of each prefix in one step. Use it inside the transaction that writes the cases.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Any

from desktop.core.case_numbers import case_number_prefix, device_code, municipality_code
from desktop.core.casework.cases import OPEN
from desktop.core.casework.config import add_days, as_date, casework_config
from desktop.core.casework.errors import CaseAlreadyOpen, UnknownCode
from desktop.core.casework.holding import check_may_hold, holder
from desktop.core.casework.places import find_municipality
from desktop.core.store import Store
from sync.records import loads

_CHUNK = 500


class CaseBatch:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.config = casework_config(store.profile)
        self.holder = holder(store)
        self.device = device_code(store)
        self.user = store.user
        self.held: dict[str, list[dict[str, Any]]] = {}  # the cases of the vault's persons

    def load_cases_of(self, person_ids: Iterable[str]) -> None:
        """Read the live cases of these registered persons (for :meth:`has_case`)."""
        ids = sorted(set(person_ids))
        self.held.update((i, []) for i in ids)
        with self.store.reading() as conn:
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start:start + _CHUNK]
                marks = ",".join("?" for _ in chunk)
                # "+": through the person index, not every case in date order (no ANALYZE)
                for person_id, fields in conn.exec_driver_sql(
                        "SELECT person_id, fields FROM records WHERE type = 'case' AND "
                        f"deleted = 0 AND person_id IN ({marks}) ORDER BY +main_date, id",
                        tuple(chunk)):
                    self.held.setdefault(person_id, []).append(loads(fields))

    def has_case(self, person_id: str, case_type: str, opened_on: str) -> bool:
        """The person holds a case of this type opened that day (loaded or made here)."""
        return any(c.get("case_type") == case_type and c.get("opened_on") == opened_on
                   for c in self.held.get(person_id, ()))

    def fields(self, person_id: str, person: dict[str, Any], case_type: str, *,
               referral_source: str, municipality: str,
               opened_on: dt.date | str | None = None, reason: str = "",
               risk_level: str = "medium", assigned_worker: str | None = None,
               allow_second: bool = False) -> dict[str, Any]:
        """What :func:`cases.new_case_fields` makes, after the same checks, with ``person``
        the fields of the person ``person_id``; the case number is given by :meth:`number`."""
        manager_role = self.config.manager_role(case_type)
        self.config.require_code("referral_sources", referral_source, "referral source")
        review_days = self.config.risk_review_days(risk_level)
        place = find_municipality(self.store.profile.country, municipality)
        if place is None:
            raise UnknownCode(what=self.store.profile.term("municipality", "en").lower(),
                              code=municipality)
        opened = as_date(opened_on)
        unit = person.get("administrative_unit")
        check_may_hold(self.store.profile, self.holder, case_type, unit)
        if not allow_second:
            self._refuse_second_case(person_id, case_type)
        fields = {
            "case_number": None, "person_id": person_id,
            "household_id": person.get("household_id"), "case_type": case_type,
            "status": OPEN, "risk_level": risk_level, "referral_source": referral_source,
            "reason": reason or None, "opened_on": opened.isoformat(),
            "assigned_worker": assigned_worker or self.user, "manager_role": manager_role,
            "municipality": place.name, "administrative_unit": unit,
            "village": person.get("village"), "review_due": add_days(opened, review_days)}
        if person_id in self.held:
            self.held[person_id].append(fields)
        return fields

    def _refuse_second_case(self, person_id: str, case_type: str) -> None:
        for case in self.held.get(person_id, ()):
            if case.get("case_type") == case_type and case.get("status") == OPEN:
                raise CaseAlreadyOpen(number=case.get("case_number") or "-")

    def number(self, cases: list[dict[str, Any]]) -> None:
        """Give each case its number, in order: per municipality, year and device, the
        numbers of a prefix are taken from its counter in one step."""
        prefixes = [case_number_prefix(municipality_code(c["municipality"]),
                                       int(c["opened_on"][:4]), self.device) for c in cases]
        following = {p: self._reserve("case:" + p, n) for p, n in Counter(prefixes).items()}
        for case, prefix in zip(cases, prefixes, strict=True):
            case["case_number"] = f"{prefix}-{following[prefix]:05d}"
            following[prefix] += 1

    def _reserve(self, name: str, count: int) -> int:
        with self.store.transaction() as conn:
            conn.exec_driver_sql("INSERT INTO counters (name, value) VALUES (?, ?) "
                                 "ON CONFLICT(name) DO UPDATE SET value = value + ?",
                                 (name, count, count))
            last = conn.exec_driver_sql("SELECT value FROM counters WHERE name = ?", (name,)
                                        ).scalar_one()
        return int(last) - count + 1
