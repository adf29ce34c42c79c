#!/bin/sh
# The Docker image's database set-up and the README's HTTP examples, without
# Docker or PostgREST (neither can run here): docker/initdb/10-stokkel.sql
# runs as the image's entrypoint runs it (psql in a fresh database, with the
# compose file's STOKKEL_* variables), then test/docker/http_examples.py
# replays every curl example of the README's "HTTP API" section as
# PostgREST translates it, logged in as the image's authenticator role.
# The pg_cron line is skipped: the test cluster does not preload pg_cron
# (the image does, on its command line).  TAP output.
# Needs the private cluster (test/cluster.sh start) and python3.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
eval "$(test/cluster.sh env)"
export PGHOST PGPORT
db=stokkel_docker
out="$top/results/docker"
mkdir -p "$out"

# a fresh database and the image's roles, as on a new data volume
{
	PGOPTIONS="-c client_min_messages=warning" psql -qX -d postgres -c "DROP DATABASE IF EXISTS $db" &&
		PGOPTIONS="-c client_min_messages=warning" psql -qX -v ON_ERROR_STOP=1 -d postgres \
			-c "DROP ROLE IF EXISTS authenticator, web_admin, web_user, web_anon" -c "CREATE DATABASE $db" &&
		grep -v 'pg_cron' docker/initdb/10-stokkel.sql |
		STOKKEL_DEMO_DATA=yes STOKKEL_AUTHENTICATOR_PASSWORD=authenticator-dev \
			psql -X -v ON_ERROR_STOP=1 -d "$db"
} >"$out/init.log" 2>&1 || {
	echo "Bail out! docker/initdb/10-stokkel.sql failed:"
	sed 's/^/# /' "$out/init.log" | tail -20
	exit 1
}
python3 test/docker/http_examples.py README.md "$db"
