-- Host-only tables that name a community (route tenants, DM bindings) get forced row-level
-- security like every table with a community_id: only the host role (and the admin role, for
-- operators) sees their rows; plugin SQL (arrakis_app) has no grant and no policy on them.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['dm_bindings', 'route_tenants'] LOOP
    IF to_regclass(t) IS NOT NULL THEN
      EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
      EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
      IF NOT EXISTS (SELECT FROM pg_policies WHERE tablename = t AND policyname = t || '_host') THEN
        EXECUTE format('CREATE POLICY %I ON %I FOR ALL TO arrakis_host USING (true) WITH CHECK (true)', t || '_host', t);
      END IF;
      PERFORM app.allow_admin(t::regclass);
    END IF;
  END LOOP;
END $$;
