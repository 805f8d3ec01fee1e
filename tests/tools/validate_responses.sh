#!/usr/bin/env bash
# Validates recorded API responses against the OpenAPI document (validate_responses.js, on the
# standard openapi-response-validator from the npm registry).
#   validate_responses.sh openapi.json responses.jsonl
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/npm_tools.sh"
NODE_PATH="$npm_tools" exec node "$here/validate_responses.js" "$1" "$2"
