-- Pooled fill rate over a group of products (issue 5): the aggregate
-- stk_reorder_pooled_price, the shortage_price argument of
-- stk_reorder_policy / stk_reorder_advice, and target_scope 'pooled' of
-- stk_reorder_recommendations.  The optimality of the levels is checked
-- in the C unit tests (test/unit/test_pooled_fill_rate.c: exhaustive
-- search over two Poisson items, and no transfer of units between items
-- reaching the same fill rate with less stock).
SET extra_float_digits = 0;
SET DateStyle = ISO;
SET TimeZone = 'Africa/Dakar';
SET client_min_messages = warning;

-- Three products, 120 days each: a fast regular seller, a slow lumpy one
-- (6 units every 5th day) and a medium one; R = 7, L = 3, forecast by the
-- history's mean.
CREATE TEMP TABLE pg_items AS
SELECT * FROM (VALUES
  (1, ARRAY(SELECT (10 + (i * 7) % 9)::float8 FROM generate_series(1, 120) i)),
  (2, ARRAY(SELECT CASE WHEN i % 5 = 0 THEN 6 ELSE 0 END::float8 FROM generate_series(1, 120) i)),
  (3, ARRAY(SELECT (i % 3)::float8 FROM generate_series(1, 120) i))) v(id, y);

CREATE TEMP TABLE pg_price AS
SELECT (stokkel.stk_reorder_pooled_price(y, 3, 7, 0.95, 0, 'mean')).* FROM pg_items;
SELECT round(shortage_price::numeric, 6) AS shortage_price,
       round(expected_fill_rate::numeric, 6) AS expected_fill_rate, items, skipped
FROM pg_price;

-- Each product's level at that price, next to its own 95 % level.
CREATE TEMP TABLE pg_levels AS
SELECT i.id, p.order_up_to AS pooled_level, p.expected_service AS pooled_service,
       p.mean_protection_demand - p.mean_lead_time_demand AS review_demand,
       o.order_up_to AS item_level, o.expected_service AS item_service
FROM pg_items i,
     stokkel.stk_reorder_policy(i.y, 3, 7, method => 'mean',
                                shortage_price => (SELECT shortage_price FROM pg_price)) p,
     stokkel.stk_reorder_policy(i.y, 3, 7, method => 'mean') o;
SELECT id, pooled_level, round(pooled_service::numeric, 4) AS pooled_service,
       item_level, round(item_service::numeric, 4) AS item_service
FROM pg_levels ORDER BY id;
-- The products' fill rates weighted by their demand per review cycle are the
-- aggregate's pooled fill rate, at least the target; the lumpy product
-- gets less than 95 % and the group needs less stock than item by item.
SELECT abs(sum(review_demand * pooled_service) / sum(review_demand)
           - (SELECT expected_fill_rate FROM pg_price)) < 1e-12 AS pooled_rate_adds_up,
       (SELECT expected_fill_rate FROM pg_price) >= 0.95 AS meets_target,
       bool_or(pooled_service < 0.95) AS some_product_below_target,
       sum(pooled_level) < sum(item_level) AS less_stock
FROM pg_levels;
-- stk_reorder_advice gives the same level at the same price.
SELECT bool_and(a.order_up_to = l.pooled_level) AS advice_agrees
FROM pg_items i JOIN pg_levels l USING (id),
     stokkel.stk_reorder_advice(i.y, 0, 0, 0, 3, 0, 7, method => 'mean',
                                shortage_price => (SELECT shortage_price FROM pg_price)) a;
-- Price 0: nothing short is worth a unit of stock; a huge price: no shortage.
SELECT order_up_to, expected_service
FROM stokkel.stk_reorder_policy((SELECT y FROM pg_items WHERE id = 3), 3, 7, method => 'mean',
                                shortage_price => 0);
SELECT expected_service
FROM stokkel.stk_reorder_policy((SELECT y FROM pg_items WHERE id = 3), 3, 7, method => 'mean',
                                shortage_price => 1e12);

-- Groups: one price per GROUP BY group; a product without demand takes no
-- stock; NULL rows are skipped and counted; no row gives NULL.
SELECT g, (stokkel.stk_reorder_pooled_price(y, 3, 7, 0.9, 0, 'mean')).items
FROM (SELECT id % 2 AS g, y FROM pg_items) s GROUP BY g ORDER BY g;
SELECT (r).items, (r).skipped, round((r).expected_fill_rate::numeric, 6) AS expected_fill_rate
FROM (SELECT stokkel.stk_reorder_pooled_price(y, 3, 7, 0.95, 0, 'mean') AS r
      FROM (SELECT y FROM pg_items UNION ALL SELECT array_fill(0::float8, ARRAY[30])
            UNION ALL SELECT NULL) s) t;
SELECT stokkel.stk_reorder_pooled_price(y, 3, 7, 0.95, 0, 'mean') IS NULL AS no_rows
FROM pg_items WHERE false;
SELECT (stokkel.stk_reorder_pooled_price(array_fill(0::float8, ARRAY[30]), 3, 7, 0.95, 0, 'mean')).*;

-- Pooled dispersion: eight smooth products with stable histories of 364 days
-- (independent draws, md5-hashed, so forecast auto plans on the long-run
-- mean).  The aggregate returns the smooth class's line (the erratic one
-- unfitted: A Infinity), and only with dispersion_prior do the products'
-- levels add up to the aggregate's pooled fill rate.
CREATE TEMP TABLE pd_items AS
SELECT k AS id, ARRAY(SELECT (('x' || substr(md5(k || '-' || t), 1, 4))::bit(16)::int % (5 + 2 * k))::float8
                      FROM generate_series(1, 364) t) AS y
FROM generate_series(1, 8) k;
CREATE TEMP TABLE pd_price AS
SELECT (stokkel.stk_reorder_pooled_price(y, 3, 7, 0.95, 0, 'auto')).* FROM pd_items;
SELECT items, skipped, cardinality(dispersion_prior) AS prior_len,
       dispersion_prior[3] BETWEEN 0 AND 1e6 AS smooth_line_fitted,
       dispersion_prior[6] = 'Infinity' AS erratic_unfitted
FROM pd_price;
CREATE TEMP TABLE pd_levels AS
SELECT i.id, a.expected_service AS with_prior, a.mean_demand_per_period * 7 AS review_demand,
       a.method_used, b.expected_service AS without_prior
FROM pd_items i,
     stokkel.stk_reorder_advice(i.y, 0, 0, 0, 3, 0, 7, shortage_price => (SELECT shortage_price FROM pd_price),
                                dispersion_prior => (SELECT dispersion_prior FROM pd_price)) a,
     stokkel.stk_reorder_advice(i.y, 0, 0, 0, 3, 0, 7, shortage_price => (SELECT shortage_price FROM pd_price)) b;
SELECT count(*) AS products,
       bool_and(method_used LIKE '%long-run mean%pooled over the group%') AS all_pooled,
       abs(sum(review_demand * with_prior) / sum(review_demand)
           - (SELECT expected_fill_rate FROM pd_price)) < 1e-9 AS adds_up_with_prior,
       abs(sum(review_demand * without_prior) / sum(review_demand)
           - (SELECT expected_fill_rate FROM pd_price)) < 1e-9 AS adds_up_without_prior
FROM pd_levels;

-- The group's level-change decision: seven stable products (md5-hashed draws,
-- 0..8 a day, 364 days; number 6, whose forecast keeps a chance weekly shape,
-- left out) and product 9, whose second half sells 5 a day more.  Alone,
-- product 4's test flags a change by chance (max |t| 3.11 > 3.0); over the
-- group the false-discovery-rate threshold (dispersion_prior's 7th element:
-- the stepped product's p-value, the only one rejected) lifts that flag,
-- and product 9 keeps its adaptive forecast.  With the threshold the
-- products' levels add up to the aggregate's fill rate (to 1e-6: the
-- aggregate forecasts the reorder list's longer horizon); with the 6-element
-- prior (no threshold) product 4 plans on its flagged forecast and they do
-- not (off by 5e-5).
CREATE TEMP TABLE lv_items AS
SELECT k AS id, ARRAY(SELECT (('x' || substr(md5(k || '-' || t), 1, 4))::bit(16)::int % 9
                              + CASE WHEN k = 9 AND t > 182 THEN 5 ELSE 0 END)::float8
                      FROM generate_series(1, 364) t) AS y
FROM generate_series(1, 9) k WHERE k <> 6;
CREATE TEMP TABLE lv_price AS
SELECT (stokkel.stk_reorder_pooled_price(y, 3, 7, 0.95, 0, 'auto')).* FROM lv_items;
SELECT cardinality(dispersion_prior) AS prior_len,
       dispersion_prior[7] > 0 AND dispersion_prior[7] < 1e-6 AS threshold_is_the_step
FROM lv_price;
CREATE TEMP TABLE lv_levels AS
SELECT i.id, a.expected_service AS service,
       a.mean_protection_demand - a.mean_lead_time_demand AS review_demand,
       a.method_used AS in_group, b.method_used AS alone
FROM lv_items i,
     stokkel.stk_reorder_policy(i.y, 3, 7, shortage_price => (SELECT shortage_price FROM lv_price),
                                dispersion_prior => (SELECT dispersion_prior FROM lv_price)) a,
     stokkel.stk_reorder_policy(i.y, 3, 7) b;
SELECT id, substring(alone from '\(level change in the history, max \|t\| [0-9.]+\)') AS alone,
       substring(in_group from '^long-run mean of 364 periods \([^)]*\)') AS in_group
FROM lv_levels WHERE id IN (4, 9) ORDER BY id;
SELECT count(*) FILTER (WHERE in_group LIKE 'long-run mean%') AS long_run_in_group,
       abs(sum(review_demand * service) / sum(review_demand)
           - (SELECT expected_fill_rate FROM lv_price)) < 1e-6 AS adds_up
FROM lv_levels;
SELECT abs(sum((p.mean_protection_demand - p.mean_lead_time_demand) * p.expected_service)
           / sum(p.mean_protection_demand - p.mean_lead_time_demand)
           - (SELECT expected_fill_rate FROM lv_price)) > 1e-5 AS without_threshold_off
FROM lv_items i,
     stokkel.stk_reorder_policy(i.y, 3, 7, shortage_price => (SELECT shortage_price FROM lv_price),
                                dispersion_prior => (SELECT dispersion_prior[1:6] FROM lv_price)) p;

-- Bad input.
SELECT regress.err($$SELECT stokkel.stk_reorder_pooled_price(y, 3, 7, 1, 0, 'mean') FROM pg_items$$);
SELECT regress.err($$SELECT stokkel.stk_reorder_pooled_price(y, 3, 7, 0.9 + id / 100.0, 0, 'mean') FROM pg_items$$);
SELECT regress.err($$SELECT stokkel.stk_reorder_pooled_price('{}', 3, 7, 0.9, 0, 'mean')$$);
SELECT regress.err($$SELECT stokkel.stk_reorder_pooled_price('{1,-2}', 3, 7, 0.9, 0, 'mean')$$);
SELECT regress.err($$SELECT stokkel.stk_reorder_pooled_price('{1,2}', -3, 7, 0.9, 0, 'mean')$$);
SELECT regress.err($$SELECT stokkel.stk_reorder_pooled_price('{1,2}', 3, 1.5, 0.9, 0, 'mean')$$);
SELECT regress.err($$SELECT stokkel.stk_reorder_pooled_price('{1,2}', 3, 7, 0.9, 0, 'nope')$$);
SELECT regress.err($$SELECT stokkel.stk_reorder_pooled_price('{1,2}', 'NaN', 7, 0.9, 0, 'mean')$$);
SELECT regress.err($$SELECT * FROM stokkel.stk_reorder_policy('{1,2,3}', 3, 7, shortage_price => -1)$$);
SELECT regress.err($$SELECT * FROM stokkel.stk_reorder_policy('{1,2,3}', 3, 7, shortage_price => 'NaN')$$);
SELECT regress.err($$SELECT * FROM stokkel.stk_reorder_policy('{1,2,3}', 3, 7, policy => 'sQ', shortage_price => 1)$$);
SELECT regress.err($$SELECT * FROM stokkel.stk_reorder_policy('{1,2,3}', 3, 7, target_type => 'cycle', shortage_price => 1)$$);
SELECT regress.err($$SELECT * FROM stokkel.stk_reorder_advice('{1,2,3}', 0, 0, 0, 3, shortage_price => -1)$$);
-- dispersion_prior: 6 or 7 elements, finite lines, A >= 0 or Infinity, a
-- level threshold in [0, 1], with a price
SELECT regress.err($$SELECT * FROM stokkel.stk_reorder_policy('{1,2,3}', 3, 7, shortage_price => 1, dispersion_prior => '{0,1,0,0,1,0,1.5}')$$);
SELECT regress.err($$SELECT * FROM stokkel.stk_reorder_policy('{1,2,3}', 3, 7, shortage_price => 1, dispersion_prior => '{0,1,0,0,1,0,NaN}')$$);
SELECT regress.err($$SELECT * FROM stokkel.stk_reorder_policy('{1,2,3}', 3, 7, shortage_price => 1, dispersion_prior => '{0,1,0,0,1,0,0.5,0}')$$);
SELECT order_up_to > 0 AS six_elements_accepted
FROM stokkel.stk_reorder_policy('{1,2,3}', 3, 7, shortage_price => 1, dispersion_prior => '{0,1,0,0,1,0}');
SELECT regress.err($$SELECT * FROM stokkel.stk_reorder_policy('{1,2,3}', 3, 7, shortage_price => 1, dispersion_prior => '{0,1,0}')$$);
SELECT regress.err($$SELECT * FROM stokkel.stk_reorder_policy('{1,2,3}', 3, 7, shortage_price => 1, dispersion_prior => '{0,1,-1,0,1,0}')$$);
SELECT regress.err($$SELECT * FROM stokkel.stk_reorder_policy('{1,2,3}', 3, 7, shortage_price => 1, dispersion_prior => '{NaN,1,0,0,1,0}')$$);
SELECT regress.err($$SELECT * FROM stokkel.stk_reorder_policy('{1,2,3}', 3, 7, shortage_price => 1, dispersion_prior => '{0,1,0,0,1,NULL}')$$);
SELECT regress.err($$SELECT * FROM stokkel.stk_reorder_policy('{1,2,3}', 3, 7, dispersion_prior => '{0,1,0,0,1,0}')$$);
SELECT regress.err($$SELECT * FROM stokkel.stk_reorder_advice('{1,2,3}', 0, 0, 0, 3, shortage_price => 1, dispersion_prior => '{0,1,0,0,Infinity,0}')$$);

-- The reorder list with a pooled target over a generated shop.
SELECT stokkel.stk_create_retail_schema('ro_pool');
SELECT count(*) > 0 AS generated FROM stokkel.stk_generate_sample_data('ro_pool', 30, 200, 7, '2026-06-30', 'shop');
CREATE TEMP TABLE rl_item AS
SELECT * FROM stokkel.stk_reorder_recommendations('ro_pool', 'shop', '2026-06-30', method => 'mean');
CREATE TEMP TABLE rl_pool AS
SELECT * FROM stokkel.stk_reorder_recommendations('ro_pool', 'shop', '2026-06-30', method => 'mean',
                                                  target_scope => 'pooled');
-- The same products and statuses; some levels move; positions add up.
SELECT count(*) AS products,
       bool_and(p.status = i.status) AS same_status,
       count(*) FILTER (WHERE p.order_up_to <> i.order_up_to) > 0 AS some_levels_move,
       bool_and(p.inventory_position = p.on_hand + p.on_order - p.reserved) AS position_ok
FROM rl_pool p JOIN rl_item i USING (product_id);
-- Most products are planned.
SELECT count(*) FILTER (WHERE r.status = 'ok') > 10 AS enough_products FROM rl_pool r;
SELECT regress.err($$SELECT * FROM stokkel.stk_reorder_recommendations('ro_pool', 'shop', target_scope => 'category')$$);
SELECT regress.err($$SELECT * FROM stokkel.stk_reorder_recommendations('ro_pool', 'shop', target_scope => 'pooled', policy => 'sQ')$$);
SELECT regress.err($$SELECT * FROM stokkel.stk_reorder_recommendations('ro_pool', 'shop', target_scope => 'pooled', target_type => 'cycle')$$);
SELECT regress.err($$SELECT * FROM stokkel.stk_reorder_recommendations('ro_pool', 'shop', target_scope => NULL)$$);
DROP SCHEMA ro_pool CASCADE;
