#!/usr/bin/env bash
# Build the Linux bundle dist/kujdes/, check it with its own self-test, and pack it.
#
#   installer/build_linux.sh [--no-archive]
#
# PYTHON (default .venv/bin/python, with the dev extras installed) runs PyInstaller.
# KUJDES_DIST and KUJDES_BUILD move the output and work folders (default dist/, build/).
# The result: dist/kujdes/ (kujdes, _internal/, install-kujdes.sh, kujdes.desktop,
# kujdes.png) and dist/kujdes-VERSION-linux-ARCH.tar.gz to hand to laptops.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
DIST=${KUJDES_DIST:-$ROOT/dist}
WORK=${KUJDES_BUILD:-$ROOT/build/pyinstaller}
ARCHIVE=1
[[ "${1:-}" == "--no-archive" ]] && ARCHIVE=0

cd "$ROOT"
started=$(date +%s)
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$WORK" installer/kujdes.spec

BUNDLE="$DIST/kujdes"
install -m 755 installer/linux/install-kujdes.sh "$BUNDLE/install-kujdes.sh"
install -m 644 installer/linux/kujdes.desktop "$BUNDLE/kujdes.desktop"
install -m 644 installer/icons/kujdes.png "$BUNDLE/kujdes.png"
echo "Built $BUNDLE in $(( $(date +%s) - started )) s: $(du -sh "$BUNDLE" | cut -f1)"

# The bundle checks itself, in a clean environment: no source tree, no virtualenv.
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
(cd / && env -i HOME="$HOME" PATH=/usr/bin:/bin QT_QPA_PLATFORM=offscreen \
    KUJDES_LOG_DIR="$logs" "$BUNDLE/kujdes" --self-test)

if [[ $ARCHIVE == 1 ]]; then
    version=$("$PYTHON" -c "import importlib.metadata as m; print(m.version('kujdes'))")
    archive="$DIST/kujdes-$version-linux-$(uname -m).tar.gz"
    tar -czf "$archive" -C "$DIST" kujdes
    echo "Packed $archive: $(du -h "$archive" | cut -f1)"
fi
