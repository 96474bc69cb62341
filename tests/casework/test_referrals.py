"""Referrals: statuses with dates, prescribed but not delivered, the service directory."""

from __future__ import annotations

import pytest

from desktop.core.casework.errors import MissingValue, ReferralTransition, UnknownCode
from desktop.core.casework.referrals import (
    add_provider,
    prescribed_not_delivered,
    providers_for,
    refer,
    referral_outcomes,
    referrals_of_case,
    set_referral_status,
)
from desktop.core.store import Store

from .conftest import new_case


def test_sent_accepted_delivered_with_dates(store: Store) -> None:
    case = new_case(store)
    provider = add_provider(store, "Qendra Ditore Pukë", services=["day_centre"],
                            target_groups=["disability"], administrative_unit="Pukë")
    referral = refer(store, case.id, "day_centre", provider_id=provider.id, reason="Daily care",
                     sent_on="2026-01-05")
    f = referral.fields
    assert (f["status"], f["sent_on"], f["response_due"]) == ("sent", "2026-01-05",
                                                              "2026-01-19")
    assert f["provider_name"] == "Qendra Ditore Pukë" and f["person_id"]
    accepted = set_referral_status(store, referral.id, "accepted", on="2026-01-08")
    assert accepted.fields["accepted_on"] == "2026-01-08"
    assert accepted.fields["response_due"] == "2026-02-07"  # now waiting for delivery
    delivered = set_referral_status(store, referral.id, "delivered", on="2026-01-20")
    assert delivered.fields["delivered_on"] == "2026-01-20"
    assert "response_due" not in delivered.fields
    assert [h["status"] for h in delivered.fields["history"]] == ["sent", "accepted",
                                                                  "delivered"]
    with pytest.raises(ReferralTransition):
        set_referral_status(store, referral.id, "refused")


def test_refused_and_not_possible_keep_their_reasons(store: Store) -> None:
    case = new_case(store)
    refused = refer(store, case.id, "residential_elderly", sent_on="2026-01-05")
    refused = set_referral_status(store, refused.id, "refused", on="2026-01-09",
                                  reason="Wants to stay at home")
    assert refused.fields["refusal_reason"] == "Wants to stay at home"
    far = refer(store, case.id, "day_centre", sent_on="2026-01-05", prescribed=True,
                prescribed_by="Komisioni i PAK")
    with pytest.raises(MissingValue):
        set_referral_status(store, far.id, "not_possible")
    with pytest.raises(UnknownCode):
        set_referral_status(store, far.id, "not_possible", reason="weather")
    far = set_referral_status(store, far.id, "not_possible", on="2026-01-12", reason="distance")
    assert (far.fields["status"], far.fields["not_possible_reason"], far.fields["status_on"]) \
        == ("not_possible", "distance", "2026-01-12")
    # transport found later: sent again
    again = set_referral_status(store, far.id, "sent", on="2026-02-01")
    assert again.fields["response_due"] == "2026-02-15"
    assert "not_possible_reason" not in again.fields
    assert len(referrals_of_case(store, case.id)) == 2


def test_prescribed_but_not_delivered_stays_visible(store: Store) -> None:
    case = new_case(store)
    done = refer(store, case.id, "home_care", prescribed=True)
    set_referral_status(store, done.id, "delivered")
    missing = refer(store, case.id, "day_centre", prescribed=True)
    set_referral_status(store, missing.id, "not_possible", reason="not_available")
    refer(store, case.id, "food_package")  # not prescribed
    assert [r.id for r in prescribed_not_delivered(store)] == [missing.id]
    outcomes = referral_outcomes(store)
    assert outcomes.by_status == {"sent": 1, "accepted": 0, "delivered": 1, "refused": 0,
                                  "not_possible": 1}
    assert outcomes.prescribed["delivered"] == 1 and outcomes.prescribed["not_possible"] == 1
    assert outcomes.not_possible_reasons["not_available"] == 1


def test_unknown_services_are_refused(store: Store) -> None:
    case = new_case(store)
    with pytest.raises(UnknownCode):
        refer(store, case.id, "spa")
    with pytest.raises(UnknownCode):
        add_provider(store, "X", services=["spa"])


def test_the_service_directory_answers_offline(store: Store) -> None:
    day = add_provider(store, "Qendra Ditore Pukë", services=["day_centre", "counselling"],
                       target_groups=["disability", "elderly"], administrative_unit="Pukë")
    ngo = add_provider(store, "Shoqata Zemër e Mirë", services=["counselling", "food_package"],
                       administrative_unit="Qelëz", public=False)
    national = add_provider(store, "Strehimi i Mbrojtur", services=["protected_housing"],
                            level="national")
    names = lambda found: [p.fields["name"] for p in found]  # noqa: E731
    assert names(providers_for(store, service="counselling")) == [
        "Qendra Ditore Pukë", "Shoqata Zemër e Mirë"]
    assert names(providers_for(store, service="counselling", target_group="elderly")) == [
        "Qendra Ditore Pukë", "Shoqata Zemër e Mirë"]  # the NGO serves every group
    assert names(providers_for(store, service="counselling", unit="qelez")) == [
        "Shoqata Zemër e Mirë"]
    assert names(providers_for(store, unit="Qelëz")) == ["Shoqata Zemër e Mirë",
                                                          "Strehimi i Mbrojtur"]
    assert {p.id for p in providers_for(store)} == {day.id, ngo.id, national.id}
