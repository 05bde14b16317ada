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
source scripts/loadlib.sh

extra=()
if [[ -n "${LOAD_PPROF:-}" ]]; then extra+=(--pprof-listen "$LOAD_PPROF"); fi
start_server "$work/idcontrol-server" "$addr" "$work/data" "${extra[@]}"
server_pid=$started

# Alternate the calls so that machine noise hits all alike; Health first,
# the floor the others are compared with.
files=()
for r in $(seq "$ROUNDS"); do
  run "health-$r" "$server_pid" "$addr" grpc.health.v1.Health/Check "$work/empty.json" "$DURATION"
  run "identity-$r" "$server_pid" "$addr" idcontrol.v1.ControlService/CheckIdentityDocument "$idreq" "$DURATION"
  run "clientfile-$r" "$server_pid" "$addr" idcontrol.v1.ControlService/CheckClientFile "$cfreq" "$DURATION"
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
