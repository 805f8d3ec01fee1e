# Sourced by the test tools: installs the npm packages they run (once, into a cache shared by
# parallel tests, under a lock) and sets $npm_tools to its node_modules.
cache=${XFL_NPM_CACHE:-$HOME/.cache/xingfuli-npm}
mkdir -p "$cache"
(
  flock 9
  if [[ ! -x "$cache/node_modules/.bin/swagger-cli" ||
        ! -d "$cache/node_modules/openapi-response-validator" ]]; then
    npm install --silent --no-audit --no-fund --prefix "$cache" \
      @apidevtools/swagger-cli@4.0.4 openapi-response-validator@12.1.3 >/dev/null
  fi
) 9>"$cache/.install-lock"
npm_tools="$cache/node_modules"
