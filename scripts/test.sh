#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run calls this script):
# formatting, lints, unit and API tests on SQLite and on PostgreSQL, two replicas behind
# haproxy on PostgreSQL, the web-app build, and the browser tests in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test

say() { printf '\n==> %s\n' "$*"; }

say "cargo fmt --check"
cargo fmt --all -- --check

say "clippy (server, shared, build helper; web app for wasm32)"
cargo clippy -p eil-shared -p eil-backend -p xtask --all-targets -- -D warnings
cargo clippy -p eil-frontend --target wasm32-unknown-unknown -- -D warnings

say "unit tests, and the API tests on SQLite"
# The API test run also builds target/debug/eil-server, which the browser tests use.
cargo test -p eil-backend
cargo test -p eil-shared

say "API tests on PostgreSQL"
TEST_DATABASE_URL="$(scripts/test-database-url.sh)" cargo test -p eil-backend --test api

say "replicas: two servers on one PostgreSQL database behind haproxy"
# Uses target/debug/eil-server, built by the API test run above.
REPLICAS_DATABASE_URL="$(scripts/test-database-url.sh)" scripts/replicas.sh

say "web app build, and its first download against the 256 kB budget"
cargo xtask build-web
scripts/measure-web.sh --budget 256000

say "browser tests (headless Chromium)"
node tests/browser/run.mjs
