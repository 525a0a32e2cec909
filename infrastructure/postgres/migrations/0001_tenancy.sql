-- Tenancy: the tenant lookup table and the contract every tenant table's row-level security uses.
--
-- Contract (the plugin host's SQL service relies on these exact names): every application
-- transaction runs `SELECT set_config('app.community_id', '<uuid>', true)` first. Tenant tables
-- allow only rows whose community_id equals app.current_community_id(), which raises
-- TENANT_CONTEXT_MISSING when no tenant is set, so a forgotten set_config fails loudly instead of
-- reading nothing (or everything).

-- Roles are created by the operator (tools/dev services start, or Terraform/RDS set-up); a
-- migration only grants. Fail here, clearly, rather than on the first GRANT.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'arrakis_app') THEN
    RAISE EXCEPTION 'role arrakis_app does not exist: create it (NOBYPASSRLS, LOGIN) before migrating';
  END IF;
END
$$;

CREATE SCHEMA app;
GRANT USAGE ON SCHEMA app TO arrakis_app;

CREATE FUNCTION app.current_community_id() RETURNS uuid
LANGUAGE plpgsql STABLE
AS $$
DECLARE
  raw text := current_setting('app.community_id', true);
  id uuid;
BEGIN
  IF raw IS NULL OR raw = '' THEN
    RAISE EXCEPTION 'TENANT_CONTEXT_MISSING'
      USING ERRCODE = 'insufficient_privilege',
            HINT = 'run SELECT set_config(''app.community_id'', <uuid>, true) in the transaction first';
  END IF;
  id := raw::uuid;  -- malformed text raises invalid_text_representation: still closed
  IF id = '00000000-0000-0000-0000-000000000000'::uuid THEN
    RAISE EXCEPTION 'TENANT_CONTEXT_MISSING'
      USING ERRCODE = 'insufficient_privilege', DETAIL = 'the nil UUID is not a tenant';
  END IF;
  RETURN id;
END
$$;

-- Keeps updated_at honest without every query having to remember it.
CREATE FUNCTION app.touch_updated_at() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;

-- Tables created by the migrating role from here on are usable by the application; RLS then
-- decides which rows. (schema_migrations was created before this and stays admin-only.)
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO arrakis_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO arrakis_app;

-- The guild -> tenant lookup. No RLS: the host must find the tenant before it can set one.
CREATE TABLE communities (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  discord_guild_id text NOT NULL UNIQUE,
  name             text NOT NULL DEFAULT '',
  theme_id         text NOT NULL DEFAULT 'sietch',
  subscription_tier text NOT NULL DEFAULT 'free'
                   CHECK (subscription_tier IN ('free', 'pro', 'enterprise')),
  is_active        boolean NOT NULL DEFAULT true,
  settings         jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER communities_touch BEFORE UPDATE ON communities
  FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
-- Communities are deactivated (guild delete), never deleted by the application.
REVOKE DELETE ON communities FROM arrakis_app;

-- One definition of tenant isolation, applied to every tenant table by the migrations below:
-- RLS enabled and FORCED (so even the owning role is subject to it unless it has BYPASSRLS), one
-- policy for every command. The function is wrapped in a sub-select so PostgreSQL evaluates it
-- once per statement (an InitPlan), not once per row.
CREATE FUNCTION app.isolate_tenant_table(target regclass) RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
  EXECUTE format('CREATE POLICY tenant_isolation ON %s FOR ALL '
                 'USING (community_id = (SELECT app.current_community_id())) '
                 'WITH CHECK (community_id = (SELECT app.current_community_id()))', target);
END
$$;
REVOKE EXECUTE ON FUNCTION app.isolate_tenant_table(regclass) FROM PUBLIC;
