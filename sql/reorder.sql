-- Stock optimiser: stk_reorder_policy, stk_reorder_advice, lead times from
-- receipts, stk_reorder_recommendations.
SET extra_float_digits = 0;
SET DateStyle = ISO;
SET TimeZone = 'Africa/Dakar';
SET client_min_messages = warning;

-- Deterministic demand, 2 units a day, forecast by the mean: X_P = 2 (R + L)
-- exactly.  R = 1, L = 3: beta(8) = 1, beta(7) = 1 - (1 - 0)/2 = 0.5, so S = 8
-- with no safety stock.
SELECT order_up_to, reorder_point, safety_stock, order_qty, mean_protection_demand,
       mean_lead_time_demand, expected_service, demand_class
FROM stokkel.stk_reorder_policy(array_fill(2::float8, ARRAY[60]), 3, method => 'mean');
-- (s,Q) with Q = 10, checked every period: X_{L+1} = 8, X_L = 6.  The position
-- after a review is uniform on s+1..s+10; beta = 1 - (1/10) sum_j
-- [n_8(s+j) - n_6(s+j)]/2: s = 7 gives 1 (every position >= 8).  s = 6:
-- position 7 short 1 of 2 -> beta = 1 - 0.5/10 = 0.95, nearest to 0.95.
SELECT reorder_point, order_up_to, order_qty, expected_service
FROM stokkel.stk_reorder_policy(array_fill(2::float8, ARRAY[60]), 3, policy => 'sQ',
                                order_quantity => 10, method => 'mean');

-- Time-phased: a weekly pattern (30 and 20 units at the weekend, 4 on other
-- days) forecast by the seasonal naive method.  R = 1, L = 2: the protection
-- interval is the next 3 days, and its mean demand is the sum of those days'
-- forecasts: 4 + 4 + 4 = 12 on weekdays 0..2, 4 + 30 + 20 = 54 when the
-- history ends before the weekend; 3 x the average day is 30 either way.
WITH h AS (
  SELECT k, array_agg(CASE (i + k) % 7 WHEN 5 THEN 30 WHEN 6 THEN 20 ELSE 4 END::float8 ORDER BY i) AS y
  FROM generate_series(0, 83) i, (VALUES (0), (4)) v(k) GROUP BY k)
SELECT h.k AS shift, round(r.mean_protection_demand::numeric, 6) AS time_phased,
       (SELECT sum(point) FROM stokkel.stk_forecast(h.y, 3, 7, 'snaive')) AS sum_of_forecasts,
       round((3 * (SELECT avg(v) FROM unnest(h.y) v))::numeric, 6) AS average_times_p,
       r.order_up_to >= r.mean_protection_demand AS covers_the_mean, r.method_used
FROM h, stokkel.stk_reorder_policy(h.y, 2, 1, period => 7, method => 'snaive') r
ORDER BY h.k;

-- A slow mover without a change of level (40 periods): the long-run mean,
-- compound Bernoulli distribution with the mean's
-- error, a discrete level.
SELECT demand_class, order_up_to = floor(order_up_to) AS whole_units,
       order_up_to >= mean_protection_demand AS above_mean,
       method_used
FROM stokkel.stk_reorder_policy(
  '{0,0,3,0,0,0,5,0,0,1,0,0,0,2,0,0,0,0,4,0,0,1,0,0,0,0,2,0,0,3,0,0,0,1,0,0,0,0,2,0}', 5, 7, 0.9);
-- Method auto: a history without a change of level takes its long-run mean
-- (here exactly 2 = the mean of the repeating 0..4), the same history with
-- a step of +4 over its last half the adaptive forecast, which follows the
-- new level (about 6).
WITH h AS (
  SELECT k, array_agg(((i * 3) % 5 + CASE WHEN k = 1 AND i >= 70 THEN 4 ELSE 0 END)::float8 ORDER BY i) AS y
  FROM generate_series(0, 139) i, (VALUES (0), (1)) v(k) GROUP BY k)
SELECT h.k AS stepped, round(r.mean_demand_per_period::numeric, 9) = 2 AS long_run_mean,
       abs(r.mean_demand_per_period - 6) < 1 AS near_new_level,
       r.method_used LIKE 'long-run mean of 140 periods (no level change%' AS says_long_run,
       r.method_used LIKE '%(level change in the history, max |t| %' AS says_change
FROM h, stokkel.stk_reorder_policy(h.y, 7, 7, 0.95, period => 7) r
ORDER BY h.k;
-- Lead-time variability widens the protection demand (exact mixture over a
-- gamma lead time discretised on whole days) and raises the level; the
-- mean stays close (the discretisation moves E[L] by a few hundredths).
SELECT a.order_up_to < b.order_up_to AS higher_with_spread,
       a.sd_protection_demand < b.sd_protection_demand AS wider,
       round(a.mean_protection_demand::numeric, 2) AS mean_fixed,
       round(b.mean_protection_demand::numeric, 2) AS mean_random,
       b.method_used LIKE '%mixed over the lead time%' AS mixed
FROM stokkel.stk_reorder_policy('{3,5,2,4,6,3,4,5,2,3,4,5,6,3,2,4,5,3,4,4,6,2,3,5}', 6, method => 'mean') a,
     stokkel.stk_reorder_policy('{3,5,2,4,6,3,4,5,2,3,4,5,6,3,2,4,5,3,4,4,6,2,3,5}', 6, method => 'mean',
                                lead_time_sd => 3) b;
-- Non-decreasing in the target; cycle service as well.
SELECT bool_and(s2 >= s1) AS monotone
FROM (SELECT r.order_up_to AS s2,
             lag(r.order_up_to, 1, 0::float8) OVER (ORDER BY t) AS s1
      FROM generate_series(0.5, 0.99, 0.07) t,
           stokkel.stk_reorder_policy('{3,5,2,4,6,3,4,5,2,3,4,5,6,3,2,4,5,3,4,4}', 4, 7, t, 'cycle',
                                      method => 'mean') r) x;
-- Min-max policies: S - s = Q; RsS reviews every R periods.
SELECT policy, order_up_to - reorder_point AS s_gap, order_qty
FROM unnest(ARRAY['sS', 'RsS']) policy,
     stokkel.stk_reorder_policy('{3,5,2,4,6,3,4,5,2,3,4,5,6,3,2,4,5,3,4,4}', 4, 7,
                                policy => policy, order_quantity => 12, method => 'mean');
-- No demand at all: nothing to stock.
SELECT order_up_to, safety_stock, mean_protection_demand, demand_class, method_used
FROM stokkel.stk_reorder_policy('{0,0,0,0,0,0,0}', 3);
-- NULL in, NULL out.
SELECT stokkel.stk_reorder_policy(NULL, 3) IS NULL AS y_null,
       stokkel.stk_reorder_policy('{1,2}', NULL) IS NULL AS lead_null;

-- Bad input.
SELECT regress.err($$SELECT stokkel.stk_reorder_policy('{}', 3)$$);
SELECT regress.err($$SELECT stokkel.stk_reorder_policy('{1,2,3}', 3, target => 1)$$);
SELECT regress.err($$SELECT stokkel.stk_reorder_policy('{1,2,3}', 3, target => 0)$$);
SELECT regress.err($$SELECT stokkel.stk_reorder_policy('{1,2,3}', 3, target => 'NaN')$$);
SELECT regress.err($$SELECT stokkel.stk_reorder_policy('{1,2,3}', -1)$$);
SELECT regress.err($$SELECT stokkel.stk_reorder_policy('{1,2,3}', 'NaN')$$);
SELECT regress.err($$SELECT stokkel.stk_reorder_policy('{1,2,3}', 3, lead_time_sd => -1)$$);
SELECT regress.err($$SELECT stokkel.stk_reorder_policy('{1,2,3}', 3, review_period => 1.5)$$);
SELECT regress.err($$SELECT stokkel.stk_reorder_policy('{1,2,3}', 3, review_period => 0)$$);
SELECT regress.err($$SELECT stokkel.stk_reorder_policy('{1,2,3}', 2000)$$);
SELECT regress.err($$SELECT stokkel.stk_reorder_policy('{1,-2,3}', 3)$$);
SELECT regress.err($$SELECT stokkel.stk_reorder_policy('{1,NULL,3}', 3)$$);
SELECT regress.err($$SELECT stokkel.stk_reorder_policy('{{1,2},{3,4}}', 3)$$);
SELECT regress.err($$SELECT stokkel.stk_reorder_policy('{1,2,3}', 3, target_type => 'fill')$$);
SELECT regress.err($$SELECT stokkel.stk_reorder_policy('{1,2,3}', 3, policy => 'minmax')$$);
SELECT regress.err($$SELECT stokkel.stk_reorder_policy('{1,2,3}', 3, method => 'tbats')$$);
SELECT regress.err($$SELECT stokkel.stk_reorder_policy('{1,2,3}', 3, order_quantity => 5)$$);
SELECT regress.err($$SELECT stokkel.stk_reorder_policy('{1,2,3}', 3, policy => 'sQ', order_quantity => 0)$$);
SELECT regress.err($$SELECT stokkel.stk_reorder_policy('{1,2,3}', 3, period => 0)$$);

-- Advice: 2 units a day, S = 8 (above).  On hand 3, 0 on order, 1 reserved:
-- position 2, order 6, rounded up to the MOQ 10 in packs of 4: 12.  Lead-time
-- demand is 6 > 2, so running out before the delivery is certain; 3 units
-- last 1.5 days.  One lot of 12 (the MOQ rounded to packs) avoids the whole
-- expected shortage of the cycle, n_P(2) - n_L(2) = 6 - 4 = 2 units.
SELECT inventory_position, order_up_to, order_qty_raw, order_qty, stockout_probability,
       days_of_cover, service_after_order, lot_qty, lot_gain, status
FROM stokkel.stk_reorder_advice(array_fill(2::float8, ARRAY[60]), 3, 0, 1, 3,
                                moq => 10, pack_size => 4, method => 'mean');
-- Enough stock: no order, no risk.
SELECT order_qty, stockout_probability, days_of_cover, lot_qty IS NULL AS no_lots, status
FROM stokkel.stk_reorder_advice(array_fill(2::float8, ARRAY[60]), 20, 0, 0, 3, method => 'mean');
-- (s,Q): orders multiples of Q once at or below s.
SELECT reorder_point, order_qty_raw, order_qty
FROM stokkel.stk_reorder_advice(array_fill(2::float8, ARRAY[60]), 0, 0, 0, 3, policy => 'sQ',
                                order_quantity => 10, method => 'mean');
-- No demand: status, no order.
SELECT order_qty, days_of_cover, status
FROM stokkel.stk_reorder_advice('{0,0,0,0}', 5, 0, 0, 3);
-- Bad input: MOQ <= 0, a pack that is not a whole number of units, no history.
SELECT regress.err($$SELECT stokkel.stk_reorder_advice('{1,2,3}', 1, 0, 0, 3, moq => 0)$$);
SELECT regress.err($$SELECT stokkel.stk_reorder_advice('{1,2,3}', 1, 0, 0, 3, moq => -5)$$);
SELECT regress.err($$SELECT stokkel.stk_reorder_advice('{1,2,3}', 1, 0, 0, 3, pack_size => 2.5)$$);
SELECT regress.err($$SELECT stokkel.stk_reorder_advice('{1,2,3}', 1, 0, 0, 3, pack_size => 0)$$);
SELECT regress.err($$SELECT stokkel.stk_reorder_advice('{}', 1, 0, 0, 3)$$);
SELECT regress.err($$SELECT stokkel.stk_reorder_advice('{1,2,3}', 1, -1, 0, 3)$$);
SELECT regress.err($$SELECT stokkel.stk_reorder_advice('{1,2,3}', 'Infinity', 0, 0, 3)$$);

-- Events: a daily history from 2024-01-01 (level about 23, a weekly peak)
-- whose event, the day and the day before, sold 30 more twice; the third
-- falls 10 days after the history ends, inside the protection interval of
-- 7 + 14 days.  With the events the plan is made on the history without
-- their effects and adds the model's expected effect ahead (about the 60
-- units), so S rises by about as much and the stock on hand lasts fewer
-- days.  Past events only: the same plan as without events.
CREATE TEMP TABLE ev_h AS
SELECT array_agg(20 + 4 * (i % 7 = 5)::int + 3 * sin(i::float8 * i * 0.37) + 3
                 + CASE WHEN i IN (99, 100, 464, 465) THEN 30 ELSE 0 END ORDER BY i) AS y,
       ARRAY[DATE '2024-01-01' + 100, DATE '2024-01-01' + 465, DATE '2024-01-01' + 810] AS d,
       ARRAY['feast', 'feast', 'feast'] AS n
  FROM generate_series(0, 799) i;
SELECT wo.order_up_to AS without_events, w.order_up_to AS with_events,
       round((w.mean_protection_demand - wo.mean_protection_demand)::numeric, 1) AS added,
       w.method_used, p.order_up_to = wo.order_up_to AS past_events_only_same
FROM ev_h h,
     stokkel.stk_reorder_policy(h.y, 14, 7, method => 'theta') wo,
     stokkel.stk_reorder_policy(h.y, 14, 7, method => 'theta', first_day => '2024-01-01',
                                event_days => h.d, event_names => h.n, event_window => '{1,0}') w,
     stokkel.stk_reorder_policy(h.y, 14, 7, method => 'theta', first_day => '2024-01-01',
                                event_days => h.d[1:2], event_names => h.n[1:2], event_window => '{1,0}') p;
SELECT round(wo.days_of_cover::numeric, 2) AS cover_without, round(w.days_of_cover::numeric, 2) AS cover_with,
       w.order_qty - wo.order_qty AS more_ordered, w.status
FROM ev_h h,
     stokkel.stk_reorder_advice(h.y, 250, 0, 0, 14, 0, 7, method => 'theta') wo,
     stokkel.stk_reorder_advice(h.y, 250, 0, 0, 14, 0, 7, method => 'theta', first_day => '2024-01-01',
                                event_days => h.d, event_names => h.n, event_window => '{1,0}') w;
-- A calendar of 70 names, the feast's and 69 met once in the history: the
-- plan fits only the names whose window reaches its horizon, so the same
-- level as with the feast alone (stk_forecast_series takes at most 64 names).
SELECT w.order_up_to, w.method_used LIKE '%+ events%' AS with_events
FROM ev_h h,
     stokkel.stk_reorder_policy(h.y, 14, 7, method => 'theta', first_day => '2024-01-01',
       event_days => h.d || ARRAY(SELECT DATE '2024-01-01' + 150 + 7 * j FROM generate_series(1, 69) j),
       event_names => h.n || ARRAY(SELECT 'promo ' || j FROM generate_series(1, 69) j),
       event_window => '{1,0}') w;
-- Calendars that change from row to row within one statement (each call
-- site keeps the last calendar it read): every row gets its own.
SELECT v.k, w.order_up_to, w.method_used LIKE '%+ events%' AS with_events
FROM ev_h h,
     LATERAL (VALUES (1, h.d, h.n), (2, h.d[1:2], h.n[1:2]), (3, h.d, h.n), (4, NULL, NULL)) v(k, d, n),
     stokkel.stk_reorder_policy(h.y, 14, 7, method => 'theta', first_day => '2024-01-01',
                                event_days => v.d, event_names => v.n, event_window => '{1,0}') w
ORDER BY v.k;
-- An event 40 days ahead, beyond the protection interval of 21 days: the
-- levels are those without events, in stk_reorder_advice (whose horizon
-- runs on over 60 days for the days of cover) as in stk_reorder_policy.
SELECT p.order_up_to AS policy, a.order_up_to AS advice, p.method_used NOT LIKE '%events%' AS no_events
FROM ev_h h,
     stokkel.stk_reorder_policy(h.y, 14, 7, method => 'theta', first_day => '2024-01-01',
       event_days => h.d[1:2] || (DATE '2024-01-01' + 840), event_names => h.n, event_window => '{1,0}') p,
     stokkel.stk_reorder_advice(h.y, 250, 0, 0, 14, 0, 7, method => 'theta', first_day => '2024-01-01',
       event_days => h.d[1:2] || (DATE '2024-01-01' + 840), event_names => h.n, event_window => '{1,0}') a;
-- The pooled price with the events (stk_reorder_pooled_price's form with
-- first_day and the events) over the feast's history and two ordinary
-- ones: found on the plans the levels then take, so it differs from the
-- price without events; a NULL calendar gives exactly the price and prior
-- without; and at the price with events, the feast product's level with
-- its events is above its level without.
CREATE TEMP TABLE ev_g AS
SELECT k, CASE WHEN k = 1 THEN h.y
               ELSE ARRAY(SELECT 10 * k + 3 * sin(i * k) FROM generate_series(0, 799) i) END AS y, h.d, h.n
  FROM ev_h h, generate_series(1, 3) k;
CREATE TEMP TABLE ev_p AS
SELECT (SELECT stokkel.stk_reorder_pooled_price(y, 14, 7, 0.95, 0, 'theta') FROM ev_g) AS wo,
       (SELECT stokkel.stk_reorder_pooled_price(y, 14, 7, 0.95, 0, 'theta', '2024-01-01', d, n, '{1,0}')
          FROM ev_g) AS w,
       (SELECT stokkel.stk_reorder_pooled_price(y, 14, 7, 0.95, 0, 'theta', NULL, NULL, NULL, '{7,1}')
          FROM ev_g) AS nul;
SELECT round((wo).shortage_price::numeric, 2) AS price_without, round((w).shortage_price::numeric, 2) AS price_with,
       (nul).shortage_price = (wo).shortage_price AND (nul).dispersion_prior = (wo).dispersion_prior
         AS null_events_same,
       round((w).expected_fill_rate::numeric, 3) AS fill_rate_with, (w).items, (w).skipped
  FROM ev_p;
SELECT a.order_up_to AS level_with_events, b.order_up_to AS level_without_events
  FROM ev_p, ev_h h,
       stokkel.stk_reorder_policy(h.y, 14, 7, method => 'theta', shortage_price => (ev_p.w).shortage_price,
                                  dispersion_prior => (ev_p.w).dispersion_prior, first_day => '2024-01-01',
                                  event_days => h.d, event_names => h.n, event_window => '{1,0}') a,
       stokkel.stk_reorder_policy(h.y, 14, 7, method => 'theta', shortage_price => (ev_p.w).shortage_price,
                                  dispersion_prior => (ev_p.w).dispersion_prior) b;
SELECT regress.err($$SELECT stokkel.stk_reorder_pooled_price(y, 14, 7, 0.95, 0, 'theta', NULL, d, n, '{1,0}') FROM ev_g$$);
SELECT regress.err($$SELECT stokkel.stk_reorder_pooled_price(y, 14, 7, 0.95, 0, 'theta', '2024-01-01', d, NULL, '{1,0}') FROM ev_g$$);
-- Bad input: events without first_day or with an infinite one, days without
-- names, a NULL day, two-dimensional arrays, a history running past the last
-- date.
SELECT regress.err($$SELECT stokkel.stk_reorder_policy('{1,2,3}', 3, event_days => '{2026-01-05}', event_names => '{x}')$$);
SELECT regress.err($$SELECT stokkel.stk_reorder_policy('{1,2,3}', 3, first_day => 'infinity', event_days => '{2026-01-05}', event_names => '{x}')$$);
SELECT regress.err($$SELECT stokkel.stk_reorder_advice('{1,2,3}', 1, 0, 0, 3, first_day => '2026-01-01', event_days => '{2026-01-05}')$$);
SELECT regress.err($$SELECT stokkel.stk_reorder_advice('{1,2,3}', 1, 0, 0, 3, first_day => '2026-01-01', event_days => '{NULL}', event_names => '{x}')$$);
SELECT regress.err($$SELECT stokkel.stk_reorder_policy('{1,2,3}', 3, first_day => '2026-01-01', event_days => '{{2026-01-05},{2026-01-06}}', event_names => '{{x},{y}}')$$);
SELECT regress.err($$SELECT stokkel.stk_reorder_policy('{1,2,3}', 3, first_day => '5874897-12-01', event_days => '{2026-01-05}', event_names => '{x}')$$);
SELECT regress.err($$SELECT stokkel.stk_reorder_advice('{1,2,3}', 1, 0, 0, 3, target => 1.5)$$);

-- MOQ: NULL is "none", 0 or less is refused (stk_round_order_qty too).
SELECT stokkel.stk_round_order_qty(13, NULL, 6) AS no_moq,
       stokkel.stk_round_order_qty(13, 20, 6) AS moq20;
SELECT regress.err($$SELECT stokkel.stk_round_order_qty(13, 0, 6)$$);

-- Lead times learned from receipts: three lines ordered at noon and first
-- received 2, 4 and 6 days later (a second, partial receipt of the first
-- line does not count): mean 4, sd 2, P90 5.6; two of the three promised
-- on time.
SELECT stokkel.stk_create_retail_schema('ro_lt');
INSERT INTO ro_lt.tenants (tenant_id, name) VALUES ('t', 'T');
INSERT INTO ro_lt.suppliers (tenant_id, supplier_id, name) VALUES ('t', 1, 'S1'), ('t', 2, 'S2');
INSERT INTO ro_lt.products (tenant_id, product_id, sku, name, unit_price, unit_cost, supplier_id)
VALUES ('t', 1, 'A', 'A', 100, 60, 1);
INSERT INTO ro_lt.purchase_orders (tenant_id, po_id, supplier_id, ordered_at, expected_at, status)
VALUES ('t', 1, 1, '2026-01-01 12:00', '2026-01-04', 'received'),
       ('t', 2, 1, '2026-02-01 12:00', '2026-02-05', 'received'),
       ('t', 3, 1, '2026-03-01 12:00', '2026-03-05', 'received');
INSERT INTO ro_lt.purchase_order_lines (tenant_id, po_id, line_no, product_id, quantity)
VALUES ('t', 1, 1, 1, 10), ('t', 2, 1, 1, 10), ('t', 3, 1, 1, 10);
INSERT INTO ro_lt.receipts (tenant_id, po_id, line_no, received_at, quantity)
VALUES ('t', 1, 1, '2026-01-03 12:00', 6), ('t', 1, 1, '2026-01-09 12:00', 4),
       ('t', 2, 1, '2026-02-05 12:00', 10), ('t', 3, 1, '2026-03-07 12:00', 10);
SELECT supplier_id, receipts, lead_time_mean_days, lead_time_sd_days,
       round(lead_time_p90_days::numeric, 6) AS p90, round(on_time_share::numeric, 6) AS on_time
FROM stokkel.stk_supplier_lead_times('ro_lt', 't');
SELECT count(*) AS other_tenant FROM stokkel.stk_supplier_lead_times('ro_lt', 'nobody');
SELECT regress.err($$SELECT * FROM stokkel.stk_supplier_lead_times('no_such_schema', 't')$$);
-- A receipt dated before its order (a typing error) is left out, not a
-- negative lead time; on time is judged by the shop's day (a receipt on the
-- promised day at 23:30 in Dakar is on time)
INSERT INTO ro_lt.purchase_orders (tenant_id, po_id, supplier_id, ordered_at, expected_at, status)
VALUES ('t', 4, 2, '2026-04-10 12:00', '2026-04-12', 'received'),
       ('t', 5, 2, '2026-04-20 12:00', '2026-04-22', 'received'),
       ('t', 6, 2, '2026-05-01 12:00', '2026-05-03', 'received'),
       ('t', 7, 2, '2026-05-10 12:00', '2026-05-12', 'received');
INSERT INTO ro_lt.purchase_order_lines (tenant_id, po_id, line_no, product_id, quantity)
VALUES ('t', 4, 1, 1, 5), ('t', 5, 1, 1, 5), ('t', 6, 1, 1, 5), ('t', 7, 1, 1, 5);
INSERT INTO ro_lt.receipts (tenant_id, po_id, line_no, received_at, quantity)
VALUES ('t', 4, 1, '2026-04-12 23:30+00', 5), ('t', 5, 1, '2026-04-22 10:00+00', 5),
       ('t', 6, 1, '2026-05-03 10:00+00', 5), ('t', 7, 1, '2025-05-11 10:00+00', 5);
SELECT supplier_id, receipts, lead_time_mean_days >= 0 AS non_negative, on_time_share
FROM stokkel.stk_supplier_lead_times('ro_lt', 't') WHERE supplier_id = 2;
-- the schema refuses quantities that are not numbers
SELECT regress.err($$INSERT INTO ro_lt.stock_levels (tenant_id, product_id, on_hand) VALUES ('t', 1, 'NaN')$$);
SELECT regress.err($$INSERT INTO ro_lt.sales (tenant_id, product_id, sold_at, quantity, unit_price)
                     VALUES ('t', 1, now(), 'Infinity', 1)$$);

-- The reorder list of a generated shop.
SELECT count(*) > 0 AS generated FROM stokkel.stk_generate_sample_data('ro_lt', 30, 200, 7, '2026-06-30', 'shop');
-- A product without a supplier and one never sold: a status each, not an error.
INSERT INTO ro_lt.products (tenant_id, product_id, sku, name, unit_price, unit_cost, supplier_id, moq, pack_size)
VALUES ('shop', 1001, 'NOSUP', 'No supplier', 100, 60, NULL, 1, 1),
       ('shop', 1002, 'NEW', 'Never sold', 100, 60, 1, 1, 1);
CREATE TEMP TABLE rl AS
SELECT * FROM stokkel.stk_reorder_recommendations('ro_lt', 'shop', '2026-06-30');
SELECT count(*) AS products, count(DISTINCT product_id) AS distinct_products FROM rl;
SELECT product_id, status, action, order_qty FROM rl WHERE product_id > 1000 ORDER BY product_id;
-- Every line: the position adds up, orders respect MOQ and pack size, the
-- value is quantity x cost, an order means "order now", the probability is a
-- probability, the stock-out date follows the days of cover.
SELECT bool_and(r.inventory_position = r.on_hand + r.on_order - r.reserved) AS position_ok,
       bool_and(r.order_qty = 0 OR (r.order_qty >= coalesce(nullif(p.moq, 0), 0)
                                    AND r.order_qty::numeric % p.pack_size = 0)) AS moq_pack_ok,
       bool_and(r.order_value = round((r.order_qty * p.unit_cost)::numeric, 2)) AS value_ok,
       bool_and((r.order_qty > 0) = (r.action = 'order now') OR r.action = 'dead stock') AS action_ok,
       bool_and(r.stockout_probability BETWEEN 0 AND 1) AS prob_ok,
       bool_and(r.stockout_date IS NULL OR r.stockout_date = DATE '2026-06-30' + floor(r.days_of_cover)::int) AS date_ok,
       bool_and(r.funded_qty IS NULL AND r.budget_rank IS NULL) AS no_budget_columns
FROM rl r JOIN ro_lt.products p ON p.tenant_id = 'shop' AND p.product_id = r.product_id
WHERE r.status = 'ok';
-- The on-order quantity is what open purchase orders still expect.
SELECT bool_and(r.on_order = coalesce(o.qty, 0)) AS on_order_ok
FROM rl r LEFT JOIN (
  SELECT l.product_id, sum(l.quantity - coalesce((SELECT sum(x.quantity) FROM ro_lt.receipts x
                                                   WHERE x.tenant_id = l.tenant_id AND x.po_id = l.po_id
                                                     AND x.line_no = l.line_no), 0)) AS qty
  FROM ro_lt.purchase_order_lines l JOIN ro_lt.purchase_orders po USING (tenant_id, po_id)
  WHERE l.tenant_id = 'shop' AND po.status IN ('sent', 'partial') GROUP BY 1) o USING (product_id);
-- Lead times: learned from receipts where a supplier has at least 3.
SELECT bool_and(r.lead_time_source = 'receipts'
                AND abs(r.lead_time_days - l.lead_time_mean_days) < 1e-9) AS learned
FROM rl r JOIN stokkel.stk_supplier_lead_times('ro_lt', 'shop') l USING (supplier_id)
WHERE l.receipts >= 3 AND r.status = 'ok';
-- A cash budget: the funded orders cost at most the budget, a product's
-- funded quantity never exceeds its order, ranks are 1, 2, ...
CREATE TEMP TABLE rb AS
SELECT * FROM stokkel.stk_reorder_recommendations('ro_lt', 'shop', '2026-06-30', budget => 100000);
SELECT sum(r.funded_qty * p.unit_cost) <= 100000 AS within_budget,
       bool_and(r.funded_qty <= r.order_qty) AS funded_le_order,
       count(*) FILTER (WHERE r.funded_qty > 0) > 0 AS some_funded,
       count(*) FILTER (WHERE r.funded_qty < r.order_qty) > 0 AS some_cut,
       max(r.budget_rank) = count(r.budget_rank) AS dense_ranks
FROM rb r JOIN ro_lt.products p ON p.tenant_id = 'shop' AND p.product_id = r.product_id;
SELECT sum(funded_qty) AS nothing_funded FROM stokkel.stk_reorder_recommendations('ro_lt', 'shop', '2026-06-30', budget => 0);
-- a product that costs nothing (a free sample, a consignment) is funded in
-- full even by a budget of 0
BEGIN;
UPDATE ro_lt.products SET unit_cost = 0
 WHERE tenant_id = 'shop' AND product_id = (SELECT min(product_id) FROM rb WHERE order_qty > 0);
SELECT bool_and(r.funded_qty = r.order_qty) AS free_lot_funded, count(*) AS free_products
  FROM stokkel.stk_reorder_recommendations('ro_lt', 'shop', '2026-06-30', budget => 0) r
  JOIN ro_lt.products p ON p.tenant_id = 'shop' AND p.product_id = r.product_id
 WHERE p.unit_cost = 0 AND r.order_qty > 0;
ROLLBACK;
-- Bad input.
SELECT regress.err($$SELECT * FROM stokkel.stk_reorder_recommendations('ro_lt', 'shop', target => 1)$$);
SELECT regress.err($$SELECT * FROM stokkel.stk_reorder_recommendations('ro_lt', 'shop', budget => -1)$$);
SELECT regress.err($$SELECT * FROM stokkel.stk_reorder_recommendations('ro_lt', 'shop', policy => 'xyz')$$);
SELECT regress.err($$SELECT * FROM stokkel.stk_reorder_recommendations('ro_lt', NULL)$$);
SELECT regress.err($$SELECT * FROM stokkel.stk_reorder_recommendations('nowhere', 'shop')$$);
SELECT regress.err($$SELECT * FROM stokkel.stk_reorder_recommendations('ro_lt', 'shop', 'infinity')$$);
SELECT regress.err($$SELECT * FROM stokkel.stk_reorder_recommendations('ro_lt', 'shop', history_days => 7)$$);
SELECT regress.err($$SELECT * FROM stokkel.stk_reorder_recommendations('ro_lt', 'shop', events => NULL)$$);
DROP SCHEMA ro_lt CASCADE;

-- The list ahead of a feast: a generated shop of two years, whose calendar
-- has Tabaski on 2025-06-05 and 2026-05-26, the list of 2026-05-13 with the
-- events (the default) and without.  The products that sold 1.5 times
-- their April level in the 10 days before the 2025 feast get higher
-- levels; the others move little (their history is planned without the
-- past events' effects).  test/bench/reorder_events.sh scores such lists.
SELECT stokkel.stk_create_retail_schema('ro_ev');
SELECT count(*) > 0 AS generated FROM stokkel.stk_generate_sample_data('ro_ev', 30, 800, 42, tenant => 'shop');
CREATE TEMP TABLE ro_ev_feast AS
SELECT product_id FROM (
  SELECT s.product_id,
         sum(s.quantity) FILTER (WHERE s.sold_at >= '2025-05-26' AND s.sold_at < '2025-06-05') / 10.0 AS before,
         sum(s.quantity) FILTER (WHERE s.sold_at >= '2025-04-01' AND s.sold_at < '2025-05-01') / 30.0 AS base
    FROM ro_ev.sales s WHERE s.tenant_id = 'shop' GROUP BY 1) x
 WHERE before > 1.5 * base AND base > 0;
SELECT f.product_id IS NOT NULL AS feast_product, count(*) AS products,
       count(*) FILTER (WHERE w.order_up_to > wo.order_up_to) AS raised,
       count(*) FILTER (WHERE w.order_up_to < wo.order_up_to) AS lowered,
       sum(wo.order_up_to) AS order_up_to_without, sum(w.order_up_to) AS order_up_to_with
  FROM stokkel.stk_reorder_recommendations('ro_ev', 'shop', '2026-05-13') w
  JOIN stokkel.stk_reorder_recommendations('ro_ev', 'shop', '2026-05-13', events => false) wo USING (product_id)
  LEFT JOIN ro_ev_feast f USING (product_id)
 GROUP BY 1 ORDER BY 1;
-- The pooled mode passes the events too: the feast products' levels rise
-- as in the item mode, and since the price is found on the plans with the
-- feast's larger demand, most other products' levels fall (in the item
-- mode above, five of them do).
SELECT f.product_id IS NOT NULL AS feast_product, count(*) AS products,
       count(*) FILTER (WHERE w.order_up_to > wo.order_up_to) AS raised,
       count(*) FILTER (WHERE w.order_up_to < wo.order_up_to) AS lowered
  FROM stokkel.stk_reorder_recommendations('ro_ev', 'shop', '2026-05-13', target_scope => 'pooled') w
  JOIN stokkel.stk_reorder_recommendations('ro_ev', 'shop', '2026-05-13', target_scope => 'pooled',
                                           events => false) wo USING (product_id)
  LEFT JOIN ro_ev_feast f USING (product_id)
 GROUP BY 1 ORDER BY 1;
-- A lead time beyond the model's 1,000 days (a supplier without receipts
-- whose stated lead time is 2,000 days) is planned at 1,000 days in both
-- modes, not an error for the whole list.
BEGIN;
DELETE FROM ro_ev.receipts r USING ro_ev.purchase_orders o
 WHERE o.tenant_id = r.tenant_id AND o.po_id = r.po_id AND o.supplier_id = 2;
UPDATE ro_ev.suppliers SET lead_time_mean_days = 2000 WHERE supplier_id = 2;
SELECT t.scope, count(*) FILTER (WHERE r.status = 'ok') AS ok,
       count(*) FILTER (WHERE r.lead_time_days = 2000) AS lead_2000,
       count(*) FILTER (WHERE r.status LIKE 'failed%') AS failed
  FROM unnest(ARRAY['item', 'pooled']) t(scope),
       stokkel.stk_reorder_recommendations('ro_ev', 'shop', '2026-05-13', target_scope => t.scope) r
 GROUP BY 1 ORDER BY 1;
ROLLBACK;
-- A supplier's review period or a product's pack beyond the model's limits
-- (the tables allow them) is that product's status, not an error for the
-- whole list (also in the pooled mode).
BEGIN;
UPDATE ro_ev.suppliers SET review_days = 5000
 WHERE supplier_id = (SELECT min(supplier_id) FROM ro_ev.suppliers);
UPDATE ro_ev.products SET pack_size = 2000000000
 WHERE product_id = (SELECT max(product_id) FROM ro_ev.products p
                      WHERE p.supplier_id <> (SELECT min(supplier_id) FROM ro_ev.suppliers));
SELECT status, action IS NULL AS no_action, order_qty IS NULL AS no_order, count(*)
  FROM stokkel.stk_reorder_recommendations('ro_ev', 'shop', '2026-05-13')
 WHERE status LIKE 'failed%' GROUP BY 1, 2, 3 ORDER BY 1;
SELECT count(*) FILTER (WHERE status LIKE 'failed%') AS failed, count(*) FILTER (WHERE status = 'ok') AS ok
  FROM stokkel.stk_reorder_recommendations('ro_ev', 'shop', '2026-05-13', target_scope => 'pooled');
ROLLBACK;
DROP SCHEMA ro_ev CASCADE;
