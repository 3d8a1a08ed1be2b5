#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster, then remove the cluster.
#   tools/pg_throwaway.sh PORT COMMAND...
# The cluster lives in a fresh temporary directory, listens on 127.0.0.1:PORT only, and has
# fsync off (it is thrown away). DATABASE_URL is exported to COMMAND.
set -euo pipefail
port=$1; shift

pgbin=""
for dir in /usr/lib/postgresql/*/bin; do [ -x "$dir/initdb" ] && pgbin=$dir; done
if [ -z "$pgbin" ]; then
  echo "PostgreSQL server binaries not found; installing the Debian package." >&2
  ${SUDO:-} apt-get install -y -q postgresql >/dev/null
  for dir in /usr/lib/postgresql/*/bin; do [ -x "$dir/initdb" ] && pgbin=$dir; done
fi

data=$(mktemp -d /tmp/blueprint-pg.XXXXXX)
as_pg=()
if [ "$(id -u)" = 0 ]; then
  chown postgres: "$data"
  as_pg=(runuser -u postgres --)
fi
cleanup() {
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$data"
}
trap cleanup EXIT

"${as_pg[@]}" "$pgbin/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$data" -w -l "$data/server.log" start \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c fsync=off -c full_page_writes=off" >/dev/null

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/blueprint"
"$pgbin/createdb" -h 127.0.0.1 -p "$port" -U postgres blueprint
"$@"
