"""The protection order and monitoring report dialogs, typed into and saved with Ctrl+S."""

from __future__ import annotations

import datetime as dt
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.core.casework.measures import (  # noqa: E402
    measures_of_case,
    record_monitoring_report,
    record_protection_order,
)
from desktop.core.vault import OpenVault  # noqa: E402
from desktop.ui.dialogs.measure_kinds import ChildMeasureDialog, EndMeasureDialog  # noqa: E402
from desktop.ui.dialogs.measures import (  # noqa: E402
    MonitoringReportDialog,
    ProtectionOrderDialog,
)
from desktop.ui.dialogs.report_sent import ReportSentDialog  # noqa: E402
from desktop.ui.ops import Operations  # noqa: E402
from tests.ui.dialog_support import focus, opened, press_save  # noqa: E402
from tests.ui.test_forms_support import make_case, ops, run_job, type_text  # noqa: E402, F401

TODAY = dt.date.today()


@pytest.fixture
def dv_case(vault: OpenVault) -> str:
    return make_case(vault.store, "Mimoza", "Çela", case_type="domestic_violence")[1]


def test_an_order_ending_before_it_starts_is_refused_then_saved(
        qtbot: Any, ops: Operations, vault: OpenVault, dv_case: str) -> None:  # noqa: F811
    dialog = opened(qtbot, ProtectionOrderDialog(ops, dv_case, vault.profile))
    type_text(focus(qtbot, dialog.court), "Gjykata e Shkodrës")
    type_text(focus(qtbot, dialog.decision_number), "412/2026")
    dialog.ends.set_date(TODAY - dt.timedelta(days=3))
    type_text(focus(qtbot, dialog.conditions), "Të mos afrohet më shumë se 200 m")
    press_save()
    assert dialog.end_field.error_text == "The order cannot end before it starts."
    assert run_job(qtbot, ops, lambda s: measures_of_case(s, dv_case)) == []

    dialog.ends.set_date(TODAY + dt.timedelta(days=180))
    type_text(focus(qtbot, dialog.protected), "Mimoza Çela dhe dy fëmijët")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        press_save()
    [order] = run_job(qtbot, ops, lambda s: measures_of_case(s, dv_case))
    f = order.fields
    assert (f["court"], f["decision_number"], f["issued_on"]) == (
        "Gjykata e Shkodrës", "412/2026", TODAY.isoformat())
    assert f["conditions"] == "Të mos afrohet më shumë se 200 m"
    assert f["protected_persons"] == "Mimoza Çela dhe dy fëmijët"
    assert f["measure_type"] == "protection_order_immediate"  # the profile's first kind


def test_a_report_dated_before_the_order_is_refused_then_saved(
        qtbot: Any, ops: Operations, vault: OpenVault, dv_case: str) -> None:  # noqa: F811
    order = record_protection_order(vault.store, dv_case, kind="ordinary",
                                    issued_on=TODAY - dt.timedelta(days=70), court="Gjykata",
                                    decision_number="9/2026")
    dialog = opened(qtbot, MonitoringReportDialog(ops, dv_case, vault.profile))
    qtbot.waitUntil(lambda: dialog.measure.currentData() == order.id)
    dialog.reported_on.set_date(TODAY - dt.timedelta(days=80))
    type_text(focus(qtbot, dialog.checked), "Vizitë në shtëpi me policinë")
    type_text(focus(qtbot, dialog.police), "Komisariati i Pukës, çdo javë")
    press_save()
    qtbot.waitUntil(lambda: bool(dialog.date_field.error_text))
    assert "cannot be before" in dialog.date_field.error_text
    assert run_job(qtbot, ops, lambda s: s.get(order.id)).fields["reports"] == []

    dialog.reported_on.set_date(TODAY)
    type_text(focus(qtbot, dialog.situation), "E qetë, pa shkelje")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        press_save()
    [report] = run_job(qtbot, ops, lambda s: s.get(order.id)).fields["reports"]
    assert report["checked"] == "Vizitë në shtëpi me policinë"
    assert report["police_contact"] == "Komisariati i Pukës, çdo javë"
    assert report["situation"] == "E qetë, pa shkelje" and report["date"] == TODAY.isoformat()


def test_a_kinship_placement_needs_its_carer_then_is_saved(
        qtbot: Any, ops: Operations, vault: OpenVault, dv_case: str) -> None:  # noqa: F811
    dialog = opened(qtbot, ChildMeasureDialog(ops, dv_case, vault.profile))
    dialog.kind.setCurrentIndex(dialog.kind.findData("kinship"))
    type_text(focus(qtbot, dialog.address), "Rr. e Kalasë, Pukë")
    press_save()
    assert dialog.carer_field.error_text == "This is required."
    assert run_job(qtbot, ops, lambda s: measures_of_case(s, dv_case)) == []
    type_text(focus(qtbot, dialog.carer), "Familja Gjoni (gjyshja)")
    dialog.review.set_date(TODAY + dt.timedelta(days=90))
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        press_save()
    [placed] = run_job(qtbot, ops, lambda s: measures_of_case(s, dv_case))
    assert placed.fields["measure_type"] == "kinship_placement"
    assert placed.fields["carer_name"] == "Familja Gjoni (gjyshja)"
    assert placed.fields["carer_address"] == "Rr. e Kalasë, Pukë"


def test_revoking_a_measure_needs_a_reason(
        qtbot: Any, ops: Operations, vault: OpenVault, dv_case: str) -> None:  # noqa: F811
    order = record_protection_order(vault.store, dv_case, kind="ordinary",
                                    issued_on=TODAY - dt.timedelta(days=20))
    dialog = opened(qtbot, EndMeasureDialog(ops, dv_case, vault.profile))
    qtbot.waitUntil(lambda: dialog.measure.currentData() == order.id)
    focus(qtbot, dialog.reason)
    press_save()
    assert dialog.reason_field.error_text == "This is required."
    dialog.revoked.click()
    type_text(focus(qtbot, dialog.reason), "Gjykata e shfuqizoi urdhrin")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        press_save()
    f = run_job(qtbot, ops, lambda s: s.get(order.id)).fields
    assert (f["status"], f["end_reason"], f.get("next_report_due")) == (
        "revoked", "Gjykata e shfuqizoi urdhrin", None)


def test_a_report_is_marked_sent_to_the_police_not_before_it_was_written(
        qtbot: Any, ops: Operations, vault: OpenVault, dv_case: str) -> None:  # noqa: F811
    order = record_protection_order(vault.store, dv_case, kind="ordinary",
                                    issued_on=TODAY - dt.timedelta(days=70))
    record_monitoring_report(vault.store, order.id, reported_on=TODAY - dt.timedelta(days=2))
    dialog = opened(qtbot, ReportSentDialog(ops, dv_case, vault.profile))
    qtbot.waitUntil(lambda: dialog.report.currentData() == (order.id, 1))
    dialog.on.set_date(TODAY - dt.timedelta(days=5))
    focus(qtbot, dialog.report)
    press_save()
    qtbot.waitUntil(lambda: bool(dialog.date_field.error_text))
    assert "sent_to_police_on" not in run_job(qtbot, ops, lambda s: s.get(order.id)
                                              ).fields["reports"][0]
    dialog.on.set_date(TODAY)
    focus(qtbot, dialog.report)
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        press_save()
    report = run_job(qtbot, ops, lambda s: s.get(order.id)).fields["reports"][0]
    assert report["sent_to_police_on"] == TODAY.isoformat()


def test_an_order_names_the_abusers_household_found_by_name(
        qtbot: Any, ops: Operations, vault: OpenVault, dv_case: str) -> None:  # noqa: F811
    abuser_case = make_case(vault.store, "Gjergj", "Dushku", case_type="social_care")[1]
    abuser_home = vault.store.get(abuser_case).fields["household_id"]
    dialog = opened(qtbot, ProtectionOrderDialog(ops, dv_case, vault.profile))
    type_text(focus(qtbot, dialog.court), "Gjykata e Pukës")
    type_text(focus(qtbot, dialog.decision_number), "5/2026")
    type_text(focus(qtbot, dialog.abuser), "Dushku")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.abuser_household.count() == 2, timeout=5000)
    assert "Gjergj Dushku" in dialog.abuser_household.itemText(1)
    dialog.abuser_household.setFocus()
    QTest.keyClick(dialog.abuser_household, Qt.Key.Key_Down)
    assert dialog.abuser_household.currentData() == abuser_home
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        press_save()
    [order] = run_job(qtbot, ops, lambda s: measures_of_case(s, dv_case))
    assert order.fields["abuser_household_id"] == abuser_home
