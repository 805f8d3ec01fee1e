# What the HTTP benchmarks share (sourced): a Release build (or $BIN), a server on seeded data with an
# admin token, and wrk measuring one URL at 16 connections. The caller sets `work` (a temporary
# folder it removes) and `duration`.
# BIN=path/to/xingfuli uses a binary already built instead; DATA=DIR keeps the data in DIR
# instead of $work/data; CONNECTIONS=N measures at N connections.
if [ -z "${BIN:-}" ]; then
  XFL_WITH_TOOLS=1 ops/install-deps.sh
  cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release -DXFL_BUILD_TESTS=OFF >/dev/null
  cmake --build build/release -j"$(nproc)" >/dev/null
fi
bin=${BIN:-build/release/tools/xingfuli}
data=${DATA:-$work/data}
port=18083
base=http://127.0.0.1:$port/api/v1

# Serves $data and signs the admin in ($token, and $work/auth.lua for wrk).
serve_seeded() {
  "$bin" serve --data-dir "$data" --listen 127.0.0.1:$port >"$work/serve.log" &
  for _ in $(seq 300); do curl -sf http://127.0.0.1:$port/readyz >/dev/null && break; sleep 0.1; done
  sleep "${SETTLE:-10}"
  local password
  password=$(cat "$data/initial-admin-password")
  token=$(curl -s -X POST "$base/sessions" -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$password\"}" | sed 's/.*"token":"\([0-9a-f]*\)".*/\1/')
  echo "wrk.headers[\"Authorization\"] = \"Bearer $token\"" >"$work/auth.lua"
}

measure() {  # name url
  printf '%-52s ' "$1"
  wrk -t1 -c"${CONNECTIONS:-16}" -d"$duration" --timeout 10s --latency -s "$work/auth.lua" "$2" |
    awk '/Requests\/sec/ { rps = $2 } / 50%/ { p50 = $2 } / 99%/ { p99 = $2 }
         END { printf "%10s req/s  p50 %8s  p99 %8s\n", rps, p50, p99 }'
}

server_rss() {
  echo "server RSS: $(ps -o rss= -p "$(pgrep -f "serve --data-dir $data")") KiB"
}
