#!/bin/sh
# The Docker image, built and run: docker/Dockerfile is built, its database
# service is started by docker/docker-compose.yml (PostgREST's image is not
# started: it comes from a registry this machine may not reach), and the
# running container is checked over TCP as PostgREST would use it, with the
# README's HTTP examples (test/docker/http_examples.py).  TAP output.
#
#   test/docker/image_test.sh        (as root or a member of group docker)
#
# Needs a running Docker engine and docker-compose; without them it skips.
# The image is built FROM debian:bookworm-slim when that can be pulled, else
# FROM a Debian 12 base made here with debootstrap from Debian's mirror
# (apt-get install debootstrap).  Not part of `make test`: CI machines have no
# Docker engine.  Leaves nothing behind but the images.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
out="$top/results/docker-image"
mkdir -p "$out"
project=stokkeltest
port=${STOKKEL_IMAGE_TEST_PORT:-55432}
export POSTGRES_PASSWORD=image-test-superuser
export STOKKEL_AUTHENTICATOR_PASSWORD=image-test-authenticator
export STOKKEL_DEMO_DATA=yes
compose() {
	docker-compose -p "$project" -f docker/docker-compose.yml -f "$out/ports.yml" "$@"
}

if ! docker info >/dev/null 2>&1 || ! command -v docker-compose >/dev/null; then
	echo "1..0 # SKIP no Docker engine or no docker-compose"
	exit 0
fi
n=0
failed=0
check() { # description, then the command that must succeed
	n=$((n + 1))
	d=$1
	shift
	if "$@" >"$out/check$n.log" 2>&1; then
		echo "ok $n - $d"
	else
		echo "not ok $n - $d"
		sed 's/^/# /' "$out/check$n.log" | tail -20
		failed=$((failed + 1))
	fi
}
cleanup() {
	compose down -v >/dev/null 2>&1
	docker rm -f -v stokkeltest-nopw stokkeltest-badinit stokkeltest-stopped stokkeltest-odd >/dev/null 2>&1
}
trap cleanup EXIT

# the database's port on this host (the compose file publishes none)
printf 'services:\n  db:\n    ports:\n      - "127.0.0.1:%s:5432"\n' "$port" >"$out/ports.yml"

base=${STOKKEL_BASE_IMAGE:-}
if [ -z "$base" ]; then
	if docker image inspect debian:bookworm-slim >/dev/null 2>&1 ||
		timeout 60 docker pull debian:bookworm-slim >"$out/pull.log" 2>&1; then
		base=debian:bookworm-slim
	else
		base=stokkel-base:bookworm
		if ! docker image inspect "$base" >/dev/null 2>&1; then
			root=$(mktemp -d)
			if ! debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian \
				>"$out/debootstrap.log" 2>&1; then
				echo "Bail out! no debian:bookworm-slim and debootstrap failed (results/docker-image/debootstrap.log)"
				exit 1
			fi
			chroot "$root" apt-get clean
			rm -rf "$root"/var/lib/apt/lists/*
			tar -C "$root" -c . | docker import - "$base" >/dev/null
			rm -rf "$root"
		fi
	fi
fi
export STOKKEL_BASE_IMAGE="$base"
echo "# base image: $base"
cleanup

check "docker-compose.yml is valid" compose config -q
started=$(date +%s)
check "the image builds (docker-compose build db)" compose build db
echo "# built in $(($(date +%s) - started)) s; image size $(docker image inspect -f '{{.Size}}' "${project}_db" 2>/dev/null |
	awk '{printf "%.0f MB", $1 / 1e6}')"
check "no compiler left in the image" docker run --rm --entrypoint sh "${project}_db" -c '! command -v gcc && ! command -v make'

started=$(date +%s)
compose up -d db >"$out/up.log" 2>&1
# the health check (pg_isready over TCP) passes only once the init scripts are done
healthy() {
	c=$(compose ps -q db)
	i=0
	while [ $i -lt 600 ]; do
		s=$(docker inspect -f '{{.State.Health.Status}}' "$c" 2>/dev/null)
		[ "$s" = healthy ] && return 0
		[ "$(docker inspect -f '{{.State.Running}}' "$c" 2>/dev/null)" = true ] || break
		sleep 1
		i=$((i + 1))
	done
	docker logs "$c" 2>&1 | tail -30
	return 1
}
check "the database service becomes healthy after its first-start set-up" healthy
echo "# first start, demo shop included: $(($(date +%s) - started)) s"
c=$(compose ps -q db)
docker logs "$c" >"$out/db.log" 2>&1
# pg_cron's launcher used to find no database on the first start
check "the first start logs no FATAL or ERROR" sh -c "! grep -E 'FATAL|ERROR' '$out/db.log'"

export PGHOST=127.0.0.1 PGPORT="$port" PGDATABASE=stokkel
sql_is() { # role, password, query, wanted output
	[ "$(PGPASSWORD=$2 psql -X -At -U "$1" -c "$3")" = "$4" ]
}
check "stokkel and pg_cron are installed, pg_cron preloaded" sql_is postgres "$POSTGRES_PASSWORD" \
	"SELECT string_agg(extname, ',' ORDER BY extname) || ' ' || current_setting('shared_preload_libraries')
	   FROM pg_extension WHERE extname IN ('stokkel', 'pg_cron')" "pg_cron,stokkel pg_cron"
check "the nightly refresh is scheduled" sql_is postgres "$POSTGRES_PASSWORD" \
	"SELECT schedule FROM cron.job WHERE jobname = 'stokkel-forecast-state'" "30 2 * * *"
check "the nightly refresh's command runs and refits the demo shop" sh -c '
	cmd=$(PGPASSWORD=$POSTGRES_PASSWORD psql -X -At -U postgres -c "SELECT command FROM cron.job WHERE jobname = '\''stokkel-forecast-state'\''") &&
	printf "%s;\n" "$cmd" | PGPASSWORD=$POSTGRES_PASSWORD psql -X -q -v ON_ERROR_STOP=1 -U postgres &&
	[ "$(PGPASSWORD=$POSTGRES_PASSWORD psql -X -At -U postgres -c "SELECT count(*) > 0 FROM shop.stk_forecast_state WHERE tenant_id = '\''demo'\''")" = t ]'
# pg_cron runs jobs itself (on the socket: over TCP it would need a
# password): a job every minute, until its first run is recorded
cron_runs() {
	q() { PGPASSWORD=$POSTGRES_PASSWORD psql -X -At -U postgres -c "$1"; }
	job=$(q "SELECT cron.schedule('stokkel-image-test', '* * * * *', 'SELECT 1')") || return 1
	i=0
	while [ $i -lt 150 ]; do
		st=$(q "SELECT string_agg(status || ': ' || coalesce(return_message, ''), '; ') FROM cron.job_run_details
		         WHERE jobid = $job AND status IN ('succeeded', 'failed')")
		if [ -n "$st" ]; then
			echo "$st"
			q "SELECT cron.unschedule($job)" >/dev/null
			case "$st" in succeeded*) return 0 ;; *) return 1 ;; esac
		fi
		sleep 1
		i=$((i + 1))
	done
	echo "no run recorded in 150 s"
	return 1
}
check "pg_cron runs a scheduled job (cron.job_run_details: succeeded)" cron_runs
check "a wrong password is refused over TCP" sh -c '! PGPASSWORD=wrong psql -X -At -U authenticator -c "SELECT 1"'
check "the superuser needs a password over TCP too" sh -c '! PGPASSWORD= psql -X -w -At -U postgres -c "SELECT 1"'
PGPASSWORD=$STOKKEL_AUTHENTICATOR_PASSWORD python3 test/docker/http_examples.py README.md stokkel >"$out/http.tap" 2>&1
check "the README's HTTP examples, as PostgREST runs them, as authenticator over TCP ($(grep -c '^ok' "$out/http.tap") ok)" \
	sh -c "! grep -q '^not ok' '$out/http.tap' && grep -q '^ok' '$out/http.tap'"
[ "$(grep -c '^not ok' "$out/http.tap")" -eq 0 ] || sed 's/^/# /' "$out/http.tap" | grep 'not ok' | head

# a restart keeps the data and does not set it up again
before=$(PGPASSWORD=$POSTGRES_PASSWORD psql -X -At -U postgres -c "SELECT count(*) FROM shop.sales")
compose restart db >/dev/null 2>&1
check "a restart keeps the data and runs no init script again" sh -c "
	i=0; until PGPASSWORD=\$POSTGRES_PASSWORD psql -X -At -U postgres -c 'SELECT 1' >/dev/null 2>&1; do
	  i=\$((i + 1)); [ \$i -lt 120 ] || exit 1; sleep 1; done
	[ \"\$(PGPASSWORD=\$POSTGRES_PASSWORD psql -X -At -U postgres -c 'SELECT count(*) FROM shop.sales')\" = '$before' ] &&
	[ \"\$(docker logs $c 2>&1 | grep -c 'stokkel: running /docker-entrypoint-initdb.d/10-stokkel.sql')\" = 1 ]"

# a first start without a password stops with a message
docker run --name stokkeltest-nopw "${project}_db" >"$out/nopw.log" 2>&1
check "a first start without POSTGRES_PASSWORD stops with a message" sh -c "
	[ \"\$(docker inspect -f '{{.State.ExitCode}}' stokkeltest-nopw)\" != 0 ] &&
	grep -q 'POSTGRES_PASSWORD is not set' '$out/nopw.log'"

# an init script that fails stops the first start, and the half-made
# database is not served at the next one
echo "SELECT 1 / 0;" >"$out/99-fails.sql"
docker run --name stokkeltest-badinit -e POSTGRES_PASSWORD=x -e STOKKEL_DEMO_DATA= \
	-v "$out/99-fails.sql:/docker-entrypoint-initdb.d/99-fails.sql:ro" "${project}_db" >"$out/badinit.log" 2>&1
docker start -a stokkeltest-badinit >"$out/badinit2.log" 2>&1
check "a failing init script stops the first start, and the next start refuses the half-made database" sh -c "
	grep -q 'division by zero' '$out/badinit.log' &&
	[ \"\$(docker inspect -f '{{.State.ExitCode}}' stokkeltest-badinit)\" != 0 ] &&
	grep -q 'set-up did not finish' '$out/badinit2.log'"

# the same when the first start is stopped in the middle of its set-up
echo "sleep 60" >"$out/99-slow.sh"
docker run -d --name stokkeltest-stopped -e POSTGRES_PASSWORD=x -e STOKKEL_DEMO_DATA= \
	-v "$out/99-slow.sh:/docker-entrypoint-initdb.d/99-slow.sh:ro" "${project}_db" >/dev/null 2>&1
i=0
until docker logs stokkeltest-stopped 2>&1 | grep -q 'running /docker-entrypoint-initdb.d/99-slow.sh' || [ $i -ge 120 ]; do
	sleep 1
	i=$((i + 1))
done
docker stop stokkeltest-stopped >/dev/null 2>&1
docker start -a stokkeltest-stopped >"$out/stopped2.log" 2>&1
check "a first start stopped during its set-up leaves a database the next start refuses" sh -c "
	grep -q 'set-up did not finish' '$out/stopped2.log' &&
	[ \"\$(docker inspect -f '{{.State.ExitCode}}' stokkeltest-stopped)\" != 0 ]"

# a database name that looks like connection options, and a command of
# server options only
docker run -d --name stokkeltest-odd -e POSTGRES_PASSWORD=x -e STOKKEL_DEMO_DATA= -e 'POSTGRES_DB=shop=1 x' \
	"${project}_db" -c shared_preload_libraries=pg_cron -c 'cron.database_name=shop=1 x' \
	-c cron.host=/var/run/postgresql >/dev/null 2>&1
odd_ready() {
	i=0
	until docker exec stokkeltest-odd sh -c 'test -e "$PGDATA/stokkel-init-done"' 2>/dev/null &&
		docker exec stokkeltest-odd pg_isready -q -h 127.0.0.1 2>/dev/null; do
		[ "$(docker inspect -f '{{.State.Running}}' stokkeltest-odd)" = true ] && [ $i -lt 300 ] || {
			docker logs stokkeltest-odd 2>&1 | tail -20
			return 1
		}
		sleep 1
		i=$((i + 1))
	done
	[ "$(docker exec stokkeltest-odd psql -X -At -U postgres -d postgres -c \
		"SELECT count(*) FROM pg_database WHERE datname = 'shop=1 x'")" = 1 ]
}
check "a database named 'shop=1 x' and a command of server options only" odd_ready

echo "1..$n"
[ "$failed" -eq 0 ]
