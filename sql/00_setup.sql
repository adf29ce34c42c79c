-- The extension installs cleanly and only into its own schema.
CREATE EXTENSION stokkel;
SELECT extname, extversion, n.nspname AS schema, extrelocatable
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE extname = 'stokkel';
-- GSL's abort handler is off and the GUCs exist under the reserved prefix.
SHOW stokkel.max_series_length;
SET stokkel.no_such_setting = 1;
