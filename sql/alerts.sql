-- Forecast state and alert triggers.
SET extra_float_digits = 0;
SET DateStyle = ISO;
SET TimeZone = 'UTC';
SET client_min_messages = warning;

-- A hand-made state: ETS(A,N,N), alpha 0.5, level 10, one-step variance 4
-- (packed layout of core/fstate.c: tag, trend, season, m, n, nparams,
-- alpha, beta, gamma, phi, sigma2, level, slope, spos).
CREATE TABLE fs AS SELECT '{1001,0,0,1,20,2,0.5,0,0,1,4,10,0,0}'::float8[] AS v;
SELECT * FROM stokkel.stk_fstate_forecast((SELECT v FROM fs), 3);

-- Fold 14 units on Mar 1, nothing on Mar 2-3, 6 on Mar 4 (by hand:
-- level 10 + 0.5 (14 - 10) = 12, then 6, then 3; variance
-- 0.98 s2 + 0.02 min(e^2, 9 s2): 4.24, 4.9184, 5.540032).  The day of
-- Mar 1 had the Poisson(10) band (variance below the mean): R's
-- qpois(c(0.001, 0.999), 10) = 2, 21.  Mar 4 is open with mean 3 and
-- variance 5.540032, a negative binomial: R's
-- qnbinom(c(0.001, 0.999), size = 9/2.540032, prob = 3/5.540032) = 0, 14,
-- dnbinom(0, ...) = 0.113790683921008.
SELECT r.state[11] AS sigma2, r.state[12] AS level, open_day, open_qty, last_sale_day, updates,
       mean, band_lo, band_hi, round(p_zero::numeric, 12) AS p_zero, spike_day, drop_day
  FROM stokkel.stk_fstate_step((SELECT v FROM fs), NULL, 0, NULL, 0,
         '{2024-03-01,2024-03-04}', '{14,6}', 0.001, 0.001) r;
-- A spike: 25 units against a band top of 21.
SELECT open_day, open_qty, spike_day, spike_qty, spike_band, drop_day
  FROM stokkel.stk_fstate_step((SELECT v FROM fs), NULL, 0, NULL, 0, '{2024-03-01}', '{25}', 0.001, 0.001);
-- A drop: Mar 1 closes with 1 unit, below the band bottom 2; 2 is not a drop.
SELECT drop_day, drop_qty, drop_band
  FROM stokkel.stk_fstate_step((SELECT v FROM fs), '2024-03-01', 1, '2024-03-01', 0, '{2024-03-02}', '{10}', 0.001, 0.001);
SELECT drop_day
  FROM stokkel.stk_fstate_step((SELECT v FROM fs), '2024-03-01', 2, '2024-03-01', 0, '{2024-03-02}', '{10}', 0.001, 0.001);
-- A known lift (an event): 25 units on a day lifted by 20 are no spike
-- (band Poisson(30), R's qpois(0.999, 30) = 48), and the model learns 5.
SELECT open_day, open_qty, spike_day, band_hi
  FROM stokkel.stk_fstate_step((SELECT v FROM fs), NULL, 0, NULL, 0, '{2024-03-01}', '{25}', 0.001, 0.001,
                               NULL, '{2024-03-01}', '{20}');
SELECT r.state[12] AS level_after_lifted_day
  FROM stokkel.stk_fstate_step((SELECT v FROM fs), '2024-03-01', 25, '2024-03-01', 0, '{2024-03-02}', '{10}',
                               0.001, 0.001, NULL, '{2024-03-01}', '{20}') r;
SELECT regress.err($$SELECT * FROM stokkel.stk_fstate_step((SELECT v FROM fs), NULL, 0, NULL, 0, '{2024-03-01}', '{25}',
                                                           0.001, 0.001, NULL, '{2024-03-01}', NULL)$$) AS lift_days_alone;
SELECT regress.err($$SELECT * FROM stokkel.stk_fstate_step((SELECT v FROM fs), NULL, 0, NULL, 0, '{2024-03-01}', '{25}',
                                                           0.001, 0.001, NULL, '{2024-03-01,2024-03-02}', '{1}')$$) AS lift_lengths;
SELECT regress.err($$SELECT * FROM stokkel.stk_fstate_step((SELECT v FROM fs), NULL, 0, NULL, 0, '{2024-03-01}', '{25}',
                                                           0.001, 0.001, NULL, '{infinity}', '{1}')$$) AS lift_infinite;
-- The effects the state takes out: a feast every 30 days lifting 20 units on
-- a level of 10; none given: zeros.
SELECT round(e[1]::numeric, 1) AS feast_day_1, round(e[2]::numeric, 1) AS day_2, round(e[31]::numeric, 1) AS feast_day_31,
       round(e[91]::numeric, 1) AS feast_day_91_ahead,
       cardinality(e) AS n
  FROM (SELECT stokkel.stk_event_effects(ARRAY(SELECT 10 + 20 * (i % 30 = 0)::int FROM generate_series(0, 89) i)::float8[],
                                         '2024-01-01', 5, ARRAY(SELECT DATE '2024-01-01' + i FROM generate_series(0, 90, 30) i),
                                         '{f,f,f,f}', '{0,0}') e) x;
SELECT stokkel.stk_event_effects('{1,2,3,4}', '2024-01-01', 2, NULL, NULL) AS no_events;
SELECT regress.err($$SELECT stokkel.stk_event_effects('{1,2,3}', '2024-01-01', 0, NULL, NULL)$$) AS horizon_zero;

-- Late days (before the open day) are ignored; no model tracks days only.
SELECT state IS NULL AS no_model, open_day, open_qty, last_sale_day, mean
  FROM stokkel.stk_fstate_step(NULL, '2024-03-05', 3, '2024-03-05', 0, '{2024-03-01,2024-03-05,2024-03-07}', '{9,1,2}', 0.001, 0.001);
-- P(demand of 2 days > 25) with mean 10 and variance 10 a day: Poisson(20),
-- R's 1 - ppois(25, 20) = 0.11218497271797.
SELECT round(stokkel.stk_fstate_stockout_prob((SELECT v FROM fs), 25, 2)::numeric, 12) AS p_out,
       stokkel.stk_fstate_stockout_prob((SELECT v FROM fs), 0, 2) AS p_out_empty;

-- A fit: the demand class picks the model.
SELECT model, params ? 'alpha' AS has_alpha, state[1] AS tag, mean > 0 AS positive, band_lo <= band_hi AS ordered
  FROM stokkel.stk_fstate_fit('{5,6,4,5,7,5,6,4,5,6,5,4,6,5,7,5,6,4,5,6}');
SELECT model, state[1] AS tag, band_lo
  FROM stokkel.stk_fstate_fit('{0,0,3,0,1,0,0,0,2,0,0,5,0,0,0,1,0,2,0,0}');

-- Bad input.
SELECT regress.err($$SELECT stokkel.stk_fstate_fit('{1}')$$);
SELECT regress.err($$SELECT stokkel.stk_fstate_fit('{1,-2,3}')$$);
SELECT regress.err($$SELECT stokkel.stk_fstate_fit('{1,2,3}', 0, 0.1)$$);
SELECT regress.err($$SELECT stokkel.stk_fstate_fit('{1,2,3}', 0.1, 0.6)$$);
SELECT regress.err($$SELECT stokkel.stk_fstate_fit('{1,NaN,3}')$$);
SELECT regress.err($$SELECT stokkel.stk_fstate_forecast('{1001,0,0,1}', 3)$$);
SELECT regress.err($$SELECT stokkel.stk_fstate_forecast('{1001,0,0,1,20,2,2.5,0,0,1,4,10,0,0}', 3)$$);
SELECT regress.err($$SELECT stokkel.stk_fstate_forecast('{7}', 3)$$);
SELECT regress.err($$SELECT stokkel.stk_fstate_forecast('{1001,0,0,1,20,2,0.5,0,0,1,4,10,0,0}', 0)$$);
SELECT regress.err($$SELECT stokkel.stk_fstate_step(NULL, NULL, 0, NULL, 0, '{2024-03-02,2024-03-01}', '{1,2}', 0.001, 0.001)$$);
SELECT regress.err($$SELECT stokkel.stk_fstate_step(NULL, NULL, 0, NULL, 0, '{2024-03-02}', '{1,2}', 0.001, 0.001)$$);
SELECT regress.err($$SELECT stokkel.stk_fstate_step(NULL, NULL, 0, NULL, 0, NULL, '{1}', 0.001, 0.001)$$);
SELECT regress.err($$SELECT stokkel.stk_fstate_step(NULL, NULL, 0, NULL, 0, '{infinity}', '{1}', 0.001, 0.001)$$);
SELECT regress.err($$SELECT stokkel.stk_fstate_stockout_prob('{1001,0,0,1,20,2,0.5,0,0,1,4,10,0,0}', 'NaN', 3)$$);
-- a state near DBL_MAX over 400 days: the sums overflow, 22000 (not NaN)
SELECT regress.err($$SELECT stokkel.stk_fstate_stockout_prob('{1001,0,0,1,10,2,0.5,0,0,0,1e308,1e308,0,0}', 1e300, 400, 400)$$);

-- Settings: ranges and names are checked.
SELECT alert_type, setting, kind, min_value, max_value, default_value FROM stokkel.stk_alert_settings();
SELECT stokkel.stk_alert_setting_check('sales_spike', 'probability', '0.01');
SELECT regress.err($$SELECT stokkel.stk_alert_setting_check('sales_bump', 'probability', '0.01')$$);
SELECT regress.err($$SELECT stokkel.stk_alert_setting_check('sales_spike', 'probabilty', '0.01')$$);
SELECT regress.err($$SELECT stokkel.stk_alert_setting_check('sales_spike', 'probability', '0.7')$$);
SELECT regress.err($$SELECT stokkel.stk_alert_setting_check('sales_spike', 'probability', '0')$$);
SELECT regress.err($$SELECT stokkel.stk_alert_setting_check('sales_spike', 'cooldown_days', '1.5')$$);
SELECT regress.err($$SELECT stokkel.stk_alert_setting_check('sales_spike', 'enabled', '1')$$);
SELECT regress.err($$SELECT stokkel.stk_alert_setting_check('customer_churn', 'factor', '"3"')$$);
SELECT regress.err($$SELECT stokkel.stk_alert_setting_check('all', 'strict', NULL)$$);
SELECT (c).sales_spike_probability, (c).stockout_risk_horizon_days, (c).all_strict
  FROM (SELECT stokkel.stk_alert_config('{"alerts.stockout_risk.horizon_days": 3}') AS c) x;

-- The triggers read each tenant's settings leniently: a value written into
-- the table by hand that does not pass the check falls back to its default,
-- with a warning, and the tenant's valid settings stay.
SELECT c.sales_spike_probability, c.sales_spike_cooldown_days
  FROM stokkel.stk_alert_config_lenient(
         '{"alerts.sales_spike.probability": "oops", "alerts.sales_spike.cooldown_days": 3}', 't9') c;

-- The caller's own tables.
CREATE SCHEMA own;
CREATE TABLE own.sales (shop text, item bigint, ts timestamptz, units numeric, cust integer, note text);
CREATE TABLE own.stock (shop text, item bigint, qty numeric, rop numeric, at date, label text);
SELECT regress.err($$SELECT stokkel.stk_attach_alerts('own.sales', 'nope', 'ts', 'units')$$);
SELECT regress.err($$SELECT stokkel.stk_attach_alerts('own.sales', 'item', 'note', 'units')$$);
SELECT regress.err($$SELECT stokkel.stk_attach_alerts('own.sales', 'note', 'ts', 'units')$$);
SELECT regress.err($$SELECT stokkel.stk_attach_alerts('own.sales', 'item', 'ts', 'units', tenant_column => 'ts')$$);
SELECT regress.err($$SELECT stokkel.stk_attach_alerts('own.sales', 'item', 'ts', 'units', stock_table => 'own.stock',
                                                      stock_product_column => 'item', stock_on_hand_column => 'qtty')$$);
SELECT regress.err($$SELECT stokkel.stk_attach_alerts('own.sales', 'item', 'ts', 'units', stock_table => 'own.stock',
                                                      stock_product_column => 'item', stock_on_hand_column => 'label')$$);
SELECT regress.err($$SELECT stokkel.stk_attach_alerts('own.sales', 'item', 'ts', 'units', alerts_table => 'own.stock')$$);
SELECT regress.err($$SELECT stokkel.stk_attach_alerts(NULL)$$);
SELECT regress.err($$SELECT stokkel.stk_attach_retail_alerts('own')$$);
SELECT regress.err($$SELECT * FROM stokkel.stk_refresh_forecast_state('own.sales')$$);

-- Eight weeks of history: item 1 about 10 a day, item 2 about 5 a day,
-- customer 7 buys every 7 days.
INSERT INTO own.sales (shop, item, ts, units, cust)
SELECT 's1', i, d + time '12:00', CASE i WHEN 1 THEN 8 + (extract(doy FROM d)::int * 7) % 5 ELSE 4 + (extract(doy FROM d)::int * 3) % 3 END,
       CASE WHEN i = 1 AND extract(doy FROM d)::int % 7 = 0 THEN 7 END
  FROM generate_series(1, 2) i, generate_series(date '2024-01-01', date '2024-02-25', '1 day') d;
-- Item 3 sells like item 2, and sold a year earlier too, up to 2023-02-26:
-- its silence from 2024-02-26 is the one of a year earlier (364 days, same
-- weekdays), a season, not phantom stock.
INSERT INTO own.sales (shop, item, ts, units)
SELECT 's1', 3, d + time '12:00', 4 + (extract(doy FROM d)::int * 3) % 3
  FROM generate_series(date '2023-01-02', date '2023-02-26', '1 day') d
 UNION ALL
SELECT 's1', 3, d + time '12:00', 4 + (extract(doy FROM d)::int * 3) % 3
  FROM generate_series(date '2024-01-01', date '2024-02-25', '1 day') d;
SELECT stokkel.stk_attach_alerts('own.sales', 'item', 'ts', 'units', tenant_column => 'shop', customer_column => 'cust',
                                 stock_table => 'own.stock', stock_product_column => 'item', stock_on_hand_column => 'qty',
                                 stock_tenant_column => 'shop', stock_time_column => 'at', reorder_point_column => 'rop');
SELECT tgname, tgtype FROM pg_trigger WHERE tgrelid IN ('own.sales'::regclass, 'own.stock'::regclass) ORDER BY 1;
SELECT * FROM stokkel.stk_refresh_forecast_state('own.sales', 's1', '2024-02-26');
SELECT regress.err($$SELECT * FROM stokkel.stk_refresh_forecast_state('own.sales', 's1', 'infinity')$$);
SELECT regress.err($$SELECT * FROM stokkel.stk_refresh_forecast_state('own.sales', 's1', '2024-02-26', 1)$$);
SELECT product_id, model, open_day, last_sale_day, round(mean::numeric, 2) AS mean, band_lo, band_hi
  FROM own.stk_forecast_state ORDER BY 1;
-- the refresh also counted the customers' purchase days
SELECT customer_id, first_day, last_day, n_days FROM own.stk_customer_state;

SELECT stokkel.stk_set_alert_setting('own.stk_settings', 's1', 'phantom_stock', 'probability', '0.0001');
SELECT regress.err($$SELECT stokkel.stk_set_alert_setting('own.stk_settings', 's1', 'sales_surge', 'probability', '0.01')$$);
SELECT regress.err($$SELECT stokkel.stk_set_alert_setting('own.stk_settings', 's1', 'stockout_risk', 'horizon_days', '0')$$);
SELECT regress.err($$SELECT stokkel.stk_set_alert_setting('own.stk_settings', NULL, 'all', 'strict', 'true')$$);
SELECT * FROM own.stk_settings;

-- Feb 26: item 1 sells 40 in two statements (one spike alert), item 2 nothing.
INSERT INTO own.sales (shop, item, ts, units) VALUES ('s1', 1, '2024-02-26 09:00', 25), ('s1', 1, '2024-02-26 10:00', 5);
INSERT INTO own.sales (shop, item, ts, units) VALUES ('s1', 1, '2024-02-26 11:00', 10);
-- Feb 27: item 1 sells 1 (a drop, seen when Feb 28 opens); item 2 has stock but no sale.
INSERT INTO own.stock (shop, item, qty, rop, at) VALUES ('s1', 2, 80, 10, '2024-02-26'), ('s1', 3, 80, 10, '2024-02-26');
INSERT INTO own.sales (shop, item, ts, units) VALUES ('s1', 1, '2024-02-27 09:00', 1);
INSERT INTO own.sales (shop, item, ts, units) VALUES ('s1', 1, '2024-02-28 09:00', 9);
-- Feb 29: the daily check finds item 2 silent for Feb 26-28 (item 3 too,
-- but as a year earlier).
INSERT INTO own.sales (shop, item, ts, units) VALUES ('s1', 1, '2024-02-29 09:00', 10);
-- stock of item 1 below its reorder point; item 2 plenty
INSERT INTO own.stock (shop, item, qty, rop, at) VALUES ('s1', 1, 5, 20, '2024-02-29');
UPDATE own.stock SET qty = 70, at = '2024-02-29' WHERE item = 2;
-- Mar 20: customer 7, who came every 7 days, has been away 24 days.
INSERT INTO own.sales (shop, item, ts, units) VALUES ('s1', 1, '2024-03-20 09:00', 10);

SELECT alert_id, kind, severity, product_id, message, details - 'expected' - 'expected_per_day' - 'probability' AS details
  FROM own.stk_alerts ORDER BY alert_id;
SELECT product_id, open_day, open_qty, last_sale_day, updates, spike_alert_day, drop_alert_day,
       phantom_alert_day, stockout_alert_day
  FROM own.stk_forecast_state ORDER BY 1;
SELECT count(*) AS errors FROM own.stk_alert_errors;

-- A setting written into the table by hand that does not pass the check:
-- its default is used, with a warning, and the evaluation goes on (it once
-- failed, and with it every tenant of the statement).  500 units: a spike.
CREATE TEMP TABLE saved_row AS SELECT * FROM own.stk_forecast_state WHERE product_id = 1;
INSERT INTO own.stk_settings VALUES ('s1', 'alerts.sales_spike.probability', '"high"');
INSERT INTO own.sales (shop, item, ts, units) VALUES ('s1', 1, '2024-03-20 09:00', 500);
SELECT kind, product_id, details ->> 'day' AS day FROM own.stk_alerts
 WHERE kind = 'sales_spike' AND details ->> 'day' = '2024-03-20';
-- (and back to where the tests below start)
DELETE FROM own.stk_settings WHERE key = 'alerts.sales_spike.probability';
DELETE FROM own.sales WHERE ts = '2024-03-20 09:00';
DELETE FROM own.stk_alerts WHERE kind = 'sales_spike' AND details ->> 'day' = '2024-03-20';
DELETE FROM own.stk_forecast_state WHERE product_id = 1;
INSERT INTO own.stk_forecast_state SELECT * FROM saved_row;

-- A failing evaluation keeps the insert and is recorded ...  (500 units: a
-- spike, so the full evaluation, which reads the settings and the state; a
-- state made unreadable makes it fail)
CREATE TEMP TABLE saved_state AS SELECT state FROM own.stk_forecast_state WHERE product_id = 1;
UPDATE own.stk_forecast_state SET state = '{1001,1,2,3}' WHERE product_id = 1;
INSERT INTO own.sales (shop, item, ts, units) VALUES ('s1', 1, '2024-03-20 10:00', 500);
SELECT count(*) AS kept FROM own.sales WHERE ts = '2024-03-20 10:00';
SELECT table_name, sqlstate, message, tenant_ids FROM own.stk_alert_errors;
-- ... unless the tenant is strict.
SELECT stokkel.stk_set_alert_setting('own.stk_settings', 's1', 'all', 'strict', 'true');
SELECT regress.err($$INSERT INTO own.sales (shop, item, ts, units) VALUES ('s1', 1, '2024-03-20 11:00', 500)$$);
SELECT count(*) AS not_kept FROM own.sales WHERE ts = '2024-03-20 11:00';
UPDATE own.stk_forecast_state SET state = (SELECT state FROM saved_state) WHERE product_id = 1;
INSERT INTO own.sales (shop, item, ts, units) VALUES ('s1', 1, '2024-03-20 11:00', 1);
SELECT open_day, open_qty FROM own.stk_forecast_state WHERE product_id = 1;

-- A corrupted state is reported, not crashed on (the tenant is strict, so the
-- insert fails with it).
UPDATE own.stk_forecast_state SET state = '{1001,1,2,3}' WHERE product_id = 1;
SELECT regress.err($$INSERT INTO own.sales (shop, item, ts, units) VALUES ('s1', 1, '2024-03-20 12:00', 500)$$);

-- Detach: the triggers go, the tables stay.
SELECT stokkel.stk_detach_alerts('own.sales');
SELECT count(*) AS triggers FROM pg_trigger WHERE tgrelid IN ('own.sales'::regclass, 'own.stock'::regclass);
DROP SCHEMA own CASCADE;
DROP TABLE fs;

-- Events (a moving fair): item 1 sells about 10 a day for 150 days, 40 on
-- three fair days at irregular dates; a fourth fair comes on 2024-05-30.
-- Refreshed with the events, the state keeps the fair's lift for that day and
-- 40 units then are no spike; refreshed without them, the same units are one.
CREATE SCHEMA evt;
CREATE TABLE evt.sales (shop text, item bigint, ts timestamptz, units numeric);
CREATE TABLE evt.fairs (day date, name text);
INSERT INTO evt.fairs VALUES ('2024-01-17', 'fair'), ('2024-02-29', 'fair'), ('2024-04-12', 'fair'), ('2024-05-30', 'fair');
INSERT INTO evt.sales
SELECT 's1', 1, d + time '12:00',
       8 + (extract(doy FROM d)::int * 7) % 5 + CASE WHEN d::date IN (SELECT day FROM evt.fairs) THEN 30 ELSE 0 END
  FROM generate_series(date '2024-01-01', date '2024-05-29', '1 day') d;
SELECT stokkel.stk_attach_alerts('evt.sales', 'item', 'ts', 'units', tenant_column => 'shop');
SELECT status
  FROM stokkel.stk_refresh_forecast_state('evt.sales', 's1', '2024-05-30', 150,
         (SELECT array_agg(day ORDER BY day) FROM evt.fairs), (SELECT array_agg(name ORDER BY day) FROM evt.fairs));
SELECT cardinality(lift_days) AS lift_days, lift_days[1] AS first_lift_day, round(lift_qtys[1]::numeric) AS lift,
       round(band_hi::numeric) AS band_hi
  FROM evt.stk_forecast_state;
INSERT INTO evt.sales VALUES ('s1', 1, '2024-05-30 10:00', 40);
SELECT count(*) AS spikes_with_events FROM evt.stk_alerts WHERE kind = 'sales_spike';
DELETE FROM evt.sales WHERE ts >= '2024-05-30';
SELECT status FROM stokkel.stk_refresh_forecast_state('evt.sales', 's1', '2024-05-30', 150);
SELECT lift_days IS NULL AS no_lifts, round(band_hi::numeric) AS band_hi FROM evt.stk_forecast_state;
INSERT INTO evt.sales VALUES ('s1', 1, '2024-05-30 10:00', 40);
SELECT count(*) AS spikes_without_events FROM evt.stk_alerts WHERE kind = 'sales_spike';
SELECT stokkel.stk_detach_alerts('evt.sales');
DROP SCHEMA evt CASCADE;

-- Column names outside ASCII, and with a backslash, read back from the
-- trigger's arguments as written (they once came back escaped)
CREATE SCHEMA "boutique_é";
CREATE TABLE "boutique_é".ventes ("magasin" text, "article" bigint, "horodatage\n" timestamptz, "quantité" numeric);
INSERT INTO "boutique_é".ventes
SELECT 's1', 1, d + time '12:00', 8 + (extract(doy FROM d)::int * 7) % 5
  FROM generate_series(date '2024-01-01', date '2024-02-25', '1 day') d;
SELECT stokkel.stk_attach_alerts('"boutique_é".ventes', 'article', 'horodatage\n', 'quantité', tenant_column => 'magasin');
SELECT stokkel.stk_alerts_args('"boutique_é".ventes') AS args;
SELECT product_id, status FROM stokkel.stk_refresh_forecast_state('"boutique_é".ventes', 's1', '2024-02-26', 56);
-- After a dump and restore, the generated function's name carries the old
-- table's OID (simulated by renaming it), and another function may hold the
-- name made of the new one: attach and detach find their own function
-- through the trigger, and leave the other alone.
DO $$BEGIN
  EXECUTE format('ALTER FUNCTION %I.%I() RENAME TO stk_alerts_sales_1', 'boutique_é',
                 'stk_alerts_sales_' || '"boutique_é".ventes'::regclass::oid);
  EXECUTE format('CREATE FUNCTION %I.%I() RETURNS int LANGUAGE sql AS ''SELECT 1''', 'boutique_é',
                 'stk_alerts_sales_' || '"boutique_é".ventes'::regclass::oid);
END$$;
SELECT stokkel.stk_attach_alerts('"boutique_é".ventes', 'article', 'horodatage\n', 'quantité', tenant_column => 'magasin');
SELECT regexp_replace(p.proname, '[0-9]{3,}', 'OID') AS function_after_reattach, t.tgname
  FROM pg_proc p LEFT JOIN pg_trigger t ON t.tgfoid = p.oid
 WHERE p.pronamespace = '"boutique_é"'::regnamespace ORDER BY 1;
SELECT stokkel.stk_detach_alerts('"boutique_é".ventes');
SELECT regexp_replace(p.proname, '[0-9]{3,}', 'OID') AS function_after_detach
  FROM pg_proc p WHERE p.pronamespace = '"boutique_é"'::regnamespace ORDER BY 1;
DROP SCHEMA "boutique_é" CASCADE;

-- The retail schema: its tenant policy reaches the state tables, and a
-- PostgREST-like role of one tenant folds its sales into its own state only.
SELECT stokkel.stk_create_retail_schema('rs_al');
INSERT INTO rs_al.tenants (tenant_id, name) VALUES ('t1', 'One'), ('t2', 'Two');
INSERT INTO rs_al.products (tenant_id, product_id, sku, name, unit_price)
SELECT t, 1, 'A', 'Article', 100 FROM unnest(ARRAY['t1', 't2']) t;
INSERT INTO rs_al.sales (tenant_id, product_id, sold_at, quantity, unit_price)
SELECT t, 1, d + time '10:00', 5 + extract(dow FROM d)::int % 3, 100
  FROM unnest(ARRAY['t1', 't2']) t, generate_series(date '2024-01-01', date '2024-01-28', '1 day') d;
SELECT stokkel.stk_attach_retail_alerts('rs_al');
SELECT c.relname, c.relrowsecurity, (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
  FROM pg_class c WHERE c.relnamespace = 'rs_al'::regnamespace AND c.relname LIKE 'stk\_%' AND c.relkind = 'r'
 ORDER BY 1;
SELECT tenant_id, product_id, model, status FROM stokkel.stk_refresh_forecast_state('rs_al.sales', NULL, '2024-01-29', 28);
SELECT regress.err($$SELECT * FROM stokkel.stk_refresh_forecast_state('rs_al.sales', NULL, '2024-01-29', 28, '{2024-01-30}')$$)
  AS event_days_alone;
CREATE ROLE regress_alerts_clerk;
GRANT USAGE ON SCHEMA rs_al, stokkel TO regress_alerts_clerk;
GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA rs_al TO regress_alerts_clerk;
SET ROLE regress_alerts_clerk;
SET request.jwt.claims = '{"tenant_id": "t1"}';
INSERT INTO rs_al.sales (tenant_id, product_id, sold_at, quantity, unit_price) VALUES ('t1', 1, '2024-01-29 09:00', 50, 100);
SELECT tenant_id, product_id, open_day, open_qty FROM rs_al.stk_forecast_state;
SELECT tenant_id, kind, product_id FROM rs_al.alerts;
RESET request.jwt.claims;
RESET ROLE;
SELECT tenant_id, open_qty, spike_alert_day FROM rs_al.stk_forecast_state ORDER BY 1;
SELECT count(*) AS errors FROM rs_al.stk_alert_errors;
SELECT stokkel.stk_detach_alerts('rs_al.sales');
DROP SCHEMA rs_al CASCADE;
REVOKE ALL ON SCHEMA stokkel FROM regress_alerts_clerk;
DROP ROLE regress_alerts_clerk;
