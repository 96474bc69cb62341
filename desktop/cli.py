"""The ``kujdes`` command: the desktop application, and headless commands for administrators,
support and scripts.

Passwords come from a prompt, or from the first line of standard input with
``--password-stdin``. Errors print one clear line on standard error and exit non-zero.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from desktop.core import paths
from desktop.core.errors import KujdesError
from desktop.core.i18n import set_language, tr
from desktop.core.vault import OpenVault, change_password, create_vault, open_vault, vault_folder

Handler = Callable[[argparse.Namespace], int]
_COMMANDS: dict[str, Handler] = {}


def command(name: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        _COMMANDS[name] = handler
        return handler
    return register


# -- arguments ---------------------------------------------------------------------------------

def _vault_args(parser: argparse.ArgumentParser, *, password: bool = True) -> None:
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="data directory (default: KUJDES_DATA_DIR or the platform's)")
    parser.add_argument("--user", required=True, help="the user whose vault to use")
    if password:
        parser.add_argument("--password-stdin", action="store_true",
                            help="read the password from the first line of standard input")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kujdes", description="Kujdes: social care case work")
    parser.add_argument("--language", choices=("sq", "en"), default=None)
    parser.add_argument("--demo", action="store_true",
                        help="run the application with an embedded demo server and demo data")
    parser.add_argument("--data-dir", type=Path, default=None, dest="app_data_dir")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    vault = sub.add_parser("vault", help="create and look after vaults")
    vault_sub = vault.add_subparsers(dest="vault_command", metavar="ACTION", required=True)
    _vault_args(vault_sub.add_parser("create", help="create a vault for a user"))
    _vault_args(vault_sub.add_parser("check", help="check integrity and the audit chain"))
    _vault_args(vault_sub.add_parser("passwd", help="change a vault's password"),
                password=False)

    demo = sub.add_parser("demo-data", help="add synthetic persons, households and cases")
    _vault_args(demo)
    demo.add_argument("--persons", type=int, required=True)
    demo.add_argument("--seed", type=int, default=1)

    find = sub.add_parser("find", help="search people and cases")
    _vault_args(find)
    find.add_argument("text", nargs="+")
    find.add_argument("--limit", type=int, default=50)
    return parser


# -- password input ------------------------------------------------------------------------------

def read_password(args: argparse.Namespace, prompt: str = "Password: ") -> str:
    if getattr(args, "password_stdin", False):
        line = sys.stdin.readline()
        password = line.rstrip("\r\n")
        if not password:
            raise KujdesError("No password was given on standard input.")
        return password
    return getpass.getpass(tr(prompt))


def data_dir(args: argparse.Namespace) -> Path:
    return paths.data_dir(args.data_dir)


def unlock(args: argparse.Namespace) -> OpenVault:
    return open_vault(data_dir(args), args.user, read_password(args))


# -- commands --------------------------------------------------------------------------------

@command("vault create")
def cmd_vault_create(args: argparse.Namespace) -> int:
    vault = create_vault(data_dir(args), args.user, read_password(args))
    vault.lock()
    print(tr("Vault created for {user}.", user=args.user))
    return 0


@command("vault check")
def cmd_vault_check(args: argparse.Namespace) -> int:
    from desktop.core.checks import check_vault

    with unlock(args) as vault:
        report = check_vault(vault)
    if report.problems:
        for problem in report.problems:
            print(tr("The vault needs a check: {detail}", detail=problem), file=sys.stderr)
        return 1
    print(tr("Vault is intact: {records} records, {audit} audit entries, {pending} changes "
             "waiting to sync.", records=report.records, audit=report.audit_entries,
             pending=report.pending))
    return 0


@command("vault passwd")
def cmd_vault_passwd(args: argparse.Namespace) -> int:
    old = getpass.getpass(tr("Old password: "))
    new = getpass.getpass(tr("New password: "))
    if getpass.getpass(tr("Repeat the new password: ")) != new:
        raise KujdesError("The passwords do not match.")
    change_password(data_dir(args), args.user, old, new)
    print(tr("Password changed."))
    return 0


@command("demo-data")
def cmd_demo_data(args: argparse.Namespace) -> int:
    from desktop.core.demo import add_demo_data

    password = read_password(args)
    folder = vault_folder(data_dir(args), args.user)
    if (folder / "key.json").exists():
        vault = open_vault(data_dir(args), args.user, password)
    else:
        vault = create_vault(data_dir(args), args.user, password)
    with vault:
        summary = add_demo_data(vault.store, args.persons, seed=args.seed,
                                workers=(args.user,))
    print(tr("Added {persons} persons, {households} households and {cases} cases.",
             persons=summary.persons, households=summary.households, cases=summary.cases))
    return 0


@command("find")
def cmd_find(args: argparse.Namespace) -> int:
    with unlock(args) as vault:
        hits = vault.store.search(" ".join(args.text), limit=args.limit)
    for hit in hits:
        place = ", ".join(p for p in (hit.village, hit.unit) if p)
        print(f"{hit.case_number or '-'}\t{hit.full_name}\t{place}")
    return 0


def run_gui(args: argparse.Namespace) -> int:
    from desktop.ui.app import run_app

    return run_app(demo=args.demo, data_dir=args.app_data_dir)


# -- entry point ---------------------------------------------------------------------------

def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.language:
        set_language(args.language)
    if args.command is None:
        return run_gui(args)
    name = args.command + (f" {args.vault_command}" if args.command == "vault" else "")
    try:
        return _COMMANDS[name](args)
    except KujdesError as error:
        print(f"kujdes: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
