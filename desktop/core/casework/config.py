"""What the case workflows read from the country profile, checked once per profile.

:func:`check_profile` verifies the cross-references the workflows rely on (a case type's
managing role exists, a plan type exists, a protection order kind names a measure type, ...)
and reports the first problem as a :class:`DataFileError` naming file and line.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from desktop.core.casework.errors import UnknownCode
from sync.profile import Profile
from sync.yamlfile import DataFileError

DEFAULT_REVIEW_DAYS = 30
DEFAULT_PLAN_REVIEW_DAYS = 180
DEFAULT_FOLLOW_UP_DAYS = 30

_CODED_SECTIONS = ("target_groups", "roles", "case_types", "plan_types", "closure_reasons",
                   "referral_sources", "service_taxonomy", "measure_types", "risk_levels",
                   "consent_kinds", "legal_bases", "referral_statuses", "visit_protocols",
                   "protection_order_types", "child_protection_measures",
                   "multidisciplinary_groups", "institutions", "administrative_act_types")
_DAY_KEYS = ("review_days", "report_every_days", "follow_up_days")


def check_profile(profile: Profile) -> None:
    """Raise :class:`DataFileError` (file and line) if the profile's cross-references break."""
    path = profile.path
    _check_unique_codes(profile)
    roles = set(profile.codes("roles"))
    plan_types = set(profile.codes("plan_types"))
    for item in profile.items("case_types"):
        line = getattr(item, "line", None)
        if item.get("manager_role") not in roles:
            raise DataFileError(path, line, f"case type {item['code']!r}: manager_role "
                                f"{item.get('manager_role')!r} is not a role")
        if item.get("plan_type") not in plan_types:
            raise DataFileError(path, line, f"case type {item['code']!r}: plan_type "
                                f"{item.get('plan_type')!r} is not a plan type")
        visible = item.get("visible_to") or []
        unknown = [r for r in visible if r not in roles]
        if unknown:
            raise DataFileError(path, line, f"case type {item['code']!r}: visible_to names "
                                f"unknown role {unknown[0]!r}")
        if item.get("sensitive") and item["manager_role"] not in visible:
            raise DataFileError(path, line, f"case type {item['code']!r} is sensitive: its "
                                "manager_role must be in visible_to")
    measures = set(profile.codes("measure_types"))
    for item in profile.items("protection_order_types"):
        if item.get("measure_type") not in measures:
            raise DataFileError(path, getattr(item, "line", None),
                                f"protection order type {item.get('code')!r}: measure_type "
                                f"{item.get('measure_type')!r} is not a measure type")
    _check_day_counts(profile)
    for key in ("referral_response_days", "referral_delivery_days"):
        value = profile.data.get(key, 1)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise DataFileError(path, profile.data.line_of(key),
                                f"{key} must be a whole number of days")


def _check_unique_codes(profile: Profile) -> None:
    for section in _CODED_SECTIONS:
        seen: set[str] = set()
        for item in profile.items(section):
            entries = [item, *item.get("subgroups", []), *item.get("services", [])]
            for entry in entries:
                code = entry.get("code")
                if not isinstance(code, str) or not code:
                    raise DataFileError(profile.path, getattr(entry, "line", None),
                                        f"each entry of {section!r} needs a 'code'")
                if code in seen:
                    raise DataFileError(profile.path, getattr(entry, "line", None),
                                        f"{section}: code {code!r} appears twice")
                seen.add(code)


def _check_day_counts(profile: Profile) -> None:
    for section in ("plan_types", "risk_levels", "measure_types", "visit_protocols"):
        for item in profile.items(section):
            for key in _DAY_KEYS:
                value = item.get(key)
                if value is not None and (not isinstance(value, int) or isinstance(value, bool)
                                          or value < 1):
                    raise DataFileError(profile.path, getattr(item, "line", None),
                                        f"{section} {item.get('code')!r}: {key} must be a "
                                        "whole number of days")


class CaseworkConfig:
    """Typed access to the profile entries the workflows need."""

    def __init__(self, profile: Profile) -> None:
        check_profile(profile)
        self.profile = profile

    def entry(self, section: str, code: str | None, what: str) -> dict[str, Any]:
        item = self.profile.item(section, code) if code else None
        if item is None:
            raise UnknownCode(what=what, code=code)
        return item

    def require_code(self, section: str, code: str | None, what: str) -> str:
        self.entry(section, code, what)
        return str(code)

    def manager_role(self, case_type: str) -> str:
        return self.entry("case_types", case_type, "case type")["manager_role"]

    def plan_type_for(self, case_type: str) -> str:
        return self.entry("case_types", case_type, "case type")["plan_type"]

    def plan_review_days(self, plan_type: str) -> int:
        entry = self.entry("plan_types", plan_type, "plan type")
        return int(entry.get("review_days", DEFAULT_PLAN_REVIEW_DAYS))

    def requires_approval(self, plan_type: str) -> bool:
        return bool(self.entry("plan_types", plan_type, "plan type").get("requires_approval"))

    def risk_review_days(self, risk_level: str) -> int:
        entry = self.entry("risk_levels", risk_level, "risk level")
        return int(entry.get("review_days", DEFAULT_REVIEW_DAYS))

    def report_every_days(self, measure_type: str) -> int | None:
        days = self.entry("measure_types", measure_type, "measure type").get("report_every_days")
        return int(days) if days else None

    def protection_order_measure(self, kind: str) -> str:
        return self.entry("protection_order_types", kind, "protection order type")["measure_type"]

    def follow_up_days(self, protocol: str) -> int:
        entry = self.entry("visit_protocols", protocol, "visit protocol")
        return int(entry.get("follow_up_days", DEFAULT_FOLLOW_UP_DAYS))

    @property
    def referral_response_days(self) -> int:
        return int(self.profile.data.get("referral_response_days", 14))

    @property
    def referral_delivery_days(self) -> int:
        return int(self.profile.data.get("referral_delivery_days", 30))

    @property
    def services(self) -> set[str]:
        return {s["code"] for g in self.profile.items("service_taxonomy")
                for s in g.get("services", [])}

    def is_service(self, code: str) -> bool:
        return code in self.services


@cache
def casework_config(profile: Profile) -> CaseworkConfig:
    """The (checked) configuration of a loaded profile."""
    return CaseworkConfig(profile)


def today() -> dt.date:
    return dt.date.today()


def as_date(value: dt.date | str | None, default: dt.date | None = None) -> dt.date:
    """A date from a date, an ISO string or ``None`` (then ``default`` or today)."""
    if value is None:
        return default or today()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def iso(value: dt.date | str | None, default: dt.date | None = None) -> str:
    return as_date(value, default).isoformat()


def add_days(value: dt.date | str, days: int) -> str:
    return (as_date(value) + dt.timedelta(days=days)).isoformat()
