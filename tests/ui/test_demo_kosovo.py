"""``kujdes --demo --country XK``: a Gjilan demo, with Kosovo places and Serbian village names,
kept apart from the Albanian demo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.core.demo_vault import DEMO_PASSWORD, DEMO_USER, demo_data_dir, demo_ready
from desktop.core.keys import FAST_KDF
from desktop.core.vault import open_vault
from desktop.ui.demo_setup import start_demo_build


def test_kosovo_demo_in_gjilan(qtbot: Any, make_window: Any, tmp_path: Path) -> None:
    window = make_window()
    folder = tmp_path / "demo-xk"
    finished: list[bool] = []
    build = start_demo_build(window, folder, finished.append, persons=120, kdf=FAST_KDF,
                             country="XK")
    assert "Gjilan" in build.dialog.labelText()
    qtbot.waitUntil(lambda: bool(finished), timeout=60_000)
    assert finished == [True] and demo_ready(folder)
    vault = open_vault(folder, DEMO_USER, DEMO_PASSWORD)
    try:
        store = vault.store
        assert store.profile.country == "XK"
        cases = store.query("case", limit=500)
        assert cases and {c.get("municipality") for c in cases} == {"Gjilan"}
        villages = store.query("village", limit=500)
        assert villages and all(v.get("name_sr") for v in villages)
        assert {h.case_id for h in store.search("Гњилане", limit=500)} == \
            {h.case_id for h in store.search("Gjilan", limit=500)}
    finally:
        vault.lock()


def test_each_country_has_its_own_demo_folder() -> None:
    assert demo_data_dir(country="AL").name == "demo"
    assert demo_data_dir(country="XK").name == "demo-xk"
