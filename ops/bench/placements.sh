#!/usr/bin/env bash
# Demand-side benchmark: seeds households, employers and a year of postings (default 20,000
# households, 2,000 employers, 100,000 postings), then measures the placement command at 16
# connections (ops/bench/placements.mjs) and, with wrk, the postings queries among them.
# Usage: ops/bench/placements.sh [households] [employers] [postings]  (PLACEMENTS=2000 DURATION=5s)
set -euo pipefail
cd "$(dirname "$0")/../.."
households=${1:-20000}
employers=${2:-2000}
postings=${3:-100000}
duration=${DURATION:-5s}
XFL_WITH_TOOLS=1 ops/install-deps.sh
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release -DXFL_BUILD_TESTS=OFF >/dev/null
cmake --build build/release -j"$(nproc)" >/dev/null
bin=build/release/tools/xingfuli
work=$(mktemp -d)
data=$work/data
cleanup() { kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
echo "== seeding $households households, $employers employers, $postings postings"
"$bin" seed --data-dir "$data" --households "$households" --employers "$employers" --postings "$postings"
"$bin" serve --data-dir "$data" --listen 127.0.0.1:18083 >"$work/serve.log" &
for _ in $(seq 300); do curl -sf http://127.0.0.1:18083/readyz >/dev/null && break; sleep 0.1; done
sleep "${SETTLE:-10}"
password=$(cat "$data/initial-admin-password")
token=$(curl -s -X POST http://127.0.0.1:18083/api/v1/sessions -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$password\"}" | sed 's/.*"token":"\([0-9a-f]*\)".*/\1/')
echo "== placement command (POST /api/v1/placements into postings)"
node ops/bench/placements.mjs http://127.0.0.1:18083 "$token" "${PLACEMENTS:-2000}" 16
echo "wrk.headers[\"Authorization\"] = \"Bearer $token\"" >"$work/auth.lua"
measure() {  # name url
  printf '%-52s ' "$1"
  wrk -t1 -c16 -d"$duration" --latency -s "$work/auth.lua" "$2" |
    awk '/Requests\/sec/ { rps = $2 } / 50%/ { p50 = $2 } / 99%/ { p99 = $2 }
         END { printf "%10s req/s  p50 %8s  p99 %8s\n", rps, p50, p99 }'
}
base=http://127.0.0.1:18083/api/v1
today=$(TZ=Asia/Shanghai date +%F)
echo "== postings queries among $postings postings (wrk -t1 -c16 -d$duration)"
measure "postings of 隆阳区, first page" "$base/postings?region=530502"
measure "open postings of 隆阳区 on a day" "$base/postings?region=530502&open=true&date=$today"
measure "open coffee postings of the city" "$base/postings?region=530500000000&open=true&trade=coffee"
measure "postings of a township, wage over 150 yuan/day" "$base/postings?region=530502001&wage_min=15000"
measure "employment report, city, this year" "$base/reports/employment?region=530500000000"
echo "server RSS: $(ps -o rss= -p "$(pgrep -f "serve --data-dir $data")") KiB"
