-- Runs once, when the data volume is first initialised, in POSTGRES_DB.

-- pg_cron (preloaded by the image's command line) schedules the nightly jobs.
CREATE EXTENSION IF NOT EXISTS pg_cron;
CREATE EXTENSION IF NOT EXISTS stokkel;

-- A retail schema with a demo shop (tenant "demo"), and the api schema
-- PostgREST serves over it, with its roles web_anon (no token), web_user
-- and web_admin (NOLOGIN; chosen by the "role" claim of the JWT).
\getenv demo_data STOKKEL_DEMO_DATA
\if :{?demo_data}
\else
\set demo_data ''
\endif
SELECT :'demo_data' <> '' AS load_demo \gset
SELECT stokkel.stk_create_retail_schema('shop');
\if :load_demo
SELECT * FROM stokkel.stk_generate_sample_data('shop', products => 200, days => 730, tenant => 'demo');
\endif
-- the alert triggers first, so that stk_create_api grants the user role
-- their state tables (sales imported through the api raise alerts)
SELECT stokkel.stk_attach_retail_alerts('shop');
SELECT stokkel.stk_create_api('shop', 'api', 'web_anon', 'web_user', 'web_admin');

-- Every night at 02:30, each tenant's forecast state is refitted from its
-- sales and its events calendar (the alerts' bands; a feast rush is no spike):
-- one tenant at a time, each committed, so that a tenant whose refresh fails
-- (a warning in the log) neither stops the others nor undoes them.
-- (test/docker/test_initdb.sh runs this command.)
SELECT to_regnamespace('cron') IS NOT NULL AS have_cron \gset
\if :have_cron
SELECT cron.schedule('stokkel-forecast-state', '30 2 * * *', $job$
DO $refresh$
DECLARE
  t text;
BEGIN
  FOR t IN SELECT tenant_id FROM shop.tenants ORDER BY tenant_id LOOP
    BEGIN
      PERFORM count(*)
        FROM stokkel.stk_refresh_forecast_state('shop.sales', t, current_date, 182,
               (SELECT array_agg(e.day ORDER BY e.day, e.name) FROM shop.events e WHERE e.tenant_id = t),
               (SELECT array_agg(e.name ORDER BY e.day, e.name) FROM shop.events e WHERE e.tenant_id = t));
    EXCEPTION WHEN OTHERS THEN
      RAISE WARNING 'stokkel: nightly refresh of tenant % failed: %', t, SQLERRM;
    END;
    COMMIT;
  END LOOP;
END
$refresh$
$job$);
\endif

-- PostgREST logs in as authenticator and switches to web_anon, or to the
-- role named in the token.
\getenv authenticator_password STOKKEL_AUTHENTICATOR_PASSWORD
\if :{?authenticator_password}
CREATE ROLE authenticator LOGIN NOINHERIT NOCREATEDB NOCREATEROLE
  PASSWORD :'authenticator_password';
GRANT web_anon, web_user, web_admin TO authenticator;
\else
\echo 'STOKKEL_AUTHENTICATOR_PASSWORD is not set: PostgREST login role not created'
\endif
