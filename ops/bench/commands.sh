#!/usr/bin/env bash
# Commands on long streams (issue 18): PATCH /api/v1/regions/{village} (load the village, decide
# the rename, one synced append) on villages whose streams were first grown to ~1,000 events,
# beside the other villages, whose streams are new, alternately in the same run. Each command
# loads its stream's state; the state cache tops it up from what was appended since.
# Usage: ops/bench/commands.sh [grown villages] [events each]   (DURATION=8s CONNECTIONS=16)
set -euo pipefail
cd "$(dirname "$0")/../.."
grown=${1:-100}
each=${2:-1000}
duration=${DURATION:-8s}
conns=${CONNECTIONS:-16}
work=$(mktemp -d)
cleanup() { kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
SETTLE=${SETTLE:-1}
. ops/bench/served.sh
serve_seeded
mapfile -t villages < <(awk -F, '$3 == "village" { print $1 }' api/geography/data/baoshan-divisions.csv)
. ops/bench/renames.sh
renames "$work/grown.lua" "$token" "${villages[@]:0:$grown}"
renames "$work/fresh.lua" "$token" "${villages[@]:$grown}"
version() { curl -s -o /dev/null -D - -H "Authorization: Bearer $token" "$base/regions/$1" |
  awk -F'"' 'tolower($0) ~ /^etag/ { print $2 }'; }
least_grown() {
  local least=999999999 v
  for code in "${villages[@]:0:$grown}"; do
    v=$(version "$code")
    ((v < least)) && least=$v
  done
  echo "$least"
}
echo "== growing ${grown} village streams to ${each} events"
while (($(least_grown) < each)); do
  wrk -t2 -c"$conns" -d5s -s "$work/grown.lua" "http://127.0.0.1:$port/" >/dev/null
done
echo "   shortest grown stream: $(least_grown) events"
run() {  # name script
  printf '%-44s ' "$1"
  wrk -t2 -c"$conns" -d"$duration" --latency -s "$2" "http://127.0.0.1:$port/" |
    awk '/Requests\/sec/ { rps = $2 } / 50%/ { p50 = $2 } / 99%/ { p99 = $2 }
         /Non-2xx/ { bad = $4 } END { printf "%10s commands/s  p50 %8s  p99 %8s  non-2xx %s\n", rps, p50, p99, bad + 0 }'
}
echo "== PATCH, ${conns} connections, ${duration} each, alternately"
for round in 1 2; do
  run "grown streams (${grown} villages), run $round" "$work/grown.lua"
  run "new streams ($((${#villages[@]} - grown)) villages), run $round" "$work/fresh.lua"
done
echo "   shortest grown stream now: $(least_grown) events"
server_rss
