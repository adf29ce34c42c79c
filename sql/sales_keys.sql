-- The keys of sales, (tenant_id, product_id) -> products and (tenant_id,
-- customer_id) -> customers, checked once per statement (batch_fk.c): the
-- same errors as PostgreSQL's foreign keys, SQLSTATE, message, detail and
-- constraint name.
SET client_min_messages = warning;

-- The error of a statement with its detail and constraint name.
CREATE FUNCTION pg_temp.fk_err(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  st text; msg text; det text; con text; hint text;
BEGIN
  EXECUTE q;
  RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL,
                          con = CONSTRAINT_NAME, hint = PG_EXCEPTION_HINT;
  RETURN st || ': ' || msg || E'\n  detail: ' || coalesce(det, '') || E'\n  constraint: ' || coalesce(con, '')
         || coalesce(E'\n  hint: ' || nullif(hint, ''), '');
END $$;

SELECT stokkel.stk_create_retail_schema('bfk');
INSERT INTO bfk.tenants (tenant_id, name) VALUES ('t1', 'Boutique'), ('t2', 'Kiosque');
INSERT INTO bfk.products (tenant_id, product_id, sku, name, unit_price)
VALUES ('t1', 1, 'RIZ', 'Riz', 500), ('t1', 2, 'HUILE', 'Huile', 1200), ('t1', 3, 'SUCRE', 'Sucre', 700),
       ('t2', 1, 'PAIN', 'Pain', 150);

-- No declarative key on sales any more; five triggers per key, commented.
SELECT conname FROM pg_constraint WHERE conrelid = 'bfk.sales'::regclass AND contype = 'f' ORDER BY 1;
SELECT t.tgrelid::regclass AS tbl, t.tgname, p.proname,
       obj_description(t.oid, 'pg_trigger') AS comment
  FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
 WHERE t.tgrelid IN ('bfk.sales'::regclass, 'bfk.products'::regclass, 'bfk.customers'::regclass)
   AND NOT t.tgisinternal
 ORDER BY 1, 2;

-- Inserts: good keys pass; an unknown product fails with the foreign key's error.
INSERT INTO bfk.sales (tenant_id, product_id, sold_at, quantity, unit_price)
VALUES ('t1', 1, '2026-07-01 10:00+00', 2, 500), ('t1', 2, '2026-07-01 10:05+00', 1, 1200),
       ('t1', 1, '2026-07-01 10:10+00', 1, 500);
SELECT pg_temp.fk_err($$INSERT INTO bfk.sales (tenant_id, product_id, sold_at, quantity, unit_price)
                        VALUES ('t1', 99, '2026-07-01 11:00+00', 1, 500)$$);
-- one bad key among good ones: the statement writes nothing
SELECT pg_temp.fk_err($$INSERT INTO bfk.sales (tenant_id, product_id, sold_at, quantity, unit_price)
                        SELECT 't1', 1 + i % 3, '2026-07-02 09:00+00'::timestamptz + i * interval '1 minute', 1, 500
                          FROM generate_series(1, 500) i
                        UNION ALL SELECT 't1', 7, '2026-07-02 20:00+00', 1, 500$$);
-- the tenant is part of the key: product 2 exists for t1, not for t2
SELECT pg_temp.fk_err($$INSERT INTO bfk.sales (tenant_id, product_id, sold_at, quantity, unit_price)
                        VALUES ('t2', 2, '2026-07-01 11:00+00', 1, 150)$$);
SELECT count(*) AS sales FROM bfk.sales;
-- COPY goes through the same check
SELECT pg_temp.fk_err($$COPY bfk.sales (tenant_id, product_id, sold_at, quantity, unit_price)
                        FROM PROGRAM 'printf "t1,3,2026-07-03 10:00+00,1,700\nt1,4,2026-07-03 10:00+00,1,700\n"'
                        WITH (FORMAT csv)$$);

-- Updates of sales: to an unknown product fails, to a known one passes,
-- other columns need no check.
SELECT pg_temp.fk_err($$UPDATE bfk.sales SET product_id = 42 WHERE product_id = 2$$);
SELECT pg_temp.fk_err($$UPDATE bfk.sales SET tenant_id = 't2' WHERE product_id = 2$$);
UPDATE bfk.sales SET product_id = 3 WHERE product_id = 2;
UPDATE bfk.sales SET quantity = quantity + 1;
SELECT product_id, count(*), sum(quantity) FROM bfk.sales GROUP BY 1 ORDER BY 1;

-- Deletes and key updates of products: NO ACTION.
SELECT pg_temp.fk_err($$DELETE FROM bfk.products WHERE tenant_id = 't1' AND product_id = 1$$);
SELECT pg_temp.fk_err($$DELETE FROM bfk.products WHERE tenant_id = 't1'$$);
SELECT pg_temp.fk_err($$UPDATE bfk.products SET product_id = 10 WHERE tenant_id = 't1' AND product_id = 3$$);
-- an unreferenced product goes; other columns of referenced ones change
DELETE FROM bfk.products WHERE tenant_id = 't1' AND product_id = 2;
UPDATE bfk.products SET unit_price = unit_price + 10, name = name || ' (sac)' WHERE tenant_id = 't1';
SELECT tenant_id, product_id, name, unit_price FROM bfk.products ORDER BY 1, 2;
-- NO ACTION, not RESTRICT: a key deleted and put back in the same statement passes
WITH d AS (DELETE FROM bfk.products WHERE tenant_id = 't1' AND product_id = 1 RETURNING *)
INSERT INTO bfk.products (tenant_id, product_id, sku, name, unit_price)
SELECT tenant_id, product_id, sku, name || ' (nouveau)', unit_price FROM d;
SELECT name FROM bfk.products WHERE tenant_id = 't1' AND product_id = 1;

-- TRUNCATE: refused while sales refer to products, even with CASCADE
-- (which follows declarative keys only); both tables at once pass.
SELECT pg_temp.fk_err($$TRUNCATE bfk.products CASCADE$$);
SELECT count(*) AS products FROM bfk.products;

-- Deleting a tenant cascades to its products, and stops at their sales as
-- before: t1 has sales, t2 has none.
SELECT pg_temp.fk_err($$DELETE FROM bfk.tenants WHERE tenant_id = 't1'$$);
DELETE FROM bfk.tenants WHERE tenant_id = 't2';
SELECT tenant_id, count(*) FROM bfk.products GROUP BY 1 ORDER BY 1;
-- once its sales are gone, t1 goes too
DELETE FROM bfk.sales WHERE tenant_id = 't1';
DELETE FROM bfk.tenants WHERE tenant_id = 't1';
SELECT (SELECT count(*) FROM bfk.tenants) AS tenants, (SELECT count(*) FROM bfk.products) AS products;

-- Rights: the check reads products as their owner, without row-level
-- security, so a user who may not read products can still sell them; the
-- detail shows no key to a user under row-level security (as PostgreSQL).
INSERT INTO bfk.tenants (tenant_id, name) VALUES ('t3', 'Quincaillerie');
INSERT INTO bfk.products (tenant_id, product_id, sku, name, unit_price) VALUES ('t3', 1, 'CLOU', 'Clous', 50);
CREATE ROLE regress_bfk_clerk NOLOGIN;
GRANT USAGE ON SCHEMA bfk TO regress_bfk_clerk;
GRANT INSERT ON bfk.sales TO regress_bfk_clerk;
SET ROLE regress_bfk_clerk;
SELECT set_config('request.jwt.claims', '{"tenant_id": "t3"}', false) IS NOT NULL AS claims_set;
SELECT regress.err($$SELECT count(*) FROM bfk.products$$);
SELECT pg_temp.fk_err($$INSERT INTO bfk.sales (tenant_id, product_id, sold_at, quantity, unit_price)
                        VALUES ('t3', 1, '2026-07-05 10:00+00', 3, 50)$$);
SELECT pg_temp.fk_err($$INSERT INTO bfk.sales (tenant_id, product_id, sold_at, quantity, unit_price)
                        VALUES ('t3', 2, '2026-07-05 10:00+00', 3, 50)$$);
RESET ROLE;
SELECT set_config('request.jwt.claims', '', false) IS NOT NULL AS claims_reset;
SELECT tenant_id, product_id, quantity FROM bfk.sales ORDER BY 1, 2;
REVOKE ALL ON bfk.sales FROM regress_bfk_clerk;
REVOKE ALL ON SCHEMA bfk FROM regress_bfk_clerk;
DROP ROLE regress_bfk_clerk;

-- The customer key: the same checks, and a sale without a customer (most
-- of them) needs none.
INSERT INTO bfk.customers (tenant_id, customer_id, name) VALUES ('t3', 7, 'Awa'), ('t3', 8, 'Kofi');
INSERT INTO bfk.sales (tenant_id, product_id, sold_at, quantity, unit_price, customer_id)
VALUES ('t3', 1, '2026-07-06 10:00+00', 1, 50, 7), ('t3', 1, '2026-07-06 10:01+00', 1, 50, NULL);
SELECT pg_temp.fk_err($$INSERT INTO bfk.sales (tenant_id, product_id, sold_at, quantity, unit_price, customer_id)
                        VALUES ('t3', 1, '2026-07-06 11:00+00', 1, 50, 7), ('t3', 1, '2026-07-06 11:00+00', 1, 50, 9)$$);
-- an unknown product and an unknown customer in one statement: it fails on
-- the key checked first (triggers fire in name order: the customer's)
SELECT pg_temp.fk_err($$INSERT INTO bfk.sales (tenant_id, product_id, sold_at, quantity, unit_price, customer_id)
                        VALUES ('t3', 1, '2026-07-06 11:00+00', 1, 50, 9), ('t3', 5, '2026-07-06 11:00+00', 1, 50, 7)$$);
SELECT pg_temp.fk_err($$UPDATE bfk.sales SET customer_id = 9 WHERE customer_id = 7$$);
UPDATE bfk.sales SET customer_id = 8 WHERE customer_id IS NULL;
SELECT pg_temp.fk_err($$DELETE FROM bfk.customers WHERE customer_id = 8$$);
SELECT pg_temp.fk_err($$UPDATE bfk.customers SET customer_id = 70 WHERE customer_id = 7$$);
SELECT pg_temp.fk_err($$TRUNCATE bfk.customers$$);
-- a customer no sale refers to goes; the others' names change
UPDATE bfk.sales SET customer_id = NULL WHERE customer_id = 8;
DELETE FROM bfk.customers WHERE customer_id = 8;
UPDATE bfk.customers SET name = 'Awa D.' WHERE customer_id = 7;
SELECT tenant_id, customer_id, name FROM bfk.customers ORDER BY 1, 2;
SELECT customer_id, count(*) FROM bfk.sales GROUP BY 1 ORDER BY 1;

-- TRUNCATE of the three tables in one command passes.
TRUNCATE bfk.products, bfk.customers, bfk.sales CASCADE;
SELECT (SELECT count(*) FROM bfk.sales) AS sales, (SELECT count(*) FROM bfk.products) AS products,
       (SELECT count(*) FROM bfk.customers) AS customers;

-- stk_attach_sales_keys: converts a schema that still has the declarative
-- keys, checks the rows already there, refuses bad arguments.
INSERT INTO bfk.products (tenant_id, product_id, sku, name, unit_price) VALUES ('t3', 5, 'VIS', 'Vis', 20);
INSERT INTO bfk.customers (tenant_id, customer_id, name) VALUES ('t3', 1, 'Ama');
ALTER TABLE bfk.sales ADD CONSTRAINT sales_tenant_id_product_id_fkey
  FOREIGN KEY (tenant_id, product_id) REFERENCES bfk.products;
ALTER TABLE bfk.sales ADD CONSTRAINT sales_tenant_id_customer_id_fkey
  FOREIGN KEY (tenant_id, customer_id) REFERENCES bfk.customers;
SELECT stokkel.stk_attach_sales_keys('bfk');
SELECT count(*) AS declarative_keys FROM pg_constraint WHERE conrelid = 'bfk.sales'::regclass AND contype = 'f';
SELECT count(*) AS key_triggers FROM pg_trigger
 WHERE tgrelid IN ('bfk.sales'::regclass, 'bfk.products'::regclass, 'bfk.customers'::regclass) AND NOT tgisinternal;
ALTER TABLE bfk.sales DISABLE TRIGGER sales_product_fk_ins;
INSERT INTO bfk.sales (tenant_id, product_id, sold_at, quantity, unit_price) VALUES ('t3', 6, '2026-07-06 10:00+00', 1, 20);
ALTER TABLE bfk.sales ENABLE TRIGGER sales_product_fk_ins;
SELECT pg_temp.fk_err($$SELECT stokkel.stk_attach_sales_keys('bfk')$$);
DELETE FROM bfk.sales WHERE product_id = 6;
ALTER TABLE bfk.sales DISABLE TRIGGER sales_customer_fk_ins;
INSERT INTO bfk.sales (tenant_id, product_id, sold_at, quantity, unit_price, customer_id)
VALUES ('t3', 5, '2026-07-06 10:00+00', 1, 20, 2);
ALTER TABLE bfk.sales ENABLE TRIGGER sales_customer_fk_ins;
SELECT pg_temp.fk_err($$SELECT stokkel.stk_attach_sales_keys('bfk')$$);
SELECT regress.err($$SELECT stokkel.stk_attach_sales_keys(NULL)$$);
SELECT regress.err($$SELECT stokkel.stk_attach_sales_keys('no_such_schema')$$);
DROP SCHEMA bfk CASCADE;

-- The trigger functions on tables of one's own: MATCH SIMPLE (a key with a
-- NULL column passes), any number of columns, and their misuse refused.
CREATE SCHEMA bfk2;
CREATE TABLE bfk2.parent (a int, b text, PRIMARY KEY (a, b));
CREATE TABLE bfk2.child (id int, pa int, pb text);
INSERT INTO bfk2.parent VALUES (1, 'x'), (2, 'y');
CREATE TRIGGER child_fk_ins AFTER INSERT ON bfk2.child REFERENCING NEW TABLE AS n
  FOR EACH STATEMENT EXECUTE FUNCTION stokkel.stk_fk_check_statement('child_parent_fk', 'child', 'pa,pb', 'parent', 'a,b');
CREATE TRIGGER parent_fk_del AFTER DELETE ON bfk2.parent REFERENCING OLD TABLE AS o
  FOR EACH STATEMENT EXECUTE FUNCTION stokkel.stk_fk_noaction_statement('child_parent_fk', 'child', 'pa,pb', 'parent', 'a,b');
INSERT INTO bfk2.child VALUES (1, 1, 'x'), (2, 1, NULL), (3, NULL, 'zz'), (4, NULL, NULL);
SELECT pg_temp.fk_err($$INSERT INTO bfk2.child VALUES (5, 1, 'y')$$);
-- parent 2 is referenced by no complete key: it goes; parent 1 stays
DELETE FROM bfk2.parent WHERE a = 2;
SELECT pg_temp.fk_err($$DELETE FROM bfk2.parent$$);
SELECT count(*) AS children FROM bfk2.child;
-- misuse
SELECT regress.err($$SELECT stokkel.stk_fk_check_statement()$$);
CREATE TRIGGER bad_row AFTER INSERT ON bfk2.child
  FOR EACH ROW EXECUTE FUNCTION stokkel.stk_fk_check_statement('c', 'child', 'pa,pb', 'parent', 'a,b');
SELECT pg_temp.fk_err($$INSERT INTO bfk2.child VALUES (6, 1, 'x')$$);
DROP TRIGGER bad_row ON bfk2.child;
CREATE TRIGGER bad_no_table AFTER INSERT ON bfk2.child
  FOR EACH STATEMENT EXECUTE FUNCTION stokkel.stk_fk_check_statement('c', 'child', 'pa,pb', 'parent', 'a,b');
SELECT pg_temp.fk_err($$INSERT INTO bfk2.child VALUES (6, 1, 'x')$$);
DROP TRIGGER bad_no_table ON bfk2.child;
CREATE TRIGGER bad_event AFTER DELETE ON bfk2.child REFERENCING OLD TABLE AS o
  FOR EACH STATEMENT EXECUTE FUNCTION stokkel.stk_fk_check_statement('c', 'child', 'pa,pb', 'parent', 'a,b');
SELECT pg_temp.fk_err($$DELETE FROM bfk2.child WHERE id = 4$$);
DROP TRIGGER bad_event ON bfk2.child;
DROP TRIGGER child_fk_ins ON bfk2.child;
-- wrong arguments; the last set fixes the trigger in place (same OID),
-- and its plan follows the new arguments
CREATE FUNCTION pg_temp.try_args(args text, row_values text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('CREATE OR REPLACE TRIGGER bad_args AFTER INSERT ON bfk2.child REFERENCING NEW TABLE AS n '
                 'FOR EACH STATEMENT EXECUTE FUNCTION stokkel.stk_fk_check_statement(%s)', args);
  RETURN pg_temp.fk_err(format('INSERT INTO bfk2.child VALUES %s', row_values));
END $$;
SELECT args, pg_temp.try_args(args, row_values)
  FROM (VALUES (1, $$'c', 'child', 'pa,pb'$$, '(6, 1, ''x'')'),
               (2, $$'c', 'child', 'pa,nope', 'parent', 'a,b'$$, '(6, 1, ''x'')'),
               (3, $$'c', 'child', 'pa,pb', 'no_parent', 'a,b'$$, '(6, 1, ''x'')'),
               (4, $$'c', 'parent', 'a,b', 'child', 'pa,pb'$$, '(6, 1, ''x'')'),
               (5, $$'c', 'child', 'pa', 'parent', 'a,b'$$, '(6, 1, ''x'')'),
               (6, $$'c', 'child', 'pa,,pb', 'parent', 'a,b'$$, '(6, 1, ''x'')'),
               (7, $$'c', 'child', 'pa,pb', 'parent', 'a,b'$$, '(6, 1, ''x'')'),
               (8, $$'c', 'child', 'pa,pb', 'parent', 'a,b'$$, '(7, 3, ''x'')')) v(i, args, row_values)
 ORDER BY i;
-- someone else's table: the owner of the trigger's table needs REFERENCES on it
CREATE ROLE regress_bfk_other NOLOGIN;
GRANT USAGE, CREATE ON SCHEMA bfk2 TO regress_bfk_other;
SET ROLE regress_bfk_other;
CREATE TABLE bfk2.spy (a int, b text);
CREATE TRIGGER spy_fk AFTER INSERT ON bfk2.spy REFERENCING NEW TABLE AS n
  FOR EACH STATEMENT EXECUTE FUNCTION stokkel.stk_fk_check_statement('spy_fk', 'spy', 'a,b', 'parent', 'a,b');
SELECT pg_temp.fk_err($$INSERT INTO bfk2.spy VALUES (1, 'x')$$);
RESET ROLE;
GRANT REFERENCES ON bfk2.parent TO regress_bfk_other;
SET ROLE regress_bfk_other;
SELECT pg_temp.fk_err($$INSERT INTO bfk2.spy VALUES (1, 'x')$$);
DROP TABLE bfk2.spy;
RESET ROLE;
DROP SCHEMA bfk2 CASCADE;
DROP ROLE regress_bfk_other;
