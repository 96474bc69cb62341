"""Fixtures of the report tests: one vault with a known caseload, shared by the module."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from desktop.core.keys import FAST_KDF  # noqa: E402
from desktop.core.reports import Period, ReportRequest  # noqa: E402
from desktop.core.vault import OpenVault, create_vault  # noqa: E402
from tests.reports.caseload import AS_OF, Caseload, build_caseload  # noqa: E402

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[OpenVault, Caseload]]:
    """A vault for user "arta" holding the test caseload, and the caseload's true values."""
    data_dir: Path = tmp_path_factory.mktemp("reports") / "data"
    data_dir.mkdir()
    vault = create_vault(data_dir, "arta", PASSWORD, kdf=FAST_KDF)
    load = build_caseload(vault.store)
    yield vault, load
    vault.lock()


@pytest.fixture
def year_request() -> ReportRequest:
    return ReportRequest(Period.year(2025), language="en", as_of=AS_OF)
