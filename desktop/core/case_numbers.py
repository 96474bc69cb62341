"""Case numbers that stay unique across laptops without a connection.

``<MUNICIPALITY>-<YEAR>-<DEVICE>-<SEQUENCE>``, e.g. ``PUK-2026-7F3A-00012``: the device code
is this laptop's (assigned by the server at provisioning, or derived from the device id), and
the sequence counts per municipality, year and device inside the vault.
"""

from __future__ import annotations

from desktop.core.search import fold
from desktop.core.store import Store

DEVICE_CODE_KEY = "device_code"


def municipality_code(name: str) -> str:
    words = [w for w in fold(name).replace("-", " ").split() if w.isalpha()]
    if not words:
        return "MUN"
    if len(words) == 1:
        return words[0][:3].upper()
    return "".join(w[0] for w in words)[:3].upper().ljust(3, words[0][1].upper())


def case_number_prefix(municipality: str, year: int, device_code: str) -> str:
    return f"{municipality}-{year}-{device_code}"


def device_code(store: Store) -> str:
    code = store.meta_get(DEVICE_CODE_KEY)
    return code or store.device.replace("-", "")[:4].upper()


def next_case_number(store: Store, municipality: str, year: int) -> str:
    prefix = case_number_prefix(municipality_code(municipality), year, device_code(store))
    return f"{prefix}-{store.next_counter('case:' + prefix):05d}"
