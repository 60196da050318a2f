#!/usr/bin/env bash
# A throwaway PostgreSQL for the DuckLake tests' catalog: Debian's server, a new cluster in a temporary directory,
# listening on 127.0.0.1 and on a unix socket in that directory only, on a free port, with trust auth (nothing off
# this machine can reach it, and its data is thrown away). scd_pg_start exports SCD_TEST_POSTGRES, a libpq
# connection string for the database scd_test, the form DuckDB's postgres extension and `ducklake:postgres:` take;
# scd_pg_stop stops the server and deletes the directory. pg_ctl detaches the server into its own session, so
# neither Ctrl-C nor a CI runner killing the job's process group stops it: the caller stops it from a trap.
# usage: scripts/postgres.sh run CMD [ARG...]    (start, run CMD with SCD_TEST_POSTGRES set, stop whatever happens)
#        . scripts/postgres.sh; trap scd_pg_stop EXIT; scd_pg_start    (.ci/run)

# The newest installed major: Debian keeps the server's binaries off PATH, in /usr/lib/postgresql/<major>/bin.
scd_pg_bindir() {
  find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin 2>/dev/null | sort -V | tail -n 1
}

# Debian's `postgresql` (its current major), unless a server is installed already.
scd_pg_install() {
  [ -n "$(scd_pg_bindir)" ] && return 0
  local sudo
  sudo=$([ "$(id -u)" = 0 ] && echo "" || echo sudo)
  # The package would create a main cluster and, where services may start, leave it running on 5432 after we
  # are done; ours lives in a temporary directory instead.
  $sudo mkdir -p /etc/postgresql-common/createcluster.d &&
    echo 'create_main_cluster = false' | $sudo tee /etc/postgresql-common/createcluster.d/scd-ci.conf > /dev/null &&
    $sudo apt-get update -qq &&
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql > /dev/null
}

# Runs a PostgreSQL program as the cluster's owner, from the cluster's directory (the owner may not be allowed
# into the caller's).
scd_pg_as() {
  (cd "$SCD_PG_DIR" && "${scd_pg_user[@]}" "$SCD_PG_BIN/$1" "${@:2}")
}

# One the kernel picks, released at once.
scd_pg_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

scd_pg_start() {
  scd_pg_install || return
  SCD_PG_BIN="$(scd_pg_bindir)"
  SCD_PG_DIR="$(mktemp -d -t scd-postgres.XXXXXX)" || return
  scd_pg_user=()
  if [ "$(id -u)" = 0 ]; then
    # The server refuses to run as root. The package creates this system user; an image without it gets one.
    if ! id -u postgres > /dev/null 2>&1; then
      useradd --system --user-group --no-create-home --shell /bin/sh postgres || return
    fi
    chown postgres: "$SCD_PG_DIR" || return
    scd_pg_user=(runuser -u postgres --)
  fi
  # The superuser is `postgres` whoever runs this, so the connection string is the same for root and developers.
  # Locale C: a clean image may have no other, and a catalog needs none.
  scd_pg_as initdb -D "$SCD_PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C --no-sync \
    > "$SCD_PG_DIR/initdb.log" 2>&1 || { cat "$SCD_PG_DIR/initdb.log" >&2; return 1; }
  local port attempt
  for attempt in 1 2 3; do
    # A port free now may be taken before the server binds it (others run tests on this machine): then the
    # server exits at once and we try another. fsync off: nothing here is worth a crash-safe disk write.
    port="$(scd_pg_free_port)" || return
    scd_pg_as pg_ctl start -D "$SCD_PG_DIR/data" -w -t 60 -l "$SCD_PG_DIR/server.log" \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$SCD_PG_DIR -c fsync=off" \
      > /dev/null && break
    [ "$attempt" = 3 ] && { cat "$SCD_PG_DIR/server.log" >&2; return 1; }
  done
  scd_pg_as createdb -h 127.0.0.1 -p "$port" -U postgres scd_test || return
  export SCD_TEST_POSTGRES="host=127.0.0.1 port=$port user=postgres dbname=scd_test"
}

# Safe to call twice, or after a start that failed half-way. Immediate: the data is thrown away, so there is
# nothing a clean shutdown would save.
scd_pg_stop() {
  [ -n "${SCD_PG_DIR:-}" ] || return 0
  if [ -f "$SCD_PG_DIR/data/postmaster.pid" ]; then
    scd_pg_as pg_ctl stop -D "$SCD_PG_DIR/data" -m immediate -w -t 60 > /dev/null || true
  fi
  rm -rf "$SCD_PG_DIR"
  unset SCD_PG_DIR SCD_TEST_POSTGRES
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  if [ "${1:-}" != run ] || [ $# -lt 2 ]; then
    echo "usage: scripts/postgres.sh run CMD [ARG...]" >&2
    exit 2
  fi
  trap scd_pg_stop EXIT
  scd_pg_start
  "${@:2}"
fi
