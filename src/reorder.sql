-- Stock optimiser (reorder_fn.c, src/core/reorder.c): stock levels from a
-- demand history, a product's order advice, supplier lead times learned
-- from receipts, and the reorder list of a shop.
--
-- Conventions (besides those of inventory.sql):
--
-- * Periods are those of the history y (a day for daily sales); lead time
--   and review period are in the same periods.  Demand is in whole units:
--   the levels and quantities are whole numbers.
-- * The demand over the protection interval comes from the forecast, summed
--   step by step over the actual window (time-phased), with a discrete
--   distribution (Poisson, negative binomial, compound Bernoulli for slow
--   movers) mixed over a random lead time; method names it.
-- * Errors: an empty history 22023 ("no history"); a review period that is
--   not a whole number >= 1, moq <= 0 (NULL means none), a pack size that is
--   not a whole number of units >= 1: 22023; the rest as inventory.sql.

CREATE FUNCTION stokkel.stk_reorder_policy(
  y double precision[], lead_time double precision,
  review_period double precision DEFAULT 1, target double precision DEFAULT 0.95,
  target_type text DEFAULT 'fill_rate', period integer DEFAULT NULL,
  lead_time_sd double precision DEFAULT 0, policy text DEFAULT 'RS',
  order_quantity double precision DEFAULT NULL, method text DEFAULT 'auto',
  shortage_price double precision DEFAULT NULL, dispersion_prior double precision[] DEFAULT NULL,
  first_day date DEFAULT NULL, event_days date[] DEFAULT NULL, event_names text[] DEFAULT NULL,
  event_window integer[] DEFAULT '{7,1}',
  OUT safety_stock double precision, OUT reorder_point double precision,
  OUT order_up_to double precision, OUT order_qty double precision,
  OUT mean_protection_demand double precision, OUT sd_protection_demand double precision,
  OUT mean_lead_time_demand double precision, OUT mean_demand_per_period double precision,
  OUT expected_service double precision, OUT demand_class text, OUT method_used text)
RETURNS record
-- not STRICT: period, order_quantity, shortage_price, dispersion_prior and
-- the events may be NULL; another NULL gives NULL
LANGUAGE C IMMUTABLE PARALLEL SAFE COST 1000
AS 'MODULE_PATHNAME', 'stk_reorder_policy_fn';
COMMENT ON FUNCTION stokkel.stk_reorder_policy(double precision[], double precision, double precision,
  double precision, text, integer, double precision, text, double precision, text, double precision,
  double precision[], date, date[], text[], integer[]) IS
  'Stock levels from a demand history y (per period, oldest first): policy RS (order up to S every '
  'review_period), RsS (every review_period, order up to S when the position is <= s), sQ (when <= s order '
  'multiples of Q) or sS, for a fill-rate (default) or cycle service target. The demand over the protection '
  'interval (review_period + lead_time, lead_time + 1 for sQ/sS) is the sum of the per-step forecasts '
  '(method, default auto; SBA for intermittent and lumpy series; with auto, the long-run mean of the last '
  '730 periods when a test finds no change of level in them, method_used says which) with a discrete '
  'distribution: compound '
  'Bernoulli for slow movers, Poisson / negative binomial / discretised normal by the dispersion of the '
  'history''s window sums otherwise, mixed over a gamma lead time when lead_time_sd > 0. Levels by the exact '
  'fill-rate formula with backorders. safety_stock = level - mean_protection_demand; order_qty is Q '
  '(S - s for sS/RsS; NULL for RS; default the mean demand of a review period); expected_service is the '
  'model''s service at the levels. With shortage_price (policy RS, fill rate; from stk_reorder_pooled_price) '
  'the level is the product''s share of a pooled fill-rate target instead of target: the one minimising the '
  'mean stock on hand + shortage_price x the expected units short per review cycle; pass the same '
  'aggregate''s dispersion_prior with it (smooth and erratic products then plan on the window dispersion '
  'shrunk toward the group''s, as the aggregate did). Events (a daily y starting on first_day; event_days, '
  'event_names and event_window as stk_forecast_series takes them): when an event''s window reaches into the '
  'protection interval, a smooth or erratic history is planned without the effects its past events of that '
  'name had, and the effects the model expects ahead are added to the per-step forecasts (method_used then '
  'says + events).';

CREATE FUNCTION stokkel.stk_reorder_advice(
  y double precision[], on_hand double precision, on_order double precision,
  reserved double precision, lead_time double precision,
  lead_time_sd double precision DEFAULT 0, review_period double precision DEFAULT 1,
  target double precision DEFAULT 0.95, target_type text DEFAULT 'fill_rate',
  policy text DEFAULT 'RS', moq double precision DEFAULT NULL,
  pack_size double precision DEFAULT 1, period integer DEFAULT NULL,
  method text DEFAULT 'auto', order_quantity double precision DEFAULT NULL,
  shortage_price double precision DEFAULT NULL, dispersion_prior double precision[] DEFAULT NULL,
  first_day date DEFAULT NULL, event_days date[] DEFAULT NULL, event_names text[] DEFAULT NULL,
  event_window integer[] DEFAULT '{7,1}',
  OUT inventory_position double precision, OUT reorder_point double precision,
  OUT order_up_to double precision, OUT safety_stock double precision,
  OUT mean_protection_demand double precision, OUT mean_demand_per_period double precision,
  OUT order_qty_raw double precision, OUT order_qty double precision,
  OUT stockout_probability double precision, OUT days_of_cover double precision,
  OUT service_after_order double precision, OUT expected_service double precision,
  OUT demand_class text, OUT method_used text,
  OUT lot_qty double precision[], OUT lot_gain double precision[], OUT status text)
RETURNS record
-- not STRICT: moq, period, order_quantity, shortage_price, dispersion_prior
-- and the events may be NULL; another NULL gives NULL
LANGUAGE C IMMUTABLE PARALLEL SAFE COST 1000
AS 'MODULE_PATHNAME', 'stk_reorder_advice_fn';
COMMENT ON FUNCTION stokkel.stk_reorder_advice(double precision[], double precision, double precision,
  double precision, double precision, double precision, double precision, double precision, text, text,
  double precision, double precision, integer, text, double precision, double precision,
  double precision[], date, date[], text[], integer[]) IS
  'Order advice for one product over any tables of the caller''s: the levels of stk_reorder_policy for its '
  'history y, the inventory position on_hand + on_order - reserved, what the policy orders now (order_qty_raw) '
  'rounded up to moq (NULL: none) and pack_size multiples (order_qty), the probability of running out before '
  'an order placed now arrives (P(lead-time demand > position)), forward days of cover of on_hand from the '
  'forecast, the model''s service after the order, and the order cut into lots (lot_qty cumulative units, '
  'lot_gain expected units short avoided per review cycle by each lot) for a cash budget. status is ok, '
  'no demand, or failed: ... when the computation fails on this history (the query goes on). shortage_price '
  'and dispersion_prior: the level of a pooled fill-rate target, and first_day with the events: a feast '
  'ahead, as in stk_reorder_policy.';

-- Pooled fill rate over a group of products --------------------------------

CREATE TYPE stokkel.pooled_price AS (
  shortage_price      double precision,  -- pass to stk_reorder_policy / stk_reorder_advice
  expected_fill_rate  double precision,  -- the model's pooled fill rate at those levels
  items               integer,           -- rows planned
  skipped             integer,           -- rows with a NULL argument or a failed plan
  dispersion_prior    double precision[] -- pass to stk_reorder_policy / stk_reorder_advice with the price
);
COMMENT ON TYPE stokkel.pooled_price IS
  'Result of stk_reorder_pooled_price: the price of a unit short that reaches the group''s pooled fill rate, '
  'the model''s pooled fill rate at the levels it gives, the rows planned and skipped, and the group''s '
  'dispersion lines {b0, b1, A} of the smooth then the erratic products (A Infinity: too few to fit one) '
  'followed by its level-change threshold (a p-value: a product whose level-change test flags a change '
  'with a p-value above it is planned on its long-run mean).';

CREATE FUNCTION stokkel.stk_reorder_pooled_price_trans(internal, double precision[], double precision,
  double precision, double precision, double precision, text)
RETURNS internal LANGUAGE C IMMUTABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_reorder_pooled_price_trans';
CREATE FUNCTION stokkel.stk_reorder_pooled_price_final(internal)
RETURNS stokkel.pooled_price LANGUAGE C IMMUTABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_reorder_pooled_price_final';
COMMENT ON FUNCTION stokkel.stk_reorder_pooled_price_trans(internal, double precision[], double precision,
  double precision, double precision, double precision, text) IS
  'Transition function of stk_reorder_pooled_price (plans a row and keeps its plan).';
COMMENT ON FUNCTION stokkel.stk_reorder_pooled_price_final(internal) IS
  'Final function of stk_reorder_pooled_price (decides the level changes over the group, pools the '
  'dispersion, finds the price of a unit short).';
CREATE FUNCTION stokkel.stk_reorder_pooled_price_trans(internal, double precision[], double precision,
  double precision, double precision, double precision, text, date, date[], text[], integer[])
RETURNS internal LANGUAGE C IMMUTABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_reorder_pooled_price_trans';
COMMENT ON FUNCTION stokkel.stk_reorder_pooled_price_trans(internal, double precision[], double precision,
  double precision, double precision, double precision, text, date, date[], text[], integer[]) IS
  'Transition function of stk_reorder_pooled_price with events (plans a row with them and keeps its plan).';
-- no combine function: the price needs every product's distributions at once
CREATE AGGREGATE stokkel.stk_reorder_pooled_price(y double precision[], lead_time double precision,
                                                  review_period double precision, target double precision,
                                                  lead_time_sd double precision, method text) (
  SFUNC = stokkel.stk_reorder_pooled_price_trans, STYPE = internal,
  FINALFUNC = stokkel.stk_reorder_pooled_price_final,
  PARALLEL = SAFE);
COMMENT ON AGGREGATE stokkel.stk_reorder_pooled_price(double precision[], double precision, double precision,
  double precision, double precision, text) IS
  'Pooled fill rate over a group of products (one row each: demand history y, lead time and sd, review period, '
  'forecasting method as in stk_reorder_policy; target the same on every row): the share of all units '
  'demanded served from stock reaches target with the least mean stock on hand when each product takes the '
  'RS level minimising its stock + shortage_price x expected units short per review cycle. Pass shortage_price '
  'to stk_reorder_policy or stk_reorder_advice for each product''s level. Skewed, slow or long-lead-time '
  'products get a lower fill rate of their own than with a per-product target. Rows with a NULL or a failed '
  'plan are skipped and counted. Before pricing, the window dispersion of the smooth and erratic products '
  'planned on their long-run mean (each measured on a few dozen independent windows) is shrunk per demand '
  'class toward the group''s line on the dispersion their periods would give if independent (empirical '
  'Bayes, Fay-Herriot; the weight from the group''s spread against each estimate''s sampling variance, so '
  'products that really differ keep theirs). Before that (method auto), the level changes are decided over '
  'the group: a product whose test flags a change keeps its adaptive forecast only if its p-value is within '
  'the Benjamini-Hochberg threshold at a false discovery rate of 10 % over the group''s tested products, '
  'else it is planned on its long-run mean. The lines and that threshold are returned as dispersion_prior.';
-- the same with the events, as stk_reorder_advice takes them (aggregates
-- have no defaults: all four are given)
CREATE AGGREGATE stokkel.stk_reorder_pooled_price(y double precision[], lead_time double precision,
                                                  review_period double precision, target double precision,
                                                  lead_time_sd double precision, method text, first_day date,
                                                  event_days date[], event_names text[],
                                                  event_window integer[]) (
  SFUNC = stokkel.stk_reorder_pooled_price_trans, STYPE = internal,
  FINALFUNC = stokkel.stk_reorder_pooled_price_final,
  PARALLEL = SAFE);
COMMENT ON AGGREGATE stokkel.stk_reorder_pooled_price(double precision[], double precision, double precision,
  double precision, double precision, text, date, date[], text[], integer[]) IS
  'stk_reorder_pooled_price with the events of a daily history (first_day, the date of y[1]; event_days, '
  'event_names and event_window as in stk_reorder_advice): each row is planned with them, so that the price '
  'is found on the distributions each product''s level then takes (pass the same events to '
  'stk_reorder_policy or stk_reorder_advice). Errors as stk_reorder_advice''s for the events.';

-- Lead times learned from receipts -----------------------------------------

CREATE FUNCTION stokkel.stk_supplier_lead_times(
  schema_name text, tenant text, since date DEFAULT NULL,
  OUT supplier_id bigint, OUT receipts bigint,
  OUT lead_time_mean_days double precision, OUT lead_time_sd_days double precision,
  OUT lead_time_p90_days double precision, OUT on_time_share double precision)
RETURNS SETOF record
LANGUAGE plpgsql STABLE PARALLEL SAFE SECURITY INVOKER ROWS 20
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  tz text;
BEGIN
  IF schema_name IS NULL OR tenant IS NULL THEN
    RAISE EXCEPTION 'schema_name and tenant must not be null'
      USING ERRCODE = 'null_value_not_allowed';
  END IF;
  -- 42P01 without the retail tables
  tz := stokkel.stk_tenant_timezone(schema_name, tenant);
  -- One observation per purchase-order line: its first receipt minus the
  -- order time, in days; on time when received by the end of the promised
  -- day in the shop's zone.  A receipt dated before its order is a data
  -- error, not a negative lead time: left out.
  RETURN QUERY EXECUTE pg_catalog.format($q$
    WITH l AS (
      SELECT o.supplier_id, o.expected_at,
             pg_catalog.min(r.received_at) AS first_at, o.ordered_at
        FROM %1$I.receipts r
        JOIN %1$I.purchase_orders o ON o.tenant_id = r.tenant_id AND o.po_id = r.po_id
       WHERE r.tenant_id = $1 AND ($2::pg_catalog.date IS NULL OR o.ordered_at >= $2::pg_catalog.date)
       GROUP BY o.supplier_id, o.po_id, r.line_no, o.expected_at, o.ordered_at),
    d AS (
      SELECT l.supplier_id,
             pg_catalog.date_part('epoch', l.first_at - l.ordered_at) / 86400.0 AS days,
             l.expected_at IS NOT NULL
               AND l.first_at < ((l.expected_at + 1)::pg_catalog.timestamp AT TIME ZONE $3) AS on_time,
             l.expected_at
        FROM l
       WHERE l.first_at >= l.ordered_at)
    SELECT d.supplier_id, pg_catalog.count(*),
           pg_catalog.avg(d.days), coalesce(pg_catalog.stddev_samp(d.days), 0),
           pg_catalog.percentile_cont(0.9) WITHIN GROUP (ORDER BY d.days),
           (pg_catalog.count(*) FILTER (WHERE d.on_time))::double precision
             / NULLIF(pg_catalog.count(d.expected_at), 0)
      FROM d
     GROUP BY d.supplier_id
     ORDER BY d.supplier_id
  $q$, schema_name) USING tenant, since, tz;
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_supplier_lead_times(text, text, date) IS
  'Lead times per supplier learned from the receipts of a retail schema: per purchase-order line, the first '
  'receipt minus the order time in days (orders placed since the given date, default all); their count, '
  'mean, sample sd, 90th percentile, and the share received by the promised day (expected_at).';

-- The reorder list of a shop -------------------------------------------------

CREATE TYPE stokkel.reorder_line AS (
  product_id            bigint,
  sku                   text,
  name                  text,
  supplier_id           bigint,
  supplier              text,
  on_hand               double precision,
  on_order              double precision,
  reserved              double precision,
  inventory_position    double precision,  -- on hand + on order - reserved
  reorder_point         double precision,
  order_up_to           double precision,
  order_qty             double precision,  -- rounded up to MOQ and pack size
  order_value           numeric,           -- order_qty x unit_cost
  funded_qty            double precision,  -- within the cash budget (NULL without a budget)
  budget_rank           integer,           -- order of the first funded lot (NULL without a budget)
  action                text,              -- order now, watch, ok, overstock, dead stock
  days_of_cover         double precision,  -- forward, of the stock on hand
  stockout_date         date,              -- as_of + days of cover
  stockout_probability  double precision,  -- before an order placed now arrives
  expected_service      double precision,  -- the model's, after the order
  lead_time_days        double precision,
  lead_time_sd_days     double precision,
  lead_time_source      text,              -- receipts or supplier
  review_days           integer,
  demand_class          text,
  mean_daily_demand     double precision,
  method                text,              -- forecast and distribution of the levels; "+ events":
                                           -- the tenant's events moved them
  status                text               -- ok, no demand, no history, no supplier, failed: ...
);
COMMENT ON TYPE stokkel.reorder_line IS
  'A line of stk_reorder_recommendations: stock, position, levels, order quantity (MOQ and pack rounded) and '
  'value, what the cash budget funds, action, days of cover, stock-out date and probability, lead time used '
  'and its source, the method of the levels (stk_reorder_advice''s method_used; "+ events" when the tenant''s '
  'events moved them), and a status.';

CREATE FUNCTION stokkel.stk_reorder_recommendations(
  schema_name   text,
  tenant        text,
  as_of         date DEFAULT NULL,
  target        double precision DEFAULT 0.95,
  target_type   text DEFAULT 'fill_rate',
  policy        text DEFAULT 'RS',
  budget        numeric DEFAULT NULL,
  history_days  integer DEFAULT 365,
  dead_days     integer DEFAULT 90,
  method        text DEFAULT 'theta',
  target_scope  text DEFAULT 'item',
  events        boolean DEFAULT true)
RETURNS SETOF stokkel.reorder_line
LANGUAGE plpgsql STABLE PARALLEL SAFE SECURITY INVOKER ROWS 200
SET search_path = pg_catalog, pg_temp
-- the per-product computation dominates: let the planner spread the
-- products over parallel workers even though the products table is small
SET parallel_setup_cost = 10
SET parallel_tuple_cost = 0.001
SET min_parallel_table_scan_size = 0
AS $fn$
DECLARE
  tz     text;
  lt_map jsonb;
  oo_map jsonb;
  day0   date;
  lo     timestamptz;
  hi     timestamptz;
  t      text;
  ev_days  date[];
  ev_names text[];
BEGIN
  IF schema_name IS NULL OR tenant IS NULL OR target IS NULL OR target_type IS NULL
     OR policy IS NULL OR history_days IS NULL OR dead_days IS NULL OR method IS NULL
     OR target_scope IS NULL OR events IS NULL THEN
    RAISE EXCEPTION 'arguments of stk_reorder_recommendations must not be null (except as_of and budget)'
      USING ERRCODE = 'null_value_not_allowed';
  END IF;
  IF NOT (target > 0 AND target < 1) THEN
    RAISE EXCEPTION 'target must lie strictly between 0 and 1'
      USING ERRCODE = 'invalid_parameter_value', DETAIL = pg_catalog.format('Got %s.', target),
            HINT = 'Write 95 % as 0.95.';
  END IF;
  IF target_scope NOT IN ('item', 'pooled') THEN
    RAISE EXCEPTION 'unknown target_scope "%"', target_scope
      USING ERRCODE = 'invalid_parameter_value', HINT = 'Use item or pooled.';
  END IF;
  IF history_days < 28 OR dead_days < 1 THEN
    RAISE EXCEPTION 'history_days must be at least 28 and dead_days at least 1'
      USING ERRCODE = 'invalid_parameter_value',
            DETAIL = pg_catalog.format('Got history_days = %s, dead_days = %s.', history_days, dead_days);
  END IF;
  IF budget IS NOT NULL AND (budget < 0 OR budget = 'NaN'::numeric) THEN
    RAISE EXCEPTION 'budget must be a number >= 0' USING ERRCODE = 'invalid_parameter_value',
          DETAIL = pg_catalog.format('Got %s.', budget);
  END IF;
  -- check the names once, before any product is looked at (and that a
  -- pooled target has policy RS and a fill rate: a shortage price needs them)
  PERFORM stokkel.stk_reorder_policy('{1,2}'::double precision[], 1, 1, target, target_type,
                                     NULL, 0, policy, NULL, method,
                                     CASE WHEN target_scope = 'pooled' THEN 0 END);
  tz := stokkel.stk_tenant_timezone(schema_name, tenant);
  FOREACH t IN ARRAY ARRAY['suppliers', 'stock_levels', 'purchase_orders', 'purchase_order_lines',
                           'receipts'] LOOP
    IF pg_catalog.to_regclass(pg_catalog.format('%I.%I', schema_name, t)) IS NULL THEN
      RAISE EXCEPTION 'schema "%" has no retail table "%"', schema_name, t
        USING ERRCODE = 'undefined_table';
    END IF;
  END LOOP;
  IF as_of IS NULL THEN
    as_of := (pg_catalog.now() AT TIME ZONE tz)::date;
  END IF;
  IF NOT pg_catalog.isfinite(as_of) THEN
    RAISE EXCEPTION 'as_of must be a finite date' USING ERRCODE = 'datetime_field_overflow';
  END IF;
  IF events THEN               -- 42P01 without an events table
    SELECT ev.days, ev.names INTO ev_days, ev_names
      FROM stokkel.stk_tenant_events(schema_name, tenant, 'auto') ev;
  END IF;
  day0 := as_of - (history_days - 1);
  lo := day0::timestamp AT TIME ZONE tz;
  hi := (as_of + 1)::timestamp AT TIME ZONE tz;

  -- Lead times learned from receipts and open purchase-order quantities,
  -- looked up per product from two small maps.  (The per-product work
  -- below runs in one process: PostgreSQL 15 does not run a LATERAL
  -- subquery with outer references in parallel workers.)
  EXECUTE pg_catalog.format($q$
    SELECT coalesce(pg_catalog.jsonb_object_agg(l.supplier_id::text,
             pg_catalog.jsonb_build_array(l.lead_time_mean_days, l.lead_time_sd_days)), '{}')
      FROM stokkel.stk_supplier_lead_times(%1$L, $1) l
     WHERE l.receipts >= 3
  $q$, schema_name) INTO lt_map USING tenant;
  EXECUTE pg_catalog.format($q$
    SELECT coalesce(pg_catalog.jsonb_object_agg(x.product_id::text, x.qty), '{}')
      FROM (SELECT ol.product_id,
                   pg_catalog.sum(greatest(ol.quantity - coalesce(
                     (SELECT pg_catalog.sum(r.quantity) FROM %1$I.receipts r
                       WHERE r.tenant_id = ol.tenant_id AND r.po_id = ol.po_id
                         AND r.line_no = ol.line_no), 0), 0)) AS qty
              FROM %1$I.purchase_order_lines ol
              JOIN %1$I.purchase_orders o ON o.tenant_id = ol.tenant_id AND o.po_id = ol.po_id
             WHERE ol.tenant_id = $1 AND o.status OPERATOR(pg_catalog.=) ANY (ARRAY['sent', 'partial'])
             GROUP BY ol.product_id) x
  $q$, schema_name) INTO oo_map USING tenant;

  RETURN QUERY EXECUTE pg_catalog.format($q$
    WITH
    base AS (
      SELECT p.product_id, p.sku, p.name, p.supplier_id, sp.name AS supplier,
             coalesce(sl.on_hand, 0)::double precision AS on_hand,
             coalesce(($13::pg_catalog.jsonb OPERATOR(pg_catalog.->>) p.product_id::text)::double precision, 0)
               AS on_order,
             coalesce(sl.reserved, 0)::double precision AS reserved,
             p.unit_cost, nullif(p.moq, 0)::double precision AS moq, p.pack_size::double precision AS pack,
             coalesce(($14::pg_catalog.jsonb OPERATOR(pg_catalog.->) p.supplier_id::text
                       OPERATOR(pg_catalog.->>) 0)::double precision,
                      sp.lead_time_mean_days::double precision) AS lead,
             coalesce(($14::pg_catalog.jsonb OPERATOR(pg_catalog.->) p.supplier_id::text
                       OPERATOR(pg_catalog.->>) 1)::double precision,
                      sp.lead_time_sd_days::double precision) AS lead_sd,
             CASE WHEN $14::pg_catalog.jsonb OPERATOR(pg_catalog.?) p.supplier_id::text
                       AND sp.supplier_id IS NOT NULL THEN 'receipts'
                  WHEN sp.supplier_id IS NOT NULL THEN 'supplier' END AS lead_src,
             sp.review_days,
             -- from the window start, the launch or the tenant's first recorded
             -- sale, whichever is latest: before the data began demand is
             -- unknown, not zero
             greatest($4::pg_catalog.date, (p.launched_on),
                      (SELECT (pg_catalog.min(s0.sold_at) AT TIME ZONE $5)::pg_catalog.date
                         FROM %1$I.sales s0 WHERE s0.tenant_id = $1)) AS first_day,
             h.ser, h.last_sale, h.sale_rows
        FROM %1$I.products p
        LEFT JOIN %1$I.suppliers sp
          ON sp.tenant_id = p.tenant_id AND sp.supplier_id = p.supplier_id AND sp.active
        LEFT JOIN %1$I.stock_levels sl ON sl.tenant_id = p.tenant_id AND sl.product_id = p.product_id
        -- one grouped pass over the window's sales (parallel partial
        -- aggregation), not one index scan per product; stock-out days
        -- are masked, since what sold then is a floor of demand
        LEFT JOIN (
          SELECT x.product_id,
                 stokkel.stk_series_agg(x.day, x.qty, 'day', x.kind) AS ser,
                 pg_catalog.max(x.sold_at) FILTER (WHERE x.qty > 0) AS last_sale,
                 pg_catalog.count(x.qty) AS sale_rows
            FROM (SELECT s.product_id, (s.sold_at AT TIME ZONE $5)::pg_catalog.date AS day,
                         s.quantity::double precision AS qty, s.sold_at, 'sale' AS kind
                    FROM %1$I.sales s
                   WHERE s.tenant_id = $1 AND s.sold_at >= $2 AND s.sold_at < $3
                  UNION ALL
                  SELECT o.product_id, o.day, NULL, NULL, 'stockout'
                    FROM %1$I.stockouts o
                   WHERE o.tenant_id = $1 AND o.day >= $4 AND o.day <= $6) x
           GROUP BY x.product_id) h ON h.product_id = p.product_id
       WHERE p.tenant_id = $1 AND p.active),
    y AS (        -- the daily demand from the first day (window start or launch) to as_of
      SELECT b.*,
             CASE WHEN b.sale_rows > 0 THEN
               pg_catalog.array_fill(0::double precision,
                 ARRAY[greatest((b.ser).start_date - least(b.first_day, (b.ser).start_date), 0)])
               || stokkel.stk_series_model_demand(b.ser)
               || pg_catalog.array_fill(0::double precision,
                    ARRAY[greatest($6::pg_catalog.date - ((b.ser).start_date
                          + pg_catalog.cardinality((b.ser).demand) - 1), 0)])
             END AS demand,
             -- the lead time planned on, within the model's 1,000 days
             -- (lead + 6 sd): one supplier's outlying receipt must not
             -- fail the whole list
             least(greatest(b.lead, 0), 1000) AS plan_lead,
             least(greatest(b.lead_sd, 0), (1000 - least(greatest(b.lead, 0), 1000)) / 6) AS plan_lead_sd
        FROM base b),
    -- target_scope pooled: one price of a unit short over every product planned
    pr AS (
      SELECT (g.agg).shortage_price AS price, (g.agg).dispersion_prior AS prior
        FROM (SELECT stokkel.stk_reorder_pooled_price(y.demand, y.plan_lead, y.review_days::double precision, $7,
                                                      y.plan_lead_sd, $10,
                                                      -- the events as stk_reorder_advice below takes them
                                                      $6::pg_catalog.date - (pg_catalog.cardinality(y.demand) - 1),
                                                      $16, $17, '{7,1}') AS agg
                FROM y
               WHERE $15::pg_catalog.text OPERATOR(pg_catalog.=) 'pooled'
                 AND y.demand IS NOT NULL AND y.supplier IS NOT NULL
                 AND y.review_days <= 1000 AND y.pack <= 1e9) g),
    a AS (
      SELECT y.*, adv.*
        FROM y
        LEFT JOIN LATERAL (
          SELECT * FROM stokkel.stk_reorder_advice(
            y.demand, y.on_hand, y.on_order, y.reserved, y.plan_lead, y.plan_lead_sd,
            -- a review period or a pack beyond the model's limits: NULL
            -- advice and a status below, not an error for the whole list
            CASE WHEN y.review_days <= 1000 AND y.pack <= 1e9 THEN y.review_days::double precision END,
            $7, $8, $9, y.moq, greatest(y.pack, 1), NULL, $10, NULL, (SELECT pr.price FROM pr),
            (SELECT pr.prior FROM pr),
            -- y ends on as_of
            $6::pg_catalog.date - (pg_catalog.cardinality(y.demand) - 1), $16, $17)
           WHERE y.demand IS NOT NULL AND y.supplier IS NOT NULL) adv ON true),
    r AS (
      SELECT a.*,
             CASE WHEN a.supplier IS NULL THEN 'no supplier'
                  WHEN a.demand IS NULL THEN 'no history'
                  WHEN a.review_days > 1000 THEN 'failed: the supplier''s review_days is over 1000'
                  WHEN a.pack > 1e9 THEN 'failed: pack_size is over 1e9'
                  ELSE a.status END AS st,
             CASE WHEN a.on_hand > 0 AND (a.last_sale IS NULL OR a.last_sale < $11) THEN 'dead stock'
                  WHEN a.supplier IS NULL OR a.demand IS NULL OR a.status IS NULL
                       OR a.status LIKE 'failed%%' THEN NULL
                  WHEN a.order_qty > 0 THEN 'order now'
                  WHEN a.inventory_position > a.order_up_to + a.mean_protection_demand THEN 'overstock'
                  WHEN a.stockout_probability > 1 - $7
                       OR a.days_of_cover < a.lead + a.review_days THEN 'watch'
                  ELSE 'ok' END AS act
        FROM a),
    lots AS (     -- the cash budget: lots ranked by expected units served per unit of money
      -- (a free lot costs nothing: first in line; a product without a cost
      -- cannot be funded)
      SELECT r.product_id, u.k, u.q,
             CASE WHEN r.unit_cost = 0 THEN 'Infinity'::double precision
                  ELSE u.g / nullif((u.q - coalesce(pg_catalog.lag(u.q) OVER w, 0)) * r.unit_cost, 0) END AS ratio,
             (u.q - coalesce(pg_catalog.lag(u.q) OVER w, 0)) * r.unit_cost AS cost
        FROM r, LATERAL ROWS FROM (pg_catalog.unnest(r.lot_qty), pg_catalog.unnest(r.lot_gain)) WITH ORDINALITY AS u(q, g, k)
       WHERE $12::pg_catalog.numeric IS NOT NULL AND r.act = 'order now' AND r.unit_cost >= 0
      WINDOW w AS (PARTITION BY r.product_id ORDER BY u.k)),
    ranked AS (
      SELECT l.*, pg_catalog.sum(l.cost) OVER (ORDER BY l.ratio DESC NULLS LAST, l.product_id, l.k) AS cum,
             pg_catalog.row_number() OVER (ORDER BY l.ratio DESC NULLS LAST, l.product_id, l.k) AS rk
        FROM lots l),
    funded AS (   -- a lot counts only with every earlier lot of its product
      SELECT f.product_id, pg_catalog.max(f.q) FILTER (WHERE f.ok) AS q,
             pg_catalog.min(f.rk) FILTER (WHERE f.ok) AS rk
        FROM (SELECT ranked.*, pg_catalog.bool_and(ranked.cum <= $12) OVER (
                       PARTITION BY ranked.product_id ORDER BY ranked.k) AS ok
                FROM ranked) f
       GROUP BY f.product_id)
    SELECT r.product_id, r.sku, r.name, r.supplier_id, r.supplier, r.on_hand, r.on_order, r.reserved,
           r.on_hand + r.on_order - r.reserved, r.reorder_point, r.order_up_to, r.order_qty,
           pg_catalog.round(r.order_qty::pg_catalog.numeric * r.unit_cost, 2),
           CASE WHEN $12::pg_catalog.numeric IS NOT NULL THEN coalesce(fu.q, 0) END,
           (pg_catalog.dense_rank() OVER (ORDER BY fu.rk))::integer * (CASE WHEN fu.rk IS NULL THEN NULL ELSE 1 END),
           r.act, r.days_of_cover,
           CASE WHEN r.days_of_cover IS NOT NULL AND r.days_of_cover < 36500
                THEN $6::pg_catalog.date + pg_catalog.floor(r.days_of_cover)::integer END,
           r.stockout_probability, r.service_after_order,
           r.lead, r.lead_sd, r.lead_src, r.review_days, r.demand_class, r.mean_demand_per_period,
           r.method_used, r.st
      FROM r LEFT JOIN funded fu ON fu.product_id = r.product_id
     ORDER BY CASE r.act WHEN 'order now' THEN 0 WHEN 'watch' THEN 1 ELSE 2 END,
              r.stockout_probability DESC NULLS LAST, r.product_id
  $q$, schema_name)
  USING tenant, lo, hi, day0, tz, as_of, target, target_type, policy, method,
        (as_of - dead_days + 1)::timestamp AT TIME ZONE tz, budget, oo_map, lt_map, target_scope,
        ev_days, ev_names;
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_reorder_recommendations(text, text, date, double precision, text, text,
  numeric, integer, integer, text, text, boolean) IS
  'The reorder list of a tenant of a retail schema on day as_of (default today in the shop''s time zone): per '
  'active product the stock on hand, open purchase-order quantities, reserved units, inventory position, the '
  'levels of stk_reorder_policy from the last history_days of daily sales (policy RS, RsS, sQ or sS with the '
  'supplier''s review_days, target fill rate or cycle service), the order rounded up to the product''s MOQ and '
  'pack size with its value, action (order now, watch, ok, overstock, dead stock: stock on hand and no sale '
  'for dead_days), forward days of cover and stock-out date, the probability of running out before an order '
  'placed now arrives, and the lead time used: learned from receipts (stk_supplier_lead_times, suppliers with '
  'at least 3) or else the supplier''s own figures. method forecasts the smooth and erratic products (default '
  'theta: fast enough for a whole catalogue; auto is the ETS + Theta combination, about 30 times slower); '
  'slow movers use SBA. With a budget, lots (MOQ first, then packs) of every order '
  'are ranked by expected units served gained per unit of money and funded down the list (funded_qty, '
  'budget_rank). A product without a supplier or without sales in the window, or whose review_days (over '
  '1000) or pack_size (over 1e9) is beyond the model''s limits, gets a status, not an error. '
  'target_scope item (default): every product meets target; pooled (policy RS, fill rate): the products '
  'planned together reach target as a pooled fill rate (units served / units demanded over all of them) with '
  'the least stock on hand (stk_reorder_pooled_price), slow and skewed products getting less of their own. '
  'events (default true): the tenant''s events table (feasts, holidays, promotions) as stk_reorder_policy '
  'takes it, so the levels rise ahead of a feast whose past occurrences lifted a product''s sales (the pooled '
  'price too is found with them).';
