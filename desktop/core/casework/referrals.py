"""Referrals out to services, their outcome, and the offline service directory.

A referral is ``sent``; the service answers (``accepted``), then the service is ``delivered``,
or the beneficiary ``refused`` it, or it was ``not_possible`` (no capacity, distance, the
service does not exist). Each change is dated and kept in the referral's history. A referral
``prescribed`` by a commission that was not delivered stays visible
(:func:`prescribed_not_delivered`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from desktop.core.casework.cases import require_open_case
from desktop.core.casework.config import add_days, as_date, casework_config, iso
from desktop.core.casework.errors import DateOrder, MissingValue, ReferralTransition, UnknownCode
from desktop.core.casework.persons import require
from desktop.core.casework.places import place_key
from desktop.core.store import Store
from sync.records import Record, loads

SENT, ACCEPTED, DELIVERED, REFUSED, NOT_POSSIBLE = (
    "sent", "accepted", "delivered", "refused", "not_possible")
STATUSES = (SENT, ACCEPTED, DELIVERED, REFUSED, NOT_POSSIBLE)
PENDING = (SENT, ACCEPTED)
NOT_POSSIBLE_REASONS = ("no_capacity", "distance", "not_available", "other")
_NEXT: dict[str, tuple[str, ...]] = {
    SENT: (ACCEPTED, DELIVERED, REFUSED, NOT_POSSIBLE),
    ACCEPTED: (DELIVERED, REFUSED, NOT_POSSIBLE),
    DELIVERED: (),
    REFUSED: (SENT,),  # the beneficiary changed their mind: sent again
    NOT_POSSIBLE: (SENT,),  # capacity or transport found later
}


def next_statuses(status: str | None) -> tuple[str, ...]:
    """The statuses a referral with ``status`` may move to (none for an unknown one)."""
    return _NEXT.get(status or "", ())


def refer(store: Store, case_id: str, service: str, *, provider_id: str | None = None,
          provider_name: str | None = None, reason: str = "", prescribed: bool = False,
          prescribed_by: str | None = None, sent_on: dt.date | str | None = None) -> Record:
    """Refer the case's person to a service (optionally a provider from the directory)."""
    config = casework_config(store.profile)
    if not config.is_service(service):
        raise UnknownCode(what="service", code=service)
    day = as_date(sent_on)
    with store.transaction():
        case = require_open_case(store, case_id)
        if provider_id:
            provider = require(store, provider_id, "service_provider")
            provider_name = provider_name or provider.fields["name"]
        return store.create("referral", {
            "case_id": case_id, "person_id": case.fields.get("person_id"),
            "service": service, "provider_id": provider_id, "provider_name": provider_name,
            "reason": reason or None, "prescribed": bool(prescribed),
            "prescribed_by": prescribed_by if prescribed else None, "status": SENT,
            "sent_on": day.isoformat(), "status_on": day.isoformat(),
            "response_due": add_days(day, config.referral_response_days),
            "referred_by": store.user,
            "history": [{"status": SENT, "on": day.isoformat(), "by": store.user}]})


def set_referral_status(store: Store, referral_id: str, status: str, *,
                        on: dt.date | str | None = None, reason: str | None = None) -> Record:
    """Record the referral's outcome. ``reason``: why refused (text), or for ``not_possible``
    one of no_capacity, distance, not_available, other."""
    if status not in STATUSES:
        raise UnknownCode(what="referral status", code=status)
    config = casework_config(store.profile)
    with store.transaction():
        referral = require(store, referral_id, "referral")
        current = referral.fields["status"]
        if status not in _NEXT[current]:
            raise ReferralTransition(current=current, new=status)
        day = as_date(on)
        if day.isoformat() < referral.fields["sent_on"]:
            raise DateOrder(later=day.isoformat(), earlier=referral.fields["sent_on"])
        changes = _status_changes(status, day, reason, config.referral_delivery_days,
                                  config.referral_response_days)
        changes["history"] = [*(referral.fields.get("history") or []),
                              {"status": status, "on": day.isoformat(), "by": store.user,
                               "reason": reason or None}]
        return store.update(referral_id, changes)


def _status_changes(status: str, day: dt.date, reason: str | None, delivery_days: int,
                    response_days: int) -> dict[str, Any]:
    changes: dict[str, Any] = {"status": status, "status_on": day.isoformat(),
                               "response_due": None}
    if status == SENT:
        changes.update(response_due=add_days(day, response_days), refusal_reason=None,
                       not_possible_reason=None, sent_on=day.isoformat())
    elif status == ACCEPTED:
        changes.update(accepted_on=day.isoformat(), response_due=add_days(day, delivery_days))
    elif status == DELIVERED:
        changes["delivered_on"] = day.isoformat()
    elif status == REFUSED:
        changes["refusal_reason"] = reason or None
    elif status == NOT_POSSIBLE:
        if not reason:
            raise MissingValue(what="The reason the service was not possible")
        if reason not in NOT_POSSIBLE_REASONS:
            raise UnknownCode(what="reason", code=reason)
        changes["not_possible_reason"] = reason
    return changes


def referrals_of_case(store: Store, case_id: str) -> list[Record]:
    return store.query("referral", case_id=case_id, order_by="main_date", descending=True)


def prescribed_not_delivered(store: Store, *, since: dt.date | str | None = None
                             ) -> list[Record]:
    """Referrals a commission prescribed that have not been delivered (newest first)."""
    sql = ("SELECT id, type, fields, rev FROM records WHERE type = 'referral' AND deleted = 0 "
           "AND status != 'delivered' AND json_extract(fields, '$.prescribed') = 1")
    params: list[Any] = []
    if since:
        sql += " AND main_date >= ?"
        params.append(iso(since))
    with store.reading() as conn:
        rows = conn.exec_driver_sql(sql + " ORDER BY main_date DESC, id", tuple(params))
        return [Record(r[0], r[1], loads(r[2]), r[3]) for r in rows]


@dataclass(frozen=True)
class ReferralOutcomes:
    by_status: dict[str, int]
    prescribed: dict[str, int]
    not_possible_reasons: dict[str, int]


def referral_outcomes(store: Store) -> ReferralOutcomes:
    """How many referrals have each status, of them how many prescribed, and why not possible."""
    with store.reading() as conn:
        rows = conn.exec_driver_sql(
            "SELECT status, coalesce(json_extract(fields, '$.prescribed'), 0), "
            "json_extract(fields, '$.not_possible_reason'), count(*) FROM records "
            "WHERE type = 'referral' AND deleted = 0 GROUP BY 1, 2, 3").fetchall()
    by_status = dict.fromkeys(STATUSES, 0)
    prescribed = dict.fromkeys(STATUSES, 0)
    reasons = dict.fromkeys(NOT_POSSIBLE_REASONS, 0)
    for status, was_prescribed, reason, count in rows:
        by_status[status] = by_status.get(status, 0) + count
        if was_prescribed:
            prescribed[status] = prescribed.get(status, 0) + count
        if reason:
            reasons[reason] = reasons.get(reason, 0) + count
    return ReferralOutcomes(by_status, prescribed, reasons)


# -- the service directory -----------------------------------------------------------------------

def add_provider(store: Store, name: str, *, services: list[str],
                 target_groups: list[str] | None = None, **fields: Any) -> Record:
    """A public or NGO provider in the offline service directory."""
    config = casework_config(store.profile)
    unknown = [s for s in services if not config.is_service(s)]
    if unknown:
        raise UnknownCode(what="service", code=unknown[0])
    groups = set(store.profile.codes("target_groups"))
    bad = [g for g in target_groups or [] if g not in groups]
    if bad:
        raise UnknownCode(what="target group", code=bad[0])
    return store.create("service_provider", {"name": name, "services": list(services),
                                             "target_groups": list(target_groups or []),
                                             **fields})


def providers_for(store: Store, service: str | None = None, target_group: str | None = None,
                  unit: str | None = None) -> list[Record]:
    """Providers offering ``service`` to ``target_group`` in administrative unit ``unit``.

    A provider with no target groups serves everyone; one with no administrative unit
    (regional or national) serves every unit. The unit may be typed without diacritics.
    """
    sql = "SELECT id, type, fields, rev FROM records r WHERE type = 'service_provider' " \
          "AND deleted = 0"
    params: list[Any] = []
    if service:
        sql += (" AND EXISTS (SELECT 1 FROM json_each(r.fields, '$.services') s "
                "WHERE s.value = ?)")
        params.append(service)
    if target_group:
        sql += (" AND (coalesce(json_array_length(r.fields, '$.target_groups'), 0) = 0 OR "
                "EXISTS (SELECT 1 FROM json_each(r.fields, '$.target_groups') g "
                "WHERE g.value = ?))")
        params.append(target_group)
    with store.reading() as conn:
        rows = conn.exec_driver_sql(sql + " ORDER BY title, id", tuple(params)).fetchall()
    providers = [Record(r[0], r[1], loads(r[2]), r[3]) for r in rows]
    if unit:
        key = place_key(unit)
        providers = [p for p in providers if not p.fields.get("administrative_unit")
                     or place_key(p.fields["administrative_unit"]) == key]
    return providers
