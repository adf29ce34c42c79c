#!/bin/sh
# CSV import throughput: 100,000 sale lines with 1 % bad rows (unknown
# products, bad numbers and dates, wrong field counts, zero quantities),
# imported through the api as PostgREST does it (SET LOCAL ROLE, claims,
# the RPC call, COMMIT) in mode commit_good.  Checks that the good rows are
# written and every bad one is reported with its line, and prints rows/s.
#
#   test/bench/csv_import.sh [rows [rounds]]      (needs test/cluster.sh start)
#
# After the first import (committed, its report checked), `rounds` more
# rounds (default 5) time the check, the import and the bare insert again,
# each rolled back (and the table vacuumed before each, so that the rolled
# back rows do not slow the next), interleaved so that the machine's load
# hits them alike; best and median of each.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
eval "$(test/cluster.sh env)"
rows=${1:-100000}
rounds=${2:-5}
db=stokkel_bench_import
psql -qX -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
psql -qX -d $db -v ON_ERROR_STOP=1 -v rows="$rows" <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION stokkel;
\o /dev/null
SELECT stokkel.stk_create_retail_schema('shop');
SELECT * FROM stokkel.stk_generate_sample_data('shop', 200, 30, 42, tenant => 'demo');
SELECT stokkel.stk_create_api('shop', 'api', 'bench_anon', 'bench_user', 'bench_admin');
\o
-- The file: line 1 is the header, line i + 1 holds row i; every 100th row
-- is bad, in one of five ways.
CREATE TABLE bench_csv AS
SELECT 'sku,sold_at,quantity,unit_price' || E'\n' || string_agg(
         CASE WHEN i % 100 = 0 THEN
           CASE (i / 100) % 5
             WHEN 0 THEN 'NO-SUCH-SKU,2026-07-01 10:00,1,100'
             WHEN 1 THEN format('%s,2026-07-01 10:00,abc,100', p.sku)
             WHEN 2 THEN format('%s,2026-13-01 10:00,1,100', p.sku)
             WHEN 3 THEN format('%s,2026-07-01 10:00,1', p.sku) || ',100,extra'
             ELSE format('%s,2026-07-01 10:00,0,100', p.sku) END
         ELSE format('%s,2026-07-%s %s:%s,%s,%s', p.sku, lpad((1 + i % 28)::text, 2, '0'),
                     lpad((8 + i % 12)::text, 2, '0'), lpad((i % 60)::text, 2, '0'), 1 + i % 7,
                     p.unit_price) END,
         E'\n' ORDER BY i) || E'\n' AS csv,
       count(*) FILTER (WHERE i % 100 = 0) AS bad
  FROM generate_series(1, :rows) i
  JOIN shop.products p ON p.tenant_id = 'demo' AND p.product_id = 1 + i % 200;
GRANT SELECT ON bench_csv TO bench_user;
SELECT pg_size_pretty(octet_length(csv)::bigint) AS csv_size, bad AS bad_rows FROM bench_csv;

CREATE TABLE bench_result AS SELECT NULL::stokkel.import_result AS r WITH NO DATA;
GRANT INSERT ON bench_result TO bench_user;

-- 1. Checks and report only: all_or_nothing meets bad rows, writes nothing.
SELECT clock_timestamp() AS t0 \gset
BEGIN;
SET LOCAL ROLE bench_user;
SELECT set_config('request.jwt.claims', '{"role": "bench_user", "tenant_id": "demo"}', true) \gset
SELECT (api.import_sales(csv, 'all_or_nothing')).written AS written_all_or_nothing FROM bench_csv;
COMMIT;
SELECT extract(epoch FROM clock_timestamp() - :'t0') AS check_s \gset

-- 2. The import: commit_good, as PostgREST runs it.
SELECT clock_timestamp() AS t0 \gset
BEGIN;
SET LOCAL ROLE bench_user;
SELECT set_config('request.jwt.claims', '{"role": "bench_user", "tenant_id": "demo"}', true) \gset
INSERT INTO bench_result SELECT api.import_sales(csv, 'commit_good') FROM bench_csv;
COMMIT;
SELECT extract(epoch FROM clock_timestamp() - :'t0') AS import_s \gset

-- 3. The floor: a bare INSERT ... SELECT of the same accepted rows into the
-- same table (same indexes, foreign keys, row-level security), rolled back.
CREATE TABLE bench_rows AS SELECT s.* FROM shop.sales s WHERE s.sold_at >= '2026-07-01' ORDER BY s.sale_id;
GRANT SELECT ON bench_rows TO bench_user;
SELECT clock_timestamp() AS t0 \gset
BEGIN;
SET LOCAL ROLE bench_user;
SELECT set_config('request.jwt.claims', '{"role": "bench_user", "tenant_id": "demo"}', true) \gset
INSERT INTO shop.sales (tenant_id, product_id, sold_at, quantity, unit_price, customer_id)
SELECT tenant_id, product_id, sold_at, quantity, unit_price, customer_id FROM bench_rows ORDER BY sale_id;
ROLLBACK;
SELECT extract(epoch FROM clock_timestamp() - :'t0') AS insert_s \gset

SELECT (r).rows_read, (r).accepted, (r).rejected, (r).written, (r).committed FROM bench_result;
-- every bad line reported, and nothing else
SELECT (SELECT count(*) FROM bench_result, unnest((r).errors) e) AS reported,
       (SELECT count(*) FROM bench_result, unnest((r).errors) e WHERE (e.line - 1) % 100 <> 0) AS wrong_lines,
       (SELECT count(*) FROM shop.sales WHERE sold_at >= '2026-07-01') AS sales_written;
SELECT e.reason, count(*) FROM bench_result, unnest((r).errors) e GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 5;
SELECT CASE WHEN (r).rows_read = :rows AND (r).rejected = :rows / 100 AND (r).written = :rows - :rows / 100
             AND (SELECT count(*) FROM unnest((r).errors) e WHERE (e.line - 1) % 100 = 0) = :rows / 100
            THEN 'PASS' ELSE 'FAIL' END AS counts_check FROM bench_result;
SELECT :rows AS rows,
       round(:check_s::numeric, 3) AS check_only_s, round(:rows / :check_s) AS check_rows_per_s,
       round(:import_s::numeric, 3) AS import_s, round(:rows / :import_s) AS import_rows_per_s,
       round(:insert_s::numeric, 3) AS bare_insert_s,
       round((:import_s / :insert_s)::numeric, 2) AS import_over_bare_insert;

-- 4. The same kind of rows from an .xlsx workbook (10,000 rows, a sales
-- sheet written by stk_xlsx), checked only (all_or_nothing, one bad row).
CREATE TABLE bench_xlsx AS
SELECT stokkel.stk_xlsx(jsonb_build_array(jsonb_build_object(
         'name', 'sales', 'columns', '["sku", "sold_at", "quantity"]'::jsonb,
         'rows', (SELECT jsonb_agg(jsonb_build_array(CASE WHEN i = 5000 THEN 'NOPE' ELSE p.sku END,
                                                     46204 + (i % 600) / 1000.0, 1 + i % 5) ORDER BY i)
                    FROM generate_series(1, 10000) i
                    JOIN shop.products p ON p.tenant_id = 'demo' AND p.product_id = 1 + i % 200)))) AS x;
GRANT SELECT ON bench_xlsx TO bench_user;
SELECT clock_timestamp() AS t0 \gset
BEGIN;
SET LOCAL ROLE bench_user;
SELECT set_config('request.jwt.claims', '{"role": "bench_user", "tenant_id": "demo"}', true) \gset
SELECT r.rows_read AS xlsx_rows, r.rejected AS xlsx_rejected, r.errors AS xlsx_errors
  FROM bench_xlsx, api.import_xlsx(x) r;
ROLLBACK;
SELECT round(extract(epoch FROM clock_timestamp() - :'t0')::numeric, 3) AS xlsx_check_s,
       round(10000 / extract(epoch FROM clock_timestamp() - :'t0')) AS xlsx_rows_per_s;
SQL

# Repeated rounds, rolled back (the table keeps the rows of the first import).
{
cat <<'SQL'
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE TABLE bench_timing (step text, s float8);
SQL
# 2b: the declarative per-row foreign keys (products, customers) and the tenant policy
# that parses the claims once per row, put back inside the rolled-back
# transaction
perrow="tenant_id = (NULLIF(current_setting('request.jwt.claims', true), '')::jsonb ->> 'tenant_id')"
before_ddl="DROP TRIGGER sales_product_fk_ins ON shop.sales;
DROP TRIGGER sales_customer_fk_ins ON shop.sales;
ALTER TABLE shop.sales ADD CONSTRAINT sales_tenant_id_product_id_fkey FOREIGN KEY (tenant_id, product_id) REFERENCES shop.products;
ALTER TABLE shop.sales ADD CONSTRAINT sales_tenant_id_customer_id_fkey FOREIGN KEY (tenant_id, customer_id) REFERENCES shop.customers;
ALTER POLICY tenant_isolation ON shop.sales USING ($perrow) WITH CHECK ($perrow);"
k=0
while [ "$k" -lt "$rounds" ]; do
  k=$((k + 1))
  for step in "1 checks only|all_or_nothing" "2 import (commit_good)|commit_good" \
              "2b import, sales as before issue 7 (per-row key and policy)|commit_good|before" \
              "3 bare INSERT ... SELECT|"; do
    name=${step%%|*}
    mode=${step#*|}
    before=${mode#*|}
    mode=${mode%%|*}
    cat <<SQL
VACUUM shop.sales;
BEGIN;
$( [ "$before" = before ] && echo "$before_ddl" )
SET LOCAL ROLE bench_user;
SELECT set_config('request.jwt.claims', '{"role": "bench_user", "tenant_id": "demo"}', true) \gset
SELECT clock_timestamp() AS t0 \gset
$( if [ -n "$mode" ]; then
     echo "SELECT (api.import_sales(csv, '$mode')).written FROM bench_csv \\gset"
   else
     echo "INSERT INTO shop.sales (tenant_id, product_id, sold_at, quantity, unit_price, customer_id)"
     echo "SELECT tenant_id, product_id, sold_at, quantity, unit_price, customer_id FROM bench_rows ORDER BY sale_id;"
   fi )
SELECT extract(epoch FROM clock_timestamp() - :'t0') AS s \gset
ROLLBACK;
INSERT INTO bench_timing VALUES ('$name', :s);
SQL
  done
done
cat <<'SQL'
SELECT step, count(*) AS rounds, round(min(s)::numeric, 3) AS best_s,
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY s))::numeric, 3) AS median_s,
       round(:rows / min(s)) AS best_rows_per_s,
       round(:rows / percentile_cont(0.5) WITHIN GROUP (ORDER BY s)) AS median_rows_per_s
  FROM bench_timing GROUP BY step ORDER BY step;
SQL
} | psql -qX -d $db -v rows="$rows"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (timings are noisy on a shared machine)"
