#!/bin/sh
# Install Kujdes on a Linux laptop from the unpacked bundle this script sits in.
#
#   ./install-kujdes.sh [--server URL] [--ca-cert FILE]
#                                                for the current user (no root needed)
#   sudo ./install-kujdes.sh --system            for every user, into /opt/kujdes
#   ./install-kujdes.sh --server URL [--ca-cert FILE] --settings-only
#                                                only preset the server for the current user
#   ./install-kujdes.sh --uninstall [--system] [--remove-data]
#
# The server address starts with https:// (plain http:// only for a server on this computer).
# --ca-cert gives the laptop the municipality's own CA certificate (PEM): it is copied beside
# settings.json as municipality-ca.pem and named there as "ca_cert".
# Installing again over an older version replaces the program and keeps every vault and the
# settings. Uninstalling keeps the vaults unless --remove-data is given.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
SYSTEM=0
SERVER=""
CA_CERT=""
CA_NAME=municipality-ca.pem
SETTINGS_ONLY=0
UNINSTALL=0
REMOVE_DATA=0

usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
fail() { echo "install-kujdes: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
    case "$1" in
        --server) [ $# -ge 2 ] || fail "--server needs an address"; SERVER=$2; shift ;;
        --server=*) SERVER=${1#--server=} ;;
        --ca-cert) [ $# -ge 2 ] || fail "--ca-cert needs a file"; CA_CERT=$2; shift ;;
        --ca-cert=*) CA_CERT=${1#--ca-cert=} ;;
        --system) SYSTEM=1 ;;
        --settings-only) SETTINGS_ONLY=1 ;;
        --uninstall) UNINSTALL=1 ;;
        --remove-data) REMOVE_DATA=1 ;;
        -h|--help) usage 0 ;;
        *) echo "install-kujdes: unknown option $1" >&2; usage 2 ;;
    esac
    shift
done

if [ "$SYSTEM" = 1 ]; then
    [ "$(id -u)" = 0 ] || fail "--system needs root (sudo)"
    PREFIX=/opt/kujdes
    BIN=/usr/local/bin
    APPS=/usr/share/applications
    ICONS=/usr/share/icons/hicolor/256x256/apps
else
    PREFIX=${XDG_DATA_HOME:-$HOME/.local/share}/kujdes-app
    BIN=$HOME/.local/bin
    APPS=${XDG_DATA_HOME:-$HOME/.local/share}/applications
    ICONS=${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/256x256/apps
fi
CONFIG_DIR=${KUJDES_CONFIG_DIR:-${XDG_CONFIG_HOME:-$HOME/.config}/Kujdes}
DATA_DIR=${KUJDES_DATA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/Kujdes}
LOG_DIR=${KUJDES_LOG_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/Kujdes}

# The laptop refuses plain http:// to any server but this computer (sync/client.py).
check_server() {
    case "$SERVER" in
        https://?*|http://127.*|http://localhost|http://localhost[:/]*|http://\[::1\]*) ;;
        http://*) fail "plain http:// is refused for a server on the network: use its https:// address" ;;
        *) fail "the server address must start with https://" ;;
    esac
    case "$SERVER" in *'"'*|*'\'*|*' '*) fail "the server address has a character it cannot have" ;; esac
}

check_ca_cert() {
    [ -f "$CA_CERT" ] || fail "the CA certificate $CA_CERT does not exist"
    grep -q -e '-----BEGIN CERTIFICATE-----' "$CA_CERT" || fail "$CA_CERT is not a PEM certificate"
}

# Preset the municipal server and the CA certificate in settings.json
# (desktop/core/settings.py), keeping the rest.
preset_settings() {
    mkdir -p "$CONFIG_DIR"
    file="$CONFIG_DIR/settings.json"
    ca=""
    if [ -n "$CA_CERT" ]; then
        cp "$CA_CERT" "$CONFIG_DIR/$CA_NAME.tmp"
        chmod 644 "$CONFIG_DIR/$CA_NAME.tmp"
        mv "$CONFIG_DIR/$CA_NAME.tmp" "$CONFIG_DIR/$CA_NAME"
        ca=$CA_NAME
    fi
    if command -v python3 >/dev/null 2>&1; then
        python3 - "$file" "$SERVER" "$ca" <<'PY'
import json, os, sys
path, url, ca = sys.argv[1], sys.argv[2], sys.argv[3]
try:
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
except FileNotFoundError:
    data = {}
except (OSError, ValueError):
    sys.exit(f"install-kujdes: {path} is damaged; fix or remove it, then run this again")
if not isinstance(data, dict):
    sys.exit(f"install-kujdes: {path} is damaged; fix or remove it, then run this again")
if url:
    data["server_url"] = url
if ca:
    data["ca_cert"] = ca
temporary = path + ".tmp"
with open(temporary, "w", encoding="utf-8") as handle:
    json.dump(data, handle, indent=2, ensure_ascii=False, sort_keys=True)
os.replace(temporary, path)
PY
    elif [ ! -e "$file" ]; then
        printf '{\n  "idle_lock_minutes": 5,\n  "language": "sq",\n  "server_url": "%s",\n  "ca_cert": "%s"\n}\n' \
            "$SERVER" "$ca" > "$file"
    else
        fail "python3 is needed to change the existing $file; set the server in Kujdes instead"
    fi
    [ -z "$SERVER" ] || echo "Server address set for $(id -un): $SERVER"
    [ -z "$ca" ] || echo "The municipality's CA certificate was set for $(id -un): $CONFIG_DIR/$CA_NAME"
}

uninstall() {
    rm -rf "$PREFIX"
    rm -f "$BIN/kujdes" "$APPS/kujdes.desktop" "$ICONS/kujdes.png"
    echo "Kujdes removed from $PREFIX."
    if [ "$REMOVE_DATA" = 1 ]; then
        rm -rf "$DATA_DIR" "$CONFIG_DIR" "$LOG_DIR"
        echo "The vaults, settings and logs of $(id -un) were removed."
    else
        echo "The vaults and settings were kept in $DATA_DIR and $CONFIG_DIR."
    fi
}

install_files() {
    [ -x "$HERE/kujdes" ] && [ -d "$HERE/_internal" ] || fail "run this from the unpacked kujdes folder"
    mkdir -p "$(dirname "$PREFIX")" "$BIN" "$APPS" "$ICONS"
    staging="$PREFIX.new.$$"
    rm -rf "$staging"
    mkdir -p "$staging"
    cp -a "$HERE/." "$staging/"
    rm -rf "$PREFIX.old"
    [ -d "$PREFIX" ] && mv "$PREFIX" "$PREFIX.old"
    mv "$staging" "$PREFIX"
    rm -rf "$PREFIX.old"
    ln -sf "$PREFIX/kujdes" "$BIN/kujdes"
    cp "$HERE/kujdes.png" "$ICONS/kujdes.png"
    sed "s|^Exec=.*|Exec=$PREFIX/kujdes|" "$HERE/kujdes.desktop" > "$APPS/kujdes.desktop"
    chmod 644 "$APPS/kujdes.desktop"
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$APPS" 2>/dev/null || true
    echo "Kujdes installed in $PREFIX (menu: Office > Kujdes)."
}

if [ "$UNINSTALL" = 1 ]; then
    uninstall
    exit 0
fi
[ -z "$SERVER" ] || check_server
[ -z "$CA_CERT" ] || check_ca_cert
if [ "$SETTINGS_ONLY" = 1 ] && [ -z "$SERVER" ] && [ -z "$CA_CERT" ]; then
    fail "--settings-only needs --server URL or --ca-cert FILE"
fi
if [ "$SETTINGS_ONLY" = 0 ]; then
    install_files
fi
if [ -n "$SERVER" ] || [ -n "$CA_CERT" ]; then
    preset_settings
fi
