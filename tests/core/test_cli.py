"""The headless commands, run as an administrator would run them."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "field laptop 2026"


def kujdes(*args: str, password: str | None = PASSWORD, language: str = "en"
           ) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop.cli", "--language", language, *args],
        input=(password + "\n") if password is not None else "", capture_output=True,
        text=True, cwd=ROOT, timeout=300)


def vault_args(data_dir: Path, user: str = "mobile.unit") -> list[str]:
    return ["--data-dir", str(data_dir), "--user", user, "--password-stdin"]


def test_create_demo_data_find_and_check(tmp_path):
    created = kujdes("vault", "create", *vault_args(tmp_path))
    assert created.returncode == 0, created.stderr
    added = kujdes("demo-data", *vault_args(tmp_path), "--persons", "300", "--seed", "5")
    assert added.returncode == 0, added.stderr
    assert "300 persons" in added.stdout

    found = kujdes("find", *vault_args(tmp_path), "qelez")
    assert found.returncode == 0, found.stderr
    lines = found.stdout.splitlines()
    assert lines, "the demo caseload has people in Qelëz"
    for line in lines:
        number, name, place = line.split("\t")
        assert number == "-" or number.count("-") == 3
        assert " " in name
        assert "Qelëz" in place
    assert any(line.startswith("-\t") for line in kujdes(
        "find", *vault_args(tmp_path), "a", "--limit", "500").stdout.splitlines()), \
        "people without a case print '-' as case number"

    nothing = kujdes("find", *vault_args(tmp_path), "zzzzqqq")
    assert nothing.returncode == 0 and nothing.stdout == ""

    checked = kujdes("vault", "check", *vault_args(tmp_path))
    assert checked.returncode == 0, checked.stderr
    assert "intact" in checked.stdout


def test_errors_are_one_clear_line_and_leave_the_vault_untouched(tmp_path):
    assert kujdes("vault", "create", *vault_args(tmp_path)).returncode == 0
    db = next(tmp_path.rglob("vault.db"))
    before = hashlib.sha256(db.read_bytes()).hexdigest()

    wrong = kujdes("find", *vault_args(tmp_path), "x", password="not it at all")
    assert wrong.returncode == 1
    assert wrong.stderr.strip().count("\n") == 0
    assert "Wrong password" in wrong.stderr

    albanian = kujdes("find", *vault_args(tmp_path), "x", password="not it at all",
                      language="sq")
    assert "Fjalëkalim i gabuar" in albanian.stderr

    nobody = kujdes("find", *vault_args(tmp_path, "nobody"), "x")
    assert nobody.returncode == 1 and "no vault for user nobody" in nobody.stderr

    empty = kujdes("find", *vault_args(tmp_path), "x", password=None)
    assert empty.returncode == 1 and "No password" in empty.stderr

    db.write_bytes(db.read_bytes()[:4096 * 2 + 100])
    damaged_before = hashlib.sha256(db.read_bytes()).hexdigest()
    damaged = kujdes("find", *vault_args(tmp_path), "x")
    assert damaged.returncode == 1 and "damaged" in damaged.stderr
    assert hashlib.sha256(db.read_bytes()).hexdigest() == damaged_before
    assert before != damaged_before
