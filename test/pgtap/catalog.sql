-- Catalogue sweep: every function of the extension carries the intended
-- volatility, strictness and parallel label; nothing is SECURITY DEFINER
-- without a pinned search_path; nothing lands in public; everything a user
-- calls is documented.
BEGIN;
SELECT plan(9);

CREATE TEMP TABLE expected_labels (sig text PRIMARY KEY, vol "char", strict bool, par "char");
-- vol: i immutable, s stable, v volatile; par: s safe, r restricted, u unsafe
INSERT INTO expected_labels VALUES
  ('stokkel.stk_series_agg_trans(internal,date,double precision)', 'i', false, 's'),
  ('stokkel.stk_series_agg_trans(internal,date,double precision,text)', 'i', false, 's'),
  ('stokkel.stk_series_agg_trans(internal,date,double precision,text,text)', 'i', false, 's'),
  -- stable: the day of a timestamptz depends on the TimeZone setting
  ('stokkel.stk_series_agg_trans(internal,timestamp with time zone,double precision)', 's', false, 's'),
  ('stokkel.stk_series_agg_trans(internal,timestamp with time zone,double precision,text)', 's', false, 's'),
  ('stokkel.stk_series_agg_trans(internal,timestamp with time zone,double precision,text,text)', 's', false, 's'),
  ('stokkel.stk_series_agg_combine(internal,internal)', 'i', false, 's'),
  ('stokkel.stk_series_agg_serialize(internal)', 'i', true, 's'),
  ('stokkel.stk_series_agg_deserialize(bytea,internal)', 'i', true, 's'),
  ('stokkel.stk_series_agg_final(internal)', 'i', false, 's'),
  ('stokkel.stk_series(date[],double precision[],text)', 'i', true, 's'),
  ('stokkel.stk_series(date[],double precision[],text,text[])', 'i', true, 's'),
  ('stokkel.stk_series_expand(stokkel.series)', 'i', true, 's'),
  ('stokkel.stk_series_model_demand(stokkel.series)', 'i', true, 's'),
  ('stokkel.stk_series_state(stokkel.series)', 'i', true, 's'),
  ('stokkel.stk_series_from_state(bytea)', 'i', true, 's'),
  -- not strict: a NULL period means "detect it"
  ('stokkel.stk_forecast(double precision[],integer,integer,text,double precision[])', 'i', false, 's'),
  ('stokkel.stk_forecast_series(stokkel.series,integer,integer,text,double precision[],date[],text[],integer[],double precision[])', 'i', false, 's'),
  ('stokkel.stk_regressor_effects(stokkel.series,double precision[])', 'i', false, 's'),
  -- not strict: NULL events give zeros
  ('stokkel.stk_event_effects(double precision[],date,integer,date[],text[],integer[])', 'i', false, 's'),
  ('stokkel.stk_forecast_agg_trans(internal,date,double precision,integer,text)', 'i', false, 's'),
  ('stokkel.stk_forecast_agg_trans(internal,date,double precision,integer,text,text,double precision[])', 'i', false, 's'),
  ('stokkel.stk_forecast_agg_trans(internal,timestamp with time zone,double precision,integer,text)', 's', false, 's'),
  ('stokkel.stk_forecast_agg_trans(internal,timestamp with time zone,double precision,integer,text,text,double precision[])', 's', false, 's'),
  ('stokkel.stk_forecast_agg_trans(internal,date,double precision,integer,text,text,double precision[],date[],text[],integer[])', 'i', false, 's'),
  ('stokkel.stk_forecast_agg_trans(internal,timestamp with time zone,double precision,integer,text,text,double precision[],date[],text[],integer[])', 's', false, 's'),
  ('stokkel.stk_forecast_agg_combine(internal,internal)', 'i', false, 's'),
  ('stokkel.stk_forecast_agg_serialize(internal)', 'i', true, 's'),
  ('stokkel.stk_forecast_agg_deserialize(bytea,internal)', 'i', true, 's'),
  ('stokkel.stk_forecast_agg_final(internal)', 'i', false, 's'),
  -- writes tables: volatile, and unsafe in parallel mode
  -- not strict: a NULL argument is an error (22004), not a silent no-op
  ('stokkel.stk_create_retail_schema(text)', 'v', false, 'u'),
  ('stokkel.stk_generate_sample_data(text,integer,integer,integer,date,text)', 'v', false, 'u'),
  -- seeded generators: the seed is an argument, so immutable
  ('stokkel.stk_sample_suppliers()', 'i', true, 's'),
  ('stokkel.stk_sample_products(integer,integer)', 'i', true, 's'),
  ('stokkel.stk_sample_events(date,date)', 'i', true, 's'),
  ('stokkel.stk_sample_activity(integer,integer,integer,date,integer)', 'i', true, 's'),
  -- analytics: read tables and TimeZone, so stable; not strict, since a
  -- NULL argument is an error (22004) or means "all" (category, product_id)
  ('stokkel.stk_tenant_timezone(text,text)', 's', false, 's'),
  ('stokkel.stk_tenant_events(text,text,text)', 's', false, 's'),
  -- not strict: a NULL date is caught by the callers first
  ('stokkel.stk_check_period(date,date)', 'i', false, 's'),
  ('stokkel.stk_top_products(text,text,date,date,text,integer,text)', 's', false, 's'),
  -- restricted: the caller's table may be a temporary table
  ('stokkel.stk_top_products_from(regclass,text,text,text,text,date,date,text,integer,text)', 's', false, 'r'),
  ('stokkel.stk_dashboard_kpis(text,text,date,date)', 's', false, 's'),
  ('stokkel.stk_abc_xyz(text,text,date,date)', 's', false, 's'),
  ('stokkel.stk_sales_trend(text,text,date,date,text,bigint)', 's', false, 's'),
  -- inventory formulas: pure math on the arguments
  ('stokkel.stk_normal_loss(double precision)', 'i', true, 's'),
  ('stokkel.stk_normal_loss_inverse(double precision)', 'i', true, 's'),
  ('stokkel.stk_poisson_loss(double precision,double precision)', 'i', true, 's'),
  ('stokkel.stk_negbin_loss(double precision,double precision,double precision)', 'i', true, 's'),
  ('stokkel.stk_eoq(double precision,double precision,double precision)', 'i', true, 's'),
  ('stokkel.stk_eoq_detail(double precision,double precision,double precision)', 'i', true, 's'),
  -- not strict: order_quantity NULL means "no order quantity" (another NULL gives NULL)
  ('stokkel.stk_safety_stock(double precision,double precision,double precision,double precision,text,double precision,double precision,double precision,boolean)', 'i', false, 's'),
  ('stokkel.stk_reorder_point(double precision,double precision,double precision,double precision,text,double precision,double precision,double precision,boolean)', 'i', false, 's'),
  ('stokkel.stk_order_up_to(double precision,double precision,double precision,double precision,double precision,text,double precision)', 'i', true, 's'),
  -- not strict: variance_per_period NULL means Poisson
  ('stokkel.stk_order_up_to_exact(double precision,integer,integer,double precision,text,double precision)', 'i', false, 's'),
  ('stokkel.stk_newsvendor(double precision,double precision,double precision,double precision)', 'i', true, 's'),
  -- not strict: moq NULL means no minimum
  ('stokkel.stk_round_order_qty(double precision,double precision,double precision)', 'i', false, 's'),
  -- not strict: s, big_s, q, initial_stock, pack_size are optional
  ('stokkel.stk_simulate_policy(double precision[],text,integer,integer,double precision,double precision,double precision,boolean,double precision,double precision,double precision,integer)', 'i', false, 's');
INSERT INTO expected_labels VALUES ('stokkel.stk_demand_class(double precision[])', 'i', true, 's');
-- HTTP api (issue 7): import/export helpers are pure; the importers write;
-- the xlsx writer is stable (it records the transaction start); plpgsql with
-- exception blocks is parallel restricted (subtransactions)
INSERT INTO expected_labels VALUES
  ('stokkel.stk_csv_rows(text,text[])', 'i', false, 's'),
  -- stable: timestamptz fields are read in the session's time zone
  ('stokkel.stk_csv_records(text,text[])', 's', false, 's'),
  ('stokkel.stk_xlsx(jsonb)', 's', true, 's'),
  ('stokkel.stk_zip_entry(bytea,text)', 'i', true, 's'),
  ('stokkel.stk_xlsx_sheet(text,json)', 'i', false, 's'),
  ('stokkel.stk_csv_field(text)', 'i', false, 's'),
  ('stokkel.stk_csv(json)', 'i', false, 's'),
  ('stokkel.stk_import_columns(text)', 'i', false, 's'),
  ('stokkel.stk_import_csv(text,text,text,text,text)', 'v', false, 'u'),
  ('stokkel.stk_xlsx_sheet_csv(bytea,text,text[])', 'i', false, 'r'),
  ('stokkel.stk_import_xlsx(text,text,bytea,text)', 'v', false, 'u'),
  ('stokkel.stk_jwt_tenant(text,boolean)', 's', false, 'r'),
  ('stokkel.stk_product_series(text,text,bigint,text,date,date)', 's', false, 's'),
  ('stokkel.stk_product_forecast(text,text,bigint,integer,text,text,integer,date,boolean)', 's', false, 's'),
  ('stokkel.stk_check_price_effect(text,boolean)', 'i', false, 's'),
  ('stokkel.stk_product_price_regressor(text,text,bigint,stokkel.series,integer,date)', 's', false, 's'),
  ('stokkel.stk_kpi_rows(jsonb)', 'i', false, 's'),
  ('stokkel.stk_forecast_svg(text,text,bigint,integer,text,integer,text,boolean)', 's', false, 's'),
  -- sets response.headers (set_config): volatile, parallel unsafe
  ('stokkel.stk_http_file(bytea,text,text)', 'v', false, 'u'),
  ('stokkel.stk_api_run(text,text,text[],text[])', 'v', false, 'u'),
  ('stokkel.stk_api_def_core(text,text)', 'v', false, 'u'),
  ('stokkel.stk_create_api(text,text,text,text,text)', 'v', false, 'u');
-- backtests and explanations (issue 4); not strict: step and period may be NULL
INSERT INTO expected_labels VALUES
  ('stokkel.stk_backtest(double precision[],integer,integer,integer,integer,text,double precision[])', 'i', false, 's'),
  ('stokkel.stk_backtest_series(stokkel.series,integer,integer,integer,integer,text,double precision[],date[],text[],integer[],double precision[])', 'i', false, 's'),
  ('stokkel.stk_forecast_explain(double precision[],integer,text)', 'i', false, 's'),
  ('stokkel.stk_forecast_explain_series(stokkel.series,integer,text,date[],text[],integer[])', 'i', false, 's'),
  ('stokkel.stk_forecast_intermittent(double precision[],integer,text,double precision,double precision,boolean,double precision[])', 'i', true, 's'),
  ('stokkel.stk_forecast_new_product(double precision[],integer,double precision[],double precision[])', 'i', true, 's');
-- Stock optimiser (issue 5).  Not strict: period, order_quantity and moq may
-- be NULL; the retail-schema functions read tables (stable) and refuse NULLs.
INSERT INTO expected_labels VALUES
  ('stokkel.stk_reorder_policy(double precision[],double precision,double precision,double precision,text,integer,double precision,text,double precision,text,double precision,double precision[],date,date[],text[],integer[])', 'i', false, 's'),
  ('stokkel.stk_reorder_advice(double precision[],double precision,double precision,double precision,double precision,double precision,double precision,double precision,text,text,double precision,double precision,integer,text,double precision,double precision,double precision[],date,date[],text[],integer[])', 'i', false, 's'),
  ('stokkel.stk_supplier_lead_times(text,text,date)', 's', false, 's'),
  ('stokkel.stk_reorder_recommendations(text,text,date,double precision,text,text,numeric,integer,integer,text,text,boolean)', 's', false, 's');
-- pooled fill rate (issue 5): the aggregate stk_reorder_pooled_price's support
-- functions; not strict: a row with a NULL is skipped and counted
INSERT INTO expected_labels VALUES
  ('stokkel.stk_reorder_pooled_price_trans(internal,double precision[],double precision,double precision,double precision,double precision,text)', 'i', false, 's'),
  ('stokkel.stk_reorder_pooled_price_trans(internal,double precision[],double precision,double precision,double precision,double precision,text,date,date[],text[],integer[])', 'i', false, 's'),
  ('stokkel.stk_reorder_pooled_price_final(internal)', 'i', false, 's');
-- forecast state and alerts (src/alerts.sql)
INSERT INTO expected_labels VALUES
  -- not strict: NULL tail probabilities are an error (22004)
  ('stokkel.stk_fstate_fit(double precision[],double precision,double precision,double precision)', 'i', false, 's'),
  -- not strict: a NULL state or open day means "none yet"
  ('stokkel.stk_fstate_step(double precision[],date,double precision,date,bigint,date[],double precision[],double precision,double precision,double precision[],date[],double precision[])', 'i', false, 's'),
  ('stokkel.stk_fstate_forecast(double precision[],integer)', 'i', true, 's'),
  ('stokkel.stk_fstate_stockout_prob(double precision[],double precision,integer,integer)', 'i', true, 's'),
  ('stokkel.stk_alert_settings()', 'i', false, 's'),
  ('stokkel.stk_alert_setting_check(text,text,jsonb)', 'i', false, 's'),
  ('stokkel.stk_alert_config(jsonb)', 'i', false, 's'),
  ('stokkel.stk_alerts_cfg_sql(text,text)', 'i', false, 's'),
  ('stokkel.stk_alerts_tenant_sql(text,text)', 'i', false, 's'),
  ('stokkel.stk_alerts_insert_sql(text,text,text,text)', 'i', false, 's'),
  -- the generated trigger functions' bodies
  ('stokkel.stk_alerts_trigger_body(text,text,text[],text,text)', 'i', false, 's'),
  ('stokkel.stk_alerts_sales_body(text[],text)', 'i', false, 'u'),
  ('stokkel.stk_alerts_stock_body(text[],text)', 'i', false, 'u'),
  ('stokkel.stk_alerts_must_raise(text,text,text[])', 's', false, 'u'),
  -- read the catalogs
  ('stokkel.stk_alerts_check_column(regclass,text,regtype[],text)', 's', false, 'u'),
  ('stokkel.stk_alerts_args(regclass)', 's', false, 'u'),
  ('stokkel.stk_alerts_function_name(text,text)', 's', false, 'u'),
  -- write tables or create triggers: volatile, parallel unsafe
  ('stokkel.stk_set_alert_setting(regclass,text,text,text,jsonb)', 'v', false, 'u'),
  ('stokkel.stk_alerts_create_tables(text,boolean,boolean)', 'v', false, 'u'),
  ('stokkel.stk_alerts_record_error(text,text,text,text,text[])', 'v', false, 'u'),
  ('stokkel.stk_alerts_daily_checks(text[],text[],date[],text)', 'v', false, 'u'),
  ('stokkel.stk_attach_alerts(regclass,text,text,text,text,text,regclass,text,text,text,text,text,regclass,regclass,text)', 'v', false, 'u'),
  ('stokkel.stk_attach_retail_alerts(text)', 'v', false, 'u'),
  ('stokkel.stk_detach_alerts(regclass)', 'v', false, 'u'),
  ('stokkel.stk_refresh_forecast_state(regclass,text,date,integer,date[],text[])', 'v', false, 'u');

-- HTTP api of backtests, the reorder list and the alerts (api2)
INSERT INTO expected_labels VALUES
  ('stokkel.stk_product_history(text,text,bigint,text,integer,date)', 's', false, 's'),
  ('stokkel.stk_api_def_backtest(text,text)', 'v', false, 'u'),
  ('stokkel.stk_api_def_reorder(text,text)', 'v', false, 'u'),
  ('stokkel.stk_api_def_alerts(text,text)', 'v', false, 'u');
-- sales -> products key checked once per statement (issue 7, batch_fk.c):
-- trigger functions and the function that installs them, volatile, unsafe
INSERT INTO expected_labels VALUES
  ('stokkel.stk_fk_check_statement()', 'v', false, 'u'),
  ('stokkel.stk_fk_noaction_statement()', 'v', false, 'u'),
  ('stokkel.stk_attach_sales_keys(text)', 'v', false, 'u');
-- reports: the PDF writer is pure (the same JSON, the same bytes)
INSERT INTO expected_labels VALUES
  ('stokkel.stk_pdf(jsonb)', 'i', true, 's'),
  ('stokkel.stk_report_number(numeric,integer)', 'i', false, 's'),
  ('stokkel.stk_report(text,text,date,date,integer,integer)', 's', false, 's'),
  ('stokkel.stk_report_pdf(text,text,date,date,integer,integer)', 's', false, 's'),
  ('stokkel.stk_api_def_report(text,text)', 'v', false, 'u'),
  -- warns (and its exception blocks need subtransactions)
  ('stokkel.stk_alert_config_lenient(jsonb,text)', 's', false, 'r');
CREATE TEMP VIEW ext_functions AS
SELECT p.oid, p.oid::regprocedure::text AS sig, p.prokind, p.provolatile, p.proisstrict,
       p.proparallel, p.prosecdef, p.proconfig, p.prolang
FROM pg_catalog.pg_depend d
JOIN pg_catalog.pg_proc p ON p.oid = d.objid
WHERE d.classid = 'pg_catalog.pg_proc'::regclass
  AND d.refclassid = 'pg_catalog.pg_extension'::regclass
  AND d.refobjid = (SELECT oid FROM pg_catalog.pg_extension WHERE extname = 'stokkel')
  AND d.deptype = 'e';

SELECT is_empty(
  $$SELECT sig FROM ext_functions WHERE prokind = 'f'
    EXCEPT SELECT sig FROM expected_labels$$,
  'every extension function has declared expectations (add new ones here)');

SELECT is_empty(
  $$SELECT sig FROM expected_labels EXCEPT SELECT sig FROM ext_functions$$,
  'every expected function exists');

SELECT results_eq(
  $$SELECT f.sig, f.provolatile, f.proisstrict, f.proparallel
    FROM ext_functions f JOIN expected_labels USING (sig) ORDER BY 1$$,
  $$SELECT sig, vol, strict, par FROM expected_labels
    WHERE sig IN (SELECT sig FROM ext_functions) ORDER BY 1$$,
  'volatility, strictness and parallel labels are as intended');

SELECT is_empty(
  $$SELECT sig FROM ext_functions
    WHERE prosecdef AND NOT coalesce(
      (SELECT bool_or(c LIKE 'search_path=%pg_temp') FROM unnest(proconfig) c), false)$$,
  'no SECURITY DEFINER function without a search_path ending in pg_temp');

SELECT is_empty(
  $$SELECT sig FROM ext_functions f JOIN pg_catalog.pg_language l ON l.oid = f.prolang
    WHERE l.lanname IN ('sql', 'plpgsql')
      AND NOT coalesce((SELECT bool_or(c LIKE 'search_path=%') FROM unnest(proconfig) c), false)
      AND (SELECT prosqlbody IS NULL FROM pg_catalog.pg_proc WHERE oid = f.oid)$$,
  'SQL and PL/pgSQL functions pin search_path or use BEGIN ATOMIC');

SELECT is_empty(
  $$SELECT pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid)
    FROM pg_catalog.pg_depend d
    WHERE d.refclassid = 'pg_catalog.pg_extension'::regclass
      AND d.refobjid = (SELECT oid FROM pg_catalog.pg_extension WHERE extname = 'stokkel')
      AND d.deptype = 'e'
      AND coalesce(
        (SELECT pronamespace FROM pg_catalog.pg_proc WHERE oid = d.objid AND d.classid = 'pg_catalog.pg_proc'::regclass),
        (SELECT typnamespace FROM pg_catalog.pg_type WHERE oid = d.objid AND d.classid = 'pg_catalog.pg_type'::regclass),
        (SELECT relnamespace FROM pg_catalog.pg_class WHERE oid = d.objid AND d.classid = 'pg_catalog.pg_class'::regclass),
        'stokkel'::regnamespace) <> 'stokkel'::regnamespace$$,
  'nothing of the extension lands outside schema stokkel (so not in public)');

SELECT is_empty(
  $$SELECT sig FROM ext_functions
    WHERE pg_catalog.obj_description(oid, 'pg_proc') IS NULL
      AND sig NOT LIKE 'stokkel.stk\_%\_agg\_%'$$,
  'every function and aggregate users call has a COMMENT');

SELECT is_empty(
  $$SELECT sig FROM ext_functions f
    WHERE pg_catalog.has_function_privilege('public', f.oid, 'EXECUTE') IS NOT TRUE$$,
  'ordinary functions are executable by everyone (they run with the caller''s rights)');

SELECT ok(NOT pg_catalog.has_schema_privilege('public', 'stokkel', 'CREATE'),
  'PUBLIC cannot create objects in schema stokkel');

SELECT * FROM finish();
ROLLBACK;
