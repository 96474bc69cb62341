"""One translation mechanism: catalogs, plurals, numbers and dates by language."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core import catalogs
from desktop.core.i18n import (
    LANGUAGE_NAMES,
    LANGUAGES,
    fmt_date,
    fmt_number,
    ntr,
    ptr,
    set_language,
    tr,
)

ROOT = Path(__file__).resolve().parents[2]
NBSP = "\xa0"  # CLDR's Albanian group separator


@pytest.fixture(autouse=True)
def _albanian() -> None:
    set_language("sq")
    yield
    set_language("sq")


def test_every_language_has_a_catalog_and_a_name() -> None:
    assert LANGUAGES[0] == "sq"
    for language in LANGUAGES:
        assert catalogs.po_path(language).is_file(), language
        assert catalogs.po_path(language).with_suffix(".mo").is_file(), language
        assert LANGUAGE_NAMES[language]
    assert LANGUAGE_NAMES == {"sq": "Shqip", "en": "English", "sr": "Srpski",
                              "sr-Cyrl": "Српски"}


def test_messages_in_albanian_and_english() -> None:
    assert tr("Unlock") == "Zhblloko"
    assert tr("Unlock", "en") == "Unlock"
    assert tr("Wrong password. {left} attempts left before the vault is locked.", left=2) \
        == "Fjalëkalim i gabuar. Ju mbeten 2 përpjekje para se kasaforta të bllokohet."
    assert tr("A message no catalog knows") == "A message no catalog knows"


@pytest.mark.parametrize(("n", "sq", "en"), [
    (0, "0 raste", "0 cases"),
    (1, "1 rast", "1 case"),
    (2, "2 raste", "2 cases"),
    (2015, f"2{NBSP}015 raste", "2,015 cases"),
])
def test_plurals_follow_the_language(n: int, sq: str, en: str) -> None:
    assert ntr("{n} case", "{n} cases", n) == sq
    assert ntr("{n} case", "{n} cases", n, "en") == en


def test_a_plural_can_carry_other_values() -> None:
    assert ntr("{n} case in {unit}", "{n} cases in {unit}", 1, "en", unit="Pukë") \
        == "1 case in Pukë"


def test_numbers_follow_cldr_for_the_language() -> None:
    assert fmt_number(2015) == f"2{NBSP}015"
    assert fmt_number(2015, "en") == "2,015"
    assert fmt_number(1649, "sq") == f"1{NBSP}649"
    assert fmt_number(15228, "en") == "15,228"
    assert fmt_number(12.5, "sq") == "12,5"
    assert fmt_number(7) == "7"


def test_dates_are_day_month_year_in_every_language() -> None:
    assert fmt_date("2025-03-07") == "07.03.2025"
    assert fmt_date(dt.date(2025, 12, 31)) == "31.12.2025"
    assert fmt_date(dt.datetime(2025, 1, 2, 13, 5)) == "02.01.2025"
    assert fmt_date("not a date") == "not a date"
    assert fmt_date(None) == ""


def test_a_value_called_message_is_filled_in() -> None:
    assert tr("Refused by the server: {message}", message="scope") \
        == "U refuzua nga serveri: scope"
    assert tr("Refused by the server: {message}", "en", message="scope") \
        == "Refused by the server: scope"
    assert ntr("{n} {message}", "{n} {message}s", 2, "en", message="note") == "2 notes"
    assert ptr("report", "Saved: {file}", "en", file="a.pdf") == "Saved: a.pdf"


def test_the_same_word_differs_by_context() -> None:
    assert tr("Female") == "Femër"
    assert ptr("report", "Female") == "Femra"
    assert ptr("document", "Beneficiary") == "Të dhënat e përfituesit"
    assert ptr("report", "Female", "en") == "Female"


def test_every_compiled_catalog_is_current() -> None:
    stale = [str(po) for po in catalogs.po_files()
             if po.with_suffix(".mo").read_bytes() != catalogs.compiled(po)]
    assert not stale, f"recompile with: python -m desktop.core.catalogs compile ({stale})"


SERBIAN_PLURALS = ("nplurals=3; plural=n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 >= 2 && "
                   "n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) ? 1 : 2;")


def test_every_catalog_declares_its_plural_rule() -> None:
    rules = {"sq": "nplurals=2; plural=(n != 1);", "en": "nplurals=2; plural=(n != 1);",
             "sr": SERBIAN_PLURALS, "sr_Cyrl": SERBIAN_PLURALS}
    assert {po.parent.parent.name for po in catalogs.po_files()} == set(rules)
    for po in catalogs.po_files():
        catalog = catalogs.read_catalog(po)
        assert catalog.plural_forms == rules[po.parent.parent.name], po


def test_merging_a_yaml_file_adds_translations_and_recompiles(tmp_path: Path) -> None:
    locale = tmp_path / "locale"
    po = catalogs.po_path("sq", locale)
    po.parent.mkdir(parents=True)
    po.write_bytes(catalogs.po_path("sq").read_bytes())
    catalogs.merge_pairs(po, {"A brand new message": "Një mesazh krejt i ri",
                              "Unlock": "Zhblloko"})
    assert catalogs.compile_all(locale) == [po.with_suffix(".mo")]
    merged = catalogs.read_catalog(po)
    assert merged.get("A brand new message").string == "Një mesazh krejt i ri"
    assert merged.get("Unlock").string == "Zhblloko"
    assert catalogs.compile_all(locale) == []  # nothing left to compile


def test_the_merge_command_runs_from_the_command_line(tmp_path: Path) -> None:
    pairs = tmp_path / "sq.yaml"
    pairs.write_text('"Unlock": "Zhblloko"\n', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "desktop.core.catalogs", "merge-yaml", str(pairs)],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    assert "0 entries added or changed" in result.stdout


@pytest.mark.parametrize(("argv", "wanted"), [
    (["--help"], "Kujdes: menaxhimi i rasteve të kujdesit shoqëror"),
    (["--language", "en", "--help"], "Kujdes: social care case work"),
    (["--language=en", "vault", "--help"], "check integrity and the audit chain"),
    (["vault", "--help"], "kontrollon integritetin dhe zinxhirin e auditimit"),
])
def test_command_line_help_is_in_the_chosen_language(
        argv: list[str], wanted: str, capsys: pytest.CaptureFixture[str]) -> None:
    from desktop.cli import main

    with pytest.raises(SystemExit):
        main(argv)
    assert wanted in " ".join(capsys.readouterr().out.split())


def test_a_new_language_starts_as_a_catalog_of_every_message(tmp_path: Path) -> None:
    locale = tmp_path / "locale"
    catalogs.po_path("sq", locale).parent.mkdir(parents=True)
    catalogs.po_path("sq", locale).write_bytes(catalogs.po_path("sq").read_bytes())
    path = catalogs.new_language("sr_Latn", locale)
    serbian = catalogs.read_catalog(path)
    albanian = catalogs.read_catalog(catalogs.po_path("sq"))
    assert {(m.id, m.context) for m in serbian} == {(m.id, m.context) for m in albanian}
    assert serbian.num_plurals == 3  # one, few, other (CLDR)
    assert not any(m.string for m in serbian if m.id and not m.pluralizable)


def test_an_error_may_carry_a_value_called_message() -> None:
    from desktop.core.errors import KujdesError

    error = KujdesError("Refused by the server: {message}", message="outside your unit")
    assert str(error) == "U refuzua nga serveri: outside your unit"
    assert error.translated("en") == "Refused by the server: outside your unit"
