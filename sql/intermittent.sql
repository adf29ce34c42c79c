-- Intermittent demand: stk_demand_class() and the methods croston, sba,
-- tsb, adida and imapa in every forecasting entry point, with integer
-- quantiles from a count distribution.  Golden values are those of
-- test/unit/test_intermittent.c: R 4.x, forecast 8.20,
--   y <- c(0,0,3,0,1,0,0,0,2,0,0,5,0,0,0,1,0,2,0,0)
--   croston(y, h = 5, alpha = 0.1)$mean[1]              0.89343373514074398
--   SBA = croston() * (1 - 0.1/2)                        0.84876204838370678
--   ADIDA k = 3: ses(bucket sums, alpha = .1, initial = "simple") / 3
--                                                        1.0675866666666669
--   IMAPA K = 3: mean of SBA per level / k                0.86565480778399462
SET extra_float_digits = 0;
SET DateStyle = ISO;
CREATE TEMP TABLE slow AS
SELECT '{0,0,3,0,1,0,0,0,2,0,0,5,0,0,0,1,0,2,0,0}'::float8[] AS y;

-- Classification (SBC cut-offs ADI 1.32, CV2 0.49).  The slow seller has
-- demands at positions 3,5,9,12,16,18: ADI 18/6 = 3, CV2 (34/15)/(14/6)^2.
SELECT c.class, c.adi, abs(c.cv2 - (34.0 / 15) / ((14.0 / 6) ^ 2)) < 1e-12 AS cv2_ok,
       c.zero_share, c.nonzero, c.n
FROM slow, LATERAL stokkel.stk_demand_class(slow.y) c;
SELECT name, c.class, round(c.adi::numeric, 4) AS adi, round(c.cv2::numeric, 4) AS cv2,
       c.zero_share, c.nonzero, c.n
FROM (VALUES ('smooth', '{5,6,5,4,6,5}'::float8[]),
             ('erratic', '{1,10,1,12,1,9}'),
             ('lumpy', '{0,0,10,0,1,0,0,20,0,1}'),
             ('one demand', '{0,4,0,0}'),
             ('no demand', '{0,0,0}')) v(name, y),
     LATERAL stokkel.stk_demand_class(v.y) c
ORDER BY name;
SELECT * FROM stokkel.stk_demand_class(NULL);
SELECT regress.err($$SELECT * FROM stokkel.stk_demand_class('{1,-1,2}')$$) AS negative;
SELECT regress.err($$SELECT * FROM stokkel.stk_demand_class('{1,NaN,2}')$$) AS nan_value;
SELECT regress.err($$SELECT * FROM stokkel.stk_demand_class('{1,NULL,2}')$$) AS null_element;
SELECT regress.err($$SELECT * FROM stokkel.stk_demand_class('{}')$$) AS empty_series;
-- sizes whose squares overflow: CV² = ((1/3)² + (1/3)²) / 1
SELECT class, cv2 FROM stokkel.stk_demand_class('{1e154,2e154,0}');

-- Golden point forecasts through SQL (alpha 0.1, the defaults), flat over
-- the horizon.
CREATE TEMP TABLE golden (method text, r_point float8);
INSERT INTO golden VALUES
  ('croston', 0.89343373514074398),
  ('sba', 0.89343373514074398 * 0.95),
  ('adida', 1.0675866666666669),
  ('imapa', 0.86565480778399462);
SELECT g.method, f.step, abs(f.point - g.r_point) < 1e-12 AS point_ok, f.model
FROM golden g, slow, LATERAL stokkel.stk_forecast(slow.y, 3, method => g.method) f
ORDER BY g.method, f.step;
-- TSB: p and z start at the share of demand periods (0.3) and the mean size.
SELECT step, round(point::numeric, 6) AS point, model
FROM slow, LATERAL stokkel.stk_forecast(slow.y, 2, method => 'tsb') f;

-- Integer quantiles for the slow seller: monotone, never negative, integers;
-- P50 is 0 (it sells on 3 days in 10) and P90 a plausible day's sale.
SELECT m AS method, f.step, f.p10, f.p50, f.p90, f.quantiles
FROM unnest(ARRAY['croston', 'sba', 'tsb', 'adida', 'imapa']) m, slow,
     LATERAL stokkel.stk_forecast(slow.y, 2, method => m,
                                  levels => '{0.05,0.25,0.5,0.75,0.9,0.95,0.99}') f
ORDER BY 1, 2;
SELECT m AS method,
       bool_and(q = floor(q) AND q >= 0) AS integers_nonneg,
       bool_and(f.p10 <= f.p50 AND f.p50 <= f.p90) AS p_monotone,
       bool_and(f.quantiles = (SELECT array_agg(x ORDER BY x) FROM unnest(f.quantiles) x)) AS q_monotone,
       bool_and(f.p50 = f.quantiles[3]) AS p50_is_level_05
FROM unnest(ARRAY['croston', 'sba', 'tsb', 'adida', 'imapa']) m, slow,
     LATERAL stokkel.stk_forecast(slow.y, 14, method => m,
                                  levels => '{0.05,0.25,0.5,0.75,0.9,0.95,0.99}') f,
     LATERAL unnest(f.quantiles || ARRAY[f.p10, f.p50, f.p90]) q
GROUP BY 1 ORDER BY 1;
-- A faster seller: the median moves off zero.
SELECT f.step, round(f.point::numeric, 4) AS point, f.p10, f.p50, f.p90, f.model
FROM stokkel.stk_forecast('{2,0,3,1,0,4,2,1,0,3,2,0,1,5,2}', 1, method => 'sba') f;

-- No demand at all: zeros, no error.  One demand: the mean fallback.
SELECT m AS method, f.step, f.point, f.p10, f.p50, f.p90, f.quantiles, f.status
FROM unnest(ARRAY['croston', 'sba', 'tsb', 'adida', 'imapa']) m,
     LATERAL stokkel.stk_forecast('{0,0,0,0,0,0}', 1, method => m, levels => '{0.5,0.99}') f
ORDER BY 1;
SELECT f.point, f.p10, f.p50, f.p90, f.model
FROM stokkel.stk_forecast('{0,4,0,0}', 1, method => 'croston') f;

-- The same methods through stk_forecast_series and stk_forecast_agg.
CREATE TEMP TABLE slow_sales AS
SELECT DATE '2026-03-01' + (i - 1) AS day, y[i] AS qty
FROM slow, generate_subscripts(slow.y, 1) i;
SELECT f.step, f.period_start, abs(f.point - 0.89343373514074398) < 1e-12 AS point_ok,
       f.p10, f.p50, f.p90, f.model, f.status
FROM (SELECT stokkel.stk_series_agg(day, qty) AS s FROM slow_sales) t,
     LATERAL stokkel.stk_forecast_series(t.s, 2, method => 'croston') f;
SELECT (f).step, (f).period_start, round((f).point::numeric, 6) AS point,
       (f).p10, (f).p50, (f).p90, (f).quantiles, (f).model
FROM (SELECT unnest(stokkel.stk_forecast_agg(day, qty, 2, 'day', 'sba', '{0.5,0.95}')) AS f
      FROM slow_sales) t;
-- a negative sale is a return, which the series keeps apart from demand:
-- the intermittent methods run on the demand
SELECT f.step, f.point, f.status
FROM (SELECT stokkel.stk_series_agg(day, qty) AS s
      FROM (SELECT day, CASE WHEN day = DATE '2026-03-05' THEN -1 ELSE qty END AS qty
            FROM slow_sales) x) t,
     LATERAL stokkel.stk_forecast_series(t.s, 2, method => 'tsb') f;

-- Errors.
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast('{0,2,-1,0}', 3, method => 'croston')$$) AS negative_demand;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast('{0,2,-1,0}', 3, method => 'imapa')$$) AS negative_demand_imapa;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast('{0,2,1,0}', 3, method => 'crostonn')$$) AS unknown_method;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast('{0,2,NaN,0}', 3, method => 'tsb')$$) AS nan_value;

-- 'auto' routes the slow seller (SBC intermittent) to SBA with integer
-- negative binomial quantiles (auto_slow.c; golden values in slow_sellers.sql).
SELECT f.step, f.point, f.p10, f.p50, f.p90, f.model
FROM slow, LATERAL stokkel.stk_forecast(slow.y, 2) f;
