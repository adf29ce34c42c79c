-- Forecast state per product and the alert triggers.
--
-- stk_attach_alerts() puts statement-level AFTER INSERT triggers (with
-- transition tables: one pass per statement, never per row) on a sales
-- table and, optionally, a stock table: the retail schema's or the
-- caller's own, whose column names it takes as arguments.  Next to them it
-- keeps, in the sales table's schema:
--
--   stk_forecast_state   per (tenant, product): the model, its parameters,
--                        its state after the last closed day (a float8
--                        array, core/fstate.h), the open day's running total
--                        and band, the last alert day per kind;
--   stk_customer_state   per (tenant, customer): first and last purchase
--                        day and the number of purchase days;
--   stk_alert_checks     per tenant: the last day the absence checks
--                        (phantom stock, churn) ran;
--   stk_alert_errors     alert evaluations that failed (the insert went on), with
--                        the tenants of the statement's rows.
--
-- A sales statement folds its rows, per product and day, into the state in
-- O(1) per day (stk_fstate_step) with INSERT ... ON CONFLICT DO UPDATE
-- over the products in (tenant, product) order.  A first pass only adds to
-- the open day's running total of the products that stay within its band
-- (most of them, most of the time) and locks the others' rows; a second
-- pass folds those and raises the alerts.  The row lock serialises two
-- sessions selling the same product (the second one folds its sales into
-- the first one's result, nothing is lost or counted twice), the fixed
-- order rules out deadlocks between such statements, and the cool-down
-- (the last alert day per kind) lives in the same locked row, so two
-- sessions cannot both raise the same alert.  The absence checks take
-- their rows with SKIP LOCKED: they never wait, so they cannot deadlock.
--
-- Everything runs in a subtransaction: a failing evaluation is written to
-- stk_alert_errors with a WARNING and the user's insert stands, unless the
-- tenant's setting alerts.all.strict is true.

-- The state's C functions (src/fstate_fn.c).
CREATE FUNCTION stokkel.stk_fstate_fit(
  y double precision[],
  p_lo double precision DEFAULT 0.001,
  p_hi double precision DEFAULT 0.001,
  open_lift double precision DEFAULT 0,
  OUT model text, OUT params jsonb, OUT state double precision[],
  OUT mean double precision, OUT band_lo double precision,
  OUT band_hi double precision, OUT p_zero double precision)
RETURNS record
AS 'MODULE_PATHNAME', 'stk_fstate_fit_fn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION stokkel.stk_fstate_fit(double precision[], double precision, double precision, double precision) IS
  'Fit a forecast state to a daily demand history (oldest first, days without sales as 0): ETS(A,N,A) with a '
  'weekly season (ETS(A,N,N) under 15 days) for products that sell most days, SBA for intermittent ones (ADI > 1.32). '
  'Returns the model, its parameters, the packed state and the next day''s count band: lo = quantile at p_lo, '
  'hi = quantile at 1 - p_hi, p_zero = P(no sale), with open_lift (a known event''s effect) added to its mean.  '
  'p_lo, p_hi in (0, 0.5] (22023); fewer than 2 days or a negative value: 22023.';

CREATE FUNCTION stokkel.stk_fstate_step(
  state double precision[], open_day date, open_qty double precision,
  last_sale_day date, updates bigint, days date[], qtys double precision[],
  p_lo double precision, p_hi double precision, band double precision[] DEFAULT NULL,
  lift_days date[] DEFAULT NULL, lift_qtys double precision[] DEFAULT NULL,
  OUT state double precision[], OUT open_day date, OUT open_qty double precision,
  OUT last_sale_day date, OUT updates bigint, OUT mean double precision,
  OUT band_lo double precision, OUT band_hi double precision,
  OUT p_zero double precision, OUT spike_day date, OUT spike_qty double precision,
  OUT spike_band double precision, OUT drop_day date, OUT drop_qty double precision,
  OUT drop_band double precision)
RETURNS record
AS 'MODULE_PATHNAME', 'stk_fstate_step_fn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION stokkel.stk_fstate_step(double precision[], date, double precision, date, bigint, date[], double precision[], double precision, double precision, double precision[], date[], double precision[]) IS
  'Fold sales days (ascending, one per day, units in qtys) into a forecast state in O(1) per day: a later day closes '
  'the open day (checked for a drop below band_lo when it sold) and the days without sales in between; every day''s '
  'running total is checked against band_hi (a spike); earlier days than the open one are ignored.  A NULL state '
  '(no model yet) only tracks the days.  band: the open day''s stored {mean, lo, hi, p_zero}, used instead of '
  'computing it again.  lift_days, lift_qtys: known lifts of days (events), added to their bands and taken out of '
  'their units before they are folded.  A corrupted state: 22P03.';

CREATE FUNCTION stokkel.stk_fstate_forecast(state double precision[], horizon integer)
RETURNS TABLE (step integer, mean double precision)
AS 'MODULE_PATHNAME', 'stk_fstate_forecast_fn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 14;
COMMENT ON FUNCTION stokkel.stk_fstate_forecast(double precision[], integer) IS
  'Daily point forecasts 1..horizon (at most 400) days after a stored forecast state, without refitting.';

CREATE FUNCTION stokkel.stk_fstate_stockout_prob(state double precision[], on_hand double precision, days integer,
                                                 first_step integer DEFAULT 1)
RETURNS double precision
AS 'MODULE_PATHNAME', 'stk_fstate_stockout_prob_fn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION stokkel.stk_fstate_stockout_prob(double precision[], double precision, integer, integer) IS
  'Probability that the demand of days days (1..400) from first_step (1 = the open day, the first one after the '
  'state) exceeds on_hand, from a stored forecast state (negative binomial or Poisson with the summed daily means '
  'and variances); 1 when on_hand <= 0.';

-- The alert settings: every per-tenant threshold, its range and default.
-- A tenant's value lives in its settings table under the key
-- 'alerts.<alert_type>.<setting>'.
CREATE FUNCTION stokkel.stk_alert_settings()
RETURNS TABLE (alert_type text, setting text, kind text, min_value double precision,
               max_value double precision, default_value jsonb, description text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
-- a SQL-standard body and no SET clause: the planner inlines it
BEGIN ATOMIC
  SELECT * FROM (VALUES
    ('sales_spike', 'enabled', 'boolean', NULL::float8, NULL::float8, 'true'::jsonb,
     'raise sales_spike alerts'),
    ('sales_spike', 'probability', 'probability', 1e-9, 0.5, '0.001',
     'a day''s units above the quantile at 1 - probability of its forecast distribution are a spike'),
    ('sales_spike', 'cooldown_days', 'integer', 1, 365, '1',
     'days before the same product can raise another spike'),
    ('sales_drop', 'enabled', 'boolean', NULL, NULL, 'true', 'raise sales_drop alerts'),
    ('sales_drop', 'probability', 'probability', 1e-9, 0.5, '0.001',
     'a closed day that sold, but below the quantile at probability, is a drop'),
    ('sales_drop', 'cooldown_days', 'integer', 1, 365, '1',
     'days before the same product can raise another drop'),
    ('phantom_stock', 'enabled', 'boolean', NULL, NULL, 'true', 'raise phantom_stock alerts'),
    ('phantom_stock', 'probability', 'probability', 1e-12, 0.5, '0.001',
     'days in a row without a sale whose probability under the forecast is below this are suspicious'),
    ('phantom_stock', 'cooldown_days', 'integer', 1, 365, '7',
     'days before a product still not selling raises the alert again'),
    ('stockout_risk', 'enabled', 'boolean', NULL, NULL, 'true', 'raise stockout_risk alerts'),
    ('stockout_risk', 'probability', 'probability', 1e-9, 1, '0.5',
     'alert when P(demand before the next delivery > stock on hand) is above this'),
    ('stockout_risk', 'horizon_days', 'integer', 1, 400, '7',
     'days until the next delivery'),
    ('stockout_risk', 'cooldown_days', 'integer', 1, 365, '7',
     'days before the same product can raise another stock-out risk'),
    ('customer_churn', 'enabled', 'boolean', NULL, NULL, 'true', 'raise customer_churn alerts'),
    ('customer_churn', 'factor', 'number', 1.5, 100, '3',
     'a gap above factor x the customer''s mean interval between purchase days is churn'),
    ('customer_churn', 'min_purchases', 'integer', 2, 100000, '4',
     'purchase days that make a customer regular'),
    ('all', 'strict', 'boolean', NULL, NULL, 'false',
     'a failing alert evaluation rolls back the insert (default: recorded in stk_alert_errors, insert kept)')
  ) v;
END;
COMMENT ON FUNCTION stokkel.stk_alert_settings() IS
  'The per-tenant alert settings (key alerts.<alert_type>.<setting> of the settings table): kind, range, default, meaning.';

-- Every setting of one tenant, as typed fields.
CREATE TYPE stokkel.stk_alert_config AS (
  sales_spike_enabled boolean, sales_spike_probability double precision, sales_spike_cooldown_days integer,
  sales_drop_enabled boolean, sales_drop_probability double precision, sales_drop_cooldown_days integer,
  phantom_stock_enabled boolean, phantom_stock_probability double precision, phantom_stock_cooldown_days integer,
  stockout_risk_enabled boolean, stockout_risk_probability double precision, stockout_risk_horizon_days integer,
  stockout_risk_cooldown_days integer,
  customer_churn_enabled boolean, customer_churn_factor double precision, customer_churn_min_purchases integer,
  all_strict boolean);
COMMENT ON TYPE stokkel.stk_alert_config IS 'A tenant''s alert settings with the defaults filled in (stk_alert_config).';

-- Validate one setting's value; returns it normalised.
CREATE FUNCTION stokkel.stk_alert_setting_check(alert_type text, setting text, value jsonb)
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  d record;
  x float8;
BEGIN
  IF alert_type IS NULL OR setting IS NULL OR value IS NULL THEN
    RAISE EXCEPTION 'alert_type, setting and value must not be null'
      USING ERRCODE = 'null_value_not_allowed';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM stokkel.stk_alert_settings() s WHERE s.alert_type = $1) THEN
    RAISE EXCEPTION 'unknown alert type "%"', alert_type
      USING ERRCODE = 'invalid_parameter_value',
            HINT = 'Use sales_spike, sales_drop, phantom_stock, stockout_risk, customer_churn or all.';
  END IF;
  SELECT * INTO d FROM stokkel.stk_alert_settings() s WHERE s.alert_type = $1 AND s.setting = $2;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'unknown setting "%" for alert type "%"', setting, alert_type
      USING ERRCODE = 'invalid_parameter_value',
            HINT = 'SELECT * FROM stokkel.stk_alert_settings() lists them.';
  END IF;
  IF d.kind = 'boolean' THEN
    IF jsonb_typeof(value) <> 'boolean' THEN
      RAISE EXCEPTION 'setting %.% must be true or false, not %', alert_type, setting, value
        USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN value;
  END IF;
  IF jsonb_typeof(value) <> 'number' THEN
    RAISE EXCEPTION 'setting %.% must be a number, not %', alert_type, setting, value
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  x := value::text::float8;
  IF NOT (x >= d.min_value AND x <= d.max_value) OR (d.kind = 'integer' AND x <> trunc(x)) THEN
    RAISE EXCEPTION 'setting %.% = % is out of range', alert_type, setting, value
      USING ERRCODE = 'invalid_parameter_value',
            DETAIL = format('Allowed: %s %s to %s.', CASE WHEN d.kind = 'integer' THEN 'integers' ELSE 'values' END,
                            d.min_value, d.max_value);
  END IF;
  RETURN value;
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_alert_setting_check(text, text, jsonb) IS
  'Validate an alert setting: unknown alert type or setting, wrong kind or out of range: 22023 (ranges in stk_alert_settings).';

-- A tenant's settings (the jsonb object of its key/value pairs) with defaults.
-- (PL/pgSQL: its plan is made once per session, which matters at every
-- statement of the alert triggers)
CREATE FUNCTION stokkel.stk_alert_config(settings jsonb)
RETURNS stokkel.stk_alert_config
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
  RETURN (
    SELECT jsonb_populate_record(NULL::stokkel.stk_alert_config,
             jsonb_object_agg(d.alert_type || '_' || d.setting,
               CASE WHEN settings ? ('alerts.' || d.alert_type || '.' || d.setting)
                    THEN stokkel.stk_alert_setting_check(d.alert_type, d.setting,
                           settings -> ('alerts.' || d.alert_type || '.' || d.setting))
                    ELSE d.default_value END))
      FROM stokkel.stk_alert_settings() d);
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_alert_config(jsonb) IS
  'A tenant''s alert settings from its settings (an object with keys alerts.<type>.<setting>), defaults filled in, '
  'each value validated (22023).';

-- The alert triggers' reading of a tenant's settings: a value that does not
-- pass stk_alert_setting_check (written into the table by hand: the api
-- checks what it writes) falls back to its default with a warning, so that
-- one tenant's bad setting never stops the evaluation of the other tenants
-- of the same statement.
CREATE FUNCTION stokkel.stk_alert_config_lenient(settings jsonb, tenant text)
RETURNS stokkel.stk_alert_config
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  kept jsonb := '{}';
  e record;
BEGIN
  RETURN stokkel.stk_alert_config(settings);
EXCEPTION WHEN invalid_parameter_value OR null_value_not_allowed OR numeric_value_out_of_range THEN
  FOR e IN SELECT s.key, s.value FROM pg_catalog.jsonb_each(settings) s LOOP
    BEGIN
      PERFORM stokkel.stk_alert_config(pg_catalog.jsonb_build_object(e.key, e.value));
      kept := kept OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object(e.key, e.value);
    EXCEPTION WHEN invalid_parameter_value OR null_value_not_allowed OR numeric_value_out_of_range THEN
      RAISE WARNING 'stokkel: alert setting % = % of tenant % is invalid: its default is used', e.key, e.value, tenant
        USING DETAIL = SQLERRM, HINT = 'Set it with stk_set_alert_setting (or the api''s set_alert_setting).';
    END;
  END LOOP;
  RETURN stokkel.stk_alert_config(kept);
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_alert_config_lenient(jsonb, text) IS
  'stk_alert_config for the alert triggers: an invalid setting of the tenant is replaced by its default, with a '
  'warning, instead of failing the evaluation of every tenant of the statement.';

-- Set one tenant's alert setting in a settings table (tenant_id, key, value jsonb).
CREATE FUNCTION stokkel.stk_set_alert_setting(settings_table regclass, tenant_id text,
                                              alert_type text, setting text, value jsonb)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
  IF settings_table IS NULL OR tenant_id IS NULL THEN
    RAISE EXCEPTION 'settings_table and tenant_id must not be null'
      USING ERRCODE = 'null_value_not_allowed';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_class WHERE oid = settings_table) THEN
    RAISE EXCEPTION 'relation with OID % does not exist', settings_table::oid
      USING ERRCODE = 'undefined_table';
  END IF;
  value := stokkel.stk_alert_setting_check(alert_type, setting, value);
  EXECUTE format('INSERT INTO %s AS s (tenant_id, key, value) VALUES ($1, $2, $3)
                  ON CONFLICT (tenant_id, key) DO UPDATE SET value = excluded.value', settings_table)
    USING tenant_id, 'alerts.' || alert_type || '.' || setting, value;
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_set_alert_setting(regclass, text, text, text, jsonb) IS
  'Set a tenant''s alert setting (key alerts.<alert_type>.<setting>) in a settings table, validated first: '
  'unknown alert type or setting, or a value out of range: 22023.';

-- The bookkeeping tables next to a sales table (created once; owned by the caller).
CREATE FUNCTION stokkel.stk_alerts_create_tables(schema_name text, with_alerts boolean, with_settings boolean)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
SET client_min_messages = warning
AS $fn$
BEGIN
  EXECUTE format($ddl$
    CREATE TABLE IF NOT EXISTS %1$I.stk_forecast_state (
      tenant_id          text NOT NULL,
      product_id         bigint NOT NULL,
      model              text,
      params             jsonb,
      state              double precision[],
      fitted_at          timestamptz,
      fitted_through     date,
      open_day           date,
      open_qty           double precision NOT NULL DEFAULT 0,
      last_sale_day      date,
      updates            bigint NOT NULL DEFAULT 0,
      mean               double precision,
      band_lo            double precision,
      band_hi            double precision,
      p_zero             double precision,
      spike_alert_day    date,
      drop_alert_day     date,
      phantom_alert_day  date,
      stockout_alert_day date,
      pending_days       date[],
      pending_qtys       double precision[],
      lift_days          date[],
      lift_qtys          double precision[],
      new_alerts         jsonb,
      updated_at         timestamptz NOT NULL DEFAULT pg_catalog.now(),
      PRIMARY KEY (tenant_id, product_id))
  $ddl$, schema_name);
  EXECUTE format($ddl$
    COMMENT ON TABLE %1$I.stk_forecast_state IS
      'Stokkel forecast state per product: model, parameters, state after the last closed day, the open day''s units and band, last alert day per kind, the known lifts of coming days (events).'
  $ddl$, schema_name);
  EXECUTE format($ddl$
    CREATE TABLE IF NOT EXISTS %1$I.stk_customer_state (
      tenant_id         text NOT NULL,
      customer_id       bigint NOT NULL,
      first_day         date NOT NULL,
      last_day          date NOT NULL,
      n_days            integer NOT NULL,
      churn_alert_day   date,
      PRIMARY KEY (tenant_id, customer_id))
  $ddl$, schema_name);
  EXECUTE format($ddl$
    CREATE TABLE IF NOT EXISTS %1$I.stk_alert_checks (
      tenant_id     text PRIMARY KEY,
      checked_day   date NOT NULL)
  $ddl$, schema_name);
  EXECUTE format($ddl$
    CREATE TABLE IF NOT EXISTS %1$I.stk_alert_errors (
      error_id    bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      created_at  timestamptz NOT NULL DEFAULT pg_catalog.now(),
      table_name  text NOT NULL,
      sqlstate    text NOT NULL,
      message     text NOT NULL,
      tenant_ids  text[])
  $ddl$, schema_name);
  IF with_alerts THEN
    EXECUTE format($ddl$
      CREATE TABLE IF NOT EXISTS %1$I.stk_alerts (
        tenant_id        text NOT NULL,
        alert_id         bigint GENERATED BY DEFAULT AS IDENTITY,
        created_at       timestamptz NOT NULL DEFAULT pg_catalog.now(),
        kind             text NOT NULL,
        severity         text NOT NULL DEFAULT 'warning',
        product_id       bigint,
        message          text NOT NULL,
        details          jsonb NOT NULL DEFAULT '{}',
        acknowledged_at  timestamptz,
        PRIMARY KEY (tenant_id, alert_id))
    $ddl$, schema_name);
    EXECUTE format('CREATE INDEX IF NOT EXISTS stk_alerts_open_idx ON %1$I.stk_alerts (tenant_id, product_id, kind) WHERE acknowledged_at IS NULL', schema_name);
  END IF;
  IF with_settings THEN
    EXECUTE format($ddl$
      CREATE TABLE IF NOT EXISTS %1$I.stk_settings (
        tenant_id   text NOT NULL,
        key         text NOT NULL,
        value       jsonb NOT NULL,
        PRIMARY KEY (tenant_id, key))
    $ddl$, schema_name);
  END IF;
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_alerts_create_tables(text, boolean, boolean) IS
  'Create the alert bookkeeping tables (stk_forecast_state, stk_customer_state, stk_alert_checks, stk_alert_errors, '
  'and stk_alerts / stk_settings when asked) in a schema, if missing.  Called by stk_attach_alerts.';

-- Check that a table has a column of one of the allowed types.
CREATE FUNCTION stokkel.stk_alerts_check_column(tbl regclass, col text, allowed regtype[], what text)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  t regtype;
BEGIN
  IF col IS NULL THEN
    RAISE EXCEPTION '% column name must not be null', what USING ERRCODE = 'null_value_not_allowed';
  END IF;
  SELECT a.atttypid::regtype INTO t
    FROM pg_catalog.pg_attribute a
   WHERE a.attrelid = tbl AND a.attname = col AND a.attnum > 0 AND NOT a.attisdropped;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'column "%" of relation % does not exist', col, tbl
      USING ERRCODE = 'undefined_column', DETAIL = format('It was given as the %s column.', what);
  END IF;
  IF NOT (t = ANY (allowed)) THEN
    RAISE EXCEPTION 'column "%" of relation % has type %, which cannot be the % column', col, tbl, t, what
      USING ERRCODE = 'datatype_mismatch',
            DETAIL = format('Allowed types: %s.', array_to_string(allowed, ', '));
  END IF;
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_alerts_check_column(regclass, text, regtype[], text) IS
  'Check that a table has the named column (42703) of an allowed type (42804).';

-- The trigger arguments of an attached sales table, by name.
CREATE FUNCTION stokkel.stk_alerts_args(sales_table regclass)
RETURNS text[]
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
  -- tgargs: each argument's bytes followed by a zero byte; split on the
  -- bytes and decoded in the database's encoding (encode(..., 'escape')
  -- would leave non-ASCII names and backslashes escaped)
  WITH RECURSIVE parts(rest, arg, i) AS (
    SELECT t.tgargs, NULL::bytea, 0
      FROM pg_catalog.pg_trigger t
     WHERE t.tgrelid = sales_table AND t.tgname = 'stk_alerts_sales'
    UNION ALL
    SELECT pg_catalog.substr(p.rest, pg_catalog.position(p.rest, '\x00'::bytea) + 1),
           pg_catalog.substr(p.rest, 1, pg_catalog.position(p.rest, '\x00'::bytea) - 1), p.i + 1
      FROM parts p
     WHERE pg_catalog.position(p.rest, '\x00'::bytea) > 0)
  SELECT pg_catalog.array_agg(pg_catalog.convert_from(p.arg, pg_catalog.getdatabaseencoding()) ORDER BY p.i)
    FROM parts p
   WHERE p.i > 0
$fn$;
COMMENT ON FUNCTION stokkel.stk_alerts_args(regclass) IS
  'The configuration stk_attach_alerts stored in the sales trigger''s arguments (NULL when not attached).';

/*
 * The body of a generated trigger function: the statements, in a
 * subtransaction whose failure is recorded (stk_alerts_record_error) or, for
 * class 40 and strict tenants, raised (stk_alerts_must_raise).  a: the
 * trigger arguments (1 state schema, 3 settings table); tenant: the SQL of
 * the new rows' tenant.
 */
CREATE FUNCTION stokkel.stk_alerts_trigger_body(declarations text, statements text, a text[],
                                                tenant text, table_name text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
  SELECT format($body$
DECLARE
  n bigint;
  st text;
  msg text;
  tenants text[];
  %1$s
BEGIN
  BEGIN
    %2$s
  EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
    tenants := ARRAY(SELECT DISTINCT %4$s FROM stk_new_rows ORDER BY 1);
    IF stokkel.stk_alerts_must_raise(st, %3$L, tenants) THEN
      RAISE;
    END IF;
    PERFORM stokkel.stk_alerts_record_error(%5$L, %6$L, st, msg, tenants);
  END;
  RETURN NULL;
END
$body$, declarations, statements, a[3], tenant, a[1], table_name)
$fn$;
COMMENT ON FUNCTION stokkel.stk_alerts_trigger_body(text, text, text[], text, text) IS
  'Body of a generated alert trigger function: the statements in a subtransaction, failures recorded or raised.';

/*
 * The sales trigger's function, generated per attached table so that its
 * statements are static SQL: PL/pgSQL plans them once per session and
 * keeps the plans (a dynamic EXECUTE would plan every statement of every
 * insert, which costs more than a single-row insert itself).  a: the
 * trigger arguments (stk_alerts_args): 1 state schema, 2 alerts table,
 * 3 settings table, 4 tenant column ('' = one tenant, ''), 5 product,
 * 6 time, 7 quantity, 8 customer column ('' = none), 9 stock table
 * ('' = none), 10 its tenant column, 11 its product column, 12 its on_hand
 * column.  Column names are quoted here (%I), tables are regclass text.
 */
CREATE FUNCTION stokkel.stk_alerts_sales_body(a text[], table_name text)
RETURNS text
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  s text := quote_ident(a[1]);
  tenant text := stokkel.stk_alerts_tenant_sql(a[4], '');
  rows_sql text;
  fast_sql text;
  main_sql text;
  cust_sql text := '';
  gate_sql text;
BEGIN
  -- the statement's rows, one per tenant, product and day
  rows_sql := format(
    'SELECT %1$s AS t, (%2$I)::bigint AS p, (%3$I)::date AS d, sum(%4$I)::float8 AS q
       FROM stk_new_rows
      WHERE %2$I IS NOT NULL AND %3$I IS NOT NULL AND %4$I IS NOT NULL
      GROUP BY 1, 2, 3',
    tenant, a[5], a[6], a[7]);
  /*
   * First pass, over every product of the statement in (tenant, product)
   * order: the common case, sales of the open day that keep its running
   * total within the stored band (or a product without a model), only adds
   * to the running total: no fold, no band, no settings, no alert (what
   * stk_fstate_step would do with it).  A new product's row is inserted.
   * Every other product's row is locked here, in the same order, but left
   * alone (the DO UPDATE's WHERE): the second pass folds those.  After a
   * wait for a concurrent session, the WHERE is evaluated on the row that
   * session committed.
   */
  fast_sql := format($q$
      WITH ins AS (%1$s),
      per AS (
        SELECT i.t, i.p, max(i.d) AS d, max(i.d) FILTER (WHERE i.q > 0) AS sold
          FROM ins i GROUP BY i.t, i.p),
      dd AS (SELECT t, max(d) AS d FROM per GROUP BY t),
      fast AS (
        -- the open day's units are the last day's; earlier days are
        -- stk_fstate_step's late days (ignored) or go the second way; units
        -- that are not finite go the second way, which rejects them
        INSERT INTO %2$s.stk_forecast_state AS s (tenant_id, product_id, open_day, open_qty, last_sale_day)
        SELECT per.t, per.p, per.d, i.q, per.sold
          FROM per JOIN ins i ON i.t = per.t AND i.p = per.p AND i.d = per.d
         ORDER BY per.t, per.p
        ON CONFLICT (tenant_id, product_id) DO UPDATE SET
          open_qty = s.open_qty + excluded.open_qty,
          last_sale_day = greatest(s.last_sale_day, excluded.last_sale_day),
          new_alerts = NULL, updated_at = pg_catalog.now()
        WHERE s.open_day = excluded.open_day AND abs(excluded.open_qty) < 'Infinity'::float8
          AND (excluded.last_sale_day IS NULL OR excluded.last_sale_day = excluded.open_day)
          AND (s.state IS NULL OR s.open_qty + excluded.open_qty <= s.band_hi)
        RETURNING s.tenant_id, s.product_id)
      SELECT (SELECT array_agg(per.t ORDER BY per.t, per.p) FROM per
               WHERE NOT EXISTS (SELECT 1 FROM fast f WHERE f.tenant_id = per.t AND f.product_id = per.p)),
             (SELECT array_agg(per.p ORDER BY per.t, per.p) FROM per
               WHERE NOT EXISTS (SELECT 1 FROM fast f WHERE f.tenant_id = per.t AND f.product_id = per.p)),
             (SELECT array_agg(t ORDER BY t) FROM dd), (SELECT array_agg(d ORDER BY t) FROM dd)
        INTO slow_t, slow_p, gt, gd
    $q$, rows_sql, s);

  -- second pass: the products whose rows the first one locked and left
  main_sql := format($q$
      WITH ins AS (%1$s),
      cfg AS MATERIALIZED (%2$s),
      per AS (
        SELECT i.t, i.p, array_agg(i.d ORDER BY i.d) AS ds, array_agg(i.q ORDER BY i.d) AS qs,
               max(i.d) FILTER (WHERE i.q > 0) AS sold
          FROM ins i JOIN unnest(slow_t, slow_p) sl(t, p) ON sl.t = i.t AND sl.p = i.p
         GROUP BY i.t, i.p),
      up AS (
        INSERT INTO %3$s.stk_forecast_state AS s
               (tenant_id, product_id, pending_days, pending_qtys, open_day, open_qty, last_sale_day)
        SELECT per.t, per.p, per.ds, per.qs, per.ds[cardinality(per.ds)], per.qs[cardinality(per.qs)], per.sold
          FROM per ORDER BY per.t, per.p
        ON CONFLICT (tenant_id, product_id) DO UPDATE SET
          (state, open_day, open_qty, last_sale_day, updates, mean, band_lo, band_hi, p_zero,
           spike_alert_day, drop_alert_day, new_alerts, pending_days, pending_qtys, updated_at) =
          (SELECT z.state, z.open_day, z.open_qty, z.last_sale_day, z.updates, z.mean, z.band_lo,
                  z.band_hi, z.p_zero,
                  CASE WHEN z.spike THEN z.spike_day ELSE s.spike_alert_day END,
                  CASE WHEN z.dropped THEN z.drop_day ELSE s.drop_alert_day END,
                  CASE WHEN z.spike OR z.dropped THEN (SELECT jsonb_agg(v.x) FROM (VALUES
                    (CASE WHEN z.spike THEN jsonb_build_object(
                       'kind', 'sales_spike',
                       'severity', CASE WHEN z.spike_qty > 2 * greatest(z.spike_band, 1) THEN 'critical' ELSE 'warning' END,
                       'message', format('%%s units sold on %%s, more than the %%s expected at most', z.spike_qty, z.spike_day, z.spike_band),
                       'day', z.spike_day, 'value', z.spike_qty, 'band', z.spike_band, 'expected', z.mean) END),
                    (CASE WHEN z.dropped THEN jsonb_build_object(
                       'kind', 'sales_drop', 'severity', 'warning',
                       'message', format('%%s units sold on %%s, fewer than the %%s expected at least', z.drop_qty, z.drop_day, z.drop_band),
                       'day', z.drop_day, 'value', z.drop_qty, 'band', z.drop_band) END)) v(x)
                    WHERE v.x IS NOT NULL) END,
                  NULL::date[], NULL::float8[], pg_catalog.now()
             FROM (SELECT r.*,
                          r.spike_day IS NOT NULL AND (c.c).sales_spike_enabled
                            AND (s.spike_alert_day IS NULL
                                 OR r.spike_day >= s.spike_alert_day + (c.c).sales_spike_cooldown_days) AS spike,
                          r.drop_day IS NOT NULL AND (c.c).sales_drop_enabled
                            AND (s.drop_alert_day IS NULL
                                 OR r.drop_day >= s.drop_alert_day + (c.c).sales_drop_cooldown_days) AS dropped
                     FROM cfg c,
                          stokkel.stk_fstate_step(s.state, s.open_day, s.open_qty, s.last_sale_day, s.updates,
                                                  excluded.pending_days, excluded.pending_qtys,
                                                  (c.c).sales_drop_probability, (c.c).sales_spike_probability,
                                                  CASE WHEN s.band_hi IS NOT NULL
                                                       THEN ARRAY[s.mean, s.band_lo, s.band_hi, s.p_zero] END,
                                                  s.lift_days, s.lift_qtys) r
                    WHERE c.t = s.tenant_id) z)
        RETURNING s.tenant_id, s.product_id, s.new_alerts),
      src AS (
        SELECT up.tenant_id, x ->> 'kind' AS kind, x ->> 'severity' AS severity, up.product_id,
               x ->> 'message' AS message, x - 'kind' - 'severity' - 'message' AS details
          FROM up, jsonb_array_elements(up.new_alerts) x
         WHERE up.new_alerts IS NOT NULL),
      $q$, rows_sql, stokkel.stk_alerts_cfg_sql(a[3], 'SELECT DISTINCT t FROM ins'), s)
    || stokkel.stk_alerts_insert_sql(a[2], 'src', table_name, 'INTO n');

  -- purchase days of known customers
  IF a[8] <> '' THEN
    cust_sql := format($q$
    INSERT INTO %1$s.stk_customer_state AS c (tenant_id, customer_id, first_day, last_day, n_days)
    SELECT %2$s, (%3$I)::bigint, min((%4$I)::date), max((%4$I)::date), count(DISTINCT (%4$I)::date)
      FROM stk_new_rows
     WHERE %3$I IS NOT NULL AND %4$I IS NOT NULL AND %5$I > 0
     GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (tenant_id, customer_id) DO UPDATE SET
      first_day = least(c.first_day, excluded.first_day),
      last_day = greatest(c.last_day, excluded.last_day),
      n_days = c.n_days + CASE WHEN excluded.last_day > c.last_day THEN excluded.n_days ELSE 0 END;
    $q$, s, tenant, a[8], a[6], a[7]);
  END IF;

  -- once a day per tenant, the checks of what did not happen; the row of
  -- stk_alert_checks is taken with SKIP LOCKED: whoever has it runs them.
  -- A session asks once per set of tenants and days (a session variable
  -- remembers the last one), not at every statement.
  gate_sql := format($q$
    IF gd IS NOT NULL AND current_setting(%3$L, true) IS DISTINCT FROM gt::text || gd::text THEN
      WITH d AS (SELECT * FROM unnest(gt, gd) u(t, d)),
      new AS (INSERT INTO %1$s.stk_alert_checks (tenant_id, checked_day)
              SELECT t, d FROM d ORDER BY t ON CONFLICT (tenant_id) DO NOTHING)
      SELECT array_agg(c.tenant_id ORDER BY c.tenant_id), array_agg(c.d ORDER BY c.tenant_id)
        INTO gated, gated_days
        FROM (SELECT c.tenant_id, d.d FROM %1$s.stk_alert_checks c JOIN d ON d.t = c.tenant_id
               WHERE c.checked_day < d.d ORDER BY 1 FOR UPDATE OF c SKIP LOCKED) c;
      PERFORM set_config(%3$L, gt::text || gd::text, false);
    END IF;
    $q$, s, rows_sql, 'stk_alerts.checked_' || replace(table_name::regclass::oid::text, '-', ''));

  RETURN stokkel.stk_alerts_trigger_body(
    'gt text[]; gd date[]; gated text[]; gated_days date[]; slow_t text[]; slow_p bigint[];',
    format('%s;
    IF slow_p IS NOT NULL THEN
      %s;
    END IF;
    %s
    %s
    IF gated IS NOT NULL THEN
      PERFORM stokkel.stk_alerts_daily_checks(%L, gated, gated_days, %L);
    END IF;', fast_sql, main_sql, cust_sql, gate_sql, a, table_name),
    a, tenant, table_name);
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_alerts_sales_body(text[], text) IS
  'Body of the generated sales trigger function of an attached table: folds the new sales into the forecast state, '
  'raises sales_spike, sales_drop, phantom_stock and customer_churn alerts with NOTIFY stk_alerts.';

-- Should a failed evaluation fail the insert?  Serialisation failures and
-- deadlocks (class 40) always: the client must retry the transaction, or
-- the state would miss these sales.  Otherwise when a tenant is strict.
CREATE FUNCTION stokkel.stk_alerts_must_raise(sqlstate text, settings_table text, tenants text[])
RETURNS boolean
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  strict_on boolean;
BEGIN
  IF sqlstate LIKE '40%' THEN
    RETURN true;
  END IF;
  EXECUTE format('SELECT coalesce(bool_or(value = ''true''::jsonb), false) FROM %s
                   WHERE key = ''alerts.all.strict'' AND tenant_id::text = ANY ($1)', settings_table)
    INTO strict_on USING tenants;
  RETURN strict_on;
EXCEPTION WHEN OTHERS THEN
  RETURN false;
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_alerts_must_raise(text, text, text[]) IS
  'Whether a failed alert evaluation must fail the insert: SQLSTATE class 40 (retry), or a tenant with alerts.all.strict.';

-- Record a failed evaluation (the insert stands).
CREATE FUNCTION stokkel.stk_alerts_record_error(schema_name text, table_name text, sqlstate text, message text,
                                                tenants text[] DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
  RAISE WARNING 'stokkel: alert evaluation on % failed: %', table_name, message
    USING DETAIL = format('SQLSTATE %s; the insert was kept.  Set alerts.all.strict to make it fail instead.', sqlstate);
  BEGIN
    EXECUTE format('INSERT INTO %I.stk_alert_errors (table_name, sqlstate, message, tenant_ids) VALUES ($1, $2, $3, $4)',
                   schema_name)
      USING table_name, sqlstate, message, tenants;
  EXCEPTION WHEN OTHERS THEN
    NULL;	-- the warning above is all that can be done
  END;
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_alerts_record_error(text, text, text, text, text[]) IS
  'Record a failed alert evaluation in stk_alert_errors (with the tenants of the statement''s rows) and a '
  'WARNING; the insert is kept.';

-- The SQL of a row's tenant as text: the column (qualified by prefix), or
-- '' for a table of one shop (no tenant column).
CREATE FUNCTION stokkel.stk_alerts_tenant_sql(col text, prefix text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
  SELECT CASE WHEN col = '' THEN '''''::text' ELSE prefix || format('%I::text', col) END
$fn$;
COMMENT ON FUNCTION stokkel.stk_alerts_tenant_sql(text, text) IS
  'SQL text of a row''s tenant (a column, or '''' without one), for the alert triggers.';

-- The tenant's settings objects joined to a set "ins(t)" of tenants: the
-- shared piece of every alert query.
CREATE FUNCTION stokkel.stk_alerts_cfg_sql(settings_table text, tenants_sql text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
  -- a tenant without alert settings gets the defaults as a constant
  SELECT format(
    'SELECT x.t, CASE WHEN o.o IS NULL THEN %3$L::stokkel.stk_alert_config
                      ELSE stokkel.stk_alert_config_lenient(o.o, x.t) END AS c
       FROM (%2$s) x
       LEFT JOIN (SELECT tenant_id::text AS t, jsonb_object_agg(key, value) AS o
                    FROM %1$s WHERE key LIKE ''alerts.%%'' GROUP BY 1) o ON o.t = x.t',
    settings_table, tenants_sql, stokkel.stk_alert_config('{}'))
$fn$;
COMMENT ON FUNCTION stokkel.stk_alerts_cfg_sql(text, text) IS
  'SQL text of the per-tenant alert settings of a set of tenants (used by the alert triggers).';

-- Write the alerts of a set of rows and NOTIFY them: the tail of every alert query.
CREATE FUNCTION stokkel.stk_alerts_insert_sql(alerts_table text, source text, table_name text, into_clause text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
  SELECT format($q$
      al AS (
        INSERT INTO %1$s (tenant_id, kind, severity, product_id, message, details)
        SELECT src.tenant_id, src.kind, src.severity, src.product_id, src.message, src.details
          FROM %2$s src
        RETURNING alert_id, tenant_id, kind, severity, product_id, message, details)
      -- stokkel.notify_payload = 'id': only the alert's id and table go
      -- out (LISTEN has no privileges: every connected role hears them)
      SELECT count(pg_notify('stk_alerts', CASE
               WHEN pg_catalog.current_setting('stokkel.notify_payload', true) OPERATOR(pg_catalog.=) 'id'
               THEN jsonb_build_object('alert_id', al.alert_id, 'table', %3$L)
               ELSE jsonb_build_object(
                 'alert_id', al.alert_id, 'tenant_id', al.tenant_id, 'kind', al.kind,
                 'severity', al.severity, 'product_id', al.product_id, 'message', al.message,
                 'details', al.details, 'table', %3$L) END::text)) %4$s
        FROM al
    $q$, alerts_table, source, table_name, into_clause)
$fn$;
COMMENT ON FUNCTION stokkel.stk_alerts_insert_sql(text, text, text, text) IS
  'SQL text that inserts alerts from a CTE and sends each with NOTIFY stk_alerts (used by the alert triggers).';

/*
 * The checks of what did not happen, once a day per tenant (the first
 * sales statement of a new day runs them): phantom stock (a product that
 * should have sold and did not, although the stock says it is there) and
 * customer churn.  Rows are taken with SKIP LOCKED: a product being sold
 * right now is not phantom, and the check never waits.
 */
CREATE FUNCTION stokkel.stk_alerts_daily_checks(a text[], tenants text[], days date[], table_name text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  s text := quote_ident(a[1]);
  g_sql text;
  stock_cond text := '';
  season_cond text;
  n bigint;
BEGIN
  EXECUTE format('UPDATE %s.stk_alert_checks c SET checked_day = g.d FROM unnest($1, $2) g(t, d)
                   WHERE c.tenant_id = g.t', s) USING tenants, days;
  g_sql := format('WITH ins AS (SELECT * FROM unnest($1::text[], $2::date[]) g(t, d)),
                        cfg AS MATERIALIZED (%s),
                        g AS (SELECT ins.t, ins.d, cfg.c FROM ins JOIN cfg ON cfg.t = ins.t)',
                  stokkel.stk_alerts_cfg_sql(a[3], 'SELECT t FROM ins'));
  IF a[9] <> '' THEN
    stock_cond := format('AND EXISTS (SELECT 1 FROM %s k WHERE %s = s.tenant_id AND k.%I = s.product_id AND k.%I > 0)',
                         a[9], stokkel.stk_alerts_tenant_sql(a[10], 'k.'),
                         a[11], a[12]);
  END IF;
  -- A seasonal silence is no phantom stock: the daily model has no yearly
  -- season, so a product that sold before the same span a year earlier (364
  -- days: the same weekdays) but nothing during it is expected to be silent
  -- now.  Products with less than a year of history are judged on the model.
  season_cond := format($q$
           AND NOT (EXISTS (SELECT 1 FROM %1$s x WHERE %2$s = s.tenant_id AND x.%3$I = s.product_id
                              AND x.%4$I < s.last_sale_day + 1 - 364 AND x.%5$I > 0)
                    AND NOT EXISTS (SELECT 1 FROM %1$s x WHERE %2$s = s.tenant_id AND x.%3$I = s.product_id
                                      AND x.%4$I >= s.last_sale_day + 1 - 364 AND x.%4$I < g.d - 364
                                      AND x.%5$I > 0))$q$,
    table_name::regclass, stokkel.stk_alerts_tenant_sql(a[4], 'x.'), a[5], a[6], a[7]);

  EXECUTE g_sql || format($q$,
      cand AS (
        SELECT s.tenant_id, s.product_id, g.d, g.d - s.last_sale_day - 1 AS zero_days, s.mean, s.p_zero
          FROM %1$s.stk_forecast_state s JOIN g ON s.tenant_id = g.t
         WHERE (g.c).phantom_stock_enabled AND s.state IS NOT NULL AND s.last_sale_day < g.d - 1
           AND (g.d - s.last_sale_day - 1) * ln(greatest(s.p_zero, 1e-300)) < ln((g.c).phantom_stock_probability)
           AND (s.phantom_alert_day IS NULL OR s.phantom_alert_day <= s.last_sale_day
                OR g.d >= s.phantom_alert_day + (g.c).phantom_stock_cooldown_days)
           %2$s %3$s
         ORDER BY 1, 2 FOR UPDATE OF s SKIP LOCKED),
      up AS (
        UPDATE %1$s.stk_forecast_state s SET phantom_alert_day = cand.d
          FROM cand WHERE s.tenant_id = cand.tenant_id AND s.product_id = cand.product_id
        RETURNING cand.*),
      src AS (
        SELECT up.tenant_id, 'phantom_stock'::text AS kind, 'warning'::text AS severity, up.product_id,
               format('no sale for %%s days up to %%s although about %%s units a day were expected; is the stock on record really on the shelf?',
                      up.zero_days, up.d - 1, round(up.mean::numeric, 2)) AS message,
               jsonb_build_object('day', up.d - 1, 'zero_days', up.zero_days, 'expected', up.mean,
                                  'probability', exp(greatest(up.zero_days * ln(greatest(up.p_zero, 1e-300)), -700))) AS details
          FROM up),
    $q$, s, stock_cond, season_cond) || stokkel.stk_alerts_insert_sql(a[2], 'src', table_name, '')
    INTO n USING tenants, days;

  IF a[8] <> '' THEN
    EXECUTE g_sql || format($q$,
        cand AS (
          SELECT c.tenant_id, c.customer_id, g.d, c.last_day, c.n_days,
                 (c.last_day - c.first_day)::float8 / (c.n_days - 1) AS usual
            FROM %1$s.stk_customer_state c JOIN g ON c.tenant_id = g.t
           WHERE (g.c).customer_churn_enabled AND c.n_days >= (g.c).customer_churn_min_purchases
             AND (g.d - c.last_day) > (g.c).customer_churn_factor * (c.last_day - c.first_day)::float8 / (c.n_days - 1)
             AND (c.churn_alert_day IS NULL OR c.churn_alert_day <= c.last_day)
           ORDER BY 1, 2 FOR UPDATE OF c SKIP LOCKED),
        up AS (
          UPDATE %1$s.stk_customer_state c SET churn_alert_day = cand.d
            FROM cand WHERE c.tenant_id = cand.tenant_id AND c.customer_id = cand.customer_id
          RETURNING cand.*),
        src AS (
          SELECT up.tenant_id, 'customer_churn'::text AS kind, 'info'::text AS severity, NULL::bigint AS product_id,
                 format('customer %%s has not bought for %%s days; they usually come back every %%s days',
                        up.customer_id, up.d - up.last_day, round(up.usual::numeric, 1)) AS message,
                 jsonb_build_object('customer_id', up.customer_id, 'last_day', up.last_day,
                                    'gap_days', up.d - up.last_day, 'usual_interval', up.usual,
                                    'purchase_days', up.n_days) AS details
            FROM up),
      $q$, s) || stokkel.stk_alerts_insert_sql(a[2], 'src', table_name, '')
      INTO n USING tenants, days;
  END IF;
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_alerts_daily_checks(text[], text[], date[], text) IS
  'Phantom stock and customer churn checks of the given tenants as of the given days (called by the sales trigger '
  'once a day per tenant).';

/*
 * The stock trigger's function, generated per attached stock table (see
 * stk_alerts_sales_body).  a: 1 state schema, 2 alerts table, 3 settings
 * table, 4 tenant column ('' = none), 5 product, 6 on_hand, 7 reorder point
 * column ('' = none), 8 time column ('' = the current date), 9 next delivery
 * column ('' = none: the tenant's horizon_days).
 */
CREATE FUNCTION stokkel.stk_alerts_stock_body(a text[], table_name text)
RETURNS text
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  s text := quote_ident(a[1]);
  tenant text := stokkel.stk_alerts_tenant_sql(a[4], '');
  main_sql text;
BEGIN
  main_sql := format($q$
      WITH nr AS (
        SELECT DISTINCT ON (1, 2) %1$s AS t, (%2$I)::bigint AS p, (%3$I)::float8 AS oh,
               %4$s AS rop, %5$s AS d, %8$s AS nd
          FROM stk_new_rows WHERE %2$I IS NOT NULL AND %3$I IS NOT NULL
         ORDER BY 1, 2, 5 DESC),
      ins AS (SELECT DISTINCT t FROM nr),
      cfg AS MATERIALIZED (%6$s),
      cand AS (
        SELECT s.tenant_id, s.product_id, nr.oh, nr.rop, nr.d, x.prob, s.mean, h.horizon
          FROM nr JOIN cfg c ON c.t = nr.t
          JOIN %7$s.stk_forecast_state s ON s.tenant_id = nr.t AND s.product_id = nr.p
          -- the stock must last the days before the next delivery
          CROSS JOIN LATERAL (SELECT least(400, coalesce(nr.nd - nr.d - 1, (c.c).stockout_risk_horizon_days))
                                     AS horizon) h
          CROSS JOIN LATERAL (SELECT CASE WHEN s.state IS NOT NULL AND h.horizon >= 1 THEN
                 stokkel.stk_fstate_stockout_prob(s.state, nr.oh, h.horizon,
                   -- from the day after the stock's day, counted from the open day
                   least(400, greatest(1, nr.d - coalesce(s.open_day, nr.d) + 2))) END AS prob) x
         WHERE (c.c).stockout_risk_enabled
           AND (x.prob > (c.c).stockout_risk_probability OR nr.oh < nr.rop)
           AND (s.stockout_alert_day IS NULL OR nr.d >= s.stockout_alert_day + (c.c).stockout_risk_cooldown_days)
         ORDER BY 1, 2 FOR UPDATE OF s),
      up AS (
        UPDATE %7$s.stk_forecast_state s SET stockout_alert_day = cand.d
          FROM cand WHERE s.tenant_id = cand.tenant_id AND s.product_id = cand.product_id
        RETURNING cand.*),
      src AS (
        SELECT up.tenant_id, 'stockout_risk'::text AS kind,
               CASE WHEN up.oh <= 0 THEN 'critical' ELSE 'warning' END AS severity, up.product_id,
               CASE WHEN up.oh <= 0 THEN format('out of stock (%%s on hand)', up.oh)
                    WHEN up.oh < up.rop THEN format('%%s on hand, below the reorder point %%s', up.oh, up.rop)
                    ELSE format('%%s on hand: %%s %%%% probability of running out within %%s days',
                                up.oh, round(100 * up.prob::numeric, 1), up.horizon) END AS message,
               jsonb_build_object('day', up.d, 'on_hand', up.oh, 'reorder_point', up.rop,
                                  'probability', up.prob, 'horizon_days', up.horizon,
                                  'expected_per_day', up.mean) AS details
          FROM up),
      $q$, tenant, a[5], a[6],
      CASE WHEN a[7] = '' THEN 'NULL::float8' ELSE format('(%I)::float8', a[7]) END,
      CASE WHEN a[8] = '' THEN 'current_date' ELSE format('(%I)::date', a[8]) END,
      stokkel.stk_alerts_cfg_sql(a[3], 'SELECT t FROM ins'), s,
      CASE WHEN coalesce(a[9], '') = '' THEN 'NULL::date' ELSE format('(%I)::date', a[9]) END)
    || stokkel.stk_alerts_insert_sql(a[2], 'src', table_name, 'INTO n');

  RETURN stokkel.stk_alerts_trigger_body('', main_sql || ';', a, tenant, table_name);
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_alerts_stock_body(text[], text) IS
  'Body of the generated stock trigger function of an attached table: raises stockout_risk alerts (stock below the '
  'reorder point, or P(running out before the next delivery) above the tenant''s threshold) with NOTIFY stk_alerts.';

-- A name for a generated trigger function: base (which carries the table's
-- OID), or base_2, base_3, ... when a function of that name is left from a
-- table that had that OID before a dump and restore.
CREATE FUNCTION stokkel.stk_alerts_function_name(schema_name text, base text)
RETURNS text
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
  SELECT c.name
    FROM generate_series(1, 1000) k,
         LATERAL (SELECT CASE WHEN k = 1 THEN base ELSE base || '_' || k END AS name) c
   WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                      WHERE p.pronamespace = pg_catalog.quote_ident(schema_name)::regnamespace
                        AND p.proname = c.name)
   ORDER BY k
   LIMIT 1
$fn$;
COMMENT ON FUNCTION stokkel.stk_alerts_function_name(text, text) IS
  'A free name for a generated alert trigger function in a schema: base, else base_2, base_3, ...';

-- Attach the alert triggers to a sales table and, optionally, a stock table.
CREATE FUNCTION stokkel.stk_attach_alerts(
  sales_table regclass,
  product_column text DEFAULT 'product_id',
  time_column text DEFAULT 'sold_at',
  quantity_column text DEFAULT 'quantity',
  tenant_column text DEFAULT NULL,
  customer_column text DEFAULT NULL,
  stock_table regclass DEFAULT NULL,
  stock_product_column text DEFAULT 'product_id',
  stock_on_hand_column text DEFAULT 'on_hand',
  stock_tenant_column text DEFAULT NULL,
  stock_time_column text DEFAULT NULL,
  reorder_point_column text DEFAULT NULL,
  alerts_table regclass DEFAULT NULL,
  settings_table regclass DEFAULT NULL,
  next_delivery_column text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  ints constant regtype[] := ARRAY['smallint', 'integer', 'bigint']::regtype[];
  nums constant regtype[] := ARRAY['smallint', 'integer', 'bigint', 'numeric', 'real', 'double precision']::regtype[];
  times constant regtype[] := ARRAY['date', 'timestamp without time zone', 'timestamp with time zone']::regtype[];
  tenants constant regtype[] := ARRAY['text', 'character varying', 'character', 'smallint', 'integer', 'bigint', 'uuid']::regtype[];
  schema_name text;
  sargs text[];
  kargs text[];
  fname text;
  c text;
  chk record;
BEGIN
  IF sales_table IS NULL THEN
    RAISE EXCEPTION 'sales_table must not be null' USING ERRCODE = 'null_value_not_allowed';
  END IF;
  -- every named column: present (42703) and of a usable type (42804)
  FOR chk IN
    SELECT * FROM (VALUES
      (sales_table, product_column, ints, 'product', true),
      (sales_table, time_column, times, 'time', true),
      (sales_table, quantity_column, nums, 'quantity', true),
      (sales_table, tenant_column, tenants, 'tenant', false),
      (sales_table, customer_column, ints, 'customer', false),
      (stock_table, stock_product_column, ints, 'stock product', true),
      (stock_table, stock_on_hand_column, nums, 'on-hand', true),
      (stock_table, stock_tenant_column, tenants, 'stock tenant', false),
      (stock_table, stock_time_column, times, 'stock time', false),
      (stock_table, reorder_point_column, nums, 'reorder point', false),
      (stock_table, next_delivery_column, ARRAY['date']::regtype[], 'next delivery', false)
    ) v(tbl, col, allowed, what, required)
    WHERE v.tbl IS NOT NULL AND (v.required OR v.col IS NOT NULL)
  LOOP
    PERFORM stokkel.stk_alerts_check_column(chk.tbl, chk.col, chk.allowed, chk.what);
  END LOOP;
  IF alerts_table IS NOT NULL THEN
    FOREACH c IN ARRAY ARRAY['tenant_id', 'alert_id', 'kind', 'severity', 'product_id', 'message', 'details'] LOOP
      PERFORM stokkel.stk_alerts_check_column(alerts_table, c,
        CASE c WHEN 'product_id' THEN ints WHEN 'alert_id' THEN ints WHEN 'details' THEN ARRAY['jsonb']::regtype[]
               ELSE ARRAY['text']::regtype[] END, 'alerts ' || c);
    END LOOP;
  END IF;
  IF settings_table IS NOT NULL THEN
    PERFORM stokkel.stk_alerts_check_column(settings_table, 'tenant_id', tenants, 'settings tenant_id');
    PERFORM stokkel.stk_alerts_check_column(settings_table, 'key', ARRAY['text']::regtype[], 'settings key');
    PERFORM stokkel.stk_alerts_check_column(settings_table, 'value', ARRAY['jsonb']::regtype[], 'settings value');
  END IF;

  SELECT n.nspname INTO schema_name
    FROM pg_catalog.pg_class r JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace
   WHERE r.oid = sales_table;
  PERFORM stokkel.stk_alerts_create_tables(schema_name, alerts_table IS NULL, settings_table IS NULL);
  IF alerts_table IS NULL THEN
    alerts_table := format('%I.stk_alerts', schema_name)::regclass;
  END IF;
  IF settings_table IS NULL THEN
    settings_table := format('%I.stk_settings', schema_name)::regclass;
  END IF;

  PERFORM stokkel.stk_detach_alerts(sales_table);
  sargs := ARRAY[schema_name, alerts_table::text, settings_table::text, coalesce(tenant_column, ''),
                 product_column, time_column, quantity_column, coalesce(customer_column, ''),
                 coalesce(stock_table::text, ''), coalesce(stock_tenant_column, ''),
                 coalesce(stock_product_column, ''), coalesce(stock_on_hand_column, '')];
  fname := stokkel.stk_alerts_function_name(schema_name, 'stk_alerts_sales_' || sales_table::oid);
  EXECUTE format('CREATE FUNCTION %I.%I() RETURNS trigger LANGUAGE plpgsql VOLATILE
                  SET search_path = pg_catalog, pg_temp AS %L',
                 schema_name, fname,
                 stokkel.stk_alerts_sales_body(sargs, sales_table::text));
  EXECUTE format('COMMENT ON FUNCTION %I.%I() IS %L', schema_name, fname,
                 format('Stokkel alert trigger of %s, generated by stokkel.stk_attach_alerts.', sales_table));
  EXECUTE format('CREATE TRIGGER stk_alerts_sales AFTER INSERT ON %s REFERENCING NEW TABLE AS stk_new_rows
                  FOR EACH STATEMENT EXECUTE FUNCTION %I.%I(%s)',
                 sales_table, schema_name, fname,
                 (SELECT string_agg(quote_literal(x), ', ') FROM unnest(sargs) x));
  IF stock_table IS NOT NULL THEN
    kargs := ARRAY[schema_name, alerts_table::text, settings_table::text, coalesce(stock_tenant_column, ''),
                   stock_product_column, stock_on_hand_column, coalesce(reorder_point_column, ''),
                   coalesce(stock_time_column, ''), coalesce(next_delivery_column, '')];
    fname := stokkel.stk_alerts_function_name(schema_name, 'stk_alerts_stock_' || stock_table::oid);
    EXECUTE format('CREATE FUNCTION %I.%I() RETURNS trigger LANGUAGE plpgsql VOLATILE
                    SET search_path = pg_catalog, pg_temp AS %L',
                   schema_name, fname,
                   stokkel.stk_alerts_stock_body(kargs, stock_table::text));
    EXECUTE format('COMMENT ON FUNCTION %I.%I() IS %L', schema_name, fname,
                   format('Stokkel alert trigger of %s, generated by stokkel.stk_attach_alerts.', stock_table));
    -- transition tables allow one event per trigger: one for each
    EXECUTE format('CREATE TRIGGER stk_alerts_stock_ins AFTER INSERT ON %s REFERENCING NEW TABLE AS stk_new_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION %I.%I()',
                   stock_table, schema_name, fname);
    EXECUTE format('CREATE TRIGGER stk_alerts_stock_upd AFTER UPDATE ON %s REFERENCING NEW TABLE AS stk_new_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION %I.%I()',
                   stock_table, schema_name, fname);
  END IF;
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_attach_alerts(regclass, text, text, text, text, text, regclass, text, text, text, text, text, regclass, regclass, text) IS
  'Attach the statement-level alert triggers to a sales table (product, time, quantity, optional tenant and customer '
  'columns) and optionally a stock table (product, on-hand, optional tenant, time, reorder-point and next-delivery '
  'columns: the stock-out risk looks as far ahead as the next delivery, else alerts.stockout_risk.horizon_days).  '
  'Creates stk_forecast_state, stk_customer_state, stk_alert_checks, stk_alert_errors (and stk_alerts, stk_settings '
  'unless alerts_table / settings_table are given) in the sales table''s schema.  A missing column: 42703; a column '
  'of the wrong type: 42804.  Run stk_refresh_forecast_state afterwards to fit the models.';

CREATE FUNCTION stokkel.stk_attach_retail_alerts(schema_name text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  qual text;
  t text;
BEGIN
  IF schema_name IS NULL THEN
    RAISE EXCEPTION 'schema_name must not be null' USING ERRCODE = 'null_value_not_allowed';
  END IF;
  IF to_regclass(format('%I.sales', schema_name)) IS NULL
     OR to_regclass(format('%I.stock_levels', schema_name)) IS NULL THEN
    RAISE EXCEPTION 'schema "%" has no retail sales and stock_levels tables', schema_name
      USING ERRCODE = 'undefined_table', HINT = 'Create them with stokkel.stk_create_retail_schema.';
  END IF;
  PERFORM stokkel.stk_attach_alerts(
    sales_table => format('%I.sales', schema_name)::regclass,
    product_column => 'product_id', time_column => 'sold_at', quantity_column => 'quantity',
    tenant_column => 'tenant_id', customer_column => 'customer_id',
    stock_table => format('%I.stock_levels', schema_name)::regclass,
    stock_product_column => 'product_id', stock_on_hand_column => 'on_hand',
    stock_tenant_column => 'tenant_id', stock_time_column => 'updated_at',
    alerts_table => format('%I.alerts', schema_name)::regclass,
    settings_table => format('%I.settings', schema_name)::regclass);
  -- the bookkeeping tables get the retail tables' row-level security: the
  -- same tenant policy as the sales table's
  SELECT pg_catalog.pg_get_expr(p.polqual, p.polrelid) INTO qual
    FROM pg_catalog.pg_policy p
   WHERE p.polrelid = format('%I.sales', schema_name)::regclass AND p.polname = 'tenant_isolation';
  IF qual IS NOT NULL THEN
    FOREACH t IN ARRAY ARRAY['stk_forecast_state', 'stk_customer_state', 'stk_alert_checks'] LOOP
      EXECUTE format('ALTER TABLE %I.%I ENABLE ROW LEVEL SECURITY', schema_name, t);
      EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %I.%I', schema_name, t);
      EXECUTE format('CREATE POLICY tenant_isolation ON %I.%I USING (%s) WITH CHECK (%s)',
                     schema_name, t, qual, qual);
    END LOOP;
  END IF;
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_attach_retail_alerts(text) IS
  'Attach the alert triggers to the retail schema''s sales and stock_levels tables (alerts to its alerts table, '
  'thresholds from its settings table); the state tables get the schema''s tenant policy (row-level security).  '
  'No retail tables in the schema: 42P01.';

CREATE FUNCTION stokkel.stk_detach_alerts(sales_table regclass)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  a text[] := stokkel.stk_alerts_args(sales_table);
  stock regclass;
  funcs text;
BEGIN
  IF a IS NULL THEN
    RETURN;
  END IF;
  stock := CASE WHEN a[9] <> '' THEN to_regclass(a[9]) END;
  -- the generated functions are found through the triggers that call them,
  -- not by name: the names carry the tables' OIDs at attach time, which a
  -- dump and restore does not keep.  Only functions attach generated are
  -- dropped (a trigger may have been pointed elsewhere by hand).
  SELECT string_agg(DISTINCT format('DROP FUNCTION %s', t.tgfoid::regprocedure), '; ') INTO funcs
    FROM pg_catalog.pg_trigger t
    JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid
   WHERE ((t.tgrelid = sales_table AND t.tgname = 'stk_alerts_sales')
          OR (t.tgrelid = stock AND t.tgname IN ('stk_alerts_stock_ins', 'stk_alerts_stock_upd')))
     AND p.proname ~ '^stk_alerts_(sales|stock)_[0-9_]+$';
  IF stock IS NOT NULL THEN
    EXECUTE format('DROP TRIGGER IF EXISTS stk_alerts_stock_ins ON %s', stock);
    EXECUTE format('DROP TRIGGER IF EXISTS stk_alerts_stock_upd ON %s', stock);
  END IF;
  EXECUTE format('DROP TRIGGER IF EXISTS stk_alerts_sales ON %s', sales_table);
  IF funcs IS NOT NULL THEN
    EXECUTE funcs;
  END IF;
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_detach_alerts(regclass) IS
  'Remove the alert triggers (and their generated functions) from a sales table and its stock table; the state and '
  'alert tables are kept.  Detach before DROP EXTENSION: the generated functions call the extension''s.';

-- Refit every product's forecast state (of one tenant, or all) from the sales history.
CREATE FUNCTION stokkel.stk_refresh_forecast_state(
  sales_table regclass,
  tenant text DEFAULT NULL,
  as_of date DEFAULT CURRENT_DATE,
  history_days integer DEFAULT 182,
  event_days date[] DEFAULT NULL,
  event_names text[] DEFAULT NULL)
RETURNS TABLE (tenant_id text, product_id bigint, model text, status text)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  a text[] := stokkel.stk_alerts_args(sales_table);
  s text;
  tcol text;
  r record;
  f record;
  -- the events' effects: taken out of the history the state is fitted to,
  -- and kept as lifts of the next lift_horizon days for the bands
  lift_horizon constant integer := 60;
  eff double precision[];
  yfit double precision[];
  ldays date[];
  lqtys double precision[];
  open_lift double precision;
  ny integer;
BEGIN
  IF sales_table IS NULL THEN
    RAISE EXCEPTION 'sales_table must not be null' USING ERRCODE = 'null_value_not_allowed';
  END IF;
  IF a IS NULL THEN
    RAISE EXCEPTION 'no alert triggers are attached to %', sales_table
      USING ERRCODE = 'object_not_in_prerequisite_state', HINT = 'Call stokkel.stk_attach_alerts first.';
  END IF;
  IF as_of IS NULL OR NOT isfinite(as_of) THEN
    RAISE EXCEPTION 'as_of must be a finite date' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF history_days IS NULL OR history_days < 2 OR history_days > 3660 THEN
    RAISE EXCEPTION 'history_days must lie in 2..3660, not %', history_days
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF (event_days IS NULL) <> (event_names IS NULL) THEN
    RAISE EXCEPTION 'event_days and event_names must be given together' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  -- the events' own checks (lengths, NULLs, limits), once for every product
  PERFORM stokkel.stk_event_effects('{0,0,0}', as_of, 1, event_days, event_names)
    WHERE event_days IS NOT NULL;
  s := quote_ident(a[1]);
  tcol := stokkel.stk_alerts_tenant_sql(a[4], '');

  -- lock the rows first: sales committed before this point are read below,
  -- later ones wait for this transaction and fold into the new state
  EXECUTE format('SELECT count(*) FROM (SELECT 1 FROM %s.stk_forecast_state
                   WHERE $1 IS NULL OR tenant_id = $1 ORDER BY tenant_id, product_id FOR UPDATE) x', s)
    USING tenant;

  -- the first sales of as_of run the daily checks (phantom stock, churn)
  EXECUTE format($q$
    INSERT INTO %1$s.stk_alert_checks AS c (tenant_id, checked_day)
    SELECT DISTINCT %2$s, $2 - 1 FROM %3$s WHERE %4$I >= $3 AND %4$I < $2 + 1 AND ($1 IS NULL OR %2$s = $1)
    ON CONFLICT (tenant_id) DO UPDATE SET checked_day = excluded.checked_day
    $q$, s, tcol, sales_table, a[6])
    USING tenant, as_of, as_of - history_days;

  -- the customers' purchase days over the same window
  IF a[8] <> '' THEN
    EXECUTE format($q$
      INSERT INTO %1$s.stk_customer_state AS c (tenant_id, customer_id, first_day, last_day, n_days)
      SELECT %2$s, (%3$I)::bigint, min((%4$I)::date), max((%4$I)::date), count(DISTINCT (%4$I)::date)
        FROM %6$s
       WHERE %3$I IS NOT NULL AND %4$I >= $2 AND %4$I < $3 + 1 AND %5$I > 0 AND ($1 IS NULL OR %2$s = $1)
       GROUP BY 1, 2 ORDER BY 1, 2
      ON CONFLICT (tenant_id, customer_id) DO UPDATE SET
        first_day = excluded.first_day, last_day = excluded.last_day, n_days = excluded.n_days
      $q$, s, tcol, a[8], a[6], a[7], sales_table)
      USING tenant, as_of - history_days, as_of;
  END IF;

  FOR r IN EXECUTE format($q$
    WITH daily AS (
      SELECT %1$s AS t, (%2$I)::bigint AS p, (%3$I)::date AS d, sum(%4$I)::float8 AS q
        FROM %5$s
       WHERE %3$I >= $2 AND %3$I < $3 + 1 AND ($1 IS NULL OR %1$s = $1)
         AND %2$I IS NOT NULL AND %4$I IS NOT NULL
       GROUP BY 1, 2, 3),
    prods AS (SELECT t, p, min(d) AS first FROM daily GROUP BY 1, 2)
    SELECT pr.t, pr.p, pr.first,
           (SELECT array_agg(greatest(coalesce(dl.q, 0), 0) ORDER BY g.d)
              FROM generate_series(pr.first, $3 - 1, interval '1 day') g(d)
              LEFT JOIN daily dl ON dl.t = pr.t AND dl.p = pr.p AND dl.d = g.d::date) AS y,
           (SELECT dl.q FROM daily dl WHERE dl.t = pr.t AND dl.p = pr.p AND dl.d = $3) AS today,
           (SELECT max(dl.d) FROM daily dl WHERE dl.t = pr.t AND dl.p = pr.p AND dl.q > 0) AS sold,
           cfg.c
      FROM prods pr
      JOIN (%6$s) cfg ON cfg.t = pr.t
     ORDER BY 1, 2
    $q$, tcol, a[5], a[6], a[7], sales_table,
    stokkel.stk_alerts_cfg_sql(a[3], 'SELECT DISTINCT t FROM prods'))
    USING tenant, as_of - history_days, as_of
  LOOP
    tenant_id := r.t;
    product_id := r.p;
    BEGIN
      IF coalesce(cardinality(r.y), 0) < 2 THEN
        model := NULL;
        status := 'skipped: fewer than 2 days of history';
        RETURN NEXT;
        CONTINUE;
      END IF;
      yfit := r.y;
      ldays := NULL;
      lqtys := NULL;
      open_lift := 0;
      IF event_days IS NOT NULL OR event_names IS NOT NULL THEN
        ny := cardinality(r.y);
        eff := stokkel.stk_event_effects(r.y, r.first, lift_horizon, event_days, event_names);
        yfit := ARRAY(SELECT greatest(r.y[i] - eff[i], 0) FROM generate_series(1, ny) i ORDER BY i);
        SELECT array_agg(as_of + k ORDER BY k), array_agg(eff[ny + 1 + k] ORDER BY k)
          INTO ldays, lqtys
          FROM generate_series(0, lift_horizon - 1) k
         WHERE abs(eff[ny + 1 + k]) >= 0.01;
        open_lift := eff[ny + 1];
      END IF;
      f := stokkel.stk_fstate_fit(yfit, (r.c).sales_drop_probability, (r.c).sales_spike_probability, open_lift);
      EXECUTE format($q$
        INSERT INTO %s.stk_forecast_state AS s
               (tenant_id, product_id, model, params, state, fitted_at, fitted_through, open_day, open_qty,
                last_sale_day, updates, mean, band_lo, band_hi, p_zero, lift_days, lift_qtys, updated_at)
        VALUES ($1, $2, $3, $4, $5, now(), $6 - 1, $6, coalesce($7, 0), $8, 0, $9, $10, $11, $12, $13, $14, now())
        ON CONFLICT (tenant_id, product_id) DO UPDATE SET
          model = excluded.model, params = excluded.params, state = excluded.state,
          fitted_at = excluded.fitted_at, fitted_through = excluded.fitted_through,
          open_day = excluded.open_day, open_qty = excluded.open_qty,
          last_sale_day = excluded.last_sale_day, updates = 0, mean = excluded.mean,
          band_lo = excluded.band_lo, band_hi = excluded.band_hi, p_zero = excluded.p_zero,
          lift_days = excluded.lift_days, lift_qtys = excluded.lift_qtys,
          updated_at = excluded.updated_at
        $q$, s)
        USING r.t, r.p, f.model, f.params, f.state, as_of, r.today, r.sold, f.mean, f.band_lo,
              f.band_hi, f.p_zero, ldays, lqtys;
      model := f.model;
      status := 'ok';
    EXCEPTION WHEN OTHERS THEN
      model := NULL;
      status := 'error: ' || SQLERRM;
    END;
    RETURN NEXT;
  END LOOP;
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_refresh_forecast_state(regclass, text, date, integer, date[], text[]) IS
  'Refit the forecast state of every product (of one tenant, or all) of an attached sales table from the daily '
  'sales of the history_days days before as_of (from each product''s first sale); as_of becomes the open day; the '
  'customers'' purchase days are recounted over the same window.  One '
  'row per product with its model and a status (''ok'', ''skipped: ...'', ''error: ...''): a failing product never '
  'fails the call.  Meant for a nightly job (pg_cron).  Not attached: 55000; bad as_of or history_days: 22023.  '
  'event_days, event_names (as stk_forecast_series; e.g. the retail schema''s events of the tenant): their '
  'effects, as auto estimates them, are taken out of each product''s history before the state is fitted and '
  'kept as lifts of the next 60 days, added to those days'' bands, so a feast rush is not a spike.';
