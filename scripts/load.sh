#!/usr/bin/env bash
# make load: start the server on a free loopback port, then load it with ghz
# (pinned in tools/load/go.mod) — grpc.health.v1.Health/Check and
# idcontrol.v1.MrzService/ParseMrz side by side in one run — and print RPS,
# p50/p99 and the RPS ratio. Loopback only; every run is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${LOAD_DURATION:-10s}
CONCURRENCY=${LOAD_CONCURRENCY:-50}
ROUNDS=${LOAD_ROUNDS:-2}
work=$(mktemp -d)
port=$(( 20000 + RANDOM % 20000 ))
addr="127.0.0.1:${port}"

go build -o "$work/idcontrol-server" ./cmd/idcontrol-server
go build -o "$work/ghz" -modfile=tools/load/go.mod github.com/bojand/ghz/cmd/ghz

"$work/idcontrol-server" --listen "$addr" --data-dir "$work/data" --log-level warn &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; rm -rf "$work"' EXIT

for _ in $(seq 100); do
  if "$work/ghz" --insecure --call grpc.health.v1.Health/Check -n 1 -c 1 "$addr" >/dev/null 2>&1; then break; fi
  sleep 0.1
done

mrz='{"lines":["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<","L898902C36UTO7408122F1204159ZE184226B<<<<<10"],"referenceDate":"2026-11-22"}'
# The server's CPU time (user+system clock ticks, /proc/<pid>/stat fields 14
# and 15) around each run gives its CPU per call, a figure the client's
# own share of the two cores does not blur.
server_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
run() { # name call data
  local before; before=$(server_ticks)
  "$work/ghz" --insecure --call "$2" -d "$3" -c "$CONCURRENCY" -z "$DURATION" --duration-stop=ignore \
    --format json --output "$work/$1.json" "$addr" >/dev/null
  echo $(( $(server_ticks) - before )) > "$work/$1.json.cpu"
}
# Alternate the two calls so that machine noise hits both alike.
files=()
for r in $(seq "$ROUNDS"); do
  run "health-$r" grpc.health.v1.Health/Check '{}'
  run "parsemrz-$r" idcontrol.v1.MrzService/ParseMrz "$mrz"
  files+=("health=$work/health-$r.json" "parsemrz=$work/parsemrz-$r.json")
done
LOAD_CLK_TCK=$(getconf CLK_TCK) go run ./scripts/loadreport "${files[@]}"
