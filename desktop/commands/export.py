"""``kujdes export``: case-level data as CSV or XLSX, and the cases for the national register.

``kujdes export cases|persons|referrals|visits|measures --format csv|xlsx --out FILE
[--columns a,b,c] [--include-sensitive]`` and ``kujdes export register --out FILE``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.commands.common import unlock, vault_args
from desktop.core.casework.case_export import FORMATS, KINDS, ExportRequest, export_records
from desktop.core.casework.register_export import export_register
from desktop.core.errors import KujdesError
from desktop.core.i18n import tr
from sync.yamlfile import DataFileError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("export", help=tr("case-level data as CSV or XLSX, or the cases "
                                              "for the national register"))
    vault_args(parser)
    parser.add_argument("what", choices=(*KINDS, "register"))
    parser.add_argument("--out", type=Path, required=True, help=tr("the file to write"))
    parser.add_argument("--format", choices=FORMATS, default=None,
                        help=tr("csv or xlsx (default: from the file name)"))
    parser.add_argument("--columns", default=None,
                        help=tr("the columns, by code or label, separated by commas"))
    parser.add_argument("--include-sensitive", action="store_true",
                        help=tr("also sensitive fields and the sensitive case types your "
                                "role may see (written to the audit log)"))
    parser.add_argument("--language", dest="export_language", choices=("sq", "en"),
                        default=None, help=tr("language of the headers and labels"))
    parser.add_argument("--mapping", type=Path, default=None,
                        help=tr("register: the template's column mapping (YAML)"))
    parser.add_argument("--all", dest="everything", action="store_true",
                        help=tr("register: every case again, not only new or changed ones"))
    parser.set_defaults(handler=export_command)


def export_command(args: argparse.Namespace) -> int:
    if args.what == "register":
        return _register(args)
    fmt = args.format or args.out.suffix.lstrip(".").lower()
    columns = [c for c in (args.columns or "").split(",") if c.strip()] or None
    request = ExportRequest(args.what, fmt, columns, args.include_sensitive,
                            args.export_language)
    with unlock(args) as vault:
        result = export_records(vault.store, request, args.out)
    print(tr("Written {file}: {rows} rows, {columns} columns.", file=args.out,
             rows=result.rows, columns=len(result.columns)))
    if result.left_out:
        print(tr("{count} records of sensitive case types were left out.",
                 count=result.left_out))
    return 0


def _register(args: argparse.Namespace) -> int:
    with unlock(args) as vault:
        try:
            result = export_register(vault.store, args.out, mapping=args.mapping,
                                     everything=args.everything)
        except DataFileError as exc:
            raise KujdesError("{detail}", detail=str(exc)) from exc
    print(tr("Written {file}: {written} cases for the national register ({unchanged} sent "
             "before and unchanged).", file=args.out, written=result.written,
             unchanged=result.unchanged))
    if result.missing:
        print(tr("{count} cases lack a required field and were not written:",
                 count=len(result.missing)))
        for missing in result.missing:
            print(f"  {missing}")
    if result.left_out:
        print(tr("{count} cases of sensitive types your role may not see were left out.",
                 count=result.left_out), file=sys.stderr)
    return 0
