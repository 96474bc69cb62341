"""What the user's role and units may hold, known on the laptop from the profile (Qt-free).

The server scopes every record (sync/server/scope.py): a case is the user's when its
administrative unit is one of the user's units (no units: the whole municipality) and the
role may see its case type (a sensitive type only by the roles in its ``visible_to``). The
laptop applies the same rule before it makes a record, so it never makes what the server
would refuse. The role and units come from the server at sign-in; a vault that has never
signed in at a server knows no role and is not restricted here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from desktop.core.errors import KujdesError
from desktop.core.i18n import current_language
from desktop.core.store import Store
from sync.profile import Profile

SERVER_USER_KEY = "server_user"  # the user's record from the server, kept at sign-in


class OutsideRole(KujdesError):
    message = ("Your role ({role}) may not hold {case_type} cases: the municipal server would "
               "refuse it. Roles that may: {roles}.")


class OutsideUnits(KujdesError):
    message = ("{unit} is not one of your administrative units ({units}): the municipal "
               "server would refuse it. Ask a colleague of that unit.")


class ReadOnlyRole(KujdesError):
    message = "Your role ({role}) may only read records."


@dataclass(frozen=True)
class Holder:
    """The signed-in user as the server scopes them."""

    role: str
    units: tuple[str, ...]
    read_only: bool = False

    def has_unit(self, unit: str | None) -> bool:
        return not self.units or (unit is not None and unit in self.units)


def holder(store: Store) -> Holder | None:
    """The user's role and units from the last sign-in at the server (None: never signed in)."""
    text = store.meta_get(SERVER_USER_KEY)
    if not text:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    role = data.get("role")
    if not isinstance(role, str) or not role:
        return None
    item = store.profile.item("roles", role) or {}
    units = tuple(u for u in data.get("units") or [] if isinstance(u, str))
    return Holder(role, units, bool(item.get("read_only")))


def roles_that_may_hold(profile: Profile, case_type: str) -> list[str]:
    """Role codes that may hold cases of this type (every role for a type not sensitive)."""
    item = profile.item("case_types", case_type) or {}
    if not item.get("sensitive"):
        return [r["code"] for r in profile.items("roles") if not r.get("read_only")]
    return [str(r) for r in item.get("visible_to") or []]


def role_may_hold(profile: Profile, role: str, case_type: str) -> bool:
    item = profile.item("case_types", case_type)
    if item is None:
        return False
    return not item.get("sensitive") or role in (item.get("visible_to") or [])


def require_may_hold(store: Store, case_type: str, unit: str | None) -> None:
    """Refuse at once a case the server would refuse: its type outside the user's role, or
    its administrative unit outside the user's units."""
    check_may_hold(store.profile, holder(store), case_type, unit)


def check_may_hold(profile: Profile, who: Holder | None, case_type: str,
                   unit: str | None) -> None:
    """:func:`require_may_hold` for a user already read (an import checks many cases)."""
    if who is None:
        return
    language = current_language()
    role_label = profile.label("roles", who.role, language)
    if who.read_only:
        raise ReadOnlyRole(role=role_label)
    if not role_may_hold(profile, who.role, case_type):
        roles = ", ".join(profile.label("roles", r, language)
                          for r in roles_that_may_hold(profile, case_type))
        raise OutsideRole(role=role_label, case_type=profile.label("case_types", case_type,
                                                                   language), roles=roles)
    if not who.has_unit(unit):
        raise OutsideUnits(unit=unit or "-", units=", ".join(who.units))


def require_unit(store: Store, unit: str | None, who: Holder | None = None) -> None:
    """Refuse a record placed outside the user's administrative units."""
    who = who or holder(store)
    if who is None:
        return
    if who.read_only:
        raise ReadOnlyRole(role=store.profile.label("roles", who.role, current_language()))
    if not who.has_unit(unit):
        raise OutsideUnits(unit=unit or "-", units=", ".join(who.units))
