-- Tenant isolation of the HTTP API, at the SQL level exactly as PostgREST
-- drives it: each request is a transaction that does SET LOCAL ROLE, sets
-- request.jwt.claims with set_config(..., true), makes one call, and ends.
-- Here every request runs in a subtransaction that is always rolled back,
-- so requests see no trace of each other (writes included); reads run
-- read-only, as PostgREST runs GET requests.
--
-- The sweep enumerates from the catalog every view and function of the api
-- schema and every table of the retail schema (plus any table an api view
-- reads): wrappers added later are swept without editing this file.  A
-- function's arguments come from samples by parameter name (or, for an
-- unnamed parameter, by function name); parameters with defaults are left
-- out.  A function that cannot be called with the samples fails the sweep.
BEGIN;
SELECT plan(24);
SET LOCAL client_min_messages = warning;

\o /dev/null
SELECT stokkel.stk_create_retail_schema('tap_shop');
SELECT count(*) FROM stokkel.stk_generate_sample_data('tap_shop', 6, 120, 1, tenant => 'ta');
SELECT count(*) FROM stokkel.stk_generate_sample_data('tap_shop', 6, 120, 2, tenant => 'tb');
INSERT INTO tap_shop.alerts (tenant_id, kind, product_id, message)
VALUES ('ta', 'spike', 1, 'pic de ventes A'), ('tb', 'spike', 1, 'pic de ventes B');
-- the alert triggers and their state tables (which the sweep covers too)
SELECT stokkel.stk_attach_retail_alerts('tap_shop');
SELECT count(*) FROM stokkel.stk_refresh_forecast_state('tap_shop.sales', NULL, '2026-06-30', 60);
SELECT stokkel.stk_create_api('tap_shop', 'tap_api', 'tap_anon', 'tap_user', 'tap_admin');
\o

-- Samples of arguments by parameter name; fn = '' matches every function.
CREATE TEMP TABLE sample_arg (fn text, arg text, expr text);
INSERT INTO sample_arg VALUES
  ('', 'period_start', $$DATE '2026-05-01'$$),
  ('', 'period_end', $$DATE '2026-06-30'$$),
  ('', 'product_id', '1::bigint'),
  ('', 'horizon', '7'),
  ('', 'key', $$'service_level'$$),
  ('', 'value', $$'0.9'::jsonb$$),
  ('', 'alert_id', '1::bigint'),
  ('set_alert_setting', 'alert_type', $$'sales_spike'$$),
  ('set_alert_setting', 'setting', $$'probability'$$),
  ('set_alert_setting', 'value', $$'0.01'::jsonb$$),
  ('import_sales', 'csv', $$E'sku,sold_at,quantity\nRIZ-000001,2026-06-30 12:00,2\nNOPE,2026-06-30,1\n'$$),
  ('import_sales_csv', '$1', $$E'sku,sold_at,quantity\nRIZ-000001,2026-06-30 12:00,2\n'$$),
  ('import_stock', 'csv', $$E'sku,on_hand\nRIZ-000001,40\n'$$),
  ('import_products', 'csv', $$E'sku,name,unit_price\nRIZ-000001,Riz 25kg,15000\nNEW-1,Thé vert,500\n'$$),
  ('import_xlsx', '$1', $$stokkel.stk_xlsx('[{"name": "sales", "columns": ["sku", "sold_at", "quantity"], "rows": [["RIZ-000002", "2026-06-30 10:00", 3]]}]')$$);

-- The objects: api views and functions, retail tables.
CREATE TEMP TABLE obj AS
SELECT 'view'::text AS kind, c.relname::text AS name, pg_catalog.format('SELECT * FROM tap_api.%I', c.relname) AS q,
       false AS admin_only, false AS public_fn, false AS writes, NULL::text AS missing
  FROM pg_class c WHERE c.relnamespace = 'tap_api'::regnamespace AND c.relkind = 'v';
INSERT INTO obj
SELECT 'function', p.proname,
       pg_catalog.format('SELECT * FROM tap_api.%I(%s)', p.proname,
         (SELECT string_agg(CASE WHEN a.n = '' THEN s.expr ELSE pg_catalog.format('%I => %s', a.n, s.expr) END, ', ' ORDER BY a.i)
            FROM unnest(coalesce(p.proargnames, array_fill(''::text, ARRAY[p.pronargs])), p.proargmodes::text[])
                 WITH ORDINALITY AS a(n, m, i)
            LEFT JOIN LATERAL (SELECT sa.expr FROM sample_arg sa
                                WHERE sa.arg = CASE WHEN a.n = '' THEN '$' || a.i ELSE a.n END
                                  AND (sa.fn = '' OR sa.fn = p.proname)
                                ORDER BY length(sa.fn) DESC LIMIT 1) s ON true
           WHERE coalesce(a.m, 'i') IN ('i', 'b') AND s.expr IS NOT NULL)),
       coalesce(obj_description(p.oid, 'pg_proc'), '') LIKE 'Admin only.%',
       coalesce(obj_description(p.oid, 'pg_proc'), '') LIKE 'Public.%',
       p.provolatile = 'v',
       -- a required input without a sample
       (SELECT string_agg(a.n, ', ')
          FROM unnest(coalesce(p.proargnames, array_fill(''::text, ARRAY[p.pronargs])), p.proargmodes::text[])
               WITH ORDINALITY AS a(n, m, i)
         WHERE coalesce(a.m, 'i') IN ('i', 'b')
           AND a.i <= p.pronargs - p.pronargdefaults
           AND NOT EXISTS (SELECT 1 FROM sample_arg sa
                            WHERE sa.arg = CASE WHEN a.n = '' THEN '$' || a.i ELSE a.n END
                              AND (sa.fn = '' OR sa.fn = p.proname)))
  FROM pg_proc p WHERE p.pronamespace = 'tap_api'::regnamespace;
-- tables: the retail schema's, and whatever an api view reads
INSERT INTO obj
SELECT DISTINCT 'table', c.relname, pg_catalog.format('SELECT * FROM %s', c.oid::regclass), false, false, false, NULL
  FROM pg_class c
 WHERE c.relkind = 'r'
   AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id')
   AND (c.relnamespace = 'tap_shop'::regnamespace
    OR c.oid IN (SELECT d.refobjid FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid
                  JOIN pg_class v ON v.oid = r.ev_class
                 WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass
                   AND v.relnamespace = 'tap_api'::regnamespace));

-- A fingerprint of everything tenant tb owns, in every retail table.
CREATE FUNCTION pg_temp.tenant_digest(t text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  tbl regclass;
  d text := '';
  x text;
BEGIN
  FOR tbl IN SELECT c.oid FROM pg_class c WHERE c.relnamespace = 'tap_shop'::regnamespace AND c.relkind = 'r'
                AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id')
             ORDER BY c.relname LOOP
    EXECUTE format('SELECT md5(coalesce(string_agg(r::text, E''\n'' ORDER BY r::text), '''')) FROM %s r WHERE r.tenant_id = $1', tbl)
      INTO x USING t;
    d := d || tbl::text || ':' || x || ' ';
  END LOOP;
  RETURN md5(d);
END $$;

-- One request as PostgREST makes it; always undone.  Returns the SQLSTATE,
-- a digest of the rows, the row count, the rows with data, the rows whose
-- tenant_id is not the token's, and whether tenant tb's data was intact
-- at the end of the request.
CREATE TEMP TABLE result (phase text, who text, kind text, name text, state text, msg text, digest text,
                          n bigint, nonnull bigint, foreign_rows bigint, b_intact boolean);
CREATE FUNCTION pg_temp.req(phase text, who text, r text, claims text, o obj) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  st text := '00000';
  m text;
  dg text;
  n bigint;
  nn bigint;
  fr bigint;
  intact boolean;
  b_before constant text := pg_temp.tenant_digest('tb');
BEGIN
  BEGIN
    -- PostgREST runs GET (views, and the functions that only read) in a
    -- read-only transaction, as on a hot standby; the subtransaction's
    -- rollback makes this one read-write again
    IF NOT o.writes THEN
      SET LOCAL transaction_read_only = on;
    END IF;
    EXECUTE format('SET LOCAL ROLE %I', r);
    PERFORM set_config('request.jwt.claims', claims, true);
    EXECUTE format($q$WITH x AS (%s)
                     SELECT count(*), count(*) FILTER (WHERE NOT (x IS NULL)),
                            md5(coalesce(string_agg(x::text, E'\n' ORDER BY x::text), '')),
                            count(*) FILTER (WHERE (to_jsonb(x) ->> 'tenant_id') IS DISTINCT FROM
                                                   coalesce(($1::json ->> 'tenant_id'), (to_jsonb(x) ->> 'tenant_id')))
                       FROM x$q$, o.q)
      INTO n, nn, dg, fr USING coalesce(nullif(claims, ''), '{}');
    RESET ROLE;
    intact := pg_temp.tenant_digest('tb') = b_before;
    RAISE EXCEPTION USING ERRCODE = 'P0099', MESSAGE = 'undo';
  EXCEPTION
    WHEN SQLSTATE 'P0099' THEN NULL;
    WHEN OTHERS THEN
      GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, m = MESSAGE_TEXT;
  END;
  INSERT INTO result VALUES (phase, who, o.kind, o.name, st, m, dg, n, nn, fr, intact);
END $$;

-- The requests.
SELECT pg_temp.req('1', 'anon', 'tap_anon', '', o) FROM obj o WHERE o.missing IS NULL;
SELECT pg_temp.req('1', 'anon A', 'tap_anon', '{"role": "tap_anon", "tenant_id": "ta"}', o) FROM obj o WHERE o.missing IS NULL;
SELECT pg_temp.req('1', 'anon B', 'tap_anon', '{"role": "tap_anon", "tenant_id": "tb"}', o) FROM obj o WHERE o.missing IS NULL;
SELECT pg_temp.req('1', 'no tenant', 'tap_user', '{"role": "tap_user"}', o) FROM obj o WHERE o.missing IS NULL;
SELECT pg_temp.req('1', 'unknown tenant', 'tap_user', '{"role": "tap_user", "tenant_id": "tz"}', o) FROM obj o WHERE o.missing IS NULL;
SELECT pg_temp.req('1', 'user A', 'tap_user', '{"role": "tap_user", "tenant_id": "ta"}', o) FROM obj o WHERE o.missing IS NULL;
SELECT pg_temp.req('1', 'user B', 'tap_user', '{"role": "tap_user", "tenant_id": "tb"}', o) FROM obj o WHERE o.missing IS NULL;
SELECT pg_temp.req('1', 'admin A', 'tap_admin', '{"role": "tap_admin", "tenant_id": "ta"}', o) FROM obj o WHERE o.missing IS NULL;
-- Writes on every table by a tenant-A user: all rows, B's included.
SELECT pg_temp.req('1', 'user A ' || w.verb, 'tap_user', '{"role": "tap_user", "tenant_id": "ta"}',
                   ROW('table', o.name, format(w.q, 'tap_shop.' || quote_ident(o.name)), false, false, true, NULL)::obj)
  FROM obj o, (VALUES ('update', 'UPDATE %s t SET tenant_id = t.tenant_id RETURNING t.*'),
                      ('delete', 'DELETE FROM %s t RETURNING t.*'),
                      ('update to B', 'UPDATE %s t SET tenant_id = ''tb'' RETURNING t.*')) w(verb, q)
 WHERE o.kind = 'table';
DO $$
DECLARE
  o record;
  rowj json;
BEGIN
  -- one of B's own rows, inserted again by A (a new row of tenant B)
  FOR o IN SELECT * FROM obj WHERE kind = 'table' LOOP
    EXECUTE format('SELECT to_json(r) FROM tap_shop.%I r WHERE r.tenant_id = ''tb'' LIMIT 1', o.name) INTO rowj;
    CONTINUE WHEN rowj IS NULL;
    PERFORM pg_temp.req('1', 'user A insert B row', 'tap_user', '{"role": "tap_user", "tenant_id": "ta"}',
      ROW('table', o.name, format('INSERT INTO tap_shop.%1$I SELECT * FROM json_populate_record(NULL::tap_shop.%1$I, %2$L) RETURNING *',
                                  o.name, rowj), false, false, true, NULL)::obj);
  END LOOP;
END $$;

-- Phase 2: tenant B's data removed; tenant A's answers must not change.
SET LOCAL session_replication_role = replica;
DO $$
DECLARE
  t regclass;
BEGIN
  FOR t IN SELECT c.oid FROM pg_class c WHERE c.relnamespace = 'tap_shop'::regnamespace AND c.relkind = 'r'
              AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id') LOOP
    EXECUTE format('DELETE FROM %s WHERE tenant_id = ''tb''', t);
  END LOOP;
END $$;
RESET session_replication_role;
SELECT pg_temp.req('2', 'user A', 'tap_user', '{"role": "tap_user", "tenant_id": "ta"}', o) FROM obj o WHERE o.missing IS NULL;
SELECT pg_temp.req('2', 'admin A', 'tap_admin', '{"role": "tap_admin", "tenant_id": "ta"}', o) FROM obj o WHERE o.missing IS NULL;

-- Assertions.
SELECT ok((SELECT count(*) FROM obj WHERE kind = 'view') >= 4 AND (SELECT count(*) FROM obj WHERE kind = 'function') >= 27
          AND (SELECT count(*) FROM obj WHERE kind = 'table') >= 18,
  format('the sweep covers every api view (%s), api function (%s) and retail table (%s)',
         (SELECT count(*) FROM obj WHERE kind = 'view'), (SELECT count(*) FROM obj WHERE kind = 'function'),
         (SELECT count(*) FROM obj WHERE kind = 'table')));
SELECT is_empty($$SELECT name, missing FROM obj WHERE missing IS NOT NULL$$,
  'every api function can be called: each required parameter has a sample (add one to sample_arg)');
SELECT is_empty($$SELECT name, state, msg FROM result WHERE phase = '1' AND who = 'user A' AND kind <> 'table'
                   AND NOT (state = '00000' OR (state = '42501' AND name IN (SELECT name FROM obj WHERE admin_only)))$$,
  'a tenant-A user gets an answer from every api view and function (admin-only ones excepted)');
SELECT is_empty($$SELECT name, state, msg FROM result WHERE phase = '1' AND who = 'admin A' AND kind <> 'table'
                   AND state <> '00000'$$,
  'an admin of tenant A gets an answer from every api view and function');
SELECT is_empty($$SELECT o.name FROM obj o WHERE o.kind <> 'table' AND o.admin_only IS DISTINCT FROM
                   ((SELECT state FROM result r WHERE r.phase = '1' AND r.who = 'user A' AND r.name = o.name AND r.kind = o.kind) = '42501')$$,
  'exactly the functions commented "Admin only." refuse a user (42501)');
SELECT is_empty($$SELECT kind, name, n FROM result WHERE phase = '1' AND who IN ('user A', 'admin A')
                   AND kind <> 'table' AND state = '00000' AND nonnull = 0$$,
  'every answer to tenant A holds data (so the comparisons below can fail)');
SELECT is_empty($$SELECT kind, name, foreign_rows FROM result WHERE who LIKE 'user A%' AND state = '00000'
                   AND kind IN ('view', 'table') AND foreign_rows <> 0$$,
  'no view or table shows, updates or deletes a row of another tenant to a tenant-A user');
SELECT is_empty($$SELECT r1.who, r1.kind, r1.name FROM result r1 JOIN result r2 USING (who, kind, name)
                   WHERE r1.phase = '1' AND r2.phase = '2' AND r1.state = '00000'
                     AND (r1.digest IS DISTINCT FROM r2.digest OR r1.state <> r2.state)
                     AND r1.name NOT IN ('health')$$,
  'tenant A''s answers are the same whether tenant B''s data exists or not (nothing of B leaks into them)');
SELECT is_empty($$SELECT a.kind, a.name FROM result a JOIN result b USING (phase, kind, name)
                   JOIN obj o USING (kind, name)
                   WHERE a.phase = '1' AND a.who = 'user A' AND b.who = 'user B' AND a.state = '00000'
                     AND NOT o.writes AND NOT o.public_fn AND o.kind <> 'table' AND a.digest = b.digest$$,
  'tenants A and B get different answers from every read-only view and function (they read tenant data)');
SELECT is_empty($$SELECT who, kind, name, state FROM result WHERE b_intact IS FALSE AND who NOT LIKE '% B'$$,
  'no request of a tenant-A user or admin changes any row of tenant B (fingerprint of every retail table)');
SELECT is_empty($$SELECT who, kind, name, state, msg FROM result WHERE who = 'user A insert B row' AND state = '00000'$$,
  'a tenant-A user cannot insert a row of tenant B into any retail table');
SELECT is_empty($$SELECT who, name, state, msg FROM result WHERE who LIKE 'user A %' AND state NOT IN ('00000', '42501')$$,
  'writes of a tenant-A user on the retail tables end in success (own rows only) or 42501');
SELECT is_empty($$SELECT r.kind, r.name, r.state FROM result r JOIN obj o USING (kind, name)
                   WHERE r.who LIKE 'anon%' AND NOT o.public_fn AND r.state <> '42501'$$,
  'the anonymous role is refused (42501) every view, table and function not marked "Public."');
SELECT is_empty($$SELECT a.name FROM result a JOIN result b USING (phase, kind, name) JOIN obj o USING (kind, name)
                   WHERE o.public_fn AND a.who = 'anon' AND b.who IN ('anon A', 'anon B')
                     AND (a.state <> '00000' OR a.digest IS DISTINCT FROM b.digest)$$,
  'what the anonymous role may call answers the same for every tenant (nothing private)');
SELECT ok((SELECT count(*) FROM obj WHERE public_fn) >= 1, 'there is a public function (health) to test');
SELECT is_empty($$SELECT r.kind, r.name, r.state, r.nonnull FROM result r JOIN obj o USING (kind, name)
                   WHERE r.who = 'no tenant' AND NOT o.public_fn AND o.kind <> 'table'
                     AND NOT ((r.state = '00000' AND r.nonnull = 0) OR r.state = '28000'
                              OR (r.state = '42501' AND o.admin_only))$$,
  'a token without a tenant sees nothing: empty answers, or 28000 for what must write');
SELECT is_empty($$SELECT r.kind, r.name, r.state FROM result r WHERE r.who = 'no tenant' AND r.kind = 'table'
                   AND NOT (r.state = '00000' AND r.n = 0)$$,
  'a token without a tenant reads no row of any retail table');
SELECT is_empty($$SELECT r.kind, r.name, r.state, r.msg FROM result r JOIN obj o USING (kind, name)
                   WHERE r.who = 'unknown tenant' AND NOT o.public_fn AND o.kind <> 'table' AND r.state <> '28000'
                     AND NOT (r.state = '42501' AND o.admin_only)$$,
  'a token naming a tenant that does not exist gets 28000 from every api view and function (42501 first for admin-only ones)');

-- The alert triggers' tables: the state tables are swept above with the
-- retail tables; the error log has no tenant column, so users may only add
-- to it.
SELECT ok((SELECT count(*) FROM obj WHERE kind = 'table'
            AND name IN ('stk_forecast_state', 'stk_customer_state', 'stk_alert_checks')) = 3
          AND (SELECT bool_and(c.relrowsecurity) FROM pg_class c
                WHERE c.oid IN ('tap_shop.stk_forecast_state'::regclass, 'tap_shop.stk_customer_state'::regclass,
                                'tap_shop.stk_alert_checks'::regclass)),
  'the alert state tables are swept and have row-level security');
SELECT ok(NOT has_table_privilege('tap_user', 'tap_shop.stk_alert_errors', 'SELECT')
          AND NOT has_table_privilege('tap_admin', 'tap_shop.stk_alert_errors', 'SELECT')
          AND NOT has_table_privilege('tap_anon', 'tap_shop.stk_alert_errors', 'SELECT')
          AND has_table_privilege('tap_user', 'tap_shop.stk_alert_errors', 'INSERT'),
  'the alert error log (no tenant column) is not readable by any api role; users may record a failure');

-- The catalogue: how the api schema is built.
SELECT is_empty($$SELECT p.oid::regprocedure FROM pg_proc p WHERE p.pronamespace = 'tap_api'::regnamespace
                   AND (p.prosecdef OR NOT coalesce((SELECT bool_or(c LIKE 'search_path=%') FROM unnest(p.proconfig) c), false))$$,
  'every api function is SECURITY INVOKER with a pinned search_path');
SELECT is_empty($$SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'tap_api'::regnamespace AND c.relkind = 'v'
                   AND (NOT coalesce(c.reloptions @> ARRAY['security_invoker=true'], false)
                        OR NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id'))$$,
  'every api view runs as the caller (security_invoker) and shows tenant_id');
SELECT is_empty($$SELECT 'function ' || p.oid::regprocedure FROM pg_proc p WHERE p.pronamespace = 'tap_api'::regnamespace
                     AND obj_description(p.oid, 'pg_proc') IS NULL
                   UNION ALL SELECT 'relation ' || c.relname FROM pg_class c WHERE c.relnamespace = 'tap_api'::regnamespace
                     AND obj_description(c.oid, 'pg_class') IS NULL
                   UNION ALL SELECT 'type ' || t.typname FROM pg_type t WHERE t.typnamespace = 'tap_api'::regnamespace
                     AND t.typtype = 'd' AND obj_description(t.oid, 'pg_type') IS NULL
                   UNION ALL SELECT 'schema' WHERE obj_description('tap_api'::regnamespace, 'pg_namespace') IS NULL$$,
  'every object of the api schema has a COMMENT (the OpenAPI description)');
SELECT is_empty($$SELECT r.rolname FROM pg_roles r WHERE r.rolname IN ('tap_anon', 'tap_user', 'tap_admin')
                   AND (r.rolsuper OR r.rolbypassrls OR r.rolcanlogin
                        OR EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = 'tap_shop'::regnamespace
                                    AND pg_has_role(r.oid, c.relowner, 'MEMBER')))$$,
  'the api roles cannot log in, bypass row-level security or own a retail table (RLS binds them without FORCE)');

SELECT * FROM finish();
ROLLBACK;
