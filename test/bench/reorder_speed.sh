#!/bin/sh
# Speed of the reorder list (issue 5): stk_reorder_recommendations over a
# generated shop of 10,000 products x 730 days of sales (the scale of the
# forecasting benchmarks), without and with a cash budget, with method auto,
# with a pooled fill-rate target, and without the tenant's events.
#
#   make start && test/bench/reorder_speed.sh [products] [days] [database]
#
# The shop is generated into schema bench_ro of the database (default
# stokkel) unless it is there already (generation takes minutes).  Prints a
# Markdown table for BENCHMARKS.md; the load average shows how busy the
# machine was.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
eval "$("$top/test/cluster.sh" env)"
# a fresh cluster (make start) has the database but not the extension
psql -qX -v ON_ERROR_STOP=1 -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION IF NOT EXISTS stokkel' >/dev/null
products=${1:-10000}
days=${2:-730}
export PGDATABASE=${3:-${PGDATABASE:-stokkel}}

have=$(psql -qXAt -c "SELECT count(*) FROM pg_class WHERE relname = 'products' AND relnamespace::regnamespace::text = 'bench_ro'")
if [ "$have" = 0 ]; then
	psql -qX -v ON_ERROR_STOP=1 -c "SELECT stokkel.stk_create_retail_schema('bench_ro')" \
		-c "SELECT count(*) FROM stokkel.stk_generate_sample_data('bench_ro', $products, $days, 42)" \
		-c 'VACUUM ANALYZE' >/dev/null
fi

seconds() {
	psql -qXAt -v ON_ERROR_STOP=1 2>&1 <<SQL | sed -n 's/.*elapsed //p'
SET max_parallel_workers_per_gather = 2;
DO \$\$
DECLARE t0 timestamptz := clock_timestamp();
BEGIN
  $1;
  RAISE NOTICE 'elapsed %', round(extract(epoch FROM clock_timestamp() - t0), 1);
END \$\$;
SQL
}

n=$(psql -qXAt -c "SELECT count(*) FROM bench_ro.products")
rows=$(psql -qXAt -c "SELECT count(*) FROM bench_ro.sales")
plain=$(seconds "PERFORM count(*) FROM stokkel.stk_reorder_recommendations('bench_ro', 'demo', '2026-06-30')")
budget=$(seconds "PERFORM count(*) FROM stokkel.stk_reorder_recommendations('bench_ro', 'demo', '2026-06-30', budget => 5000000)")
auto=$(seconds "PERFORM count(*) FROM stokkel.stk_reorder_recommendations('bench_ro', 'demo', '2026-06-30', method => 'auto')")
pooled=$(seconds "PERFORM count(*) FROM stokkel.stk_reorder_recommendations('bench_ro', 'demo', '2026-06-30', target_scope => 'pooled')")
noevents=$(seconds "PERFORM count(*) FROM stokkel.stk_reorder_recommendations('bench_ro', 'demo', '2026-06-30', events => false)")
load=$(cut -d' ' -f1-3 /proc/loadavg)
echo "| what | products | sales rows | seconds | load average after |"
echo "|---|---:|---:|---:|---|"
echo "| \`stk_reorder_recommendations\` (RS, 95 % fill rate, 365 days of history, default method theta) | $n | $rows | $plain | $load |"
echo "| the same with a cash budget (5,000,000 XOF) | $n | $rows | $budget | $load |"
echo "| the same with method auto (ETS + Theta) | $n | $rows | $auto | $load |"
echo "| the same as the first with a pooled target (target_scope pooled) | $n | $rows | $pooled | $load |"
echo "| the same as the first without the tenant's events (events false) | $n | $rows | $noevents | $load |"
