-- Which community a DM belongs to. A direct message has no guild, so when a member clicks a
-- button in a DM (the onboarding wizard, the profile editor) the interaction says nothing about
-- the community whose wizard sent it. The host records every DM it sends on a plugin's behalf
-- (message id -> guild, community, plugin) and resolves a DM interaction from the message its
-- component is on, or else from the member's most recent DM (docs/plugin-abi.md, "DM interactions").
-- Global and host-only: plugins never read or write it.
CREATE TABLE IF NOT EXISTS dm_bindings (
  message_id   text PRIMARY KEY,
  channel_id   text NOT NULL,
  user_id      text NOT NULL,
  guild_id     text NOT NULL,
  community_id uuid NOT NULL REFERENCES communities (id),
  plugin       text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS dm_bindings_by_user ON dm_bindings (user_id, created_at DESC);
REVOKE ALL ON dm_bindings FROM arrakis_app;
DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'arrakis_host') THEN
    GRANT SELECT, INSERT, UPDATE, DELETE ON dm_bindings TO arrakis_host;
  END IF;
END $$;
