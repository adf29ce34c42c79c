#!/bin/sh
# A private, throw-away PostgreSQL cluster for the demo and the tests.
#
#   test/cluster.sh start   (re)create and start it
#   test/cluster.sh stop    stop it and remove its data
#   test/cluster.sh env     print PGHOST/PGPORT/PGUSER exports for it
#   test/cluster.sh psql [args]   run psql on it
#
# STOKKEL_CLUSTER_DIR and STOKKEL_PORT choose another place and port, so
# that several clusters can run side by side; PG_CONFIG chooses the
# PostgreSQL installation (see test/pg_root.sh).
# It listens only on a Unix socket inside the build tree (no TCP, so no clash
# with a server on port 5432).  PostgreSQL refuses to run as root, so when
# started by root the server runs as the postgres user; if that user cannot
# reach the build tree (a checkout under /root, say) the cluster lives in
# /tmp instead.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
port=${STOKKEL_PORT:-5499}
bindir=$(${PG_CONFIG:-pg_config} --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)
# Debian's pg_config may name the client's bindir; the server lives here.
[ -x "$bindir/initdb" ] || bindir=/usr/lib/postgresql/15/bin

as_server() {
	if [ "$(id -u)" = 0 ]; then
		# from / so that a cwd the postgres user cannot enter does not matter
		(cd / && runuser -u postgres -- "$@")
	else
		"$@"
	fi
}

cluster_dir() {
	dir="${STOKKEL_CLUSTER_DIR:-$top/.cluster}"
	if [ "$(id -u)" = 0 ]; then
		mkdir -p "$dir"
		chown postgres: "$dir"
		if ! runuser -u postgres -- test -w "$dir" 2>/dev/null; then
			dir="/tmp/stokkel-cluster-$(printf %s "$top" | cksum | cut -d' ' -f1)"
		fi
	fi
	echo "$dir"
}

dir=$(cluster_dir)
data="$dir/data"
sock="$dir/run"
log="$dir/server.log"

stop_cluster() {
	if [ -f "$data/postmaster.pid" ]; then
		as_server "$bindir/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$data" "$sock"
}

case "${1:-}" in
start)
	stop_cluster
	mkdir -p "$dir" "$sock"
	[ "$(id -u)" = 0 ] && chown postgres: "$dir" "$sock"
	as_server "$bindir/initdb" -D "$data" -U postgres -A trust -E UTF8 \
		--locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
		cat "$dir/initdb.log" >&2
		exit 1
	}
	cat >>"$data/postgresql.conf" <<CONF
listen_addresses = ''
port = $port
unix_socket_directories = '$sock'
shared_buffers = 512MB
work_mem = 64MB
maintenance_work_mem = 256MB
fsync = off
synchronous_commit = off
full_page_writes = off
max_worker_processes = 8
max_parallel_workers = 4
max_parallel_workers_per_gather = 2
log_min_messages = warning
CONF
	as_server "$bindir/pg_ctl" -D "$data" -l "$log" -w -t 60 start >/dev/null || {
		cat "$log" >&2
		exit 1
	}
	psql -h "$sock" -p "$port" -U postgres -d postgres -qX -c 'CREATE DATABASE stokkel' >/dev/null
	echo "stokkel: private cluster running on socket $sock (port $port), database stokkel"
	;;
stop)
	stop_cluster
	echo "stokkel: private cluster stopped"
	;;
env)
	echo "export PGHOST='$sock' PGPORT=$port PGUSER=postgres PGDATABASE=stokkel STOKKEL_SERVER_LOG='$log'"
	;;
psql)
	shift
	exec psql -h "$sock" -p "$port" -U postgres -d "${PGDATABASE:-stokkel}" "$@"
	;;
*)
	echo "usage: $0 start|stop|env|psql [args]" >&2
	exit 2
	;;
esac
