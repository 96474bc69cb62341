"""Running a comparison on the bench vault and its plain copy, from the command line: the
vault opened with the bench's user, its plain copy made (or reused), the load printed before
and after."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parents[1]


def _load() -> str:
    return f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"


def run(description: str | None, compare: Callable[[Any, Any, int], list[str]],
        repeat: int, after: Callable[[Path, int], list[str]] | None = None) -> int:
    """Parse ``--vault`` and ``--repeat``, print ``compare(vault store, plain store, repeat)``
    and then ``after(vault folder, repeat)`` once the vault is locked."""
    sys.path[:0] = [str(HERE), str(HERE.parent)]
    from bench_today import plain_copy
    from bench_ui import PASSWORD, USER

    from desktop.core.vault import open_vault

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--vault", type=Path, default=HERE / "out" / "vault-100k")
    parser.add_argument("--repeat", type=int, default=repeat)
    args = parser.parse_args()
    vault = open_vault(args.vault, USER, PASSWORD)
    plain = plain_copy(vault, args.vault)
    try:
        print(_load())
        print("\n".join(compare(vault.store, plain, args.repeat)))
    finally:
        plain.engine.dispose()
        vault.lock()
    if after is not None:
        print("\n".join(after(args.vault, args.repeat)))
        print(_load())
    return 0
