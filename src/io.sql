-- Import and export: CSV and Excel (.xlsx) in and out of the retail schema
-- (import_csv.c, xlsx.c).
--
-- Import (stk_import_csv, stk_import_xlsx): every data row of the file is
-- either accepted or reported with its line number and the reason; the
-- caller chooses between mode 'all_or_nothing' (the default: the rows are
-- written only when none is rejected) and 'commit_good' (the accepted rows
-- are written, the rejected ones reported).  Nothing is dropped silently:
-- rows_read = accepted + rejected, always.  Errors that concern the file as
-- a whole, not a row, are raised: not CSV at all (a quote never closed, no
-- header: 22P04), unknown or missing columns (42703, 42701 twice), not an
-- .xlsx (22P03), an unknown kind or mode (22023).
--
-- Export: stk_csv and stk_xlsx turn rows (a JSON array of objects, as
-- json_agg makes them, columns in order) into a CSV text or a workbook.

CREATE TYPE stokkel.import_error AS (
  line    integer,   -- line of the CSV text (1 = header), or row of the sheet
  reason  text
);
COMMENT ON TYPE stokkel.import_error IS
  'A rejected import row: its line in the CSV text (or row in the sheet) and why it was rejected.';

CREATE TYPE stokkel.import_result AS (
  kind       text,      -- sales, products or stock
  rows_read  bigint,    -- data rows in the file (= accepted + rejected)
  accepted   bigint,    -- rows that passed every check
  rejected   bigint,    -- rows reported in errors
  written    bigint,    -- rows written (0 when all_or_nothing met a rejected row)
  committed  boolean,   -- whether the accepted rows were written
  errors     stokkel.import_error[]  -- every rejected row, by line
);
COMMENT ON TYPE stokkel.import_result IS
  'The report of an import: rows read, accepted, rejected and written, whether the accepted rows were '
  'written, and every rejected row with its line and reason.';

CREATE FUNCTION stokkel.stk_csv_rows(csv text, columns text[],
  OUT line integer, OUT fields text[], OUT error text)
RETURNS SETOF record
-- not STRICT: a NULL argument is an error (22004)
LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 1000
AS 'MODULE_PATHNAME', 'stk_csv_rows';
COMMENT ON FUNCTION stokkel.stk_csv_rows(text, text[]) IS
  'Parse CSV text (RFC 4180 quoting; comma, or semicolon with decimal comma when the header has only '
  'semicolons; a UTF-8 BOM is skipped) against columns given as name:type (text, int8, int4, numeric, date, '
  'timestamptz, bool; a trailing ! marks a required column).  The header names the columns in any order and '
  'case.  One row per data record: its line, its fields in the order of columns (NULL when empty or absent) '
  'or the error that makes it unusable.  Empty lines are skipped.  Raises 22P04 on an unterminated quote or '
  'empty text, 42703 on an unknown or missing column, 42701 on a repeated one.';

CREATE FUNCTION stokkel.stk_csv_records(csv text, columns text[])
RETURNS SETOF record
-- stable: timestamptz fields are read in the session's time zone
LANGUAGE C STABLE PARALLEL SAFE ROWS 1000
AS 'MODULE_PATHNAME', 'stk_csv_records';
COMMENT ON FUNCTION stokkel.stk_csv_records(text, text[]) IS
  'stk_csv_rows with typed fields, for the importers: called with a column definition list (line integer, '
  'error text, then one column per column spec, of its type: text, bigint, integer, numeric, date, timestamptz, '
  'boolean), it returns each data record''s line and either its fields as values (NULL when empty or absent; '
  'timestamps without an offset are local times of the session''s time zone) or, with every field NULL, the '
  'error that makes it unusable.  Errors as stk_csv_rows; 42804 when the column definition list does not fit '
  'the columns.';

CREATE FUNCTION stokkel.stk_xlsx(sheets jsonb)
RETURNS bytea
-- stable: the workbook records the transaction's start as its creation time
LANGUAGE C STABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_xlsx';
COMMENT ON FUNCTION stokkel.stk_xlsx(jsonb) IS
  'An Excel workbook (.xlsx, written by libxlsxwriter) from [{"name": sheet, "columns": [...], "rows": '
  '[[...], ...]}, ...]: a bold header row, then numbers as numbers, strings as text, booleans, null as '
  'an empty cell.  Sheet names: 1 to 31 characters, none of []:*?/\ (22023).';

CREATE FUNCTION stokkel.stk_zip_entry(zip bytea, name text)
RETURNS bytea
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'stk_zip_entry';
COMMENT ON FUNCTION stokkel.stk_zip_entry(bytea, text) IS
  'The uncompressed member name of a ZIP archive (such as an .xlsx), NULL when there is none.  Stored and '
  'deflated members; sizes and CRC are checked (22P03 on a damaged archive, 0A000 on ZIP64).';

-- A JSON array of objects (columns in the order of the first object's
-- keys) as a sheet for stk_xlsx.
CREATE FUNCTION stokkel.stk_xlsx_sheet(name text, rows json)
RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
  SELECT pg_catalog.jsonb_build_object(
    'name', name,
    'columns', coalesce((SELECT pg_catalog.jsonb_agg(k.k ORDER BY k.o)
                           FROM pg_catalog.json_object_keys(rows OPERATOR(pg_catalog.->) 0)
                                WITH ORDINALITY AS k(k, o)), '[]'::jsonb),
    'rows', coalesce((SELECT pg_catalog.jsonb_agg(
                               (SELECT pg_catalog.jsonb_agg(e.value::jsonb ORDER BY e.o)
                                  FROM pg_catalog.json_each(r.r) WITH ORDINALITY AS e(key, value, o))
                               ORDER BY r.i)
                        FROM pg_catalog.json_array_elements(rows) WITH ORDINALITY AS r(r, i)), '[]'::jsonb))
$fn$;
COMMENT ON FUNCTION stokkel.stk_xlsx_sheet(text, json) IS
  'A sheet for stk_xlsx from a JSON array of objects (as json_agg gives them): the columns in the order of '
  'the first object''s keys, one row per object.';

-- One CSV field: quoted when it holds a delimiter, quote or line break.
CREATE FUNCTION stokkel.stk_csv_field(v text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
  SELECT CASE WHEN v IS NULL THEN ''
              WHEN pg_catalog.strpos(v, ',') > 0 OR pg_catalog.strpos(v, '"') > 0
                OR pg_catalog.strpos(v, E'\n') > 0 OR pg_catalog.strpos(v, E'\r') > 0
                OR pg_catalog.strpos(v, ';') > 0
              THEN '"' || pg_catalog.replace(v, '"', '""') || '"'
              ELSE v END
$fn$;
COMMENT ON FUNCTION stokkel.stk_csv_field(text) IS
  'A value as one CSV field (RFC 4180): empty for NULL, quoted with doubled quotes when it holds a comma, '
  'semicolon, quote or line break.';

CREATE FUNCTION stokkel.stk_csv(rows json)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
  SELECT coalesce(pg_catalog.string_agg(l.line, E'\n' ORDER BY l.i) || E'\n', '')
    FROM (SELECT 0::bigint AS i,
                 (SELECT pg_catalog.string_agg(stokkel.stk_csv_field(k.k), ',' ORDER BY k.o)
                    FROM pg_catalog.json_object_keys(rows OPERATOR(pg_catalog.->) 0)
                         WITH ORDINALITY AS k(k, o)) AS line
           WHERE pg_catalog.json_array_length(rows) OPERATOR(pg_catalog.>) 0
          UNION ALL
          SELECT r.i, (SELECT pg_catalog.string_agg(stokkel.stk_csv_field(e.value OPERATOR(pg_catalog.#>>) '{}'),
                                                    ',' ORDER BY e.o)
                         FROM pg_catalog.json_each(r.r) WITH ORDINALITY AS e(key, value, o))
            FROM pg_catalog.json_array_elements(rows) WITH ORDINALITY AS r(r, i)) AS l
$fn$;
COMMENT ON FUNCTION stokkel.stk_csv(json) IS
  'CSV text (RFC 4180, comma, LF) from a JSON array of objects (as json_agg gives them): a header with the '
  'first object''s keys, then one line per object.  Empty text for an empty array.';


-- Import ------------------------------------------------------------------

-- The columns each kind of import reads (name:type, ! = required).
CREATE FUNCTION stokkel.stk_import_columns(kind text)
RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
  SELECT CASE kind
    WHEN 'sales' THEN ARRAY['sku:text!', 'sold_at:timestamptz!', 'quantity:numeric!', 'unit_price:numeric',
                            'customer_id:int8']
    WHEN 'products' THEN ARRAY['sku:text!', 'name:text!', 'unit_price:numeric!', 'category:text',
                               'unit_cost:numeric', 'supplier_id:int8', 'pack_size:int4', 'moq:int4',
                               'launched_on:date', 'active:bool']
    WHEN 'stock' THEN ARRAY['sku:text!', 'on_hand:numeric!', 'reserved:numeric']
  END
$fn$;
COMMENT ON FUNCTION stokkel.stk_import_columns(text) IS
  'The columns an import of kind sales, products or stock reads, as name:type with ! for required ones; NULL '
  'for another kind.';

CREATE FUNCTION stokkel.stk_import_csv(
  schema_name text,
  tenant      text,
  kind        text,
  csv         text,
  mode        text DEFAULT 'all_or_nothing')
RETURNS stokkel.import_result
LANGUAGE plpgsql VOLATILE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
-- the tenant's time zone is set for the call only (restored on exit), so
-- that the timestamptz input reads local times in it
SET TimeZone = 'UTC'
AS $fn$
DECLARE
  res   stokkel.import_result;
  cols  text[] := stokkel.stk_import_columns(kind);
  tz    text;
  coldefs text;
  reader text;
  -- the rows: one per data record, checked; reason NULL when accepted
  q_rows text;
  q_write text;
  -- write only when allowed by the mode
  allowed constant text :=
    '($5 OPERATOR(pg_catalog.=) ''commit_good'' OR NOT EXISTS (SELECT 1 FROM v WHERE v.reason IS NOT NULL))';
BEGIN
  IF schema_name IS NULL OR tenant IS NULL OR kind IS NULL OR csv IS NULL OR mode IS NULL THEN
    RAISE EXCEPTION 'arguments of stk_import_csv must not be null'
      USING ERRCODE = 'null_value_not_allowed';
  END IF;
  IF cols IS NULL THEN
    RAISE EXCEPTION 'unknown import kind "%"', kind
      USING ERRCODE = 'invalid_parameter_value', HINT = 'Use sales, products or stock.';
  END IF;
  IF mode <> ALL (ARRAY['all_or_nothing', 'commit_good']) THEN
    RAISE EXCEPTION 'unknown import mode "%"', mode
      USING ERRCODE = 'invalid_parameter_value', HINT = 'Use all_or_nothing or commit_good.';
  END IF;
  -- the reader's column definition list, from the same specs
  SELECT pg_catalog.string_agg(pg_catalog.format('%I %s', pg_catalog.split_part(c, ':', 1),
                                                 pg_catalog.rtrim(pg_catalog.split_part(c, ':', 2), '!')), ', ')
    INTO coldefs FROM pg_catalog.unnest(cols) c;
  reader := 'stokkel.stk_csv_records($1, $2) AS r(line integer, error text, ' || coldefs || ')';
  tz := stokkel.stk_tenant_timezone(schema_name, tenant);
  PERFORM pg_catalog.set_config('TimeZone', tz, true);

  IF kind = 'sales' THEN
    -- r and c are read once each, so they are not materialized: the
    -- parsed rows flow from the reader through the lookups into v, the one
    -- materialized pass that the write and the report both read (issue 7:
    -- two fewer copies of every row)
    q_rows := $q$
      r AS (SELECT * FROM %3$s),
      c AS (
        SELECT r.line, r.error, r.sku, p.product_id,
               r.sold_at,   -- local times in the tenant's zone
               r.quantity,
               coalesce(r.unit_price, p.unit_price) AS unit_price,
               r.customer_id,
               cu.customer_id AS known_customer
          FROM r
          LEFT JOIN %1$I.products p ON p.tenant_id = $3 AND p.sku = r.sku
          LEFT JOIN %1$I.customers cu ON cu.tenant_id = $3 AND cu.customer_id = r.customer_id),
      v AS MATERIALIZED (
        SELECT c.*, coalesce(c.error, CASE
                 WHEN c.product_id IS NULL THEN pg_catalog.format('unknown product: sku "%%s"', c.sku)
                 WHEN c.quantity = 0 THEN 'quantity must not be 0'
                 WHEN pg_catalog.abs(c.quantity) >= 1e12 THEN 'quantity is too large'
                 WHEN c.unit_price < 0 THEN 'unit_price must not be negative'
                 WHEN c.unit_price >= 1e12 THEN 'unit_price is too large'
                 WHEN c.customer_id IS NOT NULL AND c.known_customer IS NULL
                   THEN pg_catalog.format('unknown customer_id %%s', c.customer_id)
               END) AS reason
          FROM c)$q$;
    q_write := $q$
      w AS (
        INSERT INTO %1$I.sales (tenant_id, product_id, sold_at, quantity, unit_price, customer_id)
        SELECT $3, v.product_id, v.sold_at, v.quantity, v.unit_price, v.customer_id
          FROM v WHERE v.reason IS NULL AND %2$s
         -- in time order, the time index takes each row at its right-hand
         -- end instead of at a random leaf (1.3-1.5 times faster on a file
         -- whose days are mixed); new sale_ids then follow time
         ORDER BY v.sold_at, v.line
        RETURNING 1)$q$;
  ELSIF kind = 'products' THEN
    q_rows := $q$
      r AS MATERIALIZED (SELECT * FROM %3$s),
      c AS MATERIALIZED (
        SELECT r.line, r.error, r.sku, r.name, r.unit_price, r.category, r.unit_cost, r.supplier_id,
               r.pack_size, r.moq, r.launched_on, r.active, s.supplier_id AS known_supplier,
               pg_catalog.min(r.line) FILTER (WHERE r.error IS NULL)
                 OVER (PARTITION BY r.sku) AS first_line
          FROM r
          LEFT JOIN %1$I.suppliers s ON s.tenant_id = $3 AND s.supplier_id = r.supplier_id),
      v AS MATERIALIZED (
        SELECT c.*, coalesce(c.error, CASE
                 WHEN c.line <> c.first_line
                   THEN pg_catalog.format('sku "%%s" already on line %%s', c.sku, c.first_line)
                 WHEN c.unit_price < 0 OR c.unit_cost < 0 THEN 'prices must not be negative'
                 WHEN c.unit_price >= 1e12 OR c.unit_cost >= 1e12 THEN 'a price is too large'
                 WHEN c.pack_size <= 0 THEN 'pack_size must be positive'
                 WHEN c.moq < 0 THEN 'moq must not be negative'
                 WHEN c.supplier_id IS NOT NULL AND c.known_supplier IS NULL
                   THEN pg_catalog.format('unknown supplier_id %%s', c.supplier_id)
               END) AS reason
          FROM c)$q$;
    q_write := $q$
      w AS (
        INSERT INTO %1$I.products AS p (tenant_id, sku, name, category, unit_price, unit_cost, supplier_id,
                                        pack_size, moq, launched_on, active)
        SELECT $3, v.sku, v.name, v.category, v.unit_price, v.unit_cost, v.supplier_id,
               coalesce(v.pack_size, 1), coalesce(v.moq, 1), v.launched_on, coalesce(v.active, true)
          FROM v WHERE v.reason IS NULL AND %2$s
         ORDER BY v.line
        ON CONFLICT (tenant_id, sku) DO UPDATE SET
          name = EXCLUDED.name, unit_price = EXCLUDED.unit_price,
          category = coalesce(EXCLUDED.category, p.category),
          unit_cost = coalesce(EXCLUDED.unit_cost, p.unit_cost),
          supplier_id = coalesce(EXCLUDED.supplier_id, p.supplier_id),
          pack_size = EXCLUDED.pack_size, moq = EXCLUDED.moq,
          launched_on = coalesce(EXCLUDED.launched_on, p.launched_on), active = EXCLUDED.active
        RETURNING 1)$q$;
  ELSE
    -- stock: the counted level replaces stock_levels; the difference goes
    -- to the ledger as an adjustment, so the ledger still sums to the level
    q_rows := $q$
      r AS MATERIALIZED (SELECT * FROM %3$s),
      c AS MATERIALIZED (
        SELECT r.line, r.error, r.sku, p.product_id, r.on_hand, r.reserved, l.on_hand AS old_on_hand,
               pg_catalog.min(r.line) FILTER (WHERE r.error IS NULL)
                 OVER (PARTITION BY r.sku) AS first_line
          FROM r
          LEFT JOIN %1$I.products p ON p.tenant_id = $3 AND p.sku = r.sku
          LEFT JOIN %1$I.stock_levels l ON l.tenant_id = $3 AND l.product_id = p.product_id),
      v AS MATERIALIZED (
        SELECT c.*, coalesce(c.error, CASE
                 WHEN c.product_id IS NULL THEN pg_catalog.format('unknown product: sku "%%s"', c.sku)
                 WHEN c.line <> c.first_line
                   THEN pg_catalog.format('sku "%%s" already on line %%s', c.sku, c.first_line)
                 WHEN pg_catalog.abs(c.on_hand) >= 1e12 OR c.reserved >= 1e12 THEN 'quantity is too large'
                 WHEN c.reserved < 0 THEN 'reserved must not be negative'
               END) AS reason
          FROM c)$q$;
    q_write := $q$
      w AS (
        INSERT INTO %1$I.stock_levels AS l (tenant_id, product_id, on_hand, reserved, updated_at)
        SELECT $3, v.product_id, v.on_hand, coalesce(v.reserved, 0), pg_catalog.now()
          FROM v WHERE v.reason IS NULL AND %2$s
         ORDER BY v.line
        ON CONFLICT (tenant_id, product_id) DO UPDATE SET
          on_hand = EXCLUDED.on_hand, reserved = coalesce(v_reserved_keep.reserved, l.reserved),
          updated_at = EXCLUDED.updated_at
        RETURNING 1),
      m AS (
        INSERT INTO %1$I.stock_movements (tenant_id, product_id, moved_at, quantity, kind, reference)
        SELECT $3, v.product_id, pg_catalog.now(), v.on_hand - coalesce(v.old_on_hand, 0), 'adjustment',
               'stock import'
          FROM v WHERE v.reason IS NULL AND %2$s AND v.on_hand <> coalesce(v.old_on_hand, 0)
        RETURNING 1)$q$;
    -- a reserved column absent from the file keeps the current value
    q_write := pg_catalog.replace(q_write, 'coalesce(v_reserved_keep.reserved, l.reserved)',
      CASE WHEN csv ~* '^[^\n]*reserved' THEN 'EXCLUDED.reserved' ELSE 'l.reserved' END);
  END IF;

  EXECUTE pg_catalog.format('WITH ' || q_rows || ',' || q_write || $q$
    SELECT $6, pg_catalog.count(*), pg_catalog.count(*) FILTER (WHERE v.reason IS NULL),
           pg_catalog.count(*) FILTER (WHERE v.reason IS NOT NULL),
           (SELECT pg_catalog.count(*) FROM w), false,
           coalesce(pg_catalog.array_agg(ROW(v.line, v.reason)::stokkel.import_error ORDER BY v.line)
                      FILTER (WHERE v.reason IS NOT NULL), '{}')
      FROM v$q$, schema_name, allowed, reader)
    INTO res USING csv, cols, tenant, tz, mode, kind;
  res.committed := mode = 'commit_good' OR res.rejected = 0;
  RETURN res;
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_import_csv(text, text, text, text, text) IS
  'Import CSV text into a tenant of a retail schema.  kind sales (sku, sold_at, quantity, optional '
  'unit_price (default: the product''s price) and customer_id), products (sku, name, unit_price, optional '
  'category, unit_cost, supplier_id, pack_size, moq, launched_on, active; upsert by sku) or stock (sku, '
  'on_hand, optional reserved: replaces stock_levels and books the difference as an adjustment movement).  '
  'A sold_at without an offset is a local time of the tenant''s time zone.  Every rejected row is reported '
  'with its line and reason (unknown product, bad value, repeated sku ...); mode all_or_nothing writes '
  'nothing when a row is rejected, commit_good writes the accepted rows.  Raises 22P04 (not CSV), 42703 '
  '(unknown or missing column), 22023 (unknown kind or mode).';

-- A sheet of a workbook as CSV text, one line per sheet row (empty lines
-- for empty rows, so CSV line numbers are sheet row numbers).  Numbers in
-- date and timestamp columns are Excel serial dates (1900 system).
CREATE FUNCTION stokkel.stk_xlsx_sheet_csv(xlsx bytea, sheet text, columns text[])
RETURNS text
-- restricted: its exception blocks need subtransactions
LANGUAGE plpgsql IMMUTABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  ns constant text[] := ARRAY[ARRAY['m', 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'],
                              ARRAY['r', 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'],
                              ARRAY['p', 'http://schemas.openxmlformats.org/package/2006/relationships']];
  wb     xml;
  rels   xml;
  rid    text;
  target text;
  sheet_xml xml;
  shared text[];
  raw    bytea;
  result text;
  bad_ref    boolean;
  twice      boolean;
  bad_shared boolean;
BEGIN
  IF xlsx IS NULL OR sheet IS NULL OR columns IS NULL THEN
    RAISE EXCEPTION 'arguments of stk_xlsx_sheet_csv must not be null' USING ERRCODE = 'null_value_not_allowed';
  END IF;
  raw := stokkel.stk_zip_entry(xlsx, 'xl/workbook.xml');
  IF raw IS NULL THEN
    RAISE EXCEPTION 'not an .xlsx workbook: no xl/workbook.xml' USING ERRCODE = 'invalid_binary_representation';
  END IF;
  BEGIN
    -- documents, not XML content: a fragment fails here, not in xpath()
    wb := XMLPARSE(DOCUMENT pg_catalog.convert_from(raw, 'UTF8'));
    rels := XMLPARSE(DOCUMENT pg_catalog.convert_from(stokkel.stk_zip_entry(xlsx, 'xl/_rels/workbook.xml.rels'),
                                                      'UTF8'));
  EXCEPTION WHEN invalid_xml_content OR invalid_xml_document OR character_not_in_repertoire
                 OR untranslatable_character THEN
    RAISE EXCEPTION 'not an .xlsx workbook: malformed workbook XML' USING ERRCODE = 'invalid_binary_representation';
  END;
  -- names and ids compared in SQL, never pasted into an XPath expression
  SELECT s.rid INTO rid
    FROM XMLTABLE(XMLNAMESPACES('http://schemas.openxmlformats.org/spreadsheetml/2006/main' AS m,
                                'http://schemas.openxmlformats.org/officeDocument/2006/relationships' AS r),
                  '/m:workbook/m:sheets/m:sheet' PASSING wb
                  COLUMNS name text PATH '@name', rid text PATH '@r:id') s
   WHERE s.name OPERATOR(pg_catalog.=) sheet
   LIMIT 1;
  IF rid IS NULL THEN
    RETURN NULL;                -- no such sheet
  END IF;
  SELECT t.target INTO target
    FROM XMLTABLE(XMLNAMESPACES('http://schemas.openxmlformats.org/package/2006/relationships' AS p),
                  '/p:Relationships/p:Relationship' PASSING rels
                  COLUMNS id text PATH '@Id', target text PATH '@Target') t
   WHERE t.id OPERATOR(pg_catalog.=) rid
   LIMIT 1;
  IF target IS NULL THEN
    RAISE EXCEPTION 'not an .xlsx workbook: sheet "%" has no part', sheet
      USING ERRCODE = 'invalid_binary_representation';
  END IF;
  target := CASE WHEN target LIKE '/%' THEN pg_catalog.substr(target, 2) ELSE 'xl/' || target END;
  BEGIN
    sheet_xml := XMLPARSE(DOCUMENT pg_catalog.convert_from(stokkel.stk_zip_entry(xlsx, target), 'UTF8'));
    raw := stokkel.stk_zip_entry(xlsx, 'xl/sharedStrings.xml');
    IF raw IS NOT NULL THEN
      -- a shared string is the concatenation of its text runs (XMLTABLE
      -- parses once and returns unescaped text)
      SELECT pg_catalog.array_agg(x.s ORDER BY x.i)
        INTO shared
        FROM XMLTABLE(XMLNAMESPACES('http://schemas.openxmlformats.org/spreadsheetml/2006/main' AS m),
                      '/m:sst/m:si' PASSING XMLPARSE(DOCUMENT pg_catalog.convert_from(raw, 'UTF8'))
                      COLUMNS i FOR ORDINALITY, s text PATH 'string(.)') x;
    END IF;
  EXCEPTION WHEN invalid_xml_content OR invalid_xml_document OR character_not_in_repertoire
                 OR untranslatable_character THEN
    RAISE EXCEPTION 'not an .xlsx workbook: malformed sheet XML' USING ERRCODE = 'invalid_binary_representation';
  END;
  IF sheet_xml IS NULL THEN
    RAISE EXCEPTION 'not an .xlsx workbook: part % is missing', target
      USING ERRCODE = 'invalid_binary_representation';
  END IF;

  -- every cell must say where it is (Excel and LibreOffice always do), once,
  -- inside Excel's grid (A1 to XFD1048576); a cell that did not would be
  -- lost or misplaced, so the workbook is refused.  A shared string must
  -- exist.
  SELECT pg_catalog.bool_or(CASE WHEN c.ref IS NULL OR c.ref !~ '^[A-Za-z]{1,3}[1-9][0-9]{0,6}$' THEN true
                                 ELSE pg_catalog.substring(c.ref, '[0-9]+$')::integer > 1048576
                                      OR pg_catalog.upper(pg_catalog.substring(c.ref, '^[A-Za-z]+'))
                                         ~ '^([Y-Z]..|X[G-Z].|XF[E-Z])$' END),
         pg_catalog.count(c.ref) > pg_catalog.count(DISTINCT pg_catalog.upper(c.ref)),
         pg_catalog.bool_or(c.t = 's' AND CASE WHEN c.v ~ '^[0-9]{1,9}$'
                                               THEN c.v::integer >= coalesce(pg_catalog.cardinality(shared), 0)
                                               ELSE true END)
    INTO bad_ref, twice, bad_shared
    FROM XMLTABLE(XMLNAMESPACES('http://schemas.openxmlformats.org/spreadsheetml/2006/main' AS m),
                  '/m:worksheet/m:sheetData/m:row/m:c' PASSING sheet_xml
                  COLUMNS ref text PATH '@r', t text PATH '@t', v text PATH 'm:v') c;
  IF bad_ref THEN
    RAISE EXCEPTION 'sheet "%" has cells without a valid reference (r attribute)', sheet
      USING ERRCODE = 'invalid_binary_representation';
  END IF;
  IF twice THEN
    RAISE EXCEPTION 'sheet "%" has a cell reference twice', sheet
      USING ERRCODE = 'invalid_binary_representation';
  END IF;
  IF bad_shared THEN
    RAISE EXCEPTION 'sheet "%" refers to a shared string that does not exist', sheet
      USING ERRCODE = 'invalid_binary_representation';
  END IF;

  WITH cells AS (
    SELECT pg_catalog.regexp_replace(c.ref, '^[A-Za-z]+', '')::integer AS rn,
           -- column letters to a number: A = 1, Z = 26, AA = 27
           (SELECT pg_catalog.sum((pg_catalog.ascii(ch) - 64) * 26 ^ (pg_catalog.length(l) - o))::integer
              FROM pg_catalog.upper(pg_catalog.regexp_replace(c.ref, '[0-9]+$', '')) AS l,
                   pg_catalog.unnest(pg_catalog.string_to_array(l, NULL)) WITH ORDINALITY AS u(ch, o)) AS col,
           CASE coalesce(c.t, 'n') WHEN 's' THEN shared[c.v::integer + 1]
                                   WHEN 'inlineStr' THEN c.inl
                                   WHEN 'b' THEN CASE c.v WHEN '1' THEN 'true' ELSE 'false' END
                                   ELSE c.v END AS val,
           coalesce(c.t, 'n') AS t
      FROM XMLTABLE(XMLNAMESPACES('http://schemas.openxmlformats.org/spreadsheetml/2006/main' AS m),
                    '/m:worksheet/m:sheetData/m:row/m:c' PASSING sheet_xml
                    COLUMNS ref text PATH '@r', t text PATH '@t', v text PATH 'm:v',
                            inl text PATH 'string(m:is)') c),
  first AS (SELECT pg_catalog.min(cells.rn) AS rn FROM cells),
  hdr AS (
    SELECT cells.col, pg_catalog.lower(pg_catalog.btrim(cells.val)) AS name
      FROM cells, first WHERE cells.rn = first.rn),
  -- the importer's date and timestamptz columns, by header position
  datecols AS (
    SELECT hdr.col FROM hdr, pg_catalog.unnest(columns) s
     WHERE pg_catalog.split_part(pg_catalog.rtrim(s, '!'), ':', 1) = hdr.name
       AND pg_catalog.split_part(pg_catalog.rtrim(s, '!'), ':', 2) OPERATOR(pg_catalog.=) ANY (ARRAY['date', 'timestamptz'])),
  typed AS (
    SELECT cells.rn, cells.col,
           CASE WHEN cells.t = 'n' AND cells.val ~ '^[0-9]{1,20}(\.[0-9]{1,20})?([eE][-+]?[0-9]{1,2})?$'
                     AND cells.rn > first.rn AND cells.col IN (SELECT datecols.col FROM datecols)
                     AND cells.val::float8 < 2958466      -- up to 9999-12-31
                THEN pg_catalog.to_char(TIMESTAMP '1899-12-30' + cells.val::float8 * INTERVAL '1 day',
                                        CASE WHEN cells.val::float8 = pg_catalog.floor(cells.val::float8)
                                             THEN 'YYYY-MM-DD' ELSE 'YYYY-MM-DD HH24:MI:SS' END)
                ELSE cells.val END AS val
      FROM cells, first),
  -- the header's width: a row with cells beyond it gets one field more (its
  -- first such cell), so that the importer reports it by its line, and a
  -- far cell (XFD) does not make every line 16,384 fields long
  -- (cells without a value do not count: Excel writes styled empty cells)
  width AS (SELECT pg_catalog.max(typed.col) AS n FROM typed, first
             WHERE typed.rn = first.rn AND typed.val IS NOT NULL AND typed.val OPERATOR(pg_catalog.<>) ''),
  -- one CSV line per used row, empty cells included (no joins: a row's
  -- cells as one JSON object, read column by column)
  lines AS (
    SELECT r.rn,
           (SELECT pg_catalog.string_agg(
                     coalesce('"' || pg_catalog.replace(pg_catalog.translate(r.cells OPERATOR(pg_catalog.->>) k::text,
                                                                             E'\r\n', '  '), '"', '""') || '"', ''),
                     ',' ORDER BY k)
              FROM (SELECT k FROM pg_catalog.generate_series(1, (SELECT width.n FROM width)) AS k
                    UNION ALL
                    SELECT r.beyond WHERE r.beyond IS NOT NULL) AS k(k)) AS line
      FROM (SELECT typed.rn, pg_catalog.jsonb_object_agg(typed.col::text, typed.val) AS cells,
                   pg_catalog.min(typed.col) FILTER (WHERE typed.col > (SELECT width.n FROM width)
                                                       AND typed.val OPERATOR(pg_catalog.<>) '') AS beyond
              FROM typed GROUP BY typed.rn) r)
  -- rows without cells become empty lines, so that line n is sheet row n
  SELECT pg_catalog.string_agg(pg_catalog.repeat(E'\n', x.rn - coalesce(x.prev, 0) - 1) || x.line, E'\n'
                               ORDER BY x.rn)
    INTO result
    FROM (SELECT lines.rn, lines.line, pg_catalog.lag(lines.rn) OVER (ORDER BY lines.rn) AS prev FROM lines) x;
  RETURN coalesce(result, '');
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_xlsx_sheet_csv(bytea, text, text[]) IS
  'The named sheet of an .xlsx workbook as CSV text for stk_csv_rows (NULL when there is no such sheet): line '
  'n is sheet row n, shared and inline strings resolved, numbers in the date and timestamptz columns of '
  'columns read as Excel serial dates; line breaks inside cells become spaces.  22P03 when the workbook is '
  'not a valid .xlsx.';

CREATE FUNCTION stokkel.stk_import_xlsx(
  schema_name text,
  tenant      text,
  xlsx        bytea,
  mode        text DEFAULT 'all_or_nothing')
RETURNS SETOF stokkel.import_result
LANGUAGE plpgsql VOLATILE SECURITY INVOKER ROWS 3
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  kinds constant text[] := ARRAY['products', 'stock', 'sales'];
  k       text;
  csv     text;
  res     stokkel.import_result;
  results stokkel.import_result[] := '{}';
  bad     boolean := false;
BEGIN
  IF schema_name IS NULL OR tenant IS NULL OR xlsx IS NULL OR mode IS NULL THEN
    RAISE EXCEPTION 'arguments of stk_import_xlsx must not be null' USING ERRCODE = 'null_value_not_allowed';
  END IF;
  IF mode <> ALL (ARRAY['all_or_nothing', 'commit_good']) THEN
    RAISE EXCEPTION 'unknown import mode "%"', mode
      USING ERRCODE = 'invalid_parameter_value', HINT = 'Use all_or_nothing or commit_good.';
  END IF;
  -- Sheets in the order products, stock, sales, so that a workbook may add
  -- products and sell them.  all_or_nothing covers the whole workbook: a
  -- rejected row in any sheet undoes the sheets written before it.
  BEGIN
    FOREACH k IN ARRAY kinds LOOP
      csv := stokkel.stk_xlsx_sheet_csv(xlsx, k, stokkel.stk_import_columns(k));
      CONTINUE WHEN csv IS NULL;
      IF csv = '' THEN
        RAISE EXCEPTION 'sheet "%" of the workbook is empty', k
          USING ERRCODE = 'bad_copy_file_format', HINT = 'Its row 1 must name the columns.';
      END IF;
      res := stokkel.stk_import_csv(schema_name, tenant, k, csv, mode);
      results := results || res;
      bad := bad OR res.rejected > 0;
    END LOOP;
    IF pg_catalog.cardinality(results) = 0 THEN
      RAISE EXCEPTION 'the workbook has no sheet named products, stock or sales'
        USING ERRCODE = 'undefined_table';
    END IF;
    IF bad AND mode = 'all_or_nothing' THEN
      RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'stk_import_xlsx: undo';
    END IF;
  EXCEPTION WHEN raise_exception THEN
    IF SQLERRM <> 'stk_import_xlsx: undo' THEN
      RAISE;
    END IF;
    FOR i IN 1 .. pg_catalog.cardinality(results) LOOP
      results[i].written := 0;
      results[i].committed := false;
    END LOOP;
  END;
  RETURN QUERY SELECT * FROM pg_catalog.unnest(results);
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_import_xlsx(text, text, bytea, text) IS
  'Import an .xlsx workbook into a tenant of a retail schema: its sheets named products, stock and sales (in '
  'that order; row 1 names the columns as in stk_import_csv), one report per sheet found.  Line numbers are '
  'sheet rows.  Mode all_or_nothing covers the whole workbook.  Raises 22P03 (not an .xlsx), 42P01 (none of '
  'the three sheets), and the errors of stk_import_csv.';
