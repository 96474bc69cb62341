"""Synthetic persons and cases for the list and search tests: names that share prefixes,
most persons with a case, some with two, open and closed, in a few villages."""

from __future__ import annotations

from collections.abc import Sequence

from desktop.core.vault import OpenVault


def register_people(vault: OpenVault, names: Sequence[tuple[str, str]],
                    villages: Sequence[str]) -> tuple[OpenVault, list[str], list[str]]:
    """One person per (first, last) name of ``names``, in ``villages`` in turn."""
    store = vault.store
    persons, cases = [], []
    for n, (first, last) in enumerate(names):
        village = villages[n % len(villages)]
        person = store.create("person", {"first_name": first, "last_name": last,
                                         "village": village,
                                         "administrative_unit": "Qelëz"}).id
        persons.append(person)
        for k in range(0 if n % 7 == 0 else 2 if n % 5 == 0 else 1):
            cases.append(store.create("case", {
                "case_number": f"PUK-2026-7F3A-{n:03}{k}", "person_id": person,
                "case_type": "social_care", "status": "closed" if n % 4 == 0 else "open",
                "opened_on": f"2026-0{1 + n % 9}-1{k}", "municipality": "Pukë",
                "administrative_unit": "Qelëz", "village": village}).id)
    return vault, persons, cases
