"""``kujdes measures due`` on a real vault, as the coordinator's script runs it."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from desktop.core.casework.cases import open_case
from desktop.core.casework.measures import record_monitoring_report, record_protection_order
from desktop.core.casework.persons import register_person
from desktop.core.keys import FAST_KDF
from desktop.core.vault import create_vault

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "field laptop 2026"


def kujdes(*args: str, password: str = PASSWORD) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop.cli", "--language", "en", *args],
                          input=password + "\n", capture_output=True, text=True, cwd=ROOT,
                          timeout=120)


def _dv_case(store, first_name: str, opened: dt.date):
    person = register_person(store, {
        "first_name": first_name, "last_name": "Çela", "sex": "F", "birth_date": "1990-02-03",
        "administrative_unit": "Qelëz", "village": "Plan", "target_groups": ["income"]},
        new_household={"area_type": "rural"})
    return open_case(store, person.id, "domestic_violence", referral_source="village_head",
                     municipality="Pukë", opened_on=opened)


def test_measures_due_prints_due_and_late_reports(tmp_path: Path) -> None:
    today = dt.date.today()
    vault = create_vault(tmp_path, "koordinatore", PASSWORD, kdf=FAST_KDF)
    store = vault.store
    late_case = _dv_case(store, "Drita", today - dt.timedelta(days=90))
    record_protection_order(store, late_case.id, kind="ordinary",
                            issued_on=today - dt.timedelta(days=70))  # due 10 days ago
    soon_case = _dv_case(store, "Mira", today - dt.timedelta(days=60))
    record_protection_order(store, soon_case.id, kind="immediate",
                            issued_on=today - dt.timedelta(days=55))  # due in 5 days
    done_case = _dv_case(store, "Era", today - dt.timedelta(days=60))
    done = record_protection_order(store, done_case.id, kind="ordinary",
                                   issued_on=today - dt.timedelta(days=58))
    record_monitoring_report(store, done.id, reported_on=today)  # next due in 60 days
    vault.lock()
    args = ["--data-dir", str(tmp_path), "--user", "koordinatore", "--password-stdin"]

    listed = kujdes("measures", "due", *args)
    assert listed.returncode == 0, listed.stderr
    late_due = (today - dt.timedelta(days=10)).strftime("%d.%m.%Y")
    assert listed.stdout.splitlines() == [
        f"{late_case.fields['case_number']}\tprotection_order\t{late_due}\tlate",
        f"{soon_case.fields['case_number']}\tprotection_order_immediate\t"
        f"{(today + dt.timedelta(days=5)).strftime('%d.%m.%Y')}\tdue"]

    only_late = kujdes("measures", "due", *args, "--days", "0")
    assert [line.split("\t")[3] for line in only_late.stdout.splitlines()] == ["late"]

    refused = kujdes("measures", "due", *args, "--days", "-3")
    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr.strip() == "kujdes: The number of days cannot be negative."
    wrong = kujdes("measures", "due", *args, password="not the password")
    assert wrong.returncode == 1 and "Traceback" not in wrong.stderr
