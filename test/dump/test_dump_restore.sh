#!/bin/sh
# A database using Stokkel survives pg_dump and pg_restore (TAP output):
# a retail schema with two tenants, the alert triggers (on the retail tables
# and on a caller's own sales table), their state and alerts, and the api
# schema are dumped with pg_dump -Fc and restored into a new database in one
# transaction.  Then, in the restored database:
#   - every table of the schemas holds the same rows;
#   - the api answers the same requests with the same bytes, and a tenant
#     still sees only its own rows;
#   - the product key of sales (statement-level triggers) still refuses an
#     unknown product, and the alert triggers still raise an alert;
#   - detaching the alert triggers removes their generated functions, whose
#     names carry the OIDs of the tables they were made for (which a restore
#     does not keep), and attaching them again works.
# Needs the private cluster (test/cluster.sh start).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
. test/tap.sh
tap_begin dump
src=stokkel_dump_src
dst=stokkel_dump_dst

PGOPTIONS="-c client_min_messages=warning" psql -qX -d postgres -c "DROP DATABASE IF EXISTS $src" \
	-c "DROP DATABASE IF EXISTS $dst" -c "CREATE DATABASE $src" -c "CREATE DATABASE $dst" >/dev/null
psql -qX -d $src -v ON_ERROR_STOP=1 >"$out/setup.log" 2>&1 <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION stokkel;
SELECT stokkel.stk_create_retail_schema('shop');
SELECT count(*) FROM stokkel.stk_generate_sample_data('shop', 6, 120, 11, tenant => 'dakar');
SELECT count(*) FROM stokkel.stk_generate_sample_data('shop', 4, 90, 12, tenant => 'abidjan');
SELECT stokkel.stk_attach_retail_alerts('shop');
SELECT count(*) FROM stokkel.stk_refresh_forecast_state('shop.sales', NULL, '2026-07-01', 90);
SELECT stokkel.stk_create_api('shop', 'api', 'dump_anon', 'dump_user', 'dump_admin');
-- a caller's own table with the alert triggers, and one alert raised
CREATE SCHEMA own;
CREATE TABLE own.sales (shop text, item bigint, ts timestamptz, units numeric);
INSERT INTO own.sales
SELECT 's1', 1, d + time '12:00', 8 + (extract(doy FROM d)::int * 7) % 5
  FROM generate_series(date '2024-01-01', date '2024-02-25', '1 day') d;
SELECT stokkel.stk_attach_alerts('own.sales', 'item', 'ts', 'units', tenant_column => 'shop');
SELECT count(*) FROM stokkel.stk_refresh_forecast_state('own.sales', 's1', '2024-02-26', 56);
INSERT INTO own.sales VALUES ('s1', 1, '2024-02-26 10:00', 400);
SQL
ok $? "set-up: two tenants, alert triggers and state, api, a caller's own table with alerts"

pg_dump -Fc -d $src -f "$out/src.dump" >"$out/dump.log" 2>&1
ok $? "pg_dump -Fc"
pg_restore --exit-on-error --single-transaction -d $dst "$out/src.dump" >"$out/restore.log" 2>&1
ok $? "pg_restore --single-transaction into a new database, no error"

# Every table's rows, as one digest per table.
digests() {
	psql -qXAt -d "$1" -v ON_ERROR_STOP=1 <<'SQL'
SELECT format('SELECT %L || '' '' || count(*) || '' '' || coalesce(md5(string_agg(t::text, '','' ORDER BY t::text)), ''-'') FROM %s t',
              c.oid::regclass::text, c.oid::regclass)
  FROM pg_class c
 WHERE c.relnamespace IN ('shop'::regnamespace, 'own'::regnamespace) AND c.relkind = 'r'
 ORDER BY c.oid::regclass::text
\gexec
SQL
}
digests $src >"$out/src_rows.txt" 2>&1 && digests $dst >"$out/dst_rows.txt" 2>&1 &&
	diff "$out/src_rows.txt" "$out/dst_rows.txt" >"$out/rows.diff" &&
	[ "$(wc -l <"$out/src_rows.txt")" -ge 14 ]
ok $? "every table of the retail schema and of the caller's schema holds the same rows ($(wc -l <"$out/src_rows.txt") tables)"

# One request as PostgREST makes it.  Floats are compared to 15 digits:
# sums of float8 may differ in the last bit when the rows come in another
# order.
request() {
	PGOPTIONS="-c extra_float_digits=0" psql -qXAt -d "$1" -v ON_ERROR_STOP=1 <<SQL
BEGIN;
SET LOCAL ROLE dump_user;
SELECT set_config('request.jwt.claims', '{"role": "dump_user", "tenant_id": "$2"}', true) \\g /dev/null
$3
ROLLBACK;
SQL
}
calls="SELECT * FROM api.forecast(1, 14);
SELECT * FROM api.top_products('2026-05-01', '2026-06-30');
SELECT * FROM api.dashboard_kpis('2026-05-01', '2026-06-30');
SELECT * FROM api.reorder_recommendations('2026-06-30');
SELECT * FROM api.list_alerts();
SELECT count(*), min(sold_at), max(sold_at) FROM api.sales;
SELECT api.forecast_chart(2, 28, 'day', 60);"
request $src dakar "$calls" >"$out/src_api.txt" 2>&1 && request $dst dakar "$calls" >"$out/dst_api.txt" 2>&1 &&
	diff "$out/src_api.txt" "$out/dst_api.txt" >"$out/api.diff" && [ "$(wc -l <"$out/src_api.txt")" -ge 40 ]
ok $? "the api gives the same answers before and after ($(wc -l <"$out/src_api.txt") lines: forecast, top products, KPIs, reorder list, alerts, sales, chart)"

# Tenant isolation after the restore: each tenant sees its own sales only.
seen=$(request $dst abidjan "SELECT count(*) FILTER (WHERE tenant_id <> 'abidjan') || ' ' || count(*) FROM shop.sales;")
own=$(psql -qXAt -d $dst -c "SELECT count(*) FROM shop.sales WHERE tenant_id = 'abidjan'")
[ "$seen" = "0 $own" ] && [ "$own" -gt 0 ]
ok $? "tenant abidjan sees its $own sales and none of dakar's after the restore (saw: $seen)"

# The statement-level product key still refuses an unknown product.
st=$(request $dst dakar "\\set VERBOSITY sqlstate
INSERT INTO shop.sales (tenant_id, product_id, sold_at, quantity, unit_price) VALUES ('dakar', 999999, now(), 1, 1);" 2>&1)
[ "$st" = "ERROR:  23503" ]
ok $? "a sale of an unknown product is refused with 23503 after the restore (got: $st)"

# The alert triggers still fire: a burst of one product raises a spike.
psql -qXAt -d $dst -v ON_ERROR_STOP=1 >"$out/burst.txt" 2>&1 <<'SQL'
BEGIN;
SET LOCAL ROLE dump_user;
SELECT set_config('request.jwt.claims', '{"role": "dump_user", "tenant_id": "dakar"}', true) \g /dev/null
INSERT INTO shop.sales (tenant_id, product_id, sold_at, quantity, unit_price)
SELECT 'dakar', 1, timestamptz '2026-07-01 10:00', 500, p.unit_price FROM shop.products p
 WHERE p.tenant_id = 'dakar' AND p.product_id = 1;
SELECT count(*) FROM shop.alerts WHERE kind = 'sales_spike' AND product_id = 1 AND created_at = now();
COMMIT;
INSERT INTO own.sales VALUES ('s1', 1, '2024-02-27 10:00', 400);
SELECT count(*) FROM own.stk_alerts WHERE kind = 'sales_spike';
SQL
[ "$(tr '\n' ' ' <"$out/burst.txt")" = "1 2 " ]
ok $? "the alert triggers raise a spike after the restore, on the retail schema and on the caller's table ($(tr '\n' ' ' <"$out/burst.txt"))"

# Detach and attach again: the generated functions go with their triggers.
psql -qXAt -d $dst -v ON_ERROR_STOP=1 >"$out/detach.txt" 2>&1 <<'SQL'
SELECT stokkel.stk_detach_alerts('shop.sales') \g /dev/null
SELECT stokkel.stk_detach_alerts('own.sales') \g /dev/null
SELECT count(*) FROM pg_proc WHERE pronamespace IN ('shop'::regnamespace, 'own'::regnamespace)
   AND proname LIKE 'stk\_alerts\_%';
SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'stk\_alerts\_%';
SELECT stokkel.stk_attach_retail_alerts('shop') \g /dev/null
SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'stk\_alerts\_%';
SQL
[ "$(tr '\n' ' ' <"$out/detach.txt")" = "0 0 3 " ]
ok $? "detaching after the restore leaves no generated function or trigger, and attaching again works ($(tr '\n' ' ' <"$out/detach.txt"))"

PGOPTIONS="-c client_min_messages=warning" psql -qX -d postgres -c "DROP DATABASE IF EXISTS $src" \
	-c "DROP DATABASE IF EXISTS $dst" >/dev/null
tap_end
