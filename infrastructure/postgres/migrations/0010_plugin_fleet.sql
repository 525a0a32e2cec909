-- Fleet control, continued (ARCHITECTURE.md "Fleet"): a revision per desired state so replicas
-- can ignore announcements that arrive out of order, a pin flag, and what each worker replica
-- reports back after applying an announcement, so `arrakisctl plugin list --fleet` can show drift.
ALTER TABLE plugin_deployments
  ADD COLUMN pinned   boolean NOT NULL DEFAULT false,
  ADD COLUMN revision bigint  NOT NULL DEFAULT 0;

CREATE TABLE plugin_replicas (
  replica_id     text NOT NULL,
  plugin_name    text NOT NULL,
  version        text NOT NULL DEFAULT '',   -- active version on that replica, '' = not loaded
  state          text NOT NULL CHECK (state IN ('active', 'shadow', 'canary', 'error', 'missing')),
  shadow_version text,
  canary_percent integer NOT NULL DEFAULT 0,
  canary_version text,
  revision       bigint NOT NULL DEFAULT 0,  -- the desired revision it last applied
  error          text,                       -- why it could not apply the desired state
  updated_at     timestamptz NOT NULL DEFAULT now(),
  seen_at        timestamptz NOT NULL DEFAULT now(),  -- refreshed while the replica lives
  PRIMARY KEY (replica_id, plugin_name)
);
