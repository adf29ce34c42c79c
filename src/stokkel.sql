-- stokkel extension script, assembled by the Makefile from src/*.sql.
-- Every object is created in schema stokkel; names and operators in bodies
-- are schema-qualified, so the caller's search_path never matters.
\echo Use "CREATE EXTENSION stokkel" to load this file. \quit

REVOKE CREATE ON SCHEMA stokkel FROM PUBLIC;
GRANT USAGE ON SCHEMA stokkel TO PUBLIC;
COMMENT ON SCHEMA stokkel IS
  'Stokkel: demand forecasting, inventory recommendations, analytics and alerts';
