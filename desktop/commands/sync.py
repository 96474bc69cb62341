"""``kujdes login`` and ``kujdes sync``."""

from __future__ import annotations

import argparse
import sys

from desktop.commands.common import data_dir, read_password, unlock, vault_args
from desktop.core.i18n import N_, fmt_number, tr
from desktop.core.sync_local import login, sync_now
from desktop.core.sync_messages import error_text
from sync.client import SyncError


def register(sub: argparse._SubParsersAction) -> None:
    signin = sub.add_parser("login", help=tr("sign in; the first time, provision the vault "
                               "from the municipal server"))
    vault_args(signin)
    signin.add_argument("--server", required=True, help=tr("the server's address, e.g. "
                           "http://10.0.0.5:8765"))
    signin.set_defaults(handler=login_command)
    sync = sub.add_parser("sync", help=tr("sync the vault with its server now"))
    vault_args(sync)
    sync.set_defaults(handler=sync_command)


# What each step of a sync is called while it runs (as on the Sync screen).
_STAGES = {"push": N_("Sending changes: {done}"), "pull": N_("Receiving changes: {done}"),
           "upload": N_("Sending attachments…"), "download": N_("Receiving attachments…"),
           "reports": N_("Updating the report figures…")}


def _progress(stage: str, done: int, total: int | None) -> None:
    text = tr(_STAGES[stage], done=fmt_number(done)) if stage in _STAGES else stage
    print(f"\r{text}", end="", file=sys.stderr, flush=True)


def login_command(args: argparse.Namespace) -> int:
    try:
        vault = login(args.server, data_dir(args), args.user, read_password(args),
                      progress=_progress)
    except SyncError as error:
        print(f"\nkujdes: {error_text(error)}", file=sys.stderr)
        return 1
    with vault:
        records = vault.store.count("case")
    print(file=sys.stderr)
    print(tr("Signed in as {user}; {cases} cases in the vault.", user=args.user,
             cases=records))
    return 0


def sync_command(args: argparse.Namespace) -> int:
    with unlock(args) as vault:
        try:
            result = sync_now(vault, progress=_progress)
        except SyncError as error:
            print(f"\nkujdes: {error_text(error)}", file=sys.stderr)
            return 1
    print(file=sys.stderr)
    print(tr("Synced: {pushed} changes sent, {pulled} records received, {conflicts} new "
             "conflicts.", pushed=result.pushed, pulled=result.pulled,
             conflicts=result.conflicts))
    for refused in result.rejected:
        print(tr("Refused by the server: {message}", message=refused.get("message", "")))
    return 0
