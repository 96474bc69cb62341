"""``kujdes vault create|check|passwd``."""

from __future__ import annotations

import argparse
import getpass

from desktop.commands.common import data_dir, read_password, unlock, vault_args
from desktop.core.checks import check_vault
from desktop.core.errors import KujdesError
from desktop.core.i18n import tr
from desktop.core.vault import change_password, create_vault


def register(sub: argparse._SubParsersAction) -> None:
    vault = sub.add_parser("vault", help=tr("create and look after vaults"))
    actions = vault.add_subparsers(dest="vault_command", metavar="ACTION", required=True)
    create = actions.add_parser("create", help=tr("create a vault for a user"))
    vault_args(create)
    create.set_defaults(handler=create_command)
    check = actions.add_parser("check", help=tr("check integrity and the audit chain"))
    vault_args(check)
    check.set_defaults(handler=check_command)
    passwd = actions.add_parser("passwd", help=tr("change a vault's password"))
    vault_args(passwd, password=False)
    passwd.set_defaults(handler=passwd_command)


def create_command(args: argparse.Namespace) -> int:
    create_vault(data_dir(args), args.user, read_password(args)).lock()
    print(tr("Vault created for {user}.", user=args.user))
    return 0


def check_command(args: argparse.Namespace) -> int:
    with unlock(args) as vault:
        report = check_vault(vault)
    if report.problems:
        for problem in report.problems:
            print(tr("The vault needs a check: {detail}", detail=problem))
        return 1
    print(tr("Vault is intact: {records} records, {audit} audit entries, {pending} changes "
             "waiting to sync.", records=report.records, audit=report.audit_entries,
             pending=report.pending))
    return 0


def passwd_command(args: argparse.Namespace) -> int:
    old = getpass.getpass(tr("Old password: "))
    new = getpass.getpass(tr("New password: "))
    if getpass.getpass(tr("Repeat the new password: ")) != new:
        raise KujdesError("The passwords do not match.")
    change_password(data_dir(args), args.user, old, new)
    print(tr("Password changed."))
    return 0
