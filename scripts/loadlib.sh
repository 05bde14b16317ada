# Shared by scripts/load.sh (make load) and scripts/loadab.sh (make
# load-ab), sourced with $work set to a scratch directory: ghz, throwaway
# TLS certificates, an API key, and the functions that start a server and
# measure one ghz run against it.

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
md="{\"x-api-key\":\"$key\"}"

# The requests carry no template: ghz's per-call template set-up (sprig's
# function map, rebuilt for every call) would be client work blurring the
# server's figures.
ghz() { "$work/ghz" --cacert "$work/ca.pem" --metadata "$md" --reflect-metadata "$md" \
  --disable-template-functions --disable-template-data "$@"; }

idreq=server/testdata/bench/identity-td1.json
cfreq=examples/ControlService.CheckClientFile.every-family.json
echo '{}' > "$work/empty.json"

# start_server BINARY ADDRESS DATA-DIR [FLAG…]: the server with TLS, API
# keys and metrics (as in deploy/: the figures include their per-call
# cost) in the background, its pid in $started once it answers.
start_server() {
  local bin=$1 addr=$2 data=$3 port=${2##*:}
  shift 3
  "$bin" --listen "$addr" --data-dir "$data" --log-level warn \
    --tls-cert "$work/server.pem" --tls-key "$work/server.key" --auth-config "$work/auth.json" \
    --reflection --shutdown-timeout 10s --metrics-listen "127.0.0.1:$(( port + 1 ))" "$@" &
  started=$!
  for _ in $(seq 100); do
    if ghz --call grpc.health.v1.Health/Check -n 1 -c 1 "$addr" >/dev/null 2>&1; then return; fi
    sleep 0.1
  done
  echo "the server on $addr did not answer" >&2
  return 1
}

# The server's CPU time (user+system clock ticks, /proc/<pid>/stat fields 14
# and 15) around each run gives its CPU per call, a figure the client's own
# share of the two cores does not blur; VmRSS after each run and VmHWM (the
# peak) give its resident memory.
server_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
server_mem() { awk '/^VmRSS:|^VmHWM:/ {printf "%s %s ", $1, $2} END {print ""}' "/proc/$1/status"; }
# The client's CPU time (bash's `times`, run in this shell, not a
# subshell: user+system of the waited-for children, i.e. ghz) gives ghz's
# own cost per call: on two shared cores, RPS is bounded by client plus
# server, and the client's part is printed beside the server's.
children_seconds() { awk 'NR == 2 { for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); s += t[1] * 60 + t[2] } print s }' "$1"; }

# run NAME PID ADDRESS CALL DATA-FILE DURATION: one ghz run at
# $CONCURRENCY; its report in $work/NAME.json, beside it the server's CPU
# ticks (.cpu), ghz's CPU seconds (.client) and the server's memory (.mem).
run() {
  local name=$1 pid=$2 addr=$3 call=$4 data=$5 duration=$6 before
  before=$(server_ticks "$pid")
  times > "$work/times.before"
  ghz --call "$call" -D "$data" -c "$CONCURRENCY" -z "$duration" --duration-stop=ignore \
    --format json --output "$work/$name.json" "$addr" >/dev/null
  times > "$work/times.after"
  echo $(( $(server_ticks "$pid") - before )) > "$work/$name.json.cpu"
  awk -v a="$(children_seconds "$work/times.before")" -v b="$(children_seconds "$work/times.after")" \
    'BEGIN { print b - a }' > "$work/$name.json.client"
  server_mem "$pid" > "$work/$name.json.mem"
}
