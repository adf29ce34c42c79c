-- The HTTP API at the SQL level, as PostgREST drives it: per request
-- BEGIN; SET LOCAL ROLE; set_config('request.jwt.claims', ..., true); the
-- call; COMMIT or ROLLBACK.  Imports with row reports, exports, and the
-- SQLSTATEs of bad input.
SET extra_float_digits = 0;
SET DateStyle = ISO;
SET TimeZone = 'Africa/Dakar';
SET client_min_messages = warning;

SELECT stokkel.stk_create_retail_schema('api_shop');
SELECT count(*) > 0 AS generated FROM stokkel.stk_generate_sample_data('api_shop', 5, 60, 3, tenant => 'dakar');
SELECT count(*) > 0 AS generated FROM stokkel.stk_generate_sample_data('api_shop', 5, 60, 4, tenant => 'thies');
SELECT stokkel.stk_create_api('api_shop', 'api_v1', 'regress_anon', 'regress_user', 'regress_admin');

-- What was made: views, functions (with their privileges), media types.
SELECT c.relname, c.reloptions FROM pg_class c
 WHERE c.relnamespace = 'api_v1'::regnamespace ORDER BY 1;
SELECT p.proname, p.provolatile AS vol, p.prosecdef AS definer,
       has_function_privilege('regress_anon', p.oid, 'EXECUTE') AS anon,
       has_function_privilege('regress_user', p.oid, 'EXECUTE') AS "user",
       has_function_privilege('regress_admin', p.oid, 'EXECUTE') AS admin
  FROM pg_proc p WHERE p.pronamespace = 'api_v1'::regnamespace ORDER BY 1;
SELECT t.typname, format_type(t.typbasetype, NULL) AS base FROM pg_type t
 WHERE t.typnamespace = 'api_v1'::regnamespace AND t.typtype = 'd' ORDER BY 1;

-- A request of a user of tenant dakar.
BEGIN;
SET LOCAL ROLE regress_user;
SELECT set_config('request.jwt.claims', '{"role": "regress_user", "tenant_id": "dakar"}', true) IS NOT NULL AS claims;
SELECT tenant_id, name, currency, timezone, role FROM api_v1.me();
SELECT count(*) AS products, count(DISTINCT tenant_id) AS tenants FROM api_v1.products;
SELECT step, period_start, round(point::numeric, 3) AS point, round(p10::numeric, 3) AS p10,
       round(p90::numeric, 3) AS p90, p10 <= p50 AND p50 <= p90 AS ordered, status
  FROM api_v1.forecast(product_id => 1, horizon => 3, history_days => 60);
-- the selling prices as a regressor of prophet, as the user (read under the tenant policy)
SELECT count(*) AS steps, min(model) AS model, bool_and(status = 'ok') AS ok
  FROM api_v1.forecast(product_id => 1, horizon => 3, method => 'prophet', history_days => 60, price_effect => true);
SELECT regress.err($$SELECT count(*) FROM api_v1.forecast(1, price_effect => true)$$) AS price_effect_auto;
-- the same regressor in the backtest (each window reads the prices of its
-- horizon) and in the chart
SELECT count(*) AS rows, min(model) AS model, bool_and(status = 'ok') AS ok
  FROM api_v1.backtest(product_id => 1, horizon => 3, windows => 2, method => 'prophet', history_days => 60,
                       price_effect => true);
SELECT regress.err($$SELECT count(*) FROM api_v1.backtest(1, price_effect => true)$$) AS backtest_price_effect_auto;
SELECT regress.err($$SELECT count(*) FROM api_v1.backtest(999, price_effect => true)$$) AS unknown_product_too;
SELECT regress.err($$SELECT count(*) FROM api_v1.backtest(1, method => 'prophet', price_effect => NULL)$$) AS backtest_null;
SELECT xml_is_well_formed_document(api_v1.forecast_chart(1, 7, method => 'prophet', price_effect => true)::text)
         AS chart_well_formed;
SELECT regress.err($$SELECT api_v1.forecast_chart(1, price_effect => true)$$) AS chart_price_effect_auto;
SELECT rank, sku, revenue, units FROM api_v1.top_products('2026-06-01', '2026-06-30', n => 3);
SELECT kpi, value, note FROM api_v1.dashboard_kpis('2026-06-01', '2026-06-30')
 WHERE kpi IN ('revenue', 'units', 'currency', 'previous_period.revenue') ORDER BY kpi;
COMMIT;

-- The same calls agree with the functions they wrap.
SELECT (SELECT count(*) FROM api_shop.products WHERE tenant_id = 'dakar') AS dakar_products;
SELECT rank, sku, revenue, units
  FROM stokkel.stk_top_products('api_shop', 'dakar', '2026-06-01', '2026-06-30', n => 3);

-- No tenant in the token: nothing.  A tenant that does not exist: 28000.
BEGIN;
SET LOCAL ROLE regress_user;
SELECT set_config('request.jwt.claims', '{"role": "regress_user"}', true) IS NOT NULL AS claims;
SELECT count(*) AS products FROM api_v1.products;
SELECT count(*) AS forecast_rows FROM api_v1.forecast(1);
SELECT api_v1.forecast_csv(1) IS NULL AS no_csv, api_v1.forecast_chart(1) IS NULL AS no_chart;
SELECT regress.err($$SELECT api_v1.import_sales('sku,sold_at,quantity')$$);
SELECT set_config('request.jwt.claims', '{"role": "regress_user", "tenant_id": "nowhere"}', true) IS NOT NULL AS claims;
SELECT regress.err($$SELECT count(*) FROM api_v1.products$$);
SELECT regress.err($$SELECT count(*) FROM api_v1.forecast(1)$$);
SELECT set_config('request.jwt.claims', '{not json', true) IS NOT NULL AS claims;
SELECT regress.err($$SELECT count(*) FROM api_v1.products$$);
ROLLBACK;

-- The anonymous role: the health check only.
BEGIN;
SET LOCAL ROLE regress_anon;
SELECT service, version FROM api_v1.health();
SELECT regress.err($$SELECT count(*) FROM api_v1.products$$);
SELECT regress.err($$SELECT count(*) FROM api_v1.forecast(1)$$);
SELECT regress.err($$SELECT count(*) FROM api_shop.sales$$);
ROLLBACK;

-- Admin-only: a user is refused, the admin may.
BEGIN;
SET LOCAL ROLE regress_user;
SELECT set_config('request.jwt.claims', '{"role": "regress_user", "tenant_id": "dakar"}', true) IS NOT NULL AS claims;
SELECT regress.err($$SELECT api_v1.set_setting('service_level', '0.9')$$);
SELECT regress.err($$SELECT api_v1.import_products(E'sku,name,unit_price\nX,Y,1\n')$$);
ROLLBACK;
BEGIN;
SET LOCAL ROLE regress_admin;
SELECT set_config('request.jwt.claims', '{"role": "regress_admin", "tenant_id": "dakar"}', true) IS NOT NULL AS claims;
SELECT api_v1.set_setting('service_level', '0.9');
-- alert thresholds only through set_alert_setting (checked): a bad value
-- written here once stopped the alerts of every tenant
SELECT regress.err($$SELECT api_v1.set_setting('alerts.sales_spike.probability', '"oops"')$$);
SELECT (r).kind, (r).rows_read, (r).accepted, (r).rejected, (r).written, (r).committed, (r).errors
  FROM (SELECT api_v1.import_products(
    E'sku,name,unit_price,category,unit_cost,pack_size,moq,active\n'
    'THE-0001,Thé vert 100g,750,Boissons,500,12,1,oui\n'
    '"BIS-0002","Biscuits ""Choco"", 200g",400,Épicerie,250,24,0,true\n'
    'THE-0001,Thé vert bis,760,,,,,\n'
    'SUC-0003,Sucre 1kg,-5,,,,,\n'
    'FAR-0004,Farine,300,,,0,,\n'
    'SEL-0005,Sel,100,,,,,peut-être\n', 'commit_good') AS r) x;
SELECT sku, name, unit_price, category, unit_cost, pack_size, moq, active
  FROM api_v1.products WHERE sku IN ('THE-0001', 'BIS-0002') ORDER BY sku;
COMMIT;

-- Sales import: every rejected row reported with its line and reason.
BEGIN;
SET LOCAL ROLE regress_user;
SELECT set_config('request.jwt.claims', '{"role": "regress_user", "tenant_id": "dakar"}', true) IS NOT NULL AS claims;
-- all_or_nothing: one bad row, nothing written
SELECT (r).rows_read, (r).accepted, (r).rejected, (r).written, (r).committed, (r).errors
  FROM (SELECT api_v1.import_sales(
    E'sku,sold_at,quantity,unit_price,customer_id\r\n'
    'THE-0001,2026-07-01 09:15,2,,\r\n'
    '\r\n'
    'THE-0001,2026-07-01T10:00:00Z,1,700,3\r\n'
    'NOPE-9,2026-07-01,1,,\r\n'
    'BIS-0002,2026-07-02,"3",400,\r\n') AS r) x;
SELECT count(*) AS sales_after_all_or_nothing FROM api_v1.sales WHERE sold_at >= '2026-07-01';
-- a row of thousands of fields: all counted (not kept); a bad field is
-- quoted to at most 40 bytes of whole characters
SELECT (r).rejected, (r).errors
  FROM (SELECT api_v1.import_sales(E'sku,sold_at,quantity\n' || 'THE-0001,2026-07-01,1' || repeat(',', 5000)
                                   || E'\nTHE-0001,2026-07-01,' || repeat('é', 30) || E'\n') AS r) x;
-- commit_good: the good rows are written, the bad ones reported
SELECT (r).rows_read, (r).accepted, (r).rejected, (r).written, (r).committed, (r).errors
  FROM (SELECT api_v1.import_sales(
    E'\xEF\xBB\xBFSold_At,SKU,Quantity\n'
    '2026-07-01 09:15,THE-0001,2\n'
    '2026-07-01 09:16,THE-0001,0\n'
    '2026-07-01 25:00,THE-0001,1\n'
    '2026-02-30,THE-0001,1\n'
    '2026-07-01,THE-0001,1e400\n'
    '2026-07-01,THE-0001,NaN\n'
    '2026-07-01,"THE-0001"x,1\n'
    '2026-07-01,THE-0001\n'
    '2026-07-01,,1\n'
    '2026-07-01 11:00+02,BIS-0002,-1\n'
    '"2026-07-01 12:00","BIS-0002","2"\n', 'commit_good') AS r) x;
SELECT s.sold_at, p.sku, s.quantity, s.unit_price
  FROM api_v1.sales s JOIN api_v1.products p USING (tenant_id, product_id)
 WHERE s.sold_at >= '2026-07-01' ORDER BY s.sold_at, p.sku;
-- semicolons, decimal commas and day-first dates (a French spreadsheet's CSV)
SELECT (r).rows_read, (r).written, (r).errors
  FROM (SELECT api_v1.import_sales(E'sku;sold_at;quantity;unit_price\nTHE-0001;03/07/2026 08:00;1,5;"700,50"\n',
                                   'commit_good') AS r) x;
SELECT s.sold_at, s.quantity, s.unit_price FROM api_v1.sales s JOIN api_v1.products p USING (tenant_id, product_id)
 WHERE p.sku = 'THE-0001' AND s.quantity = 1.5;
-- stock: the level is replaced, the difference booked as an adjustment
SELECT (r).rows_read, (r).written, (r).errors
  FROM (SELECT api_v1.import_stock(E'sku,on_hand,reserved\nTHE-0001,24,2\nBIS-0002,10,\nBIS-0002,11,\nNOPE,1,\n',
                                   'commit_good') AS r) x;
SELECT sku, on_hand, reserved, available FROM api_v1.stock WHERE sku IN ('THE-0001', 'BIS-0002') ORDER BY sku;
COMMIT;
SELECT p.sku, m.quantity, m.kind, m.reference FROM api_shop.stock_movements m
  JOIN api_shop.products p USING (tenant_id, product_id)
 WHERE m.tenant_id = 'dakar' AND m.reference = 'stock import' ORDER BY p.sku;
-- tenant thies saw none of it
SELECT count(*) AS thies_rows FROM api_shop.products WHERE tenant_id = 'thies' AND sku IN ('THE-0001', 'BIS-0002');

-- Raw CSV body (PostgREST: Content-Type text/plain) with the mode in a header.
BEGIN;
SET LOCAL ROLE regress_user;
SELECT set_config('request.jwt.claims', '{"role": "regress_user", "tenant_id": "dakar"}', true) IS NOT NULL AS claims;
SELECT set_config('request.headers', '{"x-import-mode": "commit_good"}', true) IS NOT NULL AS headers;
SELECT (r).rows_read, (r).written, (r).committed, (r).errors
  FROM (SELECT api_v1.import_sales_csv(E'sku,sold_at,quantity\nTHE-0001,2026-07-04,1\nX,2026-07-04,1\n') AS r) x;
ROLLBACK;

-- Whole-file errors: SQLSTATEs.
BEGIN;
SET LOCAL ROLE regress_user;
SELECT set_config('request.jwt.claims', '{"role": "regress_user", "tenant_id": "dakar"}', true) IS NOT NULL AS claims;
SELECT regress.err($$SELECT api_v1.import_sales('')$$);
SELECT regress.err($$SELECT api_v1.import_sales(E'sku,sold_at,quantity\nTHE-0001,"2026-07-01,1\n')$$);
SELECT regress.err($$SELECT api_v1.import_sales(E'sku,sold_at\nTHE-0001,2026-07-01\n')$$);
SELECT regress.err($$SELECT api_v1.import_sales(E'sku,sold_at,quantity,colour\nTHE-0001,2026-07-01,1,red\n')$$);
SELECT regress.err($$SELECT api_v1.import_sales(E'sku,sku,sold_at,quantity\n')$$);
-- a header of thousands of columns is refused before it costs memory
SELECT regress.err($$SELECT api_v1.import_sales('sku,sold_at,quantity' || repeat(',x', 2000))$$);
SELECT regress.err($$SELECT api_v1.import_sales(E'sku,sold_at,quantity\n', 'some')$$);
SELECT regress.err($$SELECT api_v1.import_sales(NULL)$$);
SELECT regress.err($$SELECT * FROM api_v1.import_xlsx('\x504b0304'::bytea)$$);
SELECT regress.err($$SELECT * FROM api_v1.import_xlsx(convert_to('not a workbook at all, just some text', 'UTF8'))$$);
SELECT regress.err($$SELECT * FROM api_v1.import_xlsx(stokkel.stk_xlsx('[{"name": "other", "columns": ["a"], "rows": [[1]]}]'))$$);
SELECT regress.err($$SELECT * FROM api_v1.import_xlsx(stokkel.stk_xlsx('[{"name": "sales", "columns": ["sku", "when"], "rows": [["THE-0001", 1]]}]'))$$);
-- an empty sales sheet: no header row (22P04, naming the sheet)
SELECT regress.err($$SELECT * FROM api_v1.import_xlsx(stokkel.stk_xlsx('[{"name": "sales", "columns": [], "rows": []}]'))$$);
ROLLBACK;

-- The typed reader under the importers: each field converted once to its
-- column's type (timestamps in the session's zone, a decimal comma after
-- semicolons); a bad record keeps its line and reason, its fields NULL.
BEGIN;
SET LOCAL TimeZone = 'Africa/Lagos';
SELECT * FROM stokkel.stk_csv_records(
  E'A,b,c,d,e,f,g\n1,x,-2.50,2026-02-28,2026-03-01 10:00,yes,7\n2,,abc,,,,\n3,y,1e5,2026-02-30,,,\n\n"4","q,""r""",,,2026-03-01 10:00+02:00,no,\n',
  '{a:int8!,b:text,c:numeric,d:date,e:timestamptz,f:bool,g:int4}')
  AS r(line integer, error text, a bigint, b text, c numeric, d date, e timestamptz, f boolean, g integer);
SELECT * FROM stokkel.stk_csv_records(E'sku;quantity\nTHE-0001;2,5\n', '{sku:text!,quantity:numeric!}')
  AS r(line integer, error text, sku text, quantity numeric);
-- after semicolons, dates are day-first as French spreadsheets write them
-- (DD/MM/YYYY, or ISO); a bad one is reported as the file has it; after
-- commas DD/MM/YYYY stays an error (07/01 could be either)
SELECT * FROM stokkel.stk_csv_records(
  E'd;e\n01/07/2026;31/12/2026 23:59\n2026-07-02;02/07/2026\n31/02/2026;01/07/2026\n2026-07-03;31/04/2026 10:00\n2026-07-03;1/7/2026 10:00\n',
  '{d:date,e:timestamptz}') AS r(line integer, error text, d date, e timestamptz);
SELECT * FROM stokkel.stk_csv_records(E'd,e\n01/07/2026,2026-07-01\n', '{d:date,e:timestamptz}')
  AS r(line integer, error text, d date, e timestamptz);
-- and numbers may have digit groups (space, no-break space, narrow
-- no-break space) between groups of three digits; a bad one is reported as
-- the file wrote it
SELECT * FROM stokkel.stk_csv_records(
  E'q;p\n13 500,50;1\u00a0250\u00a0000\n2\u202f500;-1 000,5\n1 5;1\n12 345,6 7;1\n',
  '{q:numeric,p:numeric}') AS r(line integer, error text, q numeric, p numeric);
ROLLBACK;
-- the column definition list must fit the specs: 42804
SELECT regress.err($$SELECT * FROM stokkel.stk_csv_records(E'a\n1\n', '{a:int8!}') AS r(line integer, error text, a integer)$$);
SELECT regress.err($$SELECT * FROM stokkel.stk_csv_records(E'a\n1\n', '{a:int8!}') AS r(line integer, error text)$$);
SELECT regress.err($$SELECT * FROM stokkel.stk_csv_records(E'a\n1\n', '{a:int8!}') AS r(line bigint, error text, a bigint)$$);
SELECT regress.err($$SELECT stokkel.stk_csv_records(E'a\n1\n', '{a:int8!}')$$);

-- xlsx import: the same sheets; numbers in date columns are Excel dates.
BEGIN;
SET LOCAL ROLE regress_admin;
SELECT set_config('request.jwt.claims', '{"role": "regress_admin", "tenant_id": "dakar"}', true) IS NOT NULL AS claims;
SELECT (r).kind, (r).rows_read, (r).accepted, (r).rejected, (r).written, (r).committed, (r).errors
  FROM api_v1.import_xlsx(stokkel.stk_xlsx($$[
    {"name": "sales", "columns": ["sku", "sold_at", "quantity"],
     "rows": [["CAF-0009", 46205.5, 2], ["CAF-0009", "2026-07-05 10:00", 1], ["NOPE", 46205, 1], ["CAF-0009", "x", 1]]},
    {"name": "products", "columns": ["sku", "name", "unit_price"], "rows": [["CAF-0009", "Café Touba 250g", 1500]]}
  ]$$)) AS r;
SELECT set_config('request.headers', '{"x-import-mode": "commit_good"}', true) IS NOT NULL AS headers;
SELECT (r).kind, (r).rows_read, (r).written, (r).committed, (r).errors
  FROM api_v1.import_xlsx(stokkel.stk_xlsx($$[
    {"name": "sales", "columns": ["sku", "sold_at", "quantity"],
     "rows": [["CAF-0009", 46205.5, 2], ["CAF-0009", "2026-07-05 10:00", 1], ["NOPE", 46205, 1], ["CAF-0009", "x", 1]]},
    {"name": "products", "columns": ["sku", "name", "unit_price"], "rows": [["CAF-0009", "Café Touba 250g", 1500]]}
  ]$$)) AS r;
SELECT s.sold_at, s.quantity, s.unit_price FROM api_v1.sales s JOIN api_v1.products p USING (tenant_id, product_id)
 WHERE p.sku = 'CAF-0009' ORDER BY s.sold_at;
ROLLBACK;
-- a user may import a workbook's sales and stock, not its products
BEGIN;
SET LOCAL ROLE regress_user;
SELECT set_config('request.jwt.claims', '{"role": "regress_user", "tenant_id": "dakar"}', true) IS NOT NULL AS claims;
SELECT regress.err($$SELECT * FROM api_v1.import_xlsx(stokkel.stk_xlsx('[{"name": "products", "columns": ["sku", "name", "unit_price"], "rows": [["CAF-0010", "Café", 1]]}]'))$$);
ROLLBACK;

-- Exports: CSV text, xlsx bytes with the response headers, SVG.
BEGIN;
SET LOCAL ROLE regress_user;
SELECT set_config('request.jwt.claims', '{"role": "regress_user", "tenant_id": "dakar"}', true) IS NOT NULL AS claims;
SELECT api_v1.kpis_csv('2026-06-01', '2026-06-30') ~ '^kpi,value,note\n' AS kpi_header,
       (SELECT count(*) FROM regexp_split_to_table(api_v1.kpis_csv('2026-06-01', '2026-06-30'), E'\n') l WHERE l <> '')
         = 1 + (SELECT count(*) FROM api_v1.dashboard_kpis('2026-06-01', '2026-06-30')) AS one_line_per_kpi;
SELECT split_part(api_v1.forecast_csv(1, 2), E'\n', 1) AS header;
SELECT substr(api_v1.forecast_xlsx(1, 2), 1, 2) AS zip_magic, current_setting('response.headers') AS headers;
SELECT xml_is_well_formed_document(api_v1.forecast_chart(1)) AS svg_well_formed,
       (xpath('count(//svg:polygon)', api_v1.forecast_chart(1)::xml,
              ARRAY[ARRAY['svg', 'http://www.w3.org/2000/svg']]))[1]::text AS fans,
       (xpath('count(//svg:polyline)', api_v1.forecast_chart(1)::xml,
              ARRAY[ARRAY['svg', 'http://www.w3.org/2000/svg']]))[1]::text AS lines;
SELECT regress.err($$SELECT api_v1.forecast_chart(999999)$$);
ROLLBACK;
-- a product name with characters XML cannot hold still gives a well-formed SVG
BEGIN;
UPDATE api_shop.products SET name = E'Caf\x01\x0b\x1f <&> "é"' WHERE tenant_id = 'dakar' AND product_id = 1;
SELECT xml_is_well_formed_document(stokkel.stk_forecast_svg('api_shop', 'dakar', 1)) AS svg_well_formed,
       (xpath('string(//svg:title)', stokkel.stk_forecast_svg('api_shop', 'dakar', 1)::xml,
              ARRAY[ARRAY['svg', 'http://www.w3.org/2000/svg']]))[1]::text AS title;
ROLLBACK;

-- The xlsx writer and the ZIP reader read each other (the external check is
-- test/export/test_export.sh, with Python's zipfile and Chromium).
SELECT stokkel.stk_xlsx_sheet_csv(stokkel.stk_xlsx(jsonb_build_array(
         stokkel.stk_xlsx_sheet('kpis', '[{"kpi": "revenue", "value": 1234.5, "note": null},
                                          {"kpi": "currency", "value": null, "note": "X<O>F & \"co\""}]'::json))),
       'kpis', ARRAY['kpi:text', 'value:numeric', 'note:text']);
SELECT stokkel.stk_csv('[{"a": 1, "b": "x,y"}, {"a": null, "b": "say \"hi\""}]');
SELECT regress.err($$SELECT stokkel.stk_xlsx('[{"name": "a/b", "columns": [], "rows": []}]')$$);
SELECT regress.err($$SELECT stokkel.stk_xlsx('[{"name": "x", "columns": [], "rows": [[1]]}, {"name": "x", "columns": [], "rows": []}]')$$);
SELECT regress.err($$SELECT stokkel.stk_xlsx('{"name": "x"}')$$);
SELECT regress.err($$SELECT stokkel.stk_xlsx('[{"name": "x", "rows": []}]')$$);
SELECT regress.err($$SELECT stokkel.stk_xlsx(jsonb_build_array(jsonb_build_object('name', 'x', 'columns', '[]'::jsonb, 'rows', jsonb_build_array(jsonb_build_array(repeat('x', 40000))))))$$);
-- a number beyond float8, and U+FFFF, would make a workbook Excel calls corrupt
SELECT regress.err($$SELECT stokkel.stk_xlsx('[{"name": "x", "columns": ["n"], "rows": [[1e400]]}]')$$);
SELECT regress.err($$SELECT stokkel.stk_xlsx('[{"name": "x", "columns": ["t"], "rows": [["a\uffffb"]]}]')$$);
-- sheet names count characters, not bytes: 31 accented letters fit, 32 do not
SELECT length(stokkel.stk_xlsx(jsonb_build_array(jsonb_build_object('name', repeat('é', 31), 'columns', '[]'::jsonb,
                                                                    'rows', '[]'::jsonb)))) > 0 AS thirty_one;
SELECT regress.err($$SELECT stokkel.stk_xlsx(jsonb_build_array(jsonb_build_object('name', repeat('é', 32), 'columns', '[]'::jsonb, 'rows', '[]'::jsonb)))$$);
SELECT regress.err($$SELECT stokkel.stk_zip_entry('\x00'::bytea, 'a')$$);
SELECT stokkel.stk_zip_entry(stokkel.stk_xlsx('[{"name": "x", "columns": [], "rows": []}]'), 'no/such/member') IS NULL AS absent;
-- every third byte of a workbook corrupted in turn: the member, or 22P03
-- (bad CRC, bad deflate data, bad directory), never another error
CREATE TEMP TABLE zip_fuzz AS
SELECT pos, regress.err(format($$SELECT length(stokkel.stk_zip_entry(set_byte(%L::bytea, %s, (get_byte(%L::bytea, %s) + 1) %% 256), 'xl/workbook.xml'))$$,
                               x, pos, x, pos)) AS err
  FROM (SELECT stokkel.stk_xlsx('[{"name": "x", "columns": [], "rows": []}]') AS x) w,
       generate_series(0, length(w.x) - 1, 3) AS pos;
SELECT count(*) FILTER (WHERE err LIKE '22P03%') > 10 AS detected,
       count(*) FILTER (WHERE err <> 'no error' AND err NOT LIKE '22P03%' AND err NOT LIKE '0A000%') AS other_errors
  FROM zip_fuzz;

-- stk_create_api refuses what it cannot do safely.
SELECT regress.err($$SELECT stokkel.stk_create_api('api_shop', 'api_v1')$$);
SELECT regress.err($$SELECT stokkel.stk_create_api('no_such_shop')$$);
SELECT regress.err($$SELECT stokkel.stk_create_api('api_shop', 'public')$$);
SELECT regress.err($$SELECT stokkel.stk_create_api('api_shop', 'api_v2', 'regress_anon', 'regress_anon', 'regress_admin')$$);
CREATE ROLE regress_bypass NOLOGIN BYPASSRLS;
SELECT regress.err($$SELECT stokkel.stk_create_api('api_shop', 'api_v2', 'regress_anon', 'regress_bypass', 'regress_admin')$$);
DROP ROLE regress_bypass;

DROP SCHEMA api_v1 CASCADE;
DROP SCHEMA api_shop CASCADE;
DROP OWNED BY regress_anon, regress_user, regress_admin;
DROP ROLE regress_admin, regress_user, regress_anon;
