#!/usr/bin/env bash
# The replica test: two `eil-server` processes on one fresh PostgreSQL database behind
# haproxy on loopback, as production runs several replicas behind a balancer. It checks
# that a token signed in at one replica works at the other, that a write through one is
# read through the other, that the balancer spreads requests over both and keeps
# answering when one is killed, and that the sign-in limit holds once in total across
# the replicas (the counts are kept in the database, not per process). Prints each check;
# exits non-zero at the first that fails. The test command runs it in its PostgreSQL part.
#   scripts/replicas.sh
# Settings (environment):
#   EIL_SERVER=target/debug/eil-server   the binary (build it first:
#                                        cargo build -p eil-backend --bin eil-server)
#   REPLICAS_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres
#                                        a database on a server where this role may create
#                                        databases (default: scripts/test-database-url.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/haproxy.sh

server="${EIL_SERVER:-target/debug/eil-server}"
[[ -x "$server" ]] || {
    echo "replicas: no $server; build it: cargo build -p eil-backend --bin eil-server" >&2
    exit 1
}
need_command haproxy
need_command jq
need_command psql postgresql-client
admin_url="${REPLICAS_DATABASE_URL:-$(scripts/test-database-url.sh)}"
db="eil_replicas_$$_$(date +%s)"
db_url="${admin_url%/*}/$db"
work="$(mktemp -d)"
pids=()
created=""

cleanup() {
    local status=$?
    set +e
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    if [[ -n "$created" ]]; then
        psql -X -q "$admin_url" -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true
    fi
    if [[ $status -ne 0 ]]; then
        for log in "$work"/*.log; do
            [[ -s "$log" ]] && { echo "--- $(basename "$log")"; grep -v '^ ' "$log" | tail -n 15; }
        done >&2
    fi
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

passed=0
ok() {
    passed=$((passed + 1))
    echo "  ok: $*"
}
fail() {
    echo "  FAILED: $*" >&2
    exit 1
}

# call METHOD URL [JSON] [TOKEN]: the status; the body in $work/body, headers in $work/headers.
call() {
    local args=(-s -o "$work/body" -D "$work/headers" -w '%{http_code}' -X "$1" "$2")
    [[ -n "${3:-}" ]] && args+=(-H 'content-type: application/json' --data "$3")
    [[ -n "${4:-}" ]] && args+=(-H "authorization: Bearer $4")
    curl "${args[@]}"
}
header() { tr -d '\r' <"$work/headers" | awk -v h="$1:" 'tolower($1) == h { print $2 }'; }

psql -X -q "$admin_url" -c "CREATE DATABASE \"$db\"" >/dev/null
created=1
port_a="$(free_port 18611)"
port_b="$(free_port $((port_a + 1)))"
port_lb="$(free_port $((port_b + 1)))"
secret="replica-test-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"

# start NAME PORT [ARGS...]: a replica; both share the database and the signing secret.
start() {
    local name="$1" port="$2"
    shift 2
    mkdir -p "$work/$name"
    DATABASE_URL="$db_url" EIL_BIND="127.0.0.1:$port" EIL_JWT_SECRET="$secret" \
        EIL_DATA_DIR="$work/$name" EIL_WEB_DIR="$work/no-web-app" EIL_LOG=warn \
        EIL_WORKERS=1 EIL_DB_POOL_SIZE=4 EIL_TRUST_PROXY=1 \
        EIL_LOGIN_ATTEMPTS=3 EIL_LOGIN_WINDOW_SECS=60 \
        "$server" "$@" >"$work/$name.log" 2>&1 &
    pids+=($!)
}

echo "replicas: two servers on PostgreSQL database $db behind haproxy"
# Started together: the migrations take turns (an advisory lock); only A loads the demo.
start a "$port_a" --demo
start b "$port_b"
pid_b="${pids[1]}"
wait_ready "http://127.0.0.1:$port_a/readyz" "${pids[0]}"
wait_ready "http://127.0.0.1:$port_b/readyz" "$pid_b"
haproxy_config "$work/haproxy.cfg" "$port_lb" "$port_a" "$port_b"
haproxy -db -q -f "$work/haproxy.cfg" >"$work/haproxy.log" 2>&1 &
pids+=($!)
lb="http://127.0.0.1:$port_lb"
wait_ready "$lb/readyz" "$!"
a="http://127.0.0.1:$port_a"
b="http://127.0.0.1:$port_b"
ok "replica A on :$port_a (with the demo data), B on :$port_b, haproxy on :$port_lb"

# A token signed at one replica is good at the other: one signing secret, and the
# sign-in it names is checked in the shared database.
status="$(call POST "$a/api/v1/auth/login" '{"email":"admin@demo.eil-hub.lv","password":"eil-demo-admin"}')"
[[ "$status" == 200 ]] || fail "sign-in at A answered $status"
token="$(jq -r .access_token "$work/body")"
status="$(call GET "$b/api/v1/auth/me" "" "$token")"
[[ "$status" == 200 ]] || fail "A's token at B answered $status"
[[ "$(jq -r .person.email "$work/body")" == admin@demo.eil-hub.lv ]] ||
    fail "B took A's token for someone else: $(cat "$work/body")"
ok "signed in at A, the token works at B (GET /api/v1/auth/me 200, the demo admin)"

# A write through A is there when read through B.
slug="replica-check-$$"
status="$(call POST "$a/api/v1/programmes" "{\"slug\":\"$slug\",\"name\":{\"lv\":\"Replikas\",\"en\":\"Replicas\"}}" "$token")"
[[ "$status" == 201 ]] || fail "creating a programme at A answered $status: $(cat "$work/body")"
id="$(jq -r .id "$work/body")"
status="$(call GET "$b/api/v1/programmes/$id")"
[[ "$status" == 200 && "$(jq -r .slug "$work/body")" == "$slug" ]] ||
    fail "reading the programme at B answered $status: $(cat "$work/body")"
ok "programme $slug created at A, read at B"

# Through the balancer, requests reach both replicas (each answer names its replica).
seen=""
for i in 1 2 3 4 5 6; do
    status="$(call GET "$lb/api/v1/auth/me" "" "$token")"
    [[ "$status" == 200 ]] || fail "request $i through the balancer answered $status"
    seen="$seen $(header x-replica)"
done
[[ "$seen" == *r1* && "$seen" == *r2* ]] || fail "the balancer used only:$seen"
ok "6 signed-in requests through the balancer, 200 each, served by:$seen"

# The sign-in limit (3 a minute per account here) holds across the replicas: wrong
# passwords for one account alternately at A and B are refused from the fourth in all,
# where per-process counts would allow six.
codes=""
for i in 1 2 3 4 5 6; do
    at="$a"
    (( i % 2 == 0 )) && at="$b"
    codes="$codes $(call POST "$at/api/v1/auth/login" '{"email":"nobody@example.lv","password":"not the password"}')"
    if (( i == 4 )); then
        retry="$(header retry-after)"
        problem="$(jq -r .status "$work/body")"
    fi
done
[[ "$codes" == " 401 401 401 429 429 429" ]] ||
    fail "wrong passwords alternately at A and B answered:$codes (want 401 401 401 429 429 429)"
[[ "$problem" == 429 && "$retry" =~ ^[0-9]+$ ]] && (( retry >= 1 && retry <= 60 )) ||
    fail "the refusal had no problem body or Retry-After (status $problem, Retry-After '$retry')"
ok "wrong passwords at A, B, A, B, A, B answered$codes (the limit of 3 in total; Retry-After $retry s)"

# One replica killed: the balancer retries on the other, then the health check takes it
# out. Every request still succeeds.
kill -9 "$pid_b"
wait "$pid_b" 2>/dev/null || true
seen=""
for i in 1 2 3 4 5 6; do
    status="$(call GET "$lb/api/v1/programmes/$id")"
    [[ "$status" == 200 ]] || fail "request $i through the balancer with B killed answered $status"
    seen="$seen $(header x-replica)"
done
[[ "$seen" != *r2* ]] || fail "answers from the killed replica:$seen"
ok "B killed: 6 requests through the balancer, 200 each, served by:$seen"

echo "replicas: $passed checks passed"
