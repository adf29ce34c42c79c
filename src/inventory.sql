-- Inventory formulas (inventory_fn.c): loss functions, EOQ, safety stock,
-- reorder points, order-up-to levels, newsvendor, order rounding and the
-- policy simulator.
--
-- Conventions shared by every function in this file:
--
-- * Pure arithmetic on the arguments: IMMUTABLE and PARALLEL SAFE; usable in
--   any query, index expression or generated column.
-- * Units.  Demand mean and sd are per period (a day, a week ...); lead
--   time and review period are in the same periods and may be fractional
--   (except in the exact discrete and simulator functions, which take whole
--   periods).  Levels are on the inventory position (on hand + on order -
--   backorders - reserved).  Demand over the protection interval
--   P = review_period + lead_time has mean mu P and variance
--   P sigma^2 + mu^2 lead_time_sd^2 (independent lead time).
-- * target is a cycle service level ('cycle': probability of no stock-out
--   in a replenishment cycle) or a fill rate ('fill_rate': share of demand
--   served from stock), strictly between 0 and 1.  The formula functions
--   default to 'cycle' because it needs nothing else; the fill rate needs
--   the demand per cycle (the order quantity, or mu x review_period).
-- * Errors: NaN or infinity in any argument 22000; a value out of range
--   (service level outside (0,1), negative demand, sd, lead time or cost,
--   pack size <= 0, MOQ < 0, unknown target_type or policy, a missing or
--   superfluous policy parameter) 22023; a fill-rate target with no demand
--   22012; a NULL array element 22004; a multi-dimensional array 2202E;
--   inputs over the size limits 54000; a result that overflows 22003.
-- * STRICT where NULL in means NULL out.  The functions with an optional
--   argument defaulting to NULL are not STRICT, and return NULL when a
--   required argument is NULL, as STRICT would.

CREATE FUNCTION stokkel.stk_normal_loss(z double precision)
RETURNS double precision
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_normal_loss_fn';
COMMENT ON FUNCTION stokkel.stk_normal_loss(double precision) IS
  'Standard normal loss function G(z) = E[(Z - z)+] = phi(z) - z (1 - Phi(z)): expected shortage in '
  'standard deviations when the safety factor is z. The loss of N(m, s^2) at x is s * G((x - m)/s).';

CREATE FUNCTION stokkel.stk_normal_loss_inverse(g double precision)
RETURNS double precision
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_normal_loss_inverse_fn';
COMMENT ON FUNCTION stokkel.stk_normal_loss_inverse(double precision) IS
  'The safety factor z with G(z) = g (g > 0): the inverse of stk_normal_loss, as used by fill-rate rules.';

CREATE FUNCTION stokkel.stk_poisson_loss(x double precision, mean double precision)
RETURNS double precision
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_poisson_loss_fn';
COMMENT ON FUNCTION stokkel.stk_poisson_loss(double precision, double precision) IS
  'Poisson loss function E[(X - x)+], X ~ Poisson(mean), exact (interpolated linearly between integers); '
  'the expected shortage of slow movers when x units are available.';

CREATE FUNCTION stokkel.stk_negbin_loss(x double precision, mean double precision,
                                        variance double precision)
RETURNS double precision
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_negbin_loss_fn';
COMMENT ON FUNCTION stokkel.stk_negbin_loss(double precision, double precision, double precision) IS
  'Negative binomial loss function E[(X - x)+] for the distribution with this mean and variance '
  '(variance > mean > 0: over-dispersed, lumpy demand), exact.';

CREATE FUNCTION stokkel.stk_eoq(annual_demand double precision, order_cost double precision,
                                holding_cost double precision)
RETURNS double precision
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_eoq_fn';
COMMENT ON FUNCTION stokkel.stk_eoq(double precision, double precision, double precision) IS
  'Economic order quantity sqrt(2 * annual_demand * order_cost / holding_cost); holding_cost per unit per '
  'year (> 0), order_cost per order.';

CREATE FUNCTION stokkel.stk_eoq_detail(annual_demand double precision, order_cost double precision,
                                       holding_cost double precision,
                                       OUT order_quantity double precision,
                                       OUT annual_cost double precision,
                                       OUT orders_per_year double precision,
                                       OUT cycle_years double precision)
RETURNS record
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_eoq_detail_fn';
COMMENT ON FUNCTION stokkel.stk_eoq_detail(double precision, double precision, double precision) IS
  'EOQ with its annual ordering + holding cost sqrt(2 D K h), orders per year D/Q (NULL when Q = 0) and '
  'the cycle length Q/D in years (NULL when D = 0).';

-- not STRICT: order_quantity may be NULL (absent); another NULL gives NULL
CREATE FUNCTION stokkel.stk_safety_stock(
  demand_mean double precision, demand_sd double precision, lead_time double precision,
  target double precision DEFAULT 0.95, target_type text DEFAULT 'cycle',
  review_period double precision DEFAULT 0, lead_time_sd double precision DEFAULT 0,
  order_quantity double precision DEFAULT NULL, lost_sales boolean DEFAULT false)
RETURNS double precision
LANGUAGE C IMMUTABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_safety_stock_fn';
COMMENT ON FUNCTION stokkel.stk_safety_stock(double precision, double precision, double precision,
  double precision, text, double precision, double precision, double precision, boolean) IS
  'Safety stock k * sigma_P under a normal approximation of demand over P = review_period + lead_time '
  '(sigma_P^2 = P sd^2 + mean^2 lead_time_sd^2). cycle: k = Phi^-1(target). fill_rate: G(k) = '
  '(1 - target) Q / sigma_P with order_quantity Q ((s,Q); divided by target with lost_sales), else '
  '(1 - target) mean review_period / sigma_P ((R,S); needs review_period > 0). Not floored at 0.';

-- not STRICT: order_quantity may be NULL (absent); another NULL gives NULL
CREATE FUNCTION stokkel.stk_reorder_point(
  demand_mean double precision, demand_sd double precision, lead_time double precision,
  target double precision DEFAULT 0.95, target_type text DEFAULT 'cycle',
  review_period double precision DEFAULT 0, lead_time_sd double precision DEFAULT 0,
  order_quantity double precision DEFAULT NULL, lost_sales boolean DEFAULT false)
RETURNS double precision
LANGUAGE C IMMUTABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_reorder_point_fn';
COMMENT ON FUNCTION stokkel.stk_reorder_point(double precision, double precision, double precision,
  double precision, text, double precision, double precision, double precision, boolean) IS
  'Reorder point s = demand_mean * (review_period + lead_time) + stk_safety_stock(same arguments): '
  'order when the inventory position is at or below it ((s,Q) with order_quantity, (R,s,Q)-style '
  'with a review period).';

CREATE FUNCTION stokkel.stk_order_up_to(
  demand_mean double precision, demand_sd double precision, lead_time double precision,
  review_period double precision DEFAULT 1, target double precision DEFAULT 0.95,
  target_type text DEFAULT 'cycle', lead_time_sd double precision DEFAULT 0)
RETURNS double precision
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_order_up_to_fn';
COMMENT ON FUNCTION stokkel.stk_order_up_to(double precision, double precision, double precision,
  double precision, double precision, text, double precision) IS
  '(R,S) order-up-to level S = mean (R + L) + k sigma_P under a normal approximation, review_period R > 0. '
  'cycle: k = Phi^-1(target); fill_rate (backorders): G(k) = (1 - target) mean R / sigma_P.';

-- not STRICT: variance_per_period NULL means Poisson; another NULL gives NULL
CREATE FUNCTION stokkel.stk_order_up_to_exact(
  mean_per_period double precision, review_period integer, lead_time integer,
  target double precision, target_type text, variance_per_period double precision DEFAULT NULL,
  OUT order_up_to double precision, OUT achieved_service double precision)
RETURNS record
LANGUAGE C IMMUTABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_order_up_to_exact_fn';
COMMENT ON FUNCTION stokkel.stk_order_up_to_exact(double precision, integer, integer, double precision,
  text, double precision) IS
  'Smallest integer (R,S) order-up-to level meeting a cycle or fill-rate target under i.i.d. discrete '
  'demand: Poisson (variance_per_period NULL) or negative binomial (variance > mean), by the exact '
  'formula beta(S) = 1 - [n_{R+L}(S) - n_L(S)] / (mean R) with backorders; achieved_service is that '
  'of the returned level. For slow movers, where the normal rule is off.';

CREATE FUNCTION stokkel.stk_newsvendor(
  mean double precision, sd double precision, underage_cost double precision,
  overage_cost double precision,
  OUT order_quantity double precision, OUT expected_cost double precision,
  OUT critical_ratio double precision)
RETURNS record
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_newsvendor_fn';
COMMENT ON FUNCTION stokkel.stk_newsvendor(double precision, double precision, double precision,
  double precision) IS
  'Single-period (newsvendor) quantity for normal demand: mean + sd Phi^-1(p/(p+h)) with underage cost p '
  '(lost margin per unit short) and overage cost h (loss per unit left over), both > 0; the expected '
  'cost (p + h) sd phi(z) and the critical ratio p/(p+h).';

-- not STRICT: moq NULL means no minimum; a NULL qty or pack_size gives NULL
CREATE FUNCTION stokkel.stk_round_order_qty(qty double precision, moq double precision DEFAULT NULL,
                                            pack_size double precision DEFAULT 1)
RETURNS double precision
LANGUAGE C IMMUTABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_round_order_qty_fn';
COMMENT ON FUNCTION stokkel.stk_round_order_qty(double precision, double precision, double precision) IS
  'Order quantity the supplier accepts: 0 when qty <= 0, else the smallest multiple of pack_size (> 0) '
  'that is at least max(qty, moq), so both the minimum order quantity and the pack multiple hold. '
  'moq NULL means no minimum; a given moq must be positive (22023).';

-- not STRICT: s, big_s, q, initial_stock and pack_size are optional
-- (NULL); a NULL in another argument gives NULL
CREATE FUNCTION stokkel.stk_simulate_policy(
  demand double precision[], policy text, lead_time integer,
  review_period integer DEFAULT 1,
  s double precision DEFAULT NULL, big_s double precision DEFAULT NULL,
  q double precision DEFAULT NULL, lost_sales boolean DEFAULT true,
  initial_stock double precision DEFAULT NULL, moq double precision DEFAULT 0,
  pack_size double precision DEFAULT NULL, warmup integer DEFAULT 0,
  OUT periods integer, OUT total_demand double precision, OUT served double precision,
  OUT fill_rate double precision, OUT cycles integer, OUT stockout_cycles integer,
  OUT cycle_service double precision, OUT avg_on_hand double precision,
  OUT stockout_periods integer, OUT zero_stock_periods integer, OUT orders integer,
  OUT units_ordered double precision, OUT units_received double precision,
  OUT end_on_hand double precision, OUT end_backorders double precision,
  OUT end_on_order double precision)
RETURNS record
LANGUAGE C IMMUTABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_simulate_policy_fn';
COMMENT ON FUNCTION stokkel.stk_simulate_policy(double precision[], text, integer, integer,
  double precision, double precision, double precision, boolean, double precision, double precision,
  double precision, integer) IS
  'Replay a demand history under an inventory policy and report the service achieved. Each period: '
  'receive orders due, review the inventory position and order, then serve demand (lost or '
  'backordered). policy RS (every review_period order up to big_s), sQ (when IP <= s order multiples '
  'of q), sS (when IP <= s order up to big_s), RsS (sS checked every review_period). Orders take '
  'lead_time periods (0: same period) and are rounded up to moq and pack_size multiples. '
  'initial_stock defaults to big_s (s + q for sQ); warmup leading periods are not measured. '
  'fill_rate is NULL when there was no demand.';
