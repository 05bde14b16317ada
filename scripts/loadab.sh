#!/usr/bin/env bash
# make load-ab BASE=<git revision>: is this build's server cheaper than
# BASE's? On a shared machine two make load runs minutes apart differ by
# 10 % and more, so this starts both servers (this working tree's and
# BASE's, built from `git archive`) and loads them in alternating short
# rounds, each round's order swapped, with Health/Check and
# CheckIdentityDocument as make load does; it prints make load's table for
# this build and, for each call, the server CPU per call against BASE's,
# round by round.
#
#   LOAD_AB_ROUNDS (6) LOAD_AB_DURATION (4s) LOAD_CONCURRENCY (50)
set -euo pipefail
cd "$(dirname "$0")/.."

BASE=${1:?usage: loadab.sh <git revision>}
ROUNDS=${LOAD_AB_ROUNDS:-6}
DURATION=${LOAD_AB_DURATION:-4s}
CONCURRENCY=${LOAD_CONCURRENCY:-50}
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

mkdir "$work/base-src"
git archive "$BASE" | tar -x -C "$work/base-src"
(cd "$work/base-src" && go build -o "$work/server-base" ./cmd/idcontrol-server)
go build -o "$work/server-this" ./cmd/idcontrol-server
source scripts/loadlib.sh

port=$(( 20000 + RANDOM % 20000 ))
declare -A addr pid
for b in this base; do
  addr[$b]="127.0.0.1:$port"
  start_server "$work/server-$b" "${addr[$b]}" "$work/data-$b"
  pid[$b]=$started
  pids+=("$started")
  port=$(( port + 10 ))
done

files=()
for r in $(seq "$ROUNDS"); do
  order=(this base)
  if (( r % 2 == 0 )); then order=(base this); fi
  for b in "${order[@]}"; do
    prefix=; if [[ $b == base ]]; then prefix=base/; fi
    run "$b-health-$r" "${pid[$b]}" "${addr[$b]}" grpc.health.v1.Health/Check "$work/empty.json" "$DURATION"
    run "$b-identity-$r" "${pid[$b]}" "${addr[$b]}" idcontrol.v1.ControlService/CheckIdentityDocument "$idreq" "$DURATION"
    files+=("${prefix}Health=$work/$b-health-$r.json" "${prefix}CheckIdentityDocument=$work/$b-identity-$r.json")
  done
done

LOAD_CLK_TCK=$(getconf CLK_TCK) go run ./scripts/loadreport -base base/ "${files[@]}"
