-- Exactly-once SQL effects for redelivered messages. The worker inserts a message's idempotency key
-- ("<eventId>:<plugin>") in the SAME transaction as the plugin's statements; a redelivery (a worker
-- died after commit, before ack) finds the key taken and rolls its second run back. Redis keeps the
-- fast-path copy of the same marks; this table is the backstop that survives any crash.
-- Global (no RLS): keys carry no tenant data. Rows older than a day are purged by the host.
CREATE TABLE processed_events (
  key          text PRIMARY KEY,
  processed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX processed_events_age ON processed_events (processed_at);
