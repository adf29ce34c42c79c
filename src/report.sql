-- Reports: a period's sales, stock, best sellers, what to order and the
-- open alerts of one tenant, as a printable PDF (stk_pdf, src/pdf_fn.c and
-- src/core/pdf_doc.c on libharu), from the same functions the dashboard and
-- the API read.  The numbers themselves, for spreadsheets, are the api's
-- kpis_xlsx, reorder_xlsx and forecast_xlsx.

CREATE FUNCTION stokkel.stk_pdf(doc jsonb)
RETURNS bytea
AS 'MODULE_PATHNAME', 'stk_pdf'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION stokkel.stk_pdf(jsonb) IS
  'A PDF (A4) from a JSON description: {title, subtitle, footer, blocks: [{heading: text} | {text: text} | '
  '{table: {columns: [..], align: "lrc..", rows: [[..]]}} | {bars: {labels: [..], values: [..], caption}}]}. '
  'Tables get their column widths from the content, repeat their header after a page break and shorten '
  'cells that do not fit with an ellipsis; text prints in Windows-1252 (other characters as ?).  A malformed '
  'description: 22023; more than 1,000 blocks, 200,000 cells or 1,000 pages: 54000.';

-- A number for a report: grouped thousands, a fixed number of decimals.
CREATE FUNCTION stokkel.stk_report_number(v numeric, decimals integer DEFAULT 0)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
  -- (30 digits grouped; beyond, the plain number rather than to_char's ###)
  SELECT CASE WHEN v IS NULL THEN NULL
              WHEN pg_catalog.abs(v) >= 1e30 THEN pg_catalog.round(v, decimals)::text
              ELSE pg_catalog.to_char(pg_catalog.round(v, decimals),
                                      'FM999,999,999,999,999,999,999,999,999,990' || CASE WHEN decimals > 0
                                        THEN '.' || pg_catalog.repeat('0', decimals) ELSE '' END) END
$fn$;
COMMENT ON FUNCTION stokkel.stk_report_number(numeric, integer) IS
  'A number as reports print it: rounded to decimals places, thousands grouped with commas; NULL stays NULL.';

-- The content of the report, as the JSON stk_pdf takes (and the sheets of
-- the workbook are made from).
CREATE FUNCTION stokkel.stk_report(
  schema_name  text,
  tenant       text,
  period_start date,
  period_end   date,
  top_n        integer DEFAULT 10,
  max_lines    integer DEFAULT 40)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  k       jsonb;
  shop    text;
  tz      text;
  grain   text;
  blocks  jsonb := '[]';
  rows    jsonb;
  n_more  bigint;
  pct     constant text := ' %';
BEGIN
  IF schema_name IS NULL OR tenant IS NULL OR period_start IS NULL OR period_end IS NULL
     OR top_n IS NULL OR max_lines IS NULL THEN
    RAISE EXCEPTION 'arguments of stk_report must not be null' USING ERRCODE = 'null_value_not_allowed';
  END IF;
  IF top_n < 1 OR top_n > 100 OR max_lines < 1 OR max_lines > 1000 THEN
    RAISE EXCEPTION 'top_n must be between 1 and 100 and max_lines between 1 and 1000'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  -- checks the period and the tenant (22023, 42P01 ...)
  k := stokkel.stk_dashboard_kpis(schema_name, tenant, period_start, period_end);
  EXECUTE pg_catalog.format('SELECT t.name FROM %I.tenants t WHERE t.tenant_id OPERATOR(pg_catalog.=) $1',
                            schema_name)
    INTO shop USING tenant;
  tz := k OPERATOR(pg_catalog.->>) 'timezone';

  -- the sales figures against the previous period and last year
  SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_array(f.label,
           stokkel.stk_report_number((k OPERATOR(pg_catalog.->>) f.key)::numeric),
           stokkel.stk_report_number((k OPERATOR(pg_catalog.#>>) ARRAY['previous_period', f.key])::numeric),
           (stokkel.stk_report_number((k OPERATOR(pg_catalog.#>>)
              ARRAY['previous_period', f.key || '_change_pct'])::numeric, 1)) OPERATOR(pg_catalog.||) pct,
           stokkel.stk_report_number((k OPERATOR(pg_catalog.#>>) ARRAY['same_period_last_year', f.key])::numeric),
           (stokkel.stk_report_number((k OPERATOR(pg_catalog.#>>)
              ARRAY['same_period_last_year', f.key || '_change_pct'])::numeric, 1)) OPERATOR(pg_catalog.||) pct)
           ORDER BY f.o)
    INTO rows
    FROM (VALUES (1, 'Revenue', 'revenue'), (2, 'Units', 'units'), (3, 'Orders', 'orders'),
                 (4, 'Gross margin', 'gross_margin')) AS f(o, label, key);
  blocks := blocks OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_array(
    pg_catalog.jsonb_build_object('heading', 'Sales'),
    pg_catalog.jsonb_build_object('table', pg_catalog.jsonb_build_object(
      'columns', pg_catalog.jsonb_build_array('', 'This period', 'Previous period', 'Change', 'Last year', 'Change'),
      'align', 'lrrrrr', 'rows', rows)));

  -- the other figures, one value each
  SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_array(f.label,
           stokkel.stk_report_number((k OPERATOR(pg_catalog.->>) f.key)::numeric, f.decimals)
             OPERATOR(pg_catalog.||) f.unit) ORDER BY f.o)
    INTO rows
    FROM (VALUES (1, 'Average basket', 'average_basket', 0, ''),
                 (2, 'Gross margin', 'gross_margin_pct', 1, ' %'),
                 (3, 'Returns (value)', 'returned_value', 0, ''),
                 (4, 'Stock value (cost)', 'stock_value', 0, ''),
                 (5, 'Days of cover', 'days_of_cover', 1, ''),
                 (6, 'Stock turn, annualised', 'stock_turn_annualized', 1, ''),
                 (7, 'Sell-through', 'sell_through_pct', 1, ' %'),
                 (8, 'Stock-out days (product days)', 'stockout_days', 0, ''),
                 (9, 'Products out of stock now', 'out_of_stock_products', 0, ''),
                 (10, 'Dead stock (products)', 'dead_stock_products', 0, ''),
                 (11, 'Dead stock (value)', 'dead_stock_value', 0, '')) AS f(o, label, key, decimals, unit);
  blocks := blocks OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_array(
    pg_catalog.jsonb_build_object('heading', 'Stock and other figures'),
    pg_catalog.jsonb_build_object('table', pg_catalog.jsonb_build_object(
      'columns', pg_catalog.jsonb_build_array('Figure', 'Value'), 'align', 'lr', 'rows', rows)));

  -- revenue by day, week or month
  grain := CASE WHEN period_end - period_start < 31 THEN 'day'
                WHEN period_end - period_start < 190 THEN 'week' ELSE 'month' END;
  SELECT pg_catalog.jsonb_build_object('bars', pg_catalog.jsonb_build_object(
           'caption', pg_catalog.format('Revenue (%s) by %s', k OPERATOR(pg_catalog.->>) 'currency', grain),
           'labels', pg_catalog.jsonb_agg(pg_catalog.to_char(t.period_start,
                       CASE grain WHEN 'month' THEN 'Mon YYYY' ELSE 'DD Mon' END) ORDER BY t.period_start),
           'values', pg_catalog.jsonb_agg(t.revenue ORDER BY t.period_start)))
    INTO rows
    FROM stokkel.stk_sales_trend(schema_name, tenant, period_start, period_end, grain) t;
  -- a chart holds 400 bars (33 years by month): a longer period has none
  IF pg_catalog.jsonb_array_length(rows OPERATOR(pg_catalog.#>) '{bars,values}') OPERATOR(pg_catalog.>) 400 THEN
    blocks := blocks OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object(
      'text', 'The period is too long for a chart of revenue by month (over 400 months).'));
  ELSIF rows OPERATOR(pg_catalog.#>) '{bars,values}' IS NOT NULL THEN
    blocks := blocks OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_array(rows);
  END IF;

  -- best sellers
  SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_array(t.rank, t.sku, t.name,
           stokkel.stk_report_number(t.revenue), stokkel.stk_report_number(t.units),
           stokkel.stk_report_number(100 * t.share, 1) OPERATOR(pg_catalog.||) pct,
           stokkel.stk_report_number(t.change_pct, 1) OPERATOR(pg_catalog.||) pct, t.abc_class)
           ORDER BY t.rank)
    INTO rows
    FROM stokkel.stk_top_products(schema_name, tenant, period_start, period_end, 'revenue', top_n) t;
  blocks := blocks OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_array(
    pg_catalog.jsonb_build_object('heading', pg_catalog.format('Top %s products by revenue', top_n)),
    CASE WHEN rows IS NULL THEN pg_catalog.jsonb_build_object('text', 'No sales in the period.')
         ELSE pg_catalog.jsonb_build_object('table', pg_catalog.jsonb_build_object(
           'columns', pg_catalog.jsonb_build_array('#', 'SKU', 'Product', 'Revenue', 'Units', 'Share',
                                                   'Change', 'ABC'),
           'align', 'rllrrrrc', 'rows', rows)) END);

  -- what to order, on the last day of the period
  SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_array(r.sku, r.name, r.supplier,
           stokkel.stk_report_number(r.on_hand::numeric), stokkel.stk_report_number(r.reorder_point::numeric, 1),
           stokkel.stk_report_number(r.order_qty::numeric), stokkel.stk_report_number(r.order_value),
           r.stockout_date) ORDER BY r.n) FILTER (WHERE r.n <= max_lines),
         pg_catalog.count(*) FILTER (WHERE r.n > max_lines)
    INTO rows, n_more
    FROM (SELECT r.*, pg_catalog.row_number() OVER (ORDER BY r.stockout_date NULLS LAST, r.product_id) AS n
            FROM stokkel.stk_reorder_recommendations(schema_name, tenant, period_end) r
           WHERE r.action OPERATOR(pg_catalog.=) 'order now') r;
  blocks := blocks OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_array(
    pg_catalog.jsonb_build_object('heading', pg_catalog.format('To order now (as of %s)', period_end)),
    CASE WHEN rows IS NULL THEN pg_catalog.jsonb_build_object('text', 'Nothing to order.')
         ELSE pg_catalog.jsonb_build_object('table', pg_catalog.jsonb_build_object(
           'columns', pg_catalog.jsonb_build_array('SKU', 'Product', 'Supplier', 'On hand', 'Reorder point',
                                                   'Order', 'Value', 'Runs out'),
           'align', 'lllrrrrr', 'rows', rows)) END);
  IF n_more > 0 THEN
    blocks := blocks OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object(
      'text', pg_catalog.format('... and %s more products to order (see the reorder list).', n_more)));
  END IF;

  -- open alerts raised up to the end of the period, newest first
  EXECUTE pg_catalog.format($q$
    SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_array(
             pg_catalog.to_char(a.created_at AT TIME ZONE $2, 'YYYY-MM-DD HH24:MI'), a.severity, a.kind, a.message)
             ORDER BY a.created_at DESC, a.alert_id DESC) FILTER (WHERE a.n <= $4),
           pg_catalog.count(*) FILTER (WHERE a.n > $4)
      FROM (SELECT a.*, pg_catalog.row_number() OVER (ORDER BY a.created_at DESC, a.alert_id DESC) AS n
              FROM %I.alerts a
             WHERE a.tenant_id OPERATOR(pg_catalog.=) $1 AND a.acknowledged_at IS NULL
               AND a.created_at OPERATOR(pg_catalog.<) (($3 OPERATOR(pg_catalog.+) 1)::timestamp AT TIME ZONE $2)) a$q$,
    schema_name)
    INTO rows, n_more USING tenant, tz, period_end, max_lines;
  blocks := blocks OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_array(
    pg_catalog.jsonb_build_object('heading', 'Open alerts'),
    CASE WHEN rows IS NULL THEN pg_catalog.jsonb_build_object('text', 'No open alerts.')
         ELSE pg_catalog.jsonb_build_object('table', pg_catalog.jsonb_build_object(
           'columns', pg_catalog.jsonb_build_array('Raised', 'Severity', 'Kind', 'Message'),
           'align', 'llll', 'rows', rows)) END);
  IF n_more > 0 THEN
    blocks := blocks OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object(
      'text', pg_catalog.format('... and %s older open alerts.', n_more)));
  END IF;

  RETURN pg_catalog.jsonb_build_object(
    'title', pg_catalog.format('%s: sales and stock report', coalesce(shop, tenant)),
    'subtitle', pg_catalog.format('%s to %s (%s days), amounts in %s. Made %s (%s).',
                                  period_start, period_end, period_end - period_start + 1,
                                  k OPERATOR(pg_catalog.->>) 'currency',
                                  pg_catalog.to_char(pg_catalog.now() AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'), tz),
    'footer', pg_catalog.format('Stokkel report, %s, %s to %s', coalesce(shop, tenant), period_start, period_end),
    'blocks', blocks);
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_report(text, text, date, date, integer, integer) IS
  'The period report of a tenant of a retail schema as the JSON stk_pdf takes: the sales figures against the '
  'previous period and last year, stock figures (stk_dashboard_kpis), revenue by day, week or month '
  '(stk_sales_trend), the top_n products by revenue (stk_top_products), the products to order now on '
  'period_end (stk_reorder_recommendations, at most max_lines) and the open alerts raised by then (newest '
  'max_lines).  Errors as stk_dashboard_kpis.';

CREATE FUNCTION stokkel.stk_report_pdf(
  schema_name  text,
  tenant       text,
  period_start date,
  period_end   date,
  top_n        integer DEFAULT 10,
  max_lines    integer DEFAULT 40)
RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS $fn$
  SELECT stokkel.stk_pdf(stokkel.stk_report(schema_name, tenant, period_start, period_end, top_n, max_lines))
$fn$;
COMMENT ON FUNCTION stokkel.stk_report_pdf(text, text, date, date, integer, integer) IS
  'The period report (stk_report) as a PDF.';

CREATE FUNCTION stokkel.stk_api_def_report(api_schema text, retail_schema text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
  PERFORM stokkel.stk_api_run(api_schema, retail_schema, ARRAY[
    $f$CREATE FUNCTION %1$I.report(period_start date, period_end date, top_n integer DEFAULT 10,
                                    max_lines integer DEFAULT 40)
       RETURNS %1$I."application/pdf" LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $b$
         SELECT stokkel.stk_http_file(
                  stokkel.stk_report_pdf(%2$L, t, report.period_start, report.period_end, report.top_n,
                                         report.max_lines),
                  'application/pdf', pg_catalog.format('report-%%s-%%s.pdf', report.period_start, report.period_end))
           FROM %4$s AS t WHERE t IS NOT NULL
       $b$$f$,
    $f$COMMENT ON FUNCTION %1$I.report(date, date, integer, integer) IS
       'The period report as a PDF (Accept: application/pdf): sales against the previous period and last year, '
       'stock figures, revenue by day, week or month, the top_n products, what to order on period_end and the '
       'open alerts (see stokkel.stk_report).'$f$
  ]);
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_api_def_report(text, text) IS
  'Definer of the api''s report area (called by stk_create_api): function report.';
