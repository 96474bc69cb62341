"""The service directory (harta e shërbimeve): which providers a worker can refer a person to,
searched and filtered offline from the ``service_provider`` records in the vault (Qt-free).

A provider with no target groups serves everyone; one with no administrative unit (regional
or national) serves every unit, so filtering by a unit keeps them.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.casework.persons import full_name
from desktop.core.casework.places import place_key
from desktop.core.casework.referrals import providers_for
from desktop.core.search import fold, search
from desktop.core.store import Store
from desktop.core.views.profile_lists import profile_label
from sync.profile import Profile
from sync.records import Record

LEVELS = ("local", "regional", "national")
_TEXT_FIELDS = ("name", "unit", "village", "municipality", "address", "contact_person",
                "phone", "email")


@dataclass(frozen=True)
class DirectoryFilter:
    """What the worker narrows the directory by (``None`` or "" for any)."""

    text: str = ""
    target_group: str | None = None
    unit: str | None = None
    level: str | None = None
    service: str | None = None


@dataclass(frozen=True)
class Provider:
    """One row of the directory."""

    id: str
    name: str
    level: str
    services: tuple[str, ...]
    target_groups: tuple[str, ...]
    unit: str
    village: str
    municipality: str
    address: str
    phone: str
    email: str
    contact_person: str
    capacity: int | None
    public: bool

    @classmethod
    def of(cls, record: Record) -> Provider:
        f = record.fields
        capacity = f.get("capacity")
        return cls(id=record.id, name=str(f.get("name") or ""), level=str(f.get("level") or ""),
                   services=tuple(f.get("services") or ()),
                   target_groups=tuple(f.get("target_groups") or ()),
                   unit=str(f.get("administrative_unit") or ""),
                   village=str(f.get("village") or ""),
                   municipality=str(f.get("municipality") or ""),
                   address=str(f.get("address") or ""), phone=str(f.get("phone") or ""),
                   email=str(f.get("email") or ""),
                   contact_person=str(f.get("contact_person") or ""),
                   capacity=int(capacity) if isinstance(capacity, int | float) else None,
                   public=bool(f.get("public")))

    def contacts(self) -> str:
        """Phone, e-mail and the contact person on one line."""
        return " · ".join(p for p in (self.contact_person, self.phone, self.email) if p)

    def place(self) -> str:
        """Address, village and unit (without repeating what the address already says)."""
        parts = [self.address] if self.address else []
        for part in (self.village, self.unit):
            if part and place_key(part) not in place_key(" ".join(parts)):
                parts.append(part)
        return ", ".join(parts)

    def matches_text(self, words: list[str]) -> bool:
        haystack = fold(" ".join(str(getattr(self, name)) for name in _TEXT_FIELDS))
        return all(word in haystack for word in words)


def search_directory(store: Store, flt: DirectoryFilter) -> list[Provider]:
    """The providers that pass every filter, by name. Text matches any of name, place,
    address and contacts, word by word, with or without diacritics (ë, ç)."""
    records = providers_for(store, service=flt.service or None,
                            target_group=flt.target_group or None, unit=flt.unit or None)
    providers = [Provider.of(r) for r in records]
    if flt.level:
        providers = [p for p in providers if p.level == flt.level]
    words = fold(flt.text).split()
    if words:
        providers = [p for p in providers if p.matches_text(words)]
    return sorted(providers, key=lambda p: (fold(p.name), p.id))


def directory_units(store: Store) -> list[str]:
    """The administrative units the filter offers: those of the village catalog and of the
    providers, by name."""
    with store.reading() as conn:
        rows = conn.exec_driver_sql(
            "SELECT DISTINCT admin_unit FROM records WHERE type IN ('village', "
            "'service_provider') AND deleted = 0 AND admin_unit IS NOT NULL "
            "AND admin_unit != ''").fetchall()
    return sorted({str(r[0]) for r in rows}, key=fold)


def services_text(profile: Profile, provider: Provider) -> str:
    """The provider's services as their labels in the current language."""
    return ", ".join(profile_label(profile, "service_taxonomy", code) or code
                     for code in provider.services)


def target_groups_text(profile: Profile, provider: Provider) -> str:
    return ", ".join(profile_label(profile, "target_groups", g) for g in provider.target_groups)


@dataclass(frozen=True)
class CaseChoice:
    """A case the directory can refer: its number and its person."""

    case_id: str
    number: str
    name: str
    place: str


def case_choices(store: Store, text: str, limit: int = 30) -> list[CaseChoice]:
    """Cases whose person, case number or personal ID matches ``text`` (one row a case)."""
    if not text.strip():
        return []
    with store.reading() as conn:
        hits = search(conn, text, limit=limit * 2)
    seen: set[str] = set()
    out = []
    for hit in hits:
        if hit.case_id and hit.case_id not in seen:
            seen.add(hit.case_id)
            out.append(CaseChoice(hit.case_id, hit.case_number or "", hit.full_name,
                                  ", ".join(p for p in (hit.village, hit.unit) if p)))
    return out[:limit]


def chosen_case(store: Store, case_id: str) -> CaseChoice | None:
    """The case the directory refers for (``None`` if it is no longer in the vault)."""
    case = store.get(case_id)
    if case is None or case.type != "case" or case.deleted:
        return None
    person = store.get(str(case.fields.get("person_id") or ""))
    return CaseChoice(case.id, str(case.fields.get("case_number") or ""), full_name(person),
                      ", ".join(str(case.fields[k]) for k in ("village", "administrative_unit")
                                if case.fields.get(k)))
