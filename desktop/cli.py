"""The ``kujdes`` command: the desktop application, and headless subcommands for
administrators, support and scripts (one module each in :mod:`desktop.commands`).

Errors print one clear line on standard error and exit non-zero.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from desktop.core.errors import KujdesError, VaultDamaged
from desktop.core.i18n import LANGUAGES, set_language, tr
from desktop.core.logs import setup_logging
from sync.profile import COUNTRIES

# Each module adds its subcommands (a new command module is added here). They are imported
# only for a subcommand or the help: the application's own start does without them.
COMMANDS = ("vault", "records", "import_persons", "export", "print_document", "report",
            "measures", "forms", "sync", "conflicts", "handover")


class _NotTheWindow(Exception):
    """The arguments are not a plain start of the application (the full parser decides)."""


class _WindowParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _NotTheWindow(message)


def build_parser(with_commands: bool = True) -> argparse.ArgumentParser:
    """The ``kujdes`` parser; without its subcommands for a first look at a window start."""
    parser_type = argparse.ArgumentParser if with_commands else _WindowParser
    parser = parser_type(prog="kujdes", description=tr("Kujdes: social care case work"),
                         add_help=with_commands)
    parser.add_argument("--language", choices=LANGUAGES, default=None)
    parser.add_argument("--demo", action="store_true",
                        help=tr("run the application with an embedded demo server and demo data"))
    parser.add_argument("--country", choices=COUNTRIES, default="AL",
                        help=tr("with --demo: AL for a demo in Pukë, XK for one in Gjilan"))
    parser.add_argument("--app-data-dir", type=Path, default=None,
                        help=tr("data directory for the application"))
    parser.add_argument("--self-test", action="store_true",
                        help=tr("check this installation without opening a window, then exit"))
    if not with_commands:
        parser.set_defaults(command=None)
        return parser
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"desktop.commands.{name}").register(sub)
    return parser


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    """A start of the application (options only) is parsed without importing the
    subcommands; anything else (a subcommand, help, an error) by the full parser."""
    words = list(sys.argv[1:] if argv is None else argv)
    if not any(word in ("-h", "--help") for word in words):
        try:
            args, rest = build_parser(with_commands=False).parse_known_args(words)
        except _NotTheWindow:
            rest = ["error"]
        if not rest:
            return args
    return build_parser().parse_args(argv)


def run_gui(args: argparse.Namespace) -> int:
    if getattr(args, "opens_window", None) == "form_preview":  # kujdes forms preview FILE
        from desktop.ui.forms.preview import run_preview
        return run_preview(args.file)
    from desktop.ui.app import run_app

    return run_app(demo=args.demo, data_dir=args.app_data_dir, country=args.country)


def _early_language(argv: Sequence[str]) -> None:
    """Apply ``--language`` before the parser is built, so that its help is translated."""
    for i, arg in enumerate(argv):
        value = arg.partition("=")[2] if arg.startswith("--language=") else \
            argv[i + 1] if arg == "--language" and i + 1 < len(argv) else None
        if value in LANGUAGES:
            set_language(value)


def main(argv: Sequence[str] | None = None) -> int:
    _early_language(sys.argv[1:] if argv is None else argv)
    args = parse_arguments(argv)
    setup_logging()
    if args.language:
        set_language(args.language)
    if args.self_test:
        from desktop.core.selftest import run_self_test
        return run_self_test()
    if args.command is None or getattr(args, "opens_window", None):
        return run_gui(args)
    return run_command(args)


def run_command(args: argparse.Namespace) -> int:
    import sqlcipher3
    from sqlalchemy.exc import DBAPIError

    from desktop.core.store import DAMAGE_WORDS

    try:
        return args.handler(args)
    except KujdesError as error:
        print(f"kujdes: {error}", file=sys.stderr)
        return 1
    except (sqlcipher3.Error, DBAPIError, MemoryError) as error:
        # A damaged page met outside the vault's own translation of errors: still a sentence.
        text = str(getattr(error, "orig", error)).lower()
        if not isinstance(error, MemoryError) and not any(w in text for w in DAMAGE_WORDS):
            raise
        logging.getLogger("kujdes").error("vault error: %s", type(error).__name__)
        print(f"kujdes: {VaultDamaged(what=tr('some of its pages'))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
