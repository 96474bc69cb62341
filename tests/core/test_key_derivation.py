"""The key derivation: Argon2id as specified, on a thread that leaves a core to the screen."""

from __future__ import annotations

import os
import sys
import threading

import pytest
from argon2.exceptions import HashingError
from argon2.low_level import Type, hash_secret_raw

from desktop.core.keys import FAST_KDF, KdfParams, _behind_the_screen

SALT = b"sixteen byte sal"


def test_four_lanes_derive_what_argon2id_specifies():
    lanes = KdfParams(time_cost=1, memory_cost=8_192, parallelism=4)
    assert lanes.derive("correct horse", SALT) == hash_secret_raw(
        b"correct horse", SALT, 1, 8_192, 4, 32, Type.ID)
    assert lanes.derive("correct horse", SALT) != FAST_KDF.derive("correct horse", SALT)


def test_an_error_of_the_derivation_reaches_the_caller():
    with pytest.raises(HashingError):
        KdfParams(time_cost=1, memory_cost=1, parallelism=4).derive("correct horse", SALT)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread niceness: Linux")
def test_the_derivation_runs_at_a_lower_priority_than_the_caller():
    def niceness() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    caller = niceness()
    assert _behind_the_screen(niceness) > caller or caller == 19   # type: ignore[arg-type]
    assert niceness() == caller
