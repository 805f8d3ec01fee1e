#!/usr/bin/env bash
# The access log's cost on reads (issue 16): GET one household — a random one of the seeded
# ones — with its members' resident IDs masked, and the same with ?reveal=resident_ids (each
# such read recorded in the access log), alternating, in one run so they compare as ratios:
# at saturation (wrk -c8) and one request at a time (wrk -c1, a caseworker's latency).
# Usage: ops/bench/access.sh [households]   (DURATION=5s ROUNDS=2; XINGFULI=path to a binary)
set -euo pipefail
cd "$(dirname "$0")/../.."
households=${1:-5000}
duration=${DURATION:-5s}
rounds=${ROUNDS:-2}
if [[ -z "${XINGFULI:-}" ]]; then
  XFL_WITH_TOOLS=1 ops/install-deps.sh
  cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release -DXFL_BUILD_TESTS=OFF >/dev/null
  cmake --build build/release -j"$(nproc)" >/dev/null
fi
bin=${XINGFULI:-build/release/tools/xingfuli}
work=$(mktemp -d)
cleanup() { kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

"$bin" seed --data-dir "$work/data" --households "$households" >/dev/null
"$bin" serve --data-dir "$work/data" --listen 127.0.0.1:18083 >"$work/serve.log" &
for _ in $(seq 300); do curl -sf http://127.0.0.1:18083/readyz >/dev/null && break; sleep 0.1; done
sleep "${SETTLE:-5}"  # the start-up zero-employment review settles first
password=$(cat "$work/data/initial-admin-password")
token=$(curl -s -X POST http://127.0.0.1:18083/api/v1/sessions -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$password\"}" | sed 's/.*"token":"\([0-9a-f]*\)".*/\1/')
for kind in masked revealed; do
  query=""
  [[ $kind == revealed ]] && query="?reveal=resident_ids&reason=bench"
  cat >"$work/$kind.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
local threads = 0
function setup(thread) threads = threads + 1; thread:set("id", threads) end
function init(args) math.randomseed(os.time() + 7919 * id) end
request = function()
  return wrk.format(nil, string.format("/api/v1/households/s%07d$query", math.random(0, $households - 1)))
end
LUA
done
measure() {  # kind connections
  printf '%-9s -c%-2s ' "$1" "$2"
  wrk -t1 -c"$2" -d"$duration" --latency -s "$work/$1.lua" http://127.0.0.1:18083/ |
    awk '/Requests\/sec/ { rps = $2 } / 50%/ { p50 = $2 } / 99%/ { p99 = $2 } /Non-2xx/ { bad = $NF }
         END { printf "%10s req/s  p50 %8s  p99 %8s%s\n", rps, p50, p99, bad ? "  non-2xx " bad : "" }'
}
echo "== GET /api/v1/households/{random of $households}, masked and revealed (recorded), alternating"
for _ in $(seq "$rounds"); do
  for c in 8 1; do measure masked "$c"; measure revealed "$c"; done
done
recorded=$(curl -s "http://127.0.0.1:18083/api/v1/audit/access?region=530500000000&limit=1" \
  -H "Authorization: Bearer $token" | grep -c '"type":"access.resident_ids_viewed"' || true)
echo "access log readable after the run: $([[ $recorded -ge 1 ]] && echo yes || echo no)"
curl -s http://127.0.0.1:18083/metrics | grep -E '^xfl_appends_total'
