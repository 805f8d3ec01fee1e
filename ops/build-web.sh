#!/usr/bin/env bash
# Builds the web application into api/web/dist (npm packages from the lockfile, once).
set -euo pipefail
cd "$(dirname "$0")/../api/web"
if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi
npm run build
