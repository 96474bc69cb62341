"""The report the Reports screen's "Report:" chooser names: the social care services report
(no choice), the quarterly child protection report, or a plan's monitoring tables."""

from __future__ import annotations

from desktop.core.reports.child_protection import KEY, build_child_protection_report
from desktop.core.reports.compute import ReportRequest, build_report
from desktop.core.reports.definitions import plan_definitions
from desktop.core.reports.model import Report
from desktop.core.reports.settings import ReportSettings
from desktop.core.store import Store


def build_chosen_report(store: Store, request: ReportRequest, choice: str | None,
                        settings: ReportSettings) -> Report:
    """The report ``choice`` names (None: the services report) for ``request``."""
    if choice == KEY:
        return build_child_protection_report(
            store, request.period, unit=request.unit, language=request.language,
            public=request.public, settings=settings, as_of=request.as_of)
    definitions, title = plan_definitions(store.profile, choice, request.language, store)
    return build_report(store, request, settings, definitions, title)
