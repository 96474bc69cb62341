"""The periodic report of a child's foster placement: entered in the monitoring report dialog
(which speaks of the child, not of a victim), saved with Ctrl+S, then printed from the print
preview and read back."""

from __future__ import annotations

import datetime as dt
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from PySide6.QtWidgets import QWidget  # noqa: E402

from desktop.core.casework.cases import open_case  # noqa: E402
from desktop.core.casework.measures import place_child, record_protection_order  # noqa: E402
from desktop.core.casework.persons import register_person  # noqa: E402
from desktop.core.vault import OpenVault  # noqa: E402
from desktop.ui.dialogs.measures import MonitoringReportDialog  # noqa: E402
from desktop.ui.ops import Operations  # noqa: E402
from desktop.ui.printing import print_document  # noqa: E402
from tests.ui.dialog_support import focus, opened, press_save  # noqa: E402
from tests.ui.test_forms_support import make_case, ops, run_job, type_text  # noqa: E402, F401
from tests.ui.test_printing import press_button, save_to  # noqa: E402

TODAY = dt.date.today()
PLACED = TODAY - dt.timedelta(days=100)   # the first report was due 10 days ago


@pytest.fixture
def placement(vault: OpenVault) -> tuple[str, str]:
    """(case id, placement id) of a synthetic girl placed with a foster family."""
    store = vault.store
    girl = register_person(store, {"first_name": "Ylbere", "last_name": "Qafëzezi",
                                   "sex": "F", "birth_date": "2018-03-03",
                                   "administrative_unit": "Qerret", "village": "Qelëz",
                                   "preferred_language": "sq"}, new_household={"size": 4})
    case = open_case(store, girl.id, "child_protection", referral_source="school",
                     municipality="Pukë", opened_on=PLACED - dt.timedelta(days=5))
    placed = place_child(store, case.id, "foster", carer_name="Familja Malësori",
                         issued_on=PLACED)
    return case.id, placed.id


def test_a_placement_report_is_entered_and_printed(
        qtbot: Any, ops: Operations, vault: OpenVault, placement: tuple[str, str],  # noqa: F811
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case_id, placement_id = placement
    dialog = opened(qtbot, MonitoringReportDialog(ops, case_id, vault.profile))
    qtbot.waitUntil(lambda: dialog.measure.currentData() == placement_id)
    assert dialog.situation_field.label == "Situation of the child"
    dialog.reported_on.set_date(TODAY)
    type_text(focus(qtbot, dialog.checked), "Vizitë në shtëpinë e familjes kujdestare")
    type_text(focus(qtbot, dialog.situation), "Ylbere ushqehet mirë; shkon çdo ditë në shkollë")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        press_save()
    [report] = run_job(qtbot, ops, lambda s: s.get(placement_id)).fields["reports"]
    assert report["situation"] == "Ylbere ushqehet mirë; shkon çdo ditë në shkollë"

    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    preview = print_document(parent, ops, case_id, "placement_report", placement_id)
    qtbot.waitUntil(lambda: preview.is_ready or preview.error.isVisible(), timeout=20_000)
    assert preview.is_ready, preview.error.text()
    out = tmp_path / "vendosja.pdf"
    save_to(monkeypatch, out)
    with qtbot.waitSignal(preview.saved, timeout=10_000):
        press_button(qtbot, preview.save_button)
    text = "\n".join(p.extract_text() or "" for p in PdfReader(out).pages)
    number = run_job(qtbot, ops, lambda s: s.require(case_id).fields["case_number"])
    due = (PLACED + dt.timedelta(days=90)).strftime("%d.%m.%Y")
    for expected in (number, "Raport periodik monitorimi për vendosjen", "Raporti nr. 1",
                     "Ylbere ushqehet mirë; shkon çdo ditë në shkollë", f"{due} me vonesë"):
        assert expected in text, expected
    preview.reject()


def test_an_orders_report_still_speaks_of_the_victim(
        qtbot: Any, ops: Operations, vault: OpenVault) -> None:  # noqa: F811
    case_id = make_case(vault.store, "Mimoza", "Çela", case_type="domestic_violence")[1]
    order = record_protection_order(vault.store, case_id, kind="ordinary",
                                    issued_on=TODAY - dt.timedelta(days=20))
    dialog = opened(qtbot, MonitoringReportDialog(ops, case_id, vault.profile))
    qtbot.waitUntil(lambda: dialog.measure.currentData() == order.id)
    assert dialog.situation_field.label == "Situation of the victim"
