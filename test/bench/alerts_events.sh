#!/bin/sh
# Sales-spike alerts across a moving feast, with and without the events in
# the forecast state: the generated shop's sales from 2026-05-13 to
# 2026-05-25 (the 13 days before Tabaski on 2026-05-26) are streamed through
# the alert triggers, one INSERT a day, after stk_refresh_forecast_state as
# of 2026-05-13 fitted the state with the tenant's events (lifts) or
# without them.  Counts the sales_spike and sales_drop alerts on the feast
# products (whose sales over the 10 days before the 2025 feast were 1.5
# times their April level) and on the others.
#
#   test/bench/alerts_events.sh [products [days [seed]]]   (needs test/cluster.sh start)
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
eval "$("$top/test/cluster.sh" env)"
products=${1:-200}
days=${2:-800}
seed=${3:-42}
db=stokkel_bench_alert_events
psql -qX -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
psql -qX -d $db -v ON_ERROR_STOP=1 -v products="$products" -v days="$days" -v seed="$seed" \
	-v shop="$top/test/bench/feast_shop.sql" <<'SQL'
\i :shop
CREATE TABLE later AS SELECT * FROM shop.sales WHERE sold_at >= '2026-05-13';
DELETE FROM shop.sales WHERE sold_at >= '2026-05-13';
SELECT stokkel.stk_attach_retail_alerts('shop');
CREATE TABLE result (events text, kind text, feast_products bigint, other_products bigint);

CREATE FUNCTION run(with_events boolean) RETURNS void LANGUAGE plpgsql AS $$
DECLARE d date;
BEGIN
  DELETE FROM shop.sales WHERE sold_at >= '2026-05-13';
  DELETE FROM shop.alerts;
  PERFORM count(*) FROM stokkel.stk_refresh_forecast_state('shop.sales', 'demo', DATE '2026-05-13', 182,
    CASE WHEN with_events THEN (SELECT array_agg(day ORDER BY day, name) FROM shop.events WHERE tenant_id = 'demo') END,
    CASE WHEN with_events THEN (SELECT array_agg(name ORDER BY day, name) FROM shop.events WHERE tenant_id = 'demo') END);
  FOR d IN SELECT generate_series(DATE '2026-05-13', DATE '2026-05-25', interval '1 day')::date LOOP
    INSERT INTO shop.sales SELECT * FROM later
     WHERE (sold_at AT TIME ZONE 'Africa/Dakar')::date = d ORDER BY sale_id;
  END LOOP;
  INSERT INTO result
  SELECT CASE WHEN with_events THEN 'with events' ELSE 'without events' END, k.kind,
         (SELECT count(*) FROM shop.alerts a WHERE a.kind = k.kind AND a.product_id IN (SELECT product_id FROM feast_products)),
         (SELECT count(*) FROM shop.alerts a WHERE a.kind = k.kind AND a.product_id NOT IN (SELECT product_id FROM feast_products))
    FROM unnest(ARRAY['sales_spike', 'sales_drop']) k(kind);
END $$;
SELECT run(false);
SELECT run(true);
\echo 'Alerts raised over the 13 days before the feast (products: feast / other)'
SELECT (SELECT count(*) FROM feast_products) AS feast_product_count,
       (SELECT count(*) FROM shop.products WHERE tenant_id = 'demo') AS products;
SELECT * FROM result ORDER BY kind, events DESC;
SQL
