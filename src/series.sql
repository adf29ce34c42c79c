-- Regular demand series built from sales rows (series_agg.c, series_fn.c).

CREATE TYPE stokkel.series AS (
  freq        text,               -- 'day', 'week' or 'month'
  start_date  date,               -- first day of the first period
  demand      double precision[], -- units sold per period; missing periods are 0
  returns     double precision[], -- units returned per period, kept apart
  closed      boolean[],          -- shop closed: no demand could be observed
  stockout    boolean[],          -- out of stock: sales understate demand
  n_rows      bigint              -- input rows that built the series
);
COMMENT ON TYPE stokkel.series IS
  'A regular demand series: one element per day, ISO week or month from start_date, '
  'with returns and closed/stock-out masks kept apart from demand.';

-- Aggregate support.  The transition function is STABLE for the timestamptz
-- forms (the day of a timestamptz depends on the TimeZone setting) and
-- IMMUTABLE for dates.
CREATE FUNCTION stokkel.stk_series_agg_trans(internal, date, double precision)
RETURNS internal LANGUAGE C IMMUTABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_series_agg_trans';
CREATE FUNCTION stokkel.stk_series_agg_trans(internal, date, double precision, text)
RETURNS internal LANGUAGE C IMMUTABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_series_agg_trans';
CREATE FUNCTION stokkel.stk_series_agg_trans(internal, date, double precision, text, text)
RETURNS internal LANGUAGE C IMMUTABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_series_agg_trans';
CREATE FUNCTION stokkel.stk_series_agg_trans(internal, timestamptz, double precision)
RETURNS internal LANGUAGE C STABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_series_agg_trans';
CREATE FUNCTION stokkel.stk_series_agg_trans(internal, timestamptz, double precision, text)
RETURNS internal LANGUAGE C STABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_series_agg_trans';
CREATE FUNCTION stokkel.stk_series_agg_trans(internal, timestamptz, double precision, text, text)
RETURNS internal LANGUAGE C STABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_series_agg_trans';

CREATE FUNCTION stokkel.stk_series_agg_combine(internal, internal)
RETURNS internal LANGUAGE C IMMUTABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_series_agg_combine';
CREATE FUNCTION stokkel.stk_series_agg_serialize(internal)
RETURNS bytea LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_series_agg_serialize';
CREATE FUNCTION stokkel.stk_series_agg_deserialize(bytea, internal)
RETURNS internal LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_series_agg_deserialize';
CREATE FUNCTION stokkel.stk_series_agg_final(internal)
RETURNS stokkel.series LANGUAGE C IMMUTABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_series_agg_final';

CREATE AGGREGATE stokkel.stk_series_agg(day date, qty double precision) (
  SFUNC = stokkel.stk_series_agg_trans, STYPE = internal, SSPACE = 8192,
  FINALFUNC = stokkel.stk_series_agg_final,
  COMBINEFUNC = stokkel.stk_series_agg_combine,
  SERIALFUNC = stokkel.stk_series_agg_serialize,
  DESERIALFUNC = stokkel.stk_series_agg_deserialize,
  PARALLEL = SAFE);
CREATE AGGREGATE stokkel.stk_series_agg(day date, qty double precision, freq text) (
  SFUNC = stokkel.stk_series_agg_trans, STYPE = internal, SSPACE = 8192,
  FINALFUNC = stokkel.stk_series_agg_final,
  COMBINEFUNC = stokkel.stk_series_agg_combine,
  SERIALFUNC = stokkel.stk_series_agg_serialize,
  DESERIALFUNC = stokkel.stk_series_agg_deserialize,
  PARALLEL = SAFE);
CREATE AGGREGATE stokkel.stk_series_agg(day date, qty double precision, freq text, kind text) (
  SFUNC = stokkel.stk_series_agg_trans, STYPE = internal, SSPACE = 8192,
  FINALFUNC = stokkel.stk_series_agg_final,
  COMBINEFUNC = stokkel.stk_series_agg_combine,
  SERIALFUNC = stokkel.stk_series_agg_serialize,
  DESERIALFUNC = stokkel.stk_series_agg_deserialize,
  PARALLEL = SAFE);
CREATE AGGREGATE stokkel.stk_series_agg(at timestamptz, qty double precision) (
  SFUNC = stokkel.stk_series_agg_trans, STYPE = internal, SSPACE = 8192,
  FINALFUNC = stokkel.stk_series_agg_final,
  COMBINEFUNC = stokkel.stk_series_agg_combine,
  SERIALFUNC = stokkel.stk_series_agg_serialize,
  DESERIALFUNC = stokkel.stk_series_agg_deserialize,
  PARALLEL = SAFE);
CREATE AGGREGATE stokkel.stk_series_agg(at timestamptz, qty double precision, freq text) (
  SFUNC = stokkel.stk_series_agg_trans, STYPE = internal, SSPACE = 8192,
  FINALFUNC = stokkel.stk_series_agg_final,
  COMBINEFUNC = stokkel.stk_series_agg_combine,
  SERIALFUNC = stokkel.stk_series_agg_serialize,
  DESERIALFUNC = stokkel.stk_series_agg_deserialize,
  PARALLEL = SAFE);
CREATE AGGREGATE stokkel.stk_series_agg(at timestamptz, qty double precision, freq text, kind text) (
  SFUNC = stokkel.stk_series_agg_trans, STYPE = internal, SSPACE = 8192,
  FINALFUNC = stokkel.stk_series_agg_final,
  COMBINEFUNC = stokkel.stk_series_agg_combine,
  SERIALFUNC = stokkel.stk_series_agg_serialize,
  DESERIALFUNC = stokkel.stk_series_agg_deserialize,
  PARALLEL = SAFE);

COMMENT ON AGGREGATE stokkel.stk_series_agg(date, double precision) IS
  'Daily demand series of a group from (day, quantity) rows; missing days are zero sales, negative quantities are returns.';
COMMENT ON AGGREGATE stokkel.stk_series_agg(date, double precision, text) IS
  'Demand series of a group at frequency freq (day, week or month) from (day, quantity) rows.';
COMMENT ON AGGREGATE stokkel.stk_series_agg(date, double precision, text, text) IS
  'Demand series from (day, quantity, freq, kind) rows; kind is sale (default), return, closed or stockout.';
COMMENT ON AGGREGATE stokkel.stk_series_agg(timestamptz, double precision) IS
  'Daily demand series from (timestamp, quantity) rows; days follow the TimeZone setting.';
COMMENT ON AGGREGATE stokkel.stk_series_agg(timestamptz, double precision, text) IS
  'Demand series at frequency freq from (timestamp, quantity) rows; periods follow the TimeZone setting.';
COMMENT ON AGGREGATE stokkel.stk_series_agg(timestamptz, double precision, text, text) IS
  'Demand series from (timestamp, quantity, freq, kind) rows; kind is sale, return, closed or stockout.';

CREATE FUNCTION stokkel.stk_series(days date[], quantities double precision[],
                                   freq text DEFAULT 'day')
RETURNS stokkel.series LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_series_from_arrays';
COMMENT ON FUNCTION stokkel.stk_series(date[], double precision[], text) IS
  'Demand series from parallel arrays of ascending days and quantities.';

CREATE FUNCTION stokkel.stk_series(days date[], quantities double precision[],
                                   freq text, kinds text[])
RETURNS stokkel.series LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_series_from_arrays';
COMMENT ON FUNCTION stokkel.stk_series(date[], double precision[], text, text[]) IS
  'Demand series from parallel arrays of ascending days, quantities and row kinds (sale, return, closed, stockout).';

CREATE FUNCTION stokkel.stk_series_expand(s stokkel.series,
  OUT period integer, OUT period_start date, OUT demand double precision,
  OUT returns double precision, OUT closed boolean, OUT stockout boolean)
RETURNS SETOF record LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 730
AS 'MODULE_PATHNAME', 'stk_series_expand';
COMMENT ON FUNCTION stokkel.stk_series_expand(stokkel.series) IS
  'One row per period of a series: its number, first day, demand, returns and masks.';

CREATE FUNCTION stokkel.stk_series_model_demand(s stokkel.series)
RETURNS double precision[] LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_series_model_demand';
COMMENT ON FUNCTION stokkel.stk_series_model_demand(stokkel.series) IS
  'The demand the forecasts model, per period: the observed demand, except on closed and stock-out periods, '
  'where it is the larger of what sold and the mean of the last season of unmasked periods.';

CREATE FUNCTION stokkel.stk_series_state(s stokkel.series)
RETURNS bytea LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_series_state';
COMMENT ON FUNCTION stokkel.stk_series_state(stokkel.series) IS
  'The serialised partial state of stk_series_agg holding this series.';

CREATE FUNCTION stokkel.stk_series_from_state(state bytea)
RETURNS stokkel.series LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_series_from_state';
COMMENT ON FUNCTION stokkel.stk_series_from_state(bytea) IS
  'Decode a serialised stk_series_agg state (validated like the aggregate''s own deserialiser).';
