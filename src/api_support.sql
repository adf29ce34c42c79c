-- What the api schema serves, as ordinary functions over a retail schema:
-- the tenant of the PostgREST token, product forecasts, KPIs as rows and
-- the forecast chart (SVG).

-- The tenant of the PostgREST token (request.jwt.claims ->> 'tenant_id').
CREATE FUNCTION stokkel.stk_jwt_tenant(schema_name text, required boolean DEFAULT false)
RETURNS text
-- restricted: the exception block needs a subtransaction, which a parallel
-- worker cannot start
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  claims text := pg_catalog.current_setting('request.jwt.claims', true);
  tenant text;
  known  boolean;
BEGIN
  IF schema_name IS NULL OR required IS NULL THEN
    RAISE EXCEPTION 'arguments of stk_jwt_tenant must not be null' USING ERRCODE = 'null_value_not_allowed';
  END IF;
  IF claims IS NOT NULL AND claims <> '' THEN
    BEGIN
      tenant := claims::json OPERATOR(pg_catalog.->>) 'tenant_id';
    EXCEPTION WHEN invalid_text_representation THEN
      RAISE EXCEPTION 'request.jwt.claims is not JSON' USING ERRCODE = 'invalid_authorization_specification';
    END;
  END IF;
  IF tenant IS NULL OR tenant = '' THEN
    IF required THEN
      RAISE EXCEPTION 'the token has no tenant_id claim'
        USING ERRCODE = 'invalid_authorization_specification',
              HINT = 'Sign a token with a tenant_id claim.';
    END IF;
    RETURN NULL;
  END IF;
  IF pg_catalog.to_regclass(pg_catalog.format('%I.tenants', schema_name)) IS NULL THEN
    RAISE EXCEPTION 'schema "%" has no retail table "tenants"', schema_name USING ERRCODE = 'undefined_table';
  END IF;
  -- row-level security shows the token's own tenant row only
  EXECUTE pg_catalog.format('SELECT EXISTS (SELECT 1 FROM %I.tenants t WHERE t.tenant_id OPERATOR(pg_catalog.=) $1)',
                            schema_name)
    INTO known USING tenant;
  IF NOT known THEN
    RAISE EXCEPTION 'the tenant "%" of the token does not exist', tenant
      USING ERRCODE = 'invalid_authorization_specification';
  END IF;
  RETURN tenant;
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_jwt_tenant(text, boolean) IS
  'The tenant_id claim of the PostgREST token (request.jwt.claims), checked against the tenants table of the '
  'retail schema: NULL without a claim (or 28000 when required), 28000 when the claim names a tenant that '
  'does not exist (or that row-level security hides) or the claims are not JSON.';

CREATE TYPE stokkel.product_forecast AS (
  product_id   bigint,
  sku          text,
  name         text,
  step         integer,           -- 1 .. horizon; NULL on a status row
  period_start date,
  point        double precision,
  p10          double precision,
  p50          double precision,
  p90          double precision,
  model        text,
  status       text               -- ok, or why the series could not be forecast
);
COMMENT ON TYPE stokkel.product_forecast IS
  'One forecast step of a product: period start, point forecast, P10/P50/P90, model and status.';

-- Demand series of a tenant's products (or one) over [history_start,
-- history_end], with stock-out and closed days masked.
CREATE FUNCTION stokkel.stk_product_series(
  schema_name   text,
  tenant        text,
  one_product   bigint,
  freq          text,
  history_start date,
  history_end   date)
RETURNS TABLE (product_id bigint, series stokkel.series)
LANGUAGE plpgsql STABLE PARALLEL SAFE SECURITY INVOKER ROWS 100
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  tz text;
BEGIN
  IF schema_name IS NULL OR tenant IS NULL OR freq IS NULL OR history_start IS NULL OR history_end IS NULL THEN
    RAISE EXCEPTION 'arguments of stk_product_series must not be null (except one_product)'
      USING ERRCODE = 'null_value_not_allowed';
  END IF;
  PERFORM stokkel.stk_check_period(history_start, history_end);
  tz := stokkel.stk_tenant_timezone(schema_name, tenant);
  RETURN QUERY EXECUTE pg_catalog.format($q$
    WITH d AS (    -- the tenant's first day of data: before it nothing is known
      SELECT (pg_catalog.min(s.sold_at) AT TIME ZONE $6)::date AS first_sale
        FROM %1$I.sales s WHERE s.tenant_id = $1),
    p AS (
      SELECT p.product_id,
             greatest($3, coalesce(p.launched_on, $3), least(coalesce(d.first_sale, $3), $4)) AS first_day
        FROM %1$I.products p, d
       WHERE p.tenant_id = $1 AND ($2 IS NULL OR p.product_id = $2)
         AND (p.launched_on IS NULL OR p.launched_on <= $4))
    SELECT x.product_id, stokkel.stk_series_agg(x.day, x.qty, $5, x.kind)
      FROM (SELECT s.product_id, (s.sold_at AT TIME ZONE $6)::date AS day, s.quantity::float8 AS qty,
                   'sale' AS kind
              FROM %1$I.sales s JOIN p ON p.product_id = s.product_id
             WHERE s.tenant_id = $1 AND s.sold_at >= ($3::timestamp AT TIME ZONE $6)
               AND s.sold_at < (($4 + 1)::timestamp AT TIME ZONE $6)
            UNION ALL    -- pin both ends: days without sales are zero demand
            SELECT p.product_id, p.first_day, 0, 'sale' FROM p
            UNION ALL
            SELECT p.product_id, $4, 0, 'sale' FROM p
            UNION ALL
            SELECT o.product_id, o.day, NULL, 'stockout'
              FROM %1$I.stockouts o JOIN p ON p.product_id = o.product_id
             WHERE o.tenant_id = $1 AND o.day BETWEEN p.first_day AND $4
            UNION ALL
            SELECT p.product_id, c.day, NULL, 'closed'
              FROM %1$I.closed_days c, p
             WHERE c.tenant_id = $1 AND c.day BETWEEN p.first_day AND $4) x
     GROUP BY x.product_id
     ORDER BY x.product_id
  $q$, schema_name)
  USING tenant, one_product, history_start, history_end, freq, tz;
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_product_series(text, text, bigint, text, date, date) IS
  'Demand series (stk_series_agg) of the products of a tenant of a retail schema over '
  'the local days history_start..history_end (of one product when one_product is not NULL) at freq day, week or month: net sales per period, zero when none '
  '(from the latest of history_start, the launch day and the tenant''s first recorded sale: before it there are '
  'no data, not zero sales), stock-out days and closed days masked.';

-- The daily (weekly, monthly) demand series of a tenant's products, with
-- their sku and name, over the history_days before as_of (default: the
-- tenant's last sale day): what a backtest or an explanation of the api
-- looks at, the same series the api's forecast uses.
CREATE FUNCTION stokkel.stk_product_history(
  schema_name  text,
  tenant       text,
  one_product  bigint DEFAULT NULL,
  freq         text DEFAULT 'day',
  history_days integer DEFAULT 365,
  as_of        date DEFAULT NULL)
RETURNS TABLE (product_id bigint, sku text, name text, series stokkel.series)
LANGUAGE plpgsql STABLE PARALLEL SAFE SECURITY INVOKER ROWS 100
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  last_day date := as_of;
  tz text;
BEGIN
  IF schema_name IS NULL OR tenant IS NULL OR freq IS NULL OR history_days IS NULL THEN
    RAISE EXCEPTION 'arguments of stk_product_history must not be null (except one_product and as_of)'
      USING ERRCODE = 'null_value_not_allowed';
  END IF;
  IF history_days < 1 OR history_days > 3660 THEN
    RAISE EXCEPTION 'history_days must be between 1 and 3660' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  tz := stokkel.stk_tenant_timezone(schema_name, tenant);
  IF last_day IS NULL THEN
    EXECUTE pg_catalog.format('SELECT (pg_catalog.max(s.sold_at) AT TIME ZONE $2)::date FROM %I.sales s '
                              'WHERE s.tenant_id OPERATOR(pg_catalog.=) $1', schema_name)
      INTO last_day USING tenant, tz;
    IF last_day IS NULL THEN
      RETURN;
    END IF;
  END IF;
  RETURN QUERY EXECUTE pg_catalog.format($q$
    SELECT ps.product_id, p.sku, p.name, ps.series
      FROM stokkel.stk_product_series($1, $2, $3, $4, $5, $6) ps
      JOIN %I.products p ON p.tenant_id OPERATOR(pg_catalog.=) $2 AND p.product_id OPERATOR(pg_catalog.=) ps.product_id
     ORDER BY ps.product_id$q$, schema_name)
    USING schema_name, tenant, one_product, freq, last_day - (history_days - 1), last_day;
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_product_history(text, text, bigint, text, integer, date) IS
  'The demand series (stk_product_series: stock-out and closed days masked) of the products of a tenant of a '
  'retail schema, or of one (one_product), with sku and name, over the history_days (1..3660, else 22023) before as_of '
  '(default: the day of the tenant''s last sale; no sale: no rows).';

-- The events calendar of a tenant (past and planned feasts, promotions) as
-- the arrays the forecasts take, for the methods that use it.
CREATE FUNCTION stokkel.stk_tenant_events(
  schema_name text, tenant text, method text DEFAULT 'auto',
  OUT days date[], OUT names text[])
LANGUAGE plpgsql STABLE PARALLEL SAFE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
  IF schema_name IS NULL OR tenant IS NULL OR method IS NULL THEN
    RAISE EXCEPTION 'arguments of stk_tenant_events must not be null'
      USING ERRCODE = 'null_value_not_allowed';
  END IF;
  IF pg_catalog.to_regclass(pg_catalog.format('%I.events', schema_name)) IS NULL THEN
    RAISE EXCEPTION 'schema "%" has no retail table "events"', schema_name
      USING ERRCODE = 'undefined_table';
  END IF;
  IF method OPERATOR(pg_catalog.<>) ALL ('{auto,prophet}'::text[]) THEN
    RETURN;
  END IF;
  EXECUTE pg_catalog.format(
    'SELECT pg_catalog.array_agg(e.day ORDER BY e.day, e.name), pg_catalog.array_agg(e.name ORDER BY e.day, e.name)
       FROM %I.events e WHERE e.tenant_id OPERATOR(pg_catalog.=) $1', schema_name)
    INTO days, names USING tenant;
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_tenant_events(text, text, text) IS
  'The events (days and names, in day order) of a tenant of a retail schema, as stk_forecast_series and '
  'stk_backtest_series take them; NULLs for a method that does not use them (all but auto and prophet) or a '
  'tenant without events.  No events table: 42P01.';

-- The price of a product as a regressor of method prophet, per period of
-- its series: ln of the average selling price (revenue over units of the
-- period's sales; returns and lines priced at 0 or less left out), carried
-- forward over periods without such a sale and back over those before the
-- first; then ln of the list price (products.unit_price; the last average
-- when the list price is 0) for the horizon.  Sales are read up to the end
-- of the series, and at most up to last_day (the as_of of a forecast), in
-- the tenant's time zone, with bounds computed here so that the scan of the
-- sales index keeps them under row-level security.
CREATE FUNCTION stokkel.stk_product_price_regressor(
  schema_name text, tenant text, product_id bigint, s stokkel.series, horizon integer,
  last_day date DEFAULT NULL)
RETURNS double precision[]
LANGUAGE plpgsql STABLE PARALLEL SAFE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  n       integer := pg_catalog.cardinality((s).demand);
  first   date := (s).start_date;
  tz      text;
  hist_end date;
  period_expr text;
  list_price numeric;
  found_product boolean;
  avg_price double precision[];
  x       double precision[];
  last    double precision;
  k       integer;
  rec     record;
BEGIN
  IF schema_name IS NULL OR tenant IS NULL OR product_id IS NULL OR s IS NULL OR horizon IS NULL THEN
    RAISE EXCEPTION 'arguments of stk_product_price_regressor must not be null (except last_day)'
      USING ERRCODE = 'null_value_not_allowed';
  END IF;
  IF (s).freq IS NULL OR (s).freq <> ALL (ARRAY['day', 'week', 'month']) OR first IS NULL
     OR NOT pg_catalog.isfinite(first) OR n IS NULL THEN
    RAISE EXCEPTION 'the series must have a freq of day, week or month, a finite start_date and a demand array'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF horizon < 0 THEN
    RAISE EXCEPTION 'horizon must not be negative' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF horizon > 3660 THEN
    RAISE EXCEPTION 'horizon must be at most 3660 periods' USING ERRCODE = 'program_limit_exceeded';
  END IF;
  IF pg_catalog.to_regclass(pg_catalog.format('%I.sales', schema_name)) IS NULL THEN
    RAISE EXCEPTION 'schema "%" has no retail table "sales"', schema_name USING ERRCODE = 'undefined_table';
  END IF;
  EXECUTE pg_catalog.format('SELECT true, p.unit_price FROM %I.products p
                              WHERE p.tenant_id OPERATOR(pg_catalog.=) $1 AND p.product_id OPERATOR(pg_catalog.=) $2',
                            schema_name)
    INTO found_product, list_price USING tenant, product_id;
  IF found_product IS NULL THEN
    RAISE EXCEPTION 'unknown product % of tenant "%"', product_id, tenant
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  tz := stokkel.stk_tenant_timezone(schema_name, tenant);
  hist_end := CASE (s).freq WHEN 'day' THEN first + n
                            WHEN 'week' THEN first + 7 * n
                            ELSE (first + pg_catalog.make_interval(months => n))::date END;
  IF last_day IS NOT NULL AND last_day + 1 < hist_end THEN
    hist_end := last_day + 1;
  END IF;
  -- a sale's period: its local day's distance from the first period
  period_expr := CASE (s).freq
    WHEN 'day' THEN '(d OPERATOR(pg_catalog.-) $5)'
    WHEN 'week' THEN '((d OPERATOR(pg_catalog.-) $5) OPERATOR(pg_catalog./) 7)'
    ELSE '((pg_catalog.date_part(''year'', d)::integer OPERATOR(pg_catalog.*) 12
             OPERATOR(pg_catalog.+) pg_catalog.date_part(''month'', d)::integer)
           OPERATOR(pg_catalog.-) (pg_catalog.date_part(''year'', $5)::integer OPERATOR(pg_catalog.*) 12
             OPERATOR(pg_catalog.+) pg_catalog.date_part(''month'', $5)::integer))' END;
  avg_price := pg_catalog.array_fill(NULL::double precision, ARRAY[GREATEST(n, 1)]);
  FOR rec IN EXECUTE pg_catalog.format($q$
      SELECT %2$s AS k,
             (pg_catalog.sum(sa.quantity OPERATOR(pg_catalog.*) sa.unit_price)
                OPERATOR(pg_catalog./) pg_catalog.sum(sa.quantity))::double precision AS price
        FROM (SELECT (sa.sold_at AT TIME ZONE $6)::date AS d, sa.quantity, sa.unit_price
                FROM %1$I.sales sa
               WHERE sa.tenant_id OPERATOR(pg_catalog.=) $1 AND sa.product_id OPERATOR(pg_catalog.=) $2
                 AND sa.sold_at OPERATOR(pg_catalog.>=) $3 AND sa.sold_at OPERATOR(pg_catalog.<) $4
                 AND sa.quantity OPERATOR(pg_catalog.>) 0 AND sa.unit_price OPERATOR(pg_catalog.>) 0) sa
       GROUP BY 1$q$, schema_name, period_expr)
    USING tenant, product_id, first::timestamp AT TIME ZONE tz, hist_end::timestamp AT TIME ZONE tz, first, tz
  LOOP
    IF rec.k >= 0 AND rec.k < n THEN
      avg_price[rec.k + 1] := rec.price;
    END IF;
  END LOOP;
  -- carried forward, then back over the periods before the first price
  FOR k IN 1 .. n LOOP
    IF avg_price[k] IS NULL THEN
      avg_price[k] := last;
    ELSE
      last := avg_price[k];
    END IF;
  END LOOP;
  IF last IS NULL AND coalesce(list_price, 0) <= 0 THEN
    RETURN NULL;                -- no price known: no regressor
  END IF;
  last := NULL;
  FOR k IN REVERSE n .. 1 LOOP
    IF avg_price[k] IS NULL THEN
      avg_price[k] := coalesce(last, list_price::double precision);
    ELSE
      last := avg_price[k];
    END IF;
  END LOOP;
  x := pg_catalog.array_fill(NULL::double precision, ARRAY[n + horizon]);
  FOR k IN 1 .. n LOOP
    x[k] := pg_catalog.ln(avg_price[k]);
  END LOOP;
  FOR k IN 1 .. horizon LOOP
    x[n + k] := pg_catalog.ln(CASE WHEN list_price > 0 THEN list_price::double precision ELSE avg_price[n] END);
  END LOOP;
  RETURN x;
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_product_price_regressor(text, text, bigint, stokkel.series, integer, date) IS
  'The price of a product of a tenant of a retail schema as a regressor for stk_forecast_series (method prophet): '
  'for each period of the series s, ln of the average selling price of its sales (returns and prices of 0 or '
  'less left out; in the tenant''s time zone, up to last_day), carried forward over periods without a sale and '
  'back before the first; then ln of the list price (the last average when it is 0) for horizon periods.  NULL '
  'when no price is known.  22023 unknown product or a series without freq day/week/month and a finite '
  'start_date; 54000 over 3660 horizon periods.';

CREATE FUNCTION stokkel.stk_check_price_effect(method text, price_effect boolean)
RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
  IF method IS NULL OR price_effect IS NULL THEN
    RAISE EXCEPTION 'method and price_effect must not be null' USING ERRCODE = 'null_value_not_allowed';
  END IF;
  IF price_effect AND method OPERATOR(pg_catalog.<>) 'prophet' THEN
    RAISE EXCEPTION 'price_effect needs method prophet'
      USING ERRCODE = 'invalid_parameter_value', HINT = 'Pass method => ''prophet''.';
  END IF;
  RETURN true;
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_check_price_effect(text, boolean) IS
  'true, or an error: 22004 for a NULL, 22023 for price_effect with a method other than prophet (the one '
  'that takes regressors).  The check of stk_product_forecast and the api''s forecast, backtest and chart.';

CREATE FUNCTION stokkel.stk_product_forecast(
  schema_name  text,
  tenant       text,
  product_id   bigint DEFAULT NULL,
  horizon      integer DEFAULT 28,
  freq         text DEFAULT 'day',
  method       text DEFAULT 'auto',
  history_days integer DEFAULT 365,
  as_of        date DEFAULT NULL,
  price_effect boolean DEFAULT false)
RETURNS SETOF stokkel.product_forecast
LANGUAGE plpgsql STABLE PARALLEL SAFE SECURITY INVOKER ROWS 28
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
  IF horizon IS NULL OR method IS NULL OR price_effect IS NULL THEN
    RAISE EXCEPTION 'arguments of stk_product_forecast must not be null (except product_id and as_of)'
      USING ERRCODE = 'null_value_not_allowed';
  END IF;
  PERFORM stokkel.stk_check_price_effect(method, price_effect);
  -- the other arguments are checked by stk_product_history
  RETURN QUERY
    SELECT h.product_id, h.sku, h.name, f.step, f.period_start, f.point, f.p10, f.p50, f.p90, f.model, f.status
      FROM stokkel.stk_tenant_events(schema_name, tenant, method) ev,
           stokkel.stk_product_history(schema_name, tenant, stk_product_forecast.product_id, freq,
                                       history_days, as_of) h
      CROSS JOIN LATERAL stokkel.stk_forecast_series(h.series, horizon, NULL, method, '{0.1,0.5,0.9}',
                           ev.days, ev.names,
                           regressors => CASE WHEN price_effect THEN
                             stokkel.stk_product_price_regressor(schema_name, tenant, h.product_id, h.series,
                                                                 horizon, as_of) END) f
     ORDER BY h.product_id, f.step NULLS FIRST;
END
$fn$;

COMMENT ON FUNCTION stokkel.stk_product_forecast(text, text, bigint, integer, text, text, integer, date, boolean) IS
  'Forecast of the products of a tenant of a retail schema (or of one, product_id): the demand series of the '
  'history_days before as_of (default: the day of the tenant''s last sale) at freq, with stock-out and closed '
  'days masked, forecast horizon periods ahead with method (see stk_forecast_series; auto and prophet also '
  'learn the effects of the tenant''s events table); with price_effect (method prophet only, else 22023) the '
  'price is a regressor (stk_product_price_regressor: the average selling prices of the history, the list price '
  'ahead). '
  'A product whose series cannot be forecast gets one status row.';

CREATE TYPE stokkel.kpi_value AS (
  kpi    text,     -- name; nested comparisons as previous_period.revenue
  value  numeric,  -- the number, NULL when not a number or unknown
  note   text      -- the value when it is text (currency, dates)
);
COMMENT ON TYPE stokkel.kpi_value IS
  'One dashboard KPI as a row: its name, its value when a number, else its text.';

CREATE FUNCTION stokkel.stk_kpi_rows(kpis jsonb)
RETURNS SETOF stokkel.kpi_value
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE ROWS 50
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
  IF pg_catalog.jsonb_typeof(kpis) OPERATOR(pg_catalog.<>) 'object' THEN
    RAISE EXCEPTION 'kpis must be a JSON object (as stk_dashboard_kpis returns), not %',
                    pg_catalog.jsonb_typeof(kpis)
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  RETURN QUERY
  WITH RECURSIVE t(kpi, v, o) AS (
    SELECT e.key, e.value, ARRAY[e.o]
      FROM pg_catalog.jsonb_each(kpis) WITH ORDINALITY AS e(key, value, o)
    UNION ALL
    SELECT t.kpi || '.' || e.key, e.value, t.o || e.o
      FROM t, pg_catalog.jsonb_each(t.v) WITH ORDINALITY AS e(key, value, o)
     WHERE pg_catalog.jsonb_typeof(t.v) = 'object')
  SELECT t.kpi,
         CASE WHEN pg_catalog.jsonb_typeof(t.v) = 'number' THEN (t.v OPERATOR(pg_catalog.#>>) '{}')::numeric END,
         CASE WHEN pg_catalog.jsonb_typeof(t.v) = 'string' THEN t.v OPERATOR(pg_catalog.#>>) '{}' END
    FROM t
   WHERE pg_catalog.jsonb_typeof(t.v) <> 'object'
   ORDER BY t.o;
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_kpi_rows(jsonb) IS
  'The KPIs of stk_dashboard_kpis as rows (kpi, value, note), nested objects flattened to parent.child names.';

-- The chart: SVG built with PostgreSQL's XML functions, so that it is
-- well-formed by construction and every text is escaped.
CREATE FUNCTION stokkel.stk_forecast_svg(
  schema_name  text,
  tenant       text,
  product_id   bigint,
  horizon      integer DEFAULT 28,
  freq         text DEFAULT 'day',
  history_days integer DEFAULT 120,
  method       text DEFAULT 'auto',
  price_effect boolean DEFAULT false)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  w  constant integer := 800;
  h  constant integer := 360;
  l  constant integer := 60;    -- margins
  r  constant integer := 20;
  t  constant integer := 50;
  b  constant integer := 50;
  label record;
  last_day date;
  tz text;
  nh integer;
  nf integer;
  ymax float8;
  svg xml;
  hy float8[];
  hd date[];
  f10 float8[];
  f50 float8[];
  f90 float8[];
  fd date[];
  mag float8;
  step float8;
BEGIN
  IF schema_name IS NULL OR tenant IS NULL OR product_id IS NULL OR horizon IS NULL OR freq IS NULL
     OR history_days IS NULL OR method IS NULL OR price_effect IS NULL THEN
    RAISE EXCEPTION 'arguments of stk_forecast_svg must not be null' USING ERRCODE = 'null_value_not_allowed';
  END IF;
  IF history_days < 7 OR history_days > 3660 THEN
    RAISE EXCEPTION 'history_days must be between 7 and 3660' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  -- checks the schema first
  tz := stokkel.stk_tenant_timezone(schema_name, tenant);
  -- characters XML 1.0 cannot hold (controls, U+FFFE, U+FFFF) dropped from
  -- the labels: xmlelement() would write them and the SVG would not parse
  EXECUTE pg_catalog.format(
    $q$SELECT pg_catalog.regexp_replace(p.sku, '[\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]', '', 'g') AS sku,
              pg_catalog.regexp_replace(p.name, '[\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]', '', 'g') AS name
         FROM %I.products p WHERE p.tenant_id OPERATOR(pg_catalog.=) $1
          AND p.product_id OPERATOR(pg_catalog.=) $2$q$, schema_name)
    INTO label USING tenant, product_id;
  IF label.sku IS NULL THEN
    RAISE EXCEPTION 'unknown product_id %', product_id USING ERRCODE = 'invalid_parameter_value';
  END IF;
  EXECUTE pg_catalog.format('SELECT (pg_catalog.max(s.sold_at) AT TIME ZONE $2)::date FROM %I.sales s '
                            'WHERE s.tenant_id OPERATOR(pg_catalog.=) $1', schema_name)
    INTO last_day USING tenant, tz;
  last_day := coalesce(last_day, CURRENT_DATE);

  SELECT pg_catalog.array_agg(e.demand ORDER BY e.period), pg_catalog.array_agg(e.period_start ORDER BY e.period)
    INTO hy, hd
    FROM stokkel.stk_product_series(schema_name, tenant, product_id, freq, last_day - (history_days - 1),
                                    last_day) ps,
         stokkel.stk_series_expand(ps.series) e;
  SELECT pg_catalog.array_agg(f.p10 ORDER BY f.step), pg_catalog.array_agg(f.p50 ORDER BY f.step),
         pg_catalog.array_agg(f.p90 ORDER BY f.step), pg_catalog.array_agg(f.period_start ORDER BY f.step)
    INTO f10, f50, f90, fd
    FROM stokkel.stk_product_forecast(schema_name, tenant, product_id, horizon, freq, method, history_days,
                                      last_day, price_effect) f
   WHERE f.step IS NOT NULL;
  nh := coalesce(pg_catalog.cardinality(hy), 0);
  nf := coalesce(pg_catalog.cardinality(f50), 0);
  -- the y axis: a round step (1, 2 or 5 times a power of ten), up to 5 ticks
  ymax := greatest((SELECT pg_catalog.max(v) FROM pg_catalog.unnest(hy) v),
                   (SELECT pg_catalog.max(v) FROM pg_catalog.unnest(f90) v), 1);
  mag := 10 ^ pg_catalog.floor(pg_catalog.log(ymax / 4));
  step := mag * CASE WHEN ymax / 4 / mag <= 1 THEN 1 WHEN ymax / 4 / mag <= 2 THEN 2
                     WHEN ymax / 4 / mag <= 5 THEN 5 ELSE 10 END;
  ymax := step * pg_catalog.ceil(ymax / step);

  WITH pts AS (
    SELECT c.*,
           l + c.x * (w - l - r)::float8 / greatest(nh + nf - 1, 1) AS px,
           (SELECT h - b - v * (h - t - b) / ymax FROM (VALUES (c.y)) AS z(v)) AS py,
           h - b - c.p10 * (h - t - b) / ymax AS py10,
           h - b - c.p50 * (h - t - b) / ymax AS py50,
           h - b - c.p90 * (h - t - b) / ymax AS py90
      FROM (SELECT i - 1 AS x, hd[i] AS period_start, hy[i] AS y, NULL::float8 AS p10, NULL::float8 AS p50,
                   NULL::float8 AS p90, false AS forecast
              FROM pg_catalog.generate_subscripts(hy, 1) i
            UNION ALL
            SELECT nh + i - 1, fd[i], NULL, f10[i], f50[i], f90[i], true
              FROM pg_catalog.generate_subscripts(f50, 1) i) c),
  ticks AS (
    SELECT k, step * k AS v, h - b - (step * k) * (h - t - b) / ymax AS py
      FROM pg_catalog.generate_series(0, pg_catalog.round(ymax / step)::integer) k)
  SELECT xmlelement(name svg,
           xmlattributes('http://www.w3.org/2000/svg' AS xmlns, w AS width, h AS height,
                         pg_catalog.format('0 0 %s %s', w, h) AS "viewBox",
                         'sans-serif' AS "font-family", 12 AS "font-size"),
           xmlelement(name title, pg_catalog.format('%s %s: history and forecast (P10-P90)', label.sku, label.name)),
           xmlelement(name rect, xmlattributes(0 AS x, 0 AS y, w AS width, h AS height, 'white' AS fill)),
           xmlelement(name text, xmlattributes(l AS x, 24 AS y, 15 AS "font-size", 'bold' AS "font-weight"),
                      pg_catalog.format('%s - %s', label.sku, label.name)),
           (SELECT xmlagg(xmlconcat(
                     xmlelement(name line, xmlattributes(l AS x1, w - r AS x2, pg_catalog.round(ticks.py::numeric, 1) AS y1,
                                                         pg_catalog.round(ticks.py::numeric, 1) AS y2,
                                                         '#dddddd' AS stroke)),
                     xmlelement(name text, xmlattributes(l - 6 AS x, pg_catalog.round(ticks.py::numeric + 4, 1) AS y,
                                                         'end' AS "text-anchor"),
                                pg_catalog.round(ticks.v::numeric, greatest(0, - pg_catalog.log(step)::integer))))
                   ORDER BY ticks.k) FROM ticks),
           (SELECT xmlelement(name polygon,
                     xmlattributes(pg_catalog.string_agg(pg_catalog.format('%s,%s', pg_catalog.round(q.px::numeric, 1),
                                                                           pg_catalog.round(q.py::numeric, 1)),
                                                         ' ' ORDER BY q.o) AS points,
                                   '#9ecae1' AS fill, 0.6 AS "fill-opacity", 'none' AS stroke))
              FROM (SELECT px, py90 AS py, x AS o FROM pts WHERE forecast
                    UNION ALL SELECT px, py10, 1000000 - x FROM pts WHERE forecast) q
             HAVING pg_catalog.count(*) > 0),
           (SELECT xmlelement(name polyline,
                     xmlattributes(pg_catalog.string_agg(pg_catalog.format('%s,%s', pg_catalog.round(px::numeric, 1),
                                                                           pg_catalog.round(py::numeric, 1)),
                                                         ' ' ORDER BY x) AS points,
                                   'none' AS fill, '#333333' AS stroke, 1.5 AS "stroke-width"))
              FROM pts WHERE NOT forecast HAVING pg_catalog.count(*) > 0),
           (SELECT xmlelement(name polyline,
                     xmlattributes(pg_catalog.string_agg(pg_catalog.format('%s,%s', pg_catalog.round(px::numeric, 1),
                                                                           pg_catalog.round(py50::numeric, 1)),
                                                         ' ' ORDER BY x) AS points,
                                   'none' AS fill, '#08519c' AS stroke, 2 AS "stroke-width",
                                   '6 3' AS "stroke-dasharray"))
              FROM pts WHERE forecast HAVING pg_catalog.count(*) > 0),
           xmlelement(name line, xmlattributes(l AS x1, w - r AS x2, h - b AS y1, h - b AS y2, '#333333' AS stroke)),
           (SELECT xmlagg(xmlelement(name text,
                            xmlattributes(pg_catalog.round(px::numeric, 1) AS x, h - b + 18 AS y,
                                          CASE WHEN x = 0 THEN 'start' WHEN x = nh + nf - 1 THEN 'end'
                                               ELSE 'middle' END AS "text-anchor"),
                            pg_catalog.to_char(period_start, 'YYYY-MM-DD')) ORDER BY x)
              FROM pts WHERE x = 0 OR x = nh - 1 OR x = nh + nf - 1),
           xmlelement(name rect, xmlattributes(l AS x, h - 22 AS y, 14 AS width, 10 AS height, '#9ecae1' AS fill)),
           xmlelement(name text, xmlattributes(l + 20 AS x, h - 13 AS y), 'P10-P90'),
           xmlelement(name line, xmlattributes(l + 90 AS x1, l + 110 AS x2, h - 17 AS y1, h - 17 AS y2,
                                               '#08519c' AS stroke, 2 AS "stroke-width")),
           xmlelement(name text, xmlattributes(l + 116 AS x, h - 13 AS y), 'P50'),
           xmlelement(name line, xmlattributes(l + 160 AS x1, l + 180 AS x2, h - 17 AS y1, h - 17 AS y2,
                                               '#333333' AS stroke, 1.5 AS "stroke-width")),
           xmlelement(name text, xmlattributes(l + 186 AS x, h - 13 AS y),
                      pg_catalog.format('sales per %s', freq)))
    INTO svg;
  RETURN svg::text;
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_forecast_svg(text, text, bigint, integer, text, integer, text, boolean) IS
  'An SVG chart (800 x 360) of a product of a tenant of a retail schema: its sales per period over the last '
  'history_days up to its last sale day, and the forecast of the next horizon periods (stk_product_forecast '
  'with method and price_effect) as a P10-P90 band with the P50 line.  Well-formed XML by construction '
  '(PostgreSQL''s XML functions).  22023 for an unknown product, or price_effect without method prophet.';
