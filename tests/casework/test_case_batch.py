"""Cases made in a batch (an import) are those :func:`new_case_fields` makes, after the same
checks."""

from __future__ import annotations

import json
import re

import pytest

from desktop.core.casework.case_batch import CaseBatch
from desktop.core.casework.cases import new_case_fields
from desktop.core.errors import KujdesError
from desktop.core.store import Store
from desktop.core.sync_local import META_USER

from .conftest import new_case, new_person

ASKED = [("social_care", {"referral_source": "police", "opened_on": "2025-03-04",
                          "risk_level": "high", "reason": "pa strehë"}),
         ("disability", {"referral_source": "village_head", "opened_on": "2024-12-31"}),
         ("social_care", {"referral_source": "police", "opened_on": "2025-05-01"}),
         ("social_care", {"referral_source": "police", "opened_on": "2025-05-01",
                          "allow_second": True}),
         ("domestic_violence", {"referral_source": "police", "opened_on": "2025-01-01"}),
         ("social_care", {"referral_source": "Marsi", "opened_on": "2025-01-01"}),
         ("social_care", {"referral_source": "police", "risk_level": "extreme"})]


def _one_by_one(store: Store, person_id: str) -> list[dict | str]:
    made: list[dict | str] = []
    for case_type, options in ASKED:
        try:
            with store.transaction():
                fields = new_case_fields(store, person_id, case_type, municipality="Pukë",
                                         **options)
                made.append(fields)
                store.create("case", fields)
        except KujdesError as exc:
            made.append(str(exc))
    return made


def _batch(store: Store, person_id: str) -> list[dict | str]:
    made: list[dict | str] = []
    person = store.require(person_id).fields
    for case_type, options in ASKED:
        try:
            with store.transaction():
                batch = CaseBatch(store)
                batch.load_cases_of([person_id])
                fields = batch.fields(person_id, person, case_type, municipality="Pukë",
                                      **options)
                batch.number([fields])
                made.append(fields)
                store.create("case", fields)
        except KujdesError as exc:
            made.append(str(exc))
    return made


@pytest.mark.parametrize("role", [None, "mobile_unit"])
def test_a_batch_makes_what_opening_one_by_one_makes(store: Store, role: str | None) -> None:
    if role:
        store.meta_set(META_USER, json.dumps({"role": role, "units": [],
                                              "municipality": "Pukë"}))
    first, second = new_person(store, personal_id=None), new_person(store, personal_id=None)
    new_case(store, "employment", person=first)
    new_case(store, "employment", person=second)
    one_by_one, batch = _one_by_one(store, first.id), _batch(store, second.id)
    assert len(one_by_one) == len(batch) == len(ASKED)
    for single, batched in zip(one_by_one, batch, strict=True):
        if isinstance(single, str):  # the case named has its own number in each sequence
            assert isinstance(batched, str)
            assert re.sub(r"-[0-9]{5}\b", "", single) == re.sub(r"-[0-9]{5}\b", "", batched)
            continue
        assert isinstance(batched, dict)
        differ = {k for k in single.keys() | batched.keys() if single.get(k) != batched.get(k)}
        assert differ <= {"person_id", "household_id", "case_number"}
        assert single["case_number"][:-5] == batched["case_number"][:-5]
    assert any(isinstance(m, str) for m in batch) and any(isinstance(m, dict) for m in batch)
