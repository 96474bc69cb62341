"""Shared pieces of the headless commands: vault arguments and password input."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from desktop.core import paths
from desktop.core.errors import KujdesError
from desktop.core.i18n import tr
from desktop.core.vault import OpenVault, open_vault


def vault_args(parser: argparse.ArgumentParser, *, password: bool = True) -> None:
    """--data-dir, --user and (optionally) --password-stdin."""
    parser.add_argument("--data-dir", type=Path, default=None,
                        help=tr("data directory (default: KUJDES_DATA_DIR or the platform's)"))
    parser.add_argument("--user", required=True, help=tr("the user whose vault to use"))
    if password:
        parser.add_argument("--password-stdin", action="store_true",
                            help=tr("read the password from the first line of standard input"))


def read_password(args: argparse.Namespace, prompt: str = "Password: ") -> str:
    if getattr(args, "password_stdin", False):
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise KujdesError("No password was given on standard input.")
        return password
    return getpass.getpass(tr(prompt))


def data_dir(args: argparse.Namespace) -> Path:
    return paths.data_dir(args.data_dir)


def unlock(args: argparse.Namespace) -> OpenVault:
    return open_vault(data_dir(args), args.user, read_password(args))
