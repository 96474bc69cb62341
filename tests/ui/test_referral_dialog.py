"""Referring a case from the service directory and following its referrals."""
# ruff: noqa: F811  (fixtures imported from the support modules are redefined as arguments)

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from typing import Any  # noqa: E402

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QDialog  # noqa: E402

from desktop.core.casework.referrals import add_provider, refer  # noqa: E402
from desktop.core.vault import OpenVault  # noqa: E402
from desktop.ui.dialogs import ReferralDialog  # noqa: E402
from desktop.ui.dialogs.common import select_code  # noqa: E402
from desktop.ui.ops import Operations  # noqa: E402
from tests.ui.dialog_support import case_id, focus, opened, press_save  # noqa: E402, F401
from tests.ui.test_forms_support import ops, run_job, type_text  # noqa: E402, F401


def add_providers(vault: OpenVault) -> tuple[str, str]:
    day_centre = add_provider(vault.store, "Qendra ditore për të moshuarit Qerret",
                              services=["day_centre", "home_care"],
                              target_groups=["elderly"], administrative_unit="Qerret",
                              phone="068 000 0001", capacity=25, level="local")
    shelter = add_provider(vault.store, "Strehëza kombëtare", services=["protected_housing"],
                           target_groups=["domestic_violence"], level="national")
    return day_centre.id, shelter.id


def test_refer_to_a_provider_from_the_directory(qtbot: Any, ops: Operations, vault: OpenVault,
                                                case_id: str) -> None:
    day_centre, _shelter = add_providers(vault)
    dialog = opened(qtbot, ReferralDialog(ops, case_id, vault.profile))
    qtbot.waitUntil(lambda: dialog.subtitle.text() != "")
    focus(qtbot, dialog.provider_name)
    press_save()
    assert dialog.fields["service"].error_text       # no service chosen yet
    dialog.service.setCurrentIndex(dialog.service.findData("day_centre"))
    qtbot.waitUntil(lambda: [p.id for p in dialog.providers] == [day_centre])
    dialog.pick_provider(day_centre)
    assert dialog.provider_name.text().startswith("Qendra ditore")
    QTest.keyClick(focus(qtbot, dialog.prescribed), Qt.Key.Key_Space)
    type_text(focus(qtbot, dialog.prescribed_by), "Komisioni mjekësor")
    with qtbot.waitSignal(dialog.saved, timeout=5000) as saved:
        press_save()
    referral = run_job(qtbot, ops, lambda s: s.get(saved.args[0]))
    assert referral.fields["provider_id"] == day_centre
    assert referral.fields["prescribed"] is True
    assert referral.fields["status"] == "sent"


def test_referral_status_changes_and_not_delivered_stays_visible(
        qtbot: Any, ops: Operations, vault: OpenVault, case_id: str) -> None:
    first = refer(vault.store, case_id, "home_care", provider_name="Kryqi i Kuq",
                  prescribed=True, sent_on="2025-02-01")
    dialog = opened(qtbot, ReferralDialog(ops, case_id, vault.profile))
    qtbot.waitUntil(lambda: len(dialog.referrals) == 1)
    dialog.tabs.setCurrentIndex(1)
    assert "not delivered" in dialog.statuses.referral_table.item(0, 5).text()
    dialog.statuses.referral_table.selectRow(0)
    select_code(dialog.statuses.new_status, "not_possible")
    focus(qtbot, dialog.statuses.new_status)
    press_save()
    assert dialog.statuses.status_fields["reason"].error_text  # why not possible?
    select_code(dialog.statuses.not_possible_reason, "distance")
    press_save()
    qtbot.waitUntil(lambda: dialog.referrals[0].fields["status"] == "not_possible")
    saved = run_job(qtbot, ops, lambda s: s.get(first.id))
    assert saved.fields["not_possible_reason"] == "distance"
    assert "not delivered" in dialog.statuses.referral_table.item(0, 5).text()
    dialog.reject()
    assert dialog.result() == QDialog.DialogCode.Accepted   # a status was saved
