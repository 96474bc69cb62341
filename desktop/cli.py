"""The ``kujdes`` command: the desktop application, and headless subcommands for
administrators, support and scripts (one module each in :mod:`desktop.commands`).

Errors print one clear line on standard error and exit non-zero.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

import sqlcipher3
from sqlalchemy.exc import DBAPIError

from desktop.commands import (
    conflicts,
    export,
    forms,
    handover,
    import_persons,
    measures,
    print_document,
    records,
    report,
    sync,
    vault,
)
from desktop.core.errors import KujdesError, VaultDamaged
from desktop.core.i18n import LANGUAGES, set_language, tr
from desktop.core.logs import setup_logging
from desktop.core.store import DAMAGE_WORDS
from sync.profile import COUNTRIES

# Each module adds its subcommands (a new command module is added here).
COMMANDS = (vault, records, import_persons, export, print_document, report, measures, forms,
            sync, conflicts, handover)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kujdes", description=tr("Kujdes: social care case work"))
    parser.add_argument("--language", choices=LANGUAGES, default=None)
    parser.add_argument("--demo", action="store_true",
                        help=tr("run the application with an embedded demo server and demo data"))
    parser.add_argument("--country", choices=COUNTRIES, default="AL",
                        help=tr("with --demo: AL for a demo in Pukë, XK for one in Gjilan"))
    parser.add_argument("--app-data-dir", type=Path, default=None,
                        help=tr("data directory for the application"))
    parser.add_argument("--self-test", action="store_true",
                        help=tr("check this installation without opening a window, then exit"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.register(sub)
    return parser


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
    args = build_parser().parse_args(argv)
    setup_logging()
    if args.language:
        set_language(args.language)
    if args.self_test:
        from desktop.core.selftest import run_self_test
        return run_self_test()
    if args.command is None or getattr(args, "opens_window", None):
        return run_gui(args)
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
