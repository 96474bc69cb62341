"""``kujdes measures due``: the measures whose monitoring reports are due or late."""

from __future__ import annotations

import argparse

from desktop.commands.common import unlock, vault_args
from desktop.core.casework.monitoring import due_reports
from desktop.core.errors import KujdesError
from desktop.core.i18n import N_, fmt_date, tr


def register(sub: argparse._SubParsersAction) -> None:
    measures = sub.add_parser("measures", help=tr("legal measures and their monitoring reports"))
    commands = measures.add_subparsers(dest="measures_command", metavar="COMMAND",
                                       required=True)
    due = commands.add_parser(
        "due", help=tr("list the measures whose reports are due or late, one per line"))
    vault_args(due)
    due.add_argument("--days", type=int, default=14,
                     help=tr("also list reports due within this many days (default 14)"))
    due.set_defaults(handler=due_command)


def due_command(args: argparse.Namespace) -> int:
    if args.days < 0:
        raise KujdesError(N_("The number of days cannot be negative."))
    with unlock(args) as vault:
        reports = due_reports(vault.store, within_days=args.days)
    for report in reports:
        print(f"{report.case_number}\t{report.measure_type}\t{fmt_date(report.due_on)}\t"
              f"{report.state}")
    return 0
