-- The generated shop of the moving-feast benchmarks (prophet_events.sh,
-- alerts_events.sh): psql variables products, days, seed.  Tabaski falls on
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
