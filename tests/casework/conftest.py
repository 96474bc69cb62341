"""Helpers of the case workflow tests: a store in a real vault, and a person with a case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop.core.casework.cases import open_case
from desktop.core.casework.persons import register_person
from desktop.core.keys import FAST_KDF
from desktop.core.store import Store
from desktop.core.vault import OpenVault, create_vault
from sync.records import Record

TODAY = dt.date(2026, 3, 2)
PASSWORD = "correct horse battery"


@pytest.fixture
def store(vault: OpenVault) -> Store:
    return vault.store


@pytest.fixture
def xk_store(tmp_path: Path) -> Iterator[Store]:
    vault = create_vault(tmp_path / "xk", "drita", PASSWORD, kdf=FAST_KDF, country="XK")
    yield vault.store
    vault.lock()


def person_fields(**changes: Any) -> dict[str, Any]:
    fields = {"first_name": "Engjëll", "last_name": "Çela", "father_name": "Gjon", "sex": "M",
              "birth_date": "1984-05-17", "personal_id": "I40517123B",
              "administrative_unit": "Qelëz", "village": "Plan", "target_groups": ["income"]}
    fields.update(changes)
    return {k: v for k, v in fields.items() if v is not None}


def new_person(store: Store, **changes: Any) -> Record:
    return register_person(store, person_fields(**changes), new_household={"area_type": "rural"})


def new_case(store: Store, case_type: str = "social_care", *, person: Record | None = None,
             **options: Any) -> Record:
    person = person or new_person(store, personal_id=None)
    options.setdefault("referral_source", "village_head")
    options.setdefault("municipality", "Pukë")
    options.setdefault("opened_on", TODAY - dt.timedelta(days=30))
    return open_case(store, person.id, case_type, **options)


def outbox_count(store: Store) -> int:
    return store.pending_count()
