#!/usr/bin/env bash
# Case-load benchmark: seeds N synthetic households (default 20,000; ~700,000 is the whole
# city), then measures with wrk the zero-employment board (a county, the city; now, and as
# known and as dated a day, a month and a year back), the labour-force statistics of the city
# (now and at the same past dates) and one household, and prints the server's memory and the
# data directory's size.
# Usage: ops/bench/caseload.sh [households]   (DURATION=5s CONNECTIONS=8 BIN=… as served.sh)
#   DATA=DIR keeps the seeded data directory in DIR and, when DIR already holds data, measures
#   the queries again without seeding.
set -euo pipefail
cd "$(dirname "$0")/../.."
households=${1:-20000}
duration=${DURATION:-5s}
export CONNECTIONS=${CONNECTIONS:-8}
work=$(mktemp -d)
cleanup() { kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
. ops/bench/served.sh

if [[ ! -d "$data/log" ]]; then
  echo "== seeding $households households"
  "$bin" seed --data-dir "$data" --households "$households"
fi
serve_seeded  # after the start-up zero-employment review and compactions settle
echo "== queries (wrk -t1 -c$CONNECTIONS -d$duration)"
for region in 530502 530500000000; do
  curl -s "$base/reports/zero-employment?region=$region" -H "Authorization: Bearer $token" |
    sed 's/"households".*//' | head -c 200; echo
done
measure "zero-employment board, 隆阳区 (county)" "$base/reports/zero-employment?region=530502"
measure "zero-employment board, city" "$base/reports/zero-employment?region=530500000000"
at_past_dates() {  # name url: the query as known and as dated a day, a month, a year back
  for back in '1 day' '1 month' '1 year'; do
    for vantage in as_of valid_on; do
      measure "$1, $vantage $back back" "$2&$vantage=$(date -d "-$back" +%F)"
    done
  done
}
at_past_dates "zero-employment board, city" "$base/reports/zero-employment?region=530500000000"
measure "zero-employment board, city, cleared list, valid_on 1 month back" \
  "$base/reports/zero-employment?region=530500000000&list=cleared&valid_on=$(date -d '-1 month' +%F)"
measure "labour-force statistics, city, now" "$base/reports/labour-force?region=530500000000"
at_past_dates "labour-force statistics, city" "$base/reports/labour-force?region=530500000000"
measure "one household" "$base/households/s0000042"
measure "one household's history" "$base/households/s0000042/history"
echo "== footprint"
server_rss
du -sh "$data/log" "$data/projections"
