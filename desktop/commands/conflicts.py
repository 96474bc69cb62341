"""``kujdes conflicts``: the open conflicts of a vault, one per line.

Each line is ``CASE_NUMBER<TAB>FIELD<TAB>MINE<TAB>THEIRS<TAB>WHO<TAB>WHEN``: the case the
conflict is about, the field's label, this laptop's value and the other value in words, who
made the other value and when (dd.MM.yyyy HH:MM).
"""

from __future__ import annotations

import argparse

from desktop.commands.common import unlock, vault_args
from desktop.core.conflicts import conflict_views
from desktop.core.i18n import tr


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("conflicts", help=tr("list the open conflicts of the vault "
                                    "(case, field, mine, theirs, who, when; tab-separated)"))
    vault_args(parser)
    parser.set_defaults(handler=conflicts_command)


def conflicts_command(args: argparse.Namespace) -> int:
    with unlock(args) as vault:
        views = conflict_views(vault.store)
    for view in views:
        print(view.line())
    return 0
