"""The Linux bundle: built by installer/build_linux.sh, checked by its own self-test, measured.

Slow (a PyInstaller build of a few minutes); CI runs it with the rest of the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAX_SIZE_MB = 260
MAX_START_SECONDS = 60

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux bundle"),
]


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    dist, work = tmp_path_factory.mktemp("dist"), tmp_path_factory.mktemp("build")
    env = {**os.environ, "KUJDES_DIST": str(dist), "KUJDES_BUILD": str(work),
           "PYTHON": sys.executable}
    result = subprocess.run(["bash", str(ROOT / "installer" / "build_linux.sh"), "--no-archive"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, (result.stdout + result.stderr)[-6000:]
    return dist / "kujdes", result.stdout


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*")
               if p.is_file() and not p.is_symlink()) / 1e6


def test_the_bundle_builds_and_passes_its_self_test(build: tuple[Path, str]) -> None:
    bundle, output = build
    assert (bundle / "kujdes").is_file() and os.access(bundle / "kujdes", os.X_OK)
    for name in ("install-kujdes.sh", "kujdes.desktop", "kujdes.png"):
        assert (bundle / name).is_file()
    lines = output.splitlines()
    assert "self-test passed: 7 checks" in lines
    assert not [line for line in lines if line.startswith("FAILED")]


def test_resources_sit_beside_the_code_and_unused_qt_is_left_out(
        build: tuple[Path, str]) -> None:
    internal = build[0] / "_internal"
    for folder in ("profiles", "forms", "locale", "fonts", "icons", "places"):
        assert any((internal / "resources" / folder).iterdir()), folder
    assert (internal / "sync" / "server" / "migrations" / "env.py").is_file()
    names = {p.name for p in internal.rglob("*")}
    for unused in ("libQt6WebEngineCore.so.6", "libQt6Quick.so.6", "libQt6Qml.so.6",
                   "libQt6Multimedia.so.6", "libQt63DCore.so.6"):
        assert unused not in names
    assert "libQt6Widgets.so.6" in names and "libQt6Svg.so.6" in names
    assert "libQt6Pdf.so.6" in names, "print preview and printing need QtPdf"
    assert not any(name.startswith(("pytest", "hypothesis")) for name in names)


def test_size_and_time_to_the_unlock_window(build: tuple[Path, str], tmp_path: Path) -> None:
    bundle = build[0]
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen",
           "KUJDES_DATA_DIR": str(tmp_path / "data"), "KUJDES_CONFIG_DIR": str(tmp_path / "c"),
           "KUJDES_LOG_DIR": str(tmp_path / "logs")}
    started = time.perf_counter()
    result = subprocess.run([str(bundle / "kujdes"), "--exit-after-start"], env=env,
                            cwd=tmp_path, capture_output=True, text=True, timeout=300)
    seconds = time.perf_counter() - started
    assert result.returncode == 0, result.stdout + result.stderr
    assert "window shown after" in result.stdout
    size = size_mb(bundle)
    print(f"\nbundle: {size:.0f} MB; unlock window after {seconds:.1f} s "
          f"({result.stdout.strip()})")
    assert size < MAX_SIZE_MB
    assert seconds < MAX_START_SECONDS
