-- Forecasts of demand series (forecast_fn.c).

CREATE FUNCTION stokkel.stk_forecast(
  y double precision[], horizon integer, period integer DEFAULT NULL,
  method text DEFAULT 'auto',
  levels double precision[] DEFAULT '{0.1,0.5,0.9}',
  OUT step integer, OUT point double precision,
  OUT p10 double precision, OUT p50 double precision, OUT p90 double precision,
  OUT quantiles double precision[], OUT model text, OUT status text)
RETURNS SETOF record
-- not STRICT: period may be NULL (detect it); NULL data gives no rows
LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 30
AS 'MODULE_PATHNAME', 'stk_forecast_array';
COMMENT ON FUNCTION stokkel.stk_forecast(double precision[], integer, integer, text, double precision[]) IS
  'Forecast a demand series horizon steps ahead: point forecast, P10/P50/P90 and quantiles at levels, '
  'never negative. method: auto (ETS + Theta combination), ets, theta, otm, naive, snaive, mean, drift. '
  'period NULL detects the seasonal period.';
