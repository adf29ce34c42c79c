-- The Prophet-style model (method prophet): trend with changepoints,
-- weekly and yearly seasonality from the dates, event windows.
SET extra_float_digits = 0;
SET DateStyle = ISO;

-- Two years of noiseless daily demand from 2024-01-01: a weekly cycle, a
-- trend, and a feast that moves 11 days earlier each year (2024-06-16,
-- 2025-06-05, 2026-05-26) lifting sales by 40 units on the two days
-- before it and on the day itself; the history ends the day before the
-- third feast.
CREATE TABLE ph_sales AS
SELECT DATE '2024-01-01' + i AS day,
       20 + 0.01 * i + 6 * ((extract(isodow FROM DATE '2024-01-01' + i) IN (6, 7))::int)
         + CASE WHEN DATE '2024-01-01' + i IN (DATE '2024-06-14', '2024-06-15', '2024-06-16',
                                               '2025-06-03', '2025-06-04', '2025-06-05',
                                               '2026-05-24', '2026-05-25')
                THEN 40 ELSE 0 END AS qty
FROM generate_series(0, 875) i;   -- up to 2026-05-25
CREATE TABLE ph_events (day date, name text);
INSERT INTO ph_events VALUES ('2024-06-16', 'Tabaski'), ('2025-06-05', 'Tabaski'), ('2026-05-26', 'Tabaski'),
                             ('2024-12-25', 'Noël'), ('2025-12-25', 'Noël');

-- With the events the feast day ahead (step 1) carries its lift of 40
-- over a level of about 29; without them the lift is missed.  (876 days:
-- no yearly terms, which come with three years.)
WITH s AS (SELECT stokkel.stk_series_agg(day, qty) AS s FROM ph_sales),
     ev AS (SELECT array_agg(day ORDER BY day) AS d, array_agg(name ORDER BY day) AS n FROM ph_events)
SELECT f.step, f.period_start, round(f.point::numeric, 1) AS point,
       round(f.p10::numeric, 1) <= round(f.point::numeric, 1) AND round(f.point::numeric, 1) <= round(f.p90::numeric, 1) AS in_band,
       f.model, f.status
FROM s, ev, stokkel.stk_forecast_series(s.s, 4, NULL, 'prophet', '{0.1,0.5,0.9}', ev.d, ev.n, '{2,0}') f;
WITH s AS (SELECT stokkel.stk_series_agg(day, qty) AS s FROM ph_sales)
SELECT f.step, f.period_start, round(f.point::numeric, 1) AS point, f.model
FROM s, stokkel.stk_forecast_series(s.s, 2, method => 'prophet') f;

-- auto takes the events' component out, forecasts the rest, adds it back.
WITH s AS (SELECT stokkel.stk_series_agg(day, qty) AS s FROM ph_sales),
     ev AS (SELECT array_agg(day ORDER BY day) AS d, array_agg(name ORDER BY day) AS n FROM ph_events)
SELECT f.step, f.period_start, round(f.point::numeric, 1) AS point, f.model
FROM s, ev, stokkel.stk_forecast_series(s.s, 2, NULL, 'auto', '{0.1,0.5,0.9}', ev.d, ev.n, '{2,0}') f;

-- The backtest sees the events as each origin would have: its one origin,
-- 2025-06-03, two days before the 2025 feast (on h = 2), learns the effects
-- from 2024's and plans 2025's.
WITH s AS (SELECT stokkel.stk_series_agg(day, qty) AS s FROM ph_sales WHERE day <= '2025-06-10'),
     ev AS (SELECT array_agg(day ORDER BY day) AS d, array_agg(name ORDER BY day) AS n FROM ph_events)
SELECT b.h, round(b.wape::numeric, 3) AS wape_with_events, round(nb.wape::numeric, 3) AS wape_without, b.model
FROM s, ev, stokkel.stk_backtest_series(s.s, 7, 1, NULL, NULL, 'auto', '{0.1,0.5,0.9}', ev.d, ev.n, '{2,0}') b
JOIN stokkel.stk_backtest_series(s.s, 7, 1) nb ON nb.h = b.h
WHERE b.h IN (1, 2, 3);

-- The explanation names the same model as the forecast.
WITH s AS (SELECT stokkel.stk_series_agg(day, qty) AS s FROM ph_sales),
     ev AS (SELECT array_agg(day ORDER BY day) AS d, array_agg(name ORDER BY day) AS n FROM ph_events)
SELECT e.model, e.status
FROM s, ev, stokkel.stk_forecast_explain_series(s.s, NULL, 'auto', ev.d, ev.n, '{2,0}') e;

-- The array form has no dates: the period's Fourier terms only.
SELECT step, round(point::numeric, 2) AS point, model
FROM stokkel.stk_forecast(ARRAY(SELECT 10 + 3 * ((i % 7) = 5)::int + 0.1 * i FROM generate_series(0, 55) i)::float8[],
                          3, 7, 'prophet');

-- Never negative; quantiles monotone; P50 between P10 and P90.
SELECT bool_and(p10 >= 0 AND p10 <= p50 AND p50 <= p90) AS ordered_nonnegative
FROM stokkel.stk_forecast(ARRAY(SELECT greatest(0, 30 - i) FROM generate_series(0, 40) i)::float8[], 30,
                          method => 'prophet');

-- Bad input: SQLSTATEs; a series too short gives a status row.
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast_series(stokkel.stk_series(ARRAY[DATE '2026-01-01', '2026-01-02', '2026-01-03'], '{1,2,3}'),
  2, NULL, 'prophet', '{0.1,0.5,0.9}', '{2026-01-02}', NULL)$$) AS days_without_names;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast_series(stokkel.stk_series(ARRAY[DATE '2026-01-01', '2026-01-02', '2026-01-03'], '{1,2,3}'),
  2, NULL, 'prophet', '{0.1,0.5,0.9}', '{2026-01-02}', '{a,b}')$$) AS length_mismatch;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast_series(stokkel.stk_series(ARRAY[DATE '2026-01-01', '2026-01-02', '2026-01-03'], '{1,2,3}'),
  2, NULL, 'prophet', '{0.1,0.5,0.9}', ARRAY[NULL::date], '{a}')$$) AS null_day;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast_series(stokkel.stk_series(ARRAY[DATE '2026-01-01', '2026-01-02', '2026-01-03'], '{1,2,3}'),
  2, NULL, 'prophet', '{0.1,0.5,0.9}', '{infinity}', '{a}')$$) AS infinite_day;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast_series(stokkel.stk_series(ARRAY[DATE '2026-01-01', '2026-01-02', '2026-01-03'], '{1,2,3}'),
  2, NULL, 'prophet', '{0.1,0.5,0.9}', NULL, NULL, '{31,0}')$$) AS window_too_long;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast_series(stokkel.stk_series(ARRAY[DATE '2026-01-01', '2026-01-02', '2026-01-03'], '{1,2,3}'),
  2, NULL, 'prophet', '{0.1,0.5,0.9}', NULL, NULL, '{1,2,3}')$$) AS window_three_numbers;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast_series(stokkel.stk_series(ARRAY[DATE '2026-01-01', '2026-01-02', '2026-01-03'], '{1,2,3}'),
  2, NULL, 'prophet', '{0.1,0.5,0.9}',
  ARRAY(SELECT DATE '2026-01-01' + i FROM generate_series(1, 65) i), ARRAY(SELECT 'e' || i FROM generate_series(1, 65) i))$$) AS too_many_names;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast_series(stokkel.stk_series(ARRAY[DATE '2026-01-01', '2026-01-02', '2026-01-03'], '{1,2,3}'),
  2, NULL, 'prophet', '{0.1,0.5,0.9}',
  ARRAY(SELECT DATE '2026-01-01' + i FROM generate_series(1, 50) i), ARRAY(SELECT 'e' || i FROM generate_series(1, 50) i), '{7,1}')$$) AS too_many_effects;
-- for auto the events are an addition: over the limits it forecasts without them and says so
SELECT step, round(point::numeric, 2) AS point, status
FROM stokkel.stk_forecast_series(stokkel.stk_series(ARRAY(SELECT DATE '2026-01-01' + i FROM generate_series(0, 29) i),
                                                    ARRAY(SELECT 5 + i % 3 FROM generate_series(0, 29) i)::float8[]), 1, NULL, 'auto',
  '{0.1,0.5,0.9}', ARRAY(SELECT DATE '2026-01-01' + i FROM generate_series(1, 65) i),
  ARRAY(SELECT 'e' || i FROM generate_series(1, 65) i));
SELECT step, status FROM stokkel.stk_forecast_series(stokkel.stk_series(ARRAY[DATE '2026-01-01', '2026-01-02'], '{1,2}'), 2,
                                                     method => 'prophet');
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast('{1,2}', 2, method => 'prophet')$$) AS array_too_short;

-- The retail schema's forecast learns the tenant's events table.
\o /dev/null
SELECT stokkel.stk_create_retail_schema('ph');
SELECT * FROM stokkel.stk_generate_sample_data('ph', 3, 400, 42, tenant => 'demo');
\o
SELECT count(*) AS steps, count(DISTINCT product_id) AS products, min(model) AS model, bool_and(status = 'ok') AS all_ok
FROM stokkel.stk_product_forecast('ph', 'demo', NULL, 14, 'day', 'prophet', 365);
-- The price as a regressor (price_effect): product 2's price cut by 30 %
-- every other 50 days, its sales then 60 % higher (elasticity ln 1.6 /
-- ln 0.7 = -1.32).  The regressor holds ln of the last selling price of each
-- day, then of the list price; its effect over the mean demand is close to
-- the elasticity.
UPDATE ph.sales SET unit_price = unit_price * 0.7
 WHERE tenant_id = 'demo' AND product_id = 2 AND (sold_at::date - DATE '2025-01-01') / 50 % 2 = 1;
INSERT INTO ph.sales (tenant_id, product_id, sold_at, quantity, unit_price)
SELECT tenant_id, product_id, sold_at + interval '1 minute', round(quantity * 0.6), unit_price FROM ph.sales
 WHERE tenant_id = 'demo' AND product_id = 2 AND (sold_at::date - DATE '2025-01-01') / 50 % 2 = 1
   AND round(quantity * 0.6) > 0;
SELECT cardinality(x) AS rows, round(exp(x[1])::numeric, 2) AS first_price, round(exp(x[cardinality(x)])::numeric, 2) AS list_price,
       (SELECT unit_price FROM ph.products WHERE tenant_id = 'demo' AND product_id = 2) AS products_price,
       (SELECT count(DISTINCT round(v::numeric, 6)) FROM unnest(x) v) AS distinct_prices
FROM (SELECT stokkel.stk_product_price_regressor('ph', 'demo', 2, h.series, 14) AS x
        FROM stokkel.stk_product_history('ph', 'demo', 2, 'day', 365) h) r;
SELECT round(e.relative_effect::numeric, 1) AS relative_effect
FROM stokkel.stk_product_history('ph', 'demo', 2, 'day', 365) h,
     stokkel.stk_regressor_effects(h.series, stokkel.stk_product_price_regressor('ph', 'demo', 2, h.series, 0)) e;
SELECT f.step, f.model, f.status FROM stokkel.stk_product_forecast('ph', 'demo', 2, 14, 'day', 'prophet', 365,
                                                                   price_effect => true) f WHERE f.step = 1;
SELECT f.step, f.model FROM stokkel.stk_product_forecast('ph', 'demo', 2, 4, 'week', 'prophet', 365, price_effect => true) f
 WHERE f.step = 1;
SELECT regress.err($$SELECT * FROM stokkel.stk_product_forecast('ph', 'demo', 2, 14, 'day', 'auto', 365, price_effect => true)$$)
  AS price_effect_auto;
-- the chart draws the same forecast: its P50 line moves with the price
SELECT stokkel.stk_forecast_svg('ph', 'demo', 2, 14, 'day', 365, 'prophet', true)
       <> stokkel.stk_forecast_svg('ph', 'demo', 2, 14, 'day', 365, 'prophet') AS chart_moved,
       stokkel.stk_forecast_svg('ph', 'demo', 2, 14, 'day', 365, 'prophet')
       <> stokkel.stk_forecast_svg('ph', 'demo', 2, 14, 'day', 365) AS method_followed;
SELECT regress.err($$SELECT stokkel.stk_product_price_regressor('ph', 'demo', 2, NULL, 14)$$) AS null_series;
-- The prices of a period: the average over its sales (returns and free lines
-- left out), in the tenant's time zone; carried forward, and back before the
-- first sale; the list price ahead (the last average when the list price is
-- 0); sales after last_day unread.
INSERT INTO ph.tenants (tenant_id, name, timezone) VALUES ('pr', 'Prices', 'Asia/Tokyo');
INSERT INTO ph.products (tenant_id, product_id, sku, name, unit_price) VALUES ('pr', 50, 'P50', 'Priced', 10);
INSERT INTO ph.sales (tenant_id, product_id, sold_at, quantity, unit_price) VALUES
  ('pr', 50, '2026-03-02 10:00+09', 2, 9), ('pr', 50, '2026-03-02 15:00+09', 1, 12),
  ('pr', 50, '2026-03-02 20:00+09', -1, 50),                       -- a return
  ('pr', 50, '2026-03-02 23:59+09', 1, 0),                         -- a free line
  ('pr', 50, '2026-03-04 00:00+09', 1, 8),                         -- local midnight: 03-04
  ('pr', 50, '2026-03-03 16:00+00', 1, 6);                         -- 03-04 01:00 in Tokyo
CREATE TEMP TABLE pr_s AS
SELECT stokkel.stk_series(ARRAY[DATE '2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04'], '{0,4,0,2}') AS day_s,
       stokkel.stk_series(ARRAY[DATE '2026-03-02'], '{6}', 'week') AS week_s;
SELECT 'day' AS freq, (SELECT array_agg(round(exp(v)::numeric, 2)) FROM unnest(stokkel.stk_product_price_regressor('ph', 'pr', 50, day_s, 2)) v) AS prices
  FROM pr_s
UNION ALL
SELECT 'day, last_day 03-03', (SELECT array_agg(round(exp(v)::numeric, 2))
                                 FROM unnest(stokkel.stk_product_price_regressor('ph', 'pr', 50, day_s, 1, DATE '2026-03-03')) v)
  FROM pr_s
UNION ALL
SELECT 'week', (SELECT array_agg(round(exp(v)::numeric, 2)) FROM unnest(stokkel.stk_product_price_regressor('ph', 'pr', 50, week_s, 1)) v)
  FROM pr_s;
UPDATE ph.products SET unit_price = 0 WHERE tenant_id = 'pr' AND product_id = 50;
SELECT (SELECT array_agg(round(exp(v)::numeric, 2)) FROM unnest(stokkel.stk_product_price_regressor('ph', 'pr', 50, day_s, 2)) v)
         AS list_price_0
  FROM pr_s;
SELECT regress.err($$SELECT stokkel.stk_product_price_regressor('ph', 'pr', 51, (SELECT day_s FROM pr_s), 2)$$) AS unknown_product;
SELECT regress.err($$SELECT stokkel.stk_product_price_regressor('ph', 'pr', 50,
  ROW('fortnight', '2026-03-01', '{1}', '{0}', '{f}', '{f}', 1)::stokkel.series, 2)$$) AS bad_freq;
SELECT regress.err($$SELECT stokkel.stk_product_price_regressor('ph', 'pr', 50, (SELECT day_s FROM pr_s), 3661)$$) AS long_horizon;
DROP TABLE pr_s;
DROP SCHEMA ph CASCADE;
DROP TABLE ph_sales, ph_events;

-- Regressors: 120 days of a product whose price changes and that is on
-- promotion every 10th day (days 3, 13, ...): demand 30 - 0.05 x price
-- + 12 on promotion days, a weekly cycle.  The regressors (promotion flag,
-- price) come one row per day of the series and then of the horizon; the
-- promotion planned on day 123 (step 4) lifts that day by about 12, and a
-- price cut in the horizon raises the forecast by 0.05 per unit.
CREATE TABLE rg AS
SELECT DATE '2026-01-01' + i AS day, (i % 10 = 3)::int::float8 AS promo,
       (200 - 40 * (i / 40 % 2) - CASE WHEN i >= 120 THEN 60 ELSE 0 END)::float8 AS price
FROM generate_series(0, 126) i;
ALTER TABLE rg ADD qty float8;
UPDATE rg SET qty = 30 - 0.05 * price + 12 * promo + 3 * (extract(isodow FROM day) = 6)::int
  + 0.8 * sin(extract(doy FROM day) * extract(doy FROM day) * 0.37)
 WHERE day < DATE '2026-05-01';
WITH s AS (SELECT stokkel.stk_series_agg(day, qty) AS s FROM rg WHERE qty IS NOT NULL),
     r AS (SELECT array_agg(ARRAY[promo, price] ORDER BY day) AS x FROM rg)
SELECT f.step, f.period_start, rg.promo, rg.price, round(f.point::numeric, 1) AS point,
       round((f.point - (30 - 0.05 * rg.price + 12 * rg.promo + 3 * (extract(isodow FROM rg.day) = 6)::int))::numeric, 1)
         AS error,
       f.p10 <= f.p50 AND f.p50 <= f.p90 AS ordered, f.model, f.status
FROM s, r, stokkel.stk_forecast_series(s.s, 7, NULL, 'prophet', regressors => r.x) f
JOIN rg ON rg.day = f.period_start ORDER BY f.step;
-- the same without the regressors misses the promotion and the price cut
WITH s AS (SELECT stokkel.stk_series_agg(day, qty) AS s FROM rg WHERE qty IS NOT NULL)
SELECT f.step, round(f.point::numeric, 1) AS point, f.model
FROM s, stokkel.stk_forecast_series(s.s, 7, NULL, 'prophet') f WHERE f.step IN (3, 4);
-- one regressor as a one-dimensional array
WITH s AS (SELECT stokkel.stk_series_agg(day, qty) AS s FROM rg WHERE qty IS NOT NULL),
     r AS (SELECT array_agg(promo ORDER BY day) AS x FROM rg)
SELECT f.step, round(f.point::numeric, 1) AS point, f.model
FROM s, r, stokkel.stk_forecast_series(s.s, 7, NULL, 'prophet', regressors => r.x) f WHERE f.step = 4;
-- bad regressors
CREATE FUNCTION pg_temp.rg_call(x text, m text DEFAULT 'prophet') RETURNS text LANGUAGE plpgsql AS $f$
BEGIN
  RETURN regress.err(format($q$SELECT * FROM stokkel.stk_forecast_series(
    (SELECT stokkel.stk_series_agg(day, qty) FROM rg WHERE qty IS NOT NULL), 7, NULL, %L, regressors => %s)$q$, m, x));
END $f$;
SELECT pg_temp.rg_call('(SELECT array_agg(promo) FROM rg WHERE qty IS NOT NULL)') AS history_rows_only;
SELECT pg_temp.rg_call('(SELECT array_agg(promo) FROM rg)', 'auto') AS not_prophet;
SELECT pg_temp.rg_call('(SELECT array_agg(CASE WHEN day = DATE ''2026-05-03'' THEN NULL ELSE promo END) FROM rg)') AS null_value;
SELECT pg_temp.rg_call('(SELECT array_agg(CASE WHEN day = DATE ''2026-05-03'' THEN ''NaN'' ELSE promo END) FROM rg)') AS nan_value;
SELECT pg_temp.rg_call('(SELECT array_agg(array_fill(promo, ARRAY[17])) FROM rg)') AS seventeen_regressors;
SELECT pg_temp.rg_call('''{{{1}}}''::float8[]') AS three_dimensions;
-- an empty array is no regressors
SELECT count(*) AS steps, min(model) AS model
FROM stokkel.stk_forecast_series((SELECT stokkel.stk_series_agg(day, qty) FROM rg WHERE qty IS NOT NULL), 7, NULL,
                                 'prophet', regressors => '{}');
-- the learnt effects: +12 a promotion day (made 12), -0.05 a unit of price
-- (made -0.05), and relative to the mean demand of about 22
WITH s AS (SELECT stokkel.stk_series_agg(day, qty) AS s FROM rg WHERE qty IS NOT NULL),
     r AS (SELECT array_agg(ARRAY[promo, price] ORDER BY day) AS x FROM rg WHERE qty IS NOT NULL)
SELECT e.regressor, round(e.effect::numeric, 3) AS effect, round(e.relative_effect::numeric, 4) AS relative_effect
FROM s, r, stokkel.stk_regressor_effects(s.s, r.x) e;
SELECT regress.err($$SELECT * FROM stokkel.stk_regressor_effects((SELECT stokkel.stk_series_agg(day, qty) FROM rg WHERE qty IS NOT NULL),
  (SELECT array_agg(promo) FROM rg))$$) AS effects_horizon_rows;
SELECT regress.err($$SELECT * FROM stokkel.stk_regressor_effects(stokkel.stk_series(ARRAY[DATE '2026-01-01', '2026-01-02'], '{1,2}'),
  '{0,1}')$$) AS effects_two_periods;
-- promotions that sell out: promotion days after day 30 are out of stock
-- (kind 'stockout'); left out of the fit, they do not pull the effect of 10
-- down; a flag on every day of the history has no effect
CREATE TEMP TABLE so AS SELECT DATE '2026-01-01' + i AS day, i, (i % 10 = 3)::int::float8 AS promo,
  (20 + 10 * (i % 10 = 3)::int + i % 7)::float8 AS qty FROM generate_series(0, 59) i;
SELECT round(e.effect::numeric, 2) AS effect_with_stockouts
FROM stokkel.stk_regressor_effects(
  (SELECT stokkel.stk_series_agg(day, CASE WHEN i % 10 = 3 AND i > 30 THEN 0 ELSE qty END, 'day',
                                 CASE WHEN i % 10 = 3 AND i > 30 THEN 'stockout' ELSE 'sale' END) FROM so),
  (SELECT array_agg(promo ORDER BY i) FROM so)) e;
SELECT round(e.effect::numeric, 2) AS flag_always_on
FROM stokkel.stk_regressor_effects((SELECT stokkel.stk_series_agg(day, qty) FROM so),
                                   array_fill(1::float8, ARRAY[60])) e;
DROP TABLE so;
SELECT count(*) AS no_regressors FROM stokkel.stk_regressor_effects((SELECT stokkel.stk_series_agg(day, qty) FROM rg WHERE qty IS NOT NULL), '{}');
-- backtests see the regressors as each origin would have (one row per
-- period of the series): with them, a fraction of the error
WITH s AS (SELECT stokkel.stk_series_agg(day, qty) AS s FROM rg WHERE qty IS NOT NULL),
     r AS (SELECT array_agg(ARRAY[promo, price] ORDER BY day) AS x FROM rg WHERE qty IS NOT NULL)
SELECT v.x IS NOT NULL AS with_regressors, round(avg(b.mase)::numeric, 2) AS mean_mase, sum(b.forecasts) AS forecasts,
       min(b.model) AS model
FROM s, r, LATERAL (SELECT r.x UNION ALL SELECT NULL) v(x),
     stokkel.stk_backtest_series(s.s, 7, 4, NULL, NULL, 'prophet', regressors => v.x) b
GROUP BY 1 ORDER BY 1;
SELECT regress.err($$SELECT * FROM stokkel.stk_backtest_series((SELECT stokkel.stk_series_agg(day, qty) FROM rg WHERE qty IS NOT NULL),
  7, 4, NULL, NULL, 'prophet', regressors => (SELECT array_agg(promo) FROM rg))$$) AS backtest_horizon_rows;
DROP TABLE rg;
