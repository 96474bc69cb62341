"""A consent given on the laptop and later withdrawn reaches the server and a colleague with
its status, who withdrew it and its history (real vault, real server on 127.0.0.1)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from desktop.core.casework.assessments import save_assessment
from desktop.core.casework.consent import withdraw_consent
from desktop.core.keys import FAST_KDF
from desktop.core.sync_local import login, sync_now
from tests.casework.test_consent import ANSWERS
from tests.server.fixtures import PASSWORD, World, new_case


def test_a_withdrawal_syncs_to_a_colleague(world: World, tmp_path: Path) -> None:
    office, oc = world.device("head")
    _person, case = new_case(office, "Qerret", "social_care", 1)
    office.sync(oc)
    vault = login(world.url, tmp_path, "sw_qerret", PASSWORD, kdf=FAST_KDF,
                  device_name="test laptop")
    store = vault.store
    given = dt.date.today() - dt.timedelta(days=5)
    save_assessment(store, case, "consent", {
        **ANSWERS, "consent_date": given.isoformat(),
        "valid_until": (given + dt.timedelta(days=365)).isoformat()}, submitted_on=given)
    consent = store.query("consent", case_id=case)[0]
    assert sync_now(vault).rejected == []
    withdraw_consent(store, consent.id, on=dt.date.today(), by="representative")
    result = sync_now(vault)
    assert (result.conflicts, result.rejected) == (0, [])
    colleague, cc = world.device("sw_qerret2")
    colleague.sync(cc)
    fields = colleague.records[consent.id].fields
    assert (fields["status"], fields["decided_by"], fields["recorded_by"]) == \
        ("withdrawn", "representative", "sw_qerret")
    assert [h["status"] for h in fields["history"]] == ["given", "withdrawn"]
    vault.lock()
