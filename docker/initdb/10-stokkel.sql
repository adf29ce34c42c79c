-- Runs once, when the data volume is first initialised, in POSTGRES_DB.

-- pg_cron (preloaded by the image's command line) schedules the nightly jobs.
CREATE EXTENSION IF NOT EXISTS pg_cron;
CREATE EXTENSION IF NOT EXISTS stokkel;

-- Roles for PostgREST: it logs in as authenticator and switches to web_anon
-- (or to the role in the JWT).  The api schema and its grants come later.
\getenv authenticator_password STOKKEL_AUTHENTICATOR_PASSWORD
\if :{?authenticator_password}
CREATE ROLE web_anon NOLOGIN;
CREATE ROLE authenticator LOGIN NOINHERIT NOCREATEDB NOCREATEROLE
  PASSWORD :'authenticator_password';
GRANT web_anon TO authenticator;
\else
\echo 'STOKKEL_AUTHENTICATOR_PASSWORD is not set: PostgREST roles not created'
\endif
