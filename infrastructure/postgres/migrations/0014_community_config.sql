-- The typed per-community configuration (docs/database.md "Community configuration"): the Discord
-- roles and channels the Sietch commands, event handlers and jobs act on, the activity channel
-- allow-list and the launch date of the `og` badge. Written by /onboard (DEPLOY) and by
-- `arrakisctl community set`; read by every plugin with plain SQL. Replaces the untyped
-- communities.settings, whose known keys are carried over below.

-- A Discord id (snowflake): decimal digits only, so a name or a mention can never be stored.
CREATE DOMAIN app.snowflake AS text CHECK (VALUE ~ '^[0-9]{1,20}$');

CREATE TABLE community_config (
  community_id              uuid PRIMARY KEY REFERENCES communities (id),
  -- Roles (Discord role ids). naib and fedaykin are required for the Sietch to run.
  naib_role_id              app.snowflake,
  fedaykin_role_id          app.snowflake,
  onboarded_role_id         app.snowflake,
  engaged_role_id           app.snowflake,
  veteran_role_id           app.snowflake,
  trusted_role_id           app.snowflake,
  former_naib_role_id       app.snowflake,
  taqwa_role_id             app.snowflake,
  -- The seven BGT tier roles, lowest first.
  hajra_role_id             app.snowflake,
  ichwan_role_id            app.snowflake,
  qanat_role_id             app.snowflake,
  sihaya_role_id            app.snowflake,
  mushtamal_role_id         app.snowflake,
  sayyadina_role_id         app.snowflake,
  usul_role_id              app.snowflake,
  -- Channels (Discord channel ids). the_door and census are required.
  the_door_channel_id       app.snowflake,
  census_channel_id         app.snowflake,
  sietch_lounge_channel_id  app.snowflake,
  naib_council_channel_id   app.snowflake,
  introductions_channel_id  app.snowflake,
  cave_entrance_channel_id  app.snowflake,
  oasis_channel_id          app.snowflake,
  announcements_channel_id  app.snowflake,
  -- Channels where messages and reactions earn activity points; empty = every channel.
  activity_channel_ids      app.snowflake[] NOT NULL DEFAULT '{}',
  -- Members created within 30 days of this date earn the `og` badge.
  launch_date               date NOT NULL DEFAULT DATE '2025-01-01',
  -- Whether everything the Sietch cannot run without is set.
  complete                  boolean GENERATED ALWAYS AS (
                              naib_role_id IS NOT NULL AND fedaykin_role_id IS NOT NULL AND
                              the_door_channel_id IS NOT NULL AND census_channel_id IS NOT NULL) STORED,
  updated_by                text,  -- Discord id of the admin (/onboard), or "operator" (arrakisctl)
  updated_at                timestamptz NOT NULL DEFAULT now(),
  CHECK (array_position(activity_channel_ids, NULL) IS NULL),
  CHECK (cardinality(activity_channel_ids) <= 500)
);
CREATE TRIGGER community_config_touch BEFORE UPDATE ON community_config
  FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
SELECT app.isolate_tenant_table('community_config');

-- Every community has exactly one row (all unset until configured), so a plugin can always read
-- one: a row is created with the community.
CREATE FUNCTION app.create_community_config() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
  INSERT INTO community_config (community_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
  RETURN NEW;
END
$$;
REVOKE EXECUTE ON FUNCTION app.create_community_config() FROM PUBLIC;
CREATE TRIGGER communities_create_config AFTER INSERT ON communities
  FOR EACH ROW EXECUTE FUNCTION app.create_community_config();

-- Existing communities: carry over what communities.settings held under the names the old bot
-- used ({"roles": {"naib": ...}, "channels": {"theDoor": ...}, "activityChannels": [...],
-- "launchDate": "YYYY-MM-DD"}). A value that is not a Discord id is dropped, not guessed at.
CREATE FUNCTION app.migration_id_or_null(value text) RETURNS text
LANGUAGE sql IMMUTABLE
AS $$ SELECT CASE WHEN value ~ '^[0-9]{1,20}$' THEN value END $$;

INSERT INTO community_config (
  community_id, naib_role_id, fedaykin_role_id, onboarded_role_id, engaged_role_id, veteran_role_id,
  trusted_role_id, former_naib_role_id, taqwa_role_id, hajra_role_id, ichwan_role_id, qanat_role_id,
  sihaya_role_id, mushtamal_role_id, sayyadina_role_id, usul_role_id, the_door_channel_id, census_channel_id,
  sietch_lounge_channel_id, naib_council_channel_id, introductions_channel_id, cave_entrance_channel_id,
  oasis_channel_id, announcements_channel_id, activity_channel_ids, launch_date, updated_by)
SELECT c.id,
       app.migration_id_or_null(r->>'naib'), app.migration_id_or_null(r->>'fedaykin'), app.migration_id_or_null(r->>'onboarded'),
       app.migration_id_or_null(r->>'engaged'), app.migration_id_or_null(r->>'veteran'), app.migration_id_or_null(r->>'trusted'),
       app.migration_id_or_null(r->>'formerNaib'), app.migration_id_or_null(r->>'taqwa'), app.migration_id_or_null(r->>'hajra'),
       app.migration_id_or_null(r->>'ichwan'), app.migration_id_or_null(r->>'qanat'), app.migration_id_or_null(r->>'sihaya'),
       app.migration_id_or_null(r->>'mushtamal'), app.migration_id_or_null(r->>'sayyadina'), app.migration_id_or_null(r->>'usul'),
       app.migration_id_or_null(ch->>'theDoor'), app.migration_id_or_null(ch->>'census'), app.migration_id_or_null(ch->>'sietchLounge'),
       app.migration_id_or_null(ch->>'naibCouncil'), app.migration_id_or_null(ch->>'introductions'),
       app.migration_id_or_null(ch->>'caveEntrance'), app.migration_id_or_null(ch->>'oasis'),
       app.migration_id_or_null(ch->>'announcements'),
       COALESCE(ARRAY(SELECT x FROM jsonb_array_elements_text(
                        CASE WHEN jsonb_typeof(c.settings->'activityChannels') = 'array'
                             THEN c.settings->'activityChannels' ELSE '[]'::jsonb END) x
                      WHERE x ~ '^[0-9]{1,20}$'), '{}'),
       CASE WHEN c.settings->>'launchDate' ~ '^\d{4}-\d{2}-\d{2}$' THEN (c.settings->>'launchDate')::date
            ELSE DATE '2025-01-01' END,
       CASE WHEN c.settings <> '{}'::jsonb THEN 'migrated from communities.settings' END
FROM communities c
CROSS JOIN LATERAL (SELECT CASE WHEN jsonb_typeof(c.settings->'roles') = 'object' THEN c.settings->'roles'
                                ELSE '{}'::jsonb END AS r,
                           CASE WHEN jsonb_typeof(c.settings->'channels') = 'object' THEN c.settings->'channels'
                                ELSE '{}'::jsonb END AS ch) s
ON CONFLICT (community_id) DO NOTHING;
DROP FUNCTION app.migration_id_or_null(text);

COMMENT ON COLUMN communities.settings IS 'deprecated: untyped; the configuration is community_config (migration 0014)';

-- The configured roles as rows (role_key, role_id), for code that works on "any configured role"
-- (the member.update role diff, the role re-sync). Invoker's rights: row-level security applies.
CREATE VIEW community_role_ids WITH (security_invoker = true) AS
SELECT c.community_id, r.role_key, r.role_id
FROM community_config c
CROSS JOIN LATERAL (VALUES
  ('naib', c.naib_role_id), ('fedaykin', c.fedaykin_role_id), ('onboarded', c.onboarded_role_id),
  ('engaged', c.engaged_role_id), ('veteran', c.veteran_role_id), ('trusted', c.trusted_role_id),
  ('former_naib', c.former_naib_role_id), ('taqwa', c.taqwa_role_id), ('hajra', c.hajra_role_id),
  ('ichwan', c.ichwan_role_id), ('qanat', c.qanat_role_id), ('sihaya', c.sihaya_role_id),
  ('mushtamal', c.mushtamal_role_id), ('sayyadina', c.sayyadina_role_id), ('usul', c.usul_role_id)
) AS r (role_key, role_id)
WHERE r.role_id IS NOT NULL;
GRANT SELECT ON community_role_ids TO arrakis_app, arrakis_jobs;
