-- Backtests and explanations of forecasts (backtest_fn.c).

CREATE FUNCTION stokkel.stk_backtest(
  y double precision[], horizon integer, windows integer DEFAULT 3, step integer DEFAULT NULL,
  period integer DEFAULT NULL, method text DEFAULT 'auto',
  levels double precision[] DEFAULT '{0.1,0.5,0.9}',
  OUT h integer, OUT forecasts integer,
  OUT mase double precision, OUT smape double precision, OUT wape double precision,
  OUT bias double precision, OUT rmsse double precision,
  OUT pinball double precision[], OUT spl double precision[], OUT coverage double precision[],
  OUT model text, OUT status text)
RETURNS SETOF record
-- not STRICT: step and period may be NULL; NULL data gives no rows
LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 30
AS 'MODULE_PATHNAME', 'stk_backtest_array';
COMMENT ON FUNCTION stokkel.stk_backtest(double precision[], integer, integer, integer, integer, text, double precision[]) IS
  'Rolling-origin backtest: windows forecasts of horizon steps, origins step periods apart (default: horizon), '
  'the last ending with the series; per step ahead h: MASE, sMAPE, WAPE, bias (forecast minus actual), RMSSE, '
  'pinball loss and scaled pinball loss (spl) at levels, and coverage (share of actuals at or below each quantile). '
  'Scales use the naive forecast with lag period (1 when period is NULL). Too short a series for the windows is an error.';

CREATE FUNCTION stokkel.stk_backtest_series(
  s stokkel.series, horizon integer, windows integer DEFAULT 3, step integer DEFAULT NULL,
  period integer DEFAULT NULL, method text DEFAULT 'auto',
  levels double precision[] DEFAULT '{0.1,0.5,0.9}',
  event_days date[] DEFAULT NULL, event_names text[] DEFAULT NULL,
  event_window integer[] DEFAULT '{7,1}',
  regressors double precision[] DEFAULT NULL,
  OUT h integer, OUT forecasts integer,
  OUT mase double precision, OUT smape double precision, OUT wape double precision,
  OUT bias double precision, OUT rmsse double precision,
  OUT pinball double precision[], OUT spl double precision[], OUT coverage double precision[],
  OUT model text, OUT status text)
RETURNS SETOF record
LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 30
AS 'MODULE_PATHNAME', 'stk_backtest_series_fn';
COMMENT ON FUNCTION stokkel.stk_backtest_series(stokkel.series, integer, integer, integer, integer, text, double precision[],
                                                date[], text[], integer[], double precision[]) IS
  'Rolling-origin backtest of a series from stk_series_agg (use it per group: '
  'SELECT g, b.* FROM (SELECT g, stk_series_agg(day, qty) s FROM sales GROUP BY g) t, stk_backtest_series(t.s, 7) b); '
  'a series that cannot be backtested (too short for the windows, ...) gives one row whose status says why. '
  'The events, as in stk_forecast_series, are seen by auto and prophet as each origin would have: '
  'those before it learnt from, those after it planned; so are regressors (method prophet): one row per period '
  'of the series, one column per regressor, the rows after an origin taken as planned.';

CREATE FUNCTION stokkel.stk_forecast_explain(
  y double precision[], period integer DEFAULT NULL, method text DEFAULT 'auto',
  OUT model text, OUT reason text, OUT demand_class text,
  OUT level double precision, OUT trend double precision, OUT season double precision[],
  OUT size double precision, OUT "interval" double precision, OUT probability double precision,
  OUT adi double precision, OUT cv2 double precision, OUT zero_share double precision,
  OUT used_period integer, OUT status text)
RETURNS SETOF record
LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 1
AS 'MODULE_PATHNAME', 'stk_forecast_explain_array';
COMMENT ON FUNCTION stokkel.stk_forecast_explain(double precision[], integer, text) IS
  'Why stk_forecast chooses its model for this series, in one line of plain words, and the forecast''s components: '
  'level, trend and season (next period first) for ETS-type models; for slow sellers size (units when it sells), '
  'interval (periods between sales) and probability of a sale per period; the SBC demand class, ADI, CV2 and share of zeros.';

CREATE FUNCTION stokkel.stk_forecast_explain_series(
  s stokkel.series, period integer DEFAULT NULL, method text DEFAULT 'auto',
  event_days date[] DEFAULT NULL, event_names text[] DEFAULT NULL,
  event_window integer[] DEFAULT '{7,1}',
  OUT model text, OUT reason text, OUT demand_class text,
  OUT level double precision, OUT trend double precision, OUT season double precision[],
  OUT size double precision, OUT "interval" double precision, OUT probability double precision,
  OUT adi double precision, OUT cv2 double precision, OUT zero_share double precision,
  OUT used_period integer, OUT status text)
RETURNS SETOF record
LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 1
AS 'MODULE_PATHNAME', 'stk_forecast_explain_series_fn';
COMMENT ON FUNCTION stokkel.stk_forecast_explain_series(stokkel.series, integer, text, date[], text[], integer[]) IS
  'Explanation of the forecast of a series from stk_series_agg (see the float8[] form); '
  'a series that cannot be forecast gives one row whose status says why.';

-- Intermittent methods with their smoothing parameters (intermittent_fn.c).
CREATE FUNCTION stokkel.stk_forecast_intermittent(
  y double precision[], horizon integer, method text DEFAULT 'sba',
  alpha double precision DEFAULT 0.1, beta double precision DEFAULT 0.1,
  optimize boolean DEFAULT false,
  levels double precision[] DEFAULT '{0.1,0.5,0.9}',
  OUT step integer, OUT point double precision,
  OUT p10 double precision, OUT p50 double precision, OUT p90 double precision,
  OUT quantiles double precision[], OUT model text, OUT status text)
RETURNS SETOF record
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 30
AS 'MODULE_PATHNAME', 'stk_forecast_intermittent_fn';
COMMENT ON FUNCTION stokkel.stk_forecast_intermittent(double precision[], integer, text, double precision, double precision, boolean, double precision[]) IS
  'Forecast of a slow seller with croston, sba, tsb, adida or imapa and the smoothing parameters given '
  '(alpha: sizes and intervals, or the level; beta: TSB''s demand probability; both in (0, 1]) or chosen '
  '(optimize); integer quantiles from a count distribution, as stk_forecast.';

-- New products from a category profile (intermittent_fn.c).
CREATE FUNCTION stokkel.stk_forecast_new_product(
  history double precision[], horizon integer, category_profile double precision[],
  levels double precision[] DEFAULT '{0.1,0.5,0.9}',
  OUT step integer, OUT point double precision,
  OUT p10 double precision, OUT p50 double precision, OUT p90 double precision,
  OUT quantiles double precision[], OUT model text, OUT status text)
RETURNS SETOF record
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 30
AS 'MODULE_PATHNAME', 'stk_forecast_new_product_fn';
COMMENT ON FUNCTION stokkel.stk_forecast_new_product(double precision[], integer, double precision[], double precision[]) IS
  'Forecast of a new product from its category: category_profile is the mean demand per period of comparable '
  'products from the first forecast period on (repeated; e.g. 7 weekday means), scaled by the item''s own sales '
  'so far (history, may be empty) against the profile, with a one-cycle prior; integer Poisson or negative binomial '
  'quantiles; model and status say "new product: category profile".';
