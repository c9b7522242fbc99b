#!/usr/bin/env bash
# Installs what the project needs beyond the Rust toolchain, Node.js and apt, idempotently.
#   scripts/setup.sh run    the wasm32 target (to build the web app)
#   scripts/setup.sh test   the above, plus Chromium, the browser-test npm packages and PostgreSQL
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-run}"

say() { printf '==> %s\n' "$*"; }

apt_updated=""
apt_install() {
    if [ -z "$apt_updated" ]; then
        say "apt-get update"
        apt-get update -qq
        apt_updated=1
    fi
    say "apt-get install $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
fi

[ "$mode" = "test" ] || exit 0

if [ ! -x /usr/bin/chromium ]; then
    apt_install chromium
fi

if [ ! -d tests/browser/node_modules/playwright-core ]; then
    say "installing the browser-test packages (npm ci)"
    (cd tests/browser && npm ci --no-audit --no-fund --silent)
fi

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    apt_install postgresql
fi
version="$(ls /etc/postgresql | sort -V | tail -n 1)"
if ! pg_lsclusters -h | awk '{print $4}' | grep -qx online; then
    say "starting PostgreSQL $version"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start
fi
for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && break
    sleep 1
done
