#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL 15 server on 127.0.0.1 and DATABASE_URL pointing at it.
# The server lives in a temporary folder, runs as a non-root user, and is stopped on any exit.
#   bash scripts/with-postgres.sh npm test
set -euo pipefail

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
if [ ! -x "$PG_BIN/initdb" ]; then
  echo "with-postgres: no PostgreSQL binaries in $PG_BIN (apt-get install postgresql-15)" >&2
  exit 1
fi

PG_USER="${PG_USER:-postgres}"
if [ "$(id -u)" = "0" ]; then
  id "$PG_USER" >/dev/null 2>&1 || useradd --system --no-create-home "$PG_USER"
  AS=(runuser -u "$PG_USER" --)
else
  PG_USER="$(id -un)"
  AS=()
fi

PG_DIR="$(mktemp -d /tmp/kiki-pg.XXXXXX)"
chmod 755 "$PG_DIR"
[ "$(id -u)" = "0" ] && chown "$PG_USER" "$PG_DIR"
PG_PORT="${PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')}"

stop_pg() {
  "${AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
trap stop_pg EXIT

"${AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U kiki --auth=trust --encoding=UTF8 --locale=C >"$PG_DIR/initdb.log" 2>&1 \
  || { cat "$PG_DIR/initdb.log" >&2; exit 1; }
"${AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
  -o "-h 127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null \
  || { cat "$PG_DIR/server.log" >&2; exit 1; }

export DATABASE_URL="postgres://kiki@127.0.0.1:$PG_PORT/postgres"
echo "with-postgres: PostgreSQL on 127.0.0.1:$PG_PORT" >&2
set +e
"$@"
status=$?
set -e
exit $status
