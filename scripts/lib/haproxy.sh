# A load balancer in front of EIL Hub replicas on this machine, for the replica test
# (scripts/replicas.sh) and its benchmark (bench/replicas.sh). Source it; bash.

# Installs a Debian package when its command is missing (quietly; idempotent).
#   need_command COMMAND [PACKAGE]
need_command() {
    command -v "$1" >/dev/null && return
    echo "installing ${2:-$1} (apt)" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${2:-$1}" >/dev/null
}

# Writes an haproxy configuration to FILE: listens on 127.0.0.1:PORT only and balances
# round robin over the replicas on the loopback PORTs given after it (servers r1, r2, ...),
# each checked on /readyz every half second (out after two failures, back after one
# success). A request that finds its replica gone is retried on another one (`retries`,
# `option redispatch 1`), so it succeeds even before the check has noticed. Each answer
# names its replica in `X-Replica`, so that a test can see where a request went; the
# client's address reaches the replicas in `X-Forwarded-For` (run them with
# EIL_TRUST_PROXY=1).
#   haproxy_config FILE PORT REPLICA_PORT...
haproxy_config() {
    local file="$1" port="$2" n=0 p
    shift 2
    {
        cat <<CFG
global
    maxconn 4096

defaults
    mode http
    option forwardfor
    option redispatch 1
    retries 2
    timeout connect 2s
    timeout client 30s
    timeout server 30s
    timeout http-keep-alive 10s

frontend hub
    bind 127.0.0.1:$port
    default_backend replicas

backend replicas
    balance roundrobin
    option httpchk GET /readyz
    http-check expect status 200
    http-response set-header X-Replica %[srv_name]
CFG
        for p in "$@"; do
            n=$((n + 1))
            echo "    server r$n 127.0.0.1:$p check inter 500ms fall 2 rise 1"
        done
    } >"$file"
}

# Waits until URL answers 200 (up to about 15 s), failing at once if process PID ends.
#   wait_ready URL [PID]
wait_ready() {
    local _
    for _ in $(seq 1 150); do
        curl -fs -o /dev/null "$1" && return 0
        if [[ -n "${2:-}" ]] && ! kill -0 "$2" 2>/dev/null; then
            echo "the process for $1 has ended" >&2
            return 1
        fi
        sleep 0.1
    done
    echo "no answer from $1" >&2
    return 1
}

# Prints a TCP port on 127.0.0.1 that nothing listens on, from START up (skipping those
# given after it).
#   free_port START [TAKEN...]
free_port() {
    local p="$1"
    shift
    while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || [[ " $* " == *" $p "* ]]; do
        p=$((p + 1))
    done
    echo "$p"
}
