-- Fuzz sweep: every user-callable function of the extension (all members in
-- pg_proc except those taking internal) is called with a valid baseline, then
-- with one argument at a time replaced by an edge value of its type.  Every
-- call runs as its own top-level statement (psql \gexec, so statement_timeout
-- applies per call) inside a plpgsql EXCEPTION block, and its outcome (ok or
-- the SQLSTATE) is recorded.  The assertions: no internal error, no timeout,
-- only documented SQLSTATEs, and enough calls made.
BEGIN;
SELECT plan(10);

SET LOCAL client_min_messages = warning;

-- A small retail schema for the schema-taking functions.
\o /dev/null
SELECT stokkel.stk_create_retail_schema('fz');
SELECT count(*) FROM stokkel.stk_generate_sample_data('fz', 5, 60, 1);
\o

CREATE TEMP SEQUENCE fz_seq;

-- One valid series, used as the baseline for series arguments.
CREATE TEMP TABLE fz_const AS
SELECT stokkel.stk_series(
         ARRAY(SELECT DATE '2026-01-01' + i FROM generate_series(0, 13) i),
         '{3,1,4,1,5,9,2,6,5,3,5,8,9,7}'::float8[]) AS s;

-- Baselines: one row per valid call, the argument list as SQL expressions,
-- positional, covering every input argument.
CREATE TEMP TABLE fz_base (
  fn   regprocedure NOT NULL,
  args text[]       NOT NULL,
  coldef text       -- the column definition list of a function returning record
);

INSERT INTO fz_base VALUES
 ('stokkel.stk_series(date[],float8[],text)',
  ARRAY['''{2026-01-01,2026-01-02,2026-01-05}''::date[]', '''{1,2,3}''::float8[]', '''day''']),
 ('stokkel.stk_series(date[],float8[],text)',
  ARRAY['''{2026-01-01,2026-02-03,2026-04-05}''::date[]', '''{1,2,3}''::float8[]', '''month''']),
 ('stokkel.stk_series(date[],float8[],text,text[])',
  ARRAY['''{2026-01-01,2026-01-02,2026-01-05}''::date[]', '''{1,2,3}''::float8[]', '''day''',
        '''{sale,return,sale}''::text[]']),
 ('stokkel.stk_series_expand(stokkel.series)',   ARRAY['(SELECT s FROM fz_const)']),
 ('stokkel.stk_series_model_demand(stokkel.series)', ARRAY['(SELECT s FROM fz_const)']),
 ('stokkel.stk_series_state(stokkel.series)',    ARRAY['(SELECT s FROM fz_const)']),
 ('stokkel.stk_series_from_state(bytea)',
  ARRAY['stokkel.stk_series_state((SELECT s FROM fz_const))']),
 ('stokkel.stk_create_retail_schema(text)',      ARRAY['''fzc'' || nextval(''fz_seq'')']),
 ('stokkel.stk_sample_suppliers()',              ARRAY[]::text[]),
 ('stokkel.stk_sample_products(integer,integer)', ARRAY['5', '1']),
 ('stokkel.stk_sample_events(date,date)',        ARRAY['''2026-01-01''::date', '''2026-03-01''::date']),
 ('stokkel.stk_sample_activity(integer,integer,integer,date,integer)',
  ARRAY['3', '30', '1', '''2026-01-01''::date', '50']),
 ('stokkel.stk_generate_sample_data(text,integer,integer,integer,date,text)',
  ARRAY['''fz''', '3', '20', '1', '''2026-06-30''::date', '''g'' || nextval(''fz_seq'')']),
 ('stokkel.stk_forecast(float8[],integer,integer,text,float8[])',
  ARRAY['''{1,2,3,4,5,6,7,8}''::float8[]', '3', 'NULL::integer', '''auto''', '''{0.1,0.5,0.9}''::float8[]']),
 ('stokkel.stk_forecast(float8[],integer,integer,text,float8[])',
  ARRAY['''{3,1,4,1,5,9,2,6,5,3,5,8,9,7,9,3,2,3,8,4,6,2,6,4}''::float8[]', '4', '7', '''ets''', '''{0.05,0.5,0.95}''::float8[]']),
 ('stokkel.stk_forecast(float8[],integer,integer,text,float8[])',
  ARRAY['''{0,0,3,0,0,0,1,0,2,0,0,4}''::float8[]', '3', 'NULL::integer', '''croston''', '''{0.1,0.5,0.9}''::float8[]']),
 ('stokkel.stk_forecast(float8[],integer,integer,text,float8[])',
  ARRAY['''{3,1,4,1,5,9,2,6,5,3,5,8,9,7,9,3,2,3,8,4,6,2,6,4}''::float8[]', '4', '4', '''arima''', '''{0.05,0.5,0.95}''::float8[]']),
 ('stokkel.stk_forecast_series(stokkel.series,integer,integer,text,float8[],date[],text[],integer[],float8[])',
  ARRAY['(SELECT s FROM fz_const)', '3', 'NULL::integer', '''auto''', '''{0.1,0.5,0.9}''::float8[]',
        'NULL::date[]', 'NULL::text[]', '''{7,1}''::integer[]', 'NULL::float8[]']),
 ('stokkel.stk_forecast_series(stokkel.series,integer,integer,text,float8[],date[],text[],integer[],float8[])',
  ARRAY['(SELECT s FROM fz_const)', '3', 'NULL::integer', '''prophet''', '''{0.1,0.5,0.9}''::float8[]',
        '''{2026-01-05,2026-01-16}''::date[]', '''{feast,feast}''::text[]', '''{2,1}''::integer[]',
        '(SELECT array_agg(ARRAY[(i % 3)::float8, 100 + i] ORDER BY i) FROM generate_series(1, 17) i)']),
 ('stokkel.stk_forecast(float8[],integer,integer,text,float8[])',
  ARRAY['''{3,1,4,1,5,9,2,6,5,3,5,8,9,7,9,3,2,3,8,4,6,2,6,4}''::float8[]', '4', '7', '''prophet''', '''{0.05,0.5,0.95}''::float8[]']),
 ('stokkel.stk_regressor_effects(stokkel.series,float8[])',
  ARRAY['(SELECT s FROM fz_const)', '(SELECT array_agg(ARRAY[(i % 3)::float8, 100 + i] ORDER BY i) FROM generate_series(1, 14) i)']),
 ('stokkel.stk_demand_class(float8[])',          ARRAY['''{0,1,0,0,3,0,2,0}''::float8[]']),
 ('stokkel.stk_tenant_timezone(text,text)',      ARRAY['''fz''', '''demo''']),
 ('stokkel.stk_tenant_events(text,text,text)',  ARRAY['''fz''', '''demo''', '''auto''']),
 ('stokkel.stk_top_products(text,text,date,date,text,integer,text)',
  ARRAY['''fz''', '''demo''', '''2026-05-01''::date', '''2026-06-30''::date', '''revenue''', '10', 'NULL::text']),
 ('stokkel.stk_top_products_from(regclass,text,text,text,text,date,date,text,integer,text)',
  ARRAY['''fz.sales''::regclass', '''product_id''', '''sold_at''', '''quantity''', '''unit_price''',
        '''2026-05-01''::date', '''2026-06-30''::date', '''revenue''', '10', 'NULL::text']),
 ('stokkel.stk_dashboard_kpis(text,text,date,date)',
  ARRAY['''fz''', '''demo''', '''2026-05-01''::date', '''2026-06-30''::date']),
 ('stokkel.stk_abc_xyz(text,text,date,date)',
  ARRAY['''fz''', '''demo''', '''2026-05-01''::date', '''2026-06-30''::date']),
 ('stokkel.stk_sales_trend(text,text,date,date,text,bigint)',
  ARRAY['''fz''', '''demo''', '''2026-05-01''::date', '''2026-06-30''::date', '''week''', 'NULL::bigint']),
 ('stokkel.stk_normal_loss(float8)',             ARRAY['0.5']),
 ('stokkel.stk_normal_loss_inverse(float8)',     ARRAY['0.2']),
 ('stokkel.stk_poisson_loss(float8,float8)',     ARRAY['3', '2.5']),
 ('stokkel.stk_negbin_loss(float8,float8,float8)', ARRAY['3', '2.5', '5']),
 ('stokkel.stk_eoq(float8,float8,float8)',       ARRAY['1000', '50', '2']),
 ('stokkel.stk_eoq_detail(float8,float8,float8)', ARRAY['1000', '50', '2']),
 ('stokkel.stk_safety_stock(float8,float8,float8,float8,text,float8,float8,float8,boolean)',
  ARRAY['10', '4', '3', '0.95', '''cycle''', '0', '0', 'NULL::float8', 'false']),
 ('stokkel.stk_safety_stock(float8,float8,float8,float8,text,float8,float8,float8,boolean)',
  ARRAY['10', '4', '3', '0.98', '''fill_rate''', '1', '0.5', '20', 'true']),
 ('stokkel.stk_reorder_point(float8,float8,float8,float8,text,float8,float8,float8,boolean)',
  ARRAY['10', '4', '3', '0.95', '''cycle''', '0', '0', 'NULL::float8', 'false']),
 ('stokkel.stk_reorder_point(float8,float8,float8,float8,text,float8,float8,float8,boolean)',
  ARRAY['10', '4', '3', '0.98', '''fill_rate''', '0', '0.5', '20', 'false']),
 ('stokkel.stk_order_up_to(float8,float8,float8,float8,float8,text,float8)',
  ARRAY['10', '4', '3', '1', '0.95', '''cycle''', '0']),
 ('stokkel.stk_order_up_to(float8,float8,float8,float8,float8,text,float8)',
  ARRAY['10', '4', '3', '2', '0.98', '''fill_rate''', '0.5']),
 ('stokkel.stk_order_up_to_exact(float8,integer,integer,float8,text,float8)',
  ARRAY['2.5', '1', '2', '0.95', '''cycle''', 'NULL::float8']),
 ('stokkel.stk_order_up_to_exact(float8,integer,integer,float8,text,float8)',
  ARRAY['2.5', '2', '3', '0.98', '''fill_rate''', '6']),
 ('stokkel.stk_newsvendor(float8,float8,float8,float8)', ARRAY['100', '20', '5', '2']),
 ('stokkel.stk_round_order_qty(float8,float8,float8)',  ARRAY['17', '10', '6']),
 ('stokkel.stk_simulate_policy(float8[],text,integer,integer,float8,float8,float8,boolean,float8,float8,float8,integer)',
  ARRAY['''{3,1,4,1,5,9,2,6,5,3}''::float8[]', '''RS''', '1', '1', 'NULL::float8', '12', 'NULL::float8',
        'true', 'NULL::float8', '0', 'NULL::float8', '0']),
 ('stokkel.stk_simulate_policy(float8[],text,integer,integer,float8,float8,float8,boolean,float8,float8,float8,integer)',
  ARRAY['''{3,1,4,1,5,9,2,6,5,3}''::float8[]', '''sS''', '2', '1', '5', '15', 'NULL::float8',
        'false', '10', '2', '3', '2']),
 ('stokkel.stk_simulate_policy(float8[],text,integer,integer,float8,float8,float8,boolean,float8,float8,float8,integer)',
  ARRAY['''{3,1,4,1,5,9,2,6,5,3}''::float8[]', '''sQ''', '2', '1', '5', 'NULL::float8', '10',
        'true', 'NULL::float8', '0', 'NULL::float8', '0']),
 ('stokkel.stk_simulate_policy(float8[],text,integer,integer,float8,float8,float8,boolean,float8,float8,float8,integer)',
  ARRAY['''{3,1,4,1,5,9,2,6,5,3}''::float8[]', '''RsS''', '1', '3', '5', '15', 'NULL::float8',
        'true', 'NULL::float8', '0', 'NULL::float8', '0']);
-- the typed CSV reader returns record: called with a column definition list
INSERT INTO fz_base VALUES
 ('stokkel.stk_csv_records(text,text[])',
  ARRAY['E''a,b\n1,x\n"2",\n''', '''{a:int8!,b:text}''::text[]'], 'line int, error text, a bigint, b text');
-- HTTP api (issue 7): imports, exports, the chart, stk_create_api
INSERT INTO fz_base VALUES
 ('stokkel.stk_csv_rows(text,text[])',
  ARRAY['E''a,b\n1,x\n"2",\n''', '''{a:int8!,b:text}''::text[]']),
 ('stokkel.stk_xlsx(jsonb)', ARRAY['''[{"name": "s", "columns": ["a"], "rows": [[1], ["x"], [null], [true]]}]''::jsonb']),
 ('stokkel.stk_zip_entry(bytea,text)',
  ARRAY['stokkel.stk_xlsx(''[{"name": "s", "columns": ["a"], "rows": [[1]]}]'')', '''xl/workbook.xml''']),
 ('stokkel.stk_xlsx_sheet(text,json)', ARRAY['''s''', '''[{"a": 1, "b": "x"}]''::json']),
 ('stokkel.stk_csv_field(text)', ARRAY['''a,"b"''']),
 ('stokkel.stk_csv(json)', ARRAY['''[{"a": 1, "b": "x,y"}]''::json']),
 ('stokkel.stk_import_columns(text)', ARRAY['''sales''']),
 ('stokkel.stk_import_csv(text,text,text,text,text)',
  ARRAY['''fz''', '''demo''', '''sales''', 'E''sku,sold_at,quantity\nnope,2026-06-30,1\n''', '''commit_good''']),
 ('stokkel.stk_xlsx_sheet_csv(bytea,text,text[])',
  ARRAY['stokkel.stk_xlsx(''[{"name": "sales", "columns": ["sku", "sold_at"], "rows": [["a", 46000]]}]'')',
        '''sales''', '''{sku:text,sold_at:date}''::text[]']),
 ('stokkel.stk_import_xlsx(text,text,bytea,text)',
  ARRAY['''fz''', '''demo''',
        'stokkel.stk_xlsx(''[{"name": "stock", "columns": ["sku", "on_hand"], "rows": [["nope", 1]]}]'')',
        '''commit_good''']),
 ('stokkel.stk_jwt_tenant(text,boolean)', ARRAY['''fz''', 'false']),
 ('stokkel.stk_product_series(text,text,bigint,text,date,date)',
  ARRAY['''fz''', '''demo''', '1::bigint', '''day''', '''2026-05-01''::date', '''2026-06-30''::date']),
 ('stokkel.stk_product_forecast(text,text,bigint,integer,text,text,integer,date,boolean)',
  ARRAY['''fz''', '''demo''', '1::bigint', '7', '''day''', '''auto''', '60', 'NULL::date', 'false']),
 ('stokkel.stk_product_forecast(text,text,bigint,integer,text,text,integer,date,boolean)',
  ARRAY['''fz''', '''demo''', '1::bigint', '7', '''week''', '''prophet''', '60', 'NULL::date', 'true']),
 ('stokkel.stk_product_price_regressor(text,text,bigint,stokkel.series,integer,date)',
  ARRAY['''fz''', '''demo''', '1::bigint', '(SELECT s FROM fz_const)', '7', 'NULL::date']),
 ('stokkel.stk_kpi_rows(jsonb)', ARRAY['''{"a": 1, "b": {"c": "x"}}''::jsonb']),
 ('stokkel.stk_check_price_effect(text,boolean)', ARRAY['''prophet''', 'true']),
 ('stokkel.stk_forecast_svg(text,text,bigint,integer,text,integer,text,boolean)',
  ARRAY['''fz''', '''demo''', '1::bigint', '7', '''day''', '60', '''prophet''', 'true']),
 ('stokkel.stk_http_file(bytea,text,text)', ARRAY['''\x00''::bytea', '''text/plain''', '''a.txt''']),
 ('stokkel.stk_create_api(text,text,text,text,text)',
  ARRAY['''fz''', '''fzapi'' || nextval(''fz_seq'')', '''fz_anon''', '''fz_user''', '''fz_admin''']);
-- HTTP api of the forecast engine II, the stock optimiser and the alerts
INSERT INTO fz_base VALUES
 ('stokkel.stk_product_history(text,text,bigint,text,integer,date)',
  ARRAY['''fz''', '''demo''', '1::bigint', '''day''', '60', 'NULL::date']);
-- backtests and explanations (issue 4)
INSERT INTO fz_base VALUES
 ('stokkel.stk_backtest(float8[],integer,integer,integer,integer,text,float8[])',
  ARRAY['''{0,0,3,0,0,0,1,0,2,0,0,4,0,1,0,0,2,0,0,0}''::float8[]', '3', '2', 'NULL::integer', 'NULL::integer',
        '''auto''', '''{0.1,0.5,0.9}''::float8[]']),
 ('stokkel.stk_backtest_series(stokkel.series,integer,integer,integer,integer,text,float8[],date[],text[],integer[],float8[])',
  ARRAY['(SELECT s FROM fz_const)', '2', '2', '1', 'NULL::integer', '''auto''', '''{0.1,0.5,0.9}''::float8[]',
        '''{2026-01-05,2026-01-12}''::date[]', '''{feast,feast}''::text[]', '''{1,0}''::integer[]',
        'NULL::float8[]']),
 ('stokkel.stk_backtest_series(stokkel.series,integer,integer,integer,integer,text,float8[],date[],text[],integer[],float8[])',
  ARRAY['(SELECT s FROM fz_const)', '2', '2', '1', 'NULL::integer', '''prophet''', '''{0.1,0.5,0.9}''::float8[]',
        'NULL::date[]', 'NULL::text[]', '''{7,1}''::integer[]',
        '(SELECT array_agg(ARRAY[(i % 3)::float8, 100 + i] ORDER BY i) FROM generate_series(1, 14) i)']),
 ('stokkel.stk_forecast_explain(float8[],integer,text)',
  ARRAY['''{0,0,3,0,0,0,1,0,2,0,0,4,0,1,0,0,2,0,0,0}''::float8[]', 'NULL::integer', '''auto''']),
 ('stokkel.stk_forecast_explain_series(stokkel.series,integer,text,date[],text[],integer[])',
  ARRAY['(SELECT s FROM fz_const)', 'NULL::integer', '''auto''',
        '''{2026-01-05,2026-01-12}''::date[]', '''{feast,feast}''::text[]', '''{1,0}''::integer[]']),
 ('stokkel.stk_forecast_intermittent(float8[],integer,text,float8,float8,boolean,float8[])',
  ARRAY['''{0,0,3,0,0,0,1,0,2,0,0,4}''::float8[]', '3', '''tsb''', '0.2', '0.3', 'false', '''{0.1,0.5,0.9}''::float8[]']),
 ('stokkel.stk_forecast_new_product(float8[],integer,float8[],float8[])',
  ARRAY['''{0,2,1}''::float8[]', '3', '''{1,2,0.5}''::float8[]', '''{0.1,0.5,0.9}''::float8[]']);
-- stock optimiser (issue 5)
INSERT INTO fz_base VALUES
 ('stokkel.stk_reorder_policy(float8[],float8,float8,float8,text,integer,float8,text,float8,text,float8,float8[],date,date[],text[],integer[])',
  ARRAY['''{3,1,4,1,5,9,2,6,5,3,5,8,9,7}''::float8[]', '3', '7', '0.95', '''fill_rate''', 'NULL::integer',
        '1', '''RS''', 'NULL::float8', '''mean''', 'NULL::float8', 'NULL::float8[]', '''2026-01-01''::date',
        '''{2026-01-05,2026-01-16}''::date[]', '''{feast,feast}''::text[]', '''{1,0}''::integer[]']),
 ('stokkel.stk_reorder_policy(float8[],float8,float8,float8,text,integer,float8,text,float8,text,float8,float8[],date,date[],text[],integer[])',
  ARRAY['''{3,1,4,1,5,9,2,6,5,3,5,8,9,7}''::float8[]', '3', '7', '0.95', '''fill_rate''', 'NULL::integer',
        '1', '''RS''', 'NULL::float8', '''mean''', '1.5', '''{0.1,0.9,0.05,1,1,Infinity}''::float8[]', 'NULL::date', 'NULL::date[]', 'NULL::text[]', '''{7,1}''::integer[]']),
 ('stokkel.stk_reorder_policy(float8[],float8,float8,float8,text,integer,float8,text,float8,text,float8,float8[],date,date[],text[],integer[])',
  ARRAY['''{0,0,3,0,0,1,0,0,0,2,0,0,4,0}''::float8[]', '2', '1', '0.9', '''cycle''', '7',
        '0', '''sQ''', '5', '''auto''', 'NULL::float8', 'NULL::float8[]', 'NULL::date', 'NULL::date[]', 'NULL::text[]', '''{7,1}''::integer[]']),
 ('stokkel.stk_reorder_advice(float8[],float8,float8,float8,float8,float8,float8,float8,text,text,float8,float8,integer,text,float8,float8,float8[],date,date[],text[],integer[])',
  ARRAY['''{3,1,4,1,5,9,2,6,5,3,5,8,9,7}''::float8[]', '4', '2', '1', '3', '1', '7', '0.95', '''fill_rate''',
        '''RS''', '10', '4', 'NULL::integer', '''mean''', 'NULL::float8', '0.8',
        '''{0,1,0,0.2,0.8,0.1}''::float8[]', '''2026-01-01''::date',
        '''{2026-01-05,2026-01-16}''::date[]', '''{feast,feast}''::text[]', '''{1,0}''::integer[]']),
 ('stokkel.stk_supplier_lead_times(text,text,date)', ARRAY['''fz''', '''demo''', 'NULL::date']),
 ('stokkel.stk_reorder_recommendations(text,text,date,float8,text,text,numeric,integer,integer,text,text,boolean)',
  ARRAY['''fz''', '''demo''', '''2026-06-30''::date', '0.95', '''fill_rate''', '''RS''', '1000::numeric',
        '60', '30', '''mean''', '''item''', 'true']),
 ('stokkel.stk_reorder_recommendations(text,text,date,float8,text,text,numeric,integer,integer,text,text,boolean)',
  ARRAY['''fz''', '''demo''', '''2026-06-30''::date', '0.9', '''fill_rate''', '''RS''', 'NULL::numeric',
        '60', '30', '''mean''', '''pooled''', 'false']);
-- reports
INSERT INTO fz_base VALUES
 ('stokkel.stk_pdf(jsonb)',
  ARRAY[$$'{"title": "t", "subtitle": "s", "footer": "f", "blocks": [{"heading": "h"}, {"text": "x"},
          {"table": {"columns": ["a", "b"], "align": "lr", "rows": [["x", 1], [null, true]]}},
          {"bars": {"labels": ["a", null], "values": [1, -2], "caption": "c"}}]}'::jsonb$$]),
 ('stokkel.stk_report_number(numeric,integer)', ARRAY['1234.5::numeric', '1']),
 ('stokkel.stk_alert_config_lenient(jsonb,text)',
  ARRAY['''{"alerts.sales_spike.probability": "x", "alerts.sales_spike.cooldown_days": 3}''::jsonb', '''t1''']),
 ('stokkel.stk_report(text,text,date,date,integer,integer)',
  ARRAY['''fz''', '''demo''', '''2026-05-01''::date', '''2026-06-30''::date', '5', '10']),
 ('stokkel.stk_report_pdf(text,text,date,date,integer,integer)',
  ARRAY['''fz''', '''demo''', '''2026-05-01''::date', '''2026-06-30''::date', '5', '10']);
-- the sales keys checked per statement (issue 7): re-attach on fz
INSERT INTO fz_base VALUES
 ('stokkel.stk_attach_sales_keys(text)', ARRAY['''fz''']);

-- Forecast state and alerts (src/alerts.sql).  The alert triggers go on fz.
INSERT INTO fz_base VALUES
 ('stokkel.stk_fstate_fit(float8[],float8,float8,float8)',
  ARRAY['''{5,6,4,5,7,5,6,4,5,6,5,4,6,5,7,5,6}''::float8[]', '0.001', '0.001', '0']),
 ('stokkel.stk_fstate_fit(float8[],float8,float8,float8)',
  ARRAY['''{0,0,3,0,1,0,0,0,2,0,0,5,0,0,0,1}''::float8[]', '0.01', '0.05', '2.5']),
 ('stokkel.stk_fstate_step(float8[],date,float8,date,bigint,date[],float8[],float8,float8,float8[],date[],float8[])',
  ARRAY['''{1001,0,0,1,20,2,0.5,0,0,1,4,10,0,0}''::float8[]', '''2026-01-01''::date', '3', '''2026-01-01''::date', '5::bigint',
        '''{2026-01-01,2026-01-02,2026-01-05}''::date[]', '''{1,2,3}''::float8[]', '0.001', '0.001', '''{10,2,21,0.0001}''::float8[]',
        '''{2026-01-05}''::date[]', '''{4}''::float8[]']),
 ('stokkel.stk_fstate_step(float8[],date,float8,date,bigint,date[],float8[],float8,float8,float8[],date[],float8[])',
  ARRAY['''{2001,0.1,0.1,2,4,1,1,0.475,1.5}''::float8[]', 'NULL::date', '0', 'NULL::date', '0::bigint',
        '''{2026-01-01,2026-01-02,2026-01-05}''::date[]', '''{1,0,3}''::float8[]', '0.01', '0.01', 'NULL::float8[]',
        'NULL::date[]', 'NULL::float8[]']),
 ('stokkel.stk_fstate_forecast(float8[],integer)',
  ARRAY['''{1001,0,1,7,20,10,0.1,0,0.1,1,2,5,0,3,1,-1,0,0,0,1,-1}''::float8[]', '14']),
 ('stokkel.stk_fstate_stockout_prob(float8[],float8,integer,integer)',
  ARRAY['''{2001,0.1,0.1,2,4,1,1,0.475,1.5}''::float8[]', '3', '7', '2']),
 ('stokkel.stk_alert_settings()', ARRAY[]::text[]),
 ('stokkel.stk_alert_setting_check(text,text,jsonb)', ARRAY['''sales_spike''', '''probability''', '''0.01''::jsonb']),
 ('stokkel.stk_alert_config(jsonb)', ARRAY['''{"alerts.sales_drop.cooldown_days": 3}''::jsonb']),
 ('stokkel.stk_attach_retail_alerts(text)', ARRAY['''fz''']),
 ('stokkel.stk_attach_alerts(regclass,text,text,text,text,text,regclass,text,text,text,text,text,regclass,regclass,text)',
  ARRAY['''fz.sales''::regclass', '''product_id''', '''sold_at''', '''quantity''', '''tenant_id''', '''customer_id''',
        '''fz.stock_levels''::regclass', '''product_id''', '''on_hand''', '''tenant_id''', '''updated_at''', 'NULL::text',
        '''fz.alerts''::regclass', '''fz.settings''::regclass', 'NULL::text']),
 ('stokkel.stk_set_alert_setting(regclass,text,text,text,jsonb)',
  ARRAY['''fz.settings''::regclass', '''demo''', '''stockout_risk''', '''horizon_days''', '''5''::jsonb']),
 ('stokkel.stk_refresh_forecast_state(regclass,text,date,integer,date[],text[])',
  ARRAY['''fz.sales''::regclass', '''demo''', '''2026-06-30''::date', '60',
        '''{2026-06-01,2026-07-01}''::date[]', '''{fair,fair}''::text[]']),
 ('stokkel.stk_event_effects(float8[],date,integer,date[],text[],integer[])',
  ARRAY['''{3,1,4,1,5,9,2,6,5,3}''::float8[]', '''2026-01-01''::date', '5', '''{2026-01-04,2026-01-12}''::date[]',
        '''{f,f}''::text[]', '''{1,0}''::integer[]']),
 ('stokkel.stk_detach_alerts(regclass)', ARRAY['''fz.stock_levels''::regclass']);

-- Edge values per argument type.
CREATE TEMP TABLE fz_edge (typ text NOT NULL, expr text NOT NULL);
INSERT INTO fz_edge
SELECT 'float8', unnest(ARRAY['NULL::float8', '''NaN''::float8', '''Infinity''::float8', '''-Infinity''::float8',
                              '0::float8', '-1::float8', '1e308::float8', '-1e308::float8', '5e-324::float8',
                              '0.5::float8', '1::float8', '1e-12::float8'])
UNION ALL
SELECT 'integer', unnest(ARRAY['NULL::integer', '0', '-1', '1', '2147483647', '(-2147483648)::integer'])
UNION ALL
SELECT 'bigint', unnest(ARRAY['NULL::bigint', '0::bigint', '-1::bigint', '9223372036854775807::bigint',
                              '(-9223372036854775808)::bigint'])
UNION ALL
SELECT 'text', unnest(ARRAY['NULL::text', '''''', 'repeat(''x'', 10000)', '''NaN''', ''' auto ''', '''AUTO''',
                            '''fz; DROP SCHEMA fz''', 'E''\\u00e9t\\u00e9''', '''pg_catalog''', '''demo''', '''fz'''])
UNION ALL
SELECT 'boolean', unnest(ARRAY['NULL::boolean', 'true', 'false'])
UNION ALL
SELECT 'numeric', unnest(ARRAY['NULL::numeric', '0::numeric', '-1::numeric', '''NaN''::numeric', '1e30::numeric'])
UNION ALL
SELECT 'jsonb', unnest(ARRAY['NULL::jsonb', '''null''::jsonb', '''{}''::jsonb', '''[]''::jsonb', '''"x"''::jsonb',
                             '''1e308''::jsonb', '''-1''::jsonb', '''true''::jsonb', '''{"alerts.sales_spike.probability": "x"}''::jsonb',
                             '''{"alerts.sales_spike.probability": 0.9}''::jsonb', '''{"alerts.bogus.x": 1}''::jsonb'])
UNION ALL
SELECT 'float8[]', unnest(ARRAY['NULL::float8[]', '''{}''::float8[]', '''{NaN}''::float8[]', '''{Infinity}''::float8[]',
                                '''{-Infinity,1}''::float8[]', '''{1,NULL,3}''::float8[]', '''{NULL}''::float8[]',
                                '''{{1,2},{3,4}}''::float8[]', '''{1}''::float8[]', '''{0,0,0,0,0,0,0,0}''::float8[]',
                                '''{-1,-5}''::float8[]', '''{1e308,1e308,1e308,1e308}''::float8[]',
                                '''{5e-324,5e-324,5e-324}''::float8[]', '''[5:7]={1,2,3}''::float8[]',
                                'array_fill(1::float8, ARRAY[200001])', 'array_fill(0.5::float8, ARRAY[3000])'])
UNION ALL
SELECT 'text[]', unnest(ARRAY['NULL::text[]', '''{}''::text[]', '''{NULL,NULL,NULL}''::text[]',
                              '''{bogus,sale,sale}''::text[]', '''{{sale,sale},{sale,sale}}''::text[]',
                              '''{sale}''::text[]', '''{closed,stockout,return}''::text[]'])
UNION ALL
SELECT 'date', unnest(ARRAY['NULL::date', '''infinity''::date', '''-infinity''::date', '''4713-01-01 BC''::date',
                            '''5874897-12-31''::date', '''2026-12-31''::date'])
UNION ALL
SELECT 'date[]', unnest(ARRAY['NULL::date[]', '''{}''::date[]', '''{infinity,infinity,infinity}''::date[]',
                              '''{-infinity,2026-01-01,2026-01-02}''::date[]',
                              '''{4713-01-01 BC,4713-01-02 BC,4713-01-03 BC}''::date[]',
                              '''{5874897-12-29,5874897-12-30,5874897-12-31}''::date[]',
                              '''{4713-01-01 BC,2026-01-01,5874897-12-31}''::date[]',
                              '''{2026-01-01,NULL,2026-01-03}''::date[]', '''{{2026-01-01},{2026-01-02}}''::date[]',
                              '''{2026-01-03,2026-01-02,2026-01-01}''::date[]', '''{2026-01-01,2026-01-01,2026-01-01}''::date[]',
                              '''{2026-01-01}''::date[]',
                              'ARRAY(SELECT DATE ''2000-01-01'' + i FROM generate_series(0, 200000) i)'])
UNION ALL
SELECT 'bytea', unnest(ARRAY['NULL::bytea', '''\x''::bytea', '''\x00''::bytea', '''\xdeadbeef''::bytea',
                             'decode(md5(''a'') || md5(''b'') || md5(''c''), ''hex'')',
                             'decode(repeat(''ff'', 64), ''hex'')', 'decode(repeat(''00'', 64), ''hex'')'])
UNION ALL
SELECT 'regclass', unnest(ARRAY['NULL::regclass', '''pg_class''::regclass', '''fz.tenants''::regclass',
                                '0::oid::regclass', '''fz.sales_pkey''::regclass', '''stokkel.series''::regclass'])
UNION ALL
SELECT 'stokkel.series', unnest(ARRAY[
  'NULL::stokkel.series',
  'ROW(NULL, NULL, NULL, NULL, NULL, NULL, NULL)::stokkel.series',
  'ROW(''day'', NULL, ''{1}'', ''{0}'', ''{f}'', ''{f}'', 1)::stokkel.series',
  'ROW(NULL, ''2026-01-01'', ''{1}'', ''{0}'', ''{f}'', ''{f}'', 1)::stokkel.series',
  'ROW(''day'', ''2026-01-01'', NULL, ''{0}'', ''{f}'', ''{f}'', 1)::stokkel.series',
  'ROW(''day'', ''2026-01-01'', ''{1}'', NULL, ''{f}'', ''{f}'', 1)::stokkel.series',
  'ROW(''day'', ''2026-01-01'', ''{1}'', ''{0}'', NULL, ''{f}'', 1)::stokkel.series',
  'ROW(''day'', ''2026-01-01'', ''{1}'', ''{0}'', ''{f}'', NULL, 1)::stokkel.series',
  'ROW(''day'', ''2026-01-01'', ''{1}'', ''{0}'', ''{f}'', ''{f}'', NULL)::stokkel.series',
  'ROW(''day'', ''2026-01-01'', ''{1}'', ''{0,0}'', ''{f}'', ''{f}'', 1)::stokkel.series',
  'ROW(''day'', ''2026-01-01'', ''{1,2}'', ''{0,0}'', ''{f}'', ''{f,f}'', 2)::stokkel.series',
  'ROW(''day'', ''2026-01-01'', ''{1,2}'', ''{0,0}'', ''{f,f}'', ''{f}'', 2)::stokkel.series',
  'ROW(''day'', ''2026-01-01'', ''{1,2}'', ''{0,0}'', ''{f,NULL}'', ''{NULL,f}'', 2)::stokkel.series',
  'ROW(''day'', ''2026-01-01'', ''{1,NULL}'', ''{0,NULL}'', ''{f,f}'', ''{f,f}'', 2)::stokkel.series',
  'ROW(''day'', ''2026-01-01'', ''{NaN,Infinity}'', ''{-Infinity,0}'', ''{f,f}'', ''{f,f}'', 2)::stokkel.series',
  'ROW(''day'', ''2026-01-01'', ''{{1,2},{3,4}}'', ''{{0,0},{0,0}}'', ''{{f,f},{f,f}}'', ''{{f,f},{f,f}}'', 4)::stokkel.series',
  'ROW(''day'', ''2026-01-01'', ''[3:4]={1,2}'', ''{0,0}'', ''{f,f}'', ''{f,f}'', 2)::stokkel.series',
  'ROW(''day'', ''2026-01-01'', ''{}'', ''{}'', ''{}'', ''{}'', 0)::stokkel.series',
  'ROW(''day'', ''2026-01-01'', ''{1}'', ''{0}'', ''{f}'', ''{f}'', -1)::stokkel.series',
  'ROW(''day'', ''2026-01-01'', ''{1}'', ''{0}'', ''{f}'', ''{f}'', 9223372036854775807)::stokkel.series',
  'ROW(''fortnight'', ''2026-01-01'', ''{1}'', ''{0}'', ''{f}'', ''{f}'', 1)::stokkel.series',
  'ROW(''month'', ''2026-01-15'', ''{1}'', ''{0}'', ''{f}'', ''{f}'', 1)::stokkel.series',
  'ROW(''week'', ''2026-01-01'', ''{1}'', ''{0}'', ''{f}'', ''{f}'', 1)::stokkel.series',
  'ROW(''day'', ''infinity'', ''{1}'', ''{0}'', ''{f}'', ''{f}'', 1)::stokkel.series',
  'ROW(''day'', ''-infinity'', ''{1}'', ''{0}'', ''{f}'', ''{f}'', 1)::stokkel.series',
  'ROW(''day'', ''5874897-12-31'', ''{1,2,3}'', ''{0,0,0}'', ''{f,f,f}'', ''{f,f,f}'', 3)::stokkel.series',
  'ROW(''month'', ''5874897-12-01'', ''{1,2,3}'', ''{0,0,0}'', ''{f,f,f}'', ''{f,f,f}'', 3)::stokkel.series',
  'ROW(''day'', ''4713-01-01 BC'', ''{1,2,3}'', ''{0,0,0}'', ''{f,f,f}'', ''{f,f,f}'', 3)::stokkel.series',
  'ROW(''day'', ''2026-01-01'', array_fill(1::float8, ARRAY[200001]), array_fill(0::float8, ARRAY[200001]),
       array_fill(false, ARRAY[200001]), array_fill(false, ARRAY[200001]), 200001)::stokkel.series',
  'ROW(''day'', ''2026-01-01'', ''{1,2,3}'', ''{0,0,0}'', ''{t,t,t}'', ''{t,t,t}'', 3)::stokkel.series',
  'ROW(''day'', ''2026-01-01'', ''{-1,-5,-2}'', ''{-3,0,0}'', ''{f,f,f}'', ''{f,f,f}'', 3)::stokkel.series'
]);

-- The calls: each baseline, then each argument of each baseline replaced by
-- each edge value of its type.
CREATE TEMP TABLE fz_call (
  id       serial PRIMARY KEY,
  fn       regprocedure NOT NULL,
  label    text NOT NULL,
  sql      text NOT NULL,
  sqlstate text,          -- NULL: not run yet; '00000': ok
  message  text
);

CREATE FUNCTION pg_temp.fz_sql(f regprocedure, args text[], coldef text) RETURNS text
LANGUAGE sql AS $$
  SELECT format('SELECT sum(length(t::text)) FROM %s(%s) AS t%s',
                (SELECT quote_ident(n.nspname) || '.' || quote_ident(p.proname)
                   FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE p.oid = f),
                array_to_string(args, ', '), coalesce('(' || coldef || ')', ''))
$$;

INSERT INTO fz_call (fn, label, sql)
SELECT b.fn, 'baseline', pg_temp.fz_sql(b.fn, b.args, b.coldef) FROM fz_base b;

INSERT INTO fz_call (fn, label, sql)
SELECT b.fn, format('arg %s := %s', i, left(e.expr, 60)),
       pg_temp.fz_sql(b.fn, b.args[:i - 1] || (e.expr || '::' || format_type(p.proargtypes[i - 1], NULL)) || b.args[i + 1:],
                      b.coldef)
  FROM fz_base b
  JOIN pg_proc p ON p.oid = b.fn
  CROSS JOIN LATERAL generate_series(1, p.pronargs) i
  JOIN fz_edge e ON e.typ::regtype = p.proargtypes[i - 1];

-- Deserialised states: every single-byte corruption and every truncation of a
-- valid state.
INSERT INTO fz_call (fn, label, sql)
SELECT 'stokkel.stk_series_from_state(bytea)', format('state byte %s := %s', pos, v),
       format('SELECT sum(length(t::text)) FROM stokkel.stk_series_from_state(set_byte(%L::bytea, %s, %s)) AS t',
              st, pos, v)
  FROM (SELECT stokkel.stk_series_state(s) AS st FROM fz_const) c
  CROSS JOIN LATERAL generate_series(0, length(c.st) - 1) pos
  CROSS JOIN unnest(ARRAY[0, 1, 127, 128, 255]) v;
INSERT INTO fz_call (fn, label, sql)
SELECT 'stokkel.stk_series_from_state(bytea)', format('state cut to %s bytes', k),
       format('SELECT sum(length(t::text)) FROM stokkel.stk_series_from_state(substr(%L::bytea, 1, %s)) AS t', st, k)
  FROM (SELECT stokkel.stk_series_state(s) AS st FROM fz_const) c
  CROSS JOIN LATERAL generate_series(0, length(c.st) - 1) k;
-- A corrupted state fed on to the functions that read a series.
INSERT INTO fz_call (fn, label, sql)
SELECT 'stokkel.stk_forecast_series(stokkel.series,integer,integer,text,float8[],date[],text[],integer[],float8[])', format('corrupt state byte %s', pos),
       format('SELECT sum(length(t::text)) FROM stokkel.stk_forecast_series(stokkel.stk_series_from_state(set_byte(%L::bytea, %s, 255)), 3) AS t',
              st, pos)
  FROM (SELECT stokkel.stk_series_state(s) AS st FROM fz_const) c
  CROSS JOIN LATERAL generate_series(0, length(c.st) - 1) pos;

-- Corrupted forecast states: every element of valid packed states replaced.
INSERT INTO fz_call (fn, label, sql)
SELECT 'stokkel.stk_fstate_forecast(float8[],integer)', format('state %s element %s := %s', st, pos, v),
       format('SELECT sum(length(t::text)) FROM stokkel.stk_fstate_forecast((SELECT x[:%s - 1] || %s::float8 || x[%s + 1:] FROM (SELECT %L::float8[] AS x) s), 7) AS t',
              pos, v, pos, st)
  FROM unnest(ARRAY['{1001,0,1,7,20,10,0.1,0,0.1,1,2,5,0,3,1,-1,0,0,0,1,-1}', '{2001,0.1,0.1,2,4,1,1,0.475,1.5}']) st
  CROSS JOIN LATERAL generate_series(1, cardinality(st::float8[])) pos
  CROSS JOIN unnest(ARRAY['''NaN''', '''-Infinity''', '-1', '0', '0.5', '2', '1e300', '24', '25', '1001', '2001']) v;

-- The aggregates, with edge rows.
CREATE TEMP TABLE fz_rows (label text, vals text);
INSERT INTO fz_rows VALUES
 ('one row',              $$(DATE '2026-01-01', 1::float8)$$),
 ('NULL day',             $$(DATE '2026-01-01', 1::float8), (NULL::date, 2::float8)$$),
 ('NULL quantity',        $$(DATE '2026-01-01', NULL::float8)$$),
 ('NaN',                  $$(DATE '2026-01-01', 'NaN'::float8)$$),
 ('Infinity',             $$(DATE '2026-01-01', 'Infinity'::float8), (DATE '2026-01-02', 1)$$),
 ('-Infinity',            $$(DATE '2026-01-01', '-Infinity'::float8)$$),
 ('1e308 sum overflow',   $$(DATE '2026-01-01', 1e308::float8), (DATE '2026-01-01', 1e308), (DATE '2026-01-01', 1e308)$$),
 ('denormal',             $$(DATE '2026-01-01', 5e-324::float8), (DATE '2026-01-02', 5e-324)$$),
 ('negative',             $$(DATE '2026-01-01', -1::float8), (DATE '2026-01-02', -5)$$),
 ('infinity day',         $$('infinity'::date, 1::float8)$$),
 ('-infinity day',        $$('-infinity'::date, 1::float8)$$),
 ('first day',            $$('4713-01-01 BC'::date, 1::float8)$$),
 ('last day',             $$('5874897-12-31'::date, 1::float8)$$),
 ('huge span',            $$('4713-01-01 BC'::date, 1::float8), ('5874897-12-31'::date, 1)$$),
 ('over max length',      $$(DATE '2000-01-01', 1::float8), (DATE '2000-01-01' + 200001, 1)$$),
 ('unsorted duplicates',  $$(DATE '2026-01-05', 1::float8), (DATE '2026-01-01', 2), (DATE '2026-01-05', 3), (DATE '2026-01-03', 4)$$),
 ('no rows',              $$(DATE '2026-01-01', 1::float8) LIMIT 0$$);

CREATE TEMP TABLE fz_aggx (kind text, extra text);
INSERT INTO fz_aggx VALUES
 ('series', ''), ('series', ', ''day'''), ('series', ', ''week'''), ('series', ', ''month'''),
 ('series', ', NULL::text'), ('series', ', '''''), ('series', ', ''NaN'''), ('series', ', repeat(''x'', 10000)'),
 ('series', ', ''day'', ''sale'''), ('series', ', ''day'', ''return'''), ('series', ', ''day'', ''closed'''),
 ('series', ', ''day'', ''stockout'''), ('series', ', ''day'', NULL::text'), ('series', ', ''day'', '''''),
 ('series', ', ''day'', repeat(''x'', 10000)'),
 ('forecast', ', 3, ''auto'''), ('forecast', ', 3, ''ets'''), ('forecast', ', 3, ''croston'''),
 ('forecast', ', 3, ''arima'''),
 ('forecast', ', 0, ''auto'''), ('forecast', ', -1, ''auto'''), ('forecast', ', NULL::integer, ''auto'''),
 ('forecast', ', 2147483647, ''auto'''), ('forecast', ', (-2147483648)::integer, ''auto'''),
 ('forecast', ', 3, NULL::text'), ('forecast', ', 3, '''''), ('forecast', ', 3, ''NaN'''),
 ('forecast', ', 3, repeat(''x'', 10000)'),
 ('forecast', ', 3, ''auto'', ''day'', ''{0.1,0.5,0.9}''::float8[]'),
 ('forecast', ', 3, ''auto'', ''month'', ''{0.5}''::float8[]'),
 ('forecast', ', 3, ''auto'', NULL::text, ''{0.5}''::float8[]'),
 ('forecast', ', 3, ''auto'', ''day'', NULL::float8[]'),
 ('forecast', ', 3, ''auto'', ''day'', ''{}''::float8[]'),
 ('forecast', ', 3, ''auto'', ''day'', ''{NaN}''::float8[]'),
 ('forecast', ', 3, ''auto'', ''day'', ''{0,1}''::float8[]'),
 ('forecast', ', 3, ''auto'', ''day'', ''{-1,5}''::float8[]'),
 ('forecast', ', 3, ''auto'', ''day'', ''{0.5,NULL}''::float8[]'),
 ('forecast', ', 3, ''auto'', ''day'', ''{{0.1,0.5},{0.6,0.9}}''::float8[]'),
 ('forecast', ', 3, ''auto'', ''day'', array_fill(0.5::float8, ARRAY[200001])');

INSERT INTO fz_call (fn, label, sql)
SELECT CASE x.kind WHEN 'series' THEN 'stokkel.stk_series_agg(date,float8)'::regprocedure
                   ELSE 'stokkel.stk_forecast_agg(date,float8,integer,text)'::regprocedure END,
       format('%s agg%s over %s', x.kind, left(x.extra, 40), r.label),
       format('SELECT length(stokkel.stk_%s_agg(d, q%s)::text) FROM (VALUES %s) v(d, q)', x.kind, x.extra, r.vals)
  FROM fz_aggx x CROSS JOIN fz_rows r;
-- timestamptz flavours, grouped (several groups, so several states)
INSERT INTO fz_call (fn, label, sql)
SELECT 'stokkel.stk_series_agg(timestamptz,float8)'::regprocedure, 'series agg timestamptz ' || t,
       format('SELECT sum(length(a::text)) FROM (SELECT stokkel.stk_series_agg(ts, q) a FROM (VALUES %s) v(g, ts, q) GROUP BY g) s', t)
  FROM unnest(ARRAY[
    $$(1, timestamptz '2026-01-01 10:00+00', 1::float8), (2, timestamptz '2026-01-03 23:59+00', 2)$$,
    $$(1, 'infinity'::timestamptz, 1::float8)$$,
    $$(1, '-infinity'::timestamptz, 1::float8)$$,
    $$(1, '4713-01-01 00:00+00 BC'::timestamptz, 1::float8)$$,
    $$(1, '294276-12-31 23:59:59+00'::timestamptz, 1::float8)$$,
    $$(1, NULL::timestamptz, 1::float8)$$,
    $$(1, timestamptz '2026-01-01 10:00+00', 'NaN'::float8)$$]) t
UNION ALL
SELECT 'stokkel.stk_forecast_agg(timestamptz,float8,integer,text,text,float8[])'::regprocedure, 'forecast agg timestamptz ' || t,
       format('SELECT sum(length(a::text)) FROM (SELECT stokkel.stk_forecast_agg(ts, q, 3, ''auto'', ''week'', ''{0.5}'') a FROM (VALUES %s) v(g, ts, q) GROUP BY g) s', t)
  FROM unnest(ARRAY[
    $$(1, timestamptz '2026-01-01 10:00+00', 1::float8), (1, timestamptz '2026-03-03 23:59+00', 2)$$,
    $$(1, 'infinity'::timestamptz, 1::float8)$$,
    $$(1, '294276-12-31 23:59:59+00'::timestamptz, 1::float8)$$,
    $$(1, NULL::timestamptz, 1::float8)$$]) t;

-- The forecast aggregate with events: a valid calendar, then edge values of
-- each of the three event arguments (read from a group's first row).
INSERT INTO fz_call (fn, label, sql)
SELECT 'stokkel.stk_forecast_agg(date,float8,integer,text,text,float8[],date[],text[],integer[])'::regprocedure,
       'forecast agg events ' || left(e, 60),
       format('SELECT sum(length(a::text)) FROM (SELECT stokkel.stk_forecast_agg(d, q, 3, ''day'', m, ''{0.1,0.9}'', %s) a
                 FROM (SELECT g, DATE ''2026-01-01'' + i AS d, (i %% 7)::float8 AS q
                         FROM generate_series(1, 2) g, generate_series(0, 40) i) v,
                      unnest(''{auto,prophet,theta}''::text[]) m GROUP BY g, m) s', e)
  FROM unnest(ARRAY[
    $$'{2026-01-10,2026-01-24,2026-02-13}'::date[], '{a,a,a}'::text[], '{1,0}'::integer[]$$,
    $$NULL::date[], NULL::text[], NULL::integer[]$$,
    $$'{}'::date[], '{}'::text[], '{7,1}'::integer[]$$,
    $$'{infinity}'::date[], '{a}'::text[], NULL::integer[]$$,
    $$'{-infinity,2026-01-10}'::date[], '{a,b}'::text[], NULL::integer[]$$,
    $$'{4713-01-01 BC,5874897-12-31}'::date[], '{a,b}'::text[], NULL::integer[]$$,
    $$'{2026-01-10}'::date[], '{a,b}'::text[], NULL::integer[]$$,
    $$'{2026-01-10}'::date[], '{NULL}'::text[], NULL::integer[]$$,
    $$'{NULL}'::date[], '{a}'::text[], NULL::integer[]$$,
    $$'{2026-01-10}'::date[], '{a}'::text[], '{-1,0}'::integer[]$$,
    $$'{2026-01-10}'::date[], '{a}'::text[], '{31,0}'::integer[]$$,
    $$'{2026-01-10}'::date[], '{a}'::text[], '{30,30}'::integer[]$$,
    $$'{2026-01-10}'::date[], '{a}'::text[], '{NULL,1}'::integer[]$$,
    $$'{{2026-01-10}}'::date[], '{{a}}'::text[], NULL::integer[]$$,
    $$ARRAY(SELECT DATE '2026-01-01' + k FROM generate_series(1, 80) k), ARRAY(SELECT 'e' || k FROM generate_series(1, 80) k), NULL::integer[]$$]) e;

-- The pooled fill-rate aggregate (issue 5): a valid group, then one argument
-- at a time replaced by an edge value, on every row.
INSERT INTO fz_call (fn, label, sql)
SELECT 'stokkel.stk_reorder_pooled_price(float8[],float8,float8,float8,float8,text)'::regprocedure,
       'pooled price ' || left(a, 60),
       format('SELECT stokkel.stk_reorder_pooled_price(%s)::text FROM (VALUES (''{3,1,4,1,5,9,2,6,5,3}''::float8[]), (''{0,0,5,0,0,0,1,0,0,2}'')) v(y)', a)
  FROM unnest(ARRAY[
    $$y, 3, 7, 0.95, 0, 'mean'$$, $$y, 3, 7, 0.95, 2, 'auto'$$,
    $$NULL::float8[], 3, 7, 0.95, 0, 'mean'$$, $$'{}'::float8[], 3, 7, 0.95, 0, 'mean'$$,
    $$'{NaN}'::float8[], 3, 7, 0.95, 0, 'mean'$$, $$'{-1}'::float8[], 3, 7, 0.95, 0, 'mean'$$,
    $$'{1e308,1e308}'::float8[], 3, 7, 0.95, 0, 'mean'$$, $$'{{1,2},{3,4}}'::float8[], 3, 7, 0.95, 0, 'mean'$$,
    $$'{1,NULL}'::float8[], 3, 7, 0.95, 0, 'mean'$$, $$array_fill(1e6::float8, ARRAY[50]), 3, 7, 0.95, 0, 'mean'$$,
    $$y, -1, 7, 0.95, 0, 'mean'$$, $$y, 'NaN', 7, 0.95, 0, 'mean'$$, $$y, 1e308, 7, 0.95, 0, 'mean'$$,
    $$y, 1001, 7, 0.95, 0, 'mean'$$, $$y, NULL, 7, 0.95, 0, 'mean'$$,
    $$y, 3, 0, 0.95, 0, 'mean'$$, $$y, 3, 0.5, 0.95, 0, 'mean'$$, $$y, 3, 1e9, 0.95, 0, 'mean'$$,
    $$y, 3, 'Infinity', 0.95, 0, 'mean'$$,
    $$y, 3, 7, 0, 0, 'mean'$$, $$y, 3, 7, 1, 0, 'mean'$$, $$y, 3, 7, 'NaN', 0, 'mean'$$, $$y, 3, 7, 5e-324, 0, 'mean'$$,
    $$y, 3, 7, 0.999999999999, 0, 'mean'$$, $$y, 3, 7, NULL, 0, 'mean'$$,
    $$y, 3, 7, 0.95, -1, 'mean'$$, $$y, 3, 7, 0.95, 1e308, 'mean'$$, $$y, 3, 7, 0.95, 'NaN', 'mean'$$,
    $$y, 3, 7, 0.95, 0, NULL$$, $$y, 3, 7, 0.95, 0, ''$$, $$y, 3, 7, 0.95, 0, repeat('x', 10000)$$]) a;

-- The pooled aggregate with events: the feast days ahead of the two
-- histories (first_day 2026-01-01), then edge values of first_day and of
-- each event argument.
INSERT INTO fz_call (fn, label, sql)
SELECT 'stokkel.stk_reorder_pooled_price(float8[],float8,float8,float8,float8,text,date,date[],text[],integer[])'::regprocedure,
       'pooled price events ' || left(e, 60),
       format('SELECT stokkel.stk_reorder_pooled_price(y, 3, 7, 0.95, 0, m, %s)::text
                 FROM (VALUES (''{3,1,4,1,5,9,2,6,5,3,5,8,9,7,9,3}''::float8[]), (''{0,0,5,0,0,0,1,0,0,2,0,0,3,0,0,1}'')) v(y),
                      unnest(''{auto,theta}''::text[]) m GROUP BY m', e)
  FROM unnest(ARRAY[
    $$'2026-01-01'::date, '{2026-01-04,2026-01-11,2026-01-18}'::date[], '{a,a,a}'::text[], '{1,0}'::integer[]$$,
    $$NULL::date, NULL::date[], NULL::text[], NULL::integer[]$$,
    $$NULL::date, '{2026-01-18}'::date[], '{a}'::text[], '{1,0}'::integer[]$$,
    $$'infinity'::date, '{2026-01-18}'::date[], '{a}'::text[], '{1,0}'::integer[]$$,
    $$'5874897-12-01'::date, '{2026-01-18}'::date[], '{a}'::text[], '{1,0}'::integer[]$$,
    $$'4713-01-01 BC'::date, '{2026-01-18}'::date[], '{a}'::text[], '{1,0}'::integer[]$$,
    $$'2026-01-01'::date, '{}'::date[], '{}'::text[], '{7,1}'::integer[]$$,
    $$'2026-01-01'::date, '{infinity}'::date[], '{a}'::text[], NULL::integer[]$$,
    $$'2026-01-01'::date, '{2026-01-18}'::date[], '{a,b}'::text[], NULL::integer[]$$,
    $$'2026-01-01'::date, '{NULL}'::date[], '{a}'::text[], NULL::integer[]$$,
    $$'2026-01-01'::date, '{2026-01-18}'::date[], '{NULL}'::text[], NULL::integer[]$$,
    $$'2026-01-01'::date, '{2026-01-18}'::date[], '{a}'::text[], '{-1,0}'::integer[]$$,
    $$'2026-01-01'::date, '{2026-01-18}'::date[], '{a}'::text[], '{31,0}'::integer[]$$,
    $$'2026-01-01'::date, '{{2026-01-18}}'::date[], '{{a}}'::text[], NULL::integer[]$$,
    $$'2026-01-01'::date, ARRAY(SELECT DATE '2026-01-01' + k FROM generate_series(1, 400) k), ARRAY(SELECT 'e' || k FROM generate_series(1, 400) k), '{0,0}'::integer[]$$]) e;

-- Run every call as its own statement with a per-call timeout.
CREATE FUNCTION pg_temp.fz_run(call_id integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  q text;
  st text := '00000';
  msg text;
BEGIN
  SELECT sql INTO q FROM fz_call WHERE id = call_id;
  BEGIN
    BEGIN
      EXECUTE q;
    EXCEPTION
      WHEN query_canceled THEN
        GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
      WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
    END;
  EXCEPTION
    -- the timeout fired while the error above was being handled
    WHEN query_canceled THEN
      st := '57014';
      msg := 'statement timeout while handling: ' || coalesce(st, '') || ' ' || coalesce(msg, '');
  END;
  UPDATE fz_call SET sqlstate = st, message = left(msg, 200) WHERE id = call_id;
END
$$;

SET LOCAL statement_timeout = '5s';
\o /dev/null
SELECT format('SELECT pg_temp.fz_run(%s)', id) FROM fz_call ORDER BY id
\gexec
\o
RESET statement_timeout;

-- Assertions.
SELECT is_empty($$SELECT id, label FROM fz_call WHERE sqlstate IS NULL$$,
  'every call ran');
SELECT ok((SELECT count(*) FROM fz_call) >= 500,
  'at least 500 calls made (' || (SELECT count(*) FROM fz_call) || ')');
SELECT is_empty($$SELECT fn::text, label FROM fz_call WHERE label = 'baseline' AND sqlstate <> '00000'$$,
  'every baseline call succeeds');
SELECT is_empty($$SELECT fn::text, label, sqlstate, message FROM fz_call WHERE sqlstate IN ('XX000', 'XX001', 'XX002')$$,
  'no internal error (XX000, XX001, XX002)');
SELECT is_empty($$SELECT fn::text, label, sqlstate, message FROM fz_call WHERE sqlstate = '0A000'$$,
  'no feature_not_supported from a direct call');
SELECT is_empty($$SELECT fn::text, label, sqlstate, message FROM fz_call WHERE sqlstate = '57014'$$,
  'no call hangs (statement_timeout 5s)');
SELECT is_empty($$SELECT fn::text, label, sqlstate, message FROM fz_call WHERE sqlstate LIKE '53%'$$,
  'no call runs out of memory or other resources');
SELECT is_empty($$
  SELECT fn::text, label, sqlstate, message FROM fz_call
   WHERE sqlstate NOT IN ('00000', '22000', '22003', '22004', '22008', '22012', '22023', '2202E', '22P02', '22P03',
                          '22007', '54000', '42P01', '42P06', '42703', '42804', '42622', '3F000', '23505',
                          -- HTTP api (issue 7): bad CSV file, repeated column, bad .xlsx, bad claims,
                          -- ZIP64 or unsupported compression, cell text too long, libxml2 errors
                          '22P04', '42701', '22P03', '28000', '22001', '2200N', '2200M',
                          -- alerts (issue 6)
                          '55000', '42809',
                          -- stk_set_alert_setting for a tenant missing from the retail schema's tenants
                          '23503')
     AND sqlstate NOT IN ('57014', 'XX000', 'XX001', 'XX002', '0A000') AND sqlstate NOT LIKE '53%'$$,
  'every error has a documented SQLSTATE');
SELECT ok((SELECT count(*) FILTER (WHERE sqlstate = '00000') FROM fz_call) >= 100,
  'a fair share of the calls succeed');

-- Found by this sweep: a huge variance made the exact search run for seconds.
SELECT throws_ok($$SELECT stokkel.stk_order_up_to_exact(2.5, 2, 3, 0.98, 'fill_rate', 1e308)$$,
  '54000', NULL, 'variance over 1e5 x mean: program_limit_exceeded');

-- Summary of the SQLSTATEs seen, as TAP comments.
SELECT diag(string_agg(format('%s: %s', sqlstate, n), ', ' ORDER BY sqlstate))
  FROM (SELECT sqlstate, count(*) n FROM fz_call GROUP BY sqlstate) s;

-- Uncomment to see every distinct error:
-- SELECT diag(format('%s %s', sqlstate, message)) FROM (SELECT DISTINCT sqlstate, message FROM fz_call WHERE sqlstate <> '00000') d;

SELECT * FROM finish();
ROLLBACK;
