# A wrk script of region renames (sourced): `renames FILE TOKEN VILLAGE…` writes FILE, which
# PATCHes a random one of the villages with a new name per request, signed in with TOKEN.
# Each wrk thread gets its own random sequence; a shared one would send the same village from
# both threads at once and measure conflicts instead of commands.
renames() {
  local file=$1 token=$2
  shift 2
  cat >"$file" <<LUA
local villages = { $(printf '"%s",' "$@") }
local threads, n = 0, 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end
function init(args) math.randomseed(os.time() + 7919 * id) end
wrk.method = "PATCH"
wrk.headers["Authorization"] = "Bearer $token"
wrk.headers["Content-Type"] = "application/json"
request = function()
  n = n + 1
  local code = villages[math.random(#villages)]
  return wrk.format(nil, "/api/v1/regions/" .. code, nil,
                    string.format('{"name":"村%d-%d"}', n, math.random(1000000000)))
end
LUA
}
