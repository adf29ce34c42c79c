-- Long computations answer a cancel or a statement timeout: the core's
-- loops look at PostgreSQL's pending cancel and stop (freeing what they
-- hold), and the glue raises it.  Each call below runs for seconds to
-- minutes uncancelled (the first three took 14 s, 8 s and 9 s before the
-- checks); with a 200 ms timeout each must end well within 3 s.
SET statement_timeout = '200ms';
SELECT clock_timestamp() AS t0 \gset
SELECT * FROM stokkel.stk_reorder_policy(
  (SELECT array_agg(CASE WHEN i % 3 = 0 THEN (i * 37 % 1000)::float8 ELSE 0 END) FROM generate_series(1, 200) i), 100);
SELECT clock_timestamp() - :'t0' < interval '3 s' AS reorder_policy_cancelled;
SELECT clock_timestamp() AS t0 \gset
SELECT count(*) FROM stokkel.stk_forecast(
  (SELECT array_agg((10 + 5 * sin(g / 7.0) + g % 13)::float8) FROM generate_series(1, 100000) g), 30, 24, method => 'arima');
SELECT clock_timestamp() - :'t0' < interval '3 s' AS arima_cancelled;
SELECT clock_timestamp() AS t0 \gset
SELECT count(*) FROM stokkel.stk_forecast(
  (SELECT array_agg(CASE WHEN g IN (5, 70000) THEN 3 ELSE 0 END::float8) FROM generate_series(1, 100000) g), 30,
  method => 'imapa');
SELECT clock_timestamp() - :'t0' < interval '3 s' AS imapa_cancelled;
SELECT clock_timestamp() AS t0 \gset
SELECT count(*) FROM stokkel.stk_backtest(
  (SELECT array_agg((10 + 5 * sin(g / 7.0) + g % 13)::float8) FROM generate_series(1, 3000) g), 7, 2900, 1, 7);
SELECT clock_timestamp() - :'t0' < interval '3 s' AS backtest_cancelled;
RESET statement_timeout;
-- the losses of a negative binomial with a huge mean: at once (was 11 s)
SELECT stokkel.stk_negbin_loss(1999999999.5, 1e10, 1e20) > 0 AS negbin_loss;
