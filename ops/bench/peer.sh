#!/usr/bin/env bash
# The event log beside PostgreSQL as an event store, in one run: Debian's PostgreSQL 15 started
# in a temporary directory (fsync and synchronous_commit on, as installed), events in one table
# whose (stream_id, version) primary key is the expected-version check and whose unique
# command_id is the idempotency key, driven by pgbench over the local socket; the log by
# `xingfuli bench --peer` in the same process as its callers, as the server uses it. Each run
# measures both, alternating, and prints the ratios.
#   appends: 64 clients appending one event each to their own streams (next version read in
#            the same statement), synced; batches: one client appending 100 events per commit;
#   reads:   whole streams of 20 events by 2 readers, written as 20 single-event commits
#            round by round across 2,000 streams (each stream's events apart), or as one commit;
#            the log's as written (in RocksDB's memtable) and after a restart (in table files),
#            PostgreSQL's from its shared buffers.
# Usage: ops/bench/peer.sh [runs]   (default 2; BIN=path/to/xingfuli as served.sh)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-2}
seconds=${SECONDS_EACH:-5}
work=$(mktemp -d)
pg=/usr/lib/postgresql/15/bin
cleanup() {
  runuser -u postgres -- "$pg/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
XFL_WITH_TOOLS=1 ops/install-deps.sh
. ops/bench/served.sh

chown postgres "$work"
runuser -u postgres -- "$pg/initdb" -D "$work/pg" -A trust -U postgres >/dev/null
runuser -u postgres -- "$pg/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w \
  -o "-k $work -c listen_addresses='' -c max_connections=100" start >/dev/null
export PGOPTIONS='-c client_min_messages=warning'
sql() { psql -q -X -h "$work" -U postgres -v ON_ERROR_STOP=1 "$@"; }
payload='{"person_id":"530502199001011234","status":"employed_away","monthly_income_fen":450000,"wants_job":false,"wants_training":true,"training_trade":"electrician"}'
cat >"$work/append.sql" <<SQL
\set s random(0, 49)
INSERT INTO events (stream_id, version, type, payload, command_id)
  SELECT 'w' || :client_id || '-' || :s, coalesce(max(version), 0) + 1, 'bench.visit_line',
         (SELECT payload FROM template), md5(random()::text || clock_timestamp()::text)
  FROM events WHERE stream_id = 'w' || :client_id || '-' || :s;
SQL
cat >"$work/batch.sql" <<SQL
INSERT INTO events (stream_id, version, type, payload)
  SELECT 'bulk-' || n, v, 'bench.visit_line', (SELECT payload FROM template)
  FROM (SELECT nextval('bulk') AS n) s, generate_series(1, 100) v;
SQL
for kind in single-commits one-commit; do
  cat >"$work/read-$kind.sql" <<SQL
\set s random(0, 1999)
SELECT position, stream_id, version, type, payload, command_id, recorded_at
  FROM events WHERE stream_id = '$kind-' || :s ORDER BY version;
SQL
done
reset_pg() {
  sql <<SQL
DROP TABLE IF EXISTS events, template; DROP SEQUENCE IF EXISTS bulk; CREATE SEQUENCE bulk;
-- pgbench reads ":name" in a script as a variable, so the JSON payload is kept here.
CREATE TABLE template (payload jsonb NOT NULL); INSERT INTO template VALUES ('$payload');
CREATE TABLE events (position bigserial, stream_id text NOT NULL, version integer NOT NULL,
  type text NOT NULL, payload jsonb NOT NULL, command_id text UNIQUE,
  recorded_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (stream_id, version));
SQL
}
pgbench_tps() {  # script clients
  pgbench -n -h "$work" -U postgres -M prepared -c "$2" -j "$2" -T "$seconds" -f "$work/$1" postgres |
    awk '/^tps = / { printf "%.0f", $3 }'
}
figure() {  # the first line of the log's output holding this label: its figure
  awk -v label="$1" 'index($0, label) { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+$/) v = $i
                                         print v; exit }' "$work/xfl.out"
}
row() {  # what log postgres unit
  awk -v w="$1" -v a="$2" -v b="$3" -v u="$4" \
    'BEGIN { printf "%-50s %10d %10d %-10s %5.2fx\n", w, a, b, u, a / b }'
}

for run in $(seq "$runs"); do
  echo "== run $run: $(nproc) cores; figure, log, PostgreSQL, unit, log/PostgreSQL"
  "$bin" bench --peer --data-dir "$work/xfl" >"$work/xfl.out"
  reset_pg
  appends=$(pgbench_tps append.sql 64)
  batches=$(( $(pgbench_tps batch.sql 1) * 100 ))
  sql <<SQL
INSERT INTO events (stream_id, version, type, payload)
  SELECT 'single-commits-' || s, v, 'bench.visit_line', '$payload'
  FROM generate_series(1, 20) v, generate_series(0, 1999) s ORDER BY v, s;
INSERT INTO events (stream_id, version, type, payload)
  SELECT 'one-commit-' || s, v, 'bench.visit_line', '$payload'
  FROM generate_series(0, 1999) s, generate_series(1, 20) v ORDER BY s, v;
VACUUM ANALYZE events;
SQL
  single=$(pgbench_tps read-single-commits.sql 2)
  one=$(pgbench_tps read-one-commit.sql 2)
  row "appends: 64 writers, 1 event each" "$(figure '64 writers')" "$appends" appends/s
  row "appends: 100 events per commit, 1 writer" "$(figure 'appends of 100')" "$batches" events/s
  row "stream reads: 20 single-event commits, 2 readers" "$(figure 'single-event commits')" "$single" reads/s
  row "  the same after a restart of the log" "$(figure 'single-event commits, 2 readers, after')" "$single" reads/s
  row "stream reads: 20 events in one commit, 2 readers" "$(figure 'in one commit')" "$one" reads/s
  row "  the same after a restart of the log" "$(figure 'in one commit, 2 readers, after')" "$one" reads/s
  rm -rf "$work/xfl"
done
du -sh "$work/pg" | sed 's/^/PostgreSQL data directory after the last run: /'
