#!/bin/sh
# Detection quality of the alert triggers on a synthetic shop with injected
# anomalies (test/bench/alerts_gen.py: spikes, drops, phantom stock, known
# stock-outs, customers who stop coming).  140 days of history are loaded,
# the forecast state is fitted (stk_refresh_forecast_state), then 60 days are
# streamed through the triggers: 4 sales statements and one stock update a
# day.  Prints precision and recall per alert type as a Markdown table.
#
#   test/cluster.sh start && test/bench/alerts_quality.sh [seed]
#
# Matching rules (an alert is a true positive when):
#   sales_spike, sales_drop  same product and day as an injected one; a drop
#                            on a day the stock ran out (censored sales) is
#                            counted as explained, neither right nor wrong
#   phantom_stock            its last silent day lies in an injected silence
#   stockout_risk            a known stock-out of the product starts before
#                            the next delivery the alert looked ahead to (its
#                            horizon_days, plus the delivery day), or the
#                            stock is already out; recall: a stock-out with an
#                            alert in the 8 days before it or on its day
#   customer_churn           the customer is one of those who stopped
# Default thresholds (stk_alert_settings), no tuning.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
eval "$("$top/test/cluster.sh" env)"
seed=${1:-42}
dir=${TMPDIR:-/tmp}/stk_alerts_quality_$seed
db=stokkel_bench_alerts

/usr/bin/python3 "$top/test/bench/alerts_gen.py" "$dir" "$seed"

q() { psql -qX -v ON_ERROR_STOP=1 -d "$db" "$@"; }
psql -qX -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null 2>&1

q <<SQL
SET client_min_messages = warning;
CREATE EXTENSION stokkel;
CREATE SCHEMA aq;
CREATE TABLE aq.sales (shop text NOT NULL, sale_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                       item bigint NOT NULL, ts timestamptz NOT NULL, units numeric NOT NULL, cust bigint);
CREATE INDEX ON aq.sales (shop, item, ts);
CREATE TABLE aq.stock (shop text NOT NULL, item bigint NOT NULL, on_hand numeric NOT NULL,
                       at date NOT NULL, next_delivery date, PRIMARY KEY (shop, item));
CREATE TABLE aq.hist (day int, item bigint, qty numeric, cust bigint);
CREATE TABLE aq.stream (day int, chunk int, item bigint, qty numeric, cust bigint);
CREATE TABLE aq.stock_in (day int, item bigint, on_hand numeric, next_delivery int);
CREATE TABLE aq.truth (kind text, id bigint, first_day int, last_day int);
\copy aq.hist FROM '$dir/history.csv' CSV
\copy aq.stream FROM '$dir/stream.csv' CSV
\copy aq.stock_in FROM '$dir/stock.csv' CSV
\copy aq.truth FROM '$dir/truth.csv' CSV
CREATE FUNCTION aq.day(d int) RETURNS date LANGUAGE sql IMMUTABLE AS \$\$ SELECT date '2025-01-01' + d \$\$;
SET TimeZone = 'UTC';
INSERT INTO aq.sales (shop, item, ts, units, cust)
SELECT 's1', item, aq.day(day) + time '12:00', qty, cust FROM aq.hist;
INSERT INTO aq.stock SELECT 's1', item, on_hand, aq.day(day), aq.day(next_delivery) FROM aq.stock_in WHERE day = 140;
SELECT stokkel.stk_attach_alerts('aq.sales', 'item', 'ts', 'units', tenant_column => 'shop', customer_column => 'cust',
                                 stock_table => 'aq.stock', stock_product_column => 'item', stock_on_hand_column => 'on_hand',
                                 stock_tenant_column => 'shop', stock_time_column => 'at',
                                 next_delivery_column => 'next_delivery');
SELECT model, count(*) FROM stokkel.stk_refresh_forecast_state('aq.sales', 's1', aq.day(140), 140) GROUP BY 1 ORDER BY 1;
SQL

# the stream: one statement per day and chunk, then the day's stock
: >"$dir/stream.sql"
echo "SET TimeZone = 'UTC';" >>"$dir/stream.sql"
d=140
while [ $d -lt 200 ]; do
	for c in 0 1 2 3; do
		echo "INSERT INTO aq.sales (shop, item, ts, units, cust) SELECT 's1', item, aq.day(day) + make_interval(hours => 9 + 3 * chunk), qty, cust FROM aq.stream WHERE day = $d AND chunk = $c;" >>"$dir/stream.sql"
	done
	echo "UPDATE aq.stock k SET on_hand = i.on_hand, at = aq.day(i.day), next_delivery = aq.day(i.next_delivery) FROM aq.stock_in i WHERE i.day = $d AND i.item = k.item;" >>"$dir/stream.sql"
	d=$((d + 1))
done
start=$(date +%s.%N)
q -f "$dir/stream.sql"
end=$(date +%s.%N)

q -At <<'SQL'
SET TimeZone = 'UTC';
CREATE TEMP VIEW al AS
SELECT kind, product_id, details, (details->>'day')::date - date '2025-01-01' AS day,
       (details->>'customer_id')::bigint AS customer
  FROM aq.stk_alerts;
CREATE TEMP VIEW censored AS   -- days a product of group B ran out of stock
SELECT id AS item, first_day AS day FROM aq.truth WHERE kind = 'stockout';
CREATE TEMP TABLE score AS
WITH
spike AS (
  SELECT 'sales_spike' AS kind,
         count(*) FILTER (WHERE EXISTS (SELECT 1 FROM aq.truth t WHERE t.kind = 'sales_spike' AND t.id = a.product_id AND t.first_day = a.day)) AS tp,
         count(*) AS alerts, 0 AS explained,
         (SELECT count(*) FROM aq.truth t WHERE t.kind = 'sales_spike') AS events,
         (SELECT count(*) FROM aq.truth t WHERE t.kind = 'sales_spike'
             AND EXISTS (SELECT 1 FROM al a WHERE a.kind = 'sales_spike' AND a.product_id = t.id AND a.day = t.first_day)) AS found
    FROM al a WHERE a.kind = 'sales_spike'),
dropped AS (
  SELECT 'sales_drop',
         count(*) FILTER (WHERE EXISTS (SELECT 1 FROM aq.truth t WHERE t.kind = 'sales_drop' AND t.id = a.product_id AND t.first_day = a.day)),
         count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM censored c WHERE c.item = a.product_id AND c.day = a.day)),
         count(*) FILTER (WHERE EXISTS (SELECT 1 FROM censored c WHERE c.item = a.product_id AND c.day = a.day)),
         (SELECT count(*) FROM aq.truth t WHERE t.kind = 'sales_drop'),
         (SELECT count(*) FROM aq.truth t WHERE t.kind = 'sales_drop'
             AND EXISTS (SELECT 1 FROM al a WHERE a.kind = 'sales_drop' AND a.product_id = t.id AND a.day = t.first_day))
    FROM al a WHERE a.kind = 'sales_drop'),
phantom AS (
  SELECT 'phantom_stock',
         count(*) FILTER (WHERE EXISTS (SELECT 1 FROM aq.truth t WHERE t.kind = 'phantom_stock' AND t.id = a.product_id
                                          AND a.day BETWEEN t.first_day AND t.last_day)),
         count(*), 0,
         (SELECT count(*) FROM aq.truth t WHERE t.kind = 'phantom_stock'),
         (SELECT count(*) FROM aq.truth t WHERE t.kind = 'phantom_stock'
             AND EXISTS (SELECT 1 FROM al a WHERE a.kind = 'phantom_stock' AND a.product_id = t.id
                           AND a.day BETWEEN t.first_day AND t.last_day))
    FROM al a WHERE a.kind = 'phantom_stock'),
stockout AS (
  SELECT 'stockout_risk',
         count(*) FILTER (WHERE (a.details->>'on_hand')::numeric <= 0
                             OR EXISTS (SELECT 1 FROM aq.truth t WHERE t.kind = 'stockout' AND t.id = a.product_id
                                          AND t.first_day BETWEEN a.day AND a.day + (a.details->>'horizon_days')::int + 1)),
         count(*), 0,
         (SELECT count(*) FROM aq.truth t WHERE t.kind = 'stockout'),
         (SELECT count(*) FROM aq.truth t WHERE t.kind = 'stockout'
             AND EXISTS (SELECT 1 FROM al a WHERE a.kind = 'stockout_risk' AND a.product_id = t.id
                           AND a.day BETWEEN t.first_day - 8 AND t.first_day))
    FROM al a WHERE a.kind = 'stockout_risk'),
churn AS (
  SELECT 'customer_churn',
         count(*) FILTER (WHERE EXISTS (SELECT 1 FROM aq.truth t WHERE t.kind = 'customer_churn' AND t.id = a.customer)),
         count(*), 0,
         (SELECT count(*) FROM aq.truth t WHERE t.kind = 'customer_churn'),
         (SELECT count(*) FROM aq.truth t WHERE t.kind = 'customer_churn'
             AND EXISTS (SELECT 1 FROM al a WHERE a.kind = 'customer_churn' AND a.customer = t.id))
    FROM al a WHERE a.kind = 'customer_churn')
SELECT * FROM spike UNION ALL SELECT * FROM dropped UNION ALL SELECT * FROM phantom
UNION ALL SELECT * FROM stockout UNION ALL SELECT * FROM churn;
\pset format unaligned
\pset tuples_only on
SELECT '| alert type | injected | found | recall | alerts | true | precision |';
SELECT '|---|---:|---:|---:|---:|---:|---:|';
SELECT format('| %s | %s | %s | %s | %s%s | %s | %s |', kind, events, found,
              CASE WHEN events > 0 THEN round(found::numeric / events, 3)::text ELSE '-' END,
              alerts, CASE WHEN explained > 0 THEN format(' (+%s on stock-out days)', explained) ELSE '' END, tp,
              CASE WHEN alerts > 0 THEN round(tp::numeric / alerts, 3)::text ELSE '-' END)
  FROM score;
SELECT format('errors recorded: %s', (SELECT count(*) FROM aq.stk_alert_errors));
SQL
echo "stream: $(q -At -c "SELECT count(*) FROM aq.stream") sales rows in 240 statements + 60 stock updates, $(echo "$end - $start" | bc) s"
