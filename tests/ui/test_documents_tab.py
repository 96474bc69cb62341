"""The Documents tab tells apart two summaries of the same form filled on one day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from desktop.core.casework.assessments import save_assessment
from desktop.core.keys import FAST_KDF
from desktop.core.vault import create_vault
from desktop.ui.case_view import TABS
from tests.ui.conftest import UI_PASSWORD, UI_USER, unlock
from tests.ui.test_forms_support import make_case

TODAY = dt.date.today()
CONSENT = {"consent_date": TODAY.isoformat(), "consent_kind": "consent", "decision": "given",
           "institutions": ["school"], "purposes": ["referral"],
           "data_shared": ["identification"],
           "valid_until": (TODAY + dt.timedelta(days=90)).isoformat(),
           "signed_by": "beneficiary", "informed": True, "signed": True}
SHOTS = Path("/work/shots/walk")


@pytest.fixture
def twice(tmp_path: Path) -> tuple[Path, str]:
    folder = tmp_path / "laptop"
    vault = create_vault(folder, UI_USER, UI_PASSWORD, kdf=FAST_KDF)
    try:
        _person, case_id = make_case(vault.store)
        for _ in range(2):
            save_assessment(vault.store, case_id, "consent", CONSENT)
        return folder, case_id
    finally:
        vault.lock()


@pytest.mark.parametrize("language", ["sq", "en"])
def test_two_summaries_of_one_form_on_one_day_read_differently(
        qtbot: Any, window_factory: Any, twice: tuple[Path, str], language: str) -> None:
    from desktop.core.i18n import set_language
    set_language(language)
    folder, case_id = twice
    window = window_factory(folder)
    unlock(qtbot, window)
    view = window.workspace.open_case(case_id, TABS.index("documents"))
    table = view._tab("documents").table
    summary = "Përmbledhja e vlerësimit" if language == "sq" else "Assessment summary"

    def summaries() -> list[str]:
        texts = [table.cell_text(row, 0) for row in range(table.rowCount())]
        return [text for text in texts if text.startswith(summary)]

    qtbot.waitUntil(lambda: view.data is not None and len(summaries()) == 2, timeout=10_000)
    lines = summaries()
    everything = [table.cell_text(row, 0) for row in range(table.rowCount())]
    assert len(set(everything)) == len(everything), everything   # the consents as well
    assert lines[0] != lines[1]
    which = "nr. {n} i ditës" if language == "sq" else "no. {n} of the day"
    assert {which.format(n=1), which.format(n=2)} == {
        next(part for part in line.split(" · ") if part.startswith(which[:3])).split(",")[0]
        for line in lines}
    assert all(UI_USER in line for line in lines)
    assert table.columnWidth(0) >= table.fontMetrics().horizontalAdvance(lines[0])
    if SHOTS.parent.exists():
        SHOTS.mkdir(exist_ok=True)
        QApplication.processEvents()
        window.grab().save(str(SHOTS / f"documents-tab-{language}.png"))
