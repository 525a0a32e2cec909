-- The database roles and what every later migration relies on (docs/database.md "Roles"):
--   arrakis_app   tenant plugin SQL, bound by row-level security to one community per transaction;
--   arrakis_jobs  scheduled jobs: DML only, chain-wide tables and every tenant's rows;
--   arrakis_host  the host's own tables (fleet, idempotency keys, community lookup, ...).
-- None of them owns anything (so none can drop a policy or disable row-level security), none
-- bypasses RLS, and none may create temporary tables. The migrating role owns every object.
--
-- Logins and passwords are the operator's (tools/dev services start; the RDS set-up in
-- docs/database.md): a missing role is created here without LOGIN, so that GRANTs never fail.
DO $$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['arrakis_app', 'arrakis_jobs', 'arrakis_host'] LOOP
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN
      BEGIN
        EXECUTE format('CREATE ROLE %I NOLOGIN NOBYPASSRLS', r);
      EXCEPTION WHEN insufficient_privilege THEN
        RAISE EXCEPTION 'role % does not exist and % may not create it: create it (NOBYPASSRLS) before migrating',
          r, current_user;
      END;
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = r AND (rolsuper OR rolbypassrls)) THEN
      RAISE EXCEPTION 'role % is a superuser or bypasses row-level security: it must not', r;
    END IF;
  END LOOP;
END
$$;

-- No temporary tables for the application roles: a temp table shadows the real table of the same
-- name for the rest of the session (pooled connections are shared by every tenant). The owner of
-- the database (the migrating role) keeps TEMP implicitly.
DO $$
BEGIN
  EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
  EXECUTE format('REVOKE TEMPORARY, CREATE ON DATABASE %I FROM arrakis_app, arrakis_jobs, arrakis_host',
                 current_database());
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO arrakis_app, arrakis_jobs, arrakis_host', current_database());
END
$$;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA app TO arrakis_jobs, arrakis_host;

-- New tables are no longer readable or writable by the application by default: each migration
-- grants what each role needs (tenant tables get theirs from app.isolate_tenant_table below).
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM arrakis_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO arrakis_jobs, arrakis_host;

-- Tenant isolation, third version: the tenant policy binds the application role only, the jobs
-- role sees every tenant through its own policy, every other role (the host's included) sees no
-- tenant row; and the table gets the DML grants of both roles.
CREATE OR REPLACE FUNCTION app.isolate_tenant_table(target regclass) RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
  EXECUTE format('CREATE POLICY tenant_isolation ON %s FOR ALL TO arrakis_app '
                 'USING (community_id = (SELECT app.current_community_id())) '
                 'WITH CHECK (community_id = (SELECT app.current_community_id()))', target);
  PERFORM app.allow_jobs(target);
  PERFORM app.allow_admin(target);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO arrakis_app, arrakis_jobs', target);
END
$$;

CREATE FUNCTION app.allow_jobs(target regclass) RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_policy WHERE polrelid = target AND polname = 'jobs_all_tenants') THEN
    EXECUTE format('CREATE POLICY jobs_all_tenants ON %s FOR ALL TO arrakis_jobs USING (true) WITH CHECK (true)',
                   target);
  END IF;
END
$$;
REVOKE EXECUTE ON FUNCTION app.allow_jobs(regclass) FROM PUBLIC;
