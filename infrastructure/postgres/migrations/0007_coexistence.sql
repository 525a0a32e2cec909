-- Coexistence with an incumbent gating bot (domain 1.18, 1.19, 4.2): what was detected, and where
-- the community stands on the shadow -> parallel -> primary -> exclusive path.

CREATE TABLE incumbent_configs (
  community_id    uuid PRIMARY KEY REFERENCES communities (id),
  provider        text NOT NULL CHECK (provider IN ('collabland', 'guild_xyz', 'matrica', 'other')),
  bot_id          text,
  verification_channel_id text,
  detected_at     timestamptz NOT NULL DEFAULT now(),
  confidence      integer NOT NULL DEFAULT 100 CHECK (confidence BETWEEN 0 AND 100),
  role_mapping    jsonb NOT NULL DEFAULT '{}'::jsonb
);
SELECT app.isolate_tenant_table('incumbent_configs');

CREATE TABLE migration_states (
  community_id       uuid PRIMARY KEY REFERENCES communities (id),
  current_mode       text NOT NULL DEFAULT 'shadow' CHECK (current_mode IN ('shadow', 'parallel', 'primary', 'exclusive')),
  target_mode        text CHECK (target_mode IN ('shadow', 'parallel', 'primary', 'exclusive')),
  strategy           text CHECK (strategy IN ('instant', 'gradual', 'parallel_forever', 'arrakis_primary')),
  shadow_started_at  timestamptz NOT NULL DEFAULT now(),
  shadow_days        integer NOT NULL DEFAULT 0,
  accuracy_percent   integer NOT NULL DEFAULT 0 CHECK (accuracy_percent BETWEEN 0 AND 10000),  -- x100
  batch_size         integer CHECK (batch_size BETWEEN 10 AND 1000),
  duration_days      integer CHECK (duration_days BETWEEN 1 AND 30),
  batches_remaining  integer,
  last_transition_at timestamptz,
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER migration_states_touch BEFORE UPDATE ON migration_states
  FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
SELECT app.isolate_tenant_table('migration_states');

-- Shadow mode: what the incumbent decided versus what we would have decided, per member.
CREATE TABLE shadow_member_states (
  community_id     uuid NOT NULL REFERENCES communities (id),
  discord_user_id  text NOT NULL,
  incumbent_roles  text[] NOT NULL DEFAULT '{}',
  arrakis_roles    text[] NOT NULL DEFAULT '{}',
  agrees           boolean NOT NULL,
  compared_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (community_id, discord_user_id)
);
CREATE INDEX shadow_member_states_disagreements ON shadow_member_states (community_id) WHERE NOT agrees;
SELECT app.isolate_tenant_table('shadow_member_states');

-- Parallel mode: the arrakis- prefixed roles created beside the incumbent's.
CREATE TABLE parallel_roles (
  community_id    uuid NOT NULL REFERENCES communities (id),
  role_key        text NOT NULL,   -- naib, fedaykin, a tier name, ...
  discord_role_id text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (community_id, role_key)
);
SELECT app.isolate_tenant_table('parallel_roles');
