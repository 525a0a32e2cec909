-- The Discord roles each member of a community holds, as last seen (docs/database.md "Member
-- roles"). The ingestor keeps no cache, and a member.update event carries only the current roles:
-- this table is the "before" that the handler diffs against, and what a role re-sync compares.
-- Keyed by Discord user, not profile: members who have not onboarded have roles too.
CREATE TABLE member_role_state (
  community_id    uuid NOT NULL REFERENCES communities (id),
  discord_user_id app.snowflake NOT NULL,
  role_ids        app.snowflake[] NOT NULL DEFAULT '{}',  -- sorted, distinct
  in_guild        boolean NOT NULL DEFAULT true,          -- false once they left (member.leave)
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (community_id, discord_user_id),
  CHECK (array_position(role_ids, NULL) IS NULL)
);
-- "Who holds role R" (role re-sync, counts per role).
CREATE INDEX member_role_state_roles ON member_role_state USING gin (role_ids);
SELECT app.isolate_tenant_table('member_role_state');

-- Records a member's current roles in the current community and returns what changed since the
-- last record: one statement for a member.join or member.update handler,
--   SELECT added, removed, first_seen FROM app.sync_member_roles($1, $2::jsonb)
-- with $2 the event's currentRoles (a JSON array of role ids). added/removed are JSON arrays of
-- role ids; first_seen is true when nothing was recorded for the member before (then every current
-- role counts as added). Concurrent updates of one member are serialised by the row lock.
-- Invoker's rights: row-level security applies.
CREATE FUNCTION app.sync_member_roles(user_id text, current_roles jsonb)
RETURNS TABLE (added jsonb, removed jsonb, first_seen boolean)
LANGUAGE plpgsql
AS $$
DECLARE
  tenant uuid := app.current_community_id();
  now_held text[];
  before text[];
  existed boolean;
BEGIN
  IF current_roles IS NULL OR jsonb_typeof(current_roles) <> 'array' THEN
    RAISE EXCEPTION 'current_roles must be a JSON array of role ids' USING ERRCODE = '22023';
  END IF;
  SELECT COALESCE(array_agg(DISTINCT r ORDER BY r), '{}') INTO now_held FROM jsonb_array_elements_text(current_roles) r;
  SELECT m.role_ids INTO before FROM member_role_state m
   WHERE m.community_id = tenant AND m.discord_user_id = user_id
   FOR UPDATE;
  existed := FOUND;
  INSERT INTO member_role_state AS m (community_id, discord_user_id, role_ids, in_guild, updated_at)
  VALUES (tenant, user_id, now_held::app.snowflake[], true, now())
  ON CONFLICT (community_id, discord_user_id) DO UPDATE
    SET role_ids = EXCLUDED.role_ids, in_guild = true, updated_at = now();
  before := COALESCE(before, '{}');
  RETURN QUERY SELECT
    to_jsonb(ARRAY(SELECT unnest(now_held) EXCEPT SELECT unnest(before) ORDER BY 1)),
    to_jsonb(ARRAY(SELECT unnest(before) EXCEPT SELECT unnest(now_held) ORDER BY 1)),
    NOT existed;
END
$$;
GRANT EXECUTE ON FUNCTION app.sync_member_roles(text, jsonb) TO arrakis_app, arrakis_jobs;
