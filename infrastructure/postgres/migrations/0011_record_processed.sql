-- Records a plugin call's idempotency key at the end of its transaction, in the same round trip as
-- the COMMIT that follows it ("SELECT app.record_processed($key); COMMIT").
--   * A call that wrote nothing has no transaction id: there is nothing to make exactly-once, so
--     no row is kept (the table grows only with real effects) and the commit needs no WAL flush.
--   * A key already present means an earlier delivery committed these effects: raise AR001, which
--     aborts the transaction (the COMMIT after it is never run) and tells the host "duplicate".
-- SECURITY INVOKER (the default): it runs as the calling app role.
CREATE FUNCTION app.record_processed(idempotency_key text) RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
  IF pg_current_xact_id_if_assigned() IS NULL THEN
    RETURN;
  END IF;
  INSERT INTO processed_events (key) VALUES (idempotency_key) ON CONFLICT DO NOTHING;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'effects of % were already committed', idempotency_key USING ERRCODE = 'AR001';
  END IF;
END
$$;

GRANT EXECUTE ON FUNCTION app.record_processed(text) TO arrakis_app;
