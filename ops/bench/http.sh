#!/usr/bin/env bash
# HTTP benchmarks with wrk (keep-alive), all in one run so they can be compared as ratios:
#   1. the HTTP layer alone (xfl_hello: CivetWeb + router, constant JSON)
#   2. an authenticated GET of one record (GET /api/v1/regions/{village})
#   3. a small command: renaming random villages (each a synced append), then the p99 of the
#      projection lag (append → every projection applied it) from /metrics.
# Usage: ops/bench/http.sh   (DURATION=10s CONNECTIONS=50 THREADS=2 to change the load)
set -euo pipefail
cd "$(dirname "$0")/../.."
XFL_WITH_TOOLS=1 ops/install-deps.sh
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release -DXFL_BUILD_TESTS=OFF >/dev/null
cmake --build build/release -j"$(nproc)" >/dev/null
bin=build/release/tools
duration=${DURATION:-10s}
conns=${CONNECTIONS:-50}
threads=${THREADS:-2}
work=$(mktemp -d)
cleanup() { kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

wait_for() {  # url
  for _ in $(seq 100); do curl -sf "$1" >/dev/null && return 0; sleep 0.1; done
  echo "server did not come up: $1" >&2; exit 1
}

echo "== 1. hello: CivetWeb + router, constant JSON (wrk -t$threads -c$conns -d$duration)"
"$bin/xfl_hello" 127.0.0.1:18081 &
hello=$!
wait_for http://127.0.0.1:18081/hello
wrk -t"$threads" -c"$conns" -d"$duration" --latency http://127.0.0.1:18081/hello
kill "$hello"; wait "$hello" 2>/dev/null || true

"$bin/xingfuli" serve --data-dir "$work/data" --listen 127.0.0.1:18080 >"$work/serve.log" &
wait_for http://127.0.0.1:18080/readyz
password=$(cat "$work/data/initial-admin-password")
token=$(curl -s -X POST http://127.0.0.1:18080/api/v1/sessions -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$password\"}" | sed 's/.*"token":"\([0-9a-f]*\)".*/\1/')

echo "== 2. authenticated GET of one record"
cat >"$work/get.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
LUA
wrk -t"$threads" -c"$conns" -d"$duration" --latency -s "$work/get.lua" \
  http://127.0.0.1:18080/api/v1/regions/530502001002

echo "== 3. small command: PATCH /api/v1/regions/{village} (synced append each)"
. ops/bench/renames.sh
mapfile -t villages < <(awk -F, '$3 == "village" { print $1 }' api/geography/data/baoshan-divisions.csv)
renames "$work/command.lua" "$token" "${villages[@]}"
wrk -t"$threads" -c"$conns" -d"$duration" --latency -s "$work/command.lua" http://127.0.0.1:18080/

echo "== projection lag under that load (from /metrics)"
curl -s http://127.0.0.1:18080/metrics | awk '
  /^xfl_projection_lag_seconds_bucket/ { match($0, /le="[^"]*"/); le = substr($0, RSTART + 4, RLENGTH - 5);
                                         les[++n] = le; counts[n] = $2 }
  /^xfl_projection_lag_seconds_count/ { total = $2 }
  END { for (i = 1; i <= n; i++) if (counts[i] >= 0.99 * total) { print "commands: " total ", projection lag p99 <= " les[i] " s"; exit } }'
curl -s http://127.0.0.1:18080/metrics | grep -E '^xfl_appends_total|^xfl_http_requests_total.*PATCH'
