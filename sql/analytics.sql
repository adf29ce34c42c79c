-- Sales analytics: top products, dashboard KPIs, ABC/XYZ, sales trends.
SET extra_float_digits = 0;
SET DateStyle = ISO;
SET TimeZone = 'Africa/Dakar';
SET client_min_messages = warning;

SELECT stokkel.stk_create_retail_schema('ana');
SELECT table_name, rows FROM stokkel.stk_generate_sample_data('ana', 30, 200, 11)
 WHERE table_name IN ('products', 'sales');

-- A tiny shop where every answer can be worked out by hand.  Its days are
-- Tokyo's (UTC+9): a sale at 00:30 on 1 March in Tokyo is 28 February in
-- UTC and in Dakar, and belongs to March.
INSERT INTO ana.tenants (tenant_id, name, currency, timezone) VALUES ('tiny', 'Tiny', 'JPY', 'Asia/Tokyo');
INSERT INTO ana.products (tenant_id, product_id, sku, name, category, unit_price, unit_cost) VALUES
  ('tiny', 1, 'A1', 'Apple',  'fruit',  100,  60),
  ('tiny', 2, 'B1', 'Banana', 'fruit',   50,  30),
  ('tiny', 3, 'C1', 'Cola',   'drinks', 200, 150),
  ('tiny', 4, 'D1', 'Dates',  'fruit',   10,   5),
  ('tiny', 5, 'E1', 'Eggs',   'misc',    20,  15),
  ('tiny', 6, 'F1', 'Flour',  'misc',    30,  20);
INSERT INTO ana.customers (tenant_id, customer_id, name) VALUES ('tiny', 1, 'Awa'), ('tiny', 2, 'Moussa');
INSERT INTO ana.sales (tenant_id, product_id, sold_at, quantity, unit_price, customer_id) VALUES
  -- the period, 2026-03-01 .. 2026-03-14 in Tokyo
  ('tiny', 1, '2026-03-01 00:30+09', 10, 100, 1),   -- customer 1's basket of 1 March ...
  ('tiny', 1, '2026-03-01 12:00+09',  5, 100, 1),
  ('tiny', 2, '2026-03-01 12:05+09',  4,  50, 1),   -- ... one order of three lines
  ('tiny', 5, '2026-03-02 10:00+09',  1,  20, NULL),
  ('tiny', 3, '2026-03-07 18:00+09',  3, 200, 2),
  ('tiny', 2, '2026-03-09 10:00+09',  6,  50, NULL),
  ('tiny', 1, '2026-03-10 09:00+09', -2, 100, 1),   -- a return: not an order
  ('tiny', 3, '2026-03-14 23:30+09',  1, 200, NULL),
  ('tiny', 3, '2026-03-15 00:10+09',  7, 200, NULL), -- the day after the period
  -- the previous period, 2026-02-15 .. 2026-02-28
  ('tiny', 1, '2026-02-20 10:00+09',  5, 100, NULL),
  ('tiny', 2, '2026-02-20 10:05+09', 10,  50, NULL),
  ('tiny', 4, '2026-02-16 10:00+09',  3,  10, NULL),
  -- the same period last year
  ('tiny', 1, '2025-03-03 10:00+09',  4, 100, NULL);
-- Current stock; the movements since the period's start take it back in time.
INSERT INTO ana.stock_levels (tenant_id, product_id, on_hand) VALUES
  ('tiny', 1, 40), ('tiny', 2, 0), ('tiny', 3, 5), ('tiny', 4, 7), ('tiny', 5, -1), ('tiny', 6, 4);
INSERT INTO ana.stock_movements (tenant_id, product_id, moved_at, quantity, kind) VALUES
  ('tiny', 1, '2026-03-02 08:00+09', 30, 'receipt'),
  ('tiny', 3, '2026-03-15 00:10+09', -7, 'sale'),
  ('tiny', 1, '2026-03-20 08:00+09', 10, 'receipt');
INSERT INTO ana.stockouts (tenant_id, product_id, day) VALUES
  ('tiny', 2, '2026-03-03'), ('tiny', 2, '2026-03-04'), ('tiny', 5, '2026-03-12'), ('tiny', 2, '2026-02-20');

SELECT stokkel.stk_tenant_timezone('ana', 'tiny') AS tiny_tz,
       stokkel.stk_tenant_timezone('ana', 'nobody') AS unknown_tenant_tz;

-- Top products of the tiny shop, by each metric.  Revenue: 1300, 800, 500,
-- 20 of 2620; ABC by the cumulative share before each product (0, 0.496,
-- 0.802, 0.992).
SELECT * FROM stokkel.stk_top_products('ana', 'tiny', '2026-03-01', '2026-03-14');
SELECT rank, product_id, units, share, previous, change_pct, abc_class
  FROM stokkel.stk_top_products('ana', 'tiny', '2026-03-01', '2026-03-14', 'units');
-- margin: a tie at 200 goes to the smaller product_id
SELECT rank, product_id, margin, share, previous, change_pct, abc_class
  FROM stokkel.stk_top_products('ana', 'tiny', '2026-03-01', '2026-03-14', 'margin');
-- growth: revenue gained; product 4 sold only in the previous period
SELECT rank, product_id, revenue, previous, change_pct, share, abc_class
  FROM stokkel.stk_top_products('ana', 'tiny', '2026-03-01', '2026-03-14', 'growth', 10);
SELECT rank, product_id, revenue, share, abc_class
  FROM stokkel.stk_top_products('ana', 'tiny', '2026-03-01', '2026-03-14', 'revenue', 2, 'fruit');
-- seven untyped literals resolve (no clash with stk_top_products_from)
SELECT count(*) FROM stokkel.stk_top_products('ana', 'tiny', '2026-03-01', '2026-03-14', 'units', 5, 'misc');

-- More returns than sales (Flour: 60 returned in the period, none sold): its
-- share is NULL and the others' shares are of the positive revenues (they
-- once exceeded 1 against the net total), and the margin percentage of a
-- net loss is NULL
BEGIN;
INSERT INTO ana.sales (tenant_id, product_id, sold_at, quantity, unit_price) VALUES
  ('tiny', 6, '2026-03-05 10:00+09', -60, 30);
SELECT product_id, revenue, share, abc_class
  FROM stokkel.stk_top_products('ana', 'tiny', '2026-03-01', '2026-03-14', 'revenue', 10) ORDER BY rank;
SELECT sum(revenue_share) AS shares, count(*) FILTER (WHERE revenue_share IS NULL) AS null_shares
  FROM stokkel.stk_abc_xyz('ana', 'tiny', '2026-03-01', '2026-03-14');
INSERT INTO ana.sales (tenant_id, product_id, sold_at, quantity, unit_price) VALUES
  ('tiny', 3, '2026-03-05 11:00+09', -100, 200);
SELECT k->>'revenue' AS revenue, k->>'gross_margin' AS margin, k->>'gross_margin_pct' AS margin_pct,
       k->>'average_basket' AS basket, k->>'stock_turn' AS turn
  FROM stokkel.stk_dashboard_kpis('ana', 'tiny', '2026-03-01', '2026-03-14') k;
ROLLBACK;

-- "Same period last year" of a period longer than a year goes back as many
-- whole years as needed not to overlap the period (here 2)
SELECT k #>> '{same_period_last_year,period_start}' AS ly_start, k #>> '{same_period_last_year,period_end}' AS ly_end
  FROM stokkel.stk_dashboard_kpis('ana', 'tiny', '2025-03-01', '2026-03-14') k;

-- Dashboard KPIs of the tiny shop.
SELECT key, value FROM jsonb_each(stokkel.stk_dashboard_kpis('ana', 'tiny', '2026-03-01', '2026-03-14'))
 ORDER BY key;

-- ABC/XYZ: weeks 03-01..03-07 and 03-08..03-14.
SELECT * FROM stokkel.stk_abc_xyz('ana', 'tiny', '2026-03-01', '2026-03-14');

-- Sales trend: ISO weeks (2026-03-01 is a Sunday), days of one product.
SELECT * FROM stokkel.stk_sales_trend('ana', 'tiny', '2026-03-01', '2026-03-14');
SELECT * FROM stokkel.stk_sales_trend('ana', 'tiny', '2026-03-01', '2026-03-03', 'day', 1);
SELECT * FROM stokkel.stk_sales_trend('ana', 'tiny', '2026-02-01', '2026-03-31', 'month');

-- The sample shop: stk_top_products against a plain SQL query computing the
-- same thing its own way (local days in Dakar, ranks by rank(), ABC from
-- the running sum including the product).
CREATE FUNCTION pg_temp.ref_top(metric text, n int, cat text, ps date, pe date)
RETURNS TABLE (rank int, product_id bigint, revenue numeric, units numeric, margin numeric,
               share numeric, previous numeric, change_pct numeric, abc_class text)
LANGUAGE sql AS $$
  WITH lines AS (
    SELECT s.product_id, (s.sold_at AT TIME ZONE 'Africa/Dakar')::date AS day, s.quantity, s.unit_price
      FROM ana.sales s WHERE s.tenant_id = 'demo'),
  per AS (
    SELECT p.product_id, p.unit_cost,
           sum(l.quantity * l.unit_price) FILTER (WHERE l.day BETWEEN ps AND pe) AS rev,
           sum(l.quantity) FILTER (WHERE l.day BETWEEN ps AND pe) AS u,
           sum(l.quantity * l.unit_price) FILTER (WHERE l.day BETWEEN ps - (pe - ps + 1) AND ps - 1) AS prev_rev,
           sum(l.quantity) FILTER (WHERE l.day BETWEEN ps - (pe - ps + 1) AND ps - 1) AS prev_u
      FROM ana.products p JOIN lines l USING (product_id)
     WHERE p.tenant_id = 'demo' AND (cat IS NULL OR p.category = cat)
     GROUP BY p.product_id, p.unit_cost),
  v AS (
    SELECT product_id, coalesce(rev, 0) AS rev, coalesce(u, 0) AS u,
           coalesce(rev, 0) - coalesce(u, 0) * unit_cost AS mar,
           coalesce(prev_rev, 0) AS prev_rev, coalesce(prev_u, 0) AS prev_u,
           coalesce(prev_rev, 0) - coalesce(prev_u, 0) * unit_cost AS prev_mar
      FROM per WHERE rev IS NOT NULL OR (metric = 'growth' AND prev_rev IS NOT NULL)),
  x AS (
    SELECT v.*,
           CASE WHEN metric = 'units' THEN u WHEN metric = 'margin' THEN mar ELSE rev END AS val,
           CASE WHEN metric = 'units' THEN prev_u WHEN metric = 'margin' THEN prev_mar ELSE prev_rev END AS pval,
           CASE WHEN metric = 'growth' THEN rev - prev_rev WHEN metric = 'units' THEN u
                WHEN metric = 'margin' THEN mar ELSE rev END AS key
      FROM v),
  c AS (
    SELECT x.*, sum(val) OVER (ORDER BY val DESC, product_id) AS cum_incl, sum(val) OVER () AS tot,
           rank() OVER (ORDER BY key DESC, product_id) AS rk
      FROM x)
  SELECT rk::int, product_id, rev, u, mar, round(val / tot, 6), pval,
         round(100 * (val - pval) / abs(nullif(pval, 0)), 2),
         CASE WHEN cum_incl - val < 0.8 * tot THEN 'A' WHEN cum_incl - val < 0.95 * tot THEN 'B' ELSE 'C' END
    FROM c WHERE rk <= n
$$;

SELECT metric, n, cat, ps, pe,
       (SELECT count(*) FROM stokkel.stk_top_products('ana', 'demo', ps, pe, metric, n, cat)) AS rows,
       (SELECT count(*) FROM (
          SELECT rank, product_id, revenue, units, margin, share, previous, change_pct, abc_class
            FROM stokkel.stk_top_products('ana', 'demo', ps, pe, metric, n, cat)
          EXCEPT SELECT * FROM pg_temp.ref_top(metric, n, cat, ps, pe)) x) AS not_in_ref,
       (SELECT count(*) FROM (
          SELECT * FROM pg_temp.ref_top(metric, n, cat, ps, pe)
          EXCEPT SELECT rank, product_id, revenue, units, margin, share, previous, change_pct, abc_class
            FROM stokkel.stk_top_products('ana', 'demo', ps, pe, metric, n, cat)) x) AS not_in_function
  FROM (VALUES ('revenue', 10, NULL, date '2026-04-01', date '2026-06-30'),
               ('revenue', 100, NULL, '2026-04-01', '2026-06-30'),
               ('units', 10, NULL, '2026-05-01', '2026-05-31'),
               ('margin', 5, 'Légumes', '2026-04-01', '2026-06-30'),
               ('growth', 100, NULL, '2026-05-01', '2026-06-30'),
               ('revenue', 100, NULL, '2025-12-13', '2026-06-30')) AS t(metric, n, cat, ps, pe);

-- The same numbers agree across the functions: trend and ABC/XYZ totals,
-- KPIs and the sum over all top products.
SELECT (SELECT sum(revenue) FROM stokkel.stk_sales_trend('ana', 'demo', '2026-04-01', '2026-06-30', 'week'))
       = (k->>'revenue')::numeric AS trend_revenue_ok,
       (SELECT sum(units) FROM stokkel.stk_sales_trend('ana', 'demo', '2026-04-01', '2026-06-30', 'day'))
       = (k->>'units')::numeric AS trend_units_ok,
       (SELECT sum(days) FROM stokkel.stk_sales_trend('ana', 'demo', '2026-04-01', '2026-06-30', 'month')) = 91 AS trend_days_ok,
       (SELECT sum(revenue) FROM stokkel.stk_abc_xyz('ana', 'demo', '2026-04-01', '2026-06-30'))
       = (k->>'revenue')::numeric AS abc_revenue_ok,
       (SELECT sum(margin) FROM stokkel.stk_top_products('ana', 'demo', '2026-04-01', '2026-06-30', 'margin', 1000))
       = (k->>'gross_margin')::numeric AS margin_ok,
       (SELECT sum(revenue_share) FROM stokkel.stk_abc_xyz('ana', 'demo', '2026-04-01', '2026-06-30')) BETWEEN 0.9999 AND 1.0001 AS shares_ok,
       (k->>'orders')::bigint = (SELECT sum(orders) FROM stokkel.stk_sales_trend('ana', 'demo', '2026-04-01', '2026-06-30', 'day'))
         AS orders_ok
  FROM stokkel.stk_dashboard_kpis('ana', 'demo', '2026-04-01', '2026-06-30') AS k;
SELECT abc, count(*) AS products, round(sum(revenue_share), 2) AS share,
       count(*) FILTER (WHERE xyz = 'X') AS x, count(*) FILTER (WHERE xyz = 'Y') AS y,
       count(*) FILTER (WHERE xyz = 'Z') AS z
  FROM stokkel.stk_abc_xyz('ana', 'demo', '2026-04-01', '2026-06-30') GROUP BY abc ORDER BY abc;
-- a product launched during the period: its weeks start at the launch
-- (the zeros before it once made it Z)
SELECT x.product_id, x.weeks, x.xyz, (DATE '2026-06-30' - p.launched_on + 1) / 7 = x.weeks AS weeks_from_launch
  FROM stokkel.stk_abc_xyz('ana', 'demo', '2026-04-01', '2026-06-30') x
  JOIN ana.products p ON p.tenant_id = 'demo' AND p.product_id = x.product_id
 WHERE p.launched_on > DATE '2026-04-01'
 ORDER BY 1;

-- The caller's own table: dates, timestamptz, integer and float columns,
-- a cost column.  Same answers as over the retail schema.
CREATE TEMP TABLE my_sales AS
  SELECT s.product_id::integer AS item, (s.sold_at AT TIME ZONE 'Africa/Dakar')::date AS d, s.sold_at AS t,
         s.quantity::integer AS qty, s.unit_price::float8 AS price, p.unit_cost AS cost, 'x'::text AS label
    FROM ana.sales s JOIN ana.products p USING (tenant_id, product_id)
   WHERE s.tenant_id = 'demo';
SELECT metric, col,
       (SELECT count(*) FROM (
          SELECT rank, product, revenue, units, margin, share, previous, change_pct, abc_class
            FROM stokkel.stk_top_products_from('my_sales', 'item', col, 'qty', 'price',
                                               '2026-04-01', '2026-06-30', metric, 15, 'cost')
          EXCEPT
          SELECT rank, product_id::text, revenue, units, margin, share, previous, change_pct, abc_class
            FROM stokkel.stk_top_products('ana', 'demo', '2026-04-01', '2026-06-30', metric, 15)) x) AS differences
  FROM (VALUES ('revenue'), ('margin'), ('growth')) m(metric), (VALUES ('d'), ('t')) c(col)
 ORDER BY 1, 2;
SELECT * FROM stokkel.stk_top_products_from('my_sales', 'item', 'd', 'qty', 'price', '2026-04-01', '2026-06-30', 'units', 3)
 WHERE false;
SELECT rank, margin IS NULL AS no_margin
  FROM stokkel.stk_top_products_from('my_sales'::regclass, 'item', 'd', 'qty', 'price', '2026-04-01', '2026-06-30', 'units', 2);

-- Row-level security: a PostgREST token of tenant tiny sees only tiny.
CREATE ROLE regress_stk_analyst NOLOGIN;
GRANT USAGE ON SCHEMA ana TO regress_stk_analyst;
GRANT SELECT ON ALL TABLES IN SCHEMA ana TO regress_stk_analyst;
SET ROLE regress_stk_analyst;
SET request.jwt.claims = '{"tenant_id": "tiny"}';
SELECT (SELECT count(*) FROM stokkel.stk_top_products('ana', 'demo', '2026-04-01', '2026-06-30')) AS demo_rows,
       (SELECT count(*) FROM stokkel.stk_top_products('ana', 'tiny', '2026-03-01', '2026-03-14')) AS tiny_rows,
       stokkel.stk_dashboard_kpis('ana', 'demo', '2026-04-01', '2026-06-30')->>'revenue' AS demo_revenue,
       stokkel.stk_dashboard_kpis('ana', 'tiny', '2026-03-01', '2026-03-14')->>'revenue' AS tiny_revenue;
RESET request.jwt.claims;
RESET ROLE;

-- Bad input.
SELECT regress.err($$SELECT * FROM stokkel.stk_top_products('ana', 'tiny', '2026-03-01', '2026-03-14', 'profit')$$) AS unknown_metric;
SELECT regress.err($$SELECT * FROM stokkel.stk_top_products('ana', 'tiny', '2026-03-01', '2026-03-14', 'units', 0)$$) AS n_zero;
SELECT regress.err($$SELECT * FROM stokkel.stk_top_products('ana', 'tiny', '2026-03-14', '2026-03-01')$$) AS reversed_period;
SELECT regress.err($$SELECT * FROM stokkel.stk_top_products('ana', NULL, '2026-03-01', '2026-03-14')$$) AS null_tenant;
SELECT regress.err($$SELECT * FROM stokkel.stk_top_products('ana', 'tiny', '2026-03-01', '2026-03-14', NULL)$$) AS null_metric;
SELECT regress.err($$SELECT * FROM stokkel.stk_top_products('ana', 'tiny', '-infinity', '2026-03-14')$$) AS infinite_date;
SELECT regress.err($$SELECT * FROM stokkel.stk_top_products('no_such_schema', 'tiny', '2026-03-01', '2026-03-14')$$) AS missing_schema;
SELECT regress.err($$SELECT * FROM stokkel.stk_top_products('public', 'tiny', '2026-03-01', '2026-03-14')$$) AS not_a_retail_schema;
SELECT regress.err($$SELECT stokkel.stk_dashboard_kpis('ana', 'tiny', '2026-03-14', '2026-03-01')$$) AS kpis_reversed;
SELECT regress.err($$SELECT stokkel.stk_dashboard_kpis('ana', 'tiny', NULL, '2026-03-01')$$) AS kpis_null;
SELECT regress.err($$SELECT stokkel.stk_dashboard_kpis('nowhere', 'tiny', '2026-03-01', '2026-03-14')$$) AS kpis_missing_schema;
SELECT regress.err($$SELECT * FROM stokkel.stk_abc_xyz('ana', 'tiny', '2026-03-01', '2026-03-10')$$) AS abc_too_short;
SELECT regress.err($$SELECT * FROM stokkel.stk_abc_xyz('ana', 'tiny', '2026-03-14', '2026-03-01')$$) AS abc_reversed;
SELECT regress.err($$SELECT * FROM stokkel.stk_sales_trend('ana', 'tiny', '2026-03-01', '2026-03-14', 'quarter')$$) AS unknown_grain;
SELECT regress.err($$SELECT * FROM stokkel.stk_sales_trend('ana', 'tiny', '2026-03-01', '2026-03-14', NULL)$$) AS null_grain;
SELECT regress.err($$SELECT * FROM stokkel.stk_sales_trend('ana', 'tiny', '1900-01-01', '2001-01-01', 'day')$$) AS daily_century;
SELECT count(*) AS weeks_in_a_century FROM stokkel.stk_sales_trend('ana', 'tiny', '1900-01-01', '2000-01-01', 'week');
SELECT regress.err($$SELECT * FROM stokkel.stk_top_products_from('my_sales', 'item', 'd', 'qty', 'nope', '2026-04-01', '2026-06-30')$$) AS unknown_column;
SELECT regress.err($$SELECT * FROM stokkel.stk_top_products_from('my_sales', 'item', 'd', 'label', 'price', '2026-04-01', '2026-06-30')$$) AS text_quantity;
SELECT regress.err($$SELECT * FROM stokkel.stk_top_products_from('my_sales', 'item', 'qty', 'qty', 'price', '2026-04-01', '2026-06-30')$$) AS integer_time;
SELECT regress.err($$SELECT * FROM stokkel.stk_top_products_from('my_sales', 'item', 'd', 'qty', 'price', '2026-04-01', '2026-06-30', 'margin')$$) AS margin_without_cost;
SELECT regress.err($$SELECT * FROM stokkel.stk_top_products_from('my_sales', 'item', 'd', 'qty', 'price', '2026-04-01', '2026-06-30', 'units', -1)$$) AS from_n_negative;
SELECT regress.err($$SELECT * FROM stokkel.stk_top_products_from('no_such_table', 'item', 'd', 'qty', 'price', '2026-04-01', '2026-06-30')$$) AS missing_table;
SELECT regress.err($$SELECT * FROM stokkel.stk_top_products_from('my_sales', NULL, 'd', 'qty', 'price', '2026-04-01', '2026-06-30')$$) AS null_column;
SELECT regress.err($$SELECT * FROM stokkel.stk_kpi_rows('[1, 2]')$$) AS kpis_not_an_object;
-- an index is not a table (42809); a domain over a domain is its base type
CREATE INDEX my_sales_item_idx ON my_sales (item);
SELECT regress.err($$SELECT * FROM stokkel.stk_top_products_from('my_sales_item_idx', 'item', 'd', 'qty', 'price', '2026-04-01', '2026-06-30')$$) AS an_index;
DROP INDEX my_sales_item_idx;
CREATE DOMAIN qty_d AS numeric;
CREATE DOMAIN qty_dd AS qty_d CHECK (VALUE <> 0);
CREATE TEMP TABLE dom_sales AS SELECT item, d, qty::qty_dd AS qty, price FROM my_sales WHERE qty <> 0;
SELECT count(*) > 0 AS domain_over_domain
  FROM stokkel.stk_top_products_from('dom_sales', 'item', 'd', 'qty', 'price', '2026-04-01', '2026-06-30', 'units', 3);
-- a product column that cannot be grouped (json has no equality): 42804,
-- before the query that would fail; varchar (text's operators) is fine
CREATE TEMP TABLE json_sales AS SELECT to_json(item) AS item, item::varchar AS item_v, d, qty, price FROM my_sales;
SELECT regress.err($$SELECT * FROM stokkel.stk_top_products_from('json_sales', 'item', 'd', 'qty', 'price', '2026-04-01', '2026-06-30')$$)
  AS json_product;
SELECT count(*) > 0 AS varchar_product
  FROM stokkel.stk_top_products_from('json_sales', 'item_v', 'd', 'qty', 'price', '2026-04-01', '2026-06-30', 'units', 3);
DROP TABLE json_sales;
DROP TABLE dom_sales;
DROP DOMAIN qty_dd;
DROP DOMAIN qty_d;
-- identifiers are quoted, never spliced
SELECT regress.err($$SELECT * FROM stokkel.stk_top_products_from('my_sales', 'item', 'd', 'qty', 'price); DROP TABLE my_sales; --', '2026-04-01', '2026-06-30')$$) AS injection;
SELECT regress.err($$SELECT * FROM stokkel.stk_top_products('ana"; DROP SCHEMA ana CASCADE; --', 'tiny', '2026-03-01', '2026-03-14')$$) AS schema_injection;
SELECT to_regclass('my_sales') IS NOT NULL AS my_sales_still_there, to_regclass('ana.sales') IS NOT NULL AS ana_still_there;

DROP OWNED BY regress_stk_analyst;
DROP ROLE regress_stk_analyst;
DROP SCHEMA ana CASCADE;
