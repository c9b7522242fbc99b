#!/usr/bin/env bash
# The list benchmark: the release server on SQLite and PostgreSQL holding 1k, 10k, 100k
# and 1M projects (and as many audit entries, at most 1M), each request of a fixed set
# measured with wrk, and a table of req/s, p50 and p99 per size with each p50's ratio to
# the smallest size's. Server and load generator share the machine, so figures are floors.
#   bench/run.sh
# Settings (environment):
#   BENCH_SIZES="1000 10000 100000 1000000"  project counts (at least 100 each)
#   BENCH_DBS="sqlite postgres"
#   BENCH_SECONDS=5 BENCH_CONNECTIONS=64       wrk's -d and -c (one thread)
#   BENCH_SERVER=/path/to/eil-server           measure that binary instead of building
#   BENCH_PG_URL=postgres://postgres@127.0.0.1:5432   a server with the right to create databases
#   BENCH_PORT=18431
# Seeded databases are kept (SQLite: target/bench/sqlite-<size>-<key>.db; PostgreSQL: the
# database eil_bench_<size>_<key>) and copied for each run, so a write leaves them as they
# were; <key> hashes the schema the server's migrations make and bench/seed.sh, so another
# binary or a changed seeder seeds anew. Results: target/bench/results-<db>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
sizes=(${BENCH_SIZES:-1000 10000 100000 1000000})
dbs=(${BENCH_DBS:-sqlite postgres})
seconds="${BENCH_SECONDS:-5}"
connections="${BENCH_CONNECTIONS:-64}"
pg_base="${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}"
port="${BENCH_PORT:-18431}"
base="http://127.0.0.1:$port"
out="$root/target/bench"
mkdir -p "$out"
export PGOPTIONS="--client-min-messages=warning"

die() { echo "bench: $*" >&2; exit 1; }
need() {
  command -v "$1" >/dev/null && return
  echo "bench: installing $2 (apt)" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}
need wrk wrk
need sqlite3 sqlite3
need psql postgresql-client
need jq jq
need curl curl

if [[ -n "${BENCH_SERVER:-}" ]]; then
  server_bin="$(realpath "$BENCH_SERVER")"
  [[ -x "$server_bin" ]] || die "BENCH_SERVER=$BENCH_SERVER is not an executable"
else
  cargo build --release -q -p eil-backend --bin eil-server
  server_bin="$root/target/release/eil-server"
fi
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  die "port $port is in use; set BENCH_PORT"
fi
# One binary for the whole run, even if a build replaces the file meanwhile.
work="$(mktemp -d)"
cp "$server_bin" "$work/eil-server"
server_bin_label="$server_bin"
server_bin="$work/eil-server"

server_pid=""
pg_run_db="eil_bench_run_$$"
pg_seeding=""   # a PostgreSQL database being seeded, dropped if the run stops half-way
cleanup() {
  stop_server
  if [[ " ${dbs[*]} " == *" postgres "* ]]; then
    local db
    for db in "$pg_run_db" "eil_bench_probe_$$" $pg_seeding; do
      psql -X -q "$pg_base/postgres" -c "DROP DATABASE IF EXISTS $db" 2>/dev/null || true
    done
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- the server ---------------------------------------------------------------------------
start_server() { # URL [--demo]
  mkdir -p "$work/data"
  EIL_JWT_SECRET="bench-signing-secret-of-at-least-32-bytes" EIL_LOG=warn \
    "$server_bin" --bind "127.0.0.1:$port" --database-url "$1" --data-dir "$work/data" "${@:2}" \
    >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 600); do
    curl -sf "$base/readyz" >/dev/null && return
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; die "the server stopped at start"; }
    sleep 0.1
  done
  cat "$work/server.log" >&2
  die "the server was not ready after 60 s"
}
stop_server() {
  [[ -n "$server_pid" ]] || return 0
  kill -TERM "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}
rss_mb() { awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$server_pid/status"; }

# --- the databases ------------------------------------------------------------------------
sql() { # KIND TARGET SQL: tab-separated rows
  case "$1" in
    sqlite) sqlite3 -separator $'\t' "$2" "$3" ;;
    postgres) psql -X -q -t -A -F $'\t' -v ON_ERROR_STOP=1 "$2" -c "$3" ;;
  esac
}
pg_exists() { [[ "$(sql postgres "$pg_base/postgres" "SELECT count(*) FROM pg_database WHERE datname = '$1'")" == 1 ]]; }

# The key of a seeded database: the schema this binary's migrations make, and the seeder.
schema_key() { # KIND
  local schema
  case "$1" in
    sqlite)
      start_server "sqlite://$work/probe.db"
      stop_server
      schema=$(sql sqlite "$work/probe.db" "SELECT type, name, sql FROM sqlite_master ORDER BY type, name")
      ;;
    postgres)
      local probe="eil_bench_probe_$$"
      sql postgres "$pg_base/postgres" "CREATE DATABASE $probe" >/dev/null
      start_server "$pg_base/$probe"
      stop_server
      schema=$(
        sql postgres "$pg_base/$probe" "SELECT table_name, column_name, data_type, is_nullable,
          column_default FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2"
        sql postgres "$pg_base/$probe" "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"
        sql postgres "$pg_base/$probe" "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1"
      )
      sql postgres "$pg_base/postgres" "DROP DATABASE $probe" >/dev/null
      ;;
  esac
  { echo "$schema"; cat "$root/bench/seed.sh"; } | sha256sum | cut -c1-12
}

# Makes the seeded database of SIZE unless it is kept already; sets `seeded` to the time
# seeding took (and whether it was done earlier).
kept() { # KIND SIZE KEY
  seeded="kept"
  if [[ -f "$out/$1-$2-$3.seeding" ]]; then seeded="earlier, $(cat "$out/$1-$2-$3.seeding")"; fi
}
ensure_seeded() { # KIND SIZE KEY
  local kind="$1" n="$2" key="$3" t0 secs
  case "$kind" in
    sqlite)
      local db="$out/sqlite-$n-$key.db"
      if [[ -f "$db" ]]; then kept "$kind" "$n" "$key"; return; fi
      rm -f "$db.tmp" "$db.tmp-wal" "$db.tmp-shm"
      echo "bench: seeding SQLite with $n projects" >&2
      t0=$(date +%s.%N)
      start_server "sqlite://$db.tmp" --demo
      stop_server
      "$root/bench/seed.sh" sqlite "$db.tmp" "$n"
      [[ ! -e "$db.tmp-wal" ]] || sql sqlite "$db.tmp" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
      rm -f "$db.tmp-wal" "$db.tmp-shm"
      mv "$db.tmp" "$db"
      ;;
    postgres)
      local db="eil_bench_${n}_$key" tmp="eil_bench_seeding_${n}"
      if pg_exists "$db"; then kept "$kind" "$n" "$key"; return; fi
      echo "bench: seeding PostgreSQL with $n projects" >&2
      t0=$(date +%s.%N)
      sql postgres "$pg_base/postgres" "DROP DATABASE IF EXISTS $tmp" >/dev/null
      sql postgres "$pg_base/postgres" "CREATE DATABASE $tmp" >/dev/null
      pg_seeding="$tmp"
      start_server "$pg_base/$tmp" --demo
      stop_server
      "$root/bench/seed.sh" postgres "$pg_base/$tmp" "$n"
      # Named only once complete: a database of this name is a finished seeding.
      sql postgres "$pg_base/postgres" "ALTER DATABASE $tmp RENAME TO $db" >/dev/null
      pg_seeding=""
      ;;
  esac
  secs=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')
  seeded="$secs s"
  echo "$seeded" >"$out/$kind-$n-$key.seeding"
  echo "bench: seeded $kind with $n projects in $seeded" >&2
}

# A fresh copy of the seeded database, for one run; echoes its URL.
working_copy() { # KIND SIZE KEY
  case "$1" in
    sqlite)
      cp --reflink=auto "$out/sqlite-$2-$3.db" "$work/run.db"
      rm -f "$work/run.db-wal" "$work/run.db-shm"
      echo "sqlite://$work/run.db"
      ;;
    postgres)
      sql postgres "$pg_base/postgres" "DROP DATABASE IF EXISTS $pg_run_db" >/dev/null
      sql postgres "$pg_base/postgres" \
        "CREATE DATABASE $pg_run_db TEMPLATE eil_bench_$2_$3 STRATEGY = FILE_COPY" >/dev/null
      echo "$pg_base/$pg_run_db"
      ;;
  esac
}
drop_copy() { # KIND
  case "$1" in
    sqlite) rm -f "$work/run.db" "$work/run.db-wal" "$work/run.db-shm" ;;
    postgres) sql postgres "$pg_base/postgres" "DROP DATABASE IF EXISTS $pg_run_db" >/dev/null ;;
  esac
}

# --- the requests -------------------------------------------------------------------------
# The seeder's ids (bench/seed.sh): KIND and number.
bid() { printf '0190bbbb-%s-7000-8000-%012d' "$1" "$2"; }
# A page cursor (db/pagination.rs): base64url, no padding, of sort, key and id.
cursor() { printf '%s\x1f%s\x1f%s' "$1" "$2" "$3" | base64 -w0 | tr '+/' '-_' | tr -d '='; }

# Each request once with curl: 200 and what a user would check, else stop.
check() { # NAME PATH AUTH ITEMS [FIRST_ID]
  local name="$1" path="$2" auth="$3" items="$4" first="${5:-}" code got
  local -a args=(-s -o "$work/body" -w '%{http_code}')
  [[ "$auth" == none ]] || args+=(-H "Authorization: Bearer $token")
  code=$(curl "${args[@]}" "$base$path")
  [[ "$code" == 200 ]] || die "$name: GET $path answered $code: $(head -c 500 "$work/body")"
  got=$(jq '.items | length' "$work/body")
  [[ "$got" == "$items" ]] || die "$name: GET $path gave $got items, expected $items"
  if [[ -n "$first" ]]; then
    got=$(jq -r '.items[0].id' "$work/body")
    [[ "$got" == "$first" ]] || die "$name: GET $path starts at $got, expected $first"
  fi
}

# One wrk run; appends "KIND SIZE NAME REQ/S P50_MS P99_MS ERRORS" to the results.
measure() { # NAME PATH AUTH [SCRIPT]
  local name="$1" path="$2" auth="$3" script="${4:-}" report
  # A request slower than wrk's default 2 s would be left out of the latencies (counted
  # as a timeout only): wait for it longer, so that a slow list shows as slow.
  local -a args=(-t1 "-c$connections" "-d${seconds}s" --timeout 20s --latency)
  [[ "$auth" == none ]] || args+=(-H "Authorization: Bearer $token")
  [[ -z "$script" ]] || args+=(-s "$script")
  report=$(BENCH_TOKEN="$token" BENCH_N="$n" wrk "${args[@]}" "$base$path")
  printf '## %s, %s projects: %s\n%s\n' "$kind" "$n" "$name" "$report" >>"$out/wrk-$kind.log"
  echo "$report" | awk -v kind="$kind" -v n="$n" -v name="$name" '
    function ms(v) {
      if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0
      if (v ~ /m$/) return v * 60000; if (v ~ /s$/) return v * 1000; return v
    }
    $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
    /^Requests\/sec:/ { rps = $2 }
    /Non-2xx or 3xx responses:/ { errors += $NF }
    /Socket errors:/ { gsub(",", ""); errors += $4 + $6 + $8 + $10 }
    END { printf "%s\t%s\t%s\t%.0f\t%.2f\t%.2f\t%d\n", kind, n, name, rps, p50, p99, errors }
  ' >>"$out/raw.tsv"
  # Requests still queued when wrk stops would slow the next measurement.
  drain
  printf '  %-22s %s\n' "$name" "$(tail -1 "$out/raw.tsv" | cut -f4- | awk -F'\t' '{ printf "%s req/s, p50 %s ms, p99 %s ms%s", $1, $2, $3, ($4 > 0 ? ", " $4 " failed" : "") }')" >&2
}

# Waits until the server has worked off what wrk left queued: no database connection in
# use in two readings of /metrics 0.2 s apart (at most 120 s). A server without /metrics
# (an older binary) gets a second's pause instead.
drain() {
  local idle=0 i in_use
  for i in $(seq 1 600); do
    in_use=$(curl -s --max-time 5 "$base/metrics" | awk '$1 == "db_pool_in_use_connections" { print $2 }')
    if [[ -z "$in_use" ]]; then sleep 1; return; fi
    if [[ "$in_use" == 0 ]]; then idle=$((idle + 1)); else idle=0; fi
    [[ $idle -ge 2 ]] && return
    sleep 0.2
  done
  echo "bench: the server was still busy 120 s after wrk stopped" >&2
}

cat >"$work/write.lua" <<'LUA'
-- PATCH a random seeded project's summary (no If-Match: the write is accepted).
local token, n = os.getenv("BENCH_TOKEN"), tonumber(os.getenv("BENCH_N"))
math.randomseed(os.time())
request = function()
  local i = math.random(0, n - 1)
  local body = string.format('{"summary":{"lv":"Atjaunots %d","en":"Updated %d"}}', i, i)
  return wrk.format("PATCH", string.format("/api/v1/projects/0190bbbb-0000-7000-8000-%012d", i),
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end
LUA

# Measures every request on a copy of the seeded database of `kind`, size `n`, key `key`.
bench_size() {
  local url first deep_key deep_id deep_first audit_n audit_last audit_first one
  url=$(working_copy "$kind" "$n" "$key")
  local target="$url"
  if [[ "$kind" == sqlite ]]; then target="$work/run.db"; fi
  # The row before the middle of the list, and the first row of the page after it.
  mapfile -t first < <(sql "$kind" "$target" \
    "SELECT title_en, id FROM projects ORDER BY title_en, id LIMIT 2 OFFSET $((n / 2 - 1))")
  IFS=$'\t' read -r deep_key deep_id <<<"${first[0]}"
  deep_first=$(cut -f2 <<<"${first[1]}")
  audit_n=$(sql "$kind" "$target" "SELECT count(*) FROM audit_log")
  mapfile -t first < <(sql "$kind" "$target" \
    "SELECT id FROM audit_log ORDER BY id DESC LIMIT 2 OFFSET $((audit_n / 2 - 1))")
  audit_last="${first[0]}"
  audit_first="${first[1]}"
  one=$(bid 0000 $((n / 3)))

  start_server "$url"
  sleep 1
  local rss_idle
  rss_idle=$(rss_mb)
  token=$(curl -sf -H 'content-type: application/json' \
    -d '{"email":"admin@demo.eil-hub.lv","password":"eil-demo-admin"}' \
    "$base/api/v1/auth/login" | jq -r '.access_token') || die "the demo admin could not sign in"

  local p=/api/v1/projects?limit=20
  local -a reqs=(
    # NAME | PATH | AUTH | ITEMS | FIRST ID
    "first page|$p|none|20|"
    "deep page (N/2)|$p&cursor=$(cursor title "$deep_key" "$deep_id")|none|20|$deep_first"
    "cohort_id|$p&cohort_id=$(bid 0005 0)|none|20|"
    "track_id|$p&track_id=$(bid 0006 0)|none|20|"
    "status|$p&status=active|none|20|"
    "host_id (N/10)|$p&host_id=$(bid 0001 0)|none|20|"
    "host_id (5)|$p&host_id=$(bid 0001 10)|none|5|"
    "member_id (5)|$p&member_id=$(bid 0002 $((1000 + n / 10)))|none|5|"
    "mentor_id (5)|$p&mentor_id=$(bid 0004 $((100 + n / 100)))|none|5|"
    "q (5 match)|$p&q=zephyr|none|5|"
    "q (N/8 match)|$p&q=green|none|20|"
    "audit, first page|/api/v1/audit?limit=20|admin|20|"
    "audit, deep page|/api/v1/audit?limit=20&cursor=$(cursor newest "$audit_last" "$audit_last")|admin|20|$audit_first"
  )
  local r name path auth items firstid
  for r in "${reqs[@]}"; do
    IFS='|' read -r name path auth items firstid <<<"$r"
    check "$name" "$path" "$auth" "$items" "$firstid"
  done
  # One project, and a write.
  local code
  code=$(curl -s -o "$work/body" -w '%{http_code}' "$base/api/v1/projects/$one")
  [[ "$code" == 200 && "$(jq -r '.id' "$work/body")" == "$one" ]] ||
    die "one project: GET /api/v1/projects/$one answered $code: $(head -c 500 "$work/body")"
  code=$(curl -s -o "$work/body" -w '%{http_code}' -X PATCH -H "Authorization: Bearer $token" \
    -H 'content-type: application/json' -d '{"summary":{"lv":"Pārbaude","en":"Check"}}' \
    "$base/api/v1/projects/$one")
  [[ "$code" == 200 && "$(jq -r '.summary.en' "$work/body")" == Check ]] ||
    die "write: PATCH /api/v1/projects/$one answered $code: $(head -c 500 "$work/body")"

  echo "bench: $kind, $n projects (seeding: $seeded), RSS idle ${rss_idle} MB" >&2
  for r in "${reqs[@]}"; do
    IFS='|' read -r name path auth items firstid <<<"$r"
    measure "$name" "$path" "$auth"
  done
  measure "one project" "/api/v1/projects/$one" none
  measure "write (PATCH)" "/api/v1/projects/$one" none "$work/write.lua"
  local rss_after
  rss_after=$(rss_mb)
  stop_server
  drop_copy "$kind"
  printf '%s\t%s\t%s\t%s\t%s\n' "$kind" "$n" "$seeded" "$rss_idle" "$rss_after" >>"$out/rss.tsv"
}

# --- the table ----------------------------------------------------------------------------
label() { # 1000 -> 1k, 1000000 -> 1M
  local v="$1"
  if ((v >= 1000000 && v % 1000000 == 0)); then echo "$((v / 1000000))M"
  elif ((v >= 1000 && v % 1000 == 0)); then echo "$((v / 1000))k"
  else echo "$v"; fi
}
table() { # KIND
  local kind="$1" s first="${sizes[0]}" head sep
  local cpu commit
  cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
  commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
  [[ -z "$(git -C "$root" status --porcelain 2>/dev/null)" ]] || commit+=" + uncommitted changes"
  echo "### $kind: $(date -u +%Y-%m-%d), $(nproc) cores ($cpu), $(free -g | awk '/^Mem/ { print $2 }') GB"
  echo
  echo "Server: \`$server_bin_label\` (tree at $commit); wrk -t1 -c$connections -d${seconds}s on the"
  echo "same machine; load average at the start $load."
  echo "Latencies in ms; ×$(label "$first"): p50 against the $(label "$first") p50."
  echo
  head="| request |"; sep="|---|"
  for s in "${sizes[@]}"; do
    head+=" $(label "$s") req/s | p50 | p99 |"; sep+="---:|---:|---:|"
    [[ "$s" == "$first" ]] || { head+=" ×$(label "$first") |"; sep+="---:|"; }
  done
  echo "$head"; echo "$sep"
  awk -F'\t' -v kind="$kind" -v sizes="${sizes[*]}" '
    $1 == kind { key = $3 SUBSEP $2; rps[key] = $4; p50[key] = $5; p99[key] = $6; err[key] = $7
                 if (!($3 in seen)) { seen[$3] = 1; order[++rows] = $3 } }
    END {
      ns = split(sizes, size, " ")
      for (r = 1; r <= rows; r++) {
        name = order[r]; line = "| " name " |"
        for (i = 1; i <= ns; i++) {
          key = name SUBSEP size[i]
          if (!(key in rps)) { line = line " – | – | – |" (i > 1 ? " – |" : ""); continue }
          mark = err[key] > 0 ? " (" err[key] " failed)" : ""
          line = line sprintf(" %d%s | %.2f | %.2f |", rps[key], mark, p50[key], p99[key])
          if (i > 1) {
            base = name SUBSEP size[1]
            line = line ((base in p50) && p50[base] > 0 ? sprintf(" %.1f |", p50[key] / p50[base]) : " – |")
          }
        }
        print line
      }
    }' "$out/raw.tsv"
  echo
  echo "| size | seeding | RSS idle after start | RSS after the run |"
  echo "|---:|---|---:|---:|"
  local k size seeding idle after
  while IFS=$'\t' read -r k size seeding idle after; do
    if [[ "$k" == "$kind" ]]; then echo "| $(label "$size") | $seeding | $idle MB | $after MB |"; fi
  done <"$out/rss.tsv"
}

# --- the run ------------------------------------------------------------------------------
: >"$out/raw.tsv"
: >"$out/rss.tsv"
for kind in "${dbs[@]}"; do : >"$out/wrk-$kind.log"; done
load=$(cut -d' ' -f1-3 /proc/loadavg)
for kind in "${dbs[@]}"; do
  case "$kind" in sqlite | postgres) ;; *) die "unknown database '$kind' (sqlite, postgres)" ;; esac
  key=$(schema_key "$kind")
  for n in "${sizes[@]}"; do
    [[ "$n" =~ ^[0-9]+$ && "$n" -ge 100 ]] || die "size '$n' is not a number of at least 100"
    ensure_seeded "$kind" "$n" "$key"
    bench_size
  done
  table "$kind" | tee "$out/results-$kind.md"
  echo
done
echo "Kept seeded databases (delete to seed anew): $(ls "$out"/sqlite-*.db 2>/dev/null | tr '\n' ' ')" \
  "$(sql postgres "$pg_base/postgres" "SELECT string_agg(datname, ' ') FROM pg_database WHERE datname LIKE 'eil_bench_%'" 2>/dev/null || true)" >&2
