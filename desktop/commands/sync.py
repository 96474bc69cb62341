"""``kujdes login`` and ``kujdes sync``."""

from __future__ import annotations

import argparse
import sys

from desktop.commands.common import data_dir, read_password, unlock, vault_args
from desktop.core.i18n import tr
from desktop.core.sync_local import login, refresh_session, sync_now
from desktop.core.sync_messages import error_text
from desktop.core.vault import vault_folder
from sync.client import NetworkError, SyncError


def register(sub: argparse._SubParsersAction) -> None:
    signin = sub.add_parser("login", help="sign in; the first time, provision the vault "
                            "from the municipal server")
    vault_args(signin)
    signin.add_argument("--server", required=True, help="the server's address, e.g. "
                        "http://10.0.0.5:8765")
    signin.set_defaults(handler=login_command)
    sync = sub.add_parser("sync", help="sync the vault with its server now")
    vault_args(sync)
    sync.set_defaults(handler=sync_command)


def _progress(stage: str, done: int, total: int | None) -> None:
    of = f"/{total}" if total else ""
    print(f"\r{stage} {done}{of}", end="", file=sys.stderr, flush=True)


def login_command(args: argparse.Namespace) -> int:
    folder, password = data_dir(args), read_password(args)
    existed = (vault_folder(folder, args.user) / "key.json").exists()
    try:
        vault = login(args.server, folder, args.user, password, progress=_progress)
    except SyncError as error:
        print(f"\nkujdes: {error_text(error)}", file=sys.stderr)
        return 1
    if existed:  # the vault opened offline: renew its server session (it may have expired)
        try:
            refresh_session(vault, password, server_url=args.server)
        except NetworkError as error:
            print(f"\nkujdes: {error_text(error)}", file=sys.stderr)
        except SyncError as error:
            vault.lock()
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
    if result.audit_refused:
        print(tr("The server did not accept this laptop's audit log; the records were synced. "
                 "Tell the head of unit. The server said: {reason}",
                 reason=result.audit_refused))
    return 0
