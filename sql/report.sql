-- The period report: its content (stk_report) agrees with the functions it
-- reads, its PDF (stk_pdf) is well formed and deterministic, the api serves
-- it per tenant, and bad descriptions get SQLSTATEs.  The text of the PDF
-- is read back by pdftotext in test/export.
SET extra_float_digits = 0;
SET DateStyle = ISO;
SET TimeZone = 'Africa/Dakar';
SET client_min_messages = warning;

SELECT stokkel.stk_create_retail_schema('rep_shop');
SELECT count(*) > 0 AS generated FROM stokkel.stk_generate_sample_data('rep_shop', 12, 420, 5, tenant => 'dakar');
SELECT count(*) > 0 AS generated FROM stokkel.stk_generate_sample_data('rep_shop', 4, 60, 6, tenant => 'thies');
INSERT INTO rep_shop.alerts (tenant_id, kind, severity, product_id, message, created_at)
VALUES ('dakar', 'sales_spike', 'warning', 1, 'pic de ventes : 3× la normale', '2026-06-20 10:00+00'),
       ('dakar', 'stockout_risk', 'critical', 2, 'rupture probable', '2026-06-29 09:00+00'),
       ('dakar', 'sales_drop', 'warning', 3, 'after the period', '2026-07-05 09:00+00'),
       ('thies', 'sales_spike', 'warning', 1, 'thies only', '2026-06-20 10:00+00');

CREATE TEMP TABLE r AS
SELECT stokkel.stk_report('rep_shop', 'dakar', '2026-06-01', '2026-06-30', top_n => 5, max_lines => 3) AS j;

-- The outline: headings, and the kind of every block.
SELECT n, coalesce(b ->> 'heading', b ->> 'text', (SELECT string_agg(k, ',') FROM jsonb_object_keys(b) k)) AS block
  FROM r, jsonb_array_elements(j -> 'blocks') WITH ORDINALITY AS e(b, n)
 ORDER BY n;
SELECT j ->> 'title' AS title, j ->> 'footer' AS footer,
       j ->> 'subtitle' LIKE '2026-06-01 to 2026-06-30 (30 days), amounts in XOF. Made %' AS subtitle_ok
  FROM r;

-- The sales table against stk_dashboard_kpis, formatted.
SELECT row_number() OVER () AS n, x.*
  FROM r, jsonb_array_elements(j #> '{blocks,1,table,rows}') x;
SELECT k ->> 'revenue' AS revenue, k #>> '{previous_period,revenue}' AS previous,
       k #>> '{previous_period,revenue_change_pct}' AS change_pct,
       k #>> '{same_period_last_year,revenue}' AS last_year
  FROM stokkel.stk_dashboard_kpis('rep_shop', 'dakar', '2026-06-01', '2026-06-30') k;
SELECT (SELECT j #>> '{blocks,1,table,rows,0,1}' FROM r)
       = stokkel.stk_report_number((k ->> 'revenue')::numeric) AS revenue_agrees,
       (SELECT j #>> '{blocks,1,table,rows,0,2}' FROM r)
       = stokkel.stk_report_number((k #>> '{previous_period,revenue}')::numeric) AS previous_agrees
  FROM stokkel.stk_dashboard_kpis('rep_shop', 'dakar', '2026-06-01', '2026-06-30') k;
SELECT stokkel.stk_report_number(1234567.891, 2) AS two, stokkel.stk_report_number(-0.4) AS zero,
       stokkel.stk_report_number(NULL) AS null_stays, stokkel.stk_report_number(999.5) AS rounded,
       stokkel.stk_report_number(1e20) AS big, stokkel.stk_report_number(1e35) AS huge;

-- The chart: one bar a day (a 30-day period), the same revenue as stk_sales_trend.
SELECT jsonb_array_length(b #> '{bars,values}') AS bars, b #>> '{bars,caption}' AS caption,
       b #>> '{bars,labels,0}' AS first_label,
       (b #> '{bars,values}') = (SELECT jsonb_agg(t.revenue ORDER BY t.period_start)
                                   FROM stokkel.stk_sales_trend('rep_shop', 'dakar', '2026-06-01', '2026-06-30', 'day') t)
         AS same_as_trend
  FROM r, jsonb_array_elements(j -> 'blocks') b WHERE b ? 'bars';

-- The top products: the same ranks and products as stk_top_products.
SELECT (SELECT jsonb_agg(jsonb_build_array(x ->> 0, x ->> 1, x ->> 3))
          FROM jsonb_array_elements(b #> '{table,rows}') x)
       = (SELECT jsonb_agg(jsonb_build_array(t.rank::text, t.sku, stokkel.stk_report_number(t.revenue)) ORDER BY t.rank)
            FROM stokkel.stk_top_products('rep_shop', 'dakar', '2026-06-01', '2026-06-30', 'revenue', 5) t)
         AS same_as_top_products,
       jsonb_array_length(b #> '{table,rows}') AS top_rows
  FROM r, jsonb_array_elements(j -> 'blocks') WITH ORDINALITY e(b, n)
 WHERE b #>> '{table,columns,2}' = 'Product' AND b #>> '{table,columns,0}' = '#';

-- To order: at most max_lines rows, the rest counted; the products are the
-- first "order now" lines of stk_reorder_recommendations by stock-out date.
WITH rec AS (
  SELECT x.sku, row_number() OVER (ORDER BY x.stockout_date NULLS LAST, x.product_id) AS n, count(*) OVER () AS total
    FROM stokkel.stk_reorder_recommendations('rep_shop', 'dakar', '2026-06-30') x
   WHERE x.action = 'order now')
SELECT (SELECT jsonb_agg(x ->> 0) FROM r, jsonb_array_elements(j -> 'blocks') b, jsonb_array_elements(b #> '{table,rows}') x
         WHERE b #>> '{table,columns,0}' = 'SKU')
       = (SELECT jsonb_agg(sku ORDER BY n) FROM rec WHERE n <= 3) AS same_as_reorder_list,
       (SELECT max(total) FROM rec) > 3 AS more_than_three,
       (SELECT b ->> 'text' FROM r, jsonb_array_elements(j -> 'blocks') b
         WHERE b ->> 'text' LIKE '... and % more products to order%')
       = format('... and %s more products to order (see the reorder list).', (SELECT max(total) - 3 FROM rec))
         AS rest_counted;

-- Open alerts: the tenant's own, raised by the end of the period, newest first.
SELECT x FROM r, jsonb_array_elements(j -> 'blocks') b, jsonb_array_elements(b #> '{table,rows}') x
 WHERE b #>> '{table,columns,0}' = 'Raised';

-- The PDF: a header, an end marker, pages, the same bytes for the same report.
CREATE TEMP TABLE p AS SELECT stokkel.stk_pdf(j) AS pdf FROM r;
SELECT substr(pdf, 1, 8) = '%PDF-1.3'::bytea AS header,
       position('%%EOF'::bytea IN substr(pdf, length(pdf) - 7)) > 0 AS eof_marker,
       (length(encode(pdf, 'escape')) - length(replace(encode(pdf, 'escape'), '/Type /Page', ''))) / 11
       - (length(encode(pdf, 'escape')) - length(replace(encode(pdf, 'escape'), '/Type /Pages', ''))) / 12 AS pages,
       md5(pdf) = md5(stokkel.stk_pdf((SELECT j FROM r))) AS deterministic
  FROM p;
SELECT length(stokkel.stk_report_pdf('rep_shop', 'dakar', '2026-06-01', '2026-06-30', 5, 3)) > 1000 AS report_pdf;
-- a period of 35 years: no chart (over 400 months), said so
SELECT b FROM jsonb_array_elements(stokkel.stk_report('rep_shop', 'dakar', '1992-01-01', '2026-12-31', 3, 3) -> 'blocks') b
 WHERE b ->> 'text' LIKE 'The period%' OR b ? 'bars';
-- a report without sales or alerts says so
SELECT b FROM jsonb_array_elements(stokkel.stk_report('rep_shop', 'thies', '2020-01-01', '2020-01-31') -> 'blocks') b
 WHERE b ? 'text';

-- A small description with every block kind, and its edge cases.
SELECT length(stokkel.stk_pdf($${"title": "Épicerie", "blocks": [
  {"heading": "Cr\u00e8me"}, {"text": "one\ntwo"},
  {"table": {"columns": ["a", "b", "c"], "align": "lrc", "rows": [["x", 1.5, null], [true, -2, "€"]]}},
  {"table": {"columns": ["empty"], "rows": []}},
  {"bars": {"labels": ["mon", null], "values": [0, 0]}},
  {"bars": {"labels": ["a", "b", "c"], "values": [-5, 10, 1e300], "caption": "negative and huge"}}]}$$)) > 0 AS ok;

-- Hostile sizes: a word of 100,000 characters in the text and the footer (a
-- cell or line is cut with an ellipsis in one pass, not measured prefix by
-- prefix), bars at +-1e308
SELECT length(stokkel.stk_pdf(jsonb_build_object('title', repeat('T', 70000), 'footer', repeat('W', 100000),
         'blocks', jsonb_build_array(jsonb_build_object('text', repeat('W', 100000)),
                                     jsonb_build_object('bars', '{"labels": ["a", "b"], "values": [1e308, -1e308]}'::jsonb)))))
       > 0 AS hostile_sizes;

-- Errors.
SELECT regress.err($$SELECT stokkel.stk_pdf('[]')$$);
SELECT regress.err($$SELECT stokkel.stk_pdf('{"blocks": []}')$$);
SELECT regress.err($$SELECT stokkel.stk_pdf('{"title": 1}')$$);
SELECT regress.err($$SELECT stokkel.stk_pdf('{"title": "t", "blocks": {}}')$$);
SELECT regress.err($$SELECT stokkel.stk_pdf('{"title": "t", "blocks": [1]}')$$);
SELECT regress.err($$SELECT stokkel.stk_pdf('{"title": "t", "blocks": [{"heading": "a", "text": "b"}]}')$$);
SELECT regress.err($$SELECT stokkel.stk_pdf('{"title": "t", "blocks": [{"image": "x"}]}')$$);
SELECT regress.err($$SELECT stokkel.stk_pdf('{"title": "t", "blocks": [{"table": []}]}')$$);
SELECT regress.err($$SELECT stokkel.stk_pdf('{"title": "t", "blocks": [{"table": {"columns": [], "rows": []}}]}')$$);
SELECT regress.err($$SELECT stokkel.stk_pdf(jsonb_build_object('title', 't', 'blocks', jsonb_build_array(jsonb_build_object(
  'table', jsonb_build_object('columns', (SELECT jsonb_agg(i::text) FROM generate_series(1, 25) i), 'rows', '[]'::jsonb)))))$$);
SELECT regress.err($$SELECT stokkel.stk_pdf('{"title": "t", "blocks": [{"table": {"columns": [1], "rows": []}}]}')$$);
SELECT regress.err($$SELECT stokkel.stk_pdf('{"title": "t", "blocks": [{"table": {"columns": ["a"], "rows": [[1, 2]]}}]}')$$);
SELECT regress.err($$SELECT stokkel.stk_pdf('{"title": "t", "blocks": [{"table": {"columns": ["a"], "rows": [[[1]]]}}]}')$$);
SELECT regress.err($$SELECT stokkel.stk_pdf('{"title": "t", "blocks": [{"table": {"columns": ["a"], "rows": [], "align": "x"}}]}')$$);
SELECT regress.err($$SELECT stokkel.stk_pdf('{"title": "t", "blocks": [{"table": {"columns": ["a"], "rows": [], "align": "lr"}}]}')$$);
SELECT regress.err($$SELECT stokkel.stk_pdf('{"title": "t", "blocks": [{"bars": {"labels": ["a"], "values": []}}]}')$$);
SELECT regress.err($$SELECT stokkel.stk_pdf('{"title": "t", "blocks": [{"bars": {"labels": ["a"], "values": ["1"]}}]}')$$);
SELECT regress.err($$SELECT stokkel.stk_pdf('{"title": "t", "blocks": [{"bars": {"labels": [1], "values": [1]}}]}')$$);
SELECT regress.err($$SELECT stokkel.stk_pdf('{"title": "t", "blocks": [{"bars": {"labels": ["a"], "values": [1e400]}}]}')$$);
SELECT regress.err($$SELECT stokkel.stk_pdf(jsonb_build_object('title', 't', 'blocks',
  (SELECT jsonb_agg('{"text": "x"}'::jsonb) FROM generate_series(1, 1001))))$$);
SELECT regress.err($$SELECT stokkel.stk_pdf(jsonb_build_object('title', 't', 'blocks', jsonb_build_array(jsonb_build_object(
  'table', jsonb_build_object('columns', '["a", "b"]'::jsonb,
                              'rows', (SELECT jsonb_agg('[1, 2]'::jsonb) FROM generate_series(1, 100000)))))))$$);
SELECT regress.err($$SELECT stokkel.stk_pdf(jsonb_build_object('title', 't', 'blocks', jsonb_build_array(jsonb_build_object(
  'table', jsonb_build_object('columns', '["a"]'::jsonb,
                              'rows', (SELECT jsonb_agg('[1]'::jsonb) FROM generate_series(1, 70000)))))))$$);
SELECT stokkel.stk_pdf(NULL) IS NULL AS strict;
SELECT regress.err($$SELECT stokkel.stk_report('rep_shop', 'dakar', '2026-06-30', '2026-06-01')$$);
SELECT regress.err($$SELECT stokkel.stk_report('rep_shop', 'dakar', '2026-06-01', '2026-06-30', 0)$$);
SELECT regress.err($$SELECT stokkel.stk_report('rep_shop', 'dakar', '2026-06-01', '2026-06-30', 10, 1001)$$);
SELECT regress.err($$SELECT stokkel.stk_report('rep_shop', NULL, '2026-06-01', '2026-06-30')$$);
SELECT regress.err($$SELECT stokkel.stk_report('no_shop', 'dakar', '2026-06-01', '2026-06-30')$$);

-- Through the api, as PostgREST calls it: the tenant of the token only.
SELECT stokkel.stk_create_api('rep_shop', 'rep_api', 'regress_rep_anon', 'regress_rep_user', 'regress_rep_admin');
SELECT pg_get_function_result('rep_api.report(date,date,integer,integer)'::regprocedure) AS returns,
       has_function_privilege('regress_rep_anon', 'rep_api.report(date,date,integer,integer)', 'EXECUTE') AS anon,
       has_function_privilege('regress_rep_user', 'rep_api.report(date,date,integer,integer)', 'EXECUTE') AS "user";
BEGIN;
SET LOCAL ROLE regress_rep_user;
SELECT set_config('request.jwt.claims', '{"role": "regress_rep_user", "tenant_id": "dakar"}', true) IS NOT NULL AS claims;
SELECT md5(rep_api.report('2026-06-01', '2026-06-30', 5, 3))
       = md5(stokkel.stk_report_pdf('rep_shop', 'dakar', '2026-06-01', '2026-06-30', 5, 3)) AS same_pdf,
       length(rep_api.report('2026-06-01', '2026-06-30')) > length(rep_api.report('2026-06-01', '2026-06-30', 5, 3))
         AS longer_with_more_lines;
SELECT current_setting('response.headers') AS headers;
ROLLBACK;
BEGIN;
SET LOCAL ROLE regress_rep_user;
SELECT set_config('request.jwt.claims', '{"role": "regress_rep_user"}', true) IS NOT NULL AS claims;
SELECT rep_api.report('2026-06-01', '2026-06-30') IS NULL AS no_tenant_no_report;
ROLLBACK;
BEGIN;
SET LOCAL ROLE regress_rep_anon;
SELECT regress.err($$SELECT rep_api.report('2026-06-01', '2026-06-30')$$);
ROLLBACK;
