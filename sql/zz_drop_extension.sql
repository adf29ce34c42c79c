-- DROP EXTENSION never drops the retail schema's tables or their data:
-- they belong to the user who created them, not to the extension, and
-- nothing in them depends on extension objects (so no CASCADE is needed).
SET client_min_messages = warning;
SELECT stokkel.stk_create_retail_schema('keep_shop');
INSERT INTO keep_shop.tenants (tenant_id, name) VALUES ('t1', 'Boutique Keur Massar');
SELECT count(*) AS extension_members_in_keep_shop
FROM pg_depend d JOIN pg_class c ON c.oid = d.objid
WHERE d.deptype = 'e' AND c.relnamespace = 'keep_shop'::regnamespace;

DROP EXTENSION stokkel;
SELECT tenant_id, name, currency FROM keep_shop.tenants;
SELECT count(*) AS tables_left FROM pg_tables WHERE schemaname = 'keep_shop';

-- and the extension comes back on top of the kept data
CREATE EXTENSION stokkel;
SELECT count(*) AS tenants FROM keep_shop.tenants;
DROP SCHEMA keep_shop CASCADE;
