#!/usr/bin/env bash
# Survey-ledger import at county scale: a ledger of N households written by `xingfuli seed
# --ledger`, checked and imported by `xingfuli import` (the CSV streamed from disk), the same rows
# as an .xlsx workbook (as Excel saves it; written by ops/bench/ledger_xlsx.py with Debian's
# python3-openpyxl) streamed the same way, and the CSV uploaded to a server (whose route streams
# it too, from a temporary copy of the body): time and peak memory
# of each. Usage: ops/bench/import.sh [households]   (default 57,200 households: ~200,000 rows)
set -euo pipefail
cd "$(dirname "$0")/../.."
households=${1:-57200}
work=$(mktemp -d)
cleanup() { kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
SETTLE=${SETTLE:-1}
. ops/bench/served.sh
ledger=$work/ledger.csv
"$bin" seed --ledger "$ledger" --households "$households"
echo "== $(($(wc -l <"$ledger") - 1)) rows, $(($(stat -c %s "$ledger") / 1048576)) MiB"

timed() {  # name command…
  printf '%-58s ' "$1"
  shift
  /usr/bin/time -f '%e s, peak RSS %M KiB' "$@" 2>&1 >/dev/null | tail -1
}
register=$work/streamed
echo "bench-password-1234" | "$bin" user add --data-dir "$register" --username bench \
  --role admin --region 530500000000 --password-stdin >/dev/null
echo "== xingfuli import (streamed)"
timed "check every row (dry run)" "$bin" import --data-dir "$register" --as bench --dry-run "$ledger"
timed "import into an empty register, read models current" \
  "$bin" import --data-dir "$register" --as bench "$ledger"
timed "the same file again (nothing to append)" \
  "$bin" import --data-dir "$register" --as bench "$ledger"

book=$work/ledger.xlsx
/usr/bin/python3 ops/bench/ledger_xlsx.py "$ledger" "$book"
echo "== the same rows as an .xlsx workbook, $(($(stat -c %s "$book") / 1048576)) MiB: xingfuli import (streamed)"
register=$work/streamed-xlsx
echo "bench-password-1234" | "$bin" user add --data-dir "$register" --username bench \
  --role admin --region 530500000000 --password-stdin >/dev/null
timed "check every row (dry run)" "$bin" import --data-dir "$register" --as bench --dry-run "$book"
timed "import into an empty register, read models current" \
  "$bin" import --data-dir "$register" --as bench "$book"

echo "== POST /api/v1/imports/households (the upload, streamed from a copy)"
serve_seeded
pid=$(pgrep -f "serve --data-dir $data")
peak() { awk '/VmHWM/ { print $2 }' "/proc/$pid/status"; }
upload() {  # name dry_run
  printf '%-58s ' "$1"
  local start=$SECONDS before status
  before=$(peak)
  status=$(curl -s -o "$work/answer.json" -w '%{http_code}' -m 1800 \
    -X POST "$base/imports/households?dry_run=$2" -H "Authorization: Bearer $token" \
    -H 'Content-Type: text/csv' --data-binary @"$ledger")
  echo "HTTP $status, $((SECONDS - start)) s, server peak RSS $before -> $(peak) KiB"
}
upload "check every row (dry run)" true
upload "import into an empty register, read models current" false
