-- stk_forecast(): point forecasts and quantiles.  The baselines and Theta
-- are checked against R's forecast package 8.20 on the first three years of
-- AirPassengers (golden values below, rounded to 6 decimals); R command:
--   y <- ts(c(112,...,166), frequency = 12)
--   snaive(y, h = 3, level = 80); rwf(y, h = 3, drift = TRUE, level = 80)
--   naive(y, h = 3, level = 80);  thetaf(y, h = 3, level = 80)
SET extra_float_digits = 0;
CREATE TEMP TABLE air AS SELECT ARRAY[112,118,132,129,121,135,148,148,136,119,104,118,
  115,126,141,135,125,149,170,170,158,133,114,140,
  145,150,178,163,172,178,199,199,184,162,146,166]::float8[] AS y;
-- R's value, ours, and whether they agree to 1e-6
CREATE TEMP TABLE golden (method text, step int, r_point float8, r_p10 float8, r_p90 float8);
INSERT INTO golden VALUES
  ('snaive', 1, 145, 113.814115648, 176.185884352),
  ('snaive', 2, 150, 118.814115648, 181.185884352),
  ('snaive', 3, 178, 146.814115648, 209.185884352),
  ('drift', 1, 167.542857143, 147.936751759, 187.148962527),
  ('drift', 2, 169.085714286, 140.976031664, 197.195396908),
  ('drift', 3, 170.628571429, 135.739251195, 205.517891662),
  ('naive', 1, 166, 146.843973029, 185.156026971),
  ('naive', 2, 166, 138.909286856, 193.090713144),
  ('naive', 3, 166, 132.820788014, 199.179211986);
SELECT g.method, g.step,
       abs(f.point - g.r_point) < 1e-6 AS point_ok,
       abs(f.p10 - g.r_p10) < 1e-6 AS p10_ok,
       abs(f.p90 - g.r_p90) < 1e-6 AS p90_ok,
       f.p50 = f.point AS median_is_point,
       f.model
FROM golden g, air,
     LATERAL stokkel.stk_forecast(air.y, 3, 12, g.method) f
WHERE f.step = g.step
ORDER BY 1, 2;

-- Theta: R's thetaf does not deseasonalise this 36-month series (its
-- seasonality test fails), so neither do we; points within 1e-4 relative.
SELECT f.step, round(f.point::numeric, 4) AS point,
       abs(f.point / r.p - 1) < 1e-4 AS point_ok,
       abs(f.p10 / r.lo - 1) < 1e-3 AS p10_ok, abs(f.p90 / r.hi - 1) < 1e-3 AS p90_ok, f.model
FROM air, stokkel.stk_forecast(air.y, 3, 12, 'theta') f
JOIN (VALUES (1, 166.846088018, 147.410079664, 186.282096371),
             (2, 167.694093166, 140.208802359, 195.179383972),
             (3, 168.542098314, 134.880191049, 202.204005579)) r(step, p, lo, hi)
  USING (step)
ORDER BY step;

-- auto: quantiles at any levels, monotone, P50 among them, never negative.
SELECT step, round(point::numeric, 2) AS point,
       quantiles = (SELECT array_agg(x ORDER BY x) FROM unnest(quantiles) x) AS monotone,
       quantiles[3] = p50 AS p50_matches, p10 <= p50 AND p50 <= p90 AS ordered, model, status
FROM air, stokkel.stk_forecast(air.y, 4, 12, 'auto', '{0.05,0.25,0.5,0.75,0.95}')
ORDER BY step;

-- Edge cases forecast without error.
SELECT 'one point' AS series, step, point, p10, p90, model
  FROM stokkel.stk_forecast('{5}', 2)
UNION ALL
SELECT 'constant', step, point, p10, p90, model FROM stokkel.stk_forecast('{3,3,3,3,3,3,3,3}', 2)
UNION ALL
SELECT 'all zero', step, point, p10, p90, model FROM stokkel.stk_forecast('{0,0,0,0,0,0,0,0,0,0}', 2)
ORDER BY 1, 2;
-- a falling series is never forecast below zero
SELECT bool_and(point >= 0 AND p10 >= 0) AS never_negative, min(point) AS lowest
FROM stokkel.stk_forecast('{50,40,30,20,10,5,2,1}', 10, 1, 'drift');
-- the same call gives the same answer (seeded simulation)
SELECT count(*) AS differing_rows FROM (
  SELECT * FROM stokkel.stk_forecast((SELECT y FROM air), 12, 12, 'ets')
  EXCEPT
  SELECT * FROM stokkel.stk_forecast((SELECT y FROM air), 12, 12, 'ets')) d;
SELECT count(*) AS rows_for_null_series FROM stokkel.stk_forecast(NULL, 3);

-- Bad input, each with its SQLSTATE.
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast('{}', 3)$$) AS empty_series;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast('{1,NaN,3}', 3)$$) AS nan_value;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast('{1,Infinity,3}', 3)$$) AS inf_value;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast('{1,NULL,3}', 3)$$) AS null_element;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast('{1,2,3}', 0)$$) AS zero_horizon;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast('{1,2,3}', 100000)$$) AS huge_horizon;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast('{1,2,3}', 3, 0)$$) AS period_zero;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast('{1,2,3}', 3, 4)$$) AS period_above_n;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast('{1,2,3}', 3, NULL, 'prophet9')$$) AS unknown_method;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast('{1,2,3}', 3, NULL, 'auto', '{0.5,1}')$$) AS level_one;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast('{1,2,3}', 3, NULL, 'auto', '{0.9,0.1}')$$) AS unsorted_levels;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast('{1,2,3}', 3, NULL, 'auto', '{0.5,0.5}')$$) AS duplicate_levels;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast('{1,2,3}', 3, NULL, 'auto', '{}')$$) AS no_levels;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast('{1,2,3}', 3, NULL, 'auto', '{NaN}')$$) AS nan_level;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast('{{1,2},{3,4}}', 3)$$) AS two_dimensional;
