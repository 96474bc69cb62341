"""A pull judges scope on the scope columns: the same decision as on the record's fields."""

from __future__ import annotations

import random

from sync.ids import uuid7
from sync.profile import load_profile
from sync.protocol import caseload_digest
from sync.server import admin, pull
from sync.server.models import RecordRow
from sync.server.pull import caseload, caseload_ids, pull_page, record_json
from sync.server.pull_rows import scan
from sync.server.scope import ScopeIndex, UserScope
from tests.server.fixtures import sent_records

USERS = [UserScope("a", "social_worker", ("Qerret",)),
         UserScope("b", "dv_coordinator", ()),
         UserScope("c", "child_protection_worker", ("Rrapë",)),
         UserScope("d", "head_of_unit", ())]
CASE_TYPES = ["social_care", "domestic_violence", "child_protection", "elderly_care"]


def _child(rng: random.Random, kind: str, cases: list[str], persons: list[str],
           plans: list[str]) -> dict[str, object]:
    """A record that follows a case, a person or another record, sometimes oddly filled."""
    if kind == "meeting":
        return {"case_ids": rng.sample(cases, 2)}
    if kind == "conflict":
        return {"record_id": rng.choice(cases + persons + [""])}
    if kind == "attachment" and rng.random() < 0.5:
        return {"plan_id": rng.choice(plans)}
    if kind == "consent" and rng.random() < 0.5:
        return {"person_id": rng.choice(persons)}
    return {"case_id": rng.choice(cases + [""])}


def test_scope_columns_judge_like_the_fields(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(pull, "CASELOAD_CHUNK", 7)  # the caseload read in several chunks
    url = f"sqlite:///{tmp_path / 'pull.db'}"
    admin.init(url, "Pukë")
    rng = random.Random(11)
    units = ["Qerret", "Rrapë", None]
    with admin.open_db(url) as session:
        households = [uuid7() for _ in range(5)]
        persons = [uuid7() for _ in range(12)]
        for h in households:
            admin.write_server_record(session, "household", h,
                                      {"administrative_unit": rng.choice(units)})
        for p in persons:
            fields: dict[str, object] = {"first_name": "E", "last_name": "M"}
            if rng.random() < 0.6:
                fields["household_id"] = rng.choice(households)
            if unit := rng.choice(units):
                fields["administrative_unit"] = unit
            admin.write_server_record(session, "person", p, fields)
        cases = [uuid7() for _ in range(10)]
        for cid in cases:
            fields = {"person_id": rng.choice(persons), "case_type": rng.choice(CASE_TYPES)}
            if unit := rng.choice(units):
                fields["administrative_unit"] = unit
            admin.write_server_record(session, "case", cid, fields)
        plans = [uuid7() for _ in range(4)]
        for pid in plans:
            admin.write_server_record(session, "plan", pid, {"case_id": rng.choice(cases)})
        for _ in range(60):
            kind = rng.choice(["visit", "note", "consent", "administrative_act", "meeting",
                               "conflict", "attachment", "village"])
            admin.write_server_record(session, kind, uuid7(),
                                      _child(rng, kind, cases, persons, plans),
                                      deleted=rng.random() < 0.1)
        session.commit()
        profile = load_profile("AL")
        stored = {row.id: row for row in session.query(RecordRow)}
        pulled = scan(session, 0, 10_000)
        assert [r.id for r in pulled] == sorted(stored, key=lambda i: stored[i].rev)
        for row in pulled:  # what is sent is what is stored
            assert record_json(row) == record_json(stored[row.id])
            assert row.deleted is stored[row.id].deleted
        for user in USERS:
            full = ScopeIndex.load(session, user, profile)
            lazy = ScopeIndex.lazy(session, user, profile)
            lazy.prepare([(r.id, r.type, r.scope_fields) for r in pulled])
            seen = [lazy.visible(r.id, r.type, r.scope_fields) for r in pulled]
            assert seen == [full.row_visible(stored[r.id]) for r in pulled], user
            assert any(seen) and not all(seen), user
            # the database leaves out only rows the user cannot see, and judges them alike
            kept = scan(session, 0, 10_000, user.units, upto=10**9)
            visible = {r.id for r, s in zip(pulled, seen, strict=True) if s}
            assert visible <= {r.id for r in kept}, user
            assert [r.id for r in kept] == [r.id for r in pulled if r.id in
                                            {k.id for k in kept}], user
            if user.units:
                assert len(kept) < len(pulled), user
        for user in USERS:  # the caseload check and its repair list, on the same light rows
            full = ScopeIndex.load(session, user, profile)
            pairs = sorted([row.id, row.rev] for row in stored.values() if full.row_visible(row))
            assert caseload_ids(session, user, profile)["pairs"] == pairs, user
            count, digest = caseload_digest([(rid, rev) for rid, rev in pairs])
            summary = caseload(session, user, profile)
            assert (summary["count"], summary["hash"]) == (count, digest), user
            # pages of a few records bring the same caseload, each record once
            cursor, pulled_ids = 0, []
            for _ in range(100):
                page = pull_page(session, user, profile, cursor, 3)
                sent = sent_records(page)
                for record in sent:  # what is sent is what is stored
                    row = stored[record["id"]]
                    assert record == {"id": row.id, "type": row.type, "rev": row.rev,
                                      "deleted": row.deleted, "fields": row.fields}
                pulled_ids += [r["id"] for r in sent]
                cursor = page["cursor"]
                if not page["more"]:
                    break
            assert sorted(pulled_ids) == [rid for rid, _rev in pairs], user
