"""``kujdes report``: compute a report for a period and export it (CSV, XLSX or PDF)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from desktop.commands.common import unlock, vault_args
from desktop.core.errors import KujdesError
from desktop.core.i18n import LANGUAGES, current_language, ptr, tr
from desktop.core.reports import (
    FORMATS,
    Period,
    Report,
    ReportRequest,
    ReportSettings,
    ReportSettingsError,
    build_report,
    export_report,
)
from desktop.core.reports.child_protection import KEY, build_child_protection_report, parse_quarter
from desktop.core.reports.definitions import Definition, load_definitions
from sync.profile import Profile
from sync.yamlfile import DataFileError

SERVICES = "services"
REPORTS = (SERVICES, KEY)


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("report", help=tr("compute a report for a period and export it"))
    parser.add_argument("which", nargs="?", choices=REPORTS, default=SERVICES,
                        help=tr("which report: services (the default) or child-protection "
                                "(the quarterly child protection report)"))
    vault_args(parser)
    parser.add_argument("--from", dest="date_from", help=tr("first day (YYYY-MM-DD)"))
    parser.add_argument("--to", dest="date_to", help=tr("last day (YYYY-MM-DD)"))
    parser.add_argument("--period", help=tr("instead of --from/--to: 2025, 2025-Q2, 2025-H1, "
                                            "2025-03"))
    parser.add_argument("--quarter", help=tr("instead of --period: a quarter, 2026Q3"))
    parser.add_argument("--unit", help=tr("only this administrative unit"))
    parser.add_argument("--public", action="store_true",
                        help=tr("the publishable edition: small counts hidden, no names"))
    parser.add_argument("--format", choices=FORMATS, default=None,
                        help=tr("csv, xlsx or pdf (default: from the file name)"))
    parser.add_argument("--out", type=Path, required=True, help=tr("the file to write"))
    parser.add_argument("--language", dest="report_language", choices=LANGUAGES,
                        default=None, help=tr("language of the report (default: the program's)"))
    parser.add_argument("--settings", type=Path, default=None,
                        help=tr("report settings YAML (visit calendar, small-cell threshold)"))
    parser.add_argument("--definition", type=Path, default=None,
                        help=tr("compute the indicators of this definition file (YAML) only"))
    parser.set_defaults(handler=report_command)


def report_command(args: argparse.Namespace) -> int:
    language = args.report_language or current_language()
    period = _period(args, language)
    fmt = args.format or args.out.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise KujdesError("{detail}", detail=ptr(
            "report", "Unknown format: {value} (csv, xlsx or pdf)", language, value=fmt))
    try:
        settings = ReportSettings.load(args.settings)
    except ReportSettingsError as exc:
        raise KujdesError("{detail}", detail=str(exc)) from exc
    request = ReportRequest(period, unit=args.unit, language=language, public=args.public)
    with unlock(args) as vault:
        if args.which == KEY:
            report: Report = build_child_protection_report(
                vault.store, period, unit=args.unit, language=language, public=args.public,
                settings=settings)
        else:
            definitions, title = _definitions(args.definition, vault.store.profile, language)
            report = build_report(vault.store, request, settings, definitions, title)
        export_report(vault.store, report, args.out, fmt)
    print(ptr("report", "The report was written to {file} ({tables} tables).", language,
              file=args.out, tables=len(report.tables)))
    return 0


def _definitions(path: Path | None, profile: Profile, language: str
                 ) -> tuple[tuple[Definition, ...] | None, str | None]:
    if path is None:
        return None, None
    try:
        found = load_definitions(path, profile)
    except DataFileError as exc:
        raise KujdesError("{detail}", detail=str(exc)) from exc
    title = found.plan_in(language) if found.plan else found.definitions[0].title_in(language)
    return found.definitions, title


def _period(args: argparse.Namespace, language: str) -> Period:
    if args.which == KEY and args.definition is not None:
        raise KujdesError("{detail}", detail=ptr(
            "report", "The child protection report is not made from a definition file.",
            language))
    if args.quarter or args.which == KEY:
        return _quarter(args.quarter or args.period, language)
    if args.period:
        try:
            return Period.parse(args.period)
        except ValueError:
            raise KujdesError("{detail}", detail=ptr(
                "report", "Not a valid period: {value}", language, value=args.period)) from None
    if not (args.date_from and args.date_to):
        raise KujdesError("{detail}", detail=ptr(
            "report", "Give --from and --to, or --period.", language))
    start, end = _date(args.date_from, language), _date(args.date_to, language)
    if end < start:
        raise KujdesError("{detail}", detail=ptr(
            "report", "Not a valid period: {value}", language, value=f"{start} – {end}"))
    return Period.between(start, end)


def _quarter(text: str | None, language: str) -> Period:
    """The child protection report is made for a quarter: ``--quarter 2026Q3``."""
    if not text:
        raise KujdesError("{detail}", detail=ptr(
            "report", "Give the quarter: --quarter 2026Q3.", language))
    try:
        return parse_quarter(text)
    except ValueError:
        raise KujdesError("{detail}", detail=ptr(
            "report", "Not a quarter: {value} (write it as 2026Q3)", language,
            value=text)) from None


def _date(text: str, language: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise KujdesError("{detail}", detail=ptr(
            "report", "Not a valid date: {value} (use YYYY-MM-DD)", language, value=text)) from None
