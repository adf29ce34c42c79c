#!/bin/sh
# In-database forecasting benchmark: forecast 30 days for every product of a
# generated shop (default 10,000 products x 730 days) with stk_forecast_agg,
# parallel workers on, and report seconds, series/s and the backend's peak
# resident memory.
#
#   make start && test/bench/forecast_db.sh [products] [days] [horizon]
#
# Reuses schema "bench" when it already holds that many products (made by
# test/bench/foundation.sh), otherwise generates it.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
eval "$("$top/test/cluster.sh" env)"
# a fresh cluster (make start) has the database but not the extension
psql -qX -v ON_ERROR_STOP=1 -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION IF NOT EXISTS stokkel' >/dev/null
products=${1:-10000}
days=${2:-730}
horizon=${3:-30}
psql() { command psql -qX -v ON_ERROR_STOP=1 "$@"; }

have=$(psql -At -c "SELECT count(*) FROM bench.products" 2>/dev/null || echo 0)
if [ "$have" -lt "$products" ]; then
	psql -c 'DROP SCHEMA IF EXISTS bench CASCADE' \
		-c "SELECT stokkel.stk_create_retail_schema('bench')" \
		-c "SELECT * FROM stokkel.stk_generate_sample_data('bench', $products, $days, 42)" \
		-c 'VACUUM ANALYZE bench.sales' >/dev/null
fi

# The query runs in the background under a known application_name; its
# backend's private memory (RssAnon: palloc'd and malloc'd memory, not the
# shared buffers it reads) is sampled every 0.2 s, and the peak reported.
tmp=$(mktemp)
PGAPPNAME=stk_forecast_bench psql -At >"$tmp" <<SQL &
SET max_parallel_workers_per_gather = 2;
SET enable_hashagg = ${STK_HASHAGG:-on};
SELECT clock_timestamp() AS t0 \\gset
SELECT 'series ' || count(DISTINCT product_id) || ', steps ' || count(*) ||
       ', failed ' || count(*) FILTER (WHERE f.status LIKE 'failed%') ||
       ', with a note ' || count(DISTINCT product_id) FILTER (WHERE f.status <> 'ok')
FROM (SELECT product_id, stokkel.stk_forecast_agg(sold_at, quantity::float8, $horizon, 'day') AS fc
      FROM bench.sales WHERE product_id <= $products GROUP BY product_id) t, unnest(t.fc) f;
SELECT 'seconds ' || round(extract(epoch FROM clock_timestamp() - :'t0')::numeric, 1);
SQL
job=$!
pid=""
peak=0
while kill -0 "$job" 2>/dev/null; do
	[ -n "$pid" ] || pid=$(psql -At -c "SELECT pid FROM pg_stat_activity WHERE application_name = 'stk_forecast_bench' AND backend_type = 'client backend'")
	if [ -n "$pid" ]; then
		kb=$(awk '/^RssAnon/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
		[ "${kb:-0}" -gt "$peak" ] && peak=$kb
	fi
	sleep 0.2
done
wait "$job"
cat "$tmp"
rm -f "$tmp"
echo "backend peak private memory (RssAnon) $((peak / 1024)) MB"
