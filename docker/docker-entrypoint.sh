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
# needs its password.  An init script that fails stops the first start and
# leaves PGDATA marked, so that a half-made database is never served.
set -eu

# (a container started with --user postgres runs everything as itself)
as_postgres() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=postgres --regid=postgres --init-groups "$@"
	else
		"$@"
	fi
}

incomplete="$PGDATA/stokkel-init-incomplete"

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
		# user's file in /tmp (fs.protected_regular)
		pwfile=$(printf '%s\n' "$POSTGRES_PASSWORD" | as_postgres sh -c 'f=$(mktemp) && cat >"$f" && echo "$f"')
	fi
	# shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a list of arguments
	as_postgres initdb --username=postgres ${POSTGRES_PASSWORD:+--pwfile="$pwfile"} --encoding=UTF8 \
		--locale=C.UTF-8 --auth-local=trust --auth-host="$auth" ${POSTGRES_INITDB_ARGS:-}
	[ "$pwfile" = /dev/null ] || rm -f "$pwfile"
	printf '\nhost all all all %s\n' "$auth" >>"$PGDATA/pg_hba.conf"
	printf "\nlisten_addresses = '*'\n" >>"$PGDATA/postgresql.conf"
	as_postgres touch "$incomplete"

	# the server for the init scripts: the command's own settings (pg_cron),
	# no TCP, so that health checks over TCP fail until the set-up is done
	as_postgres "$@" -c listen_addresses='' &
	until as_postgres pg_isready -q -d postgres; do
		if ! kill -0 $! 2>/dev/null; then
			echo "stokkel: the server for the init scripts did not start" >&2
			exit 1
		fi
		sleep 0.2
	done
	if [ "$POSTGRES_DB" != postgres ]; then
		echo 'CREATE DATABASE :"db";' | as_postgres psql -X -q -v ON_ERROR_STOP=1 -v db="$POSTGRES_DB" -d postgres
	fi
	for f in /docker-entrypoint-initdb.d/*; do
		case "$f" in
		*.sql)
			echo "stokkel: running $f"
			as_postgres psql -X -v ON_ERROR_STOP=1 -d "$POSTGRES_DB" -f "$f"
			;;
		*.sh)
			echo "stokkel: running $f"
			as_postgres sh "$f"
			;;
		*/\*) ;;
		*) echo "stokkel: ignoring $f" ;;
		esac
	done
	as_postgres pg_ctl -D "$PGDATA" -m fast -w stop
	rm -f "$incomplete"
	echo "stokkel: database $POSTGRES_DB initialised"
}

if [ "${1:-}" = postgres ]; then
	if [ "$(id -u)" = 0 ]; then
		mkdir -p "$PGDATA" /var/run/postgresql
		chown postgres:postgres "$PGDATA" /var/run/postgresql
		chmod 700 "$PGDATA"
	fi
	if [ -e "$incomplete" ]; then
		cat >&2 <<-EOF
			stokkel: the first start's set-up of $PGDATA did not finish (see that start's log).
			Start over with an empty data volume (docker compose down -v).
		EOF
		exit 1
	fi
	if [ ! -s "$PGDATA/PG_VERSION" ]; then
		init_cluster "$@"
	fi
	if [ "$(id -u)" = 0 ]; then
		exec setpriv --reuid=postgres --regid=postgres --init-groups "$@"
	fi
fi
exec "$@"
