-- The turnkey retail schema and the seeded sample-data generator.
SET extra_float_digits = 0;
SET DateStyle = ISO;
SET TimeZone = 'Africa/Dakar';
SET client_min_messages = warning;

-- Create the schema: every table has tenant_id, RLS, a policy, a comment.
SELECT stokkel.stk_create_retail_schema('rs_a');
SELECT c.relname,
       c.relrowsecurity AS rls,
       EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid
                AND a.attname = 'tenant_id' AND a.attnotnull) AS has_tenant,
       (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid
                AND p.polname = 'tenant_isolation') AS policies,
       obj_description(c.oid, 'pg_class') IS NOT NULL AS commented
FROM pg_class c
WHERE c.relnamespace = 'rs_a'::regnamespace AND c.relkind = 'r'
ORDER BY c.relname;

-- The tables belong to the caller, not to the extension, and nothing in
-- them depends on an extension object.
SELECT count(*) AS extension_members
FROM pg_depend d
JOIN pg_class c ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
WHERE c.relnamespace = 'rs_a'::regnamespace
  AND d.refclassid = 'pg_extension'::regclass;
SELECT count(*) AS depends_on_extension_objects
FROM pg_depend d
WHERE d.refobjid IN (SELECT objid FROM pg_depend
                      WHERE refclassid = 'pg_extension'::regclass
                        AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'stokkel'))
  AND ((d.classid = 'pg_class'::regclass AND d.objid IN
          (SELECT oid FROM pg_class WHERE relnamespace = 'rs_a'::regnamespace))
    OR (d.classid = 'pg_policy'::regclass)
    OR (d.classid = 'pg_attrdef'::regclass)
    OR (d.classid = 'pg_constraint'::regclass AND d.objid IN
          (SELECT oid FROM pg_constraint WHERE connamespace = 'rs_a'::regnamespace)));

-- Sample data: 20 products over 120 days, seed 7.
SELECT * FROM stokkel.stk_generate_sample_data('rs_a', 20, 120, 7);

-- The same arguments into another schema give the same data, ids included.
SELECT stokkel.stk_create_retail_schema('rs_b');
SELECT * FROM stokkel.stk_generate_sample_data('rs_b', 20, 120, 7) WHERE rows > 100;
SELECT
  (SELECT count(*) FROM (SELECT * FROM rs_a.sales EXCEPT ALL SELECT * FROM rs_b.sales) x) AS sales_diff,
  (SELECT count(*) FROM (SELECT * FROM rs_a.products EXCEPT ALL SELECT * FROM rs_b.products) x) AS products_diff,
  (SELECT count(*) FROM (SELECT * FROM rs_a.stock_movements EXCEPT ALL SELECT * FROM rs_b.stock_movements) x) AS movements_diff,
  (SELECT count(*) FROM (SELECT tenant_id, po_id, supplier_id, ordered_at, expected_at, status FROM rs_a.purchase_orders
                         EXCEPT ALL SELECT tenant_id, po_id, supplier_id, ordered_at, expected_at, status FROM rs_b.purchase_orders) x) AS po_diff,
  (SELECT count(*) FROM (SELECT * FROM rs_a.receipts EXCEPT ALL SELECT * FROM rs_b.receipts) x) AS receipts_diff,
  (SELECT count(*) FROM (SELECT * FROM rs_a.stockouts EXCEPT ALL SELECT * FROM rs_b.stockouts) x) AS stockouts_diff;

-- Checksums pin the generator's output.
SELECT count(*) AS lines, sum(quantity) AS units, sum(quantity * unit_price) AS revenue_xof,
       count(customer_id) AS with_customer, count(*) FILTER (WHERE quantity < 0) AS returns,
       min(sold_at)::date AS first_day, max(sold_at)::date AS last_day
FROM rs_a.sales;
SELECT kind, count(*), sum(quantity) FROM rs_a.stock_movements GROUP BY kind ORDER BY kind;
SELECT status, count(*) FROM rs_a.purchase_orders GROUP BY status ORDER BY status;
SELECT count(*) AS stockout_days, count(DISTINCT product_id) AS products FROM rs_a.stockouts;
SELECT product_id, sku, name, category, unit_price, unit_cost, supplier_id, pack_size, moq
FROM rs_a.products ORDER BY product_id LIMIT 5;
SELECT day, name, kind FROM rs_a.events WHERE kind <> 'promotion' ORDER BY day LIMIT 8;
SELECT day, reason FROM rs_a.closed_days ORDER BY day;

-- Consistency: the ledger sums to the stock level, never goes negative,
-- receipts come after their orders, sales fall within opening hours.
SELECT count(*) AS ledger_mismatches
FROM rs_a.stock_levels l
LEFT JOIN (SELECT product_id, sum(quantity) AS q FROM rs_a.stock_movements GROUP BY product_id) m
  USING (product_id)
WHERE l.on_hand IS DISTINCT FROM coalesce(m.q, 0);
SELECT count(*) AS negative_stock
FROM (SELECT sum(quantity) OVER (PARTITION BY product_id ORDER BY moved_at, movement_id) AS run
      FROM rs_a.stock_movements) x
WHERE run < 0;
SELECT count(*) AS early_receipts
FROM rs_a.receipts r JOIN rs_a.purchase_orders o USING (tenant_id, po_id)
WHERE r.received_at <= o.ordered_at;
SELECT count(*) AS outside_hours
FROM rs_a.sales
WHERE extract(hour FROM sold_at AT TIME ZONE 'Africa/Dakar') NOT BETWEEN 8 AND 20;
SELECT count(*) AS sales_on_closed_days
FROM rs_a.sales s JOIN rs_a.closed_days c ON c.day = (s.sold_at AT TIME ZONE 'Africa/Dakar')::date;

-- Another seed gives other data.
SELECT stokkel.stk_create_retail_schema('rs_c');
SELECT sum(rows) > 0 AS generated FROM stokkel.stk_generate_sample_data('rs_c', 20, 120, 8);
SELECT (SELECT sum(quantity) FROM rs_a.sales) <> (SELECT sum(quantity) FROM rs_c.sales) AS differs;

-- A product does not depend on how many are generated.
SELECT count(*) AS differences
FROM (SELECT * FROM stokkel.stk_sample_activity(5, 60, 3, '2025-01-01') WHERE product_no = 4
      EXCEPT ALL
      SELECT * FROM stokkel.stk_sample_activity(50, 60, 3, '2025-01-01') WHERE product_no = 4) x;

-- Row-level security: a role without the claim sees nothing; with the
-- demo tenant's claim it sees that tenant's rows, and may not write
-- another tenant's.
CREATE ROLE regress_stk_shop_user NOLOGIN;
GRANT USAGE ON SCHEMA rs_a TO regress_stk_shop_user;
GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA rs_a TO regress_stk_shop_user;
SET ROLE regress_stk_shop_user;
SELECT count(*) AS without_claim FROM rs_a.sales;
SET request.jwt.claims = '{"tenant_id": "demo", "role": "regress_stk_shop_user"}';
SELECT count(*) AS with_claim FROM rs_a.sales;
SELECT count(*) AS products FROM rs_a.products;
SELECT regress.err($$INSERT INTO rs_a.closed_days VALUES ('other', '2030-01-01', 'x')$$);
SELECT regress.err($$INSERT INTO rs_a.closed_days VALUES ('demo', '2030-01-01', 'inventaire')$$);
SET request.jwt.claims = '{"tenant_id": "other"}';
SELECT count(*) AS other_tenant FROM rs_a.sales;
SET request.jwt.claims = '';
SELECT count(*) AS empty_claims FROM rs_a.sales;
RESET request.jwt.claims;
RESET ROLE;

-- Errors, with their SQLSTATEs.
SELECT regress.err($$SELECT stokkel.stk_create_retail_schema('rs_a')$$);
SELECT regress.err($$SELECT stokkel.stk_create_retail_schema('stokkel')$$);
SELECT regress.err($$SELECT stokkel.stk_create_retail_schema('pg_catalog')$$);
SELECT regress.err($$SELECT stokkel.stk_create_retail_schema('information_schema')$$);
SELECT regress.err($$SELECT stokkel.stk_create_retail_schema('pg_toast')$$);
SELECT regress.err($$SELECT stokkel.stk_create_retail_schema('')$$);
SELECT regress.err($$SELECT stokkel.stk_create_retail_schema(NULL)$$);
SELECT regress.err($$SELECT stokkel.stk_create_retail_schema(repeat('x', 64))$$);
SELECT regress.err($$SELECT * FROM stokkel.stk_generate_sample_data('rs_none')$$);
SELECT regress.err($$SELECT * FROM stokkel.stk_generate_sample_data('rs_a', 20, 120, 7)$$);
SELECT regress.err($$SELECT * FROM stokkel.stk_generate_sample_data('rs_a', 0, 120, 7, tenant => 't2')$$);
SELECT regress.err($$SELECT * FROM stokkel.stk_generate_sample_data('rs_a', 100001, 120, 7, tenant => 't2')$$);
SELECT regress.err($$SELECT * FROM stokkel.stk_generate_sample_data('rs_a', 20, 0, 7, tenant => 't2')$$);
SELECT regress.err($$SELECT * FROM stokkel.stk_generate_sample_data('rs_a', 20, 3661, 7, tenant => 't2')$$);
SELECT regress.err($$SELECT * FROM stokkel.stk_generate_sample_data('rs_a', 20, 120, 7, tenant => '')$$);
SELECT regress.err($$SELECT * FROM stokkel.stk_generate_sample_data('rs_a', NULL)$$);
SELECT regress.err($$SELECT count(*) FROM stokkel.stk_sample_products(0, 1)$$);
SELECT regress.err($$SELECT count(*) FROM stokkel.stk_sample_products(100001, 1)$$);
SELECT regress.err($$SELECT count(*) FROM stokkel.stk_sample_activity(0, 10, 1, '2025-01-01')$$);
SELECT regress.err($$SELECT count(*) FROM stokkel.stk_sample_activity(10, 3661, 1, '2025-01-01')$$);
SELECT regress.err($$SELECT count(*) FROM stokkel.stk_sample_activity(10, 10, 1, '2025-01-01', -1)$$);
SELECT regress.err($$SELECT count(*) FROM stokkel.stk_sample_activity(10, 10, 1, 'infinity')$$);
SELECT regress.err($$SELECT count(*) FROM stokkel.stk_sample_activity(10, 10, 1, '2199-12-30')$$);
SELECT regress.err($$SELECT count(*) FROM stokkel.stk_sample_events('2025-01-01', '2024-01-01')$$);
SELECT regress.err($$SELECT count(*) FROM stokkel.stk_sample_events('1800-01-01', '1900-01-01')$$);

-- A second tenant can share the schema; ids restart per tenant.
SELECT table_name, rows FROM stokkel.stk_generate_sample_data('rs_a', 3, 30, 1, tenant => 't2')
WHERE table_name IN ('tenants', 'products');
SELECT tenant_id, count(*) FROM rs_a.products GROUP BY tenant_id ORDER BY tenant_id;

-- Ids given by the generator do not collide with later inserts.
INSERT INTO rs_a.products (tenant_id, sku, name, unit_price) VALUES ('demo', 'NEW-1', 'Nouveau', 100)
RETURNING product_id > 20 AS fresh_id;

-- a time zone PostgreSQL does not know is refused when written, not in
-- every later analytics call
SELECT regress.err($$INSERT INTO rs_a.tenants (tenant_id, name, timezone) VALUES ('t3', 'Mars', 'Mars/Olympus')$$);
INSERT INTO rs_a.tenants (tenant_id, name, timezone) VALUES ('t4', 'Kiritimati', 'Pacific/Kiritimati')
RETURNING tenant_id, timezone;

DROP OWNED BY regress_stk_shop_user;
DROP ROLE regress_stk_shop_user;
DROP SCHEMA rs_a, rs_b, rs_c CASCADE;
