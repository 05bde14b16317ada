#!/usr/bin/env bash
# make load: start the server on a free loopback port with TLS (throwaway
# certificates made here) and API-key authentication, then load it with ghz
# (pinned in tools/load/go.mod) at concurrency 50 — grpc.health.v1.Health/Check,
# ControlService/CheckIdentityDocument and ControlService/CheckClientFile in
# alternating rounds — and print RPS, p50/p99, the server's resident memory
# and the server's CPU per call, with the ratios issue 14 sets as targets.
# Last, a SIGTERM in the middle of a ghz run: the in-flight calls must all
# succeed. Loopback only; every run is bounded in time (≈1–2 minutes total).
#
#   LOAD_DURATION (8s) LOAD_ROUNDS (2) LOAD_CONCURRENCY (50)
#   LOAD_PPROF=127.0.0.1:6060 also serves net/http/pprof, to profile a round.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${LOAD_DURATION:-8s}
CONCURRENCY=${LOAD_CONCURRENCY:-50}
ROUNDS=${LOAD_ROUNDS:-2}
work=$(mktemp -d)
port=$(( 20000 + RANDOM % 20000 ))
addr="127.0.0.1:${port}"
server_pid=
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/idcontrol-server" ./cmd/idcontrol-server
go build -o "$work/ghz" -modfile=tools/load/go.mod github.com/bojand/ghz/cmd/ghz

# Throwaway CA and server certificate for 127.0.0.1 (P-256, one day).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=load-ca \
  -keyout "$work/ca.key" -out "$work/ca.pem" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=127.0.0.1 \
  -keyout "$work/server.key" -out "$work/server.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > "$work/server.ext"
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial \
  -days 1 -extfile "$work/server.ext" -out "$work/server.pem" 2>/dev/null

# One client with one API key, stored hashed; no rate limit, so that the
# figures are the server's, not the bucket's.
key=$(openssl rand -hex 24)
key_sha=$(printf %s "$key" | sha256sum | cut -d' ' -f1)
printf '{"clients": [{"id": "load", "api_keys_sha256": ["%s"]}]}\n' "$key_sha" > "$work/auth.json"

# Metrics on, as in deploy/: the figures include their per-call cost.
extra=(--metrics-listen "127.0.0.1:$(( port + 1 ))")
if [[ -n "${LOAD_PPROF:-}" ]]; then extra+=(--pprof-listen "$LOAD_PPROF"); fi
"$work/idcontrol-server" --listen "$addr" --data-dir "$work/data" --log-level warn \
  --tls-cert "$work/server.pem" --tls-key "$work/server.key" --auth-config "$work/auth.json" \
  --reflection --shutdown-timeout 10s "${extra[@]}" &
server_pid=$!

md="{\"x-api-key\":\"$key\"}"
# The requests carry no template: ghz's per-call template set-up (sprig's
# function map, rebuilt for every call) would be client work blurring the
# server's figures.
ghz() { "$work/ghz" --cacert "$work/ca.pem" --metadata "$md" --reflect-metadata "$md" \
  --disable-template-functions --disable-template-data "$@"; }
for _ in $(seq 100); do
  if ghz --call grpc.health.v1.Health/Check -n 1 -c 1 "$addr" >/dev/null 2>&1; then break; fi
  sleep 0.1
done

# The server's CPU time (user+system clock ticks, /proc/<pid>/stat fields 14
# and 15) around each run gives its CPU per call, a figure the client's own
# share of the two cores does not blur; VmRSS after each run and VmHWM (the
# peak) give its resident memory.
server_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
server_mem() { awk '/^VmRSS:|^VmHWM:/ {printf "%s %s ", $1, $2} END {print ""}' "/proc/$server_pid/status"; }
# The client's CPU time (bash's `times`, run in this shell, not a
# subshell: user+system of the waited-for children, i.e. ghz) gives ghz's
# own cost per call: on two shared cores, RPS is bounded by client plus
# server, and the client's part is printed beside the server's.
children_seconds() { awk 'NR == 2 { for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); s += t[1] * 60 + t[2] } print s }' "$1"; }
run() { # name call data-file
  local before; before=$(server_ticks)
  times > "$work/times.before"
  ghz --call "$2" -D "$3" -c "$CONCURRENCY" -z "$DURATION" --duration-stop=ignore \
    --format json --output "$work/$1.json" "$addr" >/dev/null
  times > "$work/times.after"
  echo $(( $(server_ticks) - before )) > "$work/$1.json.cpu"
  awk -v a="$(children_seconds "$work/times.before")" -v b="$(children_seconds "$work/times.after")" \
    'BEGIN { print b - a }' > "$work/$1.json.client"
  server_mem > "$work/$1.json.mem"
}
idreq=server/testdata/bench/identity-td1.json
cfreq=examples/ControlService.CheckClientFile.every-family.json
echo '{}' > "$work/empty.json"
# Alternate the calls so that machine noise hits all alike; Health first,
# the floor the others are compared with.
files=()
for r in $(seq "$ROUNDS"); do
  run "health-$r" grpc.health.v1.Health/Check "$work/empty.json"
  run "identity-$r" idcontrol.v1.ControlService/CheckIdentityDocument "$idreq"
  run "clientfile-$r" idcontrol.v1.ControlService/CheckClientFile "$cfreq"
  files+=("Health=$work/health-$r.json" "CheckIdentityDocument=$work/identity-$r.json" "CheckClientFile=$work/clientfile-$r.json")
done

# SIGTERM in the middle of a run: every call the server had accepted must
# complete; calls started after it are refused (the listener is closed),
# which is expected and counted apart.
ghz --call idcontrol.v1.ControlService/CheckIdentityDocument -D "$idreq" -c "$CONCURRENCY" -z 4s --duration-stop=ignore \
  --format json --output "$work/sigterm.json" "$addr" >/dev/null 2>&1 &
ghz_pid=$!
sleep 2
date +%s%N > "$work/sigterm.json.at"
kill -TERM "$server_pid"
wait "$ghz_pid" || true
shutdown_rc=0
wait "$server_pid" || shutdown_rc=$?
server_pid=

LOAD_CLK_TCK=$(getconf CLK_TCK) go run ./scripts/loadreport -sigterm "$work/sigterm.json" -sigterm-exit "$shutdown_rc" "${files[@]}"
