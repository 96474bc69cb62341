"""Serbian in Latin and Cyrillic script: transliteration, plurals, forms, profile, command line."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from desktop.core import catalogs
from desktop.core.i18n import (
    fmt_date,
    fmt_number,
    localized,
    ntr,
    ptr,
    set_language,
    to_cyrillic,
    tr,
)
from desktop.core.reports.periods import Period
from sync.profile import load_profile

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _albanian() -> None:
    set_language("sq")
    yield
    set_language("sq")


@pytest.mark.parametrize(("latin", "cyrillic"), [
    ("Ljubav, njiva, džep", "Љубав, њива, џеп"),
    ("Ljiljana NJEGOŠ Džemal LJUBA", "Љиљана ЊЕГОШ Џемал ЉУБА"),
    ("Čačak, Ćuprija, Đakovica, Šid, Žabalj", "Чачак, Ћуприја, Ђаковица, Шид, Жабаљ"),
    ("nadživeti, podžanr, konjunkcija, injekcija", "надживети, поджанр, конјункција, ињекција"),
    ("POVERLJIVO · REPUBLIKA KOSOVO", "ПОВЕРЉИВО · РЕПУБЛИКА КОСОВО"),
    ("Centar za socijalni rad (CSR)", "Центар за социјални рад (ЦСР)"),
])
def test_letters_and_digraphs_become_cyrillic(latin: str, cyrillic: str) -> None:
    assert to_cyrillic(latin) == cyrillic


@pytest.mark.parametrize(("latin", "cyrillic"), [
    ("Slučaj {number} · {name}", "Случај {number} · {name}"),
    ("{value!r} nije datum", "{value!r} није датум"),
    ("QPS, PDF, CSV i XLSX", "QPS, PDF, CSV и XLSX"),
    ("Pišite na ana.kolar@qps-gjilan.org ili http://10.0.0.5:8765/sync",
     "Пишите на ana.kolar@qps-gjilan.org или http://10.0.0.5:8765/sync"),
    ("Navedite --from i --to, ili --period.", "Наведите --from и --to, или --period."),
    ("umesto: 2025, 2025-Q2, 2025-H1, K45101234A", "уместо: 2025, 2025-Q2, 2025-H1, K45101234A"),
    ("Zaključaj (Ctrl+L), Caps Lock", "Закључај (Ctrl+L), Caps Lock"),
    ("pol mora biti F ili M", "пол мора бити F или M"),
    ("KUJDES_DATA_DIR ili WebP, Excel", "KUJDES_DATA_DIR или WebP, Excel"),
    ("U redu, E-pošta, a i o", "У реду, Е-пошта, а и о"),
    ("Pokrenite „kujdes vault rescue”, pa Kujdes", "Покрените „kujdes vault rescue”, па Кујдес"),
    ("počinje sa https:// i http://, a ne ftp", "почиње са https:// и http://, а не фтп"),
])
def test_placeholders_codes_abbreviations_and_addresses_are_kept(
        latin: str, cyrillic: str) -> None:
    assert to_cyrillic(latin) == cyrillic


def test_the_cyrillic_catalog_is_the_latin_one_transliterated() -> None:
    latin = catalogs.read_catalog(catalogs.po_path("sr"))
    made = catalogs.cyrillic_catalog(latin)
    stored = catalogs.read_catalog(catalogs.po_path("sr-Cyrl"))
    assert {(m.id, m.context): m.string for m in made if m.id} == \
        {(m.id, m.context): m.string for m in stored if m.id}, \
        "run: python -m desktop.core.catalogs compile"


def test_messages_in_serbian_latin_and_cyrillic() -> None:
    assert tr("Unlock", "sr") == "Otključaj"
    assert tr("Unlock", "sr-Cyrl") == "Откључај"
    assert tr("Case {number} · {name}", "sr-Cyrl", number="2025-0007", name="Ana Marković") \
        == "Случај 2025-0007 · Ana Marković"
    assert ptr("document", "Referral letter", "sr") == "Uputno pismo"
    assert ptr("report", "Beneficiaries", "sr-Cyrl") == "Клијенти"
    set_language("sr-Cyrl")
    assert tr("Save") == "Сачувај"


@pytest.mark.parametrize(("n", "latin", "cyrillic"), [
    (1, "1 slučaj", "1 случај"),
    (2, "2 slučaja", "2 случаја"),
    (4, "4 slučaja", "4 случаја"),
    (5, "5 slučajeva", "5 случајева"),
    (11, "11 slučajeva", "11 случајева"),
    (12, "12 slučajeva", "12 случајева"),
    (21, "21 slučaj", "21 случај"),
    (22, "22 slučaja", "22 случаја"),
    (111, "111 slučajeva", "111 случајева"),
])
def test_serbian_has_three_plural_forms(n: int, latin: str, cyrillic: str) -> None:
    assert ntr("{n} case", "{n} cases", n, "sr") == latin
    assert ntr("{n} case", "{n} cases", n, "sr-Cyrl") == cyrillic


def test_every_plural_entry_has_three_serbian_forms() -> None:
    for message in catalogs.read_catalog(catalogs.po_path("sr")):
        if message.id and message.pluralizable:
            assert len(message.string) == 3 and all(message.string), message.id


def test_numbers_and_dates_in_serbian() -> None:
    assert fmt_number(2015, "sr") == "2.015"
    assert fmt_number(12.5, "sr-Cyrl", 1) == "12,5"
    set_language("sr-Cyrl")
    assert fmt_date(dt.date(2025, 3, 7)) == "07.03.2025"


def test_serbian_reports_write_quarters_in_roman_numerals() -> None:
    assert Period.parse("2025-Q2").label("sr") == "II kvartal 2025"
    assert Period.parse("2025-H1").label("sr-Cyrl") == "I полугодиште 2025"
    assert Period.parse("2025-03").label("sr") == "Mart 2025"


def test_every_text_of_the_built_in_forms_is_in_serbian() -> None:
    missing = []

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            if "sq" in node and "en" in node and not str(node.get("sr", "")).strip():
                missing.append(f"{where}: {node['en']}")
            for value in node.values():
                walk(value, where)
        elif isinstance(node, list):
            for value in node:
                walk(value, where)

    forms = sorted((ROOT / "resources" / "forms").glob("*/v*.yaml"))
    assert len(forms) >= 8
    for path in forms:
        walk(yaml.safe_load(path.read_text(encoding="utf-8")), path.parent.name)
    assert not missing, "no Serbian text:\n" + "\n".join(missing)


def test_a_form_shows_serbian_and_its_cyrillic() -> None:
    from desktop.core.forms.loader import load_form

    form = load_form("home_visit")
    assert form.text("sr") == "Izveštaj o kućnoj poseti"
    assert form.text("sr-Cyrl") == "Извештај о кућној посети"
    assert form.field("visit_date").text("sr-Cyrl") == "Датум посете"


def test_a_text_without_serbian_falls_back_to_albanian() -> None:
    assert localized({"sq": "Fshati", "en": "Village"}, "sr-Cyrl") == "Fshati"
    assert localized({"sq": "Fshati", "sr": "Selo"}, "sr-Cyrl") == "Село"
    assert localized({"sq": "Fshati", "sr": "Selo", "sr-Cyrl": "Насеље"}, "sr-Cyrl") == "Насеље"


@pytest.mark.parametrize("country", ["XK", "AL"])
def test_every_profile_label_is_in_serbian(country: str) -> None:
    missing: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "sq" in node and all(isinstance(v, str) for v in node.values()) \
                    and not node.get("sr"):
                missing.append(str(node))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(load_profile(country).data)
    assert not missing, "profile texts without Serbian:\n" + "\n".join(missing)


def test_profile_labels_in_both_scripts() -> None:
    profile = load_profile("XK")
    code = profile.data["case_types"][0]["code"]
    latin = profile.label("case_types", code, "sr")
    assert profile.label("case_types", code, "sr-Cyrl") == to_cyrillic(latin) != latin
    assert profile.term("municipality", "sr") == "Opština"
    assert profile.term("municipality", "sr-Cyrl") == "Општина"


def _run_cli(*argv: str, language: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KUJDES_LANG": language,
           "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "desktop.cli", *argv], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(("language", "wanted"), [
    ("sr", "proveri celovitost i lanac revizije"),
    ("sr-Cyrl", "провери целовитост и ланац ревизије"),
])
def test_kujdes_lang_sets_the_command_line_language(language: str, wanted: str) -> None:
    result = _run_cli("vault", "--help", language=language)
    assert result.returncode == 0, result.stderr
    assert wanted in " ".join(result.stdout.split())


def test_the_update_command_adds_new_messages_untranslated(tmp_path: Path) -> None:
    locale = tmp_path / "locale"
    for language in ("sq", "sr"):
        catalogs.po_path(language, locale).parent.mkdir(parents=True)
        catalogs.po_path(language, locale).write_bytes(catalogs.po_path(language).read_bytes())
    catalogs.merge_pairs(catalogs.po_path("sq", locale), {"A brand new message": "Krejt i ri"})
    assert catalogs.update_language("sr", locale) == ["A brand new message"]
    assert catalogs.read_catalog(catalogs.po_path("sr", locale)).get(
        "A brand new message").string == ""
    catalogs.compile_all(locale)
    assert catalogs.read_catalog(catalogs.po_path("sr-Cyrl", locale)).get("Unlock").string \
        == "Откључај"


@pytest.mark.parametrize(("language", "unlock"), [("sr", "Otključaj"), ("sr-Cyrl", "Откључај")])
def test_kujdes_lang_sets_the_interface_language(language: str, unlock: str) -> None:
    code = "from desktop.core.i18n import current_language, tr; " \
           "print(current_language(), tr('Unlock'))"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KUJDES_LANG": language}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == [language, unlock], result.stderr
