#!/usr/bin/env bash
# Validates the OpenAPI document with a standard validator (swagger-cli, from the npm registry).
set -euo pipefail
source "$(dirname "$0")/npm_tools.sh"
"$npm_tools/.bin/swagger-cli" validate "$1"
