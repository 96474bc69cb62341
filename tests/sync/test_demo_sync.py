"""A fresh demo (its vault signed in at the embedded demo server) syncs with nothing refused."""

from __future__ import annotations

import sys
from pathlib import Path

from desktop.core.demo_vault import DEMO_PASSWORD, DEMO_USER, DemoServer, build_demo_vault
from desktop.core.keys import FAST_KDF
from desktop.core.progress import Progress
from desktop.core.refusals import refused_count
from desktop.core.sync_local import sync_now
from desktop.core.vault import open_vault


def test_a_fresh_demo_syncs_with_nothing_refused(tmp_path: Path) -> None:
    interval = sys.getswitchinterval()
    sys.setswitchinterval(0.0002)
    server = DemoServer(tmp_path)
    url = server.start()
    try:
        cases = build_demo_vault(tmp_path, Progress(), persons=150, kdf=FAST_KDF,
                                 server_url=url)
        assert cases > 40
        vault = open_vault(tmp_path, DEMO_USER, DEMO_PASSWORD)
        try:
            types = {c.fields["case_type"] for c in vault.store.query("case")}
            assert "domestic_violence" not in types  # not the demo user's role's
            result = sync_now(vault)
            assert result.rejected == [] and refused_count(vault.store) == 0
            assert result.pushed > 500 and vault.store.pending_count() == 0
        finally:
            vault.lock()
    finally:
        server.stop()
        sys.setswitchinterval(interval)
