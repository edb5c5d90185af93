#!/usr/bin/env bash
# Start a throwaway PostgreSQL for the store tests and print the URL to export:
#
#   export PANELBANK_TEST_POSTGRES_URL="$(tests/store/postgres.sh start)"
#   python -m pytest tests/store -q
#   tests/store/postgres.sh stop
#
# Needs the server binaries (Debian: apt-get install postgresql) and psycopg
# (pip install -e '.[test,postgres]'). The cluster lives in $PGTEST_DIR (default
# /tmp/panelbank-pg), listens on 127.0.0.1:$PGTEST_PORT (default 54329) with trust
# auth, and holds one database, panelbank_test, which the tests wipe freely.
set -euo pipefail

DIR="${PGTEST_DIR:-/tmp/panelbank-pg}"
PORT="${PGTEST_PORT:-54329}"
BIN="${PGTEST_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
[ -x "$BIN/initdb" ] || BIN="$(dirname "$(command -v initdb)")"

# PostgreSQL refuses to run as root: run it as the postgres user then.
as_owner() {
    if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}

case "${1:-start}" in
start)
    mkdir -p "$DIR"
    [ "$(id -u)" = 0 ] && chown postgres "$DIR"
    if [ ! -f "$DIR/data/PG_VERSION" ]; then
        as_owner "'$BIN/initdb' -D '$DIR/data' -U postgres --auth=trust -E UTF8" >"$DIR/initdb.log"
    fi
    if as_owner "'$BIN/pg_ctl' -D '$DIR/data' status" >/dev/null 2>&1; then
        PORT="$(sed -n 4p "$DIR/data/postmaster.pid")" # already running: on the port it has
    else
        as_owner "'$BIN/pg_ctl' -D '$DIR/data' -l '$DIR/server.log' -w \
            -o \"-p $PORT -k $DIR -c listen_addresses=127.0.0.1\" start" >/dev/null
    fi
    as_owner "'$BIN/psql' -h 127.0.0.1 -p $PORT -U postgres -tAc \
        \"SELECT 1 FROM pg_database WHERE datname = 'panelbank_test'\"" | grep -q 1 ||
        as_owner "'$BIN/createdb' -h 127.0.0.1 -p $PORT -U postgres panelbank_test"
    echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/panelbank_test"
    ;;
stop)
    if as_owner "'$BIN/pg_ctl' -D '$DIR/data' status" >/dev/null 2>&1; then
        as_owner "'$BIN/pg_ctl' -D '$DIR/data' -m fast -w stop" >/dev/null
    fi
    ;;
*)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
