"""``kujdes --demo --country XK``: a Gjilan demo, with Kosovo places and Serbian village names,
kept apart from the Albanian demo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.core.casework.acts import issuer_refusal
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


def test_kosovo_demo_signed_in_on_its_own_demo_server(tmp_path: Path) -> None:
    from desktop.core.demo_vault import DemoServer, build_demo_vault
    from desktop.core.progress import Progress
    from desktop.core.sync_local import META_URL, sync_now

    server = DemoServer(tmp_path, "XK")
    url = server.start()
    try:
        cases = build_demo_vault(tmp_path, Progress(total=100), persons=100, kdf=FAST_KDF,
                                 server_url=url, country="XK")
        vault = open_vault(tmp_path, DEMO_USER, DEMO_PASSWORD)
        try:
            assert cases > 0 and vault.profile.country == "XK"
            assert vault.store.meta_get(META_URL) == url  # signed in: Sync works in the demo
            assert {c.get("municipality") for c in vault.store.query("case", limit=500)} == \
                {"Gjilan"}
            assert issuer_refusal(vault.store) is None  # the demo user may issue acts
            # nothing the demo made is refused (no plan approved by a role that may not)
            assert sync_now(vault).rejected == []
        finally:
            vault.lock()
    finally:
        server.stop()
