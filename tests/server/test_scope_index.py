"""The scope index kept current while a batch writes: same answers as one built afresh."""

from __future__ import annotations

import random

from sync.profile import load_profile
from sync.server.scope import ScopeIndex, UserScope

USER = UserScope("sw", "social_worker", ("Qerret",))


def _fresh(index: ScopeIndex) -> dict[str, set[str]]:
    copy = ScopeIndex(None, USER, load_profile("AL"))  # type: ignore[arg-type]
    copy.cases, copy.person_household = dict(index.cases), dict(index.person_household)
    return {k: v for k, v in copy._case_links().items() if v}


def test_links_follow_case_and_person_changes() -> None:
    rng = random.Random(7)
    index = ScopeIndex(None, USER, load_profile("AL"))  # type: ignore[arg-type]
    persons = [f"p{i}" for i in range(6)]
    households = [f"h{i}" for i in range(3)]
    index._case_links()  # built once, then kept current by note()
    for step in range(300):
        if rng.random() < 0.5:
            index.note(f"c{rng.randrange(8)}", "case", {
                "person_id": rng.choice(persons), "administrative_unit": "Qerret",
                "case_type": rng.choice(["social_care", "domestic_violence"]),
                **({"household_id": rng.choice(households)} if rng.random() < 0.5 else {})})
        else:
            index.note(rng.choice(persons), "person", {
                "administrative_unit": "Qerret",
                **({"household_id": rng.choice(households)} if rng.random() < 0.7 else {})})
        kept = {k: v for k, v in index._case_links().items() if v}
        assert kept == _fresh(index), f"step {step}"
