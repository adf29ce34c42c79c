-- Sales analytics: top products, dashboard KPIs, ABC/XYZ classes and sales
-- trends, over the turnkey retail schema (stk_create_retail_schema) and,
-- for the top products, over any sales table of the caller's
-- (stk_top_products_from).
--
-- Conventions shared by every function in this file:
--
-- * A period is an inclusive range of days [period_start, period_end].  Over
--   the retail schema the days are the shop's local days: the tenant's
--   tenants.timezone, or the session's TimeZone when the tenant has no row
--   (stk_tenant_timezone).  Over the caller's own table, a timestamptz
--   column follows the session's TimeZone.  The dates are turned into
--   timestamp bounds before the query, so an index on (tenant_id, sold_at)
--   or (tenant_id, product_id, sold_at) serves the range.
-- * Revenue and units are NET of returns (the usual retail convention): a
--   return line (negative quantity) subtracts its units and its value
--   (quantity x the line's unit_price) in the period it is recorded.
--   Returns are also reported on their own where it matters (KPIs).  Demand
--   for XYZ and the SBC class counts sale lines only (returns are not
--   negative demand), as stk_series_agg does.
-- * Margin = revenue - units x products.unit_cost: the product's current
--   cost (the schema keeps no cost history); NULL when the cost is unknown.
-- * ABC: products sorted by the value in decreasing order (ties by id); a
--   product is A while the cumulative share of the products before it is
--   below 80 %, B below 95 %, else C.  The product that crosses 80 % is
--   still A, so the A class always holds at least 80 % of the value and is
--   never empty.  A product with a value <= 0 (or unknown) is C.
-- * The functions run with the caller's rights (SECURITY INVOKER): the
--   caller's privileges and row-level security apply, so a PostgREST token
--   of another tenant sees nothing.  Table and column names reach the SQL
--   only through format('%I') or a regclass; values only as parameters.
-- * Not STRICT: a NULL argument that has no meaning is an error (22004),
--   not a silent empty answer.  Unknown metric or grain, n < 1, a period
--   ending before it starts: 22023.  Infinite dates: 22008.  A schema
--   without the retail tables: 42P01.
-- * STABLE: they read tables and the TimeZone setting, never write.

-- The reporting period of every analytics function: finite dates, in order.
CREATE FUNCTION stokkel.stk_check_period(period_start date, period_end date)
RETURNS void
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
  IF NOT pg_catalog.isfinite(period_start) OR NOT pg_catalog.isfinite(period_end) THEN
    RAISE EXCEPTION 'period_start and period_end must be finite dates'
      USING ERRCODE = 'datetime_field_overflow';
  END IF;
  -- the previous period and last year are computed too, in timestamps:
  -- dates of the common era keep them all representable
  IF period_start < DATE '0002-01-01' OR period_end > DATE '9999-12-31'
     OR period_end - period_start >= 365243 THEN
    RAISE EXCEPTION 'the period must lie between 0002-01-01 and 9999-12-31 and be shorter than 1,000 years'
      USING ERRCODE = 'datetime_field_overflow';
  END IF;
  IF period_end < period_start THEN
    RAISE EXCEPTION 'period_end % is before period_start %', period_end, period_start
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_check_period(date, date) IS
  'Check a reporting period: both dates finite, between 0002-01-01 and 9999-12-31, under 1,000 years (22008), end '
  'not before start (22023).';

-- The time zone of a tenant's days.
CREATE FUNCTION stokkel.stk_tenant_timezone(schema_name text, tenant text)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  tbl text;
  tz  text;
BEGIN
  IF schema_name IS NULL OR tenant IS NULL THEN
    RAISE EXCEPTION 'schema_name and tenant must not be null'
      USING ERRCODE = 'null_value_not_allowed';
  END IF;
  FOREACH tbl IN ARRAY ARRAY['tenants', 'products', 'sales'] LOOP
    IF pg_catalog.to_regclass(pg_catalog.format('%I.%I', schema_name, tbl)) IS NULL THEN
      RAISE EXCEPTION 'schema "%" has no retail table "%"', schema_name, tbl
        USING ERRCODE = 'undefined_table',
              HINT = pg_catalog.format('Create the retail schema first: SELECT stokkel.stk_create_retail_schema(%L);',
                                       schema_name);
    END IF;
  END LOOP;
  EXECUTE pg_catalog.format(
    'SELECT t.timezone FROM %I.tenants t WHERE t.tenant_id OPERATOR(pg_catalog.=) $1', schema_name)
    INTO tz USING tenant;
  RETURN coalesce(tz, pg_catalog.current_setting('TimeZone'));
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_tenant_timezone(text, text) IS
  'The time zone whose days the analytics functions use for a tenant of a retail schema: tenants.timezone, '
  'or the session''s TimeZone when the tenant has no row (or row-level security hides it).  '
  'Fails with 42P01 when the schema has no retail tables.';


-- Top products ------------------------------------------------------------

CREATE TYPE stokkel.top_product AS (
  rank        integer,   -- 1 = best; ties broken by product_id
  product_id  bigint,
  sku         text,
  name        text,
  category    text,
  revenue     numeric,   -- net of returns, in the tenant's currency
  units       numeric,   -- net of returns
  margin      numeric,   -- revenue - units x unit_cost; NULL without a cost
  share       numeric,   -- of the products' positive totals of the metric (revenue for growth), 0..1;
                         -- NULL for a product whose returns exceed its sales
  previous    numeric,   -- the metric (revenue for growth) over the previous period
  change_pct  numeric,   -- 100 x (current - previous) / |previous|; NULL when previous = 0
  abc_class   text       -- A, B or C on the metric (revenue for growth)
);
COMMENT ON TYPE stokkel.top_product IS
  'A row of stk_top_products over the retail schema: rank, product, net revenue, units and margin, share of '
  'the period total, the previous period, the change in percent and the ABC class.';

CREATE FUNCTION stokkel.stk_top_products(
  schema_name  text,
  tenant       text,
  period_start date,
  period_end   date,
  metric       text DEFAULT 'revenue',
  n            integer DEFAULT 10,
  category     text DEFAULT NULL)
RETURNS SETOF stokkel.top_product
LANGUAGE plpgsql STABLE PARALLEL SAFE SECURITY INVOKER ROWS 10
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  tz       text;
  len      integer;
  lo       timestamptz;
  hi       timestamptz;
  prev_lo  timestamptz;
  cur_expr  text;
  prev_expr text;
  rank_expr text;
  keep     text;
  in_cat   text := '';
BEGIN
  IF schema_name IS NULL OR tenant IS NULL OR period_start IS NULL OR period_end IS NULL
     OR metric IS NULL OR n IS NULL THEN
    RAISE EXCEPTION 'arguments of stk_top_products must not be null (except category)'
      USING ERRCODE = 'null_value_not_allowed';
  END IF;
  IF metric <> ALL (ARRAY['revenue', 'units', 'margin', 'growth']) THEN
    RAISE EXCEPTION 'unknown metric "%"', metric
      USING ERRCODE = 'invalid_parameter_value',
            HINT = 'Use revenue, units, margin or growth.';
  END IF;
  IF n < 1 THEN
    RAISE EXCEPTION 'n must be at least 1' USING ERRCODE = 'invalid_parameter_value',
          DETAIL = pg_catalog.format('Got n = %s.', n);
  END IF;
  PERFORM stokkel.stk_check_period(period_start, period_end);

  tz := stokkel.stk_tenant_timezone(schema_name, tenant);
  len := period_end - period_start + 1;
  lo := period_start::timestamp AT TIME ZONE tz;
  hi := (period_end + 1)::timestamp AT TIME ZONE tz;
  prev_lo := (period_start - len)::timestamp AT TIME ZONE tz;

  -- The metric: its current value, its previous value, and what ranks.
  -- Growth ranks by the revenue gained; share, previous, change and ABC
  -- are then about revenue.
  cur_expr := CASE WHEN metric = 'growth' THEN 'revenue' ELSE metric END;
  prev_expr := 'prev_' || cur_expr;
  rank_expr := CASE WHEN metric = 'growth' THEN 'revenue - prev_revenue' ELSE metric END;
  -- Products sold in the period; for growth also those sold only before.
  keep := CASE WHEN metric = 'growth' THEN '(a.lines > 0 OR a.prev_lines > 0)' ELSE 'a.lines > 0' END;
  IF category IS NOT NULL THEN
    keep := keep || ' AND p.category OPERATOR(pg_catalog.=) $5';
    -- An array of the category's products lets the index on
    -- (tenant_id, product_id, sold_at) serve the scan.
    in_cat := pg_catalog.format(
      'AND s.product_id OPERATOR(pg_catalog.=) ANY (ARRAY(SELECT c.product_id FROM %I.products c
         WHERE c.tenant_id OPERATOR(pg_catalog.=) $1 AND c.category OPERATOR(pg_catalog.=) $5))',
      schema_name);
  END IF;

  RETURN QUERY EXECUTE pg_catalog.format($q$
    WITH a0 AS (     -- one pass over both periods, grouped by product and period
      SELECT s.product_id, s.sold_at >= $3 AS cur, pg_catalog.count(*) AS lines,
             pg_catalog.sum(s.quantity * s.unit_price) AS revenue, pg_catalog.sum(s.quantity) AS units
        FROM %1$I.sales s
       WHERE s.tenant_id = $1 AND s.sold_at >= $2 AND s.sold_at < $4 %2$s
       GROUP BY 1, 2),
    a AS (
      SELECT a0.product_id,
             coalesce(pg_catalog.sum(a0.lines) FILTER (WHERE a0.cur), 0) AS lines,
             coalesce(pg_catalog.sum(a0.lines) FILTER (WHERE NOT a0.cur), 0) AS prev_lines,
             coalesce(pg_catalog.sum(a0.revenue) FILTER (WHERE a0.cur), 0) AS revenue,
             coalesce(pg_catalog.sum(a0.units) FILTER (WHERE a0.cur), 0) AS units,
             coalesce(pg_catalog.sum(a0.revenue) FILTER (WHERE NOT a0.cur), 0) AS prev_revenue,
             coalesce(pg_catalog.sum(a0.units) FILTER (WHERE NOT a0.cur), 0) AS prev_units
        FROM a0 GROUP BY 1),
    m AS (
      SELECT a.*, p.sku, p.name, p.category,
             a.revenue - a.units * p.unit_cost AS margin,
             a.prev_revenue - a.prev_units * p.unit_cost AS prev_margin
        FROM a
        JOIN %1$I.products p ON p.tenant_id = $1 AND p.product_id = a.product_id
       WHERE %3$s),
    k AS (
      SELECT m.*, %4$s AS cur, %5$s AS prev, %6$s AS rank_key FROM m),
    r AS (
      SELECT k.*,
             pg_catalog.row_number() OVER (ORDER BY k.rank_key DESC NULLS LAST, k.product_id) AS rnk,
             pg_catalog.sum(greatest(k.cur, 0)) OVER () AS total_pos,
             coalesce(pg_catalog.sum(greatest(k.cur, 0)) OVER (
               ORDER BY k.cur DESC NULLS LAST, k.product_id
               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before_pos
        FROM k)
    SELECT r.rnk::integer, r.product_id, r.sku, r.name, r.category, r.revenue, r.units, r.margin,
           CASE WHEN r.total_pos > 0 AND r.cur >= 0 THEN pg_catalog.round(r.cur / r.total_pos, 6) END,
           r.prev,
           CASE WHEN r.prev <> 0 THEN pg_catalog.round(100 * (r.cur - r.prev) / pg_catalog.abs(r.prev), 2) END,
           CASE WHEN r.cur IS NULL OR r.cur <= 0 THEN 'C'
                WHEN r.before_pos < 0.80 * r.total_pos THEN 'A'
                WHEN r.before_pos < 0.95 * r.total_pos THEN 'B'
                ELSE 'C' END
      FROM r
     WHERE r.rnk <= $6
     ORDER BY r.rnk
  $q$, schema_name, in_cat, keep, cur_expr, prev_expr, rank_expr)
  USING tenant, prev_lo, lo, hi, category, n;
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_top_products(text, text, date, date, text, integer, text) IS
  'Top n products of a tenant of a retail schema over the local days period_start..period_end (inclusive), '
  'by metric: revenue, units, margin (revenue - units x current unit_cost) or growth (revenue gained over the '
  'previous period of the same length).  Revenue and units are net of returns (a return line subtracts its '
  'units and value).  Products sold in the period (for growth: in either period), optionally of one category; '
  'share, previous, change_pct and the ABC class (A up to 80 % cumulative share, B up to 95 %, C the rest) are '
  'of the metric, or of revenue for growth.  Ranks are unique, ties broken by product_id.';

CREATE TYPE stokkel.top_item AS (
  rank        integer,
  product     text,      -- the product column's value, as text
  revenue     numeric,
  units       numeric,
  margin      numeric,   -- NULL without a cost column
  share       numeric,
  previous    numeric,
  change_pct  numeric,
  abc_class   text
);
COMMENT ON TYPE stokkel.top_item IS
  'A row of stk_top_products_from, over a sales table of the caller''s: rank, product (as text), net revenue, units, '
  'margin, share of the period total, the previous period, the change in percent and the ABC class.';

-- A separate name, not an overload: with seven untyped literals, as in
-- stk_top_products('shop', 'demo', '2026-01-01', '2026-03-31', 'units', 5,
-- 'Légumes'), the two would be ambiguous to PostgreSQL.
CREATE FUNCTION stokkel.stk_top_products_from(
  sales           regclass,
  product_column  text,
  time_column     text,
  quantity_column text,
  price_column    text,
  period_start    date,
  period_end      date,
  metric          text DEFAULT 'revenue',
  n               integer DEFAULT 10,
  cost_column     text DEFAULT NULL)
RETURNS SETOF stokkel.top_item
-- restricted, not safe: the table may be a temporary table, which a
-- parallel worker cannot read
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SECURITY INVOKER ROWS 10
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  numeric_types constant regtype[] := ARRAY['pg_catalog.int2', 'pg_catalog.int4', 'pg_catalog.int8',
    'pg_catalog.numeric', 'pg_catalog.float4', 'pg_catalog.float8']::regtype[];
  time_types constant regtype[] := ARRAY['pg_catalog.date', 'pg_catalog.timestamp',
    'pg_catalog.timestamptz']::regtype[];
  cols     text[];
  roles    text[] := ARRAY['product', 'time', 'quantity', 'price', 'cost'];
  i        integer;
  typ      regtype;
  time_typ regtype;
  len      integer;
  q        text;
  p        text;
  margin_expr text;
  cur_expr  text;
  prev_expr text;
  rank_expr text;
  keep     text;
BEGIN
  IF sales IS NULL OR product_column IS NULL OR time_column IS NULL OR quantity_column IS NULL
     OR price_column IS NULL OR period_start IS NULL OR period_end IS NULL
     OR metric IS NULL OR n IS NULL THEN
    RAISE EXCEPTION 'arguments of stk_top_products_from must not be null (except cost_column)'
      USING ERRCODE = 'null_value_not_allowed';
  END IF;
  IF metric <> ALL (ARRAY['revenue', 'units', 'margin', 'growth']) THEN
    RAISE EXCEPTION 'unknown metric "%"', metric
      USING ERRCODE = 'invalid_parameter_value',
            HINT = 'Use revenue, units, margin or growth.';
  END IF;
  IF metric = 'margin' AND cost_column IS NULL THEN
    RAISE EXCEPTION 'metric margin needs a cost_column'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF n < 1 THEN
    RAISE EXCEPTION 'n must be at least 1' USING ERRCODE = 'invalid_parameter_value',
          DETAIL = pg_catalog.format('Got n = %s.', n);
  END IF;
  PERFORM stokkel.stk_check_period(period_start, period_end);

  -- A relation that holds rows (an index or a sequence does not).
  IF (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = sales)
     OPERATOR(pg_catalog.<>) ALL (ARRAY['r', 'p', 'v', 'm', 'f']::"char"[]) THEN
    RAISE EXCEPTION '% is not a table or view', sales USING ERRCODE = 'wrong_object_type';
  END IF;
  -- Every column must exist, with a type the computation can use (domains,
  -- also over domains, count as their base type).
  cols := ARRAY[product_column, time_column, quantity_column, price_column, cost_column];
  FOR i IN 1 .. 5 LOOP
    CONTINUE WHEN cols[i] IS NULL;
    WITH RECURSIVE b(oid, typtype, base) AS (
      SELECT t.oid, t.typtype, t.typbasetype
        FROM pg_catalog.pg_attribute a
        JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
       WHERE a.attrelid = sales AND a.attname = cols[i] AND a.attnum > 0 AND NOT a.attisdropped
      UNION ALL
      SELECT t.oid, t.typtype, t.typbasetype
        FROM b JOIN pg_catalog.pg_type t ON t.oid = b.base
       WHERE b.typtype = 'd')
    SELECT b.oid::regtype INTO typ FROM b WHERE b.typtype OPERATOR(pg_catalog.<>) 'd';
    IF NOT FOUND THEN
      RAISE EXCEPTION 'column "%" of relation % does not exist', cols[i], sales
        USING ERRCODE = 'undefined_column',
              DETAIL = pg_catalog.format('It was given as the %s column.', roles[i]);
    END IF;
    IF i = 1 THEN
      -- products are grouped: the type needs an equality (json has none)
      BEGIN
        EXECUTE pg_catalog.format('SELECT 1 FROM %s s WHERE false GROUP BY s.%I', sales, cols[i]);
      EXCEPTION WHEN undefined_function THEN
        RAISE EXCEPTION 'product column "%" has type %, which cannot be grouped', cols[i], typ
          USING ERRCODE = 'datatype_mismatch',
                HINT = 'Use a column whose type has an equality operator, such as an id or a text.';
      END;
    ELSIF i = 2 AND typ <> ALL (time_types) THEN
      RAISE EXCEPTION 'time column "%" has type %, not date, timestamp or timestamptz', cols[i], typ
        USING ERRCODE = 'datatype_mismatch';
    ELSIF i >= 3 AND typ <> ALL (numeric_types) THEN
      RAISE EXCEPTION '% column "%" has type %, not a number type', roles[i], cols[i], typ
        USING ERRCODE = 'datatype_mismatch';
    END IF;
    IF i = 2 THEN
      time_typ := typ;
    END IF;
  END LOOP;

  len := period_end - period_start + 1;
  -- The bounds in the column's own type: the comparison stays indexable.
  -- A date becomes a timestamptz in the session's TimeZone.
  q := pg_catalog.format('%I::pg_catalog.numeric', quantity_column);
  p := pg_catalog.format('%I::pg_catalog.numeric', price_column);
  margin_expr := CASE WHEN cost_column IS NULL THEN 'NULL::pg_catalog.numeric'
                      ELSE pg_catalog.format('%s * (%s - %I::pg_catalog.numeric)', q, p, cost_column) END;
  cur_expr := CASE WHEN metric = 'growth' THEN 'revenue' ELSE metric END;
  prev_expr := 'prev_' || cur_expr;
  rank_expr := CASE WHEN metric = 'growth' THEN 'revenue - prev_revenue' ELSE metric END;
  keep := CASE WHEN metric = 'growth' THEN '(a.lines > 0 OR a.prev_lines > 0)' ELSE 'a.lines > 0' END;

  RETURN QUERY EXECUTE pg_catalog.format($q$
    WITH a0 AS (     -- one pass over both periods, grouped by product and period
      SELECT s.%1$I AS product, s.%2$I >= $2::%3$s AS cur, pg_catalog.count(*) AS lines,
             pg_catalog.sum(%4$s * %5$s) AS revenue, pg_catalog.sum(%4$s) AS units,
             pg_catalog.sum(%6$s) AS margin
        FROM %7$s s
       WHERE s.%2$I >= $1::%3$s AND s.%2$I < $3::%3$s AND s.%1$I IS NOT NULL
       GROUP BY 1, 2),
    a AS (
      SELECT a0.product,
             coalesce(pg_catalog.sum(a0.lines) FILTER (WHERE a0.cur), 0) AS lines,
             coalesce(pg_catalog.sum(a0.lines) FILTER (WHERE NOT a0.cur), 0) AS prev_lines,
             coalesce(pg_catalog.sum(a0.revenue) FILTER (WHERE a0.cur), 0) AS revenue,
             coalesce(pg_catalog.sum(a0.units) FILTER (WHERE a0.cur), 0) AS units,
             pg_catalog.sum(a0.margin) FILTER (WHERE a0.cur) AS margin,
             coalesce(pg_catalog.sum(a0.revenue) FILTER (WHERE NOT a0.cur), 0) AS prev_revenue,
             coalesce(pg_catalog.sum(a0.units) FILTER (WHERE NOT a0.cur), 0) AS prev_units,
             pg_catalog.sum(a0.margin) FILTER (WHERE NOT a0.cur) AS prev_margin
        FROM a0 GROUP BY 1),
    k AS (
      SELECT a.*, %8$s AS cur, %9$s AS prev, %10$s AS rank_key FROM a WHERE %11$s),
    r AS (
      SELECT k.*,
             pg_catalog.row_number() OVER (ORDER BY k.rank_key DESC NULLS LAST, k.product) AS rnk,
             pg_catalog.sum(greatest(k.cur, 0)) OVER () AS total_pos,
             coalesce(pg_catalog.sum(greatest(k.cur, 0)) OVER (
               ORDER BY k.cur DESC NULLS LAST, k.product
               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before_pos
        FROM k)
    SELECT r.rnk::integer, r.product::pg_catalog.text, r.revenue, r.units, r.margin,
           CASE WHEN r.total_pos > 0 AND r.cur >= 0 THEN pg_catalog.round(r.cur / r.total_pos, 6) END,
           r.prev,
           CASE WHEN r.prev <> 0 THEN pg_catalog.round(100 * (r.cur - r.prev) / pg_catalog.abs(r.prev), 2) END,
           CASE WHEN r.cur IS NULL OR r.cur <= 0 THEN 'C'
                WHEN r.before_pos < 0.80 * r.total_pos THEN 'A'
                WHEN r.before_pos < 0.95 * r.total_pos THEN 'B'
                ELSE 'C' END
      FROM r
     WHERE r.rnk <= $4
     ORDER BY r.rnk
  $q$, product_column, time_column,
       CASE WHEN time_typ = 'pg_catalog.date'::regtype THEN 'pg_catalog.date'
            WHEN time_typ = 'pg_catalog.timestamp'::regtype THEN 'pg_catalog.timestamp'
            ELSE 'pg_catalog.timestamptz' END,
       q, p, margin_expr, sales,
       cur_expr, prev_expr, rank_expr, keep)
  USING period_start - len, period_start, period_end + 1, n;
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_top_products_from(regclass, text, text, text, text, date, date, text, integer, text) IS
  'Top n products of a sales table of the caller''s (one row per sale line: product, time as date, timestamp '
  'or timestamptz, quantity, unit price, optionally unit cost) over the days period_start..period_end '
  '(inclusive; a timestamptz follows the session''s TimeZone), by metric revenue, units, margin (needs '
  'cost_column) or growth, with share, previous period, change in percent and ABC class as the retail-schema '
  'variant computes them; negative quantities are returns, netted.  Unknown columns fail with 42703, columns '
  'of the wrong type with 42804.';


-- Dashboard KPIs ----------------------------------------------------------

CREATE FUNCTION stokkel.stk_dashboard_kpis(
  schema_name  text,
  tenant       text,
  period_start date,
  period_end   date)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  s        constant text := schema_name;
  tz       text;
  tbl      text;
  len      integer;
  currency text;
  w        record;
  cur      record;
  prev     record;
  ly       record;
  st       record;
  so       record;
  ly_start date;
  ly_end   date;
  gm       numeric;
  gm_pct   numeric;
  avg_stock numeric;
  trend    jsonb;
  -- Sales of a window [$2, $3): net revenue and units, returns, cost of
  -- goods sold, orders.  An order is a known customer's purchases of one
  -- local day, or one anonymous sale line.
  q_sales  constant text := $q$
    WITH a AS (
      SELECT s.product_id,
             pg_catalog.sum(s.quantity * s.unit_price) AS revenue,
             pg_catalog.sum(s.quantity) AS units,
             pg_catalog.sum(- s.quantity) FILTER (WHERE s.quantity < 0) AS returned_units,
             pg_catalog.sum(- s.quantity * s.unit_price) FILTER (WHERE s.quantity < 0) AS returned_value
        FROM %1$I.sales s
       WHERE s.tenant_id = $1 AND s.sold_at >= $2 AND s.sold_at < $3
       GROUP BY s.product_id),
    o AS (
      SELECT pg_catalog.count(DISTINCT (s.customer_id, (s.sold_at AT TIME ZONE $4)::date))
               FILTER (WHERE s.customer_id IS NOT NULL)
             + pg_catalog.count(*) FILTER (WHERE s.customer_id IS NULL) AS orders
        FROM %1$I.sales s
       WHERE s.tenant_id = $1 AND s.sold_at >= $2 AND s.sold_at < $3 AND s.quantity > 0)
    SELECT coalesce(pg_catalog.sum(a.revenue), 0) AS revenue,
           coalesce(pg_catalog.sum(a.units), 0) AS units,
           (SELECT o.orders FROM o) AS orders,
           coalesce(pg_catalog.sum(a.returned_units), 0) AS returned_units,
           coalesce(pg_catalog.sum(a.returned_value), 0) AS returned_value,
           coalesce(pg_catalog.sum(a.units * p.unit_cost), 0) AS cogs,
           coalesce(pg_catalog.sum(a.revenue) FILTER (WHERE p.unit_cost IS NOT NULL), 0) AS costed_revenue,
           pg_catalog.count(*) FILTER (WHERE a.units > 0) AS products_sold,
           pg_catalog.count(*) FILTER (WHERE p.unit_cost IS NULL) AS products_without_cost
      FROM a
      LEFT JOIN %1$I.products p ON p.tenant_id = $1 AND p.product_id = a.product_id
  $q$;
BEGIN
  IF schema_name IS NULL OR tenant IS NULL OR period_start IS NULL OR period_end IS NULL THEN
    RAISE EXCEPTION 'arguments of stk_dashboard_kpis must not be null'
      USING ERRCODE = 'null_value_not_allowed';
  END IF;
  PERFORM stokkel.stk_check_period(period_start, period_end);
  tz := stokkel.stk_tenant_timezone(s, tenant);
  FOREACH tbl IN ARRAY ARRAY['stock_levels', 'stock_movements', 'stockouts'] LOOP
    IF pg_catalog.to_regclass(pg_catalog.format('%I.%I', s, tbl)) IS NULL THEN
      RAISE EXCEPTION 'schema "%" has no retail table "%"', s, tbl
        USING ERRCODE = 'undefined_table';
    END IF;
  END LOOP;
  EXECUTE pg_catalog.format('SELECT t.currency FROM %I.tenants t WHERE t.tenant_id OPERATOR(pg_catalog.=) $1', s)
    INTO currency USING tenant;

  len := period_end - period_start + 1;
  -- a year back, or as many whole years as a period longer than a year
  -- needs not to overlap itself
  ly_start := (period_start - pg_catalog.make_interval(years => greatest(1, ceil(len / 366.0)::integer)))::date;
  ly_end := (period_end - pg_catalog.make_interval(years => greatest(1, ceil(len / 366.0)::integer)))::date;

  EXECUTE pg_catalog.format(q_sales, s) INTO cur
    USING tenant, period_start::timestamp AT TIME ZONE tz, (period_end + 1)::timestamp AT TIME ZONE tz, tz;
  EXECUTE pg_catalog.format(q_sales, s) INTO prev
    USING tenant, (period_start - len)::timestamp AT TIME ZONE tz, period_start::timestamp AT TIME ZONE tz, tz;
  EXECUTE pg_catalog.format(q_sales, s) INTO ly
    USING tenant, ly_start::timestamp AT TIME ZONE tz, (ly_end + 1)::timestamp AT TIME ZONE tz, tz;

  -- Stock at the start and at the end of the period: the current
  -- stock_levels minus the stock movements since then.  Recent sales: the
  -- 28 and 90 days ending with period_end.
  EXECUTE pg_catalog.format($q$
    WITH mv AS (
      SELECT m.product_id,
             pg_catalog.sum(m.quantity) AS after_start,
             coalesce(pg_catalog.sum(m.quantity) FILTER (WHERE m.moved_at >= $3), 0) AS after_end
        FROM %1$I.stock_movements m
       WHERE m.tenant_id = $1 AND m.moved_at >= $2
       GROUP BY m.product_id),
    recent AS (
      SELECT s.product_id,
             coalesce(pg_catalog.sum(s.quantity) FILTER (WHERE s.sold_at >= $5), 0) AS units_28,
             pg_catalog.bool_or(s.quantity > 0) AS sold_90
        FROM %1$I.sales s
       WHERE s.tenant_id = $1 AND s.sold_at >= $4 AND s.sold_at < $3
       GROUP BY s.product_id),
    st AS (
      SELECT p.product_id, p.unit_cost,
             p.active AND (p.launched_on IS NULL OR p.launched_on <= $6) AS active,
             coalesce(l.on_hand, 0) - coalesce(mv.after_start, 0) AS on_hand_start,
             coalesce(l.on_hand, 0) - coalesce(mv.after_end, 0) AS on_hand_end,
             coalesce(r.units_28, 0) AS units_28,
             coalesce(r.sold_90, false) AS sold_90
        FROM %1$I.products p
        LEFT JOIN %1$I.stock_levels l ON l.tenant_id = p.tenant_id AND l.product_id = p.product_id
        LEFT JOIN mv ON mv.product_id = p.product_id
        LEFT JOIN recent r ON r.product_id = p.product_id
       WHERE p.tenant_id = $1)
    SELECT coalesce(pg_catalog.sum(greatest(st.on_hand_end, 0)), 0) AS stock_units,
           coalesce(pg_catalog.sum(greatest(st.on_hand_end, 0) * st.unit_cost), 0) AS stock_value,
           coalesce(pg_catalog.sum(greatest(st.on_hand_start, 0) * st.unit_cost), 0) AS stock_value_start,
           coalesce(pg_catalog.sum(st.units_28 * st.unit_cost), 0) AS cogs_28,
           pg_catalog.count(*) FILTER (WHERE st.active) AS active_products,
           pg_catalog.count(*) FILTER (WHERE st.active AND st.on_hand_end <= 0) AS out_of_stock,
           pg_catalog.count(*) FILTER (WHERE st.on_hand_end > 0 AND NOT st.sold_90) AS dead_products,
           coalesce(pg_catalog.sum(st.on_hand_end * st.unit_cost)
                      FILTER (WHERE st.on_hand_end > 0 AND NOT st.sold_90), 0) AS dead_value
      FROM st
  $q$, s) INTO st
    USING tenant, period_start::timestamp AT TIME ZONE tz, (period_end + 1)::timestamp AT TIME ZONE tz,
          (period_end - 89)::timestamp AT TIME ZONE tz, (period_end - 27)::timestamp AT TIME ZONE tz,
          period_end;

  EXECUTE pg_catalog.format($q$
    SELECT pg_catalog.count(*) AS days, pg_catalog.count(DISTINCT o.product_id) AS products
      FROM %1$I.stockouts o
     WHERE o.tenant_id = $1 AND o.day >= $2 AND o.day <= $3
  $q$, s) INTO so USING tenant, period_start, period_end;

  gm := cur.costed_revenue - cur.cogs;
  -- ratios of net figures only where the net figures are positive: more
  -- returns than sales make a margin percentage or a turn meaningless
  gm_pct := CASE WHEN cur.costed_revenue > 0 THEN round(100 * gm / cur.costed_revenue, 2) END;
  avg_stock := (st.stock_value_start + st.stock_value) / 2;

  trend := '{}';
  FOR w IN SELECT * FROM (VALUES ('previous_period', period_start - len, period_start - 1),
                                 ('same_period_last_year', ly_start, ly_end)) v(k, f, t) LOOP
    DECLARE
      o record;
    BEGIN
      IF w.k = 'previous_period' THEN o := prev; ELSE o := ly; END IF;
      trend := trend || jsonb_build_object(w.k, jsonb_build_object(
        'period_start', w.f,
        'period_end', w.t,
        'revenue', o.revenue,
        'units', o.units,
        'orders', o.orders,
        'gross_margin', o.costed_revenue - o.cogs,
        'revenue_change_pct', CASE WHEN o.revenue <> 0 THEN round(100 * (cur.revenue - o.revenue) / abs(o.revenue), 2) END,
        'units_change_pct', CASE WHEN o.units <> 0 THEN round(100 * (cur.units - o.units) / abs(o.units), 2) END,
        'orders_change_pct', CASE WHEN o.orders <> 0 THEN round(100 * (cur.orders - o.orders)::numeric / o.orders, 2) END,
        'gross_margin_change_pct', CASE WHEN o.costed_revenue - o.cogs <> 0
          THEN round(100 * (gm - (o.costed_revenue - o.cogs)) / abs(o.costed_revenue - o.cogs), 2) END));
    END;
  END LOOP;

  RETURN jsonb_build_object(
    'schema', s,
    'tenant', tenant,
    'currency', currency,
    'timezone', tz,
    'period_start', period_start,
    'period_end', period_end,
    'days', len,
    'revenue', cur.revenue,
    'units', cur.units,
    'orders', cur.orders,
    'average_basket', CASE WHEN cur.orders > 0 AND cur.revenue >= 0 THEN round(cur.revenue / cur.orders, 2) END,
    'returned_units', cur.returned_units,
    'returned_value', cur.returned_value,
    'cogs', cur.cogs,
    'gross_margin', gm,
    'gross_margin_pct', gm_pct,
    'products_sold', cur.products_sold,
    'products_without_cost', cur.products_without_cost,
    'active_products', st.active_products,
    'stock_units', st.stock_units,
    'stock_value', st.stock_value,
    'stock_value_start', st.stock_value_start,
    'days_of_cover', CASE WHEN st.cogs_28 > 0 THEN round(st.stock_value / (st.cogs_28 / 28), 1) END,
    'out_of_stock_products', st.out_of_stock,
    'stockout_products', so.products,
    'stockout_days', so.days,
    'stockout_rate_pct', CASE WHEN st.active_products > 0
      THEN round(100 * so.days::numeric / (st.active_products * len), 2) END,
    'dead_stock_products', st.dead_products,
    'dead_stock_value', st.dead_value,
    'sell_through_pct', CASE WHEN cur.units >= 0 AND cur.units + st.stock_units > 0
      THEN round(100 * cur.units / (cur.units + st.stock_units), 2) END,
    'stock_turn', CASE WHEN avg_stock > 0 AND cur.cogs >= 0 THEN round(cur.cogs / avg_stock, 3) END,
    'stock_turn_annualized', CASE WHEN avg_stock > 0 AND cur.cogs >= 0
      THEN round(cur.cogs / avg_stock * 365 / len, 3) END,
    'dio_days', CASE WHEN cur.cogs > 0 THEN round(avg_stock / cur.cogs * len, 1) END,
    'gmroi_annualized', CASE WHEN avg_stock > 0 AND cur.cogs >= 0 THEN round(gm / avg_stock * 365 / len, 3) END)
    || trend;
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_dashboard_kpis(text, text, date, date) IS
  'Dashboard KPIs of a tenant of a retail schema over the local days period_start..period_end, as one JSON '
  'object.  Sales (net of returns, which are also given apart): revenue, units, orders (a known customer''s '
  'purchases of one day, or one anonymous sale line), average_basket = revenue / orders, cogs = units x current '
  'unit_cost, gross_margin and gross_margin_pct (over products with a cost), and previous_period and '
  'same_period_last_year with their changes in percent.  Stock at period end (current stock_levels minus later '
  'stock_movements; negative stock counts as 0), at cost: stock_value, days_of_cover = stock value / average '
  'daily cogs of the last 28 days, out_of_stock_products (active, on hand <= 0), stockout_products and '
  'stockout_days (stockouts table) and stockout_rate_pct = stock-out days / (active products x days), '
  'dead_stock_products and dead_stock_value (on hand > 0, no sale in the last 90 days), sell_through_pct = '
  'units / (units + ending stock units), stock_turn = cogs / average of opening and ending stock value '
  '(stock_turn_annualized x 365 / days), dio_days, gmroi_annualized.';


-- ABC / XYZ ---------------------------------------------------------------

CREATE TYPE stokkel.abc_xyz_class AS (
  product_id         bigint,
  sku                text,
  name               text,
  category           text,
  revenue            numeric,  -- net of returns
  revenue_share      numeric,  -- of the products' positive revenues over the period, 0..1 (NULL below 0)
  cumulative_share   numeric,  -- of this product and those ranked before it
  abc                text,     -- A, B, C on revenue
  units              numeric,  -- net of returns
  weeks              integer,  -- full 7-day weeks used for XYZ: from period_start, the product's launch
                               -- or the tenant's first sale, whichever is latest
  mean_weekly_demand numeric,  -- units sold (returns excluded) per week
  cv                 numeric,  -- sample sd / mean of weekly demand; NULL without demand
  xyz                text,     -- X cv <= 0.5, Y cv <= 1.0, Z above; NULL without demand
  adi                numeric,  -- average inter-demand interval of daily demand (days)
  cv2                numeric,  -- squared CV of the non-zero daily demands
  sbc                text,     -- smooth, erratic, intermittent, lumpy or zero
  class              text      -- abc || xyz, e.g. AX; NULL without demand
);
COMMENT ON TYPE stokkel.abc_xyz_class IS
  'A row of stk_abc_xyz: product, revenue and its ABC class, weekly demand and its XYZ class, and the '
  'Syntetos-Boylan-Croston class of daily demand.';

CREATE FUNCTION stokkel.stk_abc_xyz(
  schema_name  text,
  tenant       text,
  period_start date,
  period_end   date)
RETURNS SETOF stokkel.abc_xyz_class
LANGUAGE plpgsql STABLE PARALLEL SAFE SECURITY INVOKER ROWS 1000
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  tz    text;
  weeks integer;
  first_sale date;
BEGIN
  IF schema_name IS NULL OR tenant IS NULL OR period_start IS NULL OR period_end IS NULL THEN
    RAISE EXCEPTION 'arguments of stk_abc_xyz must not be null'
      USING ERRCODE = 'null_value_not_allowed';
  END IF;
  PERFORM stokkel.stk_check_period(period_start, period_end);
  weeks := (period_end - period_start + 1) / 7;
  IF weeks < 2 THEN
    RAISE EXCEPTION 'the period must span at least 14 days to measure the variation of weekly demand'
      USING ERRCODE = 'invalid_parameter_value',
            DETAIL = pg_catalog.format('Got %s days.', period_end - period_start + 1);
  END IF;
  tz := stokkel.stk_tenant_timezone(schema_name, tenant);
  -- before the tenant's first recorded sale (or a product's launch) demand
  -- is unknown, not zero: a product's weeks start at the latest of the three
  EXECUTE pg_catalog.format('SELECT (pg_catalog.min(s.sold_at) AT TIME ZONE $2)::pg_catalog.date FROM %I.sales s
                             WHERE s.tenant_id OPERATOR(pg_catalog.=) $1', schema_name)
    INTO first_sale USING tenant, tz;

  RETURN QUERY EXECUTE pg_catalog.format($q$
    WITH d AS (      -- per product and local day
      SELECT s.product_id, (s.sold_at AT TIME ZONE $4)::date AS day,
             pg_catalog.sum(s.quantity * s.unit_price) AS revenue,
             pg_catalog.sum(s.quantity) AS units,
             coalesce(pg_catalog.sum(s.quantity) FILTER (WHERE s.quantity > 0), 0) AS demand
        FROM %1$I.sales s
       WHERE s.tenant_id = $1 AND s.sold_at >= $2 AND s.sold_at < $3
       GROUP BY 1, 2),
    pf AS (          -- each product's first day and full weeks in the period
      SELECT p.product_id, f.first_day, ($7::pg_catalog.date - f.first_day + 1) / 7 AS weeks
        FROM %1$I.products p,
             LATERAL (SELECT greatest($5::pg_catalog.date, p.launched_on, $6::pg_catalog.date) AS first_day) f
       WHERE p.tenant_id = $1),
    wk AS (          -- demand of the product's full weeks from its first day
      SELECT d.product_id, (d.day - pf.first_day) / 7 AS week, pg_catalog.sum(d.demand) AS q
        FROM d JOIN pf ON pf.product_id = d.product_id
       WHERE d.day >= pf.first_day AND d.day < pf.first_day + 7 * pf.weeks
       GROUP BY 1, 2),
    wx AS (
      SELECT wk.product_id, pg_catalog.sum(wk.q) AS s1, pg_catalog.sum(wk.q * wk.q) AS s2
        FROM wk GROUP BY 1),
    dx AS (          -- daily demand: SBC as src/core/demand_class.c defines it
      SELECT d.product_id, pg_catalog.sum(d.revenue) AS revenue, pg_catalog.sum(d.units) AS units,
             pg_catalog.count(*) FILTER (WHERE d.demand > 0) AS nz,
             pg_catalog.max(d.day) FILTER (WHERE d.demand > 0)
               - pg_catalog.min(pf.first_day) + 1 AS last_pos,
             pg_catalog.avg(d.demand) FILTER (WHERE d.demand > 0) AS mean_size,
             pg_catalog.stddev_samp(d.demand) FILTER (WHERE d.demand > 0) AS sd_size
        FROM d JOIN pf ON pf.product_id = d.product_id
       GROUP BY 1),
    c AS (           -- fewer than two full weeks: no XYZ
      SELECT dx.*, p.sku, p.name, p.category, pf.weeks,
             CASE WHEN pf.weeks >= 2 THEN coalesce(wx.s1, 0) / pf.weeks END AS mean_w,
             CASE WHEN pf.weeks >= 2
                  THEN greatest((coalesce(wx.s2, 0) - coalesce(wx.s1, 0) * coalesce(wx.s1, 0) / pf.weeks)
                                / (pf.weeks - 1), 0) END AS var_w
        FROM dx
        JOIN %1$I.products p ON p.tenant_id = $1 AND p.product_id = dx.product_id
        JOIN pf ON pf.product_id = dx.product_id
        LEFT JOIN wx ON wx.product_id = dx.product_id),
    r AS (
      SELECT c.*,
             CASE WHEN c.mean_w > 0 THEN pg_catalog.sqrt(c.var_w) / c.mean_w END AS cv,
             CASE WHEN c.nz > 0 THEN c.last_pos::pg_catalog.numeric / c.nz END AS adi,
             CASE WHEN c.nz > 1 THEN (c.sd_size / c.mean_size) * (c.sd_size / c.mean_size)
                  WHEN c.nz = 1 THEN 0 END AS cv2,
             pg_catalog.row_number() OVER (ORDER BY c.revenue DESC, c.product_id) AS rnk,
             pg_catalog.sum(greatest(c.revenue, 0)) OVER () AS total_pos,
             coalesce(pg_catalog.sum(greatest(c.revenue, 0)) OVER (
               ORDER BY c.revenue DESC, c.product_id
               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before_pos
        FROM c),
    k AS (
      SELECT r.*,
             CASE WHEN r.revenue <= 0 THEN 'C'
                  WHEN r.before_pos < 0.80 * r.total_pos THEN 'A'
                  WHEN r.before_pos < 0.95 * r.total_pos THEN 'B'
                  ELSE 'C' END AS abc,
             CASE WHEN r.cv IS NULL THEN NULL
                  WHEN r.cv <= 0.5 THEN 'X'
                  WHEN r.cv <= 1.0 THEN 'Y'
                  ELSE 'Z' END AS xyz
        FROM r)
    SELECT k.product_id, k.sku, k.name, k.category, k.revenue,
           CASE WHEN k.total_pos > 0 AND k.revenue >= 0 THEN pg_catalog.round(k.revenue / k.total_pos, 6) END,
           CASE WHEN k.total_pos > 0
                THEN pg_catalog.round((k.before_pos + greatest(k.revenue, 0)) / k.total_pos, 6) END,
           k.abc, k.units, k.weeks, pg_catalog.round(k.mean_w, 4), pg_catalog.round(k.cv, 4), k.xyz,
           pg_catalog.round(k.adi, 4), pg_catalog.round(k.cv2, 4),
           CASE WHEN k.nz = 0 THEN 'zero'
                WHEN k.adi < 1.32 AND k.cv2 < 0.49 THEN 'smooth'
                WHEN k.adi < 1.32 THEN 'erratic'
                WHEN k.cv2 < 0.49 THEN 'intermittent'
                ELSE 'lumpy' END,
           k.abc || k.xyz
      FROM k
     ORDER BY k.rnk
  $q$, schema_name)
  USING tenant, period_start::timestamp AT TIME ZONE tz, (period_end + 1)::timestamp AT TIME ZONE tz,
        tz, period_start, first_sale, period_end;
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_abc_xyz(text, text, date, date) IS
  'ABC/XYZ classification of the products a tenant of a retail schema sold over the local days '
  'period_start..period_end (at least 14 days), in decreasing order of revenue.  ABC on net revenue (A up to '
  '80 % cumulative share, B up to 95 %, C the rest); XYZ on the coefficient of variation (sample sd / mean) '
  'of the demand of the full 7-day weeks from period_start (or the product''s launch, or the tenant''s first '
  'recorded sale, whichever is latest: demand before is unknown; fewer than two weeks: no XYZ), days without '
  'sales counting as zero and returns excluded: X cv <= 0.5, Y cv <= 1.0, Z above; and the Syntetos-Boylan-Croston class of daily demand '
  '(ADI 1.32, CV2 0.49), since CV alone mislabels intermittent items.';


-- Sales trend -------------------------------------------------------------

CREATE TYPE stokkel.sales_trend_point AS (
  period_start date,     -- first day of the calendar day, ISO week (Monday) or month
  period_end   date,     -- its last day
  days         integer,  -- days of it inside the requested period (fewer at the edges)
  revenue      numeric,  -- net of returns
  units        numeric,  -- net of returns
  orders       bigint,   -- a known customer's purchases of one day, or one anonymous sale line
  change_pct   numeric   -- revenue change against the previous row, in percent
);
COMMENT ON TYPE stokkel.sales_trend_point IS
  'A row of stk_sales_trend: one day, ISO week or month with its net revenue, units, orders and the revenue '
  'change against the previous row.';

CREATE FUNCTION stokkel.stk_sales_trend(
  schema_name  text,
  tenant       text,
  period_start date,
  period_end   date,
  grain        text DEFAULT 'week',
  product_id   bigint DEFAULT NULL)
RETURNS SETOF stokkel.sales_trend_point
LANGUAGE plpgsql STABLE PARALLEL SAFE SECURITY INVOKER ROWS 52
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  tz   text;
  one_product text := '';
  max_days integer;
BEGIN
  IF schema_name IS NULL OR tenant IS NULL OR period_start IS NULL OR period_end IS NULL
     OR grain IS NULL THEN
    RAISE EXCEPTION 'arguments of stk_sales_trend must not be null (except product_id)'
      USING ERRCODE = 'null_value_not_allowed';
  END IF;
  IF grain <> ALL (ARRAY['day', 'week', 'month']) THEN
    RAISE EXCEPTION 'unknown grain "%"', grain
      USING ERRCODE = 'invalid_parameter_value',
            HINT = 'Use day, week or month.';
  END IF;
  PERFORM stokkel.stk_check_period(period_start, period_end);
  -- One row per bucket: bound them so a typo in a year cannot ask for
  -- millions of rows.
  max_days := CASE grain WHEN 'day' THEN 36525 ELSE 366250 END;
  IF period_end - period_start >= max_days THEN
    RAISE EXCEPTION 'period of stk_sales_trend too long: % to %', period_start, period_end
      USING ERRCODE = 'program_limit_exceeded',
            HINT = 'At most 100 years by day, 1000 years by week or month.';
  END IF;
  tz := stokkel.stk_tenant_timezone(schema_name, tenant);
  IF stk_sales_trend.product_id IS NOT NULL THEN
    one_product := 'AND s.product_id = $6';
  END IF;

  RETURN QUERY EXECUTE pg_catalog.format($q$
    WITH b AS (
      SELECT d::date AS bucket,
             (LEAST((d + ('1 ' || $5)::interval)::date, $8 + 1)
              - GREATEST(d::date, $7))::integer AS days
        FROM pg_catalog.generate_series(pg_catalog.date_trunc($5, $7::timestamp), $8::timestamp,
                                        ('1 ' || $5)::interval) AS d),
    t AS (
      SELECT pg_catalog.date_trunc($5, s.sold_at AT TIME ZONE $4)::date AS bucket,
             pg_catalog.sum(s.quantity * s.unit_price) AS revenue,
             pg_catalog.sum(s.quantity) AS units,
             pg_catalog.count(DISTINCT (s.customer_id, (s.sold_at AT TIME ZONE $4)::date))
               FILTER (WHERE s.customer_id IS NOT NULL AND s.quantity > 0)
             + pg_catalog.count(*) FILTER (WHERE s.customer_id IS NULL AND s.quantity > 0) AS orders
        FROM %1$I.sales s
       WHERE s.tenant_id = $1 AND s.sold_at >= $2 AND s.sold_at < $3 %2$s
       GROUP BY 1),
    j AS (
      SELECT b.bucket, b.days, coalesce(t.revenue, 0) AS revenue, coalesce(t.units, 0) AS units,
             coalesce(t.orders, 0) AS orders
        FROM b LEFT JOIN t ON t.bucket = b.bucket)
    SELECT j.bucket, (j.bucket + ('1 ' || $5)::interval - interval '1 day')::date, j.days,
           j.revenue, j.units, j.orders,
           CASE WHEN pg_catalog.lag(j.revenue) OVER w <> 0
                THEN pg_catalog.round(100 * (j.revenue - pg_catalog.lag(j.revenue) OVER w)
                                      / pg_catalog.abs(pg_catalog.lag(j.revenue) OVER w), 2) END
      FROM j
    WINDOW w AS (ORDER BY j.bucket)
     ORDER BY j.bucket
  $q$, schema_name, one_product)
  USING tenant, period_start::timestamp AT TIME ZONE tz, (period_end + 1)::timestamp AT TIME ZONE tz,
        tz, grain, stk_sales_trend.product_id, period_start, period_end;
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_sales_trend(text, text, date, date, text, bigint) IS
  'Sales of a tenant of a retail schema (or of one product) per day, ISO week or month (grain) over the local '
  'days period_start..period_end: net revenue, net units, orders (a known customer''s purchases of one day, or '
  'one anonymous sale line) and the revenue change against the previous row in percent.  Every day, week or '
  'month of the period has a row, with zeros when nothing sold; days gives how much of a week or month lies '
  'inside the period.';
