-- Foreign keys checked once per statement (batch_fk.c): the retail
-- schema's sales -> products and sales -> customers keys, whose per-row
-- checks by PostgreSQL cost more than half of a bulk insert of sale lines
-- (the customer key about 7 %, although most sales have no customer: a
-- per-row key queues an event for every row).
--
-- The two trigger functions take the arguments (constraint name,
-- referencing table, its columns, referenced table, its columns), tables
-- by name in the trigger table's schema, columns comma-separated.

CREATE FUNCTION stokkel.stk_fk_check_statement()
RETURNS trigger
LANGUAGE C VOLATILE
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'stk_fk_check_statement';
COMMENT ON FUNCTION stokkel.stk_fk_check_statement() IS
  'Trigger function, AFTER INSERT or UPDATE ... REFERENCING NEW TABLE [OLD TABLE] FOR EACH STATEMENT on a '
  'referencing table: every new key (no NULL column) must be present in the referenced table, whose rows are '
  'locked FOR KEY SHARE as PostgreSQL''s foreign keys do; one query per statement.  Arguments: constraint name, '
  'referencing table, its columns (comma-separated), referenced table, its columns.  Raises 23503 like a '
  'foreign key.';

CREATE FUNCTION stokkel.stk_fk_noaction_statement()
RETURNS trigger
LANGUAGE C VOLATILE
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'stk_fk_noaction_statement';
COMMENT ON FUNCTION stokkel.stk_fk_noaction_statement() IS
  'Trigger function, AFTER DELETE or UPDATE ... REFERENCING OLD TABLE [NEW TABLE], or AFTER TRUNCATE, FOR EACH '
  'STATEMENT on a referenced table: a key the statement removed must not be used by the referencing table any '
  'more (ON DELETE/UPDATE NO ACTION).  Same arguments as stk_fk_check_statement.  Raises 23503 like a foreign '
  'key.';

-- Put the statement-level checks of sales' two keys, (tenant_id,
-- product_id) -> products and (tenant_id, customer_id) -> customers, in
-- place of the declarative foreign keys of those names.
CREATE FUNCTION stokkel.stk_attach_sales_keys(schema_name text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  s        text := schema_name;
  k        text[];
  fk_name  text;
  what     text;
  args     text;
  bad      record;
  t        text[];
BEGIN
  IF s IS NULL THEN
    RAISE EXCEPTION 'schema_name must not be null'
      USING ERRCODE = 'null_value_not_allowed';
  END IF;
  IF (SELECT pg_catalog.count(*) FROM pg_catalog.pg_class c
        JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
       WHERE n.nspname OPERATOR(pg_catalog.=) s AND c.relkind OPERATOR(pg_catalog.=) 'r'
         AND c.relname OPERATOR(pg_catalog.=) ANY (ARRAY['sales', 'products', 'customers'])) <> 3 THEN
    RAISE EXCEPTION 'schema "%" has no sales, products and customers tables', s
      USING ERRCODE = 'undefined_table',
            HINT = 'Create them with stokkel.stk_create_retail_schema.';
  END IF;
  -- what ALTER TABLE ... ADD FOREIGN KEY takes on the tables
  EXECUTE pg_catalog.format('LOCK TABLE %1$I.products, %1$I.customers, %1$I.sales IN SHARE ROW EXCLUSIVE MODE', s);
  -- each key: the referenced table, its column besides tenant_id, and the
  -- word in the triggers' names
  FOREACH k SLICE 1 IN ARRAY ARRAY[['products', 'product_id', 'product'],
                                   ['customers', 'customer_id', 'customer']]
  LOOP
    fk_name := pg_catalog.format('sales_tenant_id_%s_fkey', k[2]);
    what := pg_catalog.format('Foreign key sales (tenant_id, %s) -> %s, ', k[2], k[1]);
    -- the rows already there must satisfy the key, as ADD FOREIGN KEY
    -- checks (a NULL column passes: MATCH SIMPLE)
    EXECUTE pg_catalog.format($q$
      SELECT y.tenant_id, y.%2$I AS id FROM ONLY %1$I.sales y
       WHERE y.tenant_id IS NOT NULL AND y.%2$I IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM ONLY %1$I.%3$I x
                          WHERE x.tenant_id OPERATOR(pg_catalog.=) y.tenant_id
                            AND x.%2$I OPERATOR(pg_catalog.=) y.%2$I)
       LIMIT 1$q$, s, k[2], k[1]) INTO bad;
    IF bad IS NOT NULL THEN
      RAISE EXCEPTION 'insert or update on table "sales" violates foreign key constraint "%"', fk_name
        USING ERRCODE = 'foreign_key_violation', SCHEMA = s, TABLE = 'sales', CONSTRAINT = fk_name,
              DETAIL = pg_catalog.format('Key (tenant_id, %s)=(%s, %s) is not present in table "%s".',
                                         k[2], bad.tenant_id, bad.id, k[1]);
    END IF;
    -- a schema made before: its declarative key gives way to the triggers
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c
                WHERE c.conrelid OPERATOR(pg_catalog.=) pg_catalog.format('%I.sales', s)::pg_catalog.regclass
                  AND c.conname OPERATOR(pg_catalog.=) fk_name) THEN
      EXECUTE pg_catalog.format('ALTER TABLE %I.sales DROP CONSTRAINT %I', s, fk_name);
    END IF;
    args := pg_catalog.format('%L, %L, %L, %L, %L', fk_name, 'sales', 'tenant_id,' || k[2],
                              k[1], 'tenant_id,' || k[2]);
    -- name, table, event and transition tables, function, comment; named
    -- sales_... so that they fire before the alert triggers (stk_...)
    FOREACH t SLICE 1 IN ARRAY ARRAY[
      [pg_catalog.format('sales_%s_fk_ins', k[3]), 'sales', 'INSERT', 'REFERENCING NEW TABLE AS stk_fk_new',
       'stk_fk_check_statement',
       pg_catalog.format('checked once per statement: the new sale lines'' %s must exist (they are locked '
                         'FOR KEY SHARE).', k[1])],
      [pg_catalog.format('sales_%s_fk_upd', k[3]), 'sales', 'UPDATE',
       'REFERENCING OLD TABLE AS stk_fk_old NEW TABLE AS stk_fk_new', 'stk_fk_check_statement',
       pg_catalog.format('checked once per statement: a changed %s of a sale line must exist.', k[3])],
      [pg_catalog.format('sales_%s_fk_del', k[3]), k[1], 'DELETE', 'REFERENCING OLD TABLE AS stk_fk_old',
       'stk_fk_noaction_statement', pg_catalog.format('ON DELETE NO ACTION: a %s with sales cannot be deleted.', k[3])],
      [pg_catalog.format('sales_%s_fk_upd', k[3]), k[1], 'UPDATE',
       'REFERENCING OLD TABLE AS stk_fk_old NEW TABLE AS stk_fk_new', 'stk_fk_noaction_statement',
       pg_catalog.format('ON UPDATE NO ACTION: the key of a %s with sales cannot change.', k[3])],
      [pg_catalog.format('sales_%s_fk_trunc', k[3]), k[1], 'TRUNCATE', '', 'stk_fk_noaction_statement',
       pg_catalog.format('TRUNCATE of %s fails while sales refer to them (truncate both in one command).', k[1])]]
    LOOP
      EXECUTE pg_catalog.format('CREATE OR REPLACE TRIGGER %I AFTER %s ON %I.%I %s FOR EACH STATEMENT '
                                'EXECUTE FUNCTION stokkel.%I(%s)', t[1], t[3], s, t[2], t[4], t[5], args);
      EXECUTE pg_catalog.format('COMMENT ON TRIGGER %I ON %I.%I IS %L', t[1], s, t[2],
                                what || t[6] || '  Installed by stokkel.stk_attach_sales_keys.');
    END LOOP;
  END LOOP;
END
$fn$;
COMMENT ON FUNCTION stokkel.stk_attach_sales_keys(text) IS
  'Enforce the two keys of a retail schema''s sales, (tenant_id, product_id) -> products and (tenant_id, '
  'customer_id) -> customers, with statement-level triggers (stk_fk_check_statement, stk_fk_noaction_statement) '
  'instead of the declarative foreign keys sales_tenant_id_product_id_fkey and sales_tenant_id_customer_id_fkey, '
  'which it drops: same guarantee, one check query per statement and key instead of one per row.  Checks the '
  'rows already there first (23503).  stk_create_retail_schema calls it; call it to convert a schema created '
  'before, or to re-attach the triggers after DROP EXTENSION ... CASCADE.  Raises 42P01 when the schema has no '
  'sales, products and customers tables.';
