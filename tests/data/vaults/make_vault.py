"""Make a small vault of synthetic casework, and its manifest, with the code importable now.

Run it with the code of an earlier schema version first on the path (see README.md)::

    PYTHONPATH=/tmp/old python tests/data/vaults/make_vault.py tests/data/vaults/vN

It writes ``data/`` (device.json and vaults/<user>/key.json, vault.db) and ``manifest.json``:
what the vault holds, read back through the same code, for the upgrade test to compare.
Everything here is made up; the names are invented.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import struct
import sys
import zlib
from pathlib import Path

from desktop.core import migrations
from desktop.core.casework import assessments, cases, persons, plans, referrals, visits
from desktop.core.casework.signed_copies import attach_signed_copy
from desktop.core.keys import FAST_KDF
from desktop.core.vault import create_vault
from sync.ids import uuid7
from sync.records import Record

USER = "upgrade.test"
PASSWORD = "upgrade test password"
DAY = dt.date(2026, 3, 2)
D = DAY.isoformat()
ELDERLY = {"assessment_date": D, "informant": "self", "lives_alone": "yes", "has_carer": "no",
           "b_feeding": "10", "b_bathing": "0", "b_grooming": "5", "b_dressing": "5",
           "b_bowels": "10", "b_bladder": "5", "b_toilet": "5", "b_transfers": "10",
           "b_mobility": "10", "b_stairs": "5",
           "l_telephone": "answers_only", "l_shopping": "small_purchases",
           "l_food": "if_supplied", "l_housekeeping": "needs_help_all",
           "l_laundry": "small_items", "l_transport": "accompanied_public",
           "l_medication": "prepared", "l_finances": "day_to_day"}


def fields_hash(fields: dict) -> str:
    """The same on every version: canonical JSON of the fields, hashed."""
    text = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def png_bytes() -> bytes:
    """A 2x2 grey PNG, the scan of a signed plan."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", 2, 2, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\x80\x80" * 2)) + chunk(b"IEND", b""))


def person(first: str, last: str, sex: str, born: str, **more: object) -> dict:
    return {"first_name": first, "last_name": last, "father_name": "Petrit", "sex": sex,
            "birth_date": born, "administrative_unit": "Qelëz", "village": "Plan",
            "target_groups": ["income"], **more}


def fill(store) -> None:  # noqa: ANN001 - the Store of whichever version runs this
    home = persons.create_household(store, {"area_type": "rural"})
    elder = persons.register_person(store, person("Testë", "Shembulli", "F", "1941-02-03"),
                                    household_id=home.id)
    persons.register_person(store, person("Provë", "Shembulli", "M", "1970-06-07",
                                          personal_id="I00101001A"), household_id=home.id)
    other = persons.register_person(store, person("Model", "Imagjinari", "M", "1988-09-10"),
                                    new_household={"area_type": "urban"})
    case = cases.open_case(store, elder.id, "elderly_care", referral_source="village_head",
                           opened_on=DAY - dt.timedelta(days=20), municipality="Pukë")
    cases.open_case(store, other.id, "social_care", referral_source="self",
                    opened_on=DAY - dt.timedelta(days=5), municipality="Pukë")
    cases.add_note(store, case.id, "Shënim provë.")
    assessments.save_assessment(store, case.id, "elderly_functional", ELDERLY, submitted_on=DAY)
    plan = plans.create_plan(store, case.id, goals=["Kujdes në shtëpi"], created_on=DAY)
    plans.add_action(store, plan.id, description="Vizita javore", start_date=DAY)
    plans.sign_plan(store, plan.id, by="worker", on=DAY)
    attach_signed_copy(store, plan.id, png_bytes(), "image/png", description="skanim")
    visits.record_visit(store, case.id, {"visit_date": D, "follow_up_date": "2026-03-16"})
    referrals.refer(store, case.id, "home_care", sent_on=DAY, reason="Provë")
    store.save_draft("visit:new", "visit", {"notes": "E pa ruajtur"}, record_id=case.id)
    store.audit("view", store.require(case.id))
    store.meta_set("pull_cursor", "0")
    # A household a colleague made, as a pull brings it: synced, with no outbox change.
    store.put_synced(Record(uuid7(), "household", {"area_type": "rural"}, 2))


def manifest(vault) -> dict:  # noqa: ANN001
    store = vault.store
    with store.reading() as conn:
        def rows(sql: str) -> list:
            return [tuple(r) for r in conn.exec_driver_sql(sql)]

        tables = [r[0] for r in rows("SELECT name FROM sqlite_master WHERE type = 'table' "
                                     "AND name NOT LIKE 'search_fts%' "
                                     "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        counts = {t: rows(f"SELECT count(*) FROM {t}")[0][0] for t in tables}
        records = rows("SELECT id, type, rev, deleted FROM records ORDER BY id")
        blobs = [r[0] for r in rows("SELECT sha256 FROM blobs ORDER BY sha256")]
        drafts = [r[0] for r in rows("SELECT key FROM drafts ORDER BY key")]
    found = [store.get(rid, include_deleted=True) for rid, *_ in records]
    changes = store.pending_changes(limit=10_000)
    return {
        "schema_version": migrations.SCHEMA_VERSION,
        "user": USER,
        "password": PASSWORD,
        "counts": counts,
        "records": [{"id": r.id, "type": r.type, "rev": r.rev, "deleted": r.deleted,
                     "fields_sha256": fields_hash(r.fields)} for r in found],
        "outbox": [{"change_id": c.change_id, "record_id": c.record_id,
                    "fields_sha256": fields_hash(c.fields)} for c in changes],
        "blobs": blobs,
        "drafts": drafts,
        "audit_entries": store.verify_audit().entries,
    }


def main(out: Path) -> None:
    data = out / "data"
    shutil.rmtree(data, ignore_errors=True)
    vault = create_vault(data, USER, PASSWORD, kdf=FAST_KDF)
    try:
        fill(vault.store)
        written = manifest(vault)
        with vault.store.reading() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        vault.lock()
    (out / "manifest.json").write_text(json.dumps(written, indent=1, ensure_ascii=False) + "\n",
                                       encoding="utf-8")
    print(f"schema {written['schema_version']}: {len(written['records'])} records, "
          f"{len(written['outbox'])} outbox changes in {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve())
