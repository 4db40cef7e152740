#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL cluster, for the tests of the
# PostgreSQL store:
#   scripts/with-postgres.sh CMD ARGS...
# The cluster lives in a fresh temp folder (owned by the postgres user when
# run as root: initdb and postgres refuse root), listens on a free port of
# 127.0.0.1 only, trusts every local connection, and sorts bytewise (locale
# C). CMD sees ANXIN_TEST_DATABASE_URL (the postgres database, as the
# postgres user) and ANXIN_TEST_PG_BIN (the server's binaries). Afterwards,
# on success, failure or Ctrl-C alike, the cluster is stopped and its
# folder removed; exits with CMD's exit code.
set -euo pipefail

[ $# -gt 0 ] || { echo "usage: scripts/with-postgres.sh CMD ARGS..." >&2; exit 2; }

# The newest installed server, never whatever initdb is first on PATH.
bin=$(for initdb in /usr/lib/postgresql/*/bin/initdb; do
  if [ -x "$initdb" ]; then dirname "$initdb"; fi
done | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "no /usr/lib/postgresql/*/bin/initdb: run 'scripts/install-tools.sh --test'" >&2; exit 1; }

# As root, the cluster's files and processes belong to the postgres user.
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || { echo "running as root needs the postgres user (Debian's postgresql package)" >&2; exit 1; }
  as_owner=(setpriv --reuid=postgres --regid=postgres --init-groups --)
fi

work=$(mktemp -d)
data=$work/data
log=$work/server.log
postmaster=
cleanup() {
  trap '' INT TERM
  # The postmaster, by the pid on the first line of its pid file when that
  # is the process started here (setpriv execs, so $! is the postmaster
  # itself); by $! alone before the file is written. Nothing else.
  local pid=
  [ -f "$data/postmaster.pid" ] && pid=$(head -n 1 "$data/postmaster.pid" 2>/dev/null || true)
  [ -n "$pid" ] && [ "$pid" = "$postmaster" ] || pid=$postmaster
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    # SIGINT is a fast shutdown: sessions are ended, the data is written out.
    kill -INT "$pid" 2>/dev/null || true
    local waited=0
    while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 200 ]; do sleep 0.1; waited=$((waited + 1)); done
    if kill -0 "$pid" 2>/dev/null; then
      echo "with-postgres: the server did not stop in 20 s, killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

[ ${#as_owner[@]} -eq 0 ] || chown postgres: "$work"

# A free port (another process may still take it before the server binds:
# then the start fails with the server's log).
if command -v python3 >/dev/null; then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
elif command -v node >/dev/null; then
  port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
else
  port=
  for _ in $(seq 1 100); do
    candidate=$((20000 + RANDOM % 40000))
    if ! (: </dev/tcp/127.0.0.1/"$candidate") 2>/dev/null; then port=$candidate; break; fi
  done
  [ -n "$port" ] || { echo "with-postgres: found no free port" >&2; exit 1; }
fi

# The tools run from the temp folder: the postgres user may not read ours.
if ! (cd "$work" && "${as_owner[@]}" "$bin/initdb" -D "$data" --auth=trust --locale=C --encoding=UTF8 -U postgres) \
  >"$work/initdb.log" 2>&1; then
  cat "$work/initdb.log" >&2
  echo "with-postgres: initdb failed" >&2
  exit 1
fi

# fsync stays on, as in production: durability is what is tested.
(cd "$work" && exec "${as_owner[@]}" "$bin/postgres" -D "$data" -p "$port" -h 127.0.0.1 -k "$data" \
  -c fsync=on -c synchronous_commit=on -c max_connections=400 -c shared_buffers=128MB) >"$log" 2>&1 &
postmaster=$!

# Ready when pg_isready says so; a server that died or is still not up
# after 60 s fails with its log.
deadline=$((SECONDS + 60))
until "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres; do
  if ! kill -0 "$postmaster" 2>/dev/null; then
    cat "$log" >&2
    echo "with-postgres: the server exited while starting" >&2
    exit 1
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    cat "$log" >&2
    echo "with-postgres: the server did not accept connections within 60 s" >&2
    exit 1
  fi
  sleep 0.1
done

export ANXIN_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
export ANXIN_TEST_PG_BIN="$bin"
echo "with-postgres: PostgreSQL $(basename "${bin%/bin}") listening on 127.0.0.1:$port (data in $data)" >&2

status=0
"$@" || status=$?
exit "$status"
