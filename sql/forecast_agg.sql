-- Forecasting every group of a GROUP BY: stk_forecast_agg, and
-- stk_forecast_series over a stokkel.series (dates on the output, masks honoured,
-- a status per series).
SET extra_float_digits = 0;
SET DateStyle = ISO;
-- 60 products, 120 days, weekly pattern and product-specific levels.
CREATE TABLE fc_sales (product int, day date, qty float8);
INSERT INTO fc_sales
SELECT p, DATE '2026-01-01' + d,
       round((5 + p % 7) * (1 + 0.3 * ((d % 7) = 5)::int) + ((p * 31 + d * 17) % 5) - 2)
FROM generate_series(1, 60) p, generate_series(0, 119) d
WHERE (p * 13 + d * 7) % 9 <> 0;   -- some days without sales: zero demand
ANALYZE fc_sales;

-- Dated output; the aggregate equals stk_forecast_series over stk_series_agg.
SELECT f.step, f.period_start, round(f.point::numeric, 3) AS point,
       round(f.p10::numeric, 3) AS p10, round(f.p90::numeric, 3) AS p90, f.model, f.status
FROM (SELECT stokkel.stk_forecast_agg(day, qty, 5, 'day') AS fc FROM fc_sales WHERE product = 1) t,
     unnest(t.fc) f;
SELECT count(*) AS differing_steps
FROM (SELECT product, f.* FROM (SELECT product, stokkel.stk_forecast_agg(day, qty, 7, 'day') AS fc
                                FROM fc_sales GROUP BY product) t, unnest(t.fc) f
      EXCEPT
      SELECT product, f.* FROM (SELECT product, stokkel.stk_series_agg(day, qty) AS s
                                FROM fc_sales GROUP BY product) t, stokkel.stk_forecast_series(t.s, 7) f) d;
-- and its points equal the array form's with the same period
SELECT bool_and(abs(a.point - b.point) < 1e-9) AS same_points
FROM (SELECT f.step, f.point FROM (SELECT stokkel.stk_forecast_agg(day, qty, 7, 'day') fc
      FROM fc_sales WHERE product = 2) t, unnest(t.fc) f) a
JOIN (SELECT step, point FROM stokkel.stk_forecast(
        (SELECT (stokkel.stk_series_agg(day, qty)).demand FROM fc_sales WHERE product = 2), 7, 7)) b
  USING (step);

-- Weekly, with explicit method and levels.
SELECT f.step, f.period_start, round(f.point::numeric, 2) AS point, f.quantiles IS NOT NULL AS has_q,
       array_length(f.quantiles, 1) AS nq, f.model
FROM (SELECT stokkel.stk_forecast_agg(day, qty, 3, 'week', 'snaive', '{0.05,0.5,0.95}') AS fc
      FROM fc_sales WHERE product = 3) t, unnest(t.fc) f;

-- Parallel: partial aggregation in workers, same forecasts as serially.
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF)
SELECT product, stokkel.stk_forecast_agg(day, qty, 7, 'day', 'theta', '{0.2,0.8}') FROM fc_sales GROUP BY product;
CREATE TEMP TABLE par AS
SELECT md5(string_agg(product || ':' || fc::text, ',' ORDER BY product)) AS h
FROM (SELECT product, stokkel.stk_forecast_agg(day, qty, 7, 'day', 'theta', '{0.2,0.8}') fc
      FROM fc_sales GROUP BY product) t;
SET max_parallel_workers_per_gather = 0;
SELECT (SELECT h FROM par) = md5(string_agg(product || ':' || fc::text, ',' ORDER BY product)) AS parallel_equals_serial
FROM (SELECT product, stokkel.stk_forecast_agg(day, qty, 7, 'day', 'theta', '{0.2,0.8}') fc
      FROM fc_sales GROUP BY product) t;
RESET max_parallel_workers_per_gather;
-- every method SQL can name, in parallel and serially (a state's method
-- was once checked against too short a list when read back in the leader)
-- (not a temporary table: parallel workers cannot read those)
CREATE TABLE fcp AS
SELECT g % 4 AS grp, DATE '2025-01-01' + g / 4 AS d, ((g * 7919) % 13)::float8 AS q
FROM generate_series(0, 239) g;
ANALYZE fcp;
-- one statement for all methods, so that the plan can be parallel (an
-- INSERT's cannot); CREATE TABLE AS can
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF)
SELECT m, grp, stokkel.stk_forecast_agg(d, q, 7, 'day', m, '{0.1,0.9}') fc
FROM fcp, unnest('{auto,ets,theta,otm,naive,snaive,mean,drift,arima,prophet,croston,sba,tsb,adida,imapa}'::text[]) m
GROUP BY m, grp;
CREATE TEMP TABLE par_methods AS
SELECT m, md5(string_agg(grp || ':' || fc::text, ',' ORDER BY grp)) AS h
FROM (SELECT m, grp, stokkel.stk_forecast_agg(d, q, 7, 'day', m, '{0.1,0.9}') fc
      FROM fcp, unnest('{auto,ets,theta,otm,naive,snaive,mean,drift,arima,prophet,croston,sba,tsb,adida,imapa}'::text[]) m
      GROUP BY m, grp) t
GROUP BY m;
SET max_parallel_workers_per_gather = 0;
SELECT count(*) AS methods, bool_and(p.h = s.h) AS parallel_equals_serial
FROM par_methods p
JOIN (SELECT m, md5(string_agg(grp || ':' || fc::text, ',' ORDER BY grp)) AS h
      FROM (SELECT m, grp, stokkel.stk_forecast_agg(d, q, 7, 'day', m, '{0.1,0.9}') fc
            FROM fcp, unnest('{auto,ets,theta,otm,naive,snaive,mean,drift,arima,prophet,croston,sba,tsb,adida,imapa}'::text[]) m
            GROUP BY m, grp) t
      GROUP BY m) s USING (m);
RESET max_parallel_workers_per_gather;
DROP TABLE fcp;

-- Events: 3 groups of 800 days whose event sold 30 more on its day and the
-- day before, twice; the third falls 4 days after the history.  The
-- aggregate equals stk_forecast_series over the same series and events, in
-- parallel workers too, and auto lifts the event days.
CREATE TABLE fce AS
SELECT g, DATE '2024-01-01' + i AS day,
       20 + 4 * (i % 7 = 5)::int + 3 * sin(i::float8 * i * 0.37 + g) + 3
       + CASE WHEN i IN (99, 100, 464, 465) THEN 30 ELSE 0 END AS qty
FROM generate_series(1, 3) g, generate_series(0, 799) i;
ANALYZE fce;
CREATE TEMP TABLE fce_ev AS
SELECT ARRAY[DATE '2024-01-01' + 100, DATE '2024-01-01' + 465, DATE '2024-01-01' + 804] AS d,
       ARRAY['feast', 'feast', 'feast'] AS n;
SELECT count(*) AS differing_steps
FROM (SELECT t.g, f.* FROM (SELECT g, stokkel.stk_forecast_agg(day, qty, 7, 'day', 'auto', '{0.1,0.5,0.9}',
                                                                (SELECT d FROM fce_ev), (SELECT n FROM fce_ev), '{1,0}') AS fc
                            FROM fce GROUP BY g) t, unnest(t.fc) f
      EXCEPT
      SELECT t.g, f.* FROM (SELECT g, stokkel.stk_series_agg(day, qty) AS s FROM fce GROUP BY g) t, fce_ev e,
             stokkel.stk_forecast_series(t.s, 7, NULL, 'auto', '{0.1,0.5,0.9}', e.d, e.n, '{1,0}') f) d;
SELECT f.step, f.period_start, round(f.point::numeric, 1) AS point, f.model
FROM (SELECT stokkel.stk_forecast_agg(day, qty, 6, 'day', 'auto', '{0.1,0.5,0.9}',
                                      (SELECT d FROM fce_ev), (SELECT n FROM fce_ev), '{1,0}') AS fc
      FROM fce WHERE g = 1) t, unnest(t.fc) f
ORDER BY f.step;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF)
SELECT g, stokkel.stk_forecast_agg(day, qty, 7, 'day', 'auto', '{0.1,0.9}', '{2024-04-10}', '{x}', '{1,0}')
FROM fce GROUP BY g;
CREATE TEMP TABLE par_events AS
SELECT md5(string_agg(g || ':' || fc::text, ',' ORDER BY g)) AS h
FROM (SELECT g, stokkel.stk_forecast_agg(day, qty, 7, 'day', 'auto', '{0.1,0.9}',
                                         '{2024-04-10,2025-04-10,2026-03-14}', '{feast,feast,feast}', '{1,0}') fc
      FROM fce GROUP BY g) t;
SET max_parallel_workers_per_gather = 0;
SELECT (SELECT h FROM par_events) = md5(string_agg(g || ':' || fc::text, ',' ORDER BY g)) AS parallel_equals_serial,
       bool_and(fc[1].model LIKE '%+ events') AS with_events
FROM (SELECT g, stokkel.stk_forecast_agg(day, qty, 7, 'day', 'auto', '{0.1,0.9}',
                                         '{2024-04-10,2025-04-10,2026-03-14}', '{feast,feast,feast}', '{1,0}') fc
      FROM fce GROUP BY g) t;
RESET max_parallel_workers_per_gather;
-- the timestamptz form: the same forecasts from noon of each day
SET TimeZone = 'UTC';
SELECT (SELECT stokkel.stk_forecast_agg(day + time '12:00', qty, 7, 'day', 'auto', '{0.1,0.9}',
                                        e.d, e.n, '{1,0}') FROM fce WHERE g = 2)::text
     = (SELECT stokkel.stk_forecast_agg(day, qty, 7, 'day', 'auto', '{0.1,0.9}', e.d, e.n, '{1,0}')
          FROM fce WHERE g = 2)::text AS timestamptz_same
FROM fce_ev e;
RESET TimeZone;
-- the events must be the same for all rows of a group: a calendar that
-- changes from row to row is refused, serially and in parallel workers
SELECT regress.err($$SELECT stokkel.stk_forecast_agg(day, qty, 7, 'day', 'prophet', '{0.5}',
                     CASE WHEN day = '2024-01-01' THEN NULL ELSE '{2024-04-10,2025-04-10}'::date[] END,
                     CASE WHEN day = '2024-01-01' THEN NULL ELSE '{feast,feast}'::text[] END, '{1,0}' ORDER BY day)
                     FROM fce WHERE g = 1$$) AS events_varying;
SELECT regress.err($$SELECT stokkel.stk_forecast_agg(day, qty, 7, 'day', 'prophet', '{0.5}',
                     ARRAY[day - 400, day], '{feast,feast}', '{1,0}') FROM fce WHERE g = 1$$) AS events_per_row;
SET max_parallel_workers_per_gather = 2;
SELECT regress.err($$SELECT g, stokkel.stk_forecast_agg(day, qty, 7, 'day', 'prophet', '{0.5}',
                     CASE WHEN day < '2025-01-01' THEN '{2024-04-10}'::date[] ELSE '{2025-04-10}' END, '{feast}', '{1,0}')
                     FROM fce GROUP BY g$$) AS events_varying_parallel;
RESET max_parallel_workers_per_gather;
SELECT regress.err($$SELECT stokkel.stk_forecast_agg(day, qty, 7, 'day', 'auto', '{0.5}', '{2024-04-10}', NULL, NULL) FROM fce$$) AS days_without_names;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast_series((SELECT stokkel.stk_series_agg(day, qty) FROM fce WHERE g = 1), 7,
                     event_days => array_fill(DATE '2024-04-10', ARRAY[1000001]),
                     event_names => array_fill('x'::text, ARRAY[1000001]))$$) AS too_many_events;
SELECT regress.err($$SELECT stokkel.stk_forecast_agg(day, qty, 7, 'day', 'auto', '{0.5}', '{2024-04-10}', '{x}', '{1}') FROM fce$$) AS bad_window;
SELECT regress.err($$SELECT stokkel.stk_forecast_agg(day, qty, 7, 'day', 'prophet', '{0.5}',
                     ARRAY(SELECT DATE '2024-01-01' + k FROM generate_series(1, 70) k),
                     ARRAY(SELECT 'e' || k FROM generate_series(1, 70) k), NULL) FROM fce$$) AS prophet_too_many_names;
DROP TABLE fce;

-- Stock-out days are not zero demand: masking them raises the forecast.
WITH rows AS (
  SELECT DATE '2026-03-01' + d AS day, CASE WHEN d >= 50 THEN 0 ELSE 10 END::float8 AS qty,
         CASE WHEN d >= 50 THEN 'stockout' ELSE 'sale' END AS kind
  FROM generate_series(0, 59) d)
SELECT 'masked' AS series, round(point::numeric, 2) AS point, status
FROM stokkel.stk_forecast_series((SELECT stokkel.stk_series_agg(day, qty, 'day', kind) FROM rows), 1, NULL, 'naive')
UNION ALL
SELECT 'zeros', round(point::numeric, 2), status
FROM stokkel.stk_forecast_series((SELECT stokkel.stk_series_agg(day, qty) FROM rows), 1, NULL, 'naive')
ORDER BY 1;

-- A status per series instead of an error: too short for the period asked,
-- everything masked, a single observation.
SELECT step, round(point::numeric, 2) AS point, status
FROM stokkel.stk_forecast_series(stokkel.stk_series(ARRAY[DATE '2026-01-01', DATE '2026-01-05'], '{3,4}'), 1, 12);
SELECT step, point, status
FROM stokkel.stk_forecast_series(stokkel.stk_series(ARRAY[DATE '2026-01-01', DATE '2026-01-02'], '{0,0}', 'day',
                                             ARRAY['closed', 'closed']), 1);
SELECT step, point, status
FROM stokkel.stk_forecast_series(stokkel.stk_series(ARRAY[DATE '2026-01-01'], '{4}'), 1);

-- Bad input, each with its SQLSTATE.
SELECT regress.err($$SELECT stokkel.stk_forecast_agg(day, qty, NULL, 'day') FROM fc_sales$$) AS null_horizon;
SELECT regress.err($$SELECT stokkel.stk_forecast_agg(day, qty, 0, 'day') FROM fc_sales$$) AS zero_horizon;
SELECT regress.err($$SELECT stokkel.stk_forecast_agg(day, qty, 5000, 'day') FROM fc_sales$$) AS huge_horizon;
SELECT regress.err($$SELECT stokkel.stk_forecast_agg(day, qty, product, 'day') FROM fc_sales$$) AS varying_horizon;
SELECT regress.err($$SELECT stokkel.stk_forecast_agg(day, qty, 5, 'hour') FROM fc_sales$$) AS unknown_frequency;
SELECT regress.err($$SELECT stokkel.stk_forecast_agg(day, qty, 5, 'day', 'oracle', '{0.5}') FROM fc_sales$$) AS unknown_method;
SELECT regress.err($$SELECT stokkel.stk_forecast_agg(day, qty, 5, 'day', 'auto', '{0.5,0.4}') FROM fc_sales$$) AS bad_levels;
SELECT regress.err($$SELECT stokkel.stk_forecast_agg(day, NULL::float8, 5, 'day') FROM fc_sales$$) AS null_quantity;
SELECT regress.err($$SELECT stokkel.stk_forecast_agg(day, 'NaN'::float8, 5, 'day') FROM fc_sales$$) AS nan_quantity;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast_series(stokkel.stk_series(ARRAY[current_date], '{1}'), 1, 0)$$) AS period_zero;
DROP TABLE fc_sales;
