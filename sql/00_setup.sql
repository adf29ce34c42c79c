-- The extension installs cleanly and only into its own schema.
CREATE EXTENSION stokkel;
SELECT extname, extversion, n.nspname AS schema, extrelocatable
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE extname = 'stokkel';
-- GSL's abort handler is off and the GUCs exist under the reserved prefix.
SHOW stokkel.max_series_length;
SET stokkel.no_such_setting = 1;

-- Shared by the later test files: run a statement and report its error as
-- SQLSTATE plus message, so that expected outputs pin both.
CREATE SCHEMA regress;
GRANT USAGE ON SCHEMA regress TO PUBLIC;
CREATE FUNCTION regress.err(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE q;
  RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
