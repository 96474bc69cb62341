"""The Reports screen shows the tables of meetings, participants, providers and acts."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.core.i18n import set_language
from desktop.core.keys import FAST_KDF
from desktop.core.vault import OpenVault, create_vault
from desktop.ui.ops import Operations
from desktop.ui.reports.screen import ReportsScreen
from tests.reports.conftest import PASSWORD
from tests.reports.test_screen_plans import choose_plan_with_the_keyboard
from tests.reports.world import World, kosovo_acts

WAIT = 60_000
SHOTS = os.environ.get("KUJDES_SHOTS")  # a folder to save screenshots in (optional)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[OpenVault, World]]:
    vault = create_vault(tmp_path_factory.mktemp("screen") / "data", "arta", PASSWORD,
                         kdf=FAST_KDF)
    made = World(seed=21).build(persons=60).save(vault.store)
    yield vault, made
    vault.lock()


@pytest.fixture(params=["sq", "en"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    set_language(request.param)
    yield request.param
    set_language("sq")


@pytest.fixture
def screen(qtbot, world: tuple[OpenVault, World], language: str) -> Iterator[ReportsScreen]:
    vault, _ = world
    operations = Operations(lambda: vault.store)
    page = ReportsScreen(operations, role_provider=lambda: "director")
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.year.setValue(2025)
    with qtbot.waitSignal(page.report_ready, timeout=WAIT):
        page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    yield page
    operations.shutdown()


def walk_to_table(qtbot, screen: ReportsScreen, title: str) -> None:
    """Go down the list of tables with the arrow key until the table is shown."""
    screen.tables.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.tables)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Home)
    for _ in range(screen.tables.count()):
        if screen.title.text() == title:
            return
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    assert screen.title.text() == title, f"{title!r} is not listed"


def shot(screen: ReportsScreen, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        QApplication.processEvents()
        assert screen.grab().save(str(Path(SHOTS) / name))


def grand_total(screen: ReportsScreen) -> str:
    model = screen.model
    return model.index(model.rowCount() - 1, model.columnCount() - 1).data()


def test_meetings_and_participants_are_tables_of_the_report(qtbot, screen, world,
                                                            language: str):
    _, made = world
    held = ("Takime multidisiplinare të zhvilluara" if language == "sq"
            else "Multidisciplinary meetings held")
    walk_to_table(qtbot, screen, held)
    assert grand_total(screen) == str(len(made.meetings()))
    shot(screen, f"reports_meetings_{language}.png")
    who = ("Pjesëmarrës në takime sipas institucionit" if language == "sq"
           else "Participants in the meetings by institution")
    walk_to_table(qtbot, screen, who)
    assert grand_total(screen) == str(sum(len(m["attendees"]) for m in made.meetings()))
    police = "Policia" if language == "sq" else "Police"
    assert police in [screen.model.index(r, 0).data()
                      for r in range(screen.model.rowCount())]
    group = ("Grupi Teknik Ndërsektorial (GTN)" if language == "sq"
             else "Inter-sectoral technical group")
    tips = [screen.model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
            for c in range(screen.model.columnCount())]
    assert group in tips  # a heading cut by its narrow column is whole in its tooltip
    shot(screen, f"reports_participants_{language}.png")


def test_kucove_lists_referrals_outside_the_municipality(qtbot, screen, world,
                                                         language: str):
    _, made = world
    kucove = ("Kuçovë – Plani Social 2024–2026" if language == "sq"
              else "Kuçovë – Social Plan 2024–2026")
    choose_plan_with_the_keyboard(qtbot, screen, kucove)
    qtbot.waitUntil(lambda: not screen.busy, timeout=WAIT)
    outside = ("Raste të referuara te shërbime sociale jashtë territorit të Bashkisë"
               if language == "sq" else
               "Cases referred to social services outside the municipality")
    walk_to_table(qtbot, screen, outside)
    referred = [f for _, f in made.of("referral") if f["sent_on"][:4] == "2025"
                and made.outside(f)]
    assert grand_total(screen) == str(len(referred))
    shot(screen, f"reports_outside_{language}.png")


def test_himare_and_puke_tables_beside_their_targets(qtbot, screen, world, language: str):
    _, made = world
    sq = language == "sq"
    choose_plan_with_the_keyboard(qtbot, screen, "Himarë – Plani Social Vendor 2025–2028" if sq
                                  else "Himarë – Local Social Plan 2025–2028")
    qtbot.waitUntil(lambda: not screen.busy, timeout=WAIT)
    first = screen.tables.item(0).text()
    assert first.startswith("1. " + ("Raste të vlerësuara dhe të referuara" if sq
                                     else "Cases assessed and referred"))
    providers = next(screen.tables.item(i).text() for i in range(screen.tables.count())
                     if "multifunksionale" in screen.tables.item(i).text()
                     or "multifunctional" in screen.tables.item(i).text())
    assert ("≥ 150 përfitues në vit" if sq else "≥ 150 beneficiaries a year") in providers
    walk_to_table(qtbot, screen, "Raste të vlerësuara dhe të referuara nga njësia (NJVRN)" if sq
                  else "Cases assessed and referred by the unit (NJVRN)")
    shot(screen, f"reports_himare_assessed_{language}.png")
    choose_plan_with_the_keyboard(qtbot, screen, "Pukë – Plani Social 2021–2023" if sq
                                  else "Pukë – Social Plan 2021–2023")
    qtbot.waitUntil(lambda: not screen.busy, timeout=WAIT)
    walk_to_table(qtbot, screen, "Raste të menaxhuara përmes qasjes ndërsektoriale (të "
                  "diskutuara në grupin teknik), sipas llojit" if sq else
                  "Cases handled through the intersectoral approach (discussed in the "
                  "technical group), by type")
    discussed = {c for m in made.meetings() for c in m["case_ids"]} & set(made.managed())
    assert grand_total(screen) == str(len(discussed))
    shot(screen, f"reports_puke_cases_{language}.png")


@pytest.fixture(scope="module")
def kosovo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[OpenVault, list]]:
    vault = create_vault(tmp_path_factory.mktemp("xk") / "data", "drita", PASSWORD,
                         kdf=FAST_KDF, country="XK")
    acts = kosovo_acts(vault.store)
    yield vault, acts
    vault.lock()


def test_a_kosovo_report_has_its_administrative_acts(qtbot, kosovo, language: str):
    vault, acts = kosovo
    operations = Operations(lambda: vault.store)
    try:
        page = ReportsScreen(operations, role_provider=lambda: "director")
        qtbot.addWidget(page)
        page.resize(1366, 768)
        page.year.setValue(2025)
        with qtbot.waitSignal(page.report_ready, timeout=WAIT):
            page.show()
        qtbot.waitExposed(page)
        page.activateWindow()
        title = ("Akte administrative sipas llojit" if language == "sq"
                 else "Administrative acts by type")
        walk_to_table(qtbot, page, title)
        assert grand_total(page) == str(sum(a["issued_on"][:4] == "2025" for a in acts))
        shot(page, f"reports_acts_{language}.png")
    finally:
        operations.shutdown()
