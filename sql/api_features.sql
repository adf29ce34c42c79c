-- The HTTP API of the backtests and explanations, the reorder list and the
-- alerts, at the SQL level as PostgREST drives it: per request BEGIN;
-- SET LOCAL ROLE; set_config('request.jwt.claims', ..., true); the call;
-- COMMIT or ROLLBACK.  Values, their agreement with the functions wrapped,
-- and the SQLSTATEs of bad input.
SET extra_float_digits = 0;
SET DateStyle = ISO;
SET TimeZone = 'Africa/Dakar';
SET client_min_messages = warning;

SELECT stokkel.stk_create_retail_schema('apf_shop');
SELECT count(*) > 0 AS generated FROM stokkel.stk_generate_sample_data('apf_shop', 5, 60, 3, tenant => 'dakar');
SELECT count(*) > 0 AS generated FROM stokkel.stk_generate_sample_data('apf_shop', 5, 60, 4, tenant => 'thies');
SELECT stokkel.stk_attach_retail_alerts('apf_shop');
SELECT status, count(*) FROM stokkel.stk_refresh_forecast_state('apf_shop.sales', NULL, '2026-06-30', 60) GROUP BY 1;
SELECT stokkel.stk_create_api('apf_shop', 'apf', 'regress_apf_anon', 'regress_apf_user', 'regress_apf_admin');
INSERT INTO apf_shop.alerts (tenant_id, kind, severity, product_id, message)
VALUES ('thies', 'stockout_risk', 'critical', 2, 'rupture probable (thies)');
SELECT alert_id AS thies_alert FROM apf_shop.alerts WHERE tenant_id = 'thies' \gset

-- The new endpoints and who may call them.
SELECT p.proname, p.provolatile AS vol, pg_get_function_result(p.oid) AS returns,
       has_function_privilege('regress_apf_anon', p.oid, 'EXECUTE') AS anon,
       has_function_privilege('regress_apf_user', p.oid, 'EXECUTE') AS "user",
       has_function_privilege('regress_apf_admin', p.oid, 'EXECUTE') AS admin
  FROM pg_proc p WHERE p.pronamespace = 'apf'::regnamespace
   AND p.proname IN ('backtest', 'forecast_explain', 'reorder_recommendations', 'reorder_csv', 'reorder_xlsx',
                     'supplier_lead_times', 'list_alerts', 'acknowledge_alert', 'alert_settings', 'set_alert_setting')
 ORDER BY 1;

-- Backtests and explanations, as a user of tenant dakar.
BEGIN;
SET LOCAL ROLE regress_apf_user;
SELECT set_config('request.jwt.claims', '{"role": "regress_apf_user", "tenant_id": "dakar"}', true) IS NOT NULL AS claims;
SELECT product_id, sku, h, forecasts, round(mase::numeric, 3) AS mase, round(wape::numeric, 3) AS wape,
       round(bias::numeric, 3) AS bias, coverage, model, status
  FROM apf.backtest(product_id => 1, horizon => 3, windows => 2, history_days => 60);
-- every product of the tenant, one row per step ahead
SELECT count(*) AS rows, count(DISTINCT product_id) AS products, min(h) AS h_min, max(h) AS h_max,
       count(*) FILTER (WHERE status = 'ok') AS ok
  FROM apf.backtest(horizon => 7, history_days => 60);
-- more windows than the history allows: a status row that says so, not an error
SELECT product_id, h, status FROM apf.backtest(product_id => 1, horizon => 28, windows => 5, history_days => 60);
SELECT product_id, sku, model, reason, demand_class, round(level::numeric, 3) AS level
  FROM apf.forecast_explain(product_id => 1, history_days => 60);
SELECT regress.err($$SELECT * FROM apf.backtest(product_id => 1, method => 'bogus')$$);
SELECT regress.err($$SELECT * FROM apf.backtest(product_id => 1, history_days => 0)$$);
SELECT regress.err($$SELECT * FROM apf.forecast_explain(product_id => 1, method => 'bogus')$$);
-- another tenant's product is not there
SELECT count(*) AS thies_rows FROM apf.backtest(product_id => (SELECT max(product_id) + 1 FROM apf.products));
COMMIT;

-- The same numbers as the functions wrapped, called by the owner.
SELECT b.h, round(b.mase::numeric, 3) AS mase, round(b.wape::numeric, 3) AS wape
  FROM stokkel.stk_product_series('apf_shop', 'dakar', 1, 'day', '2026-05-02', '2026-06-30') ps,
       stokkel.stk_backtest_series(ps.series, 3, 2) b;

-- The reorder list, the lead times and the exports.
BEGIN;
SET LOCAL ROLE regress_apf_user;
SELECT set_config('request.jwt.claims', '{"role": "regress_apf_user", "tenant_id": "dakar"}', true) IS NOT NULL AS claims;
SELECT product_id, sku, supplier, on_hand, order_qty, order_value, action, lead_time_source, status
  FROM apf.reorder_recommendations(as_of => '2026-06-30');
SELECT product_id, order_qty, order_value, funded_qty, budget_rank
  FROM apf.reorder_recommendations(as_of => '2026-06-30', target => 0.99, budget => 50000)
 WHERE order_qty > 0;
SELECT supplier_id, supplier, stated_mean_days, receipts, round(lead_time_mean_days::numeric, 3) AS mean_days,
       round(lead_time_sd_days::numeric, 3) AS sd_days, round(on_time_share::numeric, 3) AS on_time
  FROM apf.supplier_lead_times() WHERE receipts > 0;
SELECT split_part(apf.reorder_csv(as_of => '2026-06-30'), E'\n', 1) AS csv_header;
SELECT array_length(string_to_array(rtrim(apf.reorder_csv(as_of => '2026-06-30'), E'\n'), E'\n'), 1) AS csv_lines;
SELECT split_part(split_part(apf.reorder_csv(as_of => '2026-06-30'), E'\n', 2), ',', 2) AS first_sku;
SELECT position('HUI-000004' IN convert_from(stokkel.stk_zip_entry(apf.reorder_xlsx(as_of => '2026-06-30'),
                                                                 'xl/sharedStrings.xml'), 'UTF8')) > 0 AS xlsx_has_sku,
       current_setting('response.headers') AS headers;
SELECT regress.err($$SELECT * FROM apf.reorder_recommendations(as_of => '2026-06-30', target => 1.5)$$);
SELECT regress.err($$SELECT * FROM apf.reorder_recommendations(as_of => '2026-06-30', budget => -1)$$);
SELECT regress.err($$SELECT * FROM apf.reorder_recommendations(as_of => '2026-06-30', policy => 'XY')$$);
SELECT regress.err($$SELECT * FROM apf.reorder_recommendations(as_of => '2026-06-30', target_scope => 'all')$$);
-- the pooled list through the api is the optimiser's pooled list
SELECT (SELECT array_agg(r.product_id || ':' || r.order_qty ORDER BY r.product_id)
          FROM apf.reorder_recommendations(as_of => '2026-06-30', method => 'theta', target_scope => 'pooled') r)
       =  -- NULL, not true, if the list were empty
       (SELECT array_agg(r.product_id || ':' || r.order_qty ORDER BY r.product_id)
          FROM stokkel.stk_reorder_recommendations('apf_shop', 'dakar', '2026-06-30', target_scope => 'pooled') r)
       AS pooled_same;
COMMIT;
-- the api's list is the optimiser's own, and the lead times its
SELECT (SELECT array_agg(r.product_id || ':' || r.order_qty || ':' || r.action)
          FROM stokkel.stk_reorder_recommendations('apf_shop', 'dakar', '2026-06-30') r) AS direct;
SELECT supplier_id, receipts, round(lead_time_mean_days::numeric, 3) AS mean_days
  FROM stokkel.stk_supplier_lead_times('apf_shop', 'dakar');

-- Alerts: a burst of sales imported through the api raises a spike (the
-- triggers run with the user's rights), listed, filtered, acknowledged.
BEGIN;
SET LOCAL ROLE regress_apf_user;
SELECT set_config('request.jwt.claims', '{"role": "regress_apf_user", "tenant_id": "dakar"}', true) IS NOT NULL AS claims;
SELECT (r).accepted, (r).written
  FROM apf.import_sales(E'sku,sold_at,quantity\nRIZ-000001,2026-07-01 10:00,150\n', 'commit_good') r;
SELECT kind, severity, product_id, message FROM apf.list_alerts();
SELECT count(*) AS spikes FROM apf.list_alerts(kind => 'sales_spike', severity => 'critical', since => '2026-01-01');
SELECT count(*) AS drops FROM apf.list_alerts(kind => 'sales_drop');
SELECT kind, acknowledged_at IS NOT NULL AS acknowledged
  FROM apf.acknowledge_alert((SELECT alert_id FROM apf.alerts WHERE kind = 'sales_spike'));
SELECT count(*) AS open_alerts FROM apf.list_alerts();
SELECT count(*) AS all_alerts FROM apf.list_alerts(open_only => false);
-- the state rows the import updated are the tenant's own
SELECT count(*) AS state_rows, count(*) FILTER (WHERE tenant_id <> 'dakar') AS foreign_rows
  FROM apf_shop.stk_forecast_state;
SELECT regress.err(format('SELECT * FROM apf.acknowledge_alert(%s)', :thies_alert));
SELECT regress.err($$SELECT * FROM apf.list_alerts(severity => 'urgent')$$);
SELECT regress.err($$SELECT * FROM apf.list_alerts(n => 0)$$);
SELECT regress.err($$SELECT count(*) FROM apf_shop.stk_alert_errors$$);
-- settings: read by a user, set by an admin only
SELECT alert_type, setting, value, is_default FROM apf.alert_settings() WHERE alert_type = 'stockout_risk';
SELECT regress.err($$SELECT * FROM apf.set_alert_setting('stockout_risk', 'probability', '0.2')$$);
COMMIT;
-- the spike went to the alerts table, in the same transaction as the sales
SELECT tenant_id, kind, severity, acknowledged_at IS NOT NULL AS acknowledged
  FROM apf_shop.alerts ORDER BY alert_id;
SELECT count(*) AS alert_errors FROM apf_shop.stk_alert_errors;

BEGIN;
SET LOCAL ROLE regress_apf_admin;
SELECT set_config('request.jwt.claims', '{"role": "regress_apf_admin", "tenant_id": "dakar"}', true) IS NOT NULL AS claims;
SELECT alert_type, setting, value, is_default FROM apf.set_alert_setting('stockout_risk', 'probability', '0.2');
SELECT regress.err($$SELECT * FROM apf.set_alert_setting('stockout_risk', 'probability', '1.5')$$);
SELECT regress.err($$SELECT * FROM apf.set_alert_setting('stockout_risk', 'probability', '"high"')$$);
SELECT regress.err($$SELECT * FROM apf.set_alert_setting('bogus', 'probability', '0.2')$$);
SELECT regress.err($$SELECT * FROM apf.set_alert_setting('stockout_risk', 'bogus', '0.2')$$);
COMMIT;
SELECT tenant_id, key, value FROM apf_shop.settings WHERE key LIKE 'alerts.%' ORDER BY 1, 2;

-- Tokens without a tenant, or naming one that does not exist; the
-- anonymous role.
BEGIN;
SET LOCAL ROLE regress_apf_user;
SELECT set_config('request.jwt.claims', '{"role": "regress_apf_user"}', true) IS NOT NULL AS claims;
SELECT (SELECT count(*) FROM apf.backtest()) AS backtest, (SELECT count(*) FROM apf.reorder_recommendations()) AS reorder,
       (SELECT count(*) FROM apf.supplier_lead_times()) AS lead_times, (SELECT count(*) FROM apf.list_alerts()) AS alerts,
       (SELECT count(*) FROM apf.alert_settings()) AS settings, apf.reorder_csv() IS NULL AS no_csv;
SELECT regress.err($$SELECT * FROM apf.acknowledge_alert(1)$$);
SELECT set_config('request.jwt.claims', '{"role": "regress_apf_user", "tenant_id": "nowhere"}', true) IS NOT NULL AS claims;
SELECT regress.err($$SELECT count(*) FROM apf.backtest()$$);
SELECT regress.err($$SELECT count(*) FROM apf.reorder_recommendations()$$);
SELECT regress.err($$SELECT count(*) FROM apf.list_alerts()$$);
SELECT regress.err($$SELECT count(*) FROM apf.alert_settings()$$);
ROLLBACK;
BEGIN;
SET LOCAL ROLE regress_apf_anon;
SELECT regress.err($$SELECT count(*) FROM apf.backtest()$$);
SELECT regress.err($$SELECT count(*) FROM apf.list_alerts()$$);
ROLLBACK;

SELECT stokkel.stk_detach_alerts('apf_shop.sales');
DROP SCHEMA apf CASCADE;
DROP SCHEMA apf_shop CASCADE;
DROP OWNED BY regress_apf_anon, regress_apf_user, regress_apf_admin;
DROP ROLE regress_apf_admin, regress_apf_user, regress_apf_anon;
