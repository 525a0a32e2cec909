-- Route tenants (docs/http-routes.md, "Route tenants"). A public HTTP route carries no guild: a
-- verify link is /verify/<session>. A plugin binds such a key to its call's community with
-- route_tenant_bind; a route declaring the key as its tenant parameter is then served under that
-- community (row-level security for its SQL), and an unbound or expired key is answered 404
-- without calling the plugin.
--
-- Global and host-only: the worker's host role writes and reads it on its own connections; plugin
-- roles have no privilege on it (a plugin could otherwise point a key at another community).
-- Keys are per plugin: the same key bound by two plugins is two rows.
CREATE TABLE IF NOT EXISTS route_tenants (
  plugin       text NOT NULL CHECK (plugin ~ '^[a-z0-9-]{1,64}$'),
  key          text NOT NULL CHECK (octet_length(key) BETWEEN 1 AND 256),
  community_id uuid NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
  expires_at   timestamptz NOT NULL,
  bound_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (plugin, key)
);
-- The lookup filters on expires_at > now(); this index serves the purge of expired rows.
CREATE INDEX IF NOT EXISTS route_tenants_expiry ON route_tenants (expires_at);

-- 0001's default privileges would give the application role DML on a new table.
REVOKE ALL ON route_tenants FROM PUBLIC;
DO $$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['arrakis_app', 'arrakis_jobs'] LOOP
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN
      EXECUTE format('REVOKE ALL ON route_tenants FROM %I', r);
    END IF;
  END LOOP;
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'arrakis_host') THEN
    GRANT SELECT, INSERT, UPDATE, DELETE ON route_tenants TO arrakis_host;
    GRANT SELECT ON communities TO arrakis_host;
  END IF;
END
$$;
