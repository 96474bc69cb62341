"""How the unlock window opens a vault: through the municipal server's login when one is set
up (it lifts a lockout once the server confirms the password; the vault still opens offline),
else on this laptop alone (``desktop.core.vault.open_vault``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.core.vault import OpenVault

# (data folder, user, password) -> the open vault
Opener = Callable[[Path, str, str], "OpenVault"]


def unlock_function(server_url: str) -> Opener | None:
    """Unlocking through the server's login when one is set up (None: the local one)."""
    if not server_url:
        return None

    def unlock(data_dir: Path, user: str, password: str) -> OpenVault:
        from desktop.core.sync_local import login

        return login(server_url, data_dir, user, password)

    return unlock


def first_login_function(server_url: str) -> Callable[..., OpenVault] | None:
    """A new user's first sign-in on this laptop through the server (it makes the vault and
    receives the caseload), when one is set up."""
    if not server_url:
        return None

    def first_login(data_dir: Path, user: str, password: str, **options: Any) -> OpenVault:
        from desktop.core.sync_local import login

        return login(server_url, data_dir, user, password, **options)

    return first_login
