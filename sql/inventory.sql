-- Inventory formulas.  Golden values: the stockpyl doctests (Snyder & Shen
-- 2019) and R 4.x computations pinned in test/unit/test_inventory.c, where
-- each R command is given; checked here to 1e-9 relative through SQL.
SET extra_float_digits = 0;
CREATE FUNCTION pg_temp.rel_ok(got float8, want float8, tol float8 DEFAULT 1e-9)
RETURNS bool LANGUAGE sql IMMUTABLE AS $$ SELECT abs(got - want) <= tol * abs(want) $$;

-- Loss functions.
SELECT what, pg_temp.rel_ok(got, want, tol) AS ok, round(got::numeric, 6) AS value
FROM (VALUES
  ('G(1.3) stockpyl', stokkel.stk_normal_loss(1.3), 0.04552796208651397, 1e-9),
  ('G^-1(G(1.3)) = 1.3', stokkel.stk_normal_loss_inverse(0.04552796208651397), 1.3, 1e-12),
  ('G^-1(3) R', stokkel.stk_normal_loss_inverse(3), -2.9996173287912224, 1e-12),
  ('N(15,3^2) loss at 18.6 stockpyl', 3 * stokkel.stk_normal_loss((18.6 - 15) / 3.0), 0.1683073521514889, 1e-9),
  ('Poisson(15) loss at 18 stockpyl', stokkel.stk_poisson_loss(18, 15), 0.5176095282584724, 1e-9),
  ('Poisson(15) loss at 10 R', stokkel.stk_poisson_loss(10, 15), 5.1368392047990046, 1e-9),
  ('Poisson(15) loss at 40 R (deep tail)', stokkel.stk_poisson_loss(40, 15), 3.5980338948643831e-08, 1e-8),
  ('Poisson(1000) loss at 1100 R', stokkel.stk_poisson_loss(1100, 1000), 0.0082253460786388677, 1e-8),
  ('NB mean 23 sd 8 loss at 14 stockpyl', stokkel.stk_negbin_loss(14, 23, 64), 9.326459980156931, 1e-9),
  ('NB r=4 p=0.2 loss at 14 stockpyl', stokkel.stk_negbin_loss(14, 16, 80), 4.447304632028364, 1e-9),
  ('NB r=4 p=0.2 loss at 30 R', stokkel.stk_negbin_loss(30, 16, 80), 0.4896300443381536, 1e-9),
  ('NB r=0.3 p=0.05 loss at 3 R (lumpy)', stokkel.stk_negbin_loss(3, 5.7, 114), 4.2249560425055988, 1e-9)
) AS t(what, got, want, tol)
ORDER BY what;
-- loss below zero is mean - x; interpolated between integers
SELECT stokkel.stk_poisson_loss(-2, 15) AS below_zero,
       pg_temp.rel_ok(stokkel.stk_poisson_loss(17.5, 15),
                      (stokkel.stk_poisson_loss(17, 15) + stokkel.stk_poisson_loss(18, 15)) / 2, 1e-14)
         AS interpolates,
       stokkel.stk_poisson_loss(3, 0) AS zero_mean;

-- EOQ: stockpyl economic_order_quantity(K=8, h=0.225, D=1300).
SELECT pg_temp.rel_ok(stokkel.stk_eoq(1300, 8, 0.225), 304.0467800264368) AS q_ok,
       round(stokkel.stk_eoq(annual_demand => 1300, order_cost => 8, holding_cost => 0.225)::numeric, 4) AS q;
SELECT pg_temp.rel_ok(order_quantity, 304.0467800264368) AS q_ok,
       pg_temp.rel_ok(annual_cost, 68.41052550594829) AS cost_ok,
       round(orders_per_year::numeric, 6) AS orders_per_year,
       round(cycle_years::numeric, 6) AS cycle_years
FROM stokkel.stk_eoq_detail(1300, 8, 0.225);
SELECT * FROM stokkel.stk_eoq_detail(0, 8, 0.225);
SELECT * FROM stokkel.stk_eoq_detail(1300, 0, 0.225);

-- Newsvendor: stockpyl newsvendor_normal(h=0.18, p=0.70, 50, 8) and (h=2, p=18, 120, 10).
SELECT pg_temp.rel_ok(order_quantity, 56.60395592743389) AS q_ok,
       pg_temp.rel_ok(expected_cost, 1.9976051931766445) AS cost_ok,
       round(critical_ratio::numeric, 6) AS critical_ratio
FROM stokkel.stk_newsvendor(mean => 50, sd => 8, underage_cost => 0.70, overage_cost => 0.18);
SELECT pg_temp.rel_ok(order_quantity, 132.815515655446) AS q_ok,
       pg_temp.rel_ok(expected_cost, 35.09966638649737) AS cost_ok,
       round(order_quantity::numeric, 4) AS order_quantity
FROM stokkel.stk_newsvendor(120, 10, 18, 2);
SELECT * FROM stokkel.stk_newsvendor(50, 0, 1, 1);

-- Safety stock, reorder point, order-up-to (normal).  Reference 2.2:
-- mu = 10, sigma = 4, R = 2, L = 3 +- 1: sigma_P^2 = 5*16 + 100*1 = 180.
-- R: uniroot(G(z) - 0.05*10*2/sqrt(180)) -> k = 1.0578413978453647, S = 64.192431649973813.
SELECT pg_temp.rel_ok(stokkel.stk_order_up_to(10, 4, 3, 2, 0.95, 'fill_rate', 1), 64.192431649973813, 1e-12) AS s_fill_ok,
       pg_temp.rel_ok(stokkel.stk_safety_stock(10, 4, 3, 0.95, 'fill_rate', review_period => 2, lead_time_sd => 1),
                      1.0578413978453647 * sqrt(180), 1e-10) AS ss_fill_ok,
       pg_temp.rel_ok(stokkel.stk_reorder_point(10, 4, 3, 0.95, 'fill_rate', 2, 1), 64.192431649973813, 1e-12) AS rop_is_s,
       pg_temp.rel_ok(stokkel.stk_order_up_to(10, 4, 3, 2, 0.9, 'cycle', 1), 50 + 1.2815515655446004 * sqrt(180), 1e-12) AS s_cycle_ok,
       round(stokkel.stk_order_up_to(10, 4, 3, review_period => 2, lead_time_sd => 1)::numeric, 4) AS s_default_95_cycle;
-- (s,Q), mu = 10, sigma = 4, L = 3, Q = 50, fill rate 98 %: R gives 34.808150875841136
-- with backorders and 34.725098606037328 with lost sales; CSL 90 %: 30 + qnorm(0.9) sqrt(48).
SELECT pg_temp.rel_ok(stokkel.stk_reorder_point(10, 4, 3, 0.98, 'fill_rate', order_quantity => 50), 34.808150875841136, 1e-12) AS backorders_ok,
       pg_temp.rel_ok(stokkel.stk_reorder_point(10, 4, 3, 0.98, 'fill_rate', order_quantity => 50, lost_sales => true),
                      34.725098606037328, 1e-12) AS lost_sales_ok,
       pg_temp.rel_ok(stokkel.stk_reorder_point(10, 4, 3, 0.9), 38.878849696170739, 1e-12) AS cycle_ok,
       round(stokkel.stk_safety_stock(10, 4, 3, 0.9)::numeric, 6) AS ss_cycle_90,
       round(stokkel.stk_safety_stock(10, 4, 3)::numeric, 6) AS ss_default;
-- cycle targets: the review period widens the protection interval; sd 0 needs no safety stock;
-- a big order quantity meets the fill rate by itself (negative, not floored).
SELECT round(stokkel.stk_safety_stock(10, 4, 3, review_period => 7)::numeric, 6) AS ss_r7,
       round((1.6448536269514722 * sqrt(160))::numeric, 6) AS by_hand,
       stokkel.stk_safety_stock(10, 0, 3, 0.99, 'fill_rate', review_period => 1) AS ss_sd0,
       stokkel.stk_safety_stock(10, 4, 3, 0.95, 'fill_rate', order_quantity => 5000) < 0 AS negative_k,
       stokkel.stk_safety_stock(10, 4, 3, 0.4) < 0 AS below_half;
-- monotone in the target
SELECT bool_and(s2 >= s1) AS monotone_in_target
FROM (SELECT stokkel.stk_order_up_to(10, 4, 3, 2, t, 'fill_rate', 1) AS s2,
             lag(stokkel.stk_order_up_to(10, 4, 3, 2, t, 'fill_rate', 1), 1, 0::float8) OVER (ORDER BY t) AS s1
      FROM generate_series(0.5, 0.99, 0.01) t) x;
-- NULL in, NULL out
SELECT stokkel.stk_safety_stock(NULL, 4, 3) IS NULL AS ss_null,
       stokkel.stk_reorder_point(10, 4, 3, target_type => NULL) IS NULL AS rop_null,
       stokkel.stk_order_up_to(10, 4, NULL) IS NULL AS s_null,
       stokkel.stk_order_up_to_exact(2, 3, NULL, 0.95, 'fill_rate') IS NULL AS exact_null,
       stokkel.stk_round_order_qty(NULL) IS NULL AS round_null;

-- Exact discrete (R,S), R computations: Poisson 2/period, R = 3, L = 2:
-- smallest S with beta >= 0.95 is 14, beta(14) = 0.96884818612583412;
-- CSL 95 %: qpois(0.95, 10) = 15, ppois(15, 10) = 0.95125959669602123;
-- NB mean 2 var 5: S95 = 18, beta(18) = 0.96208831096946612.
SELECT t.what, e.order_up_to, pg_temp.rel_ok(e.achieved_service, t.want) AS achieved_ok
FROM (VALUES
  ('Poisson fill rate', 'fill_rate', NULL, 0.96884818612583412),
  ('Poisson cycle', 'cycle', NULL, 0.95125959669602123),
  ('NB fill rate', 'fill_rate', 5, 0.96208831096946612)
) AS t(what, target_type, variance, want),
  LATERAL stokkel.stk_order_up_to_exact(2, 3, 2, 0.95, t.target_type, t.variance) e
ORDER BY t.what;
-- a slow mover: the exact level against the normal rule
SELECT e.order_up_to AS exact_s, round(e.achieved_service::numeric, 4) AS exact_fill_rate,
       round(stokkel.stk_order_up_to(0.3, sqrt(0.3), 5, 7, 0.9, 'fill_rate')::numeric, 3) AS normal_s
FROM stokkel.stk_order_up_to_exact(0.3, 7, 5, 0.9, 'fill_rate') e;

-- Order rounding.
SELECT stokkel.stk_round_order_qty(13, pack_size => 6) AS pack6,
       stokkel.stk_round_order_qty(12.000000000001, NULL, 6) AS noise,
       stokkel.stk_round_order_qty(5, 24, 6) AS moq24,
       stokkel.stk_round_order_qty(5, 20, 6) AS moq20,
       stokkel.stk_round_order_qty(0, 20, 6) AS no_order,
       stokkel.stk_round_order_qty(2.5, NULL, 0.5) AS half_packs,
       stokkel.stk_round_order_qty(7.2) AS whole_units;

-- Simulator.  Hand trace (test_inventory.c): (R,S) R = 2, S = 10, L = 1,
-- demand 4 per period for 6 periods, starting with 10 on hand:
-- lost sales: t0 no order, 6 left; t1 2 left; t2 order 8 (due t3), serve 2
-- of 4; t3 receive 8, 4 left; t4 order 6 (due t5), 0 left; t5 receive 6, 2
-- left.  Served 22 of 24, end stocks 6,2,0,4,0,2 (average 7/3), review
-- cycles [0,1] [2,3] [4,5], one with a stock-out.
-- backorders: t2 net -2; t3 receive 8, 2 left; t4 order 8, net -2; t5
-- receive 8, 2 left.  Served from stock 4+4+2+4+2+4 = 20.
SELECT * FROM stokkel.stk_simulate_policy('{4,4,4,4,4,4}', 'RS', 1, 2, big_s => 10);
SELECT periods, served, end_backorders, end_on_hand
FROM stokkel.stk_simulate_policy('{4,4,4,4,4,4}', '(R,S)', 1, 2, big_s => 10, lost_sales => false);
-- constant demand, zero lead time, S = demand: every unit served every period
SELECT fill_rate, cycle_service, stockout_periods, orders, units_ordered, avg_on_hand
FROM stokkel.stk_simulate_policy(array_fill(5::float8, ARRAY[200]), 'RS', 0, big_s => 5);
-- (s,Q) on unit demand: s = L + 1 periods never runs out, s = 1 does; orders are multiples of q
SELECT s, stockout_periods = 0 AS never_out, units_ordered = 10 * orders AS multiples_of_q
FROM unnest(ARRAY[3, 1]) s,
     LATERAL stokkel.stk_simulate_policy(array_fill(1::float8, ARRAY[100]), 'sQ', 2, s => s, q => 10,
                                          initial_stock => 20) r
ORDER BY s DESC;
-- (s,S) and (R,s,S) with MOQ 24 and packs of 12
SELECT p, orders > 0 AS ordered, units_ordered::numeric % 12 = 0 AS pack_multiples,
       units_ordered >= 24 * orders AS moq_met
FROM unnest(ARRAY['sS', 'RsS']) p,
     LATERAL stokkel.stk_simulate_policy(ARRAY(SELECT ((t * 7) % 5)::float8 FROM generate_series(0, 99) t),
                                          p, 2, CASE WHEN p = 'RsS' THEN 4 ELSE 1 END,
                                          s => 5, big_s => 17, initial_stock => 20, moq => 24, pack_size => 12) r
ORDER BY p;
-- the exact level achieves its fill rate on a long Poisson(2) history
-- (seeded; drawn by inverse transform from the Poisson cdf), with
-- backorders as the formula assumes, and at least that with lost sales
SELECT setseed(0.42);
CREATE TEMP TABLE pois_cdf AS
SELECT j AS k, sum(exp(-2.0) * 2.0 ^ j / factorial(j)) OVER (ORDER BY j) AS f
FROM generate_series(0, 30) j;
CREATE TEMP TABLE pois AS
SELECT ARRAY(SELECT (SELECT min(k) FROM pois_cdf WHERE f >= u)::float8
             FROM (SELECT random() AS u, g FROM generate_series(1, 20000) g) s ORDER BY g) AS d;
SELECT e.order_up_to, abs(b.fill_rate - e.achieved_service) < 0.005 AS calibrated,
       b.fill_rate >= 0.95 AS meets_target, l.fill_rate >= b.fill_rate AS lost_sales_not_worse
FROM pois, stokkel.stk_order_up_to_exact(2, 3, 2, 0.95, 'fill_rate') e,
     LATERAL stokkel.stk_simulate_policy(pois.d, 'RS', 2, 3, big_s => e.order_up_to,
                                          lost_sales => false, warmup => 5) b,
     LATERAL stokkel.stk_simulate_policy(pois.d, 'RS', 2, 3, big_s => e.order_up_to, warmup => 5) l;
-- no demand at all: fill rate NULL, nothing ordered
SELECT fill_rate, cycle_service, orders FROM stokkel.stk_simulate_policy('{0,0,0}', 'RS', 1, big_s => 5);
-- warm-up leaves the first periods out
SELECT periods, total_demand FROM stokkel.stk_simulate_policy('{4,4,4,4,4,4}', 'RS', 1, 2, big_s => 10, warmup => 3);
SELECT stokkel.stk_simulate_policy(NULL, 'RS', 1, big_s => 5) IS NULL AS null_demand;

-- Errors: one probe per line.
SELECT regress.err($$SELECT stokkel.stk_normal_loss('NaN')$$);
SELECT regress.err($$SELECT stokkel.stk_normal_loss('Infinity')$$);
SELECT regress.err($$SELECT stokkel.stk_normal_loss_inverse(0)$$);
SELECT regress.err($$SELECT stokkel.stk_poisson_loss(3, -1)$$);
SELECT regress.err($$SELECT stokkel.stk_poisson_loss('NaN', 1)$$);
SELECT regress.err($$SELECT stokkel.stk_negbin_loss(3, 5, 5)$$);
SELECT regress.err($$SELECT stokkel.stk_negbin_loss(3, 0, 5)$$);
SELECT regress.err($$SELECT stokkel.stk_eoq(1300, 8, 0)$$);
SELECT regress.err($$SELECT stokkel.stk_eoq(-1, 8, 1)$$);
SELECT regress.err($$SELECT stokkel.stk_eoq('NaN', 8, 1)$$);
SELECT regress.err($$SELECT stokkel.stk_eoq(1e300, 1e300, 1e-300)$$);
SELECT regress.err($$SELECT stokkel.stk_safety_stock(10, 4, 3, 0)$$);
SELECT regress.err($$SELECT stokkel.stk_safety_stock(10, 4, 3, 1)$$);
SELECT regress.err($$SELECT stokkel.stk_safety_stock(10, 4, 3, 95)$$);
SELECT regress.err($$SELECT stokkel.stk_safety_stock(10, 4, 3, 'NaN')$$);
SELECT regress.err($$SELECT stokkel.stk_safety_stock(10, 4, -1)$$);
SELECT regress.err($$SELECT stokkel.stk_safety_stock(10, -4, 3)$$);
SELECT regress.err($$SELECT stokkel.stk_safety_stock(-10, 4, 3)$$);
SELECT regress.err($$SELECT stokkel.stk_safety_stock(10, 4, 3, lead_time_sd => -1)$$);
SELECT regress.err($$SELECT stokkel.stk_safety_stock(10, 4, 3, review_period => -1)$$);
SELECT regress.err($$SELECT stokkel.stk_safety_stock(10, 4, 'Infinity')$$);
SELECT regress.err($$SELECT stokkel.stk_safety_stock(10, 4, 3, target_type => 'type1')$$);
SELECT regress.err($$SELECT stokkel.stk_safety_stock(10, 4, 3, target_type => 'fill_rate')$$);
SELECT regress.err($$SELECT stokkel.stk_safety_stock(0, 4, 3, target_type => 'fill_rate', review_period => 1)$$);
SELECT regress.err($$SELECT stokkel.stk_safety_stock(10, 4, 3, target_type => 'fill_rate', order_quantity => 0)$$);
SELECT regress.err($$SELECT stokkel.stk_safety_stock(10, 4, 3, lost_sales => true)$$);
SELECT regress.err($$SELECT stokkel.stk_reorder_point(10, 4, 3, 1.5)$$);
SELECT regress.err($$SELECT stokkel.stk_safety_stock(1e300, 1e300, 1e300)$$);
SELECT regress.err($$SELECT stokkel.stk_order_up_to(10, 4, 3, 0)$$);
SELECT regress.err($$SELECT stokkel.stk_order_up_to(10, 4, 3, 1, -0.1)$$);
SELECT regress.err($$SELECT stokkel.stk_order_up_to(0, 4, 3, 1, 0.9, 'fill_rate')$$);
SELECT regress.err($$SELECT stokkel.stk_order_up_to_exact(2, 0, 2, 0.95, 'fill_rate')$$);
SELECT regress.err($$SELECT stokkel.stk_order_up_to_exact(2, 3, -1, 0.95, 'fill_rate')$$);
SELECT regress.err($$SELECT stokkel.stk_order_up_to_exact(0, 3, 2, 0.95, 'fill_rate')$$);
SELECT regress.err($$SELECT stokkel.stk_order_up_to_exact(2, 3, 2, 1, 'fill_rate')$$);
SELECT regress.err($$SELECT stokkel.stk_order_up_to_exact(2, 3, 2, 0.95, 'fill')$$);
SELECT regress.err($$SELECT stokkel.stk_order_up_to_exact(2, 3, 2, 0.95, 'fill_rate', 2)$$);
SELECT regress.err($$SELECT stokkel.stk_order_up_to_exact(2, 3, 2, 0.95, 'fill_rate', 'NaN')$$);
SELECT regress.err($$SELECT stokkel.stk_order_up_to_exact(1e6, 30, 2, 0.95, 'fill_rate')$$);
SELECT regress.err($$SELECT stokkel.stk_newsvendor(50, 8, 0, 1)$$);
SELECT regress.err($$SELECT stokkel.stk_newsvendor(50, 8, 1, -1)$$);
SELECT regress.err($$SELECT stokkel.stk_newsvendor(50, -8, 1, 1)$$);
SELECT regress.err($$SELECT stokkel.stk_newsvendor(50, 8, 1e300, 1e-300)$$);
SELECT regress.err($$SELECT stokkel.stk_round_order_qty(5, NULL, 0)$$);
SELECT regress.err($$SELECT stokkel.stk_round_order_qty(5, -1, 6)$$);
SELECT regress.err($$SELECT stokkel.stk_round_order_qty('NaN', NULL, 6)$$);
SELECT regress.err($$SELECT stokkel.stk_round_order_qty(1e308, NULL, 1e-300)$$);
SELECT regress.err($$SELECT stokkel.stk_simulate_policy('{}', 'RS', 1, big_s => 5)$$);
SELECT regress.err($$SELECT stokkel.stk_simulate_policy('{1,NULL,3}', 'RS', 1, big_s => 5)$$);
SELECT regress.err($$SELECT stokkel.stk_simulate_policy('{1,NaN,3}', 'RS', 1, big_s => 5)$$);
SELECT regress.err($$SELECT stokkel.stk_simulate_policy('{1,-2,3}', 'RS', 1, big_s => 5)$$);
SELECT regress.err($$SELECT stokkel.stk_simulate_policy('{{1,2},{3,4}}', 'RS', 1, big_s => 5)$$);
SELECT regress.err($$SELECT stokkel.stk_simulate_policy('{1,2,3}', 'Rq', 1, big_s => 5)$$);
SELECT regress.err($$SELECT stokkel.stk_simulate_policy('{1,2,3}', 'RS', 1)$$);
SELECT regress.err($$SELECT stokkel.stk_simulate_policy('{1,2,3}', 'RS', 1, s => 5)$$);
SELECT regress.err($$SELECT stokkel.stk_simulate_policy('{1,2,3}', 'sQ', 1, s => 5)$$);
SELECT regress.err($$SELECT stokkel.stk_simulate_policy('{1,2,3}', 'sQ', 1, s => 5, q => 0)$$);
SELECT regress.err($$SELECT stokkel.stk_simulate_policy('{1,2,3}', 'sQ', 1, 2, s => 5, q => 10)$$);
SELECT regress.err($$SELECT stokkel.stk_simulate_policy('{1,2,3}', 'sS', 1, s => 6, big_s => 5)$$);
SELECT regress.err($$SELECT stokkel.stk_simulate_policy('{1,2,3}', 'RsS', 1, 2, s => 1)$$);
SELECT regress.err($$SELECT stokkel.stk_simulate_policy('{1,2,3}', 'sS', 1, s => 1, big_s => 'Infinity')$$);
SELECT regress.err($$SELECT stokkel.stk_simulate_policy('{1,2,3}', 'RS', -1, big_s => 5)$$);
SELECT regress.err($$SELECT stokkel.stk_simulate_policy('{1,2,3}', 'RS', 1, 0, big_s => 5)$$);
SELECT regress.err($$SELECT stokkel.stk_simulate_policy('{1,2,3}', 'RS', 1, big_s => 5, warmup => 3)$$);
SELECT regress.err($$SELECT stokkel.stk_simulate_policy('{1,2,3}', 'RS', 1, big_s => 5, moq => -1)$$);
SELECT regress.err($$SELECT stokkel.stk_simulate_policy('{1,2,3}', 'RS', 1, big_s => 5, pack_size => 0)$$);
SELECT regress.err($$SELECT stokkel.stk_simulate_policy('{1,2,3}', 'RS', 1, big_s => 5, initial_stock => -1)$$);
SET stokkel.max_series_length = 10;
SELECT regress.err($$SELECT stokkel.stk_simulate_policy(array_fill(1::float8, ARRAY[11]), 'RS', 1, big_s => 5)$$);
-- finite inputs whose sums overflow: 22003, not Infinity in the result
SELECT regress.err($$SELECT stokkel.stk_simulate_policy('{1e308,1e308,1e308}', 'sQ', 0, s => 1e308, q => 1e-308)$$);
-- costs near DBL_MAX: the expected cost overflows (22003), and the message
-- gives the right critical ratio, p / (p + h) (once 0, from p + h = Infinity)
SELECT regress.err($$SELECT stokkel.stk_newsvendor(10, 1, 1e308, 1e308)$$);
RESET stokkel.max_series_length;
