#!/bin/sh
# Measures `ct sql` and `ct export` beside `ct lookup --user alice` on the benchmark's own tree:
# runs bench/run.ts with these commands as extra cases (CT_BENCH_EXTRA). Needs @duckdb/node-api.
# Usage: bench/sql.sh [bench/run.ts arguments, e.g. --size-mb 400 --skip-jq]
set -eu
cd "$(dirname "$0")/.."
out=$(mktemp -d "${TMPDIR:-/tmp}/ct-bench-sql.XXXXXX")
trap 'rm -rf "$out"' EXIT INT TERM
CT_BENCH_EXTRA=$(cat <<JSON
[
  ["ct sql count(*) where username = alice", "{ct} sql \"SELECT count(*) FROM events WHERE useridentity.username = 'alice'\" {tree}"],
  ["ct sql top event names (loads eventname only)", "{ct} sql \"SELECT eventname, count(*) AS n FROM events GROUP BY ALL ORDER BY n DESC LIMIT 10\" {tree}"],
  ["ct export --format parquet", "rm -rf $out/parquet && {ct} export --to $out/parquet {tree}"],
  ["ct export --format ocsf", "rm -rf $out/ocsf && {ct} export --to $out/ocsf --format ocsf {tree}"],
  ["ct export --format ndjson --gzip", "rm -rf $out/ndjson && {ct} export --to $out/ndjson --format ndjson --gzip {tree}"]
]
JSON
)
export CT_BENCH_EXTRA
npm run bench -- "$@"
