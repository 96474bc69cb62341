"""The rest of the screens' walk after the case list: a case and its tabs, a form, a print
preview and a report. Each step waits for the data it asked the database thread for, so that
what is measured is the whole step as a worker sees it.

The screens' parts used here: the workspace's ``open_case`` (a CaseView with ``data``,
``tabs``), the session's dialog launcher with ``AssessmentDialog`` (its ``view.is_loaded``, ``is_built``),
``print_document`` (a PrintPreviewDialog: ``is_ready``), the reports screen (``ReportsHost
.reports``: ``report``, ``busy``, ``refresh``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Pump = Callable[..., float]
Mark = Callable[[str], None]


def settle(pump: Pump, turns: int = 5) -> None:
    """Let the event loop run a few more turns (what was posted, painted, deleted)."""
    left = iter(range(turns))
    pump(lambda: next(left, None) is None)


def open_case(window: Any, case_id: str, pump: Pump, mark: Mark) -> Any:
    """The case view of ``case_id``, then every tab of it in turn."""
    mark("open a case")
    view = window.workspace.open_case(case_id)
    pump(lambda: view.data is not None and view.data.case.id == case_id)
    settle(pump)
    for index in range(view.tabs.count()):
        mark(f"case tab {index + 1}")
        view.tabs.setCurrentIndex(index)
        settle(pump)
    view.tabs.setCurrentIndex(0)
    return view


def open_form(window: Any, view: Any, case_id: str, pump: Pump, mark: Mark) -> None:
    """The intake assessment form of the case, opened through the dialog launcher, closed."""
    from desktop.ui.dialogs import AssessmentDialog

    mark("a form (intake assessment)")
    session = window.session
    dialog = session.dialogs.open(AssessmentDialog, (session.ops, case_id, "intake"), view)
    pump(lambda: dialog.view.is_loaded and dialog.view.is_built)  # every field, as a worker sees it
    settle(pump)
    mark("closing the form")
    dialog.reject()
    settle(pump)


def print_preview(window: Any, view: Any, case_id: str, pump: Pump, mark: Mark) -> int:
    """The print preview of the case's first document (or its plan); the pages shown."""
    from desktop.ui.printing import print_document

    documents = view.data.documents if view.data is not None else []
    kind, record_id = (documents[0].kind, documents[0].record_id) if documents else ("plan", None)
    mark(f"print preview ({kind})")
    dialog = print_document(view, window.session.ops, case_id, kind, record_id)
    pump(lambda: dialog.is_ready or not dialog._busy)
    settle(pump)
    pages = dialog.page_count
    mark("closing the print preview")
    dialog.reject()
    settle(pump)
    return pages


def report(window: Any, pump: Pump, mark: Mark, again: bool = False) -> Any:
    """The reports screen with its report computed (``again``: computed anew)."""
    mark("reports" if not again else "reports, computed again")
    window.workspace.navigate("reports")
    host = window.workspace.screen("reports")
    reports = getattr(host, "reports", None)
    if reports is None:   # the workspace showed its placeholder: the screen failed to start
        print("  the reports screen did not start (see the log above): no report measured")
        return None
    failures: list[str] = []
    reports.failed.connect(failures.append)
    if again:
        reports.refresh()
    pump(lambda: (reports.report is not None or failures) and not reports.busy)
    reports.failed.disconnect(failures.append)
    if failures:
        raise RuntimeError(f"the report failed: {failures[0]}")
    settle(pump)
    return reports.report
