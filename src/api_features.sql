-- HTTP wrappers of the forecast engine II (backtests, explanations), the
-- stock optimiser (reorder list, lead times) and the alerts: one definer
-- per area, picked up by stk_create_api (src/api.sql).  Like the core's,
-- the wrappers run as the caller and take the tenant from the token.

CREATE TYPE stokkel.product_backtest AS (
  product_id  bigint,
  sku         text,
  name        text,
  h           integer,            -- steps ahead; NULL on a status row
  forecasts   integer,            -- forecasts scored at this h
  mase        double precision,
  smape       double precision,
  wape        double precision,
  bias        double precision,   -- mean forecast minus actual
  rmsse       double precision,
  pinball     double precision[], -- at levels P10, P50, P90
  spl         double precision[], -- scaled pinball loss, same levels
  coverage    double precision[], -- share of actuals at or below each quantile
  model       text,
  status      text
);
COMMENT ON TYPE stokkel.product_backtest IS
  'Backtest metrics of a product per step ahead h: MASE, sMAPE, WAPE, bias, RMSSE, pinball loss, scaled pinball '
  'loss and coverage at P10/P50/P90, the model and a status.';

CREATE TYPE stokkel.product_explanation AS (
  product_id    bigint,
  sku           text,
  name          text,
  model         text,
  reason        text,
  demand_class  text,
  level         double precision,
  trend         double precision,
  season        double precision[],
  size          double precision,
  "interval"    double precision,
  probability   double precision,
  adi           double precision,
  cv2           double precision,
  zero_share    double precision,
  used_period   integer,
  status        text
);
COMMENT ON TYPE stokkel.product_explanation IS
  'Why a product''s forecast uses its model (stk_forecast_explain): model, one-line reason, demand class and the '
  'forecast''s components.';

-- Backtests and explanations.  %1$I is the api schema, %2$L the retail
-- schema as a literal, %4$s the token's tenant (NULL: no rows).
CREATE FUNCTION stokkel.stk_api_def_backtest(api_schema text, retail_schema text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
  PERFORM stokkel.stk_api_run(api_schema, retail_schema, ARRAY[
    $f$CREATE FUNCTION %1$I.backtest(product_id bigint DEFAULT NULL, horizon integer DEFAULT 7,
                                      windows integer DEFAULT 3, step integer DEFAULT NULL,
                                      freq text DEFAULT 'day', method text DEFAULT 'auto',
                                      history_days integer DEFAULT 365, as_of date DEFAULT NULL,
                                      price_effect boolean DEFAULT false)
       RETURNS SETOF stokkel.product_backtest LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $b$
         SELECT ph.product_id, ph.sku, ph.name, b.h, b.forecasts, b.mase, b.smape, b.wape, b.bias, b.rmsse,
                b.pinball, b.spl, b.coverage, b.model, b.status
           FROM %4$s AS t,
                LATERAL stokkel.stk_product_history(%2$L, t, backtest.product_id, backtest.freq,
                                                    backtest.history_days, backtest.as_of) ph,
                LATERAL stokkel.stk_tenant_events(%2$L, t, backtest.method) ev,
                -- with price_effect (prophet only: stk_check_price_effect),
                -- each window's horizon reads the prices the shop then charged
                LATERAL stokkel.stk_backtest_series(ph.series, backtest.horizon, backtest.windows, backtest.step,
                                                    NULL, backtest.method, '{0.1,0.5,0.9}', ev.days, ev.names,
                                                    regressors => CASE WHEN backtest.price_effect THEN
                                                      stokkel.stk_product_price_regressor(%2$L, t, ph.product_id,
                                                        ph.series, 0, backtest.as_of) END) b
          WHERE t IS NOT NULL AND stokkel.stk_check_price_effect(backtest.method, backtest.price_effect)
          ORDER BY ph.product_id, b.h NULLS FIRST
       $b$$f$,
    $f$COMMENT ON FUNCTION %1$I.backtest(bigint, integer, integer, integer, text, text, integer, date, boolean) IS
       'Rolling-origin backtest of the forecast of one product (product_id) or of every product of the tenant '
       'over its sales (the series forecast uses): windows forecasts of horizon periods, origins step periods '
       'apart (default horizon), the last ending on as_of (default the last sale day); per product and step '
       'ahead h MASE, sMAPE, WAPE, bias, RMSSE, pinball loss, scaled pinball loss and coverage at P10/P50/P90 '
       '(methods auto and prophet with the tenant''s events, as the forecast; price_effect with method prophet: '
       'the selling prices as a regressor, each window reading those of its horizon as if planned).  '
       'A product too short for the windows gets one row whose status says why.'$f$,

    $f$CREATE FUNCTION %1$I.forecast_explain(product_id bigint, freq text DEFAULT 'day', method text DEFAULT 'auto',
                                              history_days integer DEFAULT 365, as_of date DEFAULT NULL)
       RETURNS SETOF stokkel.product_explanation LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $b$
         SELECT ph.product_id, ph.sku, ph.name, e.model, e.reason, e.demand_class, e.level, e.trend, e.season,
                e.size, e."interval", e.probability, e.adi, e.cv2, e.zero_share, e.used_period, e.status
           FROM %4$s AS t,
                LATERAL stokkel.stk_product_history(%2$L, t, forecast_explain.product_id, forecast_explain.freq,
                                                    forecast_explain.history_days, forecast_explain.as_of) ph,
                LATERAL stokkel.stk_tenant_events(%2$L, t, forecast_explain.method) ev,
                LATERAL stokkel.stk_forecast_explain_series(ph.series, NULL, forecast_explain.method,
                                                            ev.days, ev.names) e
          WHERE t IS NOT NULL
       $b$$f$,
    $f$COMMENT ON FUNCTION %1$I.forecast_explain(bigint, text, text, integer, date) IS
       'Why the forecast of a product uses its model, in one line ("sells on 1 day in 6; Croston-SBA chosen"), '
       'with the demand class (smooth, erratic, intermittent, lumpy), ADI, CV2, share of zeros and the '
       'forecast''s components (level, trend, season; size, interval and probability for slow sellers).'$f$
  ]);
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_api_def_backtest(text, text) IS
  'Definer of the api''s backtest area (called by stk_create_api): functions backtest and forecast_explain.';

-- The reorder list and the suppliers' lead times, with CSV and xlsx files
-- of the list (the same media-type handlers as the core's exports).
CREATE FUNCTION stokkel.stk_api_def_reorder(api_schema text, retail_schema text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  -- the arguments of the three forms of the list, and the call of the first
  args constant text := 'as_of date DEFAULT NULL, target double precision DEFAULT 0.95, '
    'target_type text DEFAULT ''fill_rate'', policy text DEFAULT ''RS'', budget numeric DEFAULT NULL, '
    'history_days integer DEFAULT 365, dead_days integer DEFAULT 90, method text DEFAULT ''theta'', '
    'target_scope text DEFAULT ''item'', events boolean DEFAULT true';
  sig constant text := 'date, double precision, text, text, numeric, integer, integer, text, text, boolean';
BEGIN
  PERFORM stokkel.stk_api_run(api_schema, retail_schema, ARRAY[
    $f$CREATE FUNCTION %1$I.reorder_recommendations(%5$s)
       RETURNS SETOF stokkel.reorder_line LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $b$
         SELECT r.* FROM %4$s AS t,
                LATERAL stokkel.stk_reorder_recommendations(%2$L, t, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10) r
          WHERE t IS NOT NULL
       $b$$f$,
    $f$COMMENT ON FUNCTION %1$I.reorder_recommendations(%6$s) IS
       'The tenant''s reorder list on day as_of (default today in the shop''s zone): per active product stock, '
       'inventory position, reorder point, order-up-to level, order quantity rounded to MOQ and pack size and '
       'its value, action (order now, watch, ok, overstock, dead stock), days of cover, stock-out date and '
       'probability, lead time and its source; target fill rate (or cycle service with target_type '
       'cycle) in (0, 1), policy RS, RsS, sQ or sS, an optional cash budget funding the most useful '
       'lots first (funded_qty, budget_rank), target_scope item (every product reaches target) or pooled (the '
       'fill rate over all products reaches it with the least stock); events (default true) raises the levels '
       'ahead of the tenant''s feasts and holidays that lifted sales before.  See '
       'stokkel.stk_reorder_recommendations.'$f$,
    $f$CREATE FUNCTION %1$I.reorder_csv(%5$s)
       RETURNS %1$I."text/csv" LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $b$
         SELECT stokkel.stk_csv(x.j)
           FROM %4$s AS t,
                LATERAL (SELECT coalesce(pg_catalog.json_agg(r), '[]') AS j
                           FROM %1$I.reorder_recommendations($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) r) x
          WHERE t IS NOT NULL
       $b$$f$,
    $f$COMMENT ON FUNCTION %1$I.reorder_csv(%6$s) IS
       'The reorder list (see reorder_recommendations, same arguments) as a CSV file (Accept: text/csv).'$f$,
    $f$CREATE FUNCTION %1$I.reorder_xlsx(%5$s)
       RETURNS %1$I."*/*" LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $b$
         SELECT stokkel.stk_http_file(
                  stokkel.stk_xlsx(pg_catalog.jsonb_build_array(stokkel.stk_xlsx_sheet('reorder', x.j))),
                  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'reorder.xlsx')
           FROM %4$s AS t,
                LATERAL (SELECT coalesce(pg_catalog.json_agg(r), '[]') AS j
                           FROM %1$I.reorder_recommendations($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) r) x
          WHERE t IS NOT NULL
       $b$$f$,
    $f$COMMENT ON FUNCTION %1$I.reorder_xlsx(%6$s) IS
       'The reorder list (see reorder_recommendations, same arguments) as an Excel workbook with one sheet '
       '"reorder".'$f$,

    $f$CREATE FUNCTION %1$I.supplier_lead_times(since date DEFAULT NULL,
                                                 OUT tenant_id text, OUT supplier_id bigint, OUT supplier text,
                                                 OUT stated_mean_days numeric, OUT stated_sd_days numeric,
                                                 OUT receipts bigint, OUT lead_time_mean_days double precision,
                                                 OUT lead_time_sd_days double precision,
                                                 OUT lead_time_p90_days double precision,
                                                 OUT on_time_share double precision)
       RETURNS SETOF record LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $b$
         SELECT s.tenant_id, s.supplier_id, s.name, s.lead_time_mean_days, s.lead_time_sd_days,
                coalesce(l.receipts, 0), l.lead_time_mean_days, l.lead_time_sd_days, l.lead_time_p90_days,
                l.on_time_share
           FROM %4$s AS t
           JOIN %3$I.suppliers s ON s.tenant_id OPERATOR(pg_catalog.=) t
           LEFT JOIN stokkel.stk_supplier_lead_times(%2$L, t, supplier_lead_times.since) l
             ON l.supplier_id OPERATOR(pg_catalog.=) s.supplier_id
          ORDER BY s.supplier_id
       $b$$f$,
    $f$COMMENT ON FUNCTION %1$I.supplier_lead_times(date) IS
       'The tenant''s suppliers with their stated lead time (mean, sd, days) and the one learned from receipts '
       'of orders placed since the given day (default all): receipts, mean, sd, 90th percentile and share on '
       'time.  The reorder list uses the learned figures from 3 receipts on.'$f$
  ], ARRAY[args, sig]);
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_api_def_reorder(text, text) IS
  'Definer of the api''s reorder area (called by stk_create_api): functions reorder_recommendations, '
  'reorder_csv, reorder_xlsx and supplier_lead_times.';

-- The alerts: a filtered list, acknowledging one, the settings.
CREATE TYPE stokkel.alert_setting_value AS (
  tenant_id      text,
  alert_type     text,
  setting        text,
  value          jsonb,             -- in force: the tenant's, else the default
  is_default     boolean,
  kind           text,              -- boolean, probability, integer, number
  min_value      double precision,
  max_value      double precision,
  default_value  jsonb,
  description    text
);
COMMENT ON TYPE stokkel.alert_setting_value IS
  'A tenant''s alert threshold in force (its own value or the default), with its kind, range, default and meaning.';

CREATE FUNCTION stokkel.stk_api_def_alerts(api_schema text, retail_schema text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
  PERFORM stokkel.stk_api_run(api_schema, retail_schema, ARRAY[
    $f$CREATE FUNCTION %1$I.list_alerts(kind text DEFAULT NULL, severity text DEFAULT NULL,
                                         since timestamptz DEFAULT NULL, open_only boolean DEFAULT true,
                                         n integer DEFAULT 100)
       RETURNS SETOF %3$I.alerts LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $b$
       DECLARE
         tn constant text := %4$s;
       BEGIN
         IF list_alerts.severity IS NOT NULL AND list_alerts.severity NOT IN ('info', 'warning', 'critical') THEN
           RAISE EXCEPTION 'unknown severity "%%"', list_alerts.severity
             USING ERRCODE = 'invalid_parameter_value', HINT = 'Use info, warning or critical.';
         END IF;
         IF list_alerts.n IS NULL OR list_alerts.n < 1 OR list_alerts.n > 10000 THEN
           RAISE EXCEPTION 'n must be between 1 and 10000' USING ERRCODE = 'invalid_parameter_value';
         END IF;
         RETURN QUERY
           SELECT a.* FROM %3$I.alerts a
            WHERE a.tenant_id OPERATOR(pg_catalog.=) tn
              AND (list_alerts.kind IS NULL OR a.kind OPERATOR(pg_catalog.=) list_alerts.kind)
              AND (list_alerts.severity IS NULL OR a.severity OPERATOR(pg_catalog.=) list_alerts.severity)
              AND (list_alerts.since IS NULL OR a.created_at OPERATOR(pg_catalog.>=) list_alerts.since)
              AND (NOT coalesce(list_alerts.open_only, true) OR a.acknowledged_at IS NULL)
            ORDER BY a.created_at DESC, a.alert_id DESC
            LIMIT list_alerts.n;
       END
       $b$$f$,
    $f$COMMENT ON FUNCTION %1$I.list_alerts(text, text, timestamptz, boolean, integer) IS
       'The tenant''s alerts, newest first: of one kind (sales_spike, sales_drop, phantom_stock, stockout_risk, '
       'customer_churn ...), one severity (info, warning, critical; else 22023), raised since a time, open ones '
       'only (default) or all, at most n (1..10000).  The view alerts serves the same rows to PostgREST filters.'$f$,

    $f$CREATE FUNCTION %1$I.acknowledge_alert(alert_id bigint)
       RETURNS SETOF %3$I.alerts LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $b$
       DECLARE
         tn constant text := stokkel.stk_jwt_tenant(%2$L, true);
       BEGIN
         IF acknowledge_alert.alert_id IS NULL THEN
           RAISE EXCEPTION 'alert_id must not be null' USING ERRCODE = 'null_value_not_allowed';
         END IF;
         -- an alert acknowledged before keeps its first acknowledgement
         UPDATE %3$I.alerts a SET acknowledged_at = pg_catalog.now()
          WHERE a.tenant_id OPERATOR(pg_catalog.=) tn AND a.alert_id OPERATOR(pg_catalog.=) acknowledge_alert.alert_id
            AND a.acknowledged_at IS NULL;
         RETURN QUERY SELECT a.* FROM %3$I.alerts a
                       WHERE a.tenant_id OPERATOR(pg_catalog.=) tn AND a.alert_id OPERATOR(pg_catalog.=) acknowledge_alert.alert_id;
         IF NOT FOUND THEN
           RAISE EXCEPTION 'no alert %% of this tenant', acknowledge_alert.alert_id USING ERRCODE = 'no_data_found';
         END IF;
       END
       $b$$f$,
    $f$COMMENT ON FUNCTION %1$I.acknowledge_alert(bigint) IS
       'Acknowledge an alert of the tenant (sets acknowledged_at; an acknowledged alert keeps its first time) and '
       'return it.  An alert that is not the tenant''s: P0002 (PostgREST answers 404); no tenant in the token: '
       '28000.'$f$,

    $f$CREATE FUNCTION %1$I.alert_settings()
       RETURNS SETOF stokkel.alert_setting_value LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $b$
         SELECT t, d.alert_type, d.setting, coalesce(s.value, d.default_value), s.value IS NULL, d.kind,
                d.min_value, d.max_value, d.default_value, d.description
           FROM %4$s AS t
           CROSS JOIN stokkel.stk_alert_settings() d
           LEFT JOIN %3$I.settings s ON s.tenant_id OPERATOR(pg_catalog.=) t
                                    AND s.key OPERATOR(pg_catalog.=) ('alerts.' || d.alert_type || '.' || d.setting)
          WHERE t IS NOT NULL
       $b$$f$,
    $f$COMMENT ON FUNCTION %1$I.alert_settings() IS
       'The tenant''s alert thresholds: per alert type and setting the value in force (the tenant''s, or the '
       'default when is_default), its kind, range, default and meaning.'$f$,

    $f$CREATE FUNCTION %1$I.set_alert_setting(alert_type text, setting text, value jsonb)
       RETURNS SETOF stokkel.alert_setting_value LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $b$
       BEGIN
         PERFORM stokkel.stk_set_alert_setting(%5$L::regclass, stokkel.stk_jwt_tenant(%2$L, true),
                                               set_alert_setting.alert_type, set_alert_setting.setting,
                                               set_alert_setting.value);
         RETURN QUERY SELECT * FROM %1$I.alert_settings() a
                       WHERE a.alert_type OPERATOR(pg_catalog.=) set_alert_setting.alert_type
                         AND a.setting OPERATOR(pg_catalog.=) set_alert_setting.setting;
       END
       $b$$f$,
    $f$COMMENT ON FUNCTION %1$I.set_alert_setting(text, text, jsonb) IS
       'Admin only. Set one of the tenant''s alert thresholds (see alert_settings) and return it; an unknown '
       'alert type or setting, or a value of the wrong kind or out of range: 22023.'$f$
  ], ARRAY[pg_catalog.format('%I.settings', retail_schema)]);
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_api_def_alerts(text, text) IS
  'Definer of the api''s alerts area (called by stk_create_api): functions list_alerts, acknowledge_alert, '
  'alert_settings and set_alert_setting (admin only).';
