"""Indicator definitions from the server: published on a real server on 127.0.0.1, pulled by
a laptop, offered in its Reports beside the shipped plans and computed there; a mistake in
them is named with its file and line; no laptop may send one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.core.keys import FAST_KDF
from desktop.core.reports import Period, ReportRequest, build_report
from desktop.core.reports.definitions import plan_choices, plan_definitions
from desktop.core.sync_local import login, sync_now
from desktop.core.vault import OpenVault
from sync.protocol import INDICATOR_TYPE
from sync.server.admin import AdminError
from sync.server.cli import main as server_main
from sync.server.db import key_file
from sync.server.indicators import (
    indicator_record_id,
    list_indicators,
    publish_indicators,
    withdraw_indicators,
)
from sync.yamlfile import DataFileError
from tests.server.fixtures import PASSWORD, World

OWN = """\
plan: {sq: "Treguesit e bashkisë 2026", en: "The municipality's indicators 2026"}
indicators:
  - key: new_by_source_and_group
    title: {sq: "Raste të reja sipas burimit dhe grupit", en: "New cases by source and group"}
    count: new_case_groups
    rows: source
    columns: target_group
    years: 2
    target: {sq: "≥ 120 në vit", en: "≥ 120 a year"}
"""


def _laptop(world: World, folder: Path) -> OpenVault:
    return login(world.url, folder, "sw_qerret", PASSWORD, kdf=FAST_KDF,
                 device_name="test laptop")


def test_definitions_published_on_the_server_are_reported_on_the_laptop(
        world: World, tmp_path: Path) -> None:
    source = tmp_path / "bashkia_2026.yaml"
    source.write_text(OWN, encoding="utf-8")
    assert publish_indicators(world.db_url, source) == "bashkia_2026"
    assert [r["name"] for r in list_indicators(world.db_url)] == ["bashkia_2026"]
    laptop = _laptop(world, tmp_path / "laptop")
    store = laptop.store
    choices = dict(plan_choices(store.profile, "sq", store))
    assert choices["municipality:bashkia_2026"] == "Treguesit e bashkisë 2026"
    assert "himare" in choices   # the shipped plans stay offered
    definitions, title = plan_definitions(store.profile, "municipality:bashkia_2026", "en",
                                          store)
    report = build_report(store, ReportRequest(Period.year(2026), language="en"),
                          definitions=definitions, title=title)
    assert report.title == "The municipality's indicators 2026"
    assert report.tables[0].target == "≥ 120 a year"

    source.write_text(OWN.replace("years: 2", "years: 2\n    colums: sex"), encoding="utf-8")
    publish_indicators(world.db_url, source)   # the same name replaces it
    sync_now(laptop)
    with pytest.raises(DataFileError, match=r"bashkia_2026.yaml:9: unknown setting 'colums'"):
        plan_definitions(store.profile, "municipality:bashkia_2026", "en", store)

    withdraw_indicators(world.db_url, "bashkia_2026")
    sync_now(laptop)
    assert "municipality:bashkia_2026" not in dict(plan_choices(store.profile, "sq", store))


def test_the_server_refuses_a_file_that_is_not_definitions(world: World, tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("indicators:\n  - {count: cases}\n", encoding="utf-8")
    with pytest.raises(AdminError, match=r"bad.yaml:2: each indicator needs a 'key'"):
        publish_indicators(world.db_url, bad)
    bad.write_text("indicators: [\n", encoding="utf-8")
    with pytest.raises(AdminError, match=r"bad.yaml:2"):
        publish_indicators(world.db_url, bad)


def test_no_laptop_may_send_indicator_definitions(world: World, tmp_path: Path) -> None:
    source = tmp_path / "own.yaml"
    source.write_text(OWN, encoding="utf-8")
    publish_indicators(world.db_url, source)
    laptop, client = world.device("head", kind="memory")
    laptop.sync(client)
    received = indicator_record_id("own")
    assert laptop.records[received].type == INDICATOR_TYPE
    laptop.update(received, {"text": "indicators: []"})
    laptop.create(INDICATOR_TYPE, {"name": "mine", "text": OWN})
    refused = laptop.sync(client).rejected
    assert len(refused) == 2
    assert all("indicator definitions are published by the municipality's server"
               in r["message"] for r in refused)


@pytest.fixture
def server_db(sqlite_template: Path, tmp_path: Path) -> str:
    path = tmp_path / "server.db"
    shutil.copyfile(sqlite_template, path)
    shutil.copyfile(key_file(sqlite_template), key_file(path))
    return f"sqlite:///{path}"


def test_kujdes_server_indicators_publish_list_withdraw(server_db: str, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]):
    def server(*args: str) -> tuple[int, str, str]:
        code = server_main(["indicators", args[0], "--db", server_db, *args[1:]])
        out, err = capsys.readouterr()
        return code, out, err

    source = tmp_path / "bashkia_2026.yaml"
    source.write_text(OWN, encoding="utf-8")
    assert server("publish", str(source)) == (
        0, "Indicator definitions bashkia_2026 published.\n", "")
    assert server("list")[1].startswith("bashkia_2026")
    assert "Treguesit e bashkisë 2026" in server("list")[1]
    assert server("withdraw", "bashkia_2026")[0] == 0
    assert server("list")[1] == "No indicator definitions published yet.\n"
    code, _, err = server("withdraw", "bashkia_2026")
    assert code == 2 and "no indicator definitions 'bashkia_2026'" in err
