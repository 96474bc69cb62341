"""``kujdes vault create|check|rescue|passwd``."""

from __future__ import annotations

import argparse
import getpass

from desktop.commands.common import data_dir, read_password, unlock, vault_args
from desktop.core.checks import check_vault
from desktop.core.errors import KujdesError
from desktop.core.i18n import N_, ntr, tr
from desktop.core.rescue import RescueFinished, RescueReport, rescue_vault
from desktop.core.vault import change_password, create_vault
from sync.profile import COUNTRIES


def register(sub: argparse._SubParsersAction) -> None:
    vault = sub.add_parser("vault", help=tr("create and look after vaults"))
    actions = vault.add_subparsers(dest="vault_command", metavar="ACTION", required=True)
    create = actions.add_parser("create", help=tr("create a vault for a user"))
    vault_args(create)
    create.add_argument("--country", choices=COUNTRIES, default="AL",
                        help=tr("AL for an Albanian municipality, XK for a Kosovo one"))
    create.set_defaults(handler=create_command)
    check = actions.add_parser("check", help=tr("check integrity and the audit chain"))
    vault_args(check)
    check.set_defaults(handler=check_command)
    rescue = actions.add_parser("rescue", help=tr(
        "with Kujdes closed, copy what can be read of a damaged vault into a new vault; the "
        "damaged file is kept aside (exit 0: all saved, 2: some parts could not be read)"))
    vault_args(rescue)
    rescue.set_defaults(handler=rescue_command)
    passwd = actions.add_parser("passwd", help=tr("change a vault's password"))
    vault_args(passwd, password=False)
    passwd.set_defaults(handler=passwd_command)


def create_command(args: argparse.Namespace) -> int:
    create_vault(data_dir(args), args.user, read_password(args), country=args.country).lock()
    print(tr("Vault created for {user}.", user=args.user))
    return 0


def check_command(args: argparse.Namespace) -> int:
    with unlock(args) as vault:
        report = check_vault(vault)
    damage = report.damage_error()
    if damage is not None:
        print(str(damage))
        return 1
    if report.problems:
        for problem in report.problems:
            print(tr("The vault needs a check: {detail}", detail=problem))
        return 1
    print(tr("Vault is intact: {records} records, {audit} audit entries, {pending} changes "
             "waiting to sync.", records=report.records, audit=report.audit_entries,
             pending=report.pending))
    for first, last in report.audit_gaps:
        print(tr("Audit entries {first} to {last} could not be read when the vault was "
                 "rescued.", first=first, last=last))
    return 0


#: What each rescued table holds, in the words of the rescue report.
RESCUED_PARTS = (("records", N_("records")), ("outbox", N_("changes (sent and not yet sent)")),
                 ("drafts", N_("drafts")), ("blobs", N_("attachments")),
                 ("audit", N_("audit log entries")), ("sync_meta", N_("sync settings")))
OTHER_PARTS = {"counters": N_("numbering counters (case numbers)")}


def rescue_command(args: argparse.Namespace) -> int:
    try:
        report = rescue_vault(data_dir(args), args.user, read_password(args))
    except RescueFinished as finished:
        print(str(finished))
        return 0
    print(tr("The vault of {user} was rescued into a new vault:", user=args.user))
    for line in rescue_lines(report):
        print("  " + line)
    print(ntr("{n} change not yet sent to the server is in the new vault; sync to send it.",
              "{n} changes not yet sent to the server are in the new vault; sync to send them.",
              report.unsent))
    if report.remade:
        print(ntr("Of these, {n} was made again from a record whose own change could not be "
                  "read.", "Of these, {n} were made again from records whose own change could "
                  "not be read.", report.remade))
    print(tr("The damaged file was kept, unchanged, as {path}.", path=report.damaged_file))
    damaged = any(t.damaged for t in report.tables.values())
    return 2 if damaged else 0


def rescue_lines(report: RescueReport) -> list[str]:
    lines = []
    shown = {table for table, _ in RESCUED_PARTS}
    others = [(t, OTHER_PARTS.get(t, t)) for t, r in report.tables.items()
              if t not in shown and r.damaged]
    for table, what in (*RESCUED_PARTS, *others):
        part = report.table(table)
        saved = ntr("{what}: {n} saved", "{what}: {n} saved", part.saved, what=tr(what))
        if not part.damaged:
            lines.append(saved)
        elif part.lost is None:
            lines.append(saved + "; " + tr("a damaged part could not be read"))
        else:
            lines.append(saved + ", " + ntr("{n} could not be read", "{n} could not be read",
                                            part.lost))
    return lines


def passwd_command(args: argparse.Namespace) -> int:
    old = getpass.getpass(tr("Old password: "))
    new = getpass.getpass(tr("New password: "))
    if getpass.getpass(tr("Repeat the new password: ")) != new:
        raise KujdesError("The passwords do not match.")
    change_password(data_dir(args), args.user, old, new)
    print(tr("Password changed."))
    return 0
