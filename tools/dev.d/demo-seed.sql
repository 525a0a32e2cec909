-- DEMO SEEDING for `tools/dev up` against the simulators. Not product code: it stands in for
-- onboarding (profiles, wallets, Naib seats for discord-sim's members) and for `/onboard` (each
-- guild's community_config), so that the commands answer with real content. The BGT ranking is
-- NOT seeded: the eligibility-sync plugin builds it from chain-sim (docs/events/eligibility-sync.md);
-- the last statement queues one run of its `sync` job, which the worker picks up once it is ready.
--
-- Input on standard input, two lines "<name>\t<json>": `holders` (chain-sim GET /control/holders)
-- and `model` (discord-sim GET /control/model). Run as arrakis_admin (BYPASSRLS) after the
-- migrations. Idempotent: every run leaves the same rows (profiles and seats are upserted).
\set ON_ERROR_STOP on
BEGIN;

CREATE TEMP TABLE demo_input (name text PRIMARY KEY, doc jsonb NOT NULL) ON COMMIT DROP;
-- CSV with a quote byte that never occurs in JSON: each line is taken verbatim.
\copy demo_input FROM pstdin WITH (FORMAT csv, DELIMITER E'\t', QUOTE E'\x01')

-- The ranking the sync will build (domain spec 3.1/3.3: eligible = balance > 0 and never burned;
-- balance descending, ties by address, as chain-sim states), used here only to give the k-th
-- member of a guild the wallet ranked k and the matching tier.
CREATE TEMP TABLE demo_ranked ON COMMIT DROP AS
SELECT rank, address, balance,
       CASE WHEN rank <= 7 THEN 'naib' WHEN rank <= 69 THEN 'fedaykin' ELSE 'none' END AS role,
       CASE WHEN rank <= 7 THEN 'naib' WHEN rank <= 69 THEN 'fedaykin'
            WHEN balance >= 1111e18 THEN 'usul' WHEN balance >= 888e18 THEN 'sayyadina'
            WHEN balance >= 690e18 THEN 'mushtamal' WHEN balance >= 420e18 THEN 'sihaya'
            WHEN balance >= 222e18 THEN 'qanat' WHEN balance >= 69e18 THEN 'ichwan'
            ELSE 'hajra' END AS tier
FROM (
  SELECT row_number() OVER (ORDER BY (h->>'balance')::numeric DESC, h->>'address')::int AS rank,
         h->>'address' AS address, (h->>'balance')::numeric(78,0) AS balance
  FROM demo_input i, jsonb_array_elements(i.doc->'holders') h
  WHERE i.name = 'holders' AND (h->>'balance')::numeric > 0 AND NOT COALESCE((h->>'burned')::boolean, false)
) ranked
WHERE rank <= 100;

-- Each simulated guild is a community; the worker would create the same row on first use.
INSERT INTO communities (discord_guild_id, name)
SELECT g->>'id', g->>'name'
FROM demo_input i, jsonb_array_elements(i.doc->'guilds') g
WHERE i.name = 'model'
ON CONFLICT (discord_guild_id) DO NOTHING;

-- The simulated members with a wallet, in model order; the k-th of a guild holds the wallet ranked k,
-- so every guild has a full council and a spread of ranks.
CREATE TEMP TABLE demo_members ON COMMIT DROP AS
SELECT c.id AS community_id, m.member->>'id' AS discord_id, left(m.member->>'username', 20) AS nym,
       row_number() OVER (PARTITION BY c.id ORDER BY m.ord)::int AS wallet_rank
FROM demo_input i
CROSS JOIN LATERAL jsonb_array_elements(i.doc->'guilds') g
JOIN communities c ON c.discord_guild_id = g->>'id'
CROSS JOIN LATERAL jsonb_array_elements(g->'members') WITH ORDINALITY AS m(member, ord)
WHERE i.name = 'model' AND NOT COALESCE((m.member->>'bot')::boolean, false)
  AND jsonb_typeof(m.member->'wallet') = 'string';

-- Their wallets: one per Discord user, shared by every community (wallet_verifications; no
-- signature: seeded). A wallet seeded for someone else before is moved to this member.
DELETE FROM wallet_verifications w
USING demo_members dm JOIN demo_ranked r ON r.rank = dm.wallet_rank
WHERE w.wallet_address = r.address AND w.discord_user_id <> dm.discord_id;
INSERT INTO wallet_verifications (discord_user_id, wallet_address, method)
SELECT DISTINCT ON (dm.discord_id) dm.discord_id, r.address, 'seeded'
FROM demo_members dm JOIN demo_ranked r ON r.rank = dm.wallet_rank
ORDER BY dm.discord_id, dm.wallet_rank
ON CONFLICT (discord_user_id) DO UPDATE SET wallet_address = EXCLUDED.wallet_address, method = 'seeded';

-- Onboarded profiles for them, as the onboarding DM wizard would leave them.
INSERT INTO profiles (community_id, discord_id, nym, tier, current_rank, onboarding_complete)
SELECT dm.community_id, dm.discord_id, dm.nym, r.tier, r.rank, true
FROM demo_members dm JOIN demo_ranked r ON r.rank = dm.wallet_rank
ON CONFLICT (community_id, discord_id) DO UPDATE
  SET tier = EXCLUDED.tier, current_rank = EXCLUDED.current_rank,
      onboarding_complete = true, departed_at = NULL;

-- Each simulated guild's configuration (community_config) from the roles and channels the
-- simulator created, by their keys (what /onboard DEPLOY would write).
CREATE TEMP TABLE demo_ids ON COMMIT DROP AS
SELECT c.id AS community_id, x.kind, x.item->>'key' AS key, x.item->>'id' AS id
FROM demo_input i
CROSS JOIN LATERAL jsonb_array_elements(i.doc->'guilds') g
JOIN communities c ON c.discord_guild_id = g->>'id'
CROSS JOIN LATERAL (SELECT 'role' AS kind, r AS item FROM jsonb_array_elements(g->'roles') r
                    UNION ALL SELECT 'channel', ch FROM jsonb_array_elements(g->'channels') ch) x
WHERE i.name = 'model';
CREATE FUNCTION pg_temp.demo_id(community uuid, wanted_kind text, wanted_key text) RETURNS text
LANGUAGE sql STABLE AS $f$
  SELECT id FROM demo_ids WHERE community_id = community AND kind = wanted_kind AND key = wanted_key LIMIT 1
$f$;
UPDATE community_config cc SET
  naib_role_id = pg_temp.demo_id(cc.community_id, 'role', 'naib'),
  fedaykin_role_id = pg_temp.demo_id(cc.community_id, 'role', 'fedaykin'),
  onboarded_role_id = pg_temp.demo_id(cc.community_id, 'role', 'onboarded'),
  engaged_role_id = pg_temp.demo_id(cc.community_id, 'role', 'engaged'),
  veteran_role_id = pg_temp.demo_id(cc.community_id, 'role', 'veteran'),
  trusted_role_id = pg_temp.demo_id(cc.community_id, 'role', 'trusted'),
  former_naib_role_id = pg_temp.demo_id(cc.community_id, 'role', 'formerNaib'),
  taqwa_role_id = pg_temp.demo_id(cc.community_id, 'role', 'taqwa'),
  hajra_role_id = pg_temp.demo_id(cc.community_id, 'role', 'hajra'),
  ichwan_role_id = pg_temp.demo_id(cc.community_id, 'role', 'ichwan'),
  qanat_role_id = pg_temp.demo_id(cc.community_id, 'role', 'qanat'),
  sihaya_role_id = pg_temp.demo_id(cc.community_id, 'role', 'sihaya'),
  mushtamal_role_id = pg_temp.demo_id(cc.community_id, 'role', 'mushtamal'),
  sayyadina_role_id = pg_temp.demo_id(cc.community_id, 'role', 'sayyadina'),
  usul_role_id = pg_temp.demo_id(cc.community_id, 'role', 'usul'),
  the_door_channel_id = pg_temp.demo_id(cc.community_id, 'channel', 'the-door'),
  census_channel_id = pg_temp.demo_id(cc.community_id, 'channel', 'census'),
  sietch_lounge_channel_id = pg_temp.demo_id(cc.community_id, 'channel', 'sietch-lounge'),
  naib_council_channel_id = pg_temp.demo_id(cc.community_id, 'channel', 'naib-council'),
  introductions_channel_id = pg_temp.demo_id(cc.community_id, 'channel', 'introductions'),
  cave_entrance_channel_id = pg_temp.demo_id(cc.community_id, 'channel', 'cave-entrance'),
  oasis_channel_id = pg_temp.demo_id(cc.community_id, 'channel', 'oasis'),
  announcements_channel_id = pg_temp.demo_id(cc.community_id, 'channel', 'announcements'),
  updated_by = 'demo-seed'
WHERE cc.community_id IN (SELECT community_id FROM demo_ids);

-- The council: ranks 1-7 hold seats 1-7, seated a month or more ago (rank 1 first) so tenure shows.
INSERT INTO naib_seats (community_id, seat_number, profile_id, seated_at, bgt_at_seating)
SELECT p.community_id, p.current_rank, p.id, now() - make_interval(days => 38 - p.current_rank), r.balance
FROM profiles p
JOIN demo_members dm ON dm.community_id = p.community_id AND dm.discord_id = p.discord_id
JOIN demo_ranked r ON r.rank = dm.wallet_rank
WHERE p.current_rank <= 7
  AND NOT EXISTS (SELECT 1 FROM naib_seats s
                  WHERE s.community_id = p.community_id AND s.unseated_at IS NULL
                    AND (s.seat_number = p.current_rank OR s.profile_id = p.id));

-- One run of the eligibility sync now rather than at the next 6-hour mark: the job item its
-- schedule would queue (host/worker/src/jobs/job_fanout.cpp), with an event id of its own. Each
-- community then applies the new ranking at its next `apply` firing (every 5 minutes).
INSERT INTO event_outbox (routing_key, body)
SELECT 'job.eligibility-sync.sync',
       jsonb_build_object('eventId', 'job:eligibility-sync:sync:demo-' || ms, 'eventType', 'schedule.sync',
                          'timestamp', ms, 'plugin', 'eligibility-sync', 'schedule', 'sync', 'firedAt', ms,
                          'fence', 0, 'scope', 'global', 'communityId', '')
FROM (SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS ms) t;

SELECT format('%s wallets to rank (the sync is queued), %s communities (%s configured), %s onboarded profiles, %s Naib seats',
              (SELECT count(*) FROM demo_ranked),
              (SELECT count(DISTINCT community_id) FROM demo_members),
              (SELECT count(*) FROM community_config WHERE complete AND updated_by = 'demo-seed'),
              (SELECT count(*) FROM profiles p JOIN demo_members dm USING (community_id, discord_id)),
              (SELECT count(*) FROM naib_seats s JOIN demo_members dm USING (community_id)
                 JOIN profiles p ON p.id = s.profile_id AND p.discord_id = dm.discord_id
               WHERE s.unseated_at IS NULL));
COMMIT;
