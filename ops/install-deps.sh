#!/usr/bin/env bash
# Installs the Debian packages Xingfuli needs to build, test and run; skips what is present.
# python3 runs ops/check-record-proof.py, the inspectors' own check of a record proof.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  librocksdb-dev libgflags-dev libsnappy-dev zlib1g-dev libbz2-dev liblz4-dev libzstd-dev
  librdkafka-dev libcereal-dev rapidjson-dev libcivetweb-dev catch2
  libssl-dev libfmt-dev libcli11-dev
  libzip-dev libexpat1-dev libxlsxwriter-dev
  curl clang-format
  kcat
  python3
)
# The web application is built with Node.js and npm (Debian's, when absent); its browser tests
# drive Debian's Chromium (with CJK fonts for the Chinese screens) through playwright-core, and
# make and open .xlsx workbooks with python3-openpyxl, a reader independent of the server's.
if ! command -v npm >/dev/null 2>&1; then packages+=(nodejs npm); fi
if [[ "${XFL_WITH_BROWSER:-0}" == 1 ]]; then packages+=(chromium fonts-noto-cjk python3-openpyxl); fi
# Tools for the benchmarks and manual checks; not needed to build or serve. PostgreSQL 15 is
# the peer the log is compared with (ops/bench/peer.sh starts its own in a temporary folder);
# openpyxl writes the workbook ops/bench/import.sh imports.
if [[ "${XFL_WITH_TOOLS:-0}" == 1 ]]; then packages+=(wrk postgresql-15 python3-openpyxl); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then exit 0; fi

echo "installing: ${missing[*]}"
sudo=""
if [[ $(id -u) != 0 ]]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
