#!/usr/bin/env bash
# Throughput through a load balancer: the release server on one PostgreSQL database with
# the demo data (topped up to a few hundred projects), GET /api/v1/projects?limit=20
# measured with wrk straight at one replica, then through haproxy to one replica, then
# through haproxy to two. Prints req/s, p50 and p99 for each. Replicas, haproxy and wrk
# share this machine's cores, so a second replica adds processes, not cores: the figures
# say what the balancer costs here, not how replicas on their own machines scale.
#   bench/replicas.sh
# Settings (environment):
#   BENCH_SECONDS=5 BENCH_CONNECTIONS=64   wrk's -d and -c (one thread)
#   BENCH_PROJECTS=200                     projects added to the demo's
#   BENCH_WORKERS=                         EIL_WORKERS of each replica (default: one a core)
#   BENCH_SERVER=/path/to/eil-server       measure that binary instead of building
#   BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/postgres
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/haproxy.sh

seconds="${BENCH_SECONDS:-5}"
connections="${BENCH_CONNECTIONS:-64}"
projects="${BENCH_PROJECTS:-200}"
admin_url="${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
path="/api/v1/projects?limit=20"

need_command wrk
need_command haproxy
need_command jq
need_command psql postgresql-client
if [[ -n "${BENCH_WORKERS:-}" ]]; then
    export EIL_WORKERS="$BENCH_WORKERS"
fi
if [[ -n "${BENCH_SERVER:-}" ]]; then
    server="$(realpath "$BENCH_SERVER")"
else
    cargo build --release -q -p eil-backend --bin eil-server
    server="target/release/eil-server"
fi

db="eil_bench_replicas_$$"
db_url="${admin_url%/*}/$db"
work="$(mktemp -d)"
replica_pids=()
lb_pid=""
created=""
cleanup() {
    local status=$?
    set +e
    [[ -n "$lb_pid" ]] && kill "$lb_pid" 2>/dev/null
    for pid in "${replica_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    [[ -n "$created" ]] &&
        psql -X -q "$admin_url" -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1
    [[ $status -ne 0 ]] && tail -n 5 "$work"/*.log >&2 2>/dev/null
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

psql -X -q "$admin_url" -c "CREATE DATABASE \"$db\"" >/dev/null
created=1
port_a="$(free_port 18711)"
port_b="$(free_port $((port_a + 1)))"
port_lb="$(free_port $((port_b + 1)))"
secret="bench-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"

start() {
    local name="$1" port="$2"
    shift 2
    mkdir -p "$work/$name"
    DATABASE_URL="$db_url" EIL_BIND="127.0.0.1:$port" EIL_JWT_SECRET="$secret" \
        EIL_DATA_DIR="$work/$name" EIL_WEB_DIR="$work/no-web-app" EIL_LOG=warn \
        EIL_TRUST_PROXY=1 \
        "$server" "$@" >"$work/$name.log" 2>&1 &
    replica_pids+=($!)
    wait_ready "http://127.0.0.1:$port/readyz" "$!"
}

balance() {
    [[ -n "$lb_pid" ]] && { kill "$lb_pid"; wait "$lb_pid" 2>/dev/null || true; }
    haproxy_config "$work/haproxy.cfg" "$port_lb" "$@"
    haproxy -db -q -f "$work/haproxy.cfg" >>"$work/haproxy.log" 2>&1 &
    lb_pid=$!
    wait_ready "http://127.0.0.1:$port_lb/readyz" "$lb_pid"
    # Every replica checked up before measuring (a new haproxy starts them all as up).
    sleep 1
}

start a "$port_a" --demo
echo "seeding: the demo data and $projects more projects" >&2
a="http://127.0.0.1:$port_a"
token="$(curl -sf -H 'content-type: application/json' \
    -d '{"email":"admin@demo.eil-hub.lv","password":"eil-demo-admin"}' \
    "$a/api/v1/auth/login" | jq -r .access_token)"
cohort="$(curl -sf "$a/api/v1/cohorts?limit=1" | jq -r '.items[0].id')"
mapfile -t hosts < <(curl -sf "$a/api/v1/organisations?kind=university&limit=10" | jq -r '.items[].id')
for i in $(seq 1 "$projects"); do
    body="$(jq -nc --arg c "$cohort" --arg s "bench-replicas-$i" --arg t "Project $(printf %04d "$i")" \
        --arg h1 "${hosts[i % ${#hosts[@]}]}" --arg h2 "${hosts[(i + 1) % ${#hosts[@]}]}" \
        '{cohort_id: $c, slug: $s, title: {lv: $t, en: $t}, host_ids: [$h1, $h2]}')"
    code="$(curl -s -o "$work/body" -w '%{http_code}' -H 'content-type: application/json' \
        -H "authorization: Bearer $token" -d "$body" "$a/api/v1/projects")"
    [[ "$code" == 201 ]] || { echo "creating a project answered $code: $(cat "$work/body")" >&2; exit 1; }
done
start b "$port_b"

# measure LABEL URL: one wrk run after checking the request answers a full page.
rows=()
measure() {
    local label="$1" url="$2" out items
    items="$(curl -sf "$url" | jq '.items | length')"
    [[ "$items" == 20 ]] || { echo "$url gave $items items, not 20" >&2; exit 1; }
    out="$(wrk -t1 -c"$connections" -d"${seconds}s" --latency "$url")"
    if grep -q 'Non-2xx' <<<"$out"; then
        echo "$label: some answers were not 2xx:" >&2
        echo "$out" >&2
        exit 1
    fi
    rows+=("$(awk -v label="$label" '
        /Requests\/sec/ { rps = $2 }
        $1 == "50%" { p50 = $2 }
        $1 == "99%" { p99 = $2 }
        END { printf "| %s | %.0f | %s | %s |", label, rps, p50, p99 }' <<<"$out")")
    echo "${rows[-1]}" >&2
}

measure "one replica, no balancer" "$a$path"
balance "$port_a"
measure "haproxy, one replica" "http://127.0.0.1:$port_lb$path"
balance "$port_a" "$port_b"
measure "haproxy, two replicas" "http://127.0.0.1:$port_lb$path"

cores="$(nproc)"
echo
echo "GET $path on PostgreSQL, wrk -t1 -c$connections -d${seconds}s, $cores cores shared by replicas, haproxy and wrk"
echo "(replica workers: ${BENCH_WORKERS:-one a core}; $(date -u +%Y-%m-%d))"
echo
echo "| route | req/s | p50 | p99 |"
echo "|---|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
