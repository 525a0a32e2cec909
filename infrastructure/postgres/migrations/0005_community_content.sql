-- What the scheduled jobs write per community: threshold snapshots and weekly digests; and the
-- story fragments posted to #the-door.

CREATE TABLE threshold_snapshots (
  id                  bigserial PRIMARY KEY,
  community_id        uuid NOT NULL REFERENCES communities (id),
  entry_threshold_bgt numeric(78,0) NOT NULL,
  eligible_count      integer NOT NULL,
  waitlist_count      integer NOT NULL,
  waitlist_top_bgt    numeric(78,0),
  waitlist_bottom_bgt numeric(78,0),
  gap_to_entry        numeric(78,0),
  snapshot_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX threshold_snapshots_latest ON threshold_snapshots (community_id, snapshot_at DESC);
SELECT app.isolate_tenant_table('threshold_snapshots');

CREATE TABLE weekly_digests (
  id              bigserial PRIMARY KEY,
  community_id    uuid NOT NULL REFERENCES communities (id),
  week_identifier text NOT NULL CHECK (week_identifier ~ '^[0-9]{4}-W[0-9]{2}$'),  -- ISO week
  totals          jsonb NOT NULL DEFAULT '{}'::jsonb,
  message_id      text,
  channel_id      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (community_id, week_identifier)  -- one digest per week, even if the job runs twice
);
SELECT app.isolate_tenant_table('weekly_digests');

-- Story fragments: a per-community rotation (usage_count, last_used_at). Each community gets its
-- own copy of the seed set when it is created, so rotating in one never affects another.
CREATE TABLE story_fragments (
  id           bigserial PRIMARY KEY,
  community_id uuid NOT NULL REFERENCES communities (id),
  category     text NOT NULL CHECK (category IN ('fedaykin_join', 'naib_join')),
  text         text NOT NULL,
  usage_count  integer NOT NULL DEFAULT 0,
  last_used_at timestamptz
);
-- "the least-used fragment of a category".
CREATE INDEX story_fragments_rotation ON story_fragments (community_id, category, usage_count, last_used_at NULLS FIRST);
SELECT app.isolate_tenant_table('story_fragments');

-- The seed set (global, read-only for the application).
CREATE TABLE story_fragment_seeds (
  id       integer PRIMARY KEY,
  category text NOT NULL CHECK (category IN ('fedaykin_join', 'naib_join')),
  text     text NOT NULL
);
REVOKE INSERT, UPDATE, DELETE ON story_fragment_seeds FROM arrakis_app;
INSERT INTO story_fragment_seeds (id, category, text) VALUES
  (1, 'fedaykin_join', 'The sand shifts. A new Fedaykin steps out of the deep desert and takes the oath at the sietch door.'),
  (2, 'fedaykin_join', 'Another water-debt is paid in full. The Fedaykin welcome one more blade to the ridge.'),
  (3, 'fedaykin_join', 'Wormsign on the horizon, and a stranger who did not flinch. The sietch has a new Fedaykin.'),
  (4, 'fedaykin_join', 'The stillsuit fits, the crysknife is drawn and sheathed clean. A Fedaykin is counted among us.'),
  (5, 'fedaykin_join', 'Spice on the wind, footsteps without rhythm: a new Fedaykin crosses the open sand to join the troop.'),
  (6, 'naib_join',     'The council makes room. A new Naib sits among the seven, and the sietch bows to their word.'),
  (7, 'naib_join',     'Water, spice and loyalty weighed, the council names a Naib. Let the drums carry it to every cave.'),
  (8, 'naib_join',     'A seat of stone is warm again. The seven welcome a Naib who rose from the open sand.');

-- Copies the seed set into a new community, so every community starts with the same fragments.
CREATE FUNCTION app.seed_story_fragments() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
  INSERT INTO story_fragments (community_id, category, text)
    SELECT NEW.id, s.category, s.text FROM story_fragment_seeds s ORDER BY s.id;
  RETURN NEW;
END
$$;
REVOKE EXECUTE ON FUNCTION app.seed_story_fragments() FROM PUBLIC;
CREATE TRIGGER communities_seed_story_fragments AFTER INSERT ON communities
  FOR EACH ROW EXECUTE FUNCTION app.seed_story_fragments();
-- Communities created before this migration get theirs now.
INSERT INTO story_fragments (community_id, category, text)
  SELECT c.id, s.category, s.text FROM communities c CROSS JOIN story_fragment_seeds s ORDER BY c.id, s.id;
