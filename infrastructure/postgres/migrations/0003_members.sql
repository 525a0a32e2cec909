-- Members of a community and what the commands keep about them (domain.md 3 and 4).
-- Every table here is a tenant table: community_id NOT NULL, isolated by app.isolate_tenant_table.
-- References between tenant tables carry community_id too (composite foreign keys), so a row can
-- never point at another community's member even through the admin role.

CREATE TABLE profiles (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),  -- member_id: the public identity
  community_id        uuid NOT NULL REFERENCES communities (id),
  discord_id          text NOT NULL,
  wallet_address      text CHECK (wallet_address ~ '^0x[0-9a-f]{40}$'),
  nym                 text CHECK (char_length(nym) BETWEEN 3 AND 20),
  bio                 text CHECK (char_length(bio) <= 160),
  pfp_url             text,
  pfp_type            text NOT NULL DEFAULT 'none' CHECK (pfp_type IN ('custom', 'generated', 'none')),
  tier                text NOT NULL DEFAULT 'hajra' CHECK (tier IN
                        ('hajra', 'ichwan', 'qanat', 'sihaya', 'mushtamal', 'sayyadina', 'usul',
                         'fedaykin', 'naib')),
  tier_updated_at     timestamptz,
  current_rank        integer,
  onboarding_complete boolean NOT NULL DEFAULT false,
  onboarding_step     integer NOT NULL DEFAULT 0,
  is_former_naib      boolean NOT NULL DEFAULT false,
  nym_last_changed    timestamptz,
  joined_at           timestamptz NOT NULL DEFAULT now(),
  departed_at         timestamptz,
  last_seen_at        timestamptz,
  metadata            jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  UNIQUE (community_id, discord_id),
  UNIQUE (community_id, id)  -- target of the composite foreign keys below
);
CREATE TRIGGER profiles_touch BEFORE UPDATE ON profiles FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
-- Nyms are unique per community, case-insensitively; this index also serves /directory paging
-- by nym and the nym autocomplete.
CREATE UNIQUE INDEX profiles_nym ON profiles (community_id, lower(nym)) WHERE nym IS NOT NULL;
CREATE INDEX profiles_directory ON profiles (community_id, lower(nym)) WHERE onboarding_complete;
CREATE INDEX profiles_tenure ON profiles (community_id, joined_at) WHERE onboarding_complete;
CREATE INDEX profiles_tier ON profiles (community_id, tier) WHERE onboarding_complete;
CREATE INDEX profiles_wallet ON profiles (community_id, wallet_address) WHERE wallet_address IS NOT NULL;
SELECT app.isolate_tenant_table('profiles');

CREATE TABLE naib_seats (
  id                   bigserial PRIMARY KEY,
  community_id         uuid NOT NULL REFERENCES communities (id),
  seat_number          integer NOT NULL CHECK (seat_number BETWEEN 1 AND 7),
  profile_id           uuid NOT NULL,
  seated_at            timestamptz NOT NULL DEFAULT now(),
  unseated_at          timestamptz,
  unseat_reason        text CHECK (unseat_reason IN ('bumped', 'left_server', 'ineligible', 'manual')),
  bumped_by_profile_id uuid,
  bgt_at_seating       numeric(78,0) NOT NULL DEFAULT 0,
  bgt_at_unseating     numeric(78,0),
  CHECK ((unseated_at IS NULL) = (unseat_reason IS NULL)),
  FOREIGN KEY (community_id, profile_id) REFERENCES profiles (community_id, id),
  FOREIGN KEY (community_id, bumped_by_profile_id) REFERENCES profiles (community_id, id)
);
-- At most one holder per seat and one seat per member among current seats.
CREATE UNIQUE INDEX naib_seats_current_seat ON naib_seats (community_id, seat_number) WHERE unseated_at IS NULL;
CREATE UNIQUE INDEX naib_seats_current_member ON naib_seats (community_id, profile_id) WHERE unseated_at IS NULL;
CREATE INDEX naib_seats_history ON naib_seats (community_id, profile_id, seated_at);
SELECT app.isolate_tenant_table('naib_seats');

CREATE TABLE waitlist_registrations (
  id                       bigserial PRIMARY KEY,
  community_id             uuid NOT NULL REFERENCES communities (id),
  discord_user_id          text NOT NULL,
  wallet_address           text NOT NULL CHECK (wallet_address ~ '^0x[0-9a-f]{40}$'),
  position_at_registration integer NOT NULL CHECK (position_at_registration BETWEEN 70 AND 100),
  bgt_at_registration      numeric(78,0) NOT NULL,
  registered_at            timestamptz NOT NULL DEFAULT now(),
  notified                 boolean NOT NULL DEFAULT false,
  notified_at              timestamptz,
  active                   boolean NOT NULL DEFAULT true
);
CREATE UNIQUE INDEX waitlist_registrations_user ON waitlist_registrations (community_id, discord_user_id) WHERE active;
CREATE UNIQUE INDEX waitlist_registrations_wallet ON waitlist_registrations (community_id, wallet_address) WHERE active;
SELECT app.isolate_tenant_table('waitlist_registrations');

-- Activity points with demurrage (domain 3.6). One row per member.
CREATE TABLE member_activity (
  community_id             uuid NOT NULL REFERENCES communities (id),
  profile_id               uuid NOT NULL,
  activity_balance         double precision NOT NULL DEFAULT 0,
  last_decay_at            timestamptz NOT NULL DEFAULT now(),
  total_messages           integer NOT NULL DEFAULT 0,
  total_reactions_given    integer NOT NULL DEFAULT 0,
  total_reactions_received integer NOT NULL DEFAULT 0,
  last_active_at           timestamptz,
  peak_balance             double precision NOT NULL DEFAULT 0,
  PRIMARY KEY (community_id, profile_id),
  FOREIGN KEY (community_id, profile_id) REFERENCES profiles (community_id, id) ON DELETE CASCADE
);
-- /admin-stats "Most Active" and weekly-active counts.
CREATE INDEX member_activity_balance ON member_activity (community_id, activity_balance DESC);
CREATE INDEX member_activity_last_active ON member_activity (community_id, last_active_at);
SELECT app.isolate_tenant_table('member_activity');

CREATE TABLE notification_preferences (
  community_id          uuid NOT NULL REFERENCES communities (id),
  profile_id            uuid NOT NULL,
  position_updates      boolean NOT NULL DEFAULT true,
  at_risk_warnings      boolean NOT NULL DEFAULT true,
  naib_alerts           boolean NOT NULL DEFAULT true,
  frequency             text NOT NULL DEFAULT '3_per_week'
                        CHECK (frequency IN ('1_per_week', '2_per_week', '3_per_week', 'daily')),
  alerts_sent_this_week integer NOT NULL DEFAULT 0,
  week_start_timestamp  timestamptz NOT NULL DEFAULT date_trunc('week', now()),
  PRIMARY KEY (community_id, profile_id),
  FOREIGN KEY (community_id, profile_id) REFERENCES profiles (community_id, id) ON DELETE CASCADE
);
SELECT app.isolate_tenant_table('notification_preferences');

CREATE TABLE alert_history (
  id             bigserial PRIMARY KEY,
  community_id   uuid NOT NULL REFERENCES communities (id),
  recipient_id   text NOT NULL,  -- a profile id, or the Discord id for waitlist alerts
  recipient_type text NOT NULL CHECK (recipient_type IN ('member', 'waitlist')),
  alert_type     text NOT NULL CHECK (alert_type IN
                   ('position_update', 'at_risk_warning', 'naib_threat', 'naib_bump', 'naib_seated',
                    'waitlist_eligible', 'tier_promotion', 'badge_award')),
  alert_data     jsonb NOT NULL DEFAULT '{}'::jsonb,
  delivered      boolean NOT NULL DEFAULT false,
  delivery_error text,
  sent_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_history_recipient ON alert_history (community_id, recipient_id, sent_at DESC);
SELECT app.isolate_tenant_table('alert_history');

CREATE TABLE tier_history (
  id             bigserial PRIMARY KEY,
  community_id   uuid NOT NULL REFERENCES communities (id),
  profile_id     uuid NOT NULL,
  old_tier       text,  -- NULL: the first tier a member got
  new_tier       text NOT NULL,
  bgt_at_change  numeric(78,0),
  rank_at_change integer,
  changed_at     timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (community_id, profile_id) REFERENCES profiles (community_id, id) ON DELETE CASCADE
);
-- /admin-stats: promotions this week and the latest promotions.
CREATE INDEX tier_history_recent ON tier_history (community_id, changed_at DESC);
SELECT app.isolate_tenant_table('tier_history');

CREATE TABLE water_sharer_grants (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  community_id         uuid NOT NULL REFERENCES communities (id),
  granter_profile_id   uuid NOT NULL,
  recipient_profile_id uuid NOT NULL,
  granted_at           timestamptz NOT NULL DEFAULT now(),
  revoked_at           timestamptz,
  revoked_by           text,
  CHECK (granter_profile_id <> recipient_profile_id),
  FOREIGN KEY (community_id, granter_profile_id) REFERENCES profiles (community_id, id),
  FOREIGN KEY (community_id, recipient_profile_id) REFERENCES profiles (community_id, id)
);
-- A holder shares once (one active grant); a member receives at most once, ever.
CREATE UNIQUE INDEX water_sharer_grants_granter ON water_sharer_grants (community_id, granter_profile_id)
  WHERE revoked_at IS NULL;
CREATE UNIQUE INDEX water_sharer_grants_recipient ON water_sharer_grants (community_id, recipient_profile_id);
SELECT app.isolate_tenant_table('water_sharer_grants');

CREATE TABLE wallet_verification_sessions (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  community_id     uuid NOT NULL REFERENCES communities (id),
  discord_user_id  text NOT NULL,
  discord_guild_id text NOT NULL,
  discord_username text NOT NULL,
  nonce            uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
  wallet_address   text CHECK (wallet_address ~ '^0x[0-9a-f]{40}$'),
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'completed', 'expired', 'failed')),
  created_at       timestamptz NOT NULL DEFAULT now(),
  expires_at       timestamptz NOT NULL DEFAULT now() + interval '15 minutes',
  completed_at     timestamptz,
  attempts         integer NOT NULL DEFAULT 0 CHECK (attempts BETWEEN 0 AND 3),
  ip_address_hash  text,
  user_agent       text,
  error_message    text
);
-- At most one pending session per (community, user); /verify status reads the latest.
CREATE UNIQUE INDEX wallet_verification_sessions_pending ON wallet_verification_sessions (community_id, discord_user_id)
  WHERE status = 'pending';
CREATE INDEX wallet_verification_sessions_latest ON wallet_verification_sessions (community_id, discord_user_id, created_at DESC);
SELECT app.isolate_tenant_table('wallet_verification_sessions');

CREATE TABLE audit_log (
  id           bigserial PRIMARY KEY,
  community_id uuid NOT NULL REFERENCES communities (id),
  event_type   text NOT NULL,
  event_data   jsonb NOT NULL DEFAULT '{}'::jsonb,
  actor        text,  -- Discord id, or NULL for the system
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_recent ON audit_log (community_id, created_at DESC);
CREATE INDEX audit_log_type ON audit_log (community_id, event_type, created_at DESC);
SELECT app.isolate_tenant_table('audit_log');
