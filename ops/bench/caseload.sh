#!/usr/bin/env bash
# Case-load benchmark: seeds N synthetic households (default 20,000; ~700,000 is the whole
# city), then measures with wrk the zero-employment board of a county, the labour-force
# statistics of the city (now and as of a past date) and one household, and prints the
# server's memory and the data directory's size.
# Usage: ops/bench/caseload.sh [households]   (DURATION=5s CONNECTIONS=8)
#   DATA=DIR keeps the seeded data directory in DIR and, when DIR already holds data, measures
#   the queries again without seeding.
set -euo pipefail
cd "$(dirname "$0")/../.."
households=${1:-20000}
duration=${DURATION:-5s}
conns=${CONNECTIONS:-8}
XFL_WITH_TOOLS=1 ops/install-deps.sh
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release -DXFL_BUILD_TESTS=OFF >/dev/null
cmake --build build/release -j"$(nproc)" >/dev/null
bin=build/release/tools/xingfuli
work=$(mktemp -d)
data=${DATA:-$work/data}
cleanup() { kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

if [[ ! -d "$data/log" ]]; then
  echo "== seeding $households households"
  "$bin" seed --data-dir "$data" --households "$households"
fi
"$bin" serve --data-dir "$data" --listen 127.0.0.1:18082 >"$work/serve.log" &
for _ in $(seq 300); do curl -sf http://127.0.0.1:18082/readyz >/dev/null && break; sleep 0.1; done
sleep "${SETTLE:-10}"  # the start-up zero-employment review and compactions settle first
password=$(cat "$data/initial-admin-password")
token=$(curl -s -X POST http://127.0.0.1:18082/api/v1/sessions -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$password\"}" | sed 's/.*"token":"\([0-9a-f]*\)".*/\1/')
echo "wrk.headers[\"Authorization\"] = \"Bearer $token\"" >"$work/auth.lua"
measure() {  # name url
  printf '%-44s ' "$1"
  wrk -t1 -c"$conns" -d"$duration" --latency -s "$work/auth.lua" "$2" |
    awk '/Requests\/sec/ { rps = $2 } / 50%/ { p50 = $2 } / 99%/ { p99 = $2 }
         END { printf "%10s req/s  p50 %8s  p99 %8s\n", rps, p50, p99 }'
}
base=http://127.0.0.1:18082/api/v1
echo "== queries (wrk -t1 -c$conns -d$duration)"
curl -s "$base/reports/zero-employment?region=530502" -H "Authorization: Bearer $token" |
  sed 's/"households".*//' | head -c 200; echo
measure "zero-employment board, 隆阳区 (county)" "$base/reports/zero-employment?region=530502"
measure "zero-employment board, county, past date" "$base/reports/zero-employment?region=530502&as_of=$(date -d '-1 day' +%F)"
measure "labour-force statistics, city, now" "$base/reports/labour-force?region=530500000000"
measure "labour-force statistics, city, past date" "$base/reports/labour-force?region=530500000000&as_of=$(date -d '-1 day' +%F)"
measure "one household" "$base/households/s0000042"
measure "one household's history" "$base/households/s0000042/history"
echo "== footprint"
echo "server RSS: $(ps -o rss= -p "$(pgrep -f "serve --data-dir $data")") KiB"
du -sh "$data/log" "$data/projections"
