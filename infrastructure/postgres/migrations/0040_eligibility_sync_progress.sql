-- The eligibility sync (plugins/eligibility-sync, docs/events/eligibility-sync.md): the chain-wide
-- job stores each new ranking as an eligibility_snapshots row; each community then applies the
-- newest snapshot it has not applied yet. This row says which one that was, so a snapshot's
-- consequences (unseats, tier changes, alerts, posts) happen once per community.
CREATE TABLE eligibility_sync_progress (
  community_id uuid PRIMARY KEY REFERENCES communities (id),
  snapshot_id  bigint NOT NULL,  -- eligibility_snapshots.id (not a foreign key: old snapshots are pruned)
  applied_at   timestamptz NOT NULL DEFAULT now()
);
SELECT app.isolate_tenant_table('eligibility_sync_progress');
