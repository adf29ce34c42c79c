#!/bin/sh
# Foundation benchmarks: sample-data generation and series aggregation at
# the scale the forecasting benchmarks use (10,000 products x 730 days).
#
#   make start && test/bench/foundation.sh [products] [days]
#
# Prints a Markdown table for BENCHMARKS.md.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
eval "$("$top/test/cluster.sh" env)"
# a fresh cluster (make start) has the database but not the extension
psql -qX -v ON_ERROR_STOP=1 -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION IF NOT EXISTS stokkel' >/dev/null
products=${1:-10000}
days=${2:-730}

psql -qX -v ON_ERROR_STOP=1 -c 'DROP SCHEMA IF EXISTS bench CASCADE' \
	-c "SELECT stokkel.stk_create_retail_schema('bench')" >/dev/null

# Wall-clock seconds of one SQL statement, measured by the server.
seconds() {
	psql -qXAt -v ON_ERROR_STOP=1 <<SQL
SET max_parallel_workers_per_gather = 2;
DO \$\$
DECLARE t0 timestamptz := clock_timestamp();
BEGIN
  $1;
  RAISE NOTICE 'elapsed %', extract(epoch FROM clock_timestamp() - t0);
END \$\$;
SQL
}

gen=$(seconds "PERFORM * FROM stokkel.stk_generate_sample_data('bench', $products, $days, 42)" 2>&1 |
	sed -n 's/.*elapsed //p')
rows=$(psql -qXAt -c 'SELECT count(*) FROM bench.sales')
psql -qX -c 'VACUUM ANALYZE bench.sales' >/dev/null
agg=$(seconds "PERFORM count(*) FROM (SELECT product_id, stokkel.stk_series_agg(sold_at, quantity::float8) FROM bench.sales GROUP BY product_id) t" 2>&1 |
	sed -n 's/.*elapsed //p')
plan=$(psql -qXAt -c "SET max_parallel_workers_per_gather = 2" \
	-c "EXPLAIN (COSTS OFF) SELECT product_id, stokkel.stk_series_agg(sold_at, quantity::float8) FROM bench.sales GROUP BY product_id" |
	grep -c 'Partial' || true)

echo "| what | scale | seconds | throughput |"
echo "|---|---|---:|---:|"
printf '| stk_generate_sample_data | %s products x %s days, %s sales rows | %.1f | %.0f rows/s |\n' \
	"$products" "$days" "$rows" "$gen" "$(echo "$rows / $gen" | bc -l)"
printf '| stk_series_agg, GROUP BY product (parallel plan: %s) | %s rows -> %s series | %.2f | %.0f rows/s |\n' \
	"$([ "$plan" -gt 0 ] && echo yes || echo no)" "$rows" "$products" "$agg" "$(echo "$rows / $agg" | bc -l)"
