#!/usr/bin/env bash
# Installs what is missing, then builds and runs every test twice: a Release build (the
# optimisation ops/serve.sh builds the server with, whose warnings the other build would not
# show), and one with AddressSanitizer + UndefinedBehaviorSanitizer. Exits non-zero on any
# failure.
set -euo pipefail
cd "$(dirname "$0")/.."
XFL_WITH_BROWSER=1 ops/install-deps.sh
jobs=$(nproc)

run_suite() {
  local dir=$1; shift
  cmake -S . -B "$dir" "$@" >/dev/null
  cmake --build "$dir" -j"$jobs"
  (cd "$dir" && ctest --output-on-failure -j"$jobs")
}

echo "== formatting (clang-format, .clang-format)"
find domain eventstore projections api tools tests -name '*.cpp' -o -name '*.hpp' |
  xargs clang-format --dry-run -Werror

echo "== tests (Release, as ops/serve.sh builds the server)"
run_suite build/test -DCMAKE_BUILD_TYPE=Release
echo "== tests under AddressSanitizer + UndefinedBehaviorSanitizer"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  run_suite build/sanitize -DCMAKE_BUILD_TYPE=Debug -DXFL_SANITIZE=ON

echo "== the web application: type check, build, unit tests (Vitest)"
ops/build-web.sh
(cd api/web && npx vitest run)
echo "== the web application on Debian 12's Node.js 18.20 and npm 9.2"
ops/check-node18.sh
echo "== the web application end to end in Chromium, against the test build's server"
(cd api/web && XINGFULI="$PWD/../../build/test/tools/xingfuli" npm run e2e)
