-- Slow sellers in 'auto', new products, backtests and explanations (issue 4).
--
-- Golden values:
--   y = {0,0,1,0,0,0,2,0,0,0,0,1,0,0,0,3,0,0,0,0,0,1,0,0,0,0,0,2,0,0}: sizes 1,2,1,3,1,2 at
--   positions 3,7,12,16,22,28 (intervals 3,4,5,4,6,6). SES, alpha 0.1, started at the first value:
--   size z = 1.32761, interval x = 3.86241 (by hand), SBA = 0.95 z / x, which is R's
--     forecast:::croston2(y, h = 1, alpha = 0.1, nofits = TRUE) * 0.95  =  0.32653951807291309
--   variance-to-mean ratio var(y)/mean(y) = 1.724138 > 1.1, so a negative binomial with
--   variance 1.724138 x mean; R: qnbinom(c(.1,.5,.9,.99), size = f^2/(v-f), prob = f/v) = 0 0 1 3
--   New product {3,1,4,0,2}: mean 2, VMR 1.25; R: qnbinom(c(.1,.5,.9), size = 8, prob = 0.8) = 0 2 4
CREATE TEMP TABLE slow2 AS
SELECT '{0,0,1,0,0,0,2,0,0,0,0,1,0,0,0,3,0,0,0,0,0,1,0,0,0,0,0,2,0,0}'::float8[] AS y;

-- 'auto' routes an intermittent series (SBC) to SBA with integer negative binomial quantiles;
-- the point forecast is their median, the SBA rate is explain's level.
SELECT f.step, f.point, f.p10, f.p50, f.p90, f.quantiles, f.model, f.status
FROM slow2, LATERAL stokkel.stk_forecast(slow2.y, 2, 7, levels => '{0.1,0.5,0.9,0.99}') f;
SELECT abs(e.level - 0.95 * 1.32761 / 3.86241) < 1e-12 AS sba_by_hand,
       abs(e.level - 0.32653951807291309) < 1e-14 AS matches_r
FROM slow2, LATERAL stokkel.stk_forecast_explain(slow2.y, 7) e;
SELECT round(f.point::numeric, 12) AS sba_point
FROM slow2, LATERAL stokkel.stk_forecast(slow2.y, 1, 7, 'sba') f;

-- An all-zero series: zero forecast, no error; a smooth series keeps the ETS/Theta path.
SELECT step, point, p10, p50, p90, model, status
FROM stokkel.stk_forecast(array_fill(0::float8, ARRAY[40]), 2);
SELECT DISTINCT model LIKE 'Combination(%' AS general_path
FROM stokkel.stk_forecast(ARRAY(SELECT 20 + 5 * sin(i) FROM generate_series(1, 60) i)::float8[], 3);
-- Negative values (returns) are not demand counts: 'auto' keeps the general path, no error.
SELECT DISTINCT model NOT LIKE '%SBA%' AS general_path
FROM stokkel.stk_forecast(ARRAY(SELECT CASE WHEN i % 3 = 0 THEN -1 ELSE 0 END
                                FROM generate_series(1, 40) i)::float8[], 2);

-- New products: fewer than 14 periods. Mean of the history, or seasonal naive once a season is seen.
SELECT step, point, p10, p50, p90, model, status FROM stokkel.stk_forecast('{3,1,4,0,2}', 2);
SELECT step, point, p10, p50, p90, model, status FROM stokkel.stk_forecast('{3,1,4,0,2,5,6}', 8, 7);
SELECT step, point, p50, model, status FROM stokkel.stk_forecast('{0}', 1);

-- Dated series: the new-product flag reaches the status of stk_forecast_series.
SELECT f.step, f.period_start, f.point, f.p50, f.model, f.status
FROM (SELECT stokkel.stk_series_agg(d::date, q) AS s
      FROM (VALUES ('2026-03-01', 2.0), ('2026-03-02', 0.0), ('2026-03-03', 1.0), ('2026-03-04', 3.0)) v(d, q)) t,
     LATERAL stokkel.stk_forecast_series(t.s, 2) f;

-- New products from a category profile. History {2,4,8,2,4,8} against the profile {1,2,4}:
-- k = (28 + 7) / (14 + 7) = 5/3 (a one-cycle prior), points 5/3, 10/3, 20/3;
-- R: for (m in 35/21 * c(1,2,4)) qpois(c(.1,.5,.9), m)  gives 0 1 3, 1 3 6 and 3 6 10.
SELECT step, round(point::numeric, 12) AS point, quantiles, model, status
FROM stokkel.stk_forecast_new_product('{2,4,8,2,4,8}', 3, '{1,2,4}');
SELECT step, point, quantiles, model, status FROM stokkel.stk_forecast_new_product('{}', 2, '{0.5,3}');

-- Explanations.
SELECT model, reason, demand_class, round(level::numeric, 12) AS level, trend, season,
       round(size::numeric, 10) AS size, round("interval"::numeric, 10) AS "interval",
       round(probability::numeric, 10) AS probability, round(adi::numeric, 6) AS adi,
       round(cv2::numeric, 6) AS cv2, zero_share, used_period, status
FROM slow2, LATERAL stokkel.stk_forecast_explain(slow2.y, 7);
SELECT model, reason, round(probability::numeric, 6) AS probability, "interval"
FROM slow2, LATERAL stokkel.stk_forecast_explain(slow2.y, 7, 'tsb');
SELECT model, reason, level, season, status FROM stokkel.stk_forecast_explain('{3,1,4,0,2,5,6,2,3}', 7);
SELECT model, reason, demand_class, level FROM stokkel.stk_forecast_explain(array_fill(0::float8, ARRAY[20]));
-- ETS: level, trend and a season of length 12 (the next month first).
SELECT reason LIKE 'sells on 60 of 60 periods (smooth); Combination(ETS(%' AS reason_ok,
       level > 0 AS has_level, array_length(season, 1) AS season_length
FROM stokkel.stk_forecast_explain(ARRAY(SELECT 10 + 5 * sin(i * pi() / 6) + 0.3 * i
                                        FROM generate_series(1, 60) i)::float8[], 12);
SELECT model, reason, level, trend FROM stokkel.stk_forecast_explain('{1,2,3,5,8,13,21,34,55,89,144,233,377,610}', NULL, 'drift');

-- Backtest golden values by hand: y = 1..8, naive, horizon 2, 2 windows, step 1.
-- Origins 6 and 7 (1-based: histories 1..5 and 1..6): forecasts 5,5 and 6,6 against 6,7 and 7,8.
-- Scale (lag 1) = 1. h = 1: errors -1,-1: MASE 1, RMSSE 1, bias -1, WAPE 2/13,
-- sMAPE (200/11 + 200/13)/2 = 16.7832..., pinball at 0.5 = 0.5, no actual at or below the median.
-- h = 2: errors -2,-2: MASE 2, RMSSE 2, WAPE 4/15, sMAPE (400/12 + 400/14)/2, pinball 1.
SELECT h, forecasts, mase, rmsse, bias, round(wape::numeric, 12) AS wape,
       round(smape::numeric, 10) AS smape, pinball, spl, coverage, model, status
FROM stokkel.stk_backtest('{1,2,3,4,5,6,7,8}', 2, 2, 1, method => 'naive', levels => '{0.5}');
SELECT round(2.0 / 13, 12) AS wape1, round((200.0 / 11 + 200.0 / 13) / 2, 10) AS smape1,
       round(4.0 / 15, 12) AS wape2, round((400.0 / 12 + 400.0 / 14) / 2, 10) AS smape2;
-- Step defaults to the horizon; the slow seller with auto.
SELECT h, forecasts, round(mase::numeric, 6) AS mase, round(wape::numeric, 6) AS wape,
       round(bias::numeric, 6) AS bias, coverage, model
FROM slow2, LATERAL stokkel.stk_backtest(slow2.y, 2, 3, period => 7);
-- All actuals zero: WAPE undefined (NULL), the rest defined.
SELECT h, forecasts, mase, wape, bias, smape
FROM stokkel.stk_backtest('{0,1,0,2,0,0,0,0}', 2, 1, method => 'mean', levels => '{0.5}');

-- Per group over a sales table, with GROUP BY: one row per product and step ahead.
CREATE TEMP TABLE bt_sales AS
SELECT p AS product, DATE '2026-01-01' + d AS day,
       CASE WHEN p = 1 THEN (d % 7)::float8 + 2 ELSE CASE WHEN d % 5 = 0 THEN 1 ELSE 0 END END AS qty
FROM generate_series(1, 2) p, generate_series(0, 59) d;
SELECT t.product, b.h, b.forecasts, b.mase IS NOT NULL AS has_mase, b.model, b.status
FROM (SELECT product, stokkel.stk_series_agg(day, qty) AS s FROM bt_sales GROUP BY product) t,
     LATERAL stokkel.stk_backtest_series(t.s, 2, 4, 7) b
ORDER BY 1, 2;
SELECT t.product, e.reason
FROM (SELECT product, stokkel.stk_series_agg(day, qty) AS s FROM bt_sales GROUP BY product) t,
     LATERAL stokkel.stk_forecast_explain_series(t.s) e
ORDER BY 1;
-- A group too short for the windows gets a status row, not an error.
SELECT b.h, b.mase, b.status
FROM (SELECT stokkel.stk_series_agg(day, qty) AS s FROM bt_sales WHERE day < DATE '2026-01-10') t,
     LATERAL stokkel.stk_backtest_series(t.s, 7, 3) b;
-- A period longer than the history: no season, and the errors scaled by
-- the one-step naive forecast (the period once overflowed the scale lag)
SELECT b.h, b.mase IS NOT NULL AS has_mase, b.status
FROM (SELECT stokkel.stk_series_agg(day, qty) AS s FROM bt_sales WHERE product = 1) t,
     LATERAL stokkel.stk_backtest_series(t.s, 2, 2, period => 2147483647) b;

-- Smoothing parameters given. R: croston(y, h = 1, alpha = 0.2)$mean[1] = 0.34216146945749676
SELECT f.step, round(f.point::numeric, 14) AS point, f.quantiles, f.model
FROM slow2, LATERAL stokkel.stk_forecast_intermittent(slow2.y, 1, 'croston', alpha => 0.2) f;
SELECT abs(f.point - 0.34216146945749676) < 1e-14 AS matches_r
FROM slow2, LATERAL stokkel.stk_forecast_intermittent(slow2.y, 1, 'croston', alpha => 0.2) f;
SELECT f.model, f.quantiles FROM stokkel.stk_forecast_intermittent(array_fill(0::float8, ARRAY[9]), 1, 'tsb', 0.5, 1) f;

-- Errors.
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast_intermittent('{0,0,1}', 1, 'sba', 0)$$) AS alpha_zero;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast_intermittent('{0,0,1}', 1, 'sba', 1.01)$$) AS alpha_above_one;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast_intermittent('{0,0,1}', 1, 'tsb', 0.1, 1.5)$$) AS beta_above_one;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast_intermittent('{0,0,1}', 1, 'tsb', 'NaN')$$) AS alpha_nan;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast_intermittent('{0,-1,1}', 1, 'tsb')$$) AS negative_demand_params;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast_intermittent('{0,0,1}', 1, 'ets')$$) AS not_intermittent;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast_new_product('{1}', 2, '{}')$$) AS empty_profile;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast_new_product('{1}', 2, '{-1}')$$) AS negative_profile;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast_new_product('{-1}', 2, '{1}')$$) AS negative_history;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast_new_product('{1}', 2, '{NaN}')$$) AS nan_profile;
SELECT regress.err($$SELECT * FROM stokkel.stk_backtest('{1,2,3,4,5}', 3, 4, 2)$$) AS too_many_windows;
SELECT regress.err($$SELECT * FROM stokkel.stk_backtest('{1,2,3,4,5}', 2, 0)$$) AS zero_windows;
SELECT regress.err($$SELECT * FROM stokkel.stk_backtest('{1,2,3,4,5}', 2, 1, 0)$$) AS zero_step;
SELECT regress.err($$SELECT * FROM stokkel.stk_backtest('{1,2,3,4,5}', 0, 1)$$) AS zero_horizon;
SELECT regress.err($$SELECT * FROM stokkel.stk_backtest('{1,2,NaN,4,5}', 1, 1)$$) AS nan_value;
SELECT regress.err($$SELECT * FROM stokkel.stk_backtest('{1,2,3,4,5}', 1, 1, levels => '{0.5,1.5}')$$) AS bad_level;
SELECT regress.err($$SELECT * FROM stokkel.stk_backtest('{1,2,3,4,5}', 1, 1, method => 'nope')$$) AS bad_method;
SELECT regress.err($$SELECT * FROM stokkel.stk_backtest('{1,-2,3,4,5}', 1, 1, method => 'sba')$$) AS negative_demand;
SELECT regress.err($$SELECT * FROM stokkel.stk_backtest('{1,2,3,4,5}', 1, 1, period => 9)$$) AS long_period;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast_explain('{}')$$) AS explain_empty;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast_explain('{1,-2,3}', NULL, 'croston')$$) AS explain_negative;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast_explain('{1,2,3}', 0)$$) AS explain_period;
SELECT regress.err($$SELECT * FROM stokkel.stk_forecast_explain('{1,Infinity,3}')$$) AS explain_infinite;
