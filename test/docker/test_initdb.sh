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
python3 test/docker/http_examples.py README.md "$db" | tee "$out/http.tap"

# The nightly job, as pg_cron would run it (its command, cut from the init
# script): it refits every tenant's forecast state, one tenant at a time; a
# tenant's alert setting written straight into the table with a value of the
# wrong kind is a warning (its default is used), not the end of the job.
n=$(grep -cE '^(not )?ok [0-9]+' "$out/http.tap")
job=$(awk '/\$job\$(\);)?$/ {on = !on; next} on' docker/initdb/10-stokkel.sql)
psql -qXAt -v ON_ERROR_STOP=1 -d "$db" >"$out/job.log" 2>&1 <<SQL
SELECT count(*) FROM stokkel.stk_generate_sample_data('shop', 3, 60, 5, tenant => 'broken') \\g /dev/null
INSERT INTO shop.settings (tenant_id, key, value) VALUES ('broken', 'alerts.sales_spike.probability', '"oops"');
UPDATE shop.stk_forecast_state SET fitted_at = '2000-01-01' WHERE tenant_id = 'demo';
$job;
SELECT 'refreshed ' || count(*) FILTER (WHERE fitted_at > '2000-01-01') || ' of ' || count(*)
  FROM shop.stk_forecast_state WHERE tenant_id = 'demo';
SELECT 'broken: ' || count(*) || ' states' FROM shop.stk_forecast_state WHERE tenant_id = 'broken';
SQL
rc=$?
refreshed=$(grep '^refreshed' "$out/job.log")
case "$refreshed" in "refreshed 0 of"* | "") r=1 ;; *) r=$rc ;; esac
n=$((n + 1))
if [ "$r" -eq 0 ]; then echo "ok $n - the nightly job refits the demo tenant ($refreshed)"; else echo "not ok $n - the nightly job"; sed 's/^/# /' "$out/job.log"; fi
n=$((n + 1))
if grep -q "alert setting alerts.sales_spike.probability = \"oops\" of tenant broken is invalid" "$out/job.log" &&
	grep -q "^broken: [1-9][0-9]* states" "$out/job.log"; then
	echo "ok $n - a tenant's invalid alert setting is a warning, and that tenant is refreshed too ($(grep '^broken:' "$out/job.log"))"
else
	echo "not ok $n - the tenant with an invalid setting"; sed 's/^/# /' "$out/job.log"
fi
