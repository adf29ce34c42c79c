#!/bin/sh
# The reorder list ahead of a moving feast, with and without the tenant's
# events (stk_reorder_recommendations(..., events => true / false)), on the
# generated shop of the feast benchmarks (feast_shop.sql).
#
#   test/bench/reorder_events.sh [products [days [seed [history_days [target_scope]]]]]
#   (needs test/cluster.sh start; target_scope item, the default, or pooled)
#
# The list (policy RS, 95 % fill rate, history_days of history, default 365
# as the list's, default method)
# is made on every day of two sets of origins:
#   - before the feast: 2026-05-08 .. 2026-05-20, the days whose protection
#     interval (review + lead time) reaches into the 10 days before
#     Tabaski (2026-05-26), when its feast products sell 1.5 times or more
#     their usual;
#   - ordinary days: 2026-01-08 .. 2026-01-20, no event within the
#     protection interval of any product.
# Each product's order-up-to level S is then held against what the shop
# sold after the origin: D_L over the lead time L (rounded to days), D_P
# over L + R (R the supplier's review days).  An order placed on the origin
# arrives after L and must last the R days after it, so the units short of
# that cycle are (D_P - S)+ - (D_L - S)+ and the fill rate is 1 - their sum
# over the sum of D_P - D_L (the definition the target uses; sales are
# those of the generated shop, whose own stock-outs cap them).  Scored
# over the feast products at the feast origins and over every other
# product-origin; with the mean S over the mean D_P (the stock the level
# asks for).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
eval "$("$top/test/cluster.sh" env)"
products=${1:-200}
days=${2:-800}
seed=${3:-42}
history=${4:-365}
scope=${5:-item}
db=stokkel_bench_reorder_events
psql -qX -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
psql -qX -d $db -v ON_ERROR_STOP=1 -v products="$products" -v days="$days" -v seed="$seed" \
	-v history="$history" -v scope="$scope" -v shop="$top/test/bench/feast_shop.sql" <<'SQL'
\i :shop
SELECT set_config('bench.history', :'history', false), set_config('bench.scope', :'scope', false) \gset
CREATE TABLE origins AS
SELECT d::date AS as_of, 'feast' AS kind FROM generate_series(DATE '2026-05-08', DATE '2026-05-20', interval '1 day') d
UNION ALL
SELECT d::date, 'ordinary' FROM generate_series(DATE '2026-01-08', DATE '2026-01-20', interval '1 day') d;

CREATE TABLE plans (events boolean, as_of date, kind text, product_id bigint, order_up_to float8,
                    lead int, review int, status text, seconds float8);
DO $$
DECLARE o record; e boolean; t0 timestamptz;
BEGIN
  FOR o IN SELECT * FROM origins ORDER BY as_of LOOP
    FOREACH e IN ARRAY ARRAY[false, true] LOOP
      t0 := clock_timestamp();
      CREATE TEMP TABLE one AS
      SELECT r.product_id, r.order_up_to, round(r.lead_time_days)::int AS lead, r.review_days AS review, r.status
        FROM stokkel.stk_reorder_recommendations('shop', 'demo', o.as_of, events => e,
               history_days => current_setting('bench.history')::int,
               target_scope => current_setting('bench.scope')) r;
      INSERT INTO plans SELECT e, o.as_of, o.kind, one.*, extract(epoch FROM clock_timestamp() - t0) FROM one;
      DROP TABLE one;
    END LOOP;
  END LOOP;
END $$;

-- daily sales after the first origin
CREATE TABLE daily AS SELECT * FROM daily_sales('2026-01-09', '2026-06-30');

CREATE TABLE scored AS
SELECT pl.*, (fp.product_id IS NOT NULL AND pl.kind = 'feast') AS feast_product,
       (SELECT coalesce(sum(d.qty), 0) FROM daily d WHERE d.product_id = pl.product_id
           AND d.day > pl.as_of AND d.day <= pl.as_of + pl.lead) AS d_l,
       (SELECT coalesce(sum(d.qty), 0) FROM daily d WHERE d.product_id = pl.product_id
           AND d.day > pl.as_of AND d.day <= pl.as_of + pl.lead + pl.review) AS d_p
  FROM plans pl LEFT JOIN feast_products fp ON fp.product_id = pl.product_id
 WHERE pl.status = 'ok' AND pl.review IS NOT NULL;

\echo 'Lists: origins, seconds per list (mean), products planned (status ok)'
SELECT events, kind, count(DISTINCT as_of) AS origins, round(avg(seconds)::numeric, 3) AS seconds_per_list,
       count(*) / count(DISTINCT as_of) AS products_ok
  FROM (SELECT DISTINCT ON (events, as_of, product_id) * FROM plans WHERE status = 'ok') x
 GROUP BY 1, 2 ORDER BY 2, 1;
\echo 'Fill rate of the cycle after an order placed on the origin (target 0.95), cycles without a stock-out, stock asked for'
\echo 'and, last, the pooled fill rate of every product planned on the same origins'
SELECT CASE WHEN feast_product THEN 'feast products before the feast'
            WHEN kind = 'feast' THEN 'other products, same origins' ELSE 'ordinary days, every product' END AS part,
       events, count(*) AS product_origins,
       round((1 - sum(greatest(d_p - order_up_to, 0) - greatest(d_l - order_up_to, 0))
                  / nullif(sum(d_p - d_l), 0))::numeric, 3) AS fill_rate,
       round(avg((d_p <= order_up_to)::int)::numeric, 3) AS cycles_without_stockout,
       round((avg(order_up_to) / nullif(avg(d_p), 0))::numeric, 3) AS level_over_demand
  FROM scored GROUP BY 1, 2 ORDER BY 1, 2;
SELECT kind, events, count(*) AS product_origins,
       round((1 - sum(greatest(d_p - order_up_to, 0) - greatest(d_l - order_up_to, 0))
                  / nullif(sum(d_p - d_l), 0))::numeric, 3) AS pooled_fill_rate
  FROM scored GROUP BY 1, 2 ORDER BY 1, 2;
SELECT count(*) AS feast_products FROM feast_products;
SQL
