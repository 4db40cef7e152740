#!/usr/bin/env bash
# Runs the side-by-side push benchmark (crates/server/examples/bench_peers.rs)
# against target/server/anxin-server and bench/'s json-server and
# pouchdb-server. Anxin runs on PostgreSQL too when ANXIN_BENCH_POSTGRES_URL
# names an empty database, or when run by scripts/with-postgres.sh: then a
# fresh database is made in its throwaway cluster (and dropped afterwards).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

made=
if [ -z "${ANXIN_BENCH_POSTGRES_URL:-}" ] && [ -n "${ANXIN_TEST_DATABASE_URL:-}" ]; then
  pg_bin=${ANXIN_TEST_PG_BIN:+$ANXIN_TEST_PG_BIN/}
  made=anxin_bench_peers_$$
  "${pg_bin}createdb" --maintenance-db="$ANXIN_TEST_DATABASE_URL" "$made"
  trap '"${pg_bin}dropdb" --maintenance-db="$ANXIN_TEST_DATABASE_URL" "$made" || true' EXIT
  export ANXIN_BENCH_POSTGRES_URL="${ANXIN_TEST_DATABASE_URL%/*}/$made"
fi

cargo run --quiet --profile server -p anxin-server --example bench_peers
