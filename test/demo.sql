-- make demo: what Stokkel can do so far, on generated data of a Dakar shop.
\pset footer off
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET TimeZone = 'Africa/Dakar';
SET extra_float_digits = 0;

\echo
\echo '================ Stokkel demo ================'
CREATE EXTENSION IF NOT EXISTS stokkel;
SELECT extversion AS "Stokkel version" FROM pg_extension WHERE extname = 'stokkel';

\echo
\echo '1. The turnkey retail schema, and two years of a Dakar retailer''s data (200 products, seed 42)'
DROP SCHEMA IF EXISTS shop CASCADE;
SELECT stokkel.stk_create_retail_schema('shop');
\timing on
SELECT * FROM stokkel.stk_generate_sample_data('shop', products => 200, days => 730, seed => 42);
\timing off

\echo
\echo 'Catalogue by category (prices in XOF)'
SELECT category, count(*) AS products, round(avg(unit_price)) AS avg_price_xof,
       min(launched_on) FILTER (WHERE launched_on > DATE '2026-03-31') AS newest_launch
FROM shop.products GROUP BY category ORDER BY products DESC, category;

\echo
\echo 'Revenue by month: the weeks before Tabaski and Korite stand out, as does the school reopening'
WITH m AS (
  SELECT date_trunc('month', sold_at) AS month, sum(quantity * unit_price) AS revenue,
         sum(quantity) AS units
  FROM shop.sales GROUP BY 1
), e AS (
  SELECT date_trunc('month', day) AS month, string_agg(name, ', ' ORDER BY day) AS events
  FROM shop.events GROUP BY 1
)
SELECT to_char(m.month, 'YYYY-MM') AS month, round(m.revenue / 1e6, 1) AS revenue_mxof,
       m.units::bigint AS units, e.events
FROM m LEFT JOIN e USING (month) ORDER BY m.month;

\echo
\echo '2. Regular series from irregular sales rows (stk_series_agg): fast, slow and lumpy sellers'
WITH s AS (
  SELECT product_id, series AS s   -- up to the data's last day, stock-outs masked
  FROM stokkel.stk_product_series('shop', 'demo', NULL, 'day', '2024-07-01', '2026-06-30')
), stats AS (
  SELECT p.name, p.category, (s.s).start_date, array_length((s.s).demand, 1) AS days,
         (SELECT avg(x) FROM unnest((s.s).demand) x) AS mean_per_day,
         (SELECT avg((x = 0)::int) FROM unnest((s.s).demand) x) AS zero_share,
         (SELECT sum(x) FROM unnest((s.s).returns) x) AS returned
  FROM s JOIN shop.products p USING (product_id)
)
(SELECT 'fastest' AS kind, name, category, start_date, days, round(mean_per_day::numeric, 1) AS units_per_day,
        round(100 * zero_share::numeric) AS pct_days_without_sale, returned
 FROM stats ORDER BY mean_per_day DESC LIMIT 3)
UNION ALL
(SELECT 'slowest', name, category, start_date, days, round(mean_per_day::numeric, 2),
        round(100 * zero_share::numeric), returned
 FROM stats WHERE days > 365 ORDER BY mean_per_day LIMIT 3)
UNION ALL
(SELECT 'newest', name, category, start_date, days, round(mean_per_day::numeric, 1),
        round(100 * zero_share::numeric), returned
 FROM stats ORDER BY start_date DESC LIMIT 2);

\echo
\echo 'Stock-out days are a mask, not zero demand: the best seller that ran out, around its last stock-out'
WITH worst AS (
  SELECT o.product_id, max(o.day) AS last_out
  FROM shop.stockouts o
  JOIN (SELECT product_id, sum(quantity) AS units FROM shop.sales GROUP BY 1) u USING (product_id)
  GROUP BY o.product_id, u.units HAVING count(*) >= 2
  ORDER BY u.units DESC, o.product_id LIMIT 1
), s AS (
  SELECT stokkel.stk_series_agg(day, qty, 'day', kind) AS s
  FROM (SELECT sold_at::date AS day, quantity::float8 AS qty, 'sale' AS kind
        FROM shop.sales WHERE product_id = (SELECT product_id FROM worst)
        UNION ALL
        SELECT day, NULL, 'stockout' FROM shop.stockouts
        WHERE product_id = (SELECT product_id FROM worst)) r
)
SELECT p.name AS product, e.period_start, e.demand, e.stockout
FROM s, worst, shop.products p, stokkel.stk_series_expand(s.s) e
WHERE p.product_id = worst.product_id
  AND e.period_start BETWEEN worst.last_out - 10 AND worst.last_out + 3
ORDER BY e.period_start;

\echo
\echo '3. Forecasts with stk_forecast: the next 4 weeks of the three best sellers, P10/P50/P90 (units per week)'
WITH top AS (
  SELECT product_id FROM shop.sales GROUP BY product_id ORDER BY sum(quantity) DESC LIMIT 3
), s AS (
  SELECT product_id, stokkel.stk_series_agg(sold_at, quantity::float8, 'week') AS s
  FROM shop.sales WHERE product_id IN (SELECT product_id FROM top) GROUP BY product_id
)
SELECT p.name, (s.s).start_date + 7 * (array_length((s.s).demand, 1) - 1 + f.step) AS week_of,
       round(f.p10) AS p10, round(f.p50) AS p50, round(f.p90) AS p90, f.model
FROM s JOIN shop.products p USING (product_id),
     LATERAL stokkel.stk_forecast((s.s).demand[1:array_length((s.s).demand, 1) - 1], 4, 52) f
ORDER BY p.name, f.step;

\echo
\echo '3b. A moving feast: Tabaski 2026 falls on 26 May, 11 days earlier than in 2025. Forecast from 13 May'
\echo '    for the product that sold most above its usual before Tabaski 2025: auto with the tenant''s events'
\echo '    calendar (what the API does), the same without it, and what the shop then sold (units a day;'
\echo '    the shop closes on the feast and the day after: the forecasts there are demand, not sales).'
WITH lift AS (
  SELECT product_id,
         sum(quantity) FILTER (WHERE sold_at >= '2025-05-26' AND sold_at < '2025-06-05') / 10.0
         - sum(quantity) FILTER (WHERE sold_at >= '2025-04-01' AND sold_at < '2025-05-01') / 30.0 AS extra
    FROM shop.sales GROUP BY product_id ORDER BY 2 DESC NULLS LAST LIMIT 1
), h AS (
  SELECT h.* FROM lift, stokkel.stk_product_history('shop', 'demo', lift.product_id, 'day', 730, DATE '2026-05-13') h
), with_events AS (
  SELECT f.* FROM lift, stokkel.stk_product_forecast('shop', 'demo', lift.product_id, 14, 'day', 'auto', 730,
                                                    DATE '2026-05-13') f
), without_events AS (
  SELECT f.* FROM h, stokkel.stk_forecast_series(h.series, 14) f
), sold AS (
  SELECT (s.sold_at AT TIME ZONE 'Africa/Dakar')::date AS day, sum(s.quantity) AS qty
    FROM shop.sales s JOIN lift USING (product_id)
   WHERE s.sold_at >= '2026-05-14' GROUP BY 1
)
SELECT h.name, w.period_start AS day, round(w.point::numeric, 1) AS with_events,
       round(w.p10::numeric) || '-' || round(w.p90::numeric) AS p10_p90,
       round(o.point::numeric, 1) AS without_events, coalesce(sold.qty, 0) AS sold,
       (SELECT string_agg(e.name, ', ') FROM shop.events e WHERE e.day = w.period_start) AS event
FROM with_events w JOIN without_events o ON o.step = w.step CROSS JOIN h
LEFT JOIN sold ON sold.day = w.period_start
WHERE w.period_start >= DATE '2026-05-18'
ORDER BY w.step;

\echo
\echo '4. Current stock and suppliers'' lead times'
SELECT p.name, l.on_hand, s.name AS supplier,
       round(s.lead_time_mean_days, 1) AS lead_time_days, round(s.lead_time_sd_days, 1) AS lead_time_sd
FROM shop.stock_levels l
JOIN shop.products p USING (tenant_id, product_id)
LEFT JOIN shop.suppliers s ON s.tenant_id = p.tenant_id AND s.supplier_id = p.supplier_id
ORDER BY l.on_hand LIMIT 8;

\echo
\echo '5. Analytics: the top 8 products of the last quarter, with ABC class and change on the quarter before'
SELECT rank, name, category, round(revenue) AS revenue_xof, round(100 * share, 1) AS share_pct,
       round(change_pct, 1) AS change_pct, abc_class
FROM stokkel.stk_top_products('shop', 'demo', DATE '2026-04-01', DATE '2026-06-30', 'revenue', 8);

\echo
\echo 'Dashboard KPIs for June 2026 (one call, JSON for an app or PostgREST)'
SELECT jsonb_pretty(stokkel.stk_dashboard_kpis('shop', 'demo', DATE '2026-06-01', DATE '2026-06-30')) AS kpis;

\echo
\echo '6. Stock policy for the five best sellers: weekly review (R = 7 days), supplier lead times, 95 % cycle service'
WITH top AS (
  SELECT product_id FROM shop.sales WHERE sold_at >= DATE '2026-04-01'
  GROUP BY product_id ORDER BY sum(quantity) DESC LIMIT 5
), d AS (
  SELECT t.product_id, e.demand
  FROM top t,
       LATERAL (SELECT stokkel.stk_series_agg(sold_at, quantity::float8) s
                FROM shop.sales WHERE product_id = t.product_id AND sold_at >= DATE '2026-04-01') x,
       stokkel.stk_series_expand(x.s) e
), m AS (
  SELECT product_id, avg(demand) AS mu, stddev(demand) AS sd, array_agg(demand) AS hist
  FROM d GROUP BY product_id
)
SELECT p.name, round(m.mu::numeric, 1) AS per_day, round(su.lead_time_mean_days, 1) AS lead_days,
       round(stokkel.stk_safety_stock(m.mu, m.sd, su.lead_time_mean_days::float8, 0.95, 'cycle',
             7, su.lead_time_sd_days::float8)::numeric) AS safety_stock,
       round(stokkel.stk_order_up_to(m.mu, m.sd, su.lead_time_mean_days::float8, 7, 0.95, 'cycle',
             su.lead_time_sd_days::float8)::numeric) AS order_up_to,
       l.on_hand,
       stokkel.stk_round_order_qty(greatest(0, stokkel.stk_order_up_to(m.mu, m.sd,
             su.lead_time_mean_days::float8, 7, 0.95, 'cycle', su.lead_time_sd_days::float8)
             - l.on_hand::float8), p.moq, p.pack_size) AS order_now,
       round((sim.fill_rate * 100)::numeric, 1) AS replay_fill_rate_pct
FROM m JOIN shop.products p USING (product_id)
JOIN shop.suppliers su ON su.tenant_id = p.tenant_id AND su.supplier_id = p.supplier_id
JOIN shop.stock_levels l ON l.tenant_id = p.tenant_id AND l.product_id = p.product_id,
LATERAL stokkel.stk_simulate_policy(m.hist, 'RS', ceil(su.lead_time_mean_days)::int, 7,
        big_s => stokkel.stk_order_up_to(m.mu, m.sd, su.lead_time_mean_days::float8, 7, 0.95,
                 'cycle', su.lead_time_sd_days::float8)) sim
ORDER BY m.mu DESC;
\echo '(replay_fill_rate_pct: the last quarter replayed under that (R,S) policy with lost sales)'

\echo
\echo '6b. Reorder list for today (stock optimiser): what to order, from whom, how much (MOQ and cartons),'
\echo '    how long the stock lasts and the risk of running out before the delivery; 95 % fill rate,'
\echo '    weekly review per supplier, lead times learned from the receipts'
SELECT r.sku, left(r.name, 28) AS product, left(r.supplier, 24) AS supplier, r.on_hand, r.on_order,
       r.order_up_to, r.order_qty, r.order_value AS value_xof, r.action,
       round(r.days_of_cover::numeric, 1) AS days_cover, r.stockout_date,
       round((100 * r.stockout_probability)::numeric) AS risk_pct,
       round(r.lead_time_days::numeric, 1) AS lead_days, r.lead_time_source AS lead_from
FROM stokkel.stk_reorder_recommendations('shop', 'demo', DATE '2026-06-30') r
WHERE r.action IN ('order now', 'watch')
ORDER BY r.action, r.stockout_probability DESC, r.product_id
LIMIT 15;
\echo
\echo 'The same list with 150,000 XOF of cash: lots ranked by units of demand served per franc'
SELECT r.budget_rank, r.sku, left(r.name, 28) AS product, r.order_qty, r.funded_qty,
       round(r.funded_qty * p.unit_cost) AS funded_xof
FROM stokkel.stk_reorder_recommendations('shop', 'demo', DATE '2026-06-30', budget => 150000) r
JOIN shop.products p ON p.tenant_id = 'demo' AND p.product_id = r.product_id
WHERE r.funded_qty > 0
ORDER BY r.budget_rank LIMIT 10;
\echo
\echo 'Summary by action'
SELECT action, count(*) AS products, sum(order_value) AS order_value_xof
FROM stokkel.stk_reorder_recommendations('shop', 'demo', DATE '2026-06-30')
GROUP BY action ORDER BY min(CASE action WHEN 'order now' THEN 0 WHEN 'watch' THEN 1 ELSE 2 END), action;

\echo
\echo '6c. Ordering ahead of a feast: the list of 2026-05-12, two weeks before Tabaski (2026-05-26),'
\echo '    planned with the shop''s events table (the default) and without it; the products whose'
\echo '    sales Tabaski lifted last year get higher levels, the others barely move'
WITH w AS (SELECT * FROM stokkel.stk_reorder_recommendations('shop', 'demo', DATE '2026-05-12')),
     wo AS (SELECT * FROM stokkel.stk_reorder_recommendations('shop', 'demo', DATE '2026-05-12', events => false))
SELECT w.sku, left(w.name, 28) AS product, wo.order_up_to AS level_without_events,
       w.order_up_to AS level_with_events, wo.order_qty AS order_without, w.order_qty AS order_with
FROM w JOIN wo USING (product_id)
WHERE w.order_up_to > wo.order_up_to
ORDER BY w.order_up_to - wo.order_up_to DESC, w.product_id
LIMIT 8;

\echo
\echo '7. Thousands of series in one GROUP BY, in parallel workers'
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
EXPLAIN (COSTS OFF)
SELECT product_id, stokkel.stk_series_agg(sold_at, quantity::float8) FROM shop.sales GROUP BY product_id;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

\echo
\echo '8. The HTTP API (PostgREST serves schema api): one request as PostgREST makes it'
SELECT stokkel.stk_create_api('shop', 'api', 'demo_anon', 'demo_user', 'demo_admin');
BEGIN;
SET LOCAL ROLE demo_user;
SELECT set_config('request.jwt.claims', '{"role": "demo_user", "tenant_id": "demo"}', true) IS NOT NULL AS token;
SELECT rank, sku, name, revenue FROM api.top_products('2026-06-01', '2026-06-30', n => 3);
SELECT (r).rows_read, (r).accepted, (r).rejected, (r).written, (r).errors
  FROM (SELECT api.import_sales(E'sku,sold_at,quantity\nRIZ-000001,2026-07-01 10:30,2\nNOPE,2026-07-01,1\n',
                                'commit_good') AS r) x;
ROLLBACK;

\echo
\echo '9. A slow seller: integer quantiles and why this model'
WITH slow AS (
  SELECT product_id, series AS s   -- up to the data's last day, stock-outs masked
  FROM stokkel.stk_product_series('shop', 'demo', NULL, 'day', '2024-07-01', '2026-06-30')
), ranked AS (
  SELECT s.product_id, s.s, c.adi
  FROM slow s, LATERAL stokkel.stk_forecast_explain_series(s.s) e,
       LATERAL (SELECT e.adi) c
  WHERE e.demand_class IN ('intermittent', 'lumpy')
  ORDER BY abs(c.adi - 6), s.product_id LIMIT 1
)
SELECT r.product_id, f.step, f.period_start, round(f.point::numeric, 2) AS point,
       f.quantiles AS "P10/P50/P90/P99", f.model
FROM ranked r, LATERAL stokkel.stk_forecast_series(r.s, 7, levels => '{0.1,0.5,0.9,0.99}') f;
WITH slow AS (
  SELECT product_id, series AS s   -- up to the data's last day, stock-outs masked
  FROM stokkel.stk_product_series('shop', 'demo', NULL, 'day', '2024-07-01', '2026-06-30')
)
SELECT s.product_id, e.reason, round(e.level::numeric, 3) AS rate_per_day, round(e.size::numeric, 2) AS size,
       round(e."interval"::numeric, 1) AS "interval", round(e.probability::numeric, 3) AS probability
FROM slow s, LATERAL stokkel.stk_forecast_explain_series(s.s) e
WHERE e.demand_class IN ('intermittent', 'lumpy')
ORDER BY abs(e.adi - 6), s.product_id LIMIT 1;
\echo 'Backtest of auto on that product: 4 weekly windows, per step ahead'
WITH slow AS (
  SELECT product_id, series AS s   -- up to the data's last day, stock-outs masked
  FROM stokkel.stk_product_series('shop', 'demo', NULL, 'day', '2024-07-01', '2026-06-30')
), pick AS (
  SELECT s.product_id, s.s FROM slow s, LATERAL stokkel.stk_forecast_explain_series(s.s) e
  WHERE e.demand_class IN ('intermittent', 'lumpy') ORDER BY abs(e.adi - 6), s.product_id LIMIT 1
)
SELECT p.product_id, b.h, b.forecasts, round(b.mase::numeric, 2) AS mase,
       round(b.bias::numeric, 2) AS bias, b.coverage AS "share <= P10/P50/P90"
FROM pick p, LATERAL stokkel.stk_backtest_series(p.s, 7, 4, 7, 7) b
WHERE b.h IN (1, 7);
\echo '10. Alerts: statement-level triggers on sales and stock, a forecast state per product'
SELECT stokkel.stk_attach_retail_alerts('shop');
\timing on
SELECT model, status, count(*) AS products   -- with the shop's feasts, so a feast rush is no spike
FROM stokkel.stk_refresh_forecast_state('shop.sales', 'demo', DATE '2026-07-01', 182,
       (SELECT array_agg(day ORDER BY day, name) FROM shop.events WHERE tenant_id = 'demo'),
       (SELECT array_agg(name ORDER BY day, name) FROM shop.events WHERE tenant_id = 'demo'))
GROUP BY 1, 2 ORDER BY 3 DESC;
\timing off
\echo 'The state of the three best sellers: model, open day, band of the day (units), P(no sale)'
SELECT p.name, s.model, s.open_day, round(s.mean::numeric, 1) AS expected, s.band_lo, s.band_hi,
       round(s.p_zero::numeric, 4) AS p_zero
FROM shop.stk_forecast_state s JOIN shop.products p USING (tenant_id, product_id)
ORDER BY s.mean DESC LIMIT 3;
\echo 'Their next 7 days, served from the state without refitting'
SELECT p.name, array_agg(round(f.mean::numeric, 1) ORDER BY f.step) AS next_7_days
FROM (SELECT * FROM shop.stk_forecast_state ORDER BY mean DESC LIMIT 3) s
JOIN shop.products p USING (tenant_id, product_id),
LATERAL stokkel.stk_fstate_forecast(s.state, 7) f
GROUP BY p.name, s.mean ORDER BY s.mean DESC;

SELECT max(alert_id) AS alerts_before FROM shop.alerts \gset
\echo 'LISTEN stk_alerts, then a burst of sales on July 1: the best seller sells ten times its band in'
\echo 'one morning (one INSERT of 40 lines), and its stock is counted at 3 units'
LISTEN stk_alerts;
WITH best AS (SELECT product_id, band_hi FROM shop.stk_forecast_state ORDER BY mean DESC LIMIT 1)
INSERT INTO shop.sales (tenant_id, product_id, sold_at, quantity, unit_price)
SELECT 'demo', b.product_id, TIMESTAMPTZ '2026-07-01 08:00' + g * interval '5 minutes',
       ceil(b.band_hi / 4), p.unit_price
FROM best b JOIN shop.products p ON p.tenant_id = 'demo' AND p.product_id = b.product_id,
     generate_series(1, 40) g;
WITH best AS (SELECT product_id FROM shop.stk_forecast_state ORDER BY mean DESC LIMIT 1)
UPDATE shop.stock_levels l SET on_hand = 3, updated_at = TIMESTAMPTZ '2026-07-01 12:00'
FROM best WHERE l.tenant_id = 'demo' AND l.product_id = best.product_id;
UNLISTEN stk_alerts;
\echo 'The alerts table (deduplicated: one alert per product and kind within the cool-down)'
SELECT a.kind, a.severity, p.name AS product, a.message
FROM shop.alerts a LEFT JOIN shop.products p USING (tenant_id, product_id)
WHERE a.alert_id > :alerts_before
ORDER BY a.kind, a.alert_id LIMIT 12;
SELECT kind, count(*) AS alerts FROM shop.alerts WHERE alert_id > :alerts_before GROUP BY 1 ORDER BY 1;
\echo 'Thresholds are per-tenant settings, validated: an unknown alert type or a value out of range raises 22023'
SELECT stokkel.stk_set_alert_setting('shop.settings', 'demo', 'sales_spike', 'probability', '0.0001');
SELECT alert_type, setting, default_value, description FROM stokkel.stk_alert_settings()
WHERE alert_type IN ('sales_spike', 'stockout_risk');

\echo
\echo '11. The month report as a PDF (stk_report_pdf; api.report serves it as application/pdf)'
\set report_b64 :out/report.b64
\set report_pdf :out/report.pdf
SELECT encode(stokkel.stk_report_pdf('shop', 'demo', DATE '2026-06-02', DATE '2026-07-01'), 'base64')
\g (format=unaligned tuples_only=on) :report_b64
\setenv REPORT_B64 :report_b64
\setenv REPORT_PDF :report_pdf
\! base64 -d "$REPORT_B64" > "$REPORT_PDF" && rm -f "$REPORT_B64" && echo "written: $REPORT_PDF ($(pdfinfo "$REPORT_PDF" | grep Pages | tr -s ' '))" && pdftotext -layout "$REPORT_PDF" - | head -24

\echo
\echo 'Explore: make psql (database stokkel, schema shop); make stop to finish.'
