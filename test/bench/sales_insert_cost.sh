#!/bin/sh
# Where the time of a CSV import's write goes: the accepted sale lines
# inserted with one INSERT ... SELECT into shop.sales (what api.import_sales
# does after its checks), as the api user (row-level security on), then with
# the table's foreign keys, secondary indexes and policy removed inside a
# rolled-back transaction (the table vacuumed before each run, so that the
# rolled-back rows do not slow the next).  Best and median of 5 (or rounds)
# interleaved runs per variant; seconds and rows/s.
# Variant 1c puts back the declarative per-row foreign key on customers
# that a statement-level check (batch_fk.c) replaced in the ninth session,
# 2 that and the one on products (replaced in issue 7), 1p the tenant policy
# that read the JWT claims once per row, 2p all three (the table as it was
# before issue 7).  Variant 1r inserts the rows in random order: each
# index then takes them at random places, where rows in time order go to
# the right-hand end of the time index.
#
#   test/bench/sales_insert_cost.sh [rows [rounds]]      (needs test/cluster.sh start)
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
eval "$(test/cluster.sh env)"
rows=${1:-99000}
rounds=${2:-5}
db=stokkel_bench_insert
psql -qX -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
{
cat <<'SQL'
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION stokkel;
\o /dev/null
SELECT stokkel.stk_create_retail_schema('shop');
SELECT * FROM stokkel.stk_generate_sample_data('shop', 200, 30, 42, tenant => 'demo');
SELECT stokkel.stk_create_api('shop', 'api', 'bench_anon', 'bench_user', 'bench_admin');
\o
CREATE TABLE bench_rows AS
SELECT 'demo'::text AS tenant_id, p.product_id,
       timestamptz '2026-07-01 08:00' + i * interval '17 seconds' AS sold_at,
       (1 + i % 7)::numeric AS quantity, p.unit_price, NULL::bigint AS customer_id
  FROM generate_series(1, :rows) i
  JOIN shop.products p ON p.tenant_id = 'demo' AND p.product_id = 1 + i % 200;
GRANT SELECT ON bench_rows TO bench_user;
ANALYZE bench_rows;
CREATE TABLE timing (variant text, s float8);
SQL
# variant name | DDL run first (rolled back) | as the api user (RLS) or the
# owner | ORDER BY of the rows inserted.  Rounds interleave the variants so
# that the machine's load (shared, noisy) hits them alike.
perrow="ALTER POLICY tenant_isolation ON shop.sales USING (tenant_id = (NULLIF(current_setting('request.jwt.claims', true), '')::jsonb ->> 'tenant_id')) WITH CHECK (tenant_id = (NULLIF(current_setting('request.jwt.claims', true), '')::jsonb ->> 'tenant_id'));"
fk="DROP TRIGGER sales_product_fk_ins ON shop.sales; ALTER TABLE shop.sales ADD CONSTRAINT sales_tenant_id_product_id_fkey FOREIGN KEY (tenant_id, product_id) REFERENCES shop.products;"
cfk="DROP TRIGGER sales_customer_fk_ins ON shop.sales; ALTER TABLE shop.sales ADD CONSTRAINT sales_tenant_id_customer_id_fkey FOREIGN KEY (tenant_id, customer_id) REFERENCES shop.customers;"
nokeys="DROP TRIGGER sales_product_fk_ins ON shop.sales; DROP TRIGGER sales_customer_fk_ins ON shop.sales;"
variants="1 as the api user: RLS, both keys checked per statement, 4 indexes (the import)||user|sold_at
1r the same, rows in random order (a file with its days mixed, before api.import_sales sorted them)||user|hashtext(sold_at::text)
1p the same, tenant policy evaluated per row (before issue 7)|$perrow|user|sold_at
1c the same with the declarative per-row customer foreign key (before the ninth session)|$cfk|user|sold_at
2 the same as 1c with the declarative per-row product foreign key|$cfk $fk|user|sold_at
2p per-row foreign keys and per-row policy (the table before issue 7)|$cfk $fk $perrow|user|sold_at
3 api user, no product key check at all|DROP TRIGGER sales_product_fk_ins ON shop.sales;|user|sold_at
4 api user, no key checks|$nokeys|user|sold_at
5 owner, no key checks, primary key only|$nokeys DROP INDEX shop.sales_tenant_id_product_id_sold_at_idx, shop.sales_tenant_id_sold_at_idx, shop.sales_tenant_id_customer_id_idx;|owner|sold_at"
k=0
while [ "$k" -lt "$rounds" ]; do
  k=$((k + 1))
  printf '%s\n' "$variants" | while IFS='|' read -r name ddl who order; do
    cat <<SQL
VACUUM shop.sales;
BEGIN;
$ddl
$( [ "$who" = user ] && printf '%s\n' "SET LOCAL ROLE bench_user;" \
   "SELECT set_config('request.jwt.claims', '{\"role\": \"bench_user\", \"tenant_id\": \"demo\"}', true) \\gset" )
SELECT clock_timestamp() AS t0 \\gset
INSERT INTO shop.sales (tenant_id, product_id, sold_at, quantity, unit_price, customer_id)
SELECT tenant_id, product_id, sold_at, quantity, unit_price, customer_id FROM bench_rows ORDER BY $order;
SELECT extract(epoch FROM clock_timestamp() - :'t0') AS s \\gset
ROLLBACK;
INSERT INTO timing VALUES ('$name', :s);
SQL
  done
done
cat <<'SQL'
SELECT variant, round(min(s)::numeric, 3) AS best_s,
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY s))::numeric, 3) AS median_s,
       round((SELECT count(*) FROM bench_rows) / min(s)) AS best_rows_per_s,
       round((min(s) / (SELECT min(s) FROM timing WHERE variant LIKE '1 %'))::numeric, 2) AS best_ratio_to_1
  FROM timing GROUP BY variant ORDER BY variant;
SQL
} | psql -qX -d $db -v rows="$rows"
psql -qX -d postgres -c "DROP DATABASE $db" >/dev/null
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (timings are noisy on a shared machine)"
