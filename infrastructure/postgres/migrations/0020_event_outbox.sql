-- The transactional outbox (docs/internal-events-and-jobs.md). A message that must reach RabbitMQ
-- if and only if a database transaction commits is written here, in that transaction; the worker's
-- outbox relay publishes committed rows (publisher confirms) and deletes each row only after the
-- broker confirmed it. Two kinds of rows:
--   * internal events (internal.<name>) a plugin published with event_publish, inserted by
--     app.publish_internal_event() in the plugin call's own transaction;
--   * job items (job.<plugin>.<schedule>) the host's scheduler fans out, inserted by the host role.
--
-- Forgery: plugin SQL runs as arrakis_app (tenants) or arrakis_jobs (global jobs) in the same
-- transaction as the host's insert, so a plain GRANT would let a plugin statement insert any event
-- for any plugin. Instead neither role has any privilege on these tables, and the SECURITY DEFINER
-- function that inserts an internal event demands a writer key: a random secret each worker process
-- registers (as its hash) in outbox_writers at start, a table plugin roles cannot read. The host
-- passes the key as a bound parameter (never in the SQL text, so pg_stat_activity never shows it).
-- The community of the event is the transaction's tenant (app.community_id), never a parameter.

-- Roles come from 0012; if this migration runs on a database where they are still missing, create
-- them without LOGIN so the grants below never fail (the operator gives them logins).
DO $$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['arrakis_app', 'arrakis_jobs', 'arrakis_host'] LOOP
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN
      EXECUTE format('CREATE ROLE %I NOLOGIN NOBYPASSRLS', r);
    END IF;
  END LOOP;
END
$$;
GRANT USAGE ON SCHEMA app TO arrakis_app, arrakis_jobs, arrakis_host;

CREATE TABLE event_outbox (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq             bigint GENERATED ALWAYS AS IDENTITY,    -- publication order
  routing_key     text NOT NULL CHECK (routing_key ~ '^(internal|job)\.[^[:space:]#*]{1,200}$'),
  body            jsonb NOT NULL CHECK (jsonb_typeof(body) = 'object'),
  created_at      timestamptz NOT NULL DEFAULT now(),
  -- Relay bookkeeping: a row the broker refused (or could not route) waits before its next try.
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error      text
);
CREATE INDEX event_outbox_due ON event_outbox (next_attempt_at, seq);

CREATE TABLE outbox_writers (
  key_hash      bytea PRIMARY KEY,       -- sha256 of the process's writer key
  replica       text NOT NULL,
  registered_at timestamptz NOT NULL DEFAULT now(),
  seen_at       timestamptz NOT NULL DEFAULT now()  -- refreshed by the live process; stale rows are purged
);

-- Only the host role (the relay, the job fan-out) touches these tables; 0001's default privileges
-- would otherwise have given the application role DML on them.
REVOKE ALL ON event_outbox, outbox_writers FROM PUBLIC, arrakis_app, arrakis_jobs;
GRANT SELECT, INSERT, UPDATE, DELETE ON event_outbox, outbox_writers TO arrakis_host;
-- The job fan-out reads the active communities (0013 grants this too; repeated here for databases without it).
GRANT SELECT ON communities TO arrakis_host;

CREATE FUNCTION app.publish_internal_event(writer_key text, event_type text, data jsonb, plugin text,
                                           plugin_version text)
RETURNS uuid
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
  community uuid := app.current_community_id();  -- raises TENANT_CONTEXT_MISSING without a tenant
  guild text;
  event_id uuid := gen_random_uuid();
BEGIN
  IF writer_key IS NULL OR NOT EXISTS (SELECT FROM outbox_writers
                                        WHERE key_hash = sha256(convert_to(writer_key, 'UTF8'))) THEN
    RAISE EXCEPTION 'not an outbox writer' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF event_type IS NULL OR event_type !~ '^internal\.[a-z0-9._-]{1,64}$' THEN
    RAISE EXCEPTION 'invalid internal event type %', event_type USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF data IS NULL OR jsonb_typeof(data) <> 'object' OR octet_length(data::text) > 65536 THEN
    RAISE EXCEPTION 'internal event data must be a JSON object of at most 64 KiB'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  SELECT c.discord_guild_id INTO guild FROM communities c WHERE c.id = community;
  INSERT INTO event_outbox (id, routing_key, body)
  VALUES (event_id, event_type,
          jsonb_build_object('eventId', event_id::text,
                             'eventType', event_type,
                             'timestamp', (extract(epoch FROM clock_timestamp()) * 1000)::bigint,
                             'guildId', coalesce(guild, ''),
                             'communityId', community::text,
                             'source', jsonb_build_object('plugin', plugin, 'version', plugin_version),
                             'data', data));
  -- Wakes the relays; delivered only if (and when) this transaction commits.
  PERFORM pg_notify('arrakis_outbox', '');
  RETURN event_id;
END
$$;
REVOKE EXECUTE ON FUNCTION app.publish_internal_event(text, text, jsonb, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.publish_internal_event(text, text, jsonb, text, text) TO arrakis_app, arrakis_jobs;
