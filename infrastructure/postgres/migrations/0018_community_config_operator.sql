-- The operator's command `arrakisctl community show|set` (docs/database.md "Community
-- configuration") goes through the worker's admin API, which works as the host role: the
-- application role sees one tenant per transaction, and the admin role owns everything.
-- The host may read every community's configuration and change its fields; it cannot create or
-- delete rows (one per community, made with the community) nor move a row to another community.
GRANT SELECT ON community_config TO arrakis_host;
GRANT UPDATE (
  naib_role_id, fedaykin_role_id, onboarded_role_id, engaged_role_id, veteran_role_id, trusted_role_id,
  former_naib_role_id, taqwa_role_id, hajra_role_id, ichwan_role_id, qanat_role_id, sihaya_role_id,
  mushtamal_role_id, sayyadina_role_id, usul_role_id, the_door_channel_id, census_channel_id,
  sietch_lounge_channel_id, naib_council_channel_id, introductions_channel_id, cave_entrance_channel_id,
  oasis_channel_id, announcements_channel_id, activity_channel_ids, launch_date, updated_by)
  ON community_config TO arrakis_host;
-- Own policies (not tenant_isolation, which binds the application role alone).
CREATE POLICY community_config_operator_read ON community_config FOR SELECT TO arrakis_host USING (true);
CREATE POLICY community_config_operator_write ON community_config FOR UPDATE TO arrakis_host
  USING (true) WITH CHECK (true);
