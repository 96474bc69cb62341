"""The former name of the vault's operations runner; see :mod:`desktop.ui.ops`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop.core.store import Store
from desktop.ui.ops import Operations as Database

Job = Callable[[Store], Any]
__all__ = ["Database", "Job"]
