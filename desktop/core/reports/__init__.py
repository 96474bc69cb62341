"""Reports: indicators computed from the records in a vault, safe to publish, exported.

Qt-free. The main entry points::

    request = ReportRequest(Period.year(2025), unit=None, language="sq", public=True)
    report = build_report(store, request)          # tables of counts with their totals
    export_report(store, report, "report.xlsx")    # CSV, XLSX or PDF; written atomically, audited
    cases_behind(store, request, table, row, col)  # the cases behind a number (not public)
"""

from desktop.core.reports.compute import (
    TABLES,
    ReportRequest,
    TableSpec,
    build_report,
    report_units,
)
from desktop.core.reports.drilldown import CaseRow, DrillDown, DrillDownRefused, cases_behind
from desktop.core.reports.export import FORMATS, export_report, render
from desktop.core.reports.model import Report, SideColumn, Table, Totals
from desktop.core.reports.periods import Period
from desktop.core.reports.settings import ReportSettings, ReportSettingsError
from desktop.core.reports.suppression import publish

__all__ = [
    "FORMATS", "TABLES", "CaseRow", "DrillDown", "DrillDownRefused", "Period", "Report",
    "ReportRequest", "ReportSettings", "ReportSettingsError", "SideColumn", "Table",
    "TableSpec", "Totals", "build_report", "cases_behind", "export_report", "publish", "render",
    "report_units",
]
