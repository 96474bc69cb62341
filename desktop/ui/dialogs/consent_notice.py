"""A plan or referral dialog says when the person has no consent or legal basis on record."""

from __future__ import annotations

import datetime as dt

from desktop.core.casework.consent import case_consent_missing
from desktop.ui.dialogs.common import CaseDialog
from desktop.ui.ops import Operations, QueryOp


def tell_missing_consent(dialog: CaseDialog, ops: Operations, case_id: str) -> None:
    today = dt.date.today().isoformat()

    def show(text: str) -> None:
        if text:
            dialog.show_notice(text)

    QueryOp(ops, parent=dialog, op=lambda store: case_consent_missing(store, case_id, today),
            success=show).run()
