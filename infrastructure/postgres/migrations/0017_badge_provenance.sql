-- How each badge was obtained (docs/database.md "Badges"), so that revoking a water-sharer grant
-- revokes exactly the badges that grant gave, and nothing an admin awarded (domain decision: a
-- cascading revoke also revokes the badge it granted downstream). Re-awarding a revoked badge
-- un-revokes its row (one row per member and badge).
ALTER TABLE water_sharer_grants ADD CONSTRAINT water_sharer_grants_community_grant UNIQUE (community_id, id);

ALTER TABLE member_badges
  ADD COLUMN source text NOT NULL DEFAULT 'automatic' CHECK (source IN ('automatic', 'admin', 'water_sharer')),
  ADD COLUMN grant_id uuid;

-- Existing rows: NULL awarded_by meant automatic; a water-sharer badge of a grant's recipient,
-- awarded by the granter or with the sharing reason, came from that grant; the rest were admins.
UPDATE member_badges SET source = 'admin' WHERE awarded_by IS NOT NULL;
UPDATE member_badges b
   SET source = 'water_sharer', grant_id = g.id
  FROM water_sharer_grants g
  JOIN profiles granter ON granter.community_id = g.community_id AND granter.id = g.granter_profile_id
 WHERE b.badge_id = 'water-sharer'
   AND g.community_id = b.community_id AND g.recipient_profile_id = b.profile_id
   AND (b.awarded_by = granter.discord_id OR b.award_reason LIKE 'Shared by %');

ALTER TABLE member_badges
  ADD CONSTRAINT member_badges_grant FOREIGN KEY (community_id, grant_id)
    REFERENCES water_sharer_grants (community_id, id),
  ADD CONSTRAINT member_badges_grant_source CHECK ((source = 'water_sharer') = (grant_id IS NOT NULL));
CREATE INDEX member_badges_by_grant ON member_badges (community_id, grant_id) WHERE grant_id IS NOT NULL;

-- Awards a badge in the current community: 'awarded' (new row), 'restored' (a revoked row is
-- un-revoked and takes the new provenance) or 'held' (already held: nothing changes).
-- Invoker's rights: row-level security applies.
CREATE FUNCTION app.award_badge(profile uuid, badge text, how text, awarded_by text DEFAULT NULL,
                                reason text DEFAULT NULL, water_grant uuid DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql
AS $$
DECLARE
  inserted boolean;
BEGIN
  INSERT INTO member_badges AS b (community_id, profile_id, badge_id, awarded_by, award_reason, source, grant_id)
  VALUES (app.current_community_id(), profile, badge, awarded_by, reason, how, water_grant)
  ON CONFLICT (community_id, profile_id, badge_id) DO UPDATE
    SET awarded_at = now(), awarded_by = EXCLUDED.awarded_by, award_reason = EXCLUDED.award_reason,
        source = EXCLUDED.source, grant_id = EXCLUDED.grant_id, revoked = false, revoked_at = NULL, revoked_by = NULL
    WHERE b.revoked
  RETURNING (xmax = 0) INTO inserted;
  IF NOT FOUND THEN
    RETURN 'held';
  END IF;
  RETURN CASE WHEN inserted THEN 'awarded' ELSE 'restored' END;
END
$$;
GRANT EXECUTE ON FUNCTION app.award_badge(uuid, text, text, text, text, uuid) TO arrakis_app, arrakis_jobs;

-- Revokes an active water-sharer grant, every active grant downstream of it (the recipient's own
-- grant, and so on), and exactly the badges those grants gave. Returns how many of each.
CREATE FUNCTION app.revoke_water_sharer_grant(water_grant uuid, revoked_by text)
RETURNS TABLE (grants_revoked integer, badges_revoked integer)
LANGUAGE plpgsql
AS $$
DECLARE
  grant_ids uuid[];
  n_badges integer;
BEGIN
  WITH RECURSIVE chain AS (
    SELECT g.id, g.recipient_profile_id FROM water_sharer_grants g
     WHERE g.id = water_grant AND g.revoked_at IS NULL
    UNION
    SELECT g.id, g.recipient_profile_id FROM water_sharer_grants g
      JOIN chain c ON g.granter_profile_id = c.recipient_profile_id
     WHERE g.revoked_at IS NULL
  )
  SELECT COALESCE(array_agg(id), '{}') INTO grant_ids FROM chain;
  UPDATE water_sharer_grants g SET revoked_at = now(), revoked_by = revoke_water_sharer_grant.revoked_by
   WHERE g.id = ANY (grant_ids);
  UPDATE member_badges b SET revoked = true, revoked_at = now(), revoked_by = revoke_water_sharer_grant.revoked_by
   WHERE b.grant_id = ANY (grant_ids) AND NOT b.revoked;
  GET DIAGNOSTICS n_badges = ROW_COUNT;
  RETURN QUERY SELECT cardinality(grant_ids), n_badges;
END
$$;
GRANT EXECUTE ON FUNCTION app.revoke_water_sharer_grant(uuid, text) TO arrakis_app, arrakis_jobs;
