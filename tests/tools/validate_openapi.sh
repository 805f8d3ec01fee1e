#!/usr/bin/env bash
# Validates the OpenAPI document with a standard validator (swagger-cli, from the npm registry).
set -euo pipefail
doc=$1
cache=${XFL_NPM_CACHE:-$HOME/.cache/xingfuli-npm}
mkdir -p "$cache"
if [[ ! -x "$cache/node_modules/.bin/swagger-cli" ]]; then
  npm install --silent --no-audit --no-fund --prefix "$cache" @apidevtools/swagger-cli@4.0.4 >/dev/null
fi
"$cache/node_modules/.bin/swagger-cli" validate "$doc"
