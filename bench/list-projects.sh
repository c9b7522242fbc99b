#!/usr/bin/env bash
# Load test: GET /api/v1/projects?limit=20 (20 projects with their hosts) on SQLite, with
# wrk from Debian. Server and load generator share this machine, so the figure is a floor.
#   bench/list-projects.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
connections="${2:-64}"
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
cargo build --release -q -p eil-backend --bin eil-server
data="$(mktemp -d)"
port=18321
EIL_LOG=warn target/release/eil-server --bind "127.0.0.1:$port" --database-url "sqlite://$data/bench.db" --demo &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
node bench/seed.mjs "http://127.0.0.1:$port" 200
items=$(curl -s "http://127.0.0.1:$port/api/v1/projects?limit=20" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const p=JSON.parse(s);console.log(p.items.length, p.items.every(i=>i.hosts.length>0))})')
echo "page check (items, every item has hosts): $items"
wrk -t2 -c"$connections" -d"${seconds}s" --latency "http://127.0.0.1:$port/api/v1/projects?limit=20"
