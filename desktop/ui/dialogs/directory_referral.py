"""The referral dialog opened from a row of the service directory: the provider of the row is
chosen, with the service the directory was filtered by (or the provider's first)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.core.views.case import ReferralContext
from desktop.ui.dialogs.common import select_code
from desktop.ui.dialogs.referral import ReferralDialog
from desktop.ui.ops import Operations
from sync.profile import Profile
from sync.records import Record


class DirectoryReferralDialog(ReferralDialog):
    """A :class:`ReferralDialog` of ``case_id`` with provider ``provider_id`` picked."""

    def __init__(self, ops: Operations, case_id: str, profile: Profile, provider_id: str,
                 service: str, parent: QWidget | None = None) -> None:
        self.wanted_provider: str | None = provider_id
        self.wanted_service = service
        self._widened = False
        super().__init__(ops, case_id, profile, parent)

    def _show_context(self, context: ReferralContext) -> None:
        if self.wanted_service and self.service.currentData() is None:
            self.service.blockSignals(True)
            select_code(self.service, self.wanted_service)
            self.service.blockSignals(False)
        super()._show_context(context)

    def _found(self, providers: list[Record]) -> None:
        wanted = self.wanted_provider
        if wanted and not self._widened and all(p.id != wanted for p in providers):
            # the case's target group or unit leaves the provider out: show every provider
            # of the service, the chosen one among them
            self._widened = True
            for combo in (self.group_filter,):
                combo.blockSignals(True)
                combo.setCurrentIndex(0)
                combo.blockSignals(False)
            self.unit_filter.clear()
            self.search()
            return
        super()._found(providers)
        if wanted and any(p.id == wanted for p in providers):
            self.wanted_provider = None
            self.pick_provider(wanted)
