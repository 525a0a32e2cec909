-- The admin role (migrations, scheduled jobs) must see every tenant. Locally it has BYPASSRLS,
-- but managed PostgreSQL (RDS) does not let a non-superuser hold BYPASSRLS, and FORCE ROW LEVEL
-- SECURITY applies to the owner too. So every tenant table also gets an explicit policy for
-- arrakis_admin; arrakis_app stays bound by tenant_isolation alone.

CREATE OR REPLACE FUNCTION app.isolate_tenant_table(target regclass) RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
  EXECUTE format('CREATE POLICY tenant_isolation ON %s FOR ALL '
                 'USING (community_id = (SELECT app.current_community_id())) '
                 'WITH CHECK (community_id = (SELECT app.current_community_id()))', target);
  PERFORM app.allow_admin(target);
END
$$;

CREATE FUNCTION app.allow_admin(target regclass) RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'arrakis_admin') THEN
    EXECUTE format('CREATE POLICY admin_maintenance ON %s FOR ALL TO arrakis_admin USING (true) WITH CHECK (true)',
                   target);
  END IF;
END
$$;
REVOKE EXECUTE ON FUNCTION app.allow_admin(regclass) FROM PUBLIC;

-- Every tenant table that exists now.
SELECT app.allow_admin(p.polrelid::regclass)
  FROM pg_policy p
 WHERE p.polname = 'tenant_isolation'
   AND NOT EXISTS (SELECT FROM pg_policy q WHERE q.polrelid = p.polrelid AND q.polname = 'admin_maintenance');
