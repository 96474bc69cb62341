"""``kujdes vault create --country``: a Kosovo vault made on the laptop, without a server."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from tests.core.test_cli import kujdes, vault_args


def test_a_kosovo_vault_from_the_command_line(tmp_path: Path) -> None:
    created = kujdes("vault", "create", *vault_args(tmp_path), "--country", "XK")
    assert created.returncode == 0, created.stderr
    added = kujdes("demo-data", *vault_args(tmp_path), "--persons", "120", "--seed", "5")
    assert added.returncode == 0, added.stderr

    by_albanian = kujdes("find", *vault_args(tmp_path), "gjilan", "--limit", "500").stdout
    lines = by_albanian.splitlines()
    assert lines and all(line.endswith("Gjilan") or ", Gjilan" in line for line in lines)
    assert kujdes("find", *vault_args(tmp_path), "Гњилане", "--limit", "500").stdout == \
        by_albanian
    numbers = [line.split("\t")[0] for line in lines if not line.startswith("-")]
    assert all(n.startswith("GJI-") for n in numbers)

    out = tmp_path / "raporti.pdf"
    report = kujdes("report", *vault_args(tmp_path), "--period", "2025", "--language", "sq",
                    "--out", str(out))
    assert report.returncode == 0, report.stderr
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(out).pages)
    assert "Komuna: Gjilan" in text and "Bashkia" not in text


def test_an_albanian_vault_by_default_and_an_unknown_country_refused(tmp_path: Path) -> None:
    assert kujdes("vault", "create", *vault_args(tmp_path)).returncode == 0
    assert kujdes("demo-data", *vault_args(tmp_path), "--persons", "60").returncode == 0
    assert "Pukë" in kujdes("find", *vault_args(tmp_path), "puke").stdout
    refused = kujdes("vault", "create", *vault_args(tmp_path / "b"), "--country", "RS")
    assert refused.returncode == 2 and "--country" in refused.stderr
