"""``kujdes demo-data`` and ``kujdes find``."""

from __future__ import annotations

import argparse

from desktop.commands.common import data_dir, read_password, unlock, vault_args
from desktop.core.demo import add_demo_data
from desktop.core.i18n import tr
from desktop.core.vault import create_vault, open_vault, vault_folder


def register(sub: argparse._SubParsersAction) -> None:
    demo = sub.add_parser("demo-data", help=tr("add synthetic persons, households and cases"))
    vault_args(demo)
    demo.add_argument("--persons", type=int, required=True)
    demo.add_argument("--seed", type=int, default=1)
    demo.set_defaults(handler=demo_data_command)

    find = sub.add_parser("find", help=tr("search people and cases"))
    vault_args(find)
    find.add_argument("text", nargs="+")
    find.add_argument("--limit", type=int, default=50)
    find.set_defaults(handler=find_command)


def demo_data_command(args: argparse.Namespace) -> int:
    password = read_password(args)
    if (vault_folder(data_dir(args), args.user) / "key.json").exists():
        vault = open_vault(data_dir(args), args.user, password)
    else:
        vault = create_vault(data_dir(args), args.user, password)
    with vault:
        summary = add_demo_data(vault.store, args.persons, seed=args.seed, workers=(args.user,))
    print(tr("Added {persons} persons, {households} households and {cases} cases.",
             persons=summary.persons, households=summary.households, cases=summary.cases))
    return 0


def find_command(args: argparse.Namespace) -> int:
    with unlock(args) as vault:
        hits = vault.store.search(" ".join(args.text), limit=args.limit)
    for hit in hits:
        place = ", ".join(p for p in (hit.village, hit.unit) if p)
        print(f"{hit.case_number or '-'}\t{hit.full_name}\t{place}")
    return 0
