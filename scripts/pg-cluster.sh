#!/bin/bash
# A throwaway PostgreSQL cluster for tests, in a directory of its own, on a free loopback port.
#   pg-cluster.sh start DIR    creates the cluster if DIR has none, starts it, prints its URL
#   pg-cluster.sh stop DIR     stops it (fast: sessions are cut, as when a server goes down)
#   pg-cluster.sh destroy DIR  stops it if running and removes DIR
# PostgreSQL refuses to run as root: as root, the cluster runs as the unprivileged user
# $SCROLLVAULT_PG_USER (default nobody), so DIR must be where it can reach (/tmp/NAME, say).
# Binaries: Debian's /usr/lib/postgresql/*/bin, the newest.
set -eu
cmd=${1:?start, stop or destroy}
dir=${2:?a directory}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bindir" ] || [ ! -x "$bindir/pg_ctl" ]; then
  echo "pg-cluster: no PostgreSQL server under /usr/lib/postgresql (apt-get install postgresql)" >&2
  exit 3
fi
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u "${SCROLLVAULT_PG_USER:-nobody}" -- "$@"; else "$@"; fi
}
case "$cmd" in
  start)
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown "${SCROLLVAULT_PG_USER:-nobody}" "$dir"; fi
    chmod 700 "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_owner "$bindir/initdb" -D "$dir/data" -U scrollvault --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    if [ ! -f "$dir/port" ]; then
      python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' >"$dir/port"
    fi
    port=$(cat "$dir/port")
    # fsync off: a test cluster's data need not survive a power cut, and the machine is shared.
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null \
      || { tail -20 "$dir/server.log" >&2; exit 1; }
    echo "postgres://scrollvault@127.0.0.1:$port/postgres"
    ;;
  stop)
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  destroy)
    if [ -f "$dir/data/postmaster.pid" ]; then as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    ;;
  *)
    echo "pg-cluster: unknown command $cmd" >&2; exit 2
    ;;
esac
