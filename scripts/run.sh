#!/usr/bin/env bash
# Builds the web app and the server, then runs EIL Hub on http://127.0.0.1:8080 with the
# demo data on an embedded SQLite file (data/eil-hub.db). Extra arguments go to the server
# (see `--help`), e.g. `scripts/run.sh --bind 0.0.0.0:8080`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh run
cargo xtask build-web
# Development: webhooks may go to receivers on this machine over plain http.
export EIL_WEBHOOKS_ALLOW_LOCAL="${EIL_WEBHOOKS_ALLOW_LOCAL:-1}"
exec cargo run --release -p eil-backend --bin eil-server -- --demo "$@"
