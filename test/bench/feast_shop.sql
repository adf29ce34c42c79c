-- The generated shop of the moving-feast benchmarks (prophet_events.sh,
-- alerts_events.sh, reorder_events.sh): psql variables products, days,
-- seed.  Tabaski falls on
-- 2024-06-16, 2025-06-05 and 2026-05-26.  feast_products: the products whose
-- sales over the 10 days before the 2025 feast were 1.5 times their April
-- level.
SET client_min_messages = warning;
CREATE EXTENSION stokkel;
\o /dev/null
SELECT stokkel.stk_create_retail_schema('shop');
SELECT * FROM stokkel.stk_generate_sample_data('shop', :products, :days, :seed, tenant => 'demo');
\o
CREATE TABLE feast_products AS
SELECT product_id FROM (
  SELECT s.product_id,
         sum(s.quantity) FILTER (WHERE s.sold_at >= '2025-05-26' AND s.sold_at < '2025-06-05') / 10.0 AS before,
         sum(s.quantity) FILTER (WHERE s.sold_at >= '2025-04-01' AND s.sold_at < '2025-05-01') / 30.0 AS base
    FROM shop.sales s WHERE s.tenant_id = 'demo' GROUP BY 1) x
 WHERE before > 1.5 * base AND base > 0;
-- every product's sales on every day from d0 to d1 (0 on days without a sale)
CREATE FUNCTION daily_sales(d0 date, d1 date)
RETURNS TABLE (product_id bigint, day date, qty float8) LANGUAGE sql STABLE AS $$
  SELECT p.product_id, d::date, coalesce(sum(s.quantity), 0)::float8
    FROM shop.products p
   CROSS JOIN generate_series(d0, d1, interval '1 day') d
    LEFT JOIN shop.sales s ON s.tenant_id = p.tenant_id AND s.product_id = p.product_id
         AND s.sold_at >= d AND s.sold_at < d + interval '1 day'
   WHERE p.tenant_id = 'demo'
   GROUP BY 1, 2
$$;
