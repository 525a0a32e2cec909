-- Least privilege for the tables that exist (docs/database.md "Privileges"). Until now the
-- application role could write every global table: the eligibility ranking, anyone's verified
-- wallet, the fleet's desired versions, the idempotency keys, and any community's row.

-- Tenant tables: the tenant policy binds arrakis_app only; the jobs role gets its own policy.
DO $$
DECLARE
  t regclass;
BEGIN
  FOR t IN SELECT DISTINCT polrelid::regclass FROM pg_policy WHERE polname = 'tenant_isolation' LOOP
    EXECUTE format('ALTER POLICY tenant_isolation ON %s TO arrakis_app', t);
    PERFORM app.allow_jobs(t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO arrakis_app, arrakis_jobs', t);
  END LOOP;
END
$$;

-- Global tables: nothing for the application role but reading what commands read.
REVOKE ALL ON eligibility_current, eligibility_snapshots, eligibility_admin_overrides, eligibility_health_status,
              wallet_verifications, chain_claim_events, chain_burn_events, badges, story_fragment_seeds,
              plugin_deployments, plugin_replicas, processed_events, communities
  FROM arrakis_app;
GRANT SELECT ON eligibility_current, eligibility_snapshots, eligibility_admin_overrides, eligibility_health_status,
                chain_claim_events, chain_burn_events, badges, story_fragment_seeds
  TO arrakis_app;
-- (wallet_verifications: tenants read their members' wallets through member_wallets, 0015.)

-- Scheduled jobs: the chain-wide sync writes the ranking and the chain caches.
GRANT SELECT, INSERT, UPDATE, DELETE ON eligibility_current, eligibility_snapshots, eligibility_admin_overrides,
                                        eligibility_health_status, chain_claim_events, chain_burn_events
  TO arrakis_jobs;
GRANT SELECT ON wallet_verifications, badges, story_fragment_seeds, communities TO arrakis_jobs;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO arrakis_jobs;

-- The host: fleet control, idempotency keys, and the guild -> community lookup it creates rows in.
GRANT SELECT, INSERT, UPDATE, DELETE ON plugin_deployments, plugin_replicas, processed_events TO arrakis_host;
GRANT SELECT, INSERT, UPDATE ON communities TO arrakis_host;

-- communities: every role may read the lookup; the application may change only its own row (and
-- only its name and whether it is active: guild create/delete); only the host creates rows.
ALTER TABLE communities ENABLE ROW LEVEL SECURITY;
ALTER TABLE communities FORCE ROW LEVEL SECURITY;
CREATE POLICY communities_lookup ON communities FOR SELECT USING (true);
CREATE POLICY communities_own_row ON communities FOR UPDATE TO arrakis_app
  USING (id = (SELECT app.current_community_id()))
  WITH CHECK (id = (SELECT app.current_community_id()));
CREATE POLICY communities_host ON communities FOR ALL TO arrakis_host USING (true) WITH CHECK (true);
SELECT app.allow_admin('communities');
GRANT SELECT ON communities TO arrakis_app;
GRANT UPDATE (name, is_active) ON communities TO arrakis_app;

-- Idempotency keys: recorded through this function only (the roles calling it have no privilege
-- on the table). SECURITY DEFINER with a fixed search_path, so it cannot be redirected.
ALTER FUNCTION app.record_processed(text) SECURITY DEFINER SET search_path = public, pg_temp;
REVOKE EXECUTE ON FUNCTION app.record_processed(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.record_processed(text) TO arrakis_app, arrakis_jobs, arrakis_host;
