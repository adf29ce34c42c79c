-- The HTTP surface: the schema PostgREST serves (default "api"), its roles
-- and privileges, made by stk_create_api over a retail schema.
--
-- Like the retail schema, the api schema is made by a function call, not by
-- CREATE EXTENSION: its views and functions name the retail schema the user
-- chose, which does not exist when the extension is created, and they
-- belong to the user (DROP EXTENSION refuses to run while they exist, and
-- DROP EXTENSION ... CASCADE drops them, never the retail data).
--
-- The content of the api schema comes from "definers": every function
-- stokkel.stk_api_def_<area>(api_schema text, retail_schema text) of the
-- extension is called, in name order, to create that area's views and
-- functions.  A later feature adds its HTTP wrappers by adding one definer,
-- without touching stk_create_api.  Privileges follow the COMMENT of each
-- function: "Admin only." → the admin role, "Public." → everyone including
-- the anonymous role, anything else → the authenticated user role (and the
-- admin role, which is a member of it).  Views are readable by users.

CREATE FUNCTION stokkel.stk_http_file(data bytea, content_type text, filename text)
RETURNS bytea
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
  -- PostgREST sends these response headers (response.headers GUC)
  PERFORM pg_catalog.set_config('response.headers',
    pg_catalog.json_build_array(
      pg_catalog.json_build_object('Content-Type', content_type),
      pg_catalog.json_build_object('Content-Disposition',
        pg_catalog.format('attachment; filename="%s"', pg_catalog.translate(filename, '"\', ''))))::text,
    true);
  RETURN data;
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_http_file(bytea, text, text) IS
  'Return data as a download: sets the PostgREST response headers Content-Type and Content-Disposition '
  '(filename) for the current transaction.';

-- Run the statements that define api objects: %1$I is the api schema, %2$L
-- and %3$I the retail schema, %4$s the token's tenant (an expression: NULL,
-- hence no rows, without a tenant_id claim), %5$s... the caller's extra
-- arguments.  The one loop every stk_api_def_* function uses.
CREATE FUNCTION stokkel.stk_api_run(api_schema text, retail_schema text, stmts text[],
                                    extra text[] DEFAULT '{}')
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  stmt text;
  tenant constant text := pg_catalog.format('stokkel.stk_jwt_tenant(%L)', retail_schema);
BEGIN
  FOREACH stmt IN ARRAY stmts LOOP
    EXECUTE pg_catalog.format(pg_catalog.replace(stmt, '%4$s', tenant),
                              VARIADIC ARRAY[api_schema, retail_schema, retail_schema, NULL] || extra);
  END LOOP;
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_api_run(text, text, text[], text[]) IS
  'Execute api-defining statements: format placeholders %1$I api schema, %2$L/%3$I retail schema, %4$s the '
  'token''s tenant expression, %5$s... extra.';

-- The HTTP wrappers of the analytics, forecasts, imports, exports and the
-- chart.  %1$I is the api schema, %2$L the retail schema as a literal.
CREATE FUNCTION stokkel.stk_api_def_core(api_schema text, retail_schema text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
  PERFORM stokkel.stk_api_run(api_schema, retail_schema, ARRAY[
    -- Lists: views over the retail tables, as the caller (security_invoker)
    -- so that row-level security applies, and filtered by the token's
    -- tenant (which also makes a token naming an unknown tenant an error).
    $v$CREATE VIEW %1$I.products WITH (security_invoker = true) AS
       SELECT p.tenant_id, p.product_id, p.sku, p.name, p.category, p.unit_price, p.unit_cost, p.supplier_id,
              p.pack_size, p.moq, p.launched_on, p.active
         FROM %3$I.products p WHERE p.tenant_id OPERATOR(pg_catalog.=) (SELECT %4$s)$v$,
    $v$COMMENT ON VIEW %1$I.products IS
       'The products of the token''s tenant: sku, name, category, price and cost, supplier, pack size, minimum order.'$v$,
    $v$CREATE VIEW %1$I.sales WITH (security_invoker = true) AS
       SELECT s.tenant_id, s.sale_id, s.product_id, s.sold_at, s.quantity, s.unit_price, s.customer_id
         FROM %3$I.sales s WHERE s.tenant_id OPERATOR(pg_catalog.=) (SELECT %4$s)$v$,
    $v$COMMENT ON VIEW %1$I.sales IS
       'Sale lines of the token''s tenant (a negative quantity is a return).  Filter with sold_at=gte.... to page.'$v$,
    $v$CREATE VIEW %1$I.stock WITH (security_invoker = true) AS
       SELECT l.tenant_id, l.product_id, p.sku, p.name, l.on_hand, l.reserved, l.on_hand - l.reserved AS available,
              l.updated_at
         FROM %3$I.stock_levels l
         JOIN %3$I.products p ON p.tenant_id OPERATOR(pg_catalog.=) l.tenant_id
                             AND p.product_id OPERATOR(pg_catalog.=) l.product_id
        WHERE l.tenant_id OPERATOR(pg_catalog.=) (SELECT %4$s)$v$,
    $v$COMMENT ON VIEW %1$I.stock IS
       'Current stock of the token''s tenant per product: on hand, reserved and available units.'$v$,
    $v$CREATE VIEW %1$I.alerts WITH (security_invoker = true) AS
       SELECT a.tenant_id, a.alert_id, a.created_at, a.kind, a.severity, a.product_id, a.message, a.details,
              a.acknowledged_at
         FROM %3$I.alerts a WHERE a.tenant_id OPERATOR(pg_catalog.=) (SELECT %4$s)$v$,
    $v$COMMENT ON VIEW %1$I.alerts IS
       'Alerts of the token''s tenant (stock-outs, spikes, drops, dead stock); open while acknowledged_at is null.'$v$,

    $f$CREATE FUNCTION %1$I.health(OUT service text, OUT version text)
       LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $b$
         SELECT 'stokkel'::text, e.extversion::text FROM pg_catalog.pg_extension e WHERE e.extname = 'stokkel'
       $b$$f$,
    $f$COMMENT ON FUNCTION %1$I.health() IS 'Public. The service name and the Stokkel version (no tenant data).'$f$,

    $f$CREATE FUNCTION %1$I.me(OUT tenant_id text, OUT name text, OUT currency text, OUT timezone text, OUT role text)
       RETURNS SETOF record LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $b$
         SELECT t.tenant_id, t.name, t.currency, t.timezone, CURRENT_USER::text
           FROM %3$I.tenants t WHERE t.tenant_id OPERATOR(pg_catalog.=) stokkel.stk_jwt_tenant(%2$L, true)
       $b$$f$,
    $f$COMMENT ON FUNCTION %1$I.me() IS
       'The token''s tenant (name, currency, time zone) and database role; 28000 without a tenant claim.'$f$,

    $f$CREATE FUNCTION %1$I.forecast(product_id bigint DEFAULT NULL, horizon integer DEFAULT 28,
                                      freq text DEFAULT 'day', method text DEFAULT 'auto',
                                      history_days integer DEFAULT 365, as_of date DEFAULT NULL,
                                      price_effect boolean DEFAULT false)
       RETURNS SETOF stokkel.product_forecast LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $b$
         SELECT f.* FROM %4$s AS t,
                LATERAL stokkel.stk_product_forecast(%2$L, t, forecast.product_id, forecast.horizon, forecast.freq,
                                                     forecast.method, forecast.history_days, forecast.as_of,
                                                     forecast.price_effect) f
          WHERE t IS NOT NULL
       $b$$f$,
    $f$COMMENT ON FUNCTION %1$I.forecast(bigint, integer, text, text, integer, date, boolean) IS
       'Demand forecast of one product (product_id) or of every product: for each period of the horizon the '
       'point forecast and P10/P50/P90, from the history_days of sales before as_of (default: the last sale '
       'day) at freq day, week or month, stock-outs and closed days masked; method auto (with the effects of '
       'the tenant''s events: feasts, promotions), prophet, ets, theta, croston ...; price_effect (with method '
       'prophet): the selling prices of the history and the list price ahead as a regressor'$f$,

    $f$CREATE FUNCTION %1$I.top_products(period_start date, period_end date, metric text DEFAULT 'revenue',
                                          n integer DEFAULT 10, category text DEFAULT NULL)
       RETURNS SETOF stokkel.top_product LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $b$
         SELECT f.* FROM %4$s AS t,
                LATERAL stokkel.stk_top_products(%2$L, t, top_products.period_start, top_products.period_end,
                                                 top_products.metric, top_products.n, top_products.category) f
          WHERE t IS NOT NULL
       $b$$f$,
    $f$COMMENT ON FUNCTION %1$I.top_products(date, date, text, integer, text) IS
       'Top n products over the local days period_start..period_end by metric revenue, units, margin or growth, '
       'with share, previous period, change and ABC class (see stokkel.stk_top_products).'$f$,

    $f$CREATE FUNCTION %1$I.dashboard_kpis(period_start date, period_end date)
       RETURNS SETOF stokkel.kpi_value LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $b$
         SELECT k.* FROM %4$s AS t,
                LATERAL stokkel.stk_kpi_rows(stokkel.stk_dashboard_kpis(%2$L, t, dashboard_kpis.period_start,
                                                                         dashboard_kpis.period_end)) k
          WHERE t IS NOT NULL
       $b$$f$,
    $f$COMMENT ON FUNCTION %1$I.dashboard_kpis(date, date) IS
       'Dashboard KPIs over the local days period_start..period_end as (kpi, value, note) rows: revenue, units, '
       'orders, margin, stock value, days of cover, stock-outs, dead stock, turns, and the changes against the '
       'previous period and last year (see stokkel.stk_dashboard_kpis).'$f$,

    $f$CREATE FUNCTION %1$I.sales_trend(period_start date, period_end date, grain text DEFAULT 'week',
                                         product_id bigint DEFAULT NULL)
       RETURNS SETOF stokkel.sales_trend_point LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $b$
         SELECT f.* FROM %4$s AS t,
                LATERAL stokkel.stk_sales_trend(%2$L, t, sales_trend.period_start, sales_trend.period_end,
                                                sales_trend.grain, sales_trend.product_id) f
          WHERE t IS NOT NULL
       $b$$f$,
    $f$COMMENT ON FUNCTION %1$I.sales_trend(date, date, text, bigint) IS
       'Net revenue, units and orders per day, week or month (grain) over period_start..period_end, of every '
       'product or of one.'$f$,

    $f$CREATE FUNCTION %1$I.abc_xyz(period_start date, period_end date)
       RETURNS SETOF stokkel.abc_xyz_class LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $b$
         SELECT f.* FROM %4$s AS t,
                LATERAL stokkel.stk_abc_xyz(%2$L, t, abc_xyz.period_start, abc_xyz.period_end) f
          WHERE t IS NOT NULL
       $b$$f$,
    $f$COMMENT ON FUNCTION %1$I.abc_xyz(date, date) IS
       'ABC (revenue) and XYZ (weekly demand variation) classes and the demand class of every product sold over '
       'period_start..period_end (at least 14 days).'$f$,

    -- Imports: JSON arguments, or the raw body (a single unnamed text or
    -- bytea parameter: PostgREST passes a text/plain or
    -- application/octet-stream body as is).  The raw-body forms take the
    -- mode from the request header X-Import-Mode.
    $f$CREATE FUNCTION %1$I.import_sales(csv text, mode text DEFAULT 'all_or_nothing')
       RETURNS stokkel.import_result LANGUAGE sql VOLATILE SET search_path = pg_catalog, pg_temp AS $b$
         SELECT stokkel.stk_import_csv(%2$L, stokkel.stk_jwt_tenant(%2$L, true), 'sales', import_sales.csv,
                                       import_sales.mode)
       $b$$f$,
    $f$COMMENT ON FUNCTION %1$I.import_sales(text, text) IS
       'Import sale lines from CSV text (columns sku, sold_at, quantity, optional unit_price, customer_id).  '
       'Every rejected row is reported with its line and reason; mode all_or_nothing (default) writes nothing '
       'when a row is rejected, commit_good writes the accepted rows.'$f$,
    $f$CREATE FUNCTION %1$I.import_stock(csv text, mode text DEFAULT 'all_or_nothing')
       RETURNS stokkel.import_result LANGUAGE sql VOLATILE SET search_path = pg_catalog, pg_temp AS $b$
         SELECT stokkel.stk_import_csv(%2$L, stokkel.stk_jwt_tenant(%2$L, true), 'stock', import_stock.csv,
                                       import_stock.mode)
       $b$$f$,
    $f$COMMENT ON FUNCTION %1$I.import_stock(text, text) IS
       'Import counted stock from CSV text (columns sku, on_hand, optional reserved): replaces the stock level, '
       'books the difference as an adjustment.  Rejected rows reported; mode as for import_sales.'$f$,
    $f$CREATE FUNCTION %1$I.import_products(csv text, mode text DEFAULT 'all_or_nothing')
       RETURNS stokkel.import_result LANGUAGE sql VOLATILE SET search_path = pg_catalog, pg_temp AS $b$
         SELECT stokkel.stk_import_csv(%2$L, stokkel.stk_jwt_tenant(%2$L, true), 'products', import_products.csv,
                                       import_products.mode)
       $b$$f$,
    $f$COMMENT ON FUNCTION %1$I.import_products(text, text) IS
       'Admin only. Import or update products from CSV text (columns sku, name, unit_price, optional category, '
       'unit_cost, supplier_id, pack_size, moq, launched_on, active; matched by sku).  Rejected rows reported.'$f$,
    $f$CREATE FUNCTION %1$I.import_sales_csv(text)
       RETURNS stokkel.import_result LANGUAGE sql VOLATILE SET search_path = pg_catalog, pg_temp AS $b$
         SELECT stokkel.stk_import_csv(%2$L, stokkel.stk_jwt_tenant(%2$L, true), 'sales', $1,
                  coalesce(NULLIF(pg_catalog.current_setting('request.headers', true), '')::json
                             OPERATOR(pg_catalog.->>) 'x-import-mode', 'all_or_nothing'))
       $b$$f$,
    $f$COMMENT ON FUNCTION %1$I.import_sales_csv(text) IS
       'Import sale lines from a raw CSV body (POST with Content-Type: text/plain); the mode comes from the '
       'X-Import-Mode header (all_or_nothing by default, or commit_good).'$f$,
    $f$CREATE FUNCTION %1$I.import_xlsx(bytea)
       RETURNS SETOF stokkel.import_result LANGUAGE sql VOLATILE SET search_path = pg_catalog, pg_temp AS $b$
         SELECT * FROM stokkel.stk_import_xlsx(%2$L, stokkel.stk_jwt_tenant(%2$L, true), $1,
                  coalesce(NULLIF(pg_catalog.current_setting('request.headers', true), '')::json
                             OPERATOR(pg_catalog.->>) 'x-import-mode', 'all_or_nothing'))
       $b$$f$,
    $f$COMMENT ON FUNCTION %1$I.import_xlsx(bytea) IS
       'Import an Excel workbook (raw body, Content-Type: application/octet-stream) with sheets products, stock '
       'and sales (columns as in the CSV imports; the products sheet needs the admin role).  One report per '
       'sheet; the mode comes from the X-Import-Mode header and covers the whole workbook.'$f$,

    -- Exports.  CSV: PostgREST's own text/csv handler already serves every
    -- view and set-returning function with Accept: text/csv; these give a
    -- file download.  xlsx: its media type is longer than a PostgreSQL
    -- name, so it is served through the "*/*" handler with the headers set.
    $f$CREATE FUNCTION %1$I.forecast_csv(product_id bigint DEFAULT NULL, horizon integer DEFAULT 28,
                                          freq text DEFAULT 'day', history_days integer DEFAULT 365)
       RETURNS %1$I."text/csv" LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $b$
         SELECT stokkel.stk_csv(x.j)
           FROM %4$s AS t,
                LATERAL (SELECT coalesce(pg_catalog.json_agg(f ORDER BY f.product_id, f.step), '[]') AS j
                           FROM %1$I.forecast(forecast_csv.product_id, forecast_csv.horizon, forecast_csv.freq,
                                              'auto', forecast_csv.history_days) f) x
          WHERE t IS NOT NULL
       $b$$f$,
    $f$COMMENT ON FUNCTION %1$I.forecast_csv(bigint, integer, text, integer) IS
       'The forecast (see forecast) as a CSV file (Accept: text/csv).'$f$,
    $f$CREATE FUNCTION %1$I.forecast_xlsx(product_id bigint DEFAULT NULL, horizon integer DEFAULT 28,
                                           freq text DEFAULT 'day', history_days integer DEFAULT 365)
       RETURNS %1$I."*/*" LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $b$
         SELECT stokkel.stk_http_file(
                  stokkel.stk_xlsx(pg_catalog.jsonb_build_array(stokkel.stk_xlsx_sheet('forecast', x.j))),
                  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'forecast.xlsx')
           FROM %4$s AS t,
                LATERAL (SELECT coalesce(pg_catalog.json_agg(f ORDER BY f.product_id, f.step), '[]') AS j
                           FROM %1$I.forecast(forecast_xlsx.product_id, forecast_xlsx.horizon, forecast_xlsx.freq,
                                              'auto', forecast_xlsx.history_days) f) x
          WHERE t IS NOT NULL
       $b$$f$,
    $f$COMMENT ON FUNCTION %1$I.forecast_xlsx(bigint, integer, text, integer) IS
       'The forecast (see forecast) as an Excel workbook with one sheet "forecast".'$f$,
    $f$CREATE FUNCTION %1$I.kpis_csv(period_start date, period_end date)
       RETURNS %1$I."text/csv" LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $b$
         SELECT stokkel.stk_csv(x.j)
           FROM %4$s AS t,
                LATERAL (SELECT coalesce(pg_catalog.json_agg(k), '[]') AS j
                           FROM %1$I.dashboard_kpis(kpis_csv.period_start, kpis_csv.period_end) k) x
          WHERE t IS NOT NULL
       $b$$f$,
    $f$COMMENT ON FUNCTION %1$I.kpis_csv(date, date) IS
       'The dashboard KPIs (see dashboard_kpis) as a CSV file (Accept: text/csv).'$f$,
    $f$CREATE FUNCTION %1$I.kpis_xlsx(period_start date, period_end date)
       RETURNS %1$I."*/*" LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $b$
         SELECT stokkel.stk_http_file(
                  stokkel.stk_xlsx(pg_catalog.jsonb_build_array(stokkel.stk_xlsx_sheet('kpis', x.j))),
                  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'kpis.xlsx')
           FROM %4$s AS t,
                LATERAL (SELECT coalesce(pg_catalog.json_agg(k), '[]') AS j
                           FROM %1$I.dashboard_kpis(kpis_xlsx.period_start, kpis_xlsx.period_end) k) x
          WHERE t IS NOT NULL
       $b$$f$,
    $f$COMMENT ON FUNCTION %1$I.kpis_xlsx(date, date) IS
       'The dashboard KPIs (see dashboard_kpis) as an Excel workbook with one sheet "kpis".'$f$,

    $f$CREATE FUNCTION %1$I.forecast_chart(product_id bigint, horizon integer DEFAULT 28, freq text DEFAULT 'day',
                                            history_days integer DEFAULT 120, method text DEFAULT 'auto',
                                            price_effect boolean DEFAULT false)
       RETURNS %1$I."image/svg+xml" LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $b$
         SELECT stokkel.stk_forecast_svg(%2$L, t, forecast_chart.product_id, forecast_chart.horizon,
                                         forecast_chart.freq, forecast_chart.history_days,
                                         forecast_chart.method, forecast_chart.price_effect)
           FROM %4$s AS t WHERE t IS NOT NULL
       $b$$f$,
    $f$COMMENT ON FUNCTION %1$I.forecast_chart(bigint, integer, text, integer, text, boolean) IS
       'An SVG chart (Accept: image/svg+xml) of a product''s recent sales and its forecast (method and '
       'price_effect as in forecast): the P10-P90 band and the P50 line.'$f$,

    -- the alert thresholds only through set_alert_setting, which checks
    -- them: the triggers read every tenant's settings in one statement
    $f$CREATE FUNCTION %1$I.set_setting(key text, value jsonb)
       RETURNS jsonb LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $b$
       #variable_conflict use_column
       DECLARE
         r jsonb;
       BEGIN
         IF set_setting.key IS NULL OR set_setting.key LIKE 'alerts.%%' THEN
           RAISE EXCEPTION 'key must not be null or an alert setting'
             USING ERRCODE = 'invalid_parameter_value',
                   HINT = 'Set alert thresholds with set_alert_setting(alert_type, setting, value).';
         END IF;
         INSERT INTO %3$I.settings AS s (tenant_id, key, value)
         VALUES (stokkel.stk_jwt_tenant(%2$L, true), set_setting.key, set_setting.value)
         ON CONFLICT (tenant_id, key) DO UPDATE SET value = EXCLUDED.value
         RETURNING pg_catalog.jsonb_build_object(s.key, s.value) INTO r;
         RETURN r;
       END
       $b$$f$,
    $f$COMMENT ON FUNCTION %1$I.set_setting(text, jsonb) IS
       'Admin only. Set a setting of the token''s tenant (service_level, review_period_days, ...); alert '
       'thresholds (alerts.*) only through set_alert_setting: 22023.'$f$
  ]);
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_api_def_core(text, text) IS
  'Definer of the api schema''s core (called by stk_create_api): views products, sales, stock, alerts; '
  'functions health, me, forecast, top_products, dashboard_kpis, sales_trend, abc_xyz, the imports, the CSV '
  'and xlsx exports, forecast_chart and set_setting.';

CREATE FUNCTION stokkel.stk_create_api(
  retail_schema text,
  api_schema    text DEFAULT 'api',
  anon_role     text DEFAULT 'web_anon',
  user_role     text DEFAULT 'web_user',
  admin_role    text DEFAULT 'web_admin')
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  r    text;
  def  regprocedure;
  f    record;
  tbl  text;
BEGIN
  IF retail_schema IS NULL OR api_schema IS NULL OR anon_role IS NULL OR user_role IS NULL
     OR admin_role IS NULL THEN
    RAISE EXCEPTION 'arguments of stk_create_api must not be null' USING ERRCODE = 'null_value_not_allowed';
  END IF;
  FOREACH tbl IN ARRAY ARRAY['tenants', 'products', 'sales', 'stock_levels', 'alerts', 'settings'] LOOP
    IF pg_catalog.to_regclass(pg_catalog.format('%I.%I', retail_schema, tbl)) IS NULL THEN
      RAISE EXCEPTION 'schema "%" has no retail table "%"', retail_schema, tbl
        USING ERRCODE = 'undefined_table',
              HINT = pg_catalog.format('Create it first: SELECT stokkel.stk_create_retail_schema(%L);', retail_schema);
    END IF;
  END LOOP;
  IF api_schema = '' OR pg_catalog.lower(api_schema) IN ('stokkel', 'pg_catalog', 'information_schema', 'public')
     OR pg_catalog.lower(api_schema) LIKE 'pg\_%' OR api_schema = retail_schema THEN
    RAISE EXCEPTION 'cannot create the api in schema "%"', api_schema USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF pg_catalog.octet_length(api_schema) > 63 THEN
    RAISE EXCEPTION 'schema name "%" is too long', api_schema USING ERRCODE = 'name_too_long';
  END IF;
  FOREACH r IN ARRAY ARRAY[anon_role, user_role, admin_role] LOOP
    IF r = '' OR pg_catalog.octet_length(r) > 63 OR pg_catalog.lower(r) LIKE 'pg\_%' OR r = 'public' THEN
      RAISE EXCEPTION 'invalid role name "%"', pg_catalog.left(r, 80) USING ERRCODE = 'invalid_parameter_value';
    END IF;
  END LOOP;
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = api_schema) THEN
    RAISE EXCEPTION 'schema "%" already exists', api_schema
      USING ERRCODE = 'duplicate_schema',
            HINT = pg_catalog.format('Drop it first (DROP SCHEMA %I CASCADE) to recreate the api.', api_schema);
  END IF;

  -- Roles: NOLOGIN; PostgREST's login role (authenticator) is granted them
  -- and switches to one per request.  A role that could bypass row-level
  -- security would defeat the tenant isolation: refused.
  FOREACH r IN ARRAY ARRAY[anon_role, user_role, admin_role] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r) THEN
      EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', r);
    ELSIF EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r AND (rolsuper OR rolbypassrls)) THEN
      RAISE EXCEPTION 'role "%" is a superuser or bypasses row-level security', r
        USING ERRCODE = 'insufficient_privilege';
    END IF;
  END LOOP;
  IF pg_catalog.cardinality(ARRAY(SELECT DISTINCT x FROM pg_catalog.unnest(ARRAY[anon_role, user_role, admin_role]) x)) < 3 THEN
    RAISE EXCEPTION 'the anonymous, user and admin roles must differ' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_auth_members m
                  WHERE m.roleid = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = user_role)
                    AND m.member = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = admin_role)) THEN
    EXECUTE pg_catalog.format('GRANT %I TO %I', user_role, admin_role);
  END IF;

  EXECUTE pg_catalog.format('CREATE SCHEMA %I', api_schema);
  EXECUTE pg_catalog.format('COMMENT ON SCHEMA %I IS %L', api_schema,
    'Stokkel HTTP API over the retail schema ' || retail_schema || ': forecasts, analytics, imports and exports '
    'of the tenant named by the tenant_id claim of the JWT.');
  -- PostgREST media type handlers (PostgREST 12 or later)
  EXECUTE pg_catalog.format('CREATE DOMAIN %I."text/csv" AS pg_catalog.text', api_schema);
  EXECUTE pg_catalog.format('CREATE DOMAIN %I."image/svg+xml" AS pg_catalog.text', api_schema);
  EXECUTE pg_catalog.format('CREATE DOMAIN %I."*/*" AS pg_catalog.bytea', api_schema);
  EXECUTE pg_catalog.format('CREATE DOMAIN %I."application/pdf" AS pg_catalog.bytea', api_schema);
  EXECUTE pg_catalog.format('COMMENT ON DOMAIN %I."text/csv" IS %L', api_schema, 'CSV text (media type handler).');
  EXECUTE pg_catalog.format('COMMENT ON DOMAIN %I."image/svg+xml" IS %L', api_schema, 'An SVG image (media type handler).');
  EXECUTE pg_catalog.format('COMMENT ON DOMAIN %I."application/pdf" IS %L', api_schema,
    'A PDF document (media type handler).');
  EXECUTE pg_catalog.format('COMMENT ON DOMAIN %I."*/*" IS %L', api_schema,
    'Any media type; the function sets Content-Type in response.headers (used for .xlsx).');

  FOR def IN
    SELECT p.oid::regprocedure FROM pg_catalog.pg_proc p
     WHERE p.pronamespace = 'stokkel'::regnamespace AND p.proname LIKE 'stk\_api\_def\_%'
       AND p.proargtypes = '25 25'::pg_catalog.oidvector
     ORDER BY p.proname
  LOOP
    EXECUTE pg_catalog.format('SELECT %s($1, $2)', def::regproc) USING api_schema, retail_schema;
  END LOOP;

  -- Privileges.
  EXECUTE pg_catalog.format('REVOKE ALL ON ALL FUNCTIONS IN SCHEMA %I FROM PUBLIC', api_schema);
  EXECUTE pg_catalog.format('GRANT USAGE ON SCHEMA %I TO %I, %I', api_schema, anon_role, user_role);
  FOR f IN
    SELECT p.oid::regprocedure AS fn, coalesce(pg_catalog.obj_description(p.oid, 'pg_proc'), '') AS c
      FROM pg_catalog.pg_proc p WHERE p.pronamespace = pg_catalog.quote_ident(api_schema)::regnamespace
  LOOP
    EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION %s TO %I', f.fn,
      CASE WHEN f.c LIKE 'Admin only.%' THEN admin_role ELSE user_role END);
    IF f.c LIKE 'Public.%' THEN
      EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION %s TO %I', f.fn, anon_role);
    END IF;
  END LOOP;
  EXECUTE pg_catalog.format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO %I', api_schema, user_role);

  -- The functions run as the caller (SECURITY INVOKER), so the roles need
  -- the table privileges themselves; row-level security limits them to
  -- their tenant.  The anonymous role gets nothing in the retail schema.
  EXECUTE pg_catalog.format('GRANT USAGE ON SCHEMA %I TO %I', retail_schema, user_role);
  EXECUTE pg_catalog.format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO %I', retail_schema, user_role);
  EXECUTE pg_catalog.format('GRANT INSERT ON %I.sales, %I.stock_movements TO %I', retail_schema, retail_schema, user_role);
  EXECUTE pg_catalog.format('GRANT INSERT, UPDATE ON %I.stock_levels TO %I', retail_schema, user_role);
  EXECUTE pg_catalog.format('GRANT INSERT, UPDATE ON %I.products, %I.settings TO %I',
                            retail_schema, retail_schema, admin_role);
  -- acknowledge_alert writes that one column
  EXECUTE pg_catalog.format('GRANT UPDATE (acknowledged_at) ON %I.alerts TO %I', retail_schema, user_role);
  -- Alert triggers (stk_attach_retail_alerts) run as the user whose import
  -- inserts the sales or stock: they keep their state and raise alerts with
  -- the user's rights, under the tenant policy the state tables share with
  -- the retail tables (granted only where that policy is on).  The error
  -- log has no tenant column: users may add to it, never read it.
  FOREACH tbl IN ARRAY ARRAY['stk_forecast_state', 'stk_customer_state', 'stk_alert_checks'] LOOP
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_class c
                WHERE c.oid = pg_catalog.to_regclass(pg_catalog.format('%I.%I', retail_schema, tbl))
                  AND c.relrowsecurity) THEN
      EXECUTE pg_catalog.format('GRANT SELECT, INSERT, UPDATE ON %I.%I TO %I', retail_schema, tbl, user_role);
      EXECUTE pg_catalog.format('GRANT INSERT ON %I.alerts TO %I', retail_schema, user_role);
    END IF;
  END LOOP;
  IF pg_catalog.to_regclass(pg_catalog.format('%I.stk_alert_errors', retail_schema)) IS NOT NULL THEN
    EXECUTE pg_catalog.format('REVOKE ALL ON %I.stk_alert_errors FROM %I', retail_schema, user_role);
    EXECUTE pg_catalog.format('GRANT INSERT ON %I.stk_alert_errors TO %I', retail_schema, user_role);
  END IF;
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_create_api(text, text, text, text, text) IS
  'Create the schema PostgREST serves (api_schema, default api) over a retail schema: views and RPC functions '
  'of every stk_api_def_* definer, the media type domains text/csv, image/svg+xml and */*, and the roles '
  'anon_role (NOLOGIN; only functions commented "Public."), user_role (the tenant''s data, imports of sales '
  'and stock) and admin_role (member of user_role; also functions commented "Admin only.": products import, '
  'settings).  The tenant is the tenant_id claim of request.jwt.claims; row-level security enforces it.  '
  'Refuses an existing api schema (42P06), a missing retail schema (42P01), a role that is superuser or '
  'bypasses RLS (42501).';
