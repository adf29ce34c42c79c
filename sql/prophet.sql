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
DROP SCHEMA ph CASCADE;
DROP TABLE ph_sales, ph_events;
