"""``kujdes print``: the document a support person or a script saves for a demo case."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from desktop.core.demo import add_demo_data
from desktop.core.keys import FAST_KDF
from desktop.core.vault import create_vault, open_vault

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "print password"


def kujdes_print(data_dir: Path, case: str, kind: str, out: Path, *extra: str
                 ) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop.cli", "--language", "en", "print", "--data-dir",
         str(data_dir), "--user", "ana", "--password-stdin", "--case", case, "--document",
         kind, "--out", str(out), *extra],
        input=PASSWORD + "\n", capture_output=True, text=True, cwd=ROOT, timeout=120)


def case_with_and_without_plan(data_dir: Path) -> tuple[str, str, str]:
    with create_vault(data_dir, "ana", PASSWORD, kdf=FAST_KDF) as vault:
        add_demo_data(vault.store, 400, seed=3, workers=("ana",))
        store = vault.store
        plan = store.query("plan", subtype="care_plan", status="active", limit=1)[0]
        with_plan = store.require(plan.fields["case_id"])
        person = store.require(with_plan.fields["person_id"]).fields
        name = f"{person['first_name']} {person['last_name']}"
        referral_cases = {r.fields["case_id"] for r in store.query("referral")}
        without = next(c for c in store.query("case") if c.id not in referral_cases)
        return with_plan.fields["case_number"], name, without.fields["case_number"]


def test_print_saves_the_care_plan_and_logs_it(tmp_path):
    case_number, name, _ = case_with_and_without_plan(tmp_path)
    out = tmp_path / "plan.pdf"
    result = kujdes_print(tmp_path, case_number, "care-plan", out)
    assert result.returncode == 0, result.stderr
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert case_number in text
    assert name in text
    with open_vault(tmp_path, "ana", PASSWORD) as vault, vault.store.reading() as conn:
        actions = [r[0] for r in conn.exec_driver_sql(
            "SELECT action FROM audit WHERE action = 'save_pdf'")]
    assert actions == ["save_pdf"]


def test_print_says_clearly_when_there_is_nothing_to_print(tmp_path):
    _, _, case_number = case_with_and_without_plan(tmp_path)
    out = tmp_path / "referral.pdf"
    result = kujdes_print(tmp_path, case_number, "referral", out)
    assert result.returncode == 1
    assert f"Case {case_number} has no referral to print." in result.stderr
    assert not out.exists()
    missing = kujdes_print(tmp_path, "PUK-1999-XXXX-00001", "care-plan", out)
    assert missing.returncode == 1 and "no case PUK-1999-XXXX-00001" in missing.stderr
