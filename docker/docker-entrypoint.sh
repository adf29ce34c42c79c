#!/bin/sh
# Entrypoint of the Stokkel image: on the first start (an empty PGDATA) it
# creates the cluster and POSTGRES_DB and runs /docker-entrypoint-initdb.d/*
# (.sql with psql, .sh as shell scripts) against a server that listens on its
# socket only; then it runs the command (postgres ...) as the postgres user.
#
#   POSTGRES_PASSWORD           the superuser postgres's password (required,
#                               unless POSTGRES_HOST_AUTH_METHOD=trust)
#   POSTGRES_DB                 database created on the first start (stokkel)
#   POSTGRES_HOST_AUTH_METHOD   for connections over TCP (scram-sha-256)
#   POSTGRES_INITDB_ARGS        more initdb arguments
#
# Connections on the container's socket are trusted; over TCP every role
# needs its password.  A first start that fails or is stopped before its
# end leaves a cluster without the marker stokkel-init-done, which later
# starts refuse to serve.
set -eu

# (a container started with --user postgres runs everything as itself)
as_postgres() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=postgres --regid=postgres --init-groups "$@"
	else
		"$@"
	fi
}

# written when the first start's set-up has finished: a cluster without it
# was left half-made (a stop or a failure during the set-up) and is not
# served
done_marker="$PGDATA/stokkel-init-done"

init_cluster() {
	auth=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}
	if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "$auth" != trust ]; then
		cat >&2 <<-EOF
			stokkel: the database is not initialised and POSTGRES_PASSWORD is not set.
			Set POSTGRES_PASSWORD (the superuser's password), or POSTGRES_HOST_AUTH_METHOD=trust
			to allow every connection without a password (never where others can connect).
		EOF
		exit 1
	fi
	pwfile=/dev/null
	if [ -n "${POSTGRES_PASSWORD:-}" ]; then
		# written by postgres itself: root may not write into another
		# user's file in /tmp (fs.protected_regular); removed however
		# initdb ends
		pwfile=$(printf '%s\n' "$POSTGRES_PASSWORD" | as_postgres sh -c 'f=$(mktemp) && cat >"$f" && echo "$f"')
		trap 'rm -f "$pwfile"' EXIT
	fi
	# shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a list of arguments
	as_postgres initdb --username=postgres ${POSTGRES_PASSWORD:+--pwfile="$pwfile"} --encoding=UTF8 \
		--locale=C.UTF-8 --auth-local=trust --auth-host="$auth" ${POSTGRES_INITDB_ARGS:-}
	[ "$pwfile" = /dev/null ] || rm -f "$pwfile"
	trap - EXIT
	printf '\nhost all all all %s\n' "$auth" >>"$PGDATA/pg_hba.conf"
	printf "\nlisten_addresses = '*'\n" >>"$PGDATA/postgresql.conf"

	# the database, made in single-user mode before the server below starts:
	# that server's pg_cron launcher connects to it at once (cron.database_name)
	# and logged a FATAL when it was not there yet; -j ends a command at a
	# semicolon and an empty line, so that any name, quoted, is one command
	if [ "$POSTGRES_DB" != postgres ]; then
		printf 'CREATE DATABASE "%s";\n\n' "$(printf '%s' "$POSTGRES_DB" | sed 's/"/""/g')" |
			as_postgres postgres --single -j -D "$PGDATA" -c log_min_messages=warning postgres >/dev/null
	fi
	# the server for the init scripts: the command's own settings (pg_cron),
	# no TCP, so that health checks over TCP fail until the set-up is done;
	# the default port, which pg_isready and psql below use
	as_postgres "$@" -c listen_addresses='' -c port=5432 &
	until as_postgres pg_isready -q -p 5432 -d postgres; do
		if ! kill -0 $! 2>/dev/null; then
			echo "stokkel: the server for the init scripts did not start" >&2
			exit 1
		fi
		sleep 0.2
	done
	# made above; had single-user mode failed, the error is in the log and the
	# database is made here
	echo 'SELECT pg_catalog.format($$CREATE DATABASE %I$$, :'"'db'"') WHERE NOT EXISTS
	        (SELECT FROM pg_catalog.pg_database WHERE datname = :'"'db'"') \gexec' |
		as_postgres psql -X -q -p 5432 -v ON_ERROR_STOP=1 -v db="$POSTGRES_DB" -d postgres
	# the database's name through PGDATABASE, which psql takes as it is (a
	# -d value with "=" would be read as connection options)
	for f in /docker-entrypoint-initdb.d/*; do
		case "$f" in
		*.sql)
			echo "stokkel: running $f"
			as_postgres env PGDATABASE="$POSTGRES_DB" PGPORT=5432 psql -X -v ON_ERROR_STOP=1 -f "$f"
			;;
		*.sh)
			echo "stokkel: running $f"
			as_postgres env PGDATABASE="$POSTGRES_DB" PGPORT=5432 sh "$f"
			;;
		*/\*) ;;
		*) echo "stokkel: ignoring $f" ;;
		esac
	done
	as_postgres pg_ctl -D "$PGDATA" -m fast -w stop
	as_postgres touch "$done_marker"
	echo "stokkel: database $POSTGRES_DB initialised"
}

# a command of server options only: the server with them
case "${1:-}" in
-*) set -- postgres "$@" ;;
esac
if [ "${1:-}" = postgres ]; then
	if [ "$(id -u)" = 0 ]; then
		mkdir -p "$PGDATA" /var/run/postgresql
		chown postgres:postgres /var/run/postgresql
		# a volume made by another image (another uid for postgres)
		find "$PGDATA" \! -user postgres -exec chown postgres:postgres {} +
		chmod 700 "$PGDATA"
	fi
	if [ -s "$PGDATA/PG_VERSION" ] && [ ! -e "$done_marker" ]; then
		cat >&2 <<-EOF
			stokkel: $PGDATA holds a cluster whose first-start set-up did not finish (see that
			start's log), so it is not served.  Start over with an empty data volume
			(docker compose down -v).  For a cluster of your own that needs no set-up, create
			$done_marker.
		EOF
		exit 1
	fi
	if [ ! -s "$PGDATA/PG_VERSION" ]; then
		if [ -n "$(ls -A "$PGDATA")" ]; then
			echo "stokkel: $PGDATA is not empty but holds no cluster (a first start stopped during initdb?);" \
				"start over with an empty data volume" >&2
			exit 1
		fi
		init_cluster "$@"
	fi
	if [ "$(id -u)" = 0 ]; then
		exec setpriv --reuid=postgres --regid=postgres --init-groups "$@"
	fi
fi
exec "$@"
