"""``kujdes login`` and ``kujdes sync``.

``kujdes sync`` exits 0 when everything was sent, 1 when the sync failed, and 3 when the
server refused a change (each refused record is printed with the reason and what to do).
"""

from __future__ import annotations

import argparse
import sys

from desktop.commands.common import data_dir, read_password, unlock, vault_args
from desktop.core.i18n import N_, fmt_number, tr
from desktop.core.refusals import Refusal, open_refusals
from desktop.core.sync_local import login, refresh_session, sync_now
from desktop.core.sync_messages import error_text, kind_text, refusals_summary
from desktop.core.vault import vault_folder
from sync.client import NetworkError, SyncError, check_server_url

EXIT_REFUSED = 3


def register(sub: argparse._SubParsersAction) -> None:
    signin = sub.add_parser("login", help=tr("sign in; the first time, provision the vault "
                               "from the municipal server"))
    vault_args(signin)
    signin.add_argument("--server", required=True, help=tr(
        "the server's address, e.g. https://kujdes.bashkia.al (plain http:// only on this "
        "computer)"))
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
        check_server_url(args.server)  # before the password is asked or anything is sent
    except SyncError as error:
        print(f"kujdes: {error_text(error)}", file=sys.stderr)
        return 1
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
        refusals = open_refusals(vault.store)
    print(file=sys.stderr)
    print(tr("Synced: {pushed} changes sent, {pulled} records received, {conflicts} new "
             "conflicts.", pushed=result.pushed, pulled=result.pulled,
             conflicts=result.conflicts))
    if result.audit_refused:
        print(tr("The server did not accept this laptop's audit log; the records were synced. "
                 "Tell the head of unit. The server said: {reason}",
                 reason=result.audit_refused))
    if not refusals and not result.rejected:
        return 0
    print(refusals_summary(len(result.rejected), sum(r.changes for r in refusals)))
    for refusal in refusals:
        print(refusal_line(refusal))
    if any(r.roles and r.case_number for r in refusals):
        print(tr("To hand a refused case to a colleague: kujdes handover --case CASE_NUMBER "
                 "lists who may hold it; add --to USERNAME to hand it over."))
    return EXIT_REFUSED


def refusal_line(refusal: Refusal) -> str:
    what = refusal.case_number or refusal.record_id
    if refusal.person:
        what = f"{what} ({refusal.person})"
    return tr("Refused: {record}, {kind}: {reason} {advice}", record=what,
              kind=kind_text(refusal.record_type), reason=refusal.reason, advice=refusal.advice)
