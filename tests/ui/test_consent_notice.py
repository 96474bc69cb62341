"""A referral or plan for a person without consent on record says so; after the consent form
is saved it does not."""
# ruff: noqa: F811  (fixtures imported from the support modules are redefined as arguments)

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import datetime as dt  # noqa: E402
from typing import Any  # noqa: E402

from desktop.core.casework.assessments import save_assessment  # noqa: E402
from desktop.core.vault import OpenVault  # noqa: E402
from desktop.ui.dialogs import PlanEditor, ReferralDialog  # noqa: E402
from desktop.ui.ops import Operations  # noqa: E402
from tests.casework.test_consent import ANSWERS  # noqa: E402
from tests.ui.dialog_support import case_id, opened  # noqa: E402, F401
from tests.ui.test_forms_support import ops, run_job  # noqa: E402, F401

MISSING = "no consent or legal basis on record"


def test_referral_and_plan_tell_that_consent_is_missing(qtbot: Any, ops: Operations,
                                                        vault: OpenVault, case_id: str) -> None:
    referral = opened(qtbot, ReferralDialog(ops, case_id, vault.profile))
    plan = opened(qtbot, PlanEditor(ops, case_id, vault.profile))
    for dialog in (referral, plan):
        qtbot.waitUntil(lambda d=dialog: MISSING in d.notice.text(), timeout=5000)
        assert dialog.notice.isVisibleTo(dialog)
    referral.reject()
    plan.reject()
    today = dt.date.today()
    answers = {**ANSWERS, "consent_date": today.isoformat(),
               "valid_until": (today + dt.timedelta(days=365)).isoformat()}
    run_job(qtbot, ops, lambda s: save_assessment(s, case_id, "consent", answers,
                                                  submitted_on=today))
    again = opened(qtbot, ReferralDialog(ops, case_id, vault.profile))
    qtbot.wait(500)
    assert MISSING not in again.notice.text()
