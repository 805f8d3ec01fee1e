#!/usr/bin/env bash
# Function sizes of the production code (domain eventstore projections api tools), as the
# structural review measured them: Universal Ctags' function extents (start to end line,
# inclusive), then the median, 90th percentile and the largest, and every file over 500 lines.
# Usage: ops/metrics/function-sizes.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
files=$(git ls-files 'domain/*.cpp' 'domain/*.hpp' 'eventstore/*.cpp' 'eventstore/*.hpp' \
  'projections/*.cpp' 'projections/*.hpp' 'api/*.cpp' 'api/*.hpp' 'tools/*.cpp' 'tools/*.hpp')
ctags --c++-kinds=f --fields=+ne --output-format=u-ctags -o - $files 2>/dev/null |
  awk -F'\t' '{ line = 0; end = 0
                for (i = 4; i <= NF; i++) {
                  if ($i ~ /^line:/) line = substr($i, 6)
                  if ($i ~ /^end:/) end = substr($i, 5) }
                if (end > 0) print end - line + 1, $2 ":" line, $1 }' |
  sort -n >/tmp/xfl-function-sizes.txt
awk '{ n[NR] = $1 } END {
       m = n[int((NR + 1) / 2)]; p = n[int(NR * 0.9 + 0.5)]
       printf "functions: %d  median: %d lines  p90: %d lines\n", NR, m, p }' /tmp/xfl-function-sizes.txt
echo "largest:"; tail -5 /tmp/xfl-function-sizes.txt | sort -rn
echo "files over 500 lines:"
wc -l $files | awk '$2 != "total" && $1 > 500 { print "  " $1, $2 }'
