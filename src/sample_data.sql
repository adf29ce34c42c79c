-- Seeded, deterministic sample data: a Senegalese shop (prices in XOF)
-- simulated by src/core/sample_data.c, and a loader that fills a retail
-- schema made by stk_create_retail_schema.
--
-- The generators take their seed as an argument and read nothing else, so
-- they are IMMUTABLE and PARALLEL SAFE: the same arguments always give the
-- same rows.

CREATE FUNCTION stokkel.stk_sample_suppliers(
  OUT supplier_no integer, OUT name text, OUT city text, OUT phone text,
  OUT lead_time_mean_days double precision, OUT lead_time_sd_days double precision,
  OUT review_days integer, OUT min_order_value double precision)
RETURNS SETOF record LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 13
AS 'MODULE_PATHNAME', 'stk_sample_suppliers';
COMMENT ON FUNCTION stokkel.stk_sample_suppliers() IS
  'Suppliers of the sample shop: lead time mean and standard deviation (days), order cycle (days), minimum order (XOF).';

CREATE FUNCTION stokkel.stk_sample_products(products integer, seed integer,
  OUT product_no integer, OUT sku text, OUT name text, OUT category text,
  OUT unit_price double precision, OUT unit_cost double precision,
  OUT supplier_no integer, OUT pack_size integer, OUT moq integer,
  OUT age_days integer, OUT pattern text, OUT seasonality text,
  OUT mean_daily_demand double precision)
RETURNS SETOF record LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 200
AS 'MODULE_PATHNAME', 'stk_sample_products';
COMMENT ON FUNCTION stokkel.stk_sample_products(integer, integer) IS
  'Catalogue of sample products 1..products (at most 100000): West African grocery and household items in XOF, '
  'with their demand pattern (fast, medium, slow, lumpy), seasons and age in days at the end of the history.  '
  'Each product depends only on (seed, product_no).';

CREATE FUNCTION stokkel.stk_sample_events(start_date date, end_date date,
  OUT day date, OUT name text, OUT kind text, OUT closed boolean)
RETURNS SETOF record LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 30
AS 'MODULE_PATHNAME', 'stk_sample_events';
COMMENT ON FUNCTION stokkel.stk_sample_events(date, date) IS
  'Calendar of the sample shop between two dates: Senegalese holidays (Korité, Tabaski, Tamkharit, Magal, Gamou '
  'moved by the mean lunar year from their 2024 dates), school reopening, promotions, and whether the shop is closed.';

CREATE FUNCTION stokkel.stk_sample_activity(products integer, days integer, seed integer,
  start_date date, customers integer DEFAULT 500,
  OUT product_no integer, OUT day date, OUT kind text, OUT quantity double precision,
  OUT ref integer, OUT minute integer)
RETURNS SETOF record LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100000
AS 'MODULE_PATHNAME', 'stk_sample_activity';
COMMENT ON FUNCTION stokkel.stk_sample_activity(integer, integer, integer, date, integer) IS
  'Simulated history of sample products 1..products (at most 100000) over days days (at most 3660) from start_date: '
  'kind opening (stock on the first day), receipt, sale, return (quantity -1), stockout (quantity = unmet demand), '
  'order and closing (stock after the last day).  ref is the customer of a sale (NULL if anonymous, customers 1..customers) '
  'or the order number of an order and its receipt; minute is the minute of the day of a sale or return.';

CREATE FUNCTION stokkel.stk_generate_sample_data(
  schema_name text,
  products integer DEFAULT 200,
  days integer DEFAULT 730,
  seed integer DEFAULT 42,
  end_date date DEFAULT '2026-06-30',
  tenant text DEFAULT 'demo')
RETURNS TABLE (table_name text, rows bigint)
LANGUAGE plpgsql VOLATILE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  s          text := schema_name;
  start_date date;
  n_cust     integer;
  tz         constant text := 'Africa/Dakar';
  n          bigint;
  found_it   boolean;
  counts     jsonb := '{}';
  obj        record;
  rebuild    text[] := '{}';
  tbl        text;
BEGIN
  IF s IS NULL OR products IS NULL OR days IS NULL OR seed IS NULL
     OR end_date IS NULL OR tenant IS NULL THEN
    RAISE EXCEPTION 'arguments of stk_generate_sample_data must not be null'
      USING ERRCODE = 'null_value_not_allowed';
  END IF;
  IF tenant = '' THEN
    RAISE EXCEPTION 'tenant must not be empty' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  -- The generators check the ranges too; checking first gives the
  -- arguments' own names in the message.
  IF products < 1 OR days < 1 THEN
    RAISE EXCEPTION 'products and days must be at least 1'
      USING ERRCODE = 'invalid_parameter_value',
            DETAIL = format('Got products = %s, days = %s.', products, days);
  END IF;
  IF products > 100000 OR days > 3660 THEN
    RAISE EXCEPTION 'products must be at most 100000 and days at most 3660'
      USING ERRCODE = 'program_limit_exceeded',
            DETAIL = format('Got products = %s, days = %s.', products, days);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_class c
                   JOIN pg_catalog.pg_namespace ns ON ns.oid = c.relnamespace
                  WHERE ns.nspname = s AND c.relname = 'products') THEN
    RAISE EXCEPTION 'schema "%" has no retail schema', s
      USING ERRCODE = 'undefined_table',
            HINT = format('Create it first: SELECT stokkel.stk_create_retail_schema(%L);', s);
  END IF;
  EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.tenants WHERE tenant_id = $1)', s)
    INTO STRICT found_it USING tenant;
  IF found_it THEN
    RAISE EXCEPTION 'tenant "%" already exists in schema "%"', tenant, s
      USING ERRCODE = 'unique_violation',
            HINT = 'Generate into another tenant or schema, or delete the tenant first.';
  END IF;

  start_date := end_date - (days - 1);
  -- A customer pool that grows with the shop: 1 per product, 50 to 5000.
  n_cust := greatest(50, least(5000, products));

  -- Bulk load: the foreign keys and secondary indexes of the big tables,
  -- when they are empty, are dropped and rebuilt afterwards as they were
  -- (one join and one sort each, instead of a check and an index insertion
  -- per row).  Only the tables' owner can do that; others load row by row.
  FOREACH tbl IN ARRAY ARRAY['sales', 'stock_movements', 'stockouts',
                             'purchase_order_lines', 'receipts'] LOOP
    EXECUTE format('SELECT NOT EXISTS (SELECT 1 FROM %I.%I)', s, tbl) INTO STRICT found_it;
    CONTINUE WHEN NOT found_it;
    FOR obj IN
      SELECT c.conname AS name, pg_catalog.pg_get_constraintdef(c.oid) AS def
        FROM pg_catalog.pg_constraint c
        JOIN pg_catalog.pg_class r ON r.oid = c.conrelid
        JOIN pg_catalog.pg_namespace ns ON ns.oid = r.relnamespace
       WHERE ns.nspname = s AND r.relname = tbl AND c.contype = 'f'
         AND pg_catalog.pg_has_role(r.relowner, 'USAGE')
       ORDER BY c.conname
    LOOP
      EXECUTE format('ALTER TABLE %I.%I DROP CONSTRAINT %I', s, tbl, obj.name);
      rebuild := rebuild || format('ALTER TABLE %I.%I ADD CONSTRAINT %I %s', s, tbl, obj.name, obj.def);
    END LOOP;
    FOR obj IN
      SELECT i.indexrelid::regclass::text AS name, pg_catalog.pg_get_indexdef(i.indexrelid) AS def
        FROM pg_catalog.pg_index i
        JOIN pg_catalog.pg_class r ON r.oid = i.indrelid
        JOIN pg_catalog.pg_namespace ns ON ns.oid = r.relnamespace
       WHERE ns.nspname = s AND r.relname = tbl AND NOT i.indisunique
         AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE c.conindid = i.indexrelid)
         AND pg_catalog.pg_has_role(r.relowner, 'USAGE')
       ORDER BY 1
    LOOP
      EXECUTE format('DROP INDEX %s', obj.name);
      -- indexes first, so that the foreign keys find them
      rebuild := obj.def || rebuild;
    END LOOP;
  END LOOP;

  EXECUTE format($q$INSERT INTO %I.tenants (tenant_id, name, currency, timezone)
                    VALUES ($1, 'Boutique Teranga (démo)', 'XOF', $2)$q$, s)
    USING tenant, tz;
  counts := counts || jsonb_build_object('tenants', 1);

  EXECUTE format($q$INSERT INTO %I.settings (tenant_id, key, value)
    SELECT $1, k, v FROM (VALUES
      ('service_level', '0.95'::jsonb),
      ('review_period_days', '7'),
      ('forecast_horizon_days', '28'),
      ('opening_hours', '{"open": "08:00", "close": "21:00"}'),
      ('alert_cooldown_hours', '24'),
      ('sample_data', jsonb_build_object('seed', $2, 'products', $3, 'days', $4,
                                         'end_date', $5))) AS v(k, v)$q$, s)
    USING tenant, seed, products, days, end_date;
  GET DIAGNOSTICS n = ROW_COUNT;
  counts := counts || jsonb_build_object('settings', n);

  EXECUTE format($q$INSERT INTO %I.suppliers (tenant_id, supplier_id, name, city, phone, email,
        lead_time_mean_days, lead_time_sd_days, review_days, min_order_value)
    SELECT $1, supplier_no, name, city, phone,
           'commandes@' || supplier_no || '.fournisseur.example.sn',
           lead_time_mean_days, lead_time_sd_days, review_days, min_order_value
      FROM stokkel.stk_sample_suppliers()
     ORDER BY supplier_no$q$, s)
    USING tenant;
  GET DIAGNOSTICS n = ROW_COUNT;
  counts := counts || jsonb_build_object('suppliers', n);

  EXECUTE format($q$INSERT INTO %I.products (tenant_id, product_id, sku, name, category,
        unit_price, unit_cost, supplier_id, pack_size, moq, launched_on, active)
    SELECT $1, product_no, sku, name, category, unit_price, unit_cost, supplier_no,
           pack_size, moq, $3 - age_days, true
      FROM stokkel.stk_sample_products($2, $4)
     ORDER BY product_no$q$, s)
    USING tenant, products, end_date, seed;
  GET DIAGNOSTICS n = ROW_COUNT;
  counts := counts || jsonb_build_object('products', n);

  -- Customers: Senegalese names from the customer number; one in ten is a
  -- reseller (a smaller shop buying in bulk).
  EXECUTE format($q$INSERT INTO %I.customers (tenant_id, customer_id, name, phone, kind, created_on)
    SELECT $1, c,
           (ARRAY['Awa','Moussa','Fatou','Mamadou','Aminata','Ibrahima','Khady','Cheikh',
                  'Mariama','Ousmane','Ndeye','Abdoulaye','Coumba','Modou','Astou','Babacar',
                  'Seynabou','Pape','Rokhaya','Aliou','Dieynaba','Serigne','Bineta','Lamine'])
             [1 + (c * 7 + $3) %% 24] || ' ' ||
           (ARRAY['Ndiaye','Diop','Fall','Sow','Gueye','Faye','Diallo','Ba','Sarr','Mbaye',
                  'Cissé','Ndour','Thiam','Seck','Kane','Sy','Diouf','Niang','Camara','Touré'])
             [1 + (c * 13 + $3 / 7) %% 20],
           '+221 7' || (ARRAY['7','8','6','0'])[1 + c %% 4] || ' ' ||
             lpad(((c * 7919 + $3) %% 1000)::text, 3, '0') || ' ' ||
             lpad(((c * 104729) %% 100)::text, 2, '0') || ' ' ||
             lpad(((c * 31 + 17) %% 100)::text, 2, '0'),
           CASE WHEN c %% 10 = 0 THEN 'reseller' ELSE 'individual' END,
           $4 - (c * 37 %% 720)
      FROM generate_series(1, $2) AS c$q$, s)
    USING tenant, n_cust, abs(seed % 1000), start_date;
  GET DIAGNOSTICS n = ROW_COUNT;
  counts := counts || jsonb_build_object('customers', n);

  -- The simulation, once, into a temporary table the inserts below share.
  IF pg_catalog.to_regclass('pg_temp.stk_sample_activity') IS NOT NULL THEN
    DROP TABLE pg_temp.stk_sample_activity;
  END IF;
  CREATE TEMPORARY TABLE stk_sample_activity AS
    SELECT * FROM stokkel.stk_sample_activity(products, days, seed, start_date, n_cust);

  -- Sales in time order, so sale_id follows sold_at.  Returns are sale
  -- lines with quantity -1.
  EXECUTE format($q$INSERT INTO %I.sales (tenant_id, product_id, sold_at, quantity, unit_price, customer_id)
    SELECT $1, a.product_no, (a.day + a.minute * interval '1 minute') AT TIME ZONE $2,
           a.quantity, p.unit_price, a.ref
      FROM pg_temp.stk_sample_activity a
      JOIN %I.products p ON p.tenant_id = $1 AND p.product_id = a.product_no
     WHERE a.kind IN ('sale', 'return')
     ORDER BY a.day, a.minute, a.product_no, a.kind$q$, s, s)
    USING tenant, tz;
  GET DIAGNOSTICS n = ROW_COUNT;
  counts := counts || jsonb_build_object('sales', n);

  EXECUTE format($q$INSERT INTO %I.stockouts (tenant_id, product_id, day)
    SELECT $1, product_no, day FROM pg_temp.stk_sample_activity
     WHERE kind = 'stockout' ORDER BY product_no, day$q$, s)
    USING tenant;
  GET DIAGNOSTICS n = ROW_COUNT;
  counts := counts || jsonb_build_object('stockouts', n);

  -- The calendar covers the history and the year ahead (for forecasts).
  EXECUTE format($q$INSERT INTO %I.events (tenant_id, day, name, kind)
    SELECT $1, day, name, kind FROM stokkel.stk_sample_events($2, $3 + 365)
     ORDER BY day, name$q$, s)
    USING tenant, start_date, end_date;
  GET DIAGNOSTICS n = ROW_COUNT;
  counts := counts || jsonb_build_object('events', n);

  EXECUTE format($q$INSERT INTO %I.closed_days (tenant_id, day, reason)
    SELECT $1, day, string_agg(name, ', ' ORDER BY name)
      FROM stokkel.stk_sample_events($2, $3 + 365) WHERE closed
     GROUP BY day ORDER BY day$q$, s)
    USING tenant, start_date, end_date;
  GET DIAGNOSTICS n = ROW_COUNT;
  counts := counts || jsonb_build_object('closed_days', n);

  -- Purchase orders: one per supplier and order day, one line per product.
  IF pg_catalog.to_regclass('pg_temp.stk_sample_po') IS NOT NULL THEN
    DROP TABLE pg_temp.stk_sample_po;
  END IF;
  CREATE TEMPORARY TABLE stk_sample_po AS
    SELECT a.product_no, a.ref AS order_no, a.day, a.quantity, p.supplier_no, p.unit_cost,
           dense_rank() OVER (ORDER BY a.day, p.supplier_no) AS po_no,
           row_number() OVER (PARTITION BY a.day, p.supplier_no ORDER BY a.product_no) AS line_no
      FROM pg_temp.stk_sample_activity a
      JOIN stokkel.stk_sample_products(products, seed) p USING (product_no)
     WHERE a.kind = 'order';

  EXECUTE format($q$INSERT INTO %I.purchase_orders (tenant_id, po_id, supplier_id, ordered_at, expected_at, status)
    SELECT $1, o.po_no, o.supplier_no, (o.day + time '18:30') AT TIME ZONE $2,
           o.day + round(sup.lead_time_mean_days)::int,
           CASE WHEN bool_and(r.product_no IS NOT NULL) THEN 'received'
                WHEN bool_or(r.product_no IS NOT NULL) THEN 'partial'
                ELSE 'sent' END
      FROM pg_temp.stk_sample_po o
      JOIN stokkel.stk_sample_suppliers() sup USING (supplier_no)
      LEFT JOIN pg_temp.stk_sample_activity r
        ON r.kind = 'receipt' AND r.product_no = o.product_no AND r.ref = o.order_no
     GROUP BY o.po_no, o.supplier_no, o.day, sup.lead_time_mean_days
     ORDER BY o.po_no$q$, s)
    USING tenant, tz;
  GET DIAGNOSTICS n = ROW_COUNT;
  counts := counts || jsonb_build_object('purchase_orders', n);

  EXECUTE format($q$INSERT INTO %I.purchase_order_lines (tenant_id, po_id, line_no, product_id, quantity, unit_cost)
    SELECT $1, po_no, line_no, product_no, quantity, unit_cost
      FROM pg_temp.stk_sample_po ORDER BY po_no, line_no$q$, s)
    USING tenant;
  GET DIAGNOSTICS n = ROW_COUNT;
  counts := counts || jsonb_build_object('purchase_order_lines', n);

  -- Deliveries come in the morning, before opening.
  EXECUTE format($q$INSERT INTO %I.receipts (tenant_id, po_id, line_no, received_at, quantity)
    SELECT $1, o.po_no, o.line_no, (r.day + time '07:30') AT TIME ZONE $2, r.quantity
      FROM pg_temp.stk_sample_activity r
      JOIN pg_temp.stk_sample_po o ON o.product_no = r.product_no AND o.order_no = r.ref
     WHERE r.kind = 'receipt'
     ORDER BY r.day, o.po_no, o.line_no$q$, s)
    USING tenant, tz;
  GET DIAGNOSTICS n = ROW_COUNT;
  counts := counts || jsonb_build_object('receipts', n);

  -- The stock ledger: opening stock as an adjustment, receipts, sales and
  -- returns, in time order.  Its sum per product is the closing stock.
  EXECUTE format($q$INSERT INTO %I.stock_movements (tenant_id, product_id, moved_at, quantity, kind, reference)
    SELECT $1, a.product_no,
           CASE a.kind WHEN 'opening' THEN (a.day + time '07:00') AT TIME ZONE $2
                       WHEN 'receipt' THEN (a.day + time '07:30') AT TIME ZONE $2
                       ELSE (a.day + a.minute * interval '1 minute') AT TIME ZONE $2 END,
           CASE WHEN a.kind IN ('sale', 'return') THEN -a.quantity ELSE a.quantity END,
           CASE a.kind WHEN 'opening' THEN 'adjustment' ELSE a.kind END,
           CASE a.kind WHEN 'opening' THEN 'stock initial'
                       WHEN 'receipt' THEN 'PO ' || o.po_no || '/' || o.line_no END
      FROM pg_temp.stk_sample_activity a
      LEFT JOIN pg_temp.stk_sample_po o
        ON a.kind = 'receipt' AND o.product_no = a.product_no AND o.order_no = a.ref
     WHERE a.kind IN ('opening', 'receipt', 'sale', 'return') AND a.quantity <> 0
     ORDER BY a.day, coalesce(a.minute, 0), a.product_no, a.kind$q$, s)
    USING tenant, tz;
  GET DIAGNOSTICS n = ROW_COUNT;
  counts := counts || jsonb_build_object('stock_movements', n);

  EXECUTE format($q$INSERT INTO %I.stock_levels (tenant_id, product_id, on_hand, reserved, updated_at)
    SELECT $1, product_no, quantity, 0, ($3 + time '21:00') AT TIME ZONE $2
      FROM pg_temp.stk_sample_activity WHERE kind = 'closing'
     ORDER BY product_no$q$, s)
    USING tenant, tz, end_date;
  GET DIAGNOSTICS n = ROW_COUNT;
  counts := counts || jsonb_build_object('stock_levels', n);

  -- Open alerts for what is out of stock at the end of the history, as
  -- the stock trigger raises them (stk_alerts_stock_body)
  EXECUTE format($q$INSERT INTO %I.alerts (tenant_id, created_at, kind, severity, product_id, message, details)
    SELECT $1, ($3 + time '21:00') AT TIME ZONE $2, 'stockout_risk', 'critical', p.product_id,
           format('out of stock (%%s on hand)', l.on_hand),
           jsonb_build_object('day', $3, 'on_hand', l.on_hand)
      FROM %I.stock_levels l
      JOIN %I.products p USING (tenant_id, product_id)
     WHERE l.tenant_id = $1 AND l.on_hand <= 0
     ORDER BY p.product_id$q$, s, s, s)
    USING tenant, tz, end_date;
  GET DIAGNOSTICS n = ROW_COUNT;
  counts := counts || jsonb_build_object('alerts', n);

  FOREACH tbl IN ARRAY rebuild LOOP
    EXECUTE tbl;
  END LOOP;

  -- Later inserts by the application must not collide with the ids given here.
  FOREACH tbl IN ARRAY ARRAY['suppliers:supplier_id', 'products:product_id',
                             'customers:customer_id', 'purchase_orders:po_id'] LOOP
    EXECUTE format('SELECT pg_catalog.setval(pg_catalog.pg_get_serial_sequence(%L, %L), '
                   'greatest(coalesce(max(%I), 0), 1)) FROM %I.%I',
                   format('%I.%I', s, split_part(tbl, ':', 1)), split_part(tbl, ':', 2),
                   split_part(tbl, ':', 2), s, split_part(tbl, ':', 1));
  END LOOP;

  DROP TABLE pg_temp.stk_sample_activity;
  DROP TABLE pg_temp.stk_sample_po;

  FOREACH tbl IN ARRAY ARRAY['sales', 'stock_movements', 'stockouts', 'purchase_orders',
                             'purchase_order_lines', 'receipts', 'products', 'customers'] LOOP
    EXECUTE format('ANALYZE %I.%I', s, tbl);
  END LOOP;

  RETURN QUERY
    SELECT k, (counts ->> k)::bigint
      FROM unnest(ARRAY['tenants', 'settings', 'suppliers', 'products', 'customers', 'sales',
                        'stock_levels', 'stock_movements', 'stockouts', 'closed_days', 'events',
                        'purchase_orders', 'purchase_order_lines', 'receipts', 'alerts'])
           WITH ORDINALITY AS u(k, i)
     ORDER BY i;
END
$fn$;

COMMENT ON FUNCTION stokkel.stk_generate_sample_data(text, integer, integer, integer, date, text) IS
  'Fill a retail schema (see stk_create_retail_schema) with a simulated Senegalese shop for one tenant: '
  'products (at most 100000) over days days (at most 3660) up to end_date, with sales censored by stock, '
  'stock-outs, purchase orders and receipts with variable lead times, customers, holidays and closed days.  '
  'The same arguments always give the same data.  Returns the rows inserted per table.';
