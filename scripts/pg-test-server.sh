#!/usr/bin/env bash
# A throwaway PostgreSQL server for fairsift's tests: 127.0.0.1 only, data in a temp dir.
#
#   scripts/pg-test-server.sh start    # idempotent; prints `export FAIRSIFT_TEST_PG_URL=...`
#   scripts/pg-test-server.sh stop     # idempotent; keeps the data dir
#   scripts/pg-test-server.sh url      # prints the URL only
#   scripts/pg-test-server.sh destroy  # stop and delete the data dir
#
# Settings: FAIRSIFT_PG_DIR (default /tmp/fairsift-pg), FAIRSIFT_PG_PORT (default 54329).
# Runs postgres as a non-root user (the Debian `postgres` user when started as root).
# Installs Debian's postgresql first when it is missing and we are root.
set -euo pipefail

DIR="${FAIRSIFT_PG_DIR:-/tmp/fairsift-pg}"
PORT="${FAIRSIFT_PG_PORT:-54329}"
USER_NAME="fairsift"
PASSWORD="fairsift"  # test-only cluster bound to 127.0.0.1
DATA="$DIR/data"
URL="postgresql://$USER_NAME:$PASSWORD@127.0.0.1:$PORT/postgres"

find_bindir() {
  local dir
  if command -v pg_config >/dev/null 2>&1; then
    dir="$(pg_config --bindir)"
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  return 1
}

ensure_installed() {
  if find_bindir >/dev/null; then return 0; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian's postgresql" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null \
      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null; }
    find_bindir >/dev/null && return 0
  fi
  echo "PostgreSQL is not installed: run 'apt-get install -y postgresql' as root" >&2
  exit 1
}

# Run a command as the cluster's owner: postgres refuses to run as root.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

is_running() {
  [ -f "$DATA/PG_VERSION" ] && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

start() {
  ensure_installed
  BIN="$(find_bindir)"
  mkdir -p "$DIR"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$DIR"; fi
  if [ ! -f "$DATA/PG_VERSION" ]; then
    local pwfile="$DIR/pwfile"
    printf '%s\n' "$PASSWORD" >"$pwfile"
    if [ "$(id -u)" = 0 ]; then chown postgres: "$pwfile"; fi
    as_owner "$BIN/initdb" -D "$DATA" -U "$USER_NAME" --pwfile="$pwfile" \
      --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
      || { cat "$DIR/initdb.log" >&2; exit 1; }
    rm -f "$pwfile"
  fi
  if ! is_running; then
    as_owner "$BIN/pg_ctl" -D "$DATA" -l "$DIR/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off -c max_connections=100" \
      start >/dev/null || { tail -20 "$DIR/server.log" >&2; exit 1; }
  fi
  echo "export FAIRSIFT_TEST_PG_URL=$URL"
}

stop() {
  BIN="$(find_bindir || true)"
  if [ -n "$BIN" ] && is_running; then
    as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) echo "$URL" ;;
  destroy) stop; rm -rf "$DIR" ;;
  *) echo "usage: $0 start|stop|url|destroy" >&2; exit 2 ;;
esac
