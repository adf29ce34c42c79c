-- DROP EXTENSION never drops the retail schema's tables or their data:
-- they belong to the user who created them, not to the extension.  Only
-- the triggers that check the sales keys once per statement call
-- extension functions: DROP EXTENSION refuses while they exist, and
-- CASCADE drops those triggers, never a table or a row.
SET client_min_messages = warning;
SELECT stokkel.stk_create_retail_schema('keep_shop');
INSERT INTO keep_shop.tenants (tenant_id, name) VALUES ('t1', 'Boutique Keur Massar');
INSERT INTO keep_shop.products (tenant_id, product_id, sku, name, unit_price) VALUES ('t1', 1, 'RIZ', 'Riz', 500);
INSERT INTO keep_shop.sales (tenant_id, product_id, sold_at, quantity, unit_price)
VALUES ('t1', 1, '2026-07-01 10:00+00', 2, 500);
SELECT count(*) AS extension_members_in_keep_shop
FROM pg_depend d JOIN pg_class c ON c.oid = d.objid
WHERE d.deptype = 'e' AND c.relnamespace = 'keep_shop'::regnamespace;

\set VERBOSITY terse
DROP EXTENSION stokkel;
\set VERBOSITY default
DROP EXTENSION stokkel CASCADE;
SELECT tenant_id, name, currency FROM keep_shop.tenants;
SELECT count(*) AS sales_left FROM keep_shop.sales;
SELECT count(*) AS tables_left FROM pg_tables WHERE schemaname = 'keep_shop';
SELECT count(*) AS triggers_left FROM pg_trigger
WHERE tgrelid IN ('keep_shop.sales'::regclass, 'keep_shop.products'::regclass,
                  'keep_shop.customers'::regclass) AND NOT tgisinternal;

-- and the extension comes back on top of the kept data; the check is put
-- back (the rows there are checked first)
CREATE EXTENSION stokkel;
SELECT count(*) AS tenants FROM keep_shop.tenants;
SELECT stokkel.stk_attach_sales_keys('keep_shop');
SELECT regress.err($$INSERT INTO keep_shop.sales (tenant_id, product_id, sold_at, quantity, unit_price)
                     VALUES ('t1', 2, '2026-07-01 11:00+00', 1, 500)$$);
DROP SCHEMA keep_shop CASCADE;
