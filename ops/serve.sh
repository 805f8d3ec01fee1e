#!/usr/bin/env bash
# Installs what is missing, builds, and starts the server on the embedded log.
#   ops/serve.sh [xingfuli serve options...]   (default: --listen 127.0.0.1:8080 --data-dir ./data)
set -euo pipefail
cd "$(dirname "$0")/.."
ops/install-deps.sh
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release -DXFL_BUILD_TESTS=OFF >/dev/null
cmake --build build/release -j"$(nproc)"
ops/build-web.sh
exec build/release/tools/xingfuli serve --data-dir "${XINGFULI_DATA_DIR:-./data}" \
  --web-root api/web/dist "$@"
