"""``kujdes handover``: hand a case the server refused to a colleague whose role may hold it.

Without ``--to`` it lists the colleagues at the municipal server who may hold the case (one per
line: ``USERNAME<TAB>NAME<TAB>ROLE``); with ``--to USERNAME`` it hands the case over through the
server, and the colleague's laptop receives it at its next sync. Exits 1 when the server cannot
be reached or refuses, 2 when no refused case has that number.
"""

from __future__ import annotations

import argparse
import sys

from desktop.commands.common import unlock, vault_args
from desktop.core.handover import hand_over_at_server, server_colleagues
from desktop.core.i18n import ntr, tr
from desktop.core.refusals import open_refusals
from desktop.core.sync_messages import error_text
from sync.client import SyncError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("handover", help=tr(
        "hand a case the server refused to a colleague whose role may hold it (without --to: "
        "list who may)"))
    vault_args(parser)
    parser.add_argument("--case", required=True, help=tr("the refused case's number"))
    parser.add_argument("--to", default=None, help=tr("the colleague's user name"))
    parser.set_defaults(handler=handover_command)


def handover_command(args: argparse.Namespace) -> int:
    with unlock(args) as vault:
        found = [r for r in open_refusals(vault.store)
                 if r.case_number == args.case and r.case_id]
        if not found:
            print(f"kujdes: {tr('No refused case has the number {number}.', number=args.case)}",
                  file=sys.stderr)
            return 2
        case_id = str(found[0].case_id)
        run = (lambda fn: fn(vault.store))  # noqa: E731 - the store of this command
        try:
            if args.to is None:
                for colleague in server_colleagues(run, vault.device_id, case_id):
                    print(f"{colleague.username}\t{colleague.full_name}\t{colleague.role}")
                return 0
            sent = hand_over_at_server(run, vault.device_id, case_id, args.to)
        except SyncError as error:
            print(f"kujdes: {error_text(error)}", file=sys.stderr)
            return 1
    print(ntr("{n} record was handed over to {user}; it reaches their laptop at their next "
              "sync.", "{n} records were handed over to {user}; they reach their laptop at "
              "their next sync.", sent, user=args.to))
    return 0
