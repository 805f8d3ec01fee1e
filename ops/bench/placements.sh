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
work=$(mktemp -d)
cleanup() { kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
. ops/bench/served.sh
echo "== seeding $households households, $employers employers, $postings postings"
"$bin" seed --data-dir "$data" --households "$households" --employers "$employers" --postings "$postings"
serve_seeded
echo "== placement command (POST /api/v1/placements into postings)"
node ops/bench/placements.mjs http://127.0.0.1:$port "$token" "${PLACEMENTS:-2000}" 16
today=$(TZ=Asia/Shanghai date +%F)
echo "== postings queries among $postings postings (wrk -t1 -c16 -d$duration)"
measure "postings of 隆阳区, first page" "$base/postings?region=530502"
measure "open postings of 隆阳区 on a day" "$base/postings?region=530502&open=true&date=$today"
measure "open coffee postings of the city" "$base/postings?region=530500000000&open=true&trade=coffee"
measure "postings of a township, wage over 150 yuan/day" "$base/postings?region=530502001&wage_min=15000"
measure "employment report, city, this year" "$base/reports/employment?region=530500000000"
server_rss
