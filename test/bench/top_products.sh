#!/bin/sh
# stk_top_products on a large sales table (about 10 M rows by default):
# timings over a 90-day window and over the whole history, each result
# checked against a plain SQL query that computes the same thing its own
# way.  Prints a Markdown table for BENCHMARKS.md.
#
#   test/cluster.sh start && test/bench/top_products.sh [products] [days] [--covering-index]
#
# STOKKEL_CLUSTER_DIR / STOKKEL_PORT pick the cluster, as for test/cluster.sh.
# The data (schema bench_top, tenant demo, seed 42) is generated once and
# reused while its size matches: 34,000 products x 730 days is 9.8 M sales
# rows and takes about 5 minutes.  --covering-index adds the index the README
# recommends, (tenant_id, sold_at) INCLUDE (product_id, quantity, unit_price),
# and times again with it; without the flag that index is dropped first.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
eval "$("$top/test/cluster.sh" env)"
cover=no
products=
days=
for a in "$@"; do
	case "$a" in
	--covering-index) cover=yes ;;
	*) if [ -z "$products" ]; then products=$a; else days=$a; fi ;;
	esac
done
products=${products:-34000}
days=${days:-730}
reps=3
end_date=2026-06-30

q() { psql -qXAt -v ON_ERROR_STOP=1 "$@"; }

q -c "SET client_min_messages = warning" -c "CREATE EXTENSION IF NOT EXISTS stokkel"

# the size of the data already generated, if any (two queries: a query
# naming bench_top.settings fails to parse when the table is not there)
have=
if [ "$(q -c "SELECT to_regclass('bench_top.settings') IS NOT NULL")" = t ]; then
	have=$(q -c "SELECT value->>'products' || 'x' || (value->>'days') FROM bench_top.settings
	              WHERE tenant_id = 'demo' AND key = 'sample_data'")
fi
if [ "$have" != "${products}x${days}" ]; then
	echo "generating $products products x $days days into schema bench_top ..." >&2
	q -c 'DROP SCHEMA IF EXISTS bench_top CASCADE' \
		-c "SELECT stokkel.stk_create_retail_schema('bench_top')" >/dev/null
	q -c "SELECT sum(rows) FROM stokkel.stk_generate_sample_data('bench_top', $products, $days, 42, '$end_date')" >/dev/null
fi
if [ "$cover" = yes ]; then
	q -c 'CREATE INDEX IF NOT EXISTS sales_tenant_sold_at_cover ON bench_top.sales (tenant_id, sold_at) INCLUDE (product_id, quantity, unit_price)'
else
	q -c 'DROP INDEX IF EXISTS bench_top.sales_tenant_sold_at_cover'
fi
q -c 'VACUUM ANALYZE bench_top.sales' -c 'VACUUM ANALYZE bench_top.products'
rows=$(q -c "SELECT count(*) FROM bench_top.sales")
category=$(q -c "SELECT category FROM bench_top.products GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")

# The plain SQL reference: local days of Dakar (the tenant's zone), rank(),
# ABC from the running sum including the product.
q <<'SQL'
DROP FUNCTION IF EXISTS public.bench_ref_top(text, int, text, date, date);
CREATE FUNCTION public.bench_ref_top(metric text, n int, cat text, ps date, pe date)
RETURNS TABLE (rank int, product_id bigint, revenue numeric, units numeric, margin numeric,
               share numeric, previous numeric, change_pct numeric, abc_class text)
LANGUAGE sql STABLE AS $$
  WITH per AS (
    SELECT s.product_id,
           sum(s.quantity * s.unit_price) FILTER (WHERE l.day BETWEEN ps AND pe) AS rev,
           sum(s.quantity) FILTER (WHERE l.day BETWEEN ps AND pe) AS u,
           sum(s.quantity * s.unit_price) FILTER (WHERE l.day < ps) AS prev_rev,
           sum(s.quantity) FILTER (WHERE l.day < ps) AS prev_u
      FROM bench_top.sales s
      CROSS JOIN LATERAL (SELECT (s.sold_at AT TIME ZONE 'Africa/Dakar')::date AS day) l
     WHERE s.tenant_id = 'demo' AND l.day BETWEEN ps - (pe - ps + 1) AND pe
     GROUP BY s.product_id),
  v AS (
    SELECT per.product_id, coalesce(rev, 0) AS rev, coalesce(u, 0) AS u,
           coalesce(rev, 0) - coalesce(u, 0) * p.unit_cost AS mar,
           coalesce(prev_rev, 0) AS prev_rev, coalesce(prev_u, 0) AS prev_u,
           coalesce(prev_rev, 0) - coalesce(prev_u, 0) * p.unit_cost AS prev_mar
      FROM per JOIN bench_top.products p ON p.tenant_id = 'demo' AND p.product_id = per.product_id
     WHERE (rev IS NOT NULL OR (metric = 'growth' AND prev_rev IS NOT NULL))
       AND (cat IS NULL OR p.category = cat)),
  x AS (
    SELECT v.*,
           CASE WHEN metric = 'units' THEN u WHEN metric = 'margin' THEN mar ELSE rev END AS val,
           CASE WHEN metric = 'units' THEN prev_u WHEN metric = 'margin' THEN prev_mar ELSE prev_rev END AS pval,
           CASE WHEN metric = 'growth' THEN rev - prev_rev WHEN metric = 'units' THEN u
                WHEN metric = 'margin' THEN mar ELSE rev END AS key
      FROM v),
  c AS (
    SELECT x.*, sum(val) OVER (ORDER BY val DESC, product_id) AS cum_incl, sum(val) OVER () AS tot,
           rank() OVER (ORDER BY key DESC, product_id) AS rk
      FROM x)
  SELECT rk::int, product_id, rev, u, mar, round(val / tot, 6), pval,
         round(100 * (val - pval) / abs(nullif(pval, 0)), 2),
         CASE WHEN cum_incl - val < 0.8 * tot THEN 'A' WHEN cum_incl - val < 0.95 * tot THEN 'B' ELSE 'C' END
    FROM c WHERE rk <= n
$$;
SQL

# Best of $reps runs, in milliseconds, measured by the server.
best_ms() {
	q 2>&1 <<SQL | sed -n 's/.*elapsed //p'
SET max_parallel_workers_per_gather = 2;
DO \$\$
DECLARE t0 timestamptz; best float8 := 'Infinity';
BEGIN
  FOR i IN 1 .. $reps LOOP
    t0 := clock_timestamp();
    PERFORM count(*) FROM ($1) t;
    best := least(best, extract(epoch FROM clock_timestamp() - t0) * 1000);
  END LOOP;
  RAISE NOTICE 'elapsed %', round(best::numeric, 0);
END \$\$;
SQL
}

# Rows of the function's answer missing from the reference's, and back.
diffs() {
	q -c "SELECT (SELECT count(*) FROM (SELECT rank, product_id, revenue, units, margin, share, previous, change_pct, abc_class
	                                     FROM $1 EXCEPT SELECT * FROM $2) a)
	          + (SELECT count(*) FROM (SELECT * FROM $2 EXCEPT SELECT rank, product_id, revenue, units, margin,
	                                     share, previous, change_pct, abc_class FROM $1) b)"
}

win_start=$(q -c "SELECT date '$end_date' - 89")
all_start=$(q -c "SELECT date '$end_date' - ($days - 1)")
prev90=$(q -c "SELECT count(*) FROM bench_top.sales WHERE tenant_id = 'demo'
               AND sold_at >= (date '$win_start' - 90)::timestamp AT TIME ZONE 'Africa/Dakar'")

echo "| call | window (sales rows read) | stk_top_products ms | plain SQL ms | rows differing |"
echo "|---|---|---:|---:|---:|"
run() {
	label=$1 window=$2 metric=$3 cat=$4 ps=$5 n=$6
	catarg=$( [ "$cat" = NULL ] && echo NULL || echo "'$cat'" )
	f="stokkel.stk_top_products('bench_top', 'demo', '$ps', '$end_date', '$metric', $n, $catarg)"
	r="public.bench_ref_top('$metric', $n, $catarg, '$ps', '$end_date')"
	printf '| %s | %s | %s | %s | %s |\n' "$label" "$window" "$(best_ms "SELECT * FROM $f")" \
		"$(best_ms "SELECT * FROM $r")" "$(diffs "$f" "$r")"
}
run "revenue, top 10" "90 days + previous 90 ($prev90)" revenue NULL "$win_start" 10
run "growth, top 10" "90 days + previous 90 ($prev90)" growth NULL "$win_start" 10
run "margin, top 10, category $category" "90 days + previous 90" margin "$category" "$win_start" 10
run "units, all products" "90 days + previous 90 ($prev90)" units NULL "$win_start" 100000
run "revenue, top 10" "whole history, $days days ($rows)" revenue NULL "$all_start" 10
run "growth, top 10" "whole history, $days days ($rows)" growth NULL "$all_start" 10
printf '| stk_top_products_from(bench_top.sales, ...), revenue, top 10 | 90 days + previous 90 | %s | | |\n' \
	"$(best_ms "SELECT * FROM stokkel.stk_top_products_from('bench_top.sales', 'product_id', 'sold_at', 'quantity', 'unit_price', '$win_start', '$end_date')")"
echo
echo "$rows sales rows, $products products x $days days; covering index: $cover; best of $reps runs."
plan=$(q -c "SET max_parallel_workers_per_gather = 2" -c "EXPLAIN (COSTS OFF)
  SELECT s.product_id, s.sold_at >= now() AS cur, count(*), sum(s.quantity * s.unit_price), sum(s.quantity)
    FROM bench_top.sales s
   WHERE s.tenant_id = 'demo' AND s.sold_at >= (date '$win_start' - 90)::timestamp AT TIME ZONE 'Africa/Dakar'
     AND s.sold_at < (date '$end_date' + 1)::timestamp AT TIME ZONE 'Africa/Dakar'
   GROUP BY 1, 2" | grep -oE '(Parallel )?(Seq Scan|Bitmap Heap Scan|Index Only Scan|Index Scan)( using [a-z_]+)?' | head -1)
echo "90-day scan: $plan."
q -c 'DROP FUNCTION public.bench_ref_top(text, int, text, date, date)'
