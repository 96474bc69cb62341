"""``kujdes import cases``, ``kujdes export`` and ``kujdes export register``, run as an
administrator runs them."""

from __future__ import annotations

import csv

import openpyxl

from desktop.core.keys import FAST_KDF
from desktop.core.vault import create_vault

from .test_cli import PASSWORD, kujdes, vault_args

REGISTER = ("Emri;Mbiemri;Atësia;Gjinia;Datëlindja;Numri personal;Njësia administrative;"
            "Fshati;Lloji i rastit;Burimi i referimit;Hapur më;Shënime\n"
            "Drita;Kola;Gjon;F;12.04.1990;J04512123K;Qelëz;;Kujdes dhe mbështetje sociale;"
            "Policia;03.02.2025;x\n"
            "Lulzim;Çela;;M;01.01.1950;;Qelëz;;Kujdes për të moshuarin;Kryetari i fshatit;"
            "05.11.2024;\n")


def test_import_a_register_then_export_it_and_send_it_to_the_national_register(tmp_path):
    create_vault(tmp_path, "mobile.unit", PASSWORD, kdf=FAST_KDF).lock()
    source = tmp_path / "regjistri.csv"
    source.write_bytes(REGISTER.encode("cp1250"))

    refused = kujdes("import", "cases", *vault_args(tmp_path), str(source))
    assert refused.returncode == 1
    assert "Read as Windows-1250." in refused.stdout
    assert "line 1: unknown column Shënime" in refused.stderr

    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("columns:\n  Shënime: '-'\n", encoding="utf-8")
    kept = tmp_path / "kept.yaml"
    done = kujdes("import", "cases", *vault_args(tmp_path), str(source), "--mapping",
                  str(mapping), "--save-mapping", str(kept))
    assert done.returncode == 0, done.stderr
    assert "Njësia administrative -> administrative_unit" in done.stdout
    assert "Imported 2 cases; 2 persons registered" in done.stdout
    assert "Lloji i rastit: case.case_type" in kept.read_text(encoding="utf-8")

    xlsx = tmp_path / "rastet.xlsx"
    out = kujdes("export", "cases", *vault_args(tmp_path), "--format", "xlsx", "--out",
                 str(xlsx), "--columns", "case_number,Lloji i rastit,opened_on")
    assert out.returncode == 0, out.stderr
    rows = list(openpyxl.load_workbook(xlsx).active.iter_rows(values_only=True))
    assert rows[0] == ("Case number", "Case type", "Opened on")
    assert sorted(r[1] for r in rows[1:]) == ["Elderly care", "Social care and support"]

    sensitive = kujdes("export", "persons", *vault_args(tmp_path), "--format", "csv",
                       "--out", str(tmp_path / "p.csv"), "--columns", "first_name,ethnicity")
    assert sensitive.returncode == 1 and "Ethnicity is sensitive" in sensitive.stderr
    assert not (tmp_path / "p.csv").exists()

    register = tmp_path / "ngarkimi.xlsx"
    sent = kujdes("export", "register", *vault_args(tmp_path), "--out", str(register))
    assert sent.returncode == 0, sent.stderr
    assert "Written" in sent.stdout and ": 1 cases for the national register" in sent.stdout
    assert "lacks Numri personal" in sent.stdout
    again = kujdes("export", "register", *vault_args(tmp_path), "--out",
                   str(tmp_path / "again.csv"))
    assert ": 0 cases for the national register (1 sent before" in again.stdout
    with (tmp_path / "again.csv").open(encoding="utf-8-sig") as handle:
        assert len(list(csv.reader(handle))) == 1
