"""A pull page reads the links between persons, households and cases in lists of ids (one
query per list, :mod:`sync.server.party_rows`). Whatever the page size, and wherever a link
lands in the revision order, every record must be judged as the full index judges it."""

from __future__ import annotations

import random

import pytest

from sync.ids import uuid7
from sync.profile import load_profile
from sync.server import admin
from sync.server.models import RecordRow
from sync.server.pull import pull_page
from sync.server.scope import ScopeIndex, UserScope
from tests.server.fixtures import sent_records

WORKER = UserScope("sw", "social_worker", ("Qerret",))
USERS = [WORKER, UserScope("dv", "dv_coordinator", ()),
         UserScope("cp", "child_protection_worker", ("Rrapë",))]


def _write(session, rtype: str, fields: dict[str, object]) -> str:  # type: ignore[no-untyped-def]
    rid = uuid7()
    admin.write_server_record(session, rtype, rid, fields)
    return rid


def _links_added_later(session) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Persons and households first; the cases linking them, some of another unit, later."""
    named = {"p_other": _write(session, "person", {"administrative_unit": "Qerret"}),
             "h_other": _write(session, "household", {"administrative_unit": "Qerret"}),
             "h_mixed": _write(session, "household", {"administrative_unit": "Qerret"}),
             "p_alone": _write(session, "person", {"administrative_unit": "Qerret"}),
             "p_free": _write(session, "person", {"administrative_unit": "Qerret"})}
    named["member_other"] = _write(session, "person", {"administrative_unit": "Qerret",
                                                       "household_id": named["h_other"]})
    named["member_mine"] = _write(session, "person", {"administrative_unit": "Qerret",
                                                      "household_id": named["h_mixed"]})
    for _ in range(30):  # pages of unrelated records between them and their cases
        _write(session, "village", {"name": "Fshat"})
    _write(session, "case", {"person_id": named["p_other"], "administrative_unit": "Rrapë",
                             "case_type": "social_care"})
    _write(session, "case", {"person_id": named["member_other"],
                             "administrative_unit": "Rrapë", "case_type": "social_care"})
    _write(session, "case", {"person_id": named["member_mine"], "administrative_unit": "Qerret",
                             "case_type": "social_care"})
    _write(session, "case", {"person_id": named["p_alone"], "household_id": named["h_mixed"],
                             "administrative_unit": "Rrapë", "case_type": "social_care"})
    named["consent_other"] = _write(session, "consent", {"person_id": named["p_other"]})
    return named


def _random_world(session, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    units = ["Qerret", "Rrapë", None]
    households = [_write(session, "household", {"administrative_unit": rng.choice(units)})
                  for _ in range(8)]
    persons = []
    for _ in range(25):
        fields: dict[str, object] = {"administrative_unit": rng.choice(units)}
        if rng.random() < 0.6:
            fields["household_id"] = rng.choice(households)
        persons.append(_write(session, "person", fields))
    cases = []
    for _ in range(25):
        fields = {"person_id": rng.choice(persons), "administrative_unit": rng.choice(units),
                  "case_type": rng.choice(["social_care", "domestic_violence",
                                           "child_protection"])}
        if rng.random() < 0.3:
            fields["household_id"] = rng.choice(households)
        cases.append(_write(session, "case", fields))
        if rng.random() < 0.3:  # a person written again after a case links it: a new household
            admin.write_server_record(session, "person", rng.choice(persons), {
                "administrative_unit": rng.choice(units), "household_id": rng.choice(households)})
    for _ in range(40):
        kind = rng.choice(["visit", "consent", "meeting", "conflict"])
        fields = {"case_id": rng.choice(cases)} if kind == "visit" else \
            {"person_id": rng.choice(persons)} if kind == "consent" else \
            {"case_ids": rng.sample(cases, 2)} if kind == "meeting" else \
            {"record_id": rng.choice(cases + persons + households)}
        _write(session, kind, fields)


def _pulled(session, user: UserScope, limit: int) -> set[str]:  # type: ignore[no-untyped-def]
    profile, cursor, seen = load_profile("AL"), 0, set()
    for _ in range(10_000):
        page = pull_page(session, user, profile, cursor, limit)
        seen |= {record["id"] for record in sent_records(page)}
        cursor = page["cursor"]
        if not page["more"]:
            return seen
    raise AssertionError("the pull did not end")


@pytest.mark.parametrize("seed", [1, 2])
def test_pages_judge_like_the_full_index(db_url: str, seed: int) -> None:
    with admin.open_db(db_url) as session:
        named = _links_added_later(session)
        _random_world(session, random.Random(seed))
        session.commit()
        rows = session.query(RecordRow).all()
        for user in USERS:
            full = ScopeIndex.load(session, user, load_profile("AL"))
            expected = {row.id for row in rows if full.row_visible(row)}
            for limit in (1, 3, 7, 2000):
                assert _pulled(session, user, limit) == expected, (user.username, limit)
        seen = _pulled(session, WORKER, 3)
    # linked only to cases of another unit, through links written on later pages
    for hidden in ("p_other", "h_other", "member_other", "consent_other", "p_alone"):
        assert named[hidden] not in seen, hidden
    for shown in ("h_mixed", "member_mine", "p_free"):
        assert named[shown] in seen, shown
