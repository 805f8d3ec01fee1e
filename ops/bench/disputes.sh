#!/usr/bin/env bash
# Wage-dispute benchmark: seeds households, employers and disputes walked over the past year
# (default 20,000 households, 1,000 employers, 5,000 disputes: about five years of the city's
# cases), then measures with wrk the officers' board, the case view and the two reports, each of
# which folds the cases of its region from the dispute index per request.
# Usage: ops/bench/disputes.sh [households] [employers] [disputes]  (DURATION=5s)
set -euo pipefail
cd "$(dirname "$0")/../.."
households=${1:-20000}
employers=${2:-1000}
disputes=${3:-5000}
duration=${DURATION:-5s}
work=$(mktemp -d)
cleanup() { kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
. ops/bench/served.sh
echo "== seeding $households households, $employers employers, $disputes disputes"
"$bin" seed --data-dir "$data" --households "$households" --employers "$employers" --postings 0 \
  --disputes "$disputes"
serve_seeded
echo "== dispute queries among $disputes cases (wrk -t1 -c16 -d$duration)"
measure "board of the city, first page (50)" "$base/disputes?region=530500000000&limit=50"
measure "board of 隆阳区, first page (50)" "$base/disputes?region=530502000000&limit=50"
measure "board of a township" "$base/disputes?region=530502001000"
measure "one case with its clocks" "$base/disputes/sd0000100"
measure "dispute statistics, the city, this year" "$base/reports/disputes?region=530500000000"
measure "repeated wage arrears, the city" "$base/reports/repeated-wage-arrears?region=530500000000"
server_rss
