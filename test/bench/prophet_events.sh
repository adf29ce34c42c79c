#!/bin/sh
# Forecasting across a moving feast: methods prophet and auto, which learn
# the effects of the tenant's events table, against auto without the events
# and ets (which see the dates only as a weekly cycle), on the generated shop.
#
#   test/bench/prophet_events.sh [products [days [seed]]]   (needs test/cluster.sh start)
#
# The shop's history runs up to 2026-06-30; Tabaski falls on 2026-05-26,
# 11 days earlier than the year before (2025-06-05, 2024-06-16), and the
# generator lifts the demand of its feast products over the 10 days before
# it.  Forecasts are made 13 days before the feast (as_of 2026-05-13, 730
# days of history) for the 28 days after, and scored against what the
# generated shop then sold: WAPE of the point forecast, mean pinball loss at
# 0.1/0.5/0.9 divided by the mean demand, and the share of days inside the
# 10-90 % band, over the feast products in the 10 days before the feast and
# over every other product-day.  The shop's closed days (the feast and the day after) are
# left out: they hold no demand, as in the history the forecasts are made
# from.  Timings are of the whole stk_product_forecast call.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
eval "$("$top/test/cluster.sh" env)"
products=${1:-200}
days=${2:-800}
seed=${3:-42}
db=stokkel_bench_prophet
psql -qX -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
psql -qX -d $db -v ON_ERROR_STOP=1 -v products="$products" -v days="$days" -v seed="$seed" \
	-v shop="$top/test/bench/feast_shop.sql" <<'SQL'
\i :shop
SELECT day, name FROM shop.events WHERE name = 'Tabaski' ORDER BY day;

-- actual daily sales after the origin (every product, every day)
CREATE TABLE actual AS SELECT * FROM daily_sales('2026-05-14', '2026-06-10');

CREATE TABLE fc (method text, seconds float8, product_id bigint, day date, point float8,
                 p10 float8, p50 float8, p90 float8, status text);
CREATE FUNCTION run(m text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz := clock_timestamp();
BEGIN
  CREATE TEMP TABLE one AS
  SELECT f.product_id, f.period_start, f.point, f.p10, f.p50, f.p90, f.status
    FROM stokkel.stk_product_forecast('shop', 'demo', NULL, 28, 'day', m, 730, DATE '2026-05-13') f;
  INSERT INTO fc SELECT m, extract(epoch FROM clock_timestamp() - t0), product_id, period_start,
                        point, p10, p50, p90, status FROM one;
  DROP TABLE one;
END $$;
SELECT run('prophet');
SELECT run('auto');
SELECT run('ets');
-- auto as it was before it learnt the events: the same series, no events
DO $$
DECLARE t0 timestamptz := clock_timestamp();
BEGIN
  CREATE TEMP TABLE one AS
  SELECT h.product_id, f.period_start, f.point, f.p10, f.p50, f.p90, f.status
    FROM stokkel.stk_product_history('shop', 'demo', NULL, 'day', 730, DATE '2026-05-13') h,
         LATERAL stokkel.stk_forecast_series(h.series, 28) f;
  INSERT INTO fc SELECT 'auto, no events', extract(epoch FROM clock_timestamp() - t0), product_id,
                        period_start, point, p10, p50, p90, status FROM one;
  DROP TABLE one;
END $$;


\echo 'Products forecast, series failed, seconds per call'
SELECT method, count(DISTINCT product_id) AS products,
       count(DISTINCT product_id) FILTER (WHERE status LIKE 'failed%') AS failed,
       round(max(seconds)::numeric, 2) AS seconds
  FROM fc GROUP BY 1 ORDER BY 1;
\echo 'Scores: the feast products over the 10 days before the feast; every other product-day'
SELECT f.method,
       CASE WHEN fp.product_id IS NOT NULL AND a.day BETWEEN DATE '2026-05-16' AND DATE '2026-05-25'
            THEN 'feast products, feast days' ELSE 'other product-days' END AS part,
       count(*) AS product_days,
       round((sum(abs(a.qty - f.point)) / nullif(sum(a.qty), 0))::numeric, 3) AS wape,
       round((avg((CASE WHEN a.qty >= f.p10 THEN 0.1 * (a.qty - f.p10) ELSE 0.9 * (f.p10 - a.qty) END
                 + CASE WHEN a.qty >= f.p50 THEN 0.5 * (a.qty - f.p50) ELSE 0.5 * (f.p50 - a.qty) END
                 + CASE WHEN a.qty >= f.p90 THEN 0.9 * (a.qty - f.p90) ELSE 0.1 * (f.p90 - a.qty) END) / 3)
              / nullif(avg(a.qty), 0))::numeric, 3) AS scaled_pinball,
       round(100 * avg((a.qty BETWEEN f.p10 AND f.p90)::int)::numeric, 1) AS coverage_10_90,
       round((sum(f.point - a.qty) / nullif(sum(a.qty), 0))::numeric, 3) AS bias
  FROM fc f JOIN actual a ON a.product_id = f.product_id AND a.day = f.day
  LEFT JOIN feast_products fp ON fp.product_id = f.product_id
 WHERE f.status NOT LIKE 'failed%'
   AND NOT EXISTS (SELECT FROM shop.closed_days c WHERE c.tenant_id = 'demo' AND c.day = a.day)
 GROUP BY 1, 2 ORDER BY 2, 1;
SELECT day AS closed_day_left_out FROM shop.closed_days
 WHERE tenant_id = 'demo' AND day BETWEEN DATE '2026-05-14' AND DATE '2026-06-10' ORDER BY day;
SELECT count(*) AS feast_products FROM feast_products;
SQL
