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
  'never negative. method: auto (ETS + Theta combination), ets, theta, otm, naive, snaive, mean, drift, '
  'arima (automatic seasonal ARIMA, as auto.arima), prophet (Prophet-style trend + seasonality regression), '
  'or for intermittent demand croston, sba, tsb, adida, imapa (integer quantiles from a count distribution). '
  'period NULL detects the seasonal period.';

CREATE FUNCTION stokkel.stk_event_effects(
  y double precision[], first_day date, horizon integer,
  event_days date[], event_names text[], event_window integer[] DEFAULT '{7,1}')
RETURNS double precision[]
-- not STRICT: NULL events give zeros
LANGUAGE C IMMUTABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_event_effects_fn';
COMMENT ON FUNCTION stokkel.stk_event_effects(double precision[], date, integer, date[], text[], integer[]) IS
  'The effect of the events on each day of a daily demand history y (y[1] on first_day) and of the horizon '
  '(1..3660) days after it, as method auto estimates them (Prophet-style fit, tight prior): an array of '
  'cardinality(y) + horizon values, 0 where no event.  Events as in stk_forecast_series; none, fewer than 3 '
  'days, or over the limits: zeros.';

CREATE TYPE stokkel.forecast_step AS (
  step         integer,            -- 1 .. horizon; NULL on a failed series' status row
  period_start date,               -- first day of the forecast period
  point        double precision,   -- point forecast, never negative
  p10          double precision,
  p50          double precision,   -- the median of the predictive distribution
  p90          double precision,
  quantiles    double precision[], -- at the levels asked for
  model        text,               -- the model(s) used
  status       text                -- 'ok', a note, or 'failed: ...' (then only this row)
);
COMMENT ON TYPE stokkel.forecast_step IS
  'One step of a dated forecast: period start, point forecast, P10/P50/P90, quantiles, model and status.';

CREATE FUNCTION stokkel.stk_forecast_series(
  s stokkel.series, horizon integer, period integer DEFAULT NULL,
  method text DEFAULT 'auto',
  levels double precision[] DEFAULT '{0.1,0.5,0.9}',
  event_days date[] DEFAULT NULL, event_names text[] DEFAULT NULL,
  event_window integer[] DEFAULT '{7,1}',
  regressors double precision[] DEFAULT NULL)
RETURNS SETOF stokkel.forecast_step
-- not STRICT: period may be NULL (the calendar's season), and the events
-- and regressors; NULL s gives no rows
LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 30
AS 'MODULE_PATHNAME', 'stk_forecast_series_fn';
COMMENT ON FUNCTION stokkel.stk_forecast_series(stokkel.series, integer, integer, text, double precision[],
                                                date[], text[], integer[], double precision[]) IS
  'Dated forecast of a series (from stk_series_agg): closed and stock-out periods are not taken as zero demand; '
  'a series that cannot be forecast gives one row whose status says why, never an error. '
  'Method prophet also uses the dates (weekly and yearly seasonality) and the events: event_days and '
  'event_names (same length; past and planned holidays, feasts, promotions), each name with one effect per '
  'day of event_window {days before, days after} (0..30 each) learnt from the history; and regressors '
  '(price, a promotion flag): one row per period of the series and then of the horizon, one column per '
  'regressor (at most 16; a one-dimensional array is one regressor), each with one effect learnt from the '
  'history.';

CREATE FUNCTION stokkel.stk_regressor_effects(
  s stokkel.series, regressors double precision[],
  OUT regressor integer, OUT effect double precision, OUT relative_effect double precision)
RETURNS SETOF record
-- not STRICT: NULL arguments give no rows
LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 2
AS 'MODULE_PATHNAME', 'stk_regressor_effects_fn';
COMMENT ON FUNCTION stokkel.stk_regressor_effects(stokkel.series, double precision[]) IS
  'The effect of each regressor (price, a promotion flag: one row per period of the series, one column per '
  'regressor, as stk_forecast_series takes them) on demand, as method prophet learns it from the series: '
  'effect in units of demand per unit of the regressor, relative_effect that over the mean demand (with '
  'ln(price) as the regressor, an elasticity).  One row per regressor, numbered from 1.';

CREATE FUNCTION stokkel.stk_forecast_agg_trans(internal, date, double precision, integer, text)
RETURNS internal LANGUAGE C IMMUTABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_forecast_agg_trans';
CREATE FUNCTION stokkel.stk_forecast_agg_trans(internal, date, double precision, integer, text,
                                               text, double precision[])
RETURNS internal LANGUAGE C IMMUTABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_forecast_agg_trans';
CREATE FUNCTION stokkel.stk_forecast_agg_trans(internal, date, double precision, integer, text,
                                               text, double precision[], date[], text[], integer[])
RETURNS internal LANGUAGE C IMMUTABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_forecast_agg_trans';
-- stable: the day of a timestamptz depends on the TimeZone setting
CREATE FUNCTION stokkel.stk_forecast_agg_trans(internal, timestamptz, double precision, integer, text)
RETURNS internal LANGUAGE C STABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_forecast_agg_trans';
CREATE FUNCTION stokkel.stk_forecast_agg_trans(internal, timestamptz, double precision, integer, text,
                                               text, double precision[])
RETURNS internal LANGUAGE C STABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_forecast_agg_trans';
CREATE FUNCTION stokkel.stk_forecast_agg_trans(internal, timestamptz, double precision, integer, text,
                                               text, double precision[], date[], text[], integer[])
RETURNS internal LANGUAGE C STABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_forecast_agg_trans';
CREATE FUNCTION stokkel.stk_forecast_agg_combine(internal, internal)
RETURNS internal LANGUAGE C IMMUTABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_forecast_agg_combine';
CREATE FUNCTION stokkel.stk_forecast_agg_serialize(internal)
RETURNS bytea LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_forecast_agg_serialize';
CREATE FUNCTION stokkel.stk_forecast_agg_deserialize(bytea, internal)
RETURNS internal LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_forecast_agg_deserialize';
CREATE FUNCTION stokkel.stk_forecast_agg_final(internal)
RETURNS stokkel.forecast_step[] LANGUAGE C IMMUTABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_forecast_agg_final';

CREATE AGGREGATE stokkel.stk_forecast_agg(day date, qty double precision, horizon integer, freq text) (
  SFUNC = stokkel.stk_forecast_agg_trans, STYPE = internal, SSPACE = 8192,
  FINALFUNC = stokkel.stk_forecast_agg_final,
  COMBINEFUNC = stokkel.stk_forecast_agg_combine,
  SERIALFUNC = stokkel.stk_forecast_agg_serialize,
  DESERIALFUNC = stokkel.stk_forecast_agg_deserialize,
  PARALLEL = SAFE);
CREATE AGGREGATE stokkel.stk_forecast_agg(day date, qty double precision, horizon integer, freq text,
                                          method text, levels double precision[]) (
  SFUNC = stokkel.stk_forecast_agg_trans, STYPE = internal, SSPACE = 8192,
  FINALFUNC = stokkel.stk_forecast_agg_final,
  COMBINEFUNC = stokkel.stk_forecast_agg_combine,
  SERIALFUNC = stokkel.stk_forecast_agg_serialize,
  DESERIALFUNC = stokkel.stk_forecast_agg_deserialize,
  PARALLEL = SAFE);
CREATE AGGREGATE stokkel.stk_forecast_agg(at timestamptz, qty double precision, horizon integer, freq text) (
  SFUNC = stokkel.stk_forecast_agg_trans, STYPE = internal, SSPACE = 8192,
  FINALFUNC = stokkel.stk_forecast_agg_final,
  COMBINEFUNC = stokkel.stk_forecast_agg_combine,
  SERIALFUNC = stokkel.stk_forecast_agg_serialize,
  DESERIALFUNC = stokkel.stk_forecast_agg_deserialize,
  PARALLEL = SAFE);
CREATE AGGREGATE stokkel.stk_forecast_agg(at timestamptz, qty double precision, horizon integer, freq text,
                                          method text, levels double precision[]) (
  SFUNC = stokkel.stk_forecast_agg_trans, STYPE = internal, SSPACE = 8192,
  FINALFUNC = stokkel.stk_forecast_agg_final,
  COMBINEFUNC = stokkel.stk_forecast_agg_combine,
  SERIALFUNC = stokkel.stk_forecast_agg_serialize,
  DESERIALFUNC = stokkel.stk_forecast_agg_deserialize,
  PARALLEL = SAFE);
CREATE AGGREGATE stokkel.stk_forecast_agg(day date, qty double precision, horizon integer, freq text,
                                          method text, levels double precision[],
                                          event_days date[], event_names text[], event_window integer[]) (
  SFUNC = stokkel.stk_forecast_agg_trans, STYPE = internal, SSPACE = 8192,
  FINALFUNC = stokkel.stk_forecast_agg_final,
  COMBINEFUNC = stokkel.stk_forecast_agg_combine,
  SERIALFUNC = stokkel.stk_forecast_agg_serialize,
  DESERIALFUNC = stokkel.stk_forecast_agg_deserialize,
  PARALLEL = SAFE);
CREATE AGGREGATE stokkel.stk_forecast_agg(at timestamptz, qty double precision, horizon integer, freq text,
                                          method text, levels double precision[],
                                          event_days date[], event_names text[], event_window integer[]) (
  SFUNC = stokkel.stk_forecast_agg_trans, STYPE = internal, SSPACE = 8192,
  FINALFUNC = stokkel.stk_forecast_agg_final,
  COMBINEFUNC = stokkel.stk_forecast_agg_combine,
  SERIALFUNC = stokkel.stk_forecast_agg_serialize,
  DESERIALFUNC = stokkel.stk_forecast_agg_deserialize,
  PARALLEL = SAFE);
COMMENT ON AGGREGATE stokkel.stk_forecast_agg(date, double precision, integer, text) IS
  'Forecast each group horizon periods ahead from its (day, quantity) rows, with method auto: '
  'an array of stokkel.forecast_step (unnest it); missing periods are zero sales.';
COMMENT ON AGGREGATE stokkel.stk_forecast_agg(date, double precision, integer, text, text, double precision[]) IS
  'Forecast each group from its (day, quantity) rows with the given method and quantile levels.';
COMMENT ON AGGREGATE stokkel.stk_forecast_agg(timestamptz, double precision, integer, text) IS
  'Forecast each group from its (timestamp, quantity) rows, with method auto; days follow TimeZone.';
COMMENT ON AGGREGATE stokkel.stk_forecast_agg(timestamptz, double precision, integer, text, text, double precision[]) IS
  'Forecast each group from its (timestamp, quantity) rows with the given method and quantile levels.';
COMMENT ON AGGREGATE stokkel.stk_forecast_agg(date, double precision, integer, text, text, double precision[],
                                              date[], text[], integer[]) IS
  'Forecast each group from its (day, quantity) rows with the given method and levels and the events '
  '(event_days, event_names, event_window as stk_forecast_series takes them, the same on every row of a '
  'group, 22023 otherwise): methods prophet and auto use them.';
COMMENT ON AGGREGATE stokkel.stk_forecast_agg(timestamptz, double precision, integer, text, text, double precision[],
                                              date[], text[], integer[]) IS
  'Forecast each group from its (timestamp, quantity) rows with the given method and levels and the events '
  '(as the date form): methods prophet and auto use them.';

-- Demand classification (intermittent_fn.c).
CREATE FUNCTION stokkel.stk_demand_class(y double precision[])
RETURNS TABLE(class text, adi double precision, cv2 double precision,
              zero_share double precision, nonzero integer, n integer)
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1
AS 'MODULE_PATHNAME', 'stk_demand_class_fn';
COMMENT ON FUNCTION stokkel.stk_demand_class(double precision[]) IS
  'Syntetos-Boylan-Croston class of a demand series: smooth, erratic, intermittent or lumpy '
  '(cut-offs ADI 1.32, CV2 0.49; zero when there is no demand, then adi and cv2 are NULL), '
  'with the average inter-demand interval, the squared CV of the non-zero sizes, the share of zero periods '
  'and the counts.';
