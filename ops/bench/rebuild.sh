#!/usr/bin/env bash
# Rebuild of every read model the server keeps, from `xingfuli seed` data, beside the rate of
# merely reading and checking the same log (`xingfuli verify`) in the same run: events/s, wall
# time and peak RSS. BASELINE=path/to/another/xingfuli rebuilds the same data with that binary
# too, alternating with this one, so the ratio comes from one run.
# Usage: ops/bench/rebuild.sh [households] [runs]   (default 20,000 households, 2 runs each)
set -euo pipefail
cd "$(dirname "$0")/../.."
households=${1:-20000}
runs=${2:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. ops/bench/served.sh

"$bin" seed --data-dir "$data" --households "$households" | head -1
events=$("$bin" verify --data-dir "$data" | sed -n 's/^OK: \([0-9]*\) events.*/\1/p')

timed() {  # name command…
  local name=$1
  shift
  /usr/bin/time -f 'TIME %e %M' "$@" 2>&1 >/dev/null | awk -v name="$name" -v events="$events" \
    '/^TIME/ { printf "%-44s %8.2f s %10.0f events/s  peak RSS %7d KiB\n", name, $2, events / $2, $3 }'
}

echo "== $events events; $(nproc) cores"
for run in $(seq "$runs"); do
  timed "read and check the log (verify) #$run" "$bin" verify --data-dir "$data"
  timed "rebuild every read model #$run" "$bin" rebuild --data-dir "$data"
  if [ -n "${BASELINE:-}" ]; then
    timed "rebuild every read model, baseline #$run" "$BASELINE" rebuild --data-dir "$data"
  fi
done
