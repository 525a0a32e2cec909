-- One source of truth for a member's wallet (docs/database.md "Wallets"): wallet_verifications,
-- keyed by Discord user, shared by every community the user is in. profiles.wallet_address (a
-- second copy per community, with nothing keeping the two in step) is reconciled into it and
-- dropped. Tenants read their own members' wallets through member_wallets; the only write path
-- is app.complete_wallet_verification (the /verify flow).

-- How a wallet came to be linked: an EIP-191 signature, carried over from a profile (no proof), or
-- seeded demo/test data (no proof).
ALTER TABLE wallet_verifications
  ADD COLUMN method text NOT NULL DEFAULT 'eip191' CHECK (method IN ('eip191', 'migrated', 'seeded')),
  ALTER COLUMN signature DROP NOT NULL,
  ALTER COLUMN message DROP NOT NULL,
  ADD CONSTRAINT wallet_verifications_proof CHECK (method <> 'eip191' OR (signature IS NOT NULL AND message IS NOT NULL));

-- What the reconciliation could not carry over, for an operator to look at. Admin-only.
CREATE TABLE wallet_reconciliation (
  id              bigserial PRIMARY KEY,
  from_community  uuid NOT NULL,  -- the profile's community (not a tenant table: no community_id)
  profile_id      uuid NOT NULL,
  discord_user_id text NOT NULL,
  wallet_address  text NOT NULL,
  kept_wallet     text,          -- the wallet the user has now (NULL: none)
  reason          text NOT NULL,
  recorded_at     timestamptz NOT NULL DEFAULT now()
);
REVOKE ALL ON wallet_reconciliation FROM arrakis_app, arrakis_jobs, arrakis_host;

-- 1. A user without a verified wallet gets the wallet of their most recently updated profile.
--    (ON CONFLICT DO NOTHING also skips a wallet another user already holds.)
INSERT INTO wallet_verifications (discord_user_id, wallet_address, verified_at, method)
SELECT DISTINCT ON (p.discord_id) p.discord_id, p.wallet_address, p.updated_at, 'migrated'
FROM profiles p
WHERE p.wallet_address IS NOT NULL
  AND NOT EXISTS (SELECT FROM wallet_verifications w WHERE w.discord_user_id = p.discord_id)
ORDER BY p.discord_id, p.updated_at DESC, p.id
ON CONFLICT DO NOTHING;

-- 2. Every profile whose wallet differs from the one kept is recorded (verified wallets win over
--    unproven profile copies; of two users claiming one wallet, the first one kept it).
INSERT INTO wallet_reconciliation (from_community, profile_id, discord_user_id, wallet_address, kept_wallet, reason)
SELECT p.community_id, p.id, p.discord_id, p.wallet_address, w.wallet_address,
       CASE WHEN w.wallet_address IS NULL THEN 'the wallet is linked to another Discord user'
            WHEN w.method = 'eip191' THEN 'the user has a different verified wallet'
            ELSE 'the user has a different wallet in another community' END
FROM profiles p
LEFT JOIN wallet_verifications w ON w.discord_user_id = p.discord_id
WHERE p.wallet_address IS NOT NULL AND w.wallet_address IS DISTINCT FROM p.wallet_address;

DROP INDEX profiles_wallet;
ALTER TABLE profiles DROP COLUMN wallet_address;

-- The wallets of the current community's members. Owner's rights, so the application needs no
-- privilege on wallet_verifications; the tenant filter is explicit for that reason, and the view is
-- a security barrier so no predicate of the caller's runs before it.
CREATE VIEW member_wallets WITH (security_barrier = true) AS
SELECT p.community_id, p.id AS profile_id, p.discord_id, w.wallet_address, w.verified_at, w.method
FROM profiles p
JOIN wallet_verifications w ON w.discord_user_id = p.discord_id
WHERE p.community_id = (SELECT app.current_community_id());
GRANT SELECT ON member_wallets TO arrakis_app;

-- Completes a pending /verify session of the current community and links its user's wallet.
-- The caller (the /verify plugin) has checked the EIP-191 signature; this checks the session is
-- the tenant's, pending and unexpired, and that no other user holds the wallet. Returns the
-- Discord user id. Errors: AR002 no such session, AR003 not pending or expired, AR004 wallet
-- held by another user, 22023 malformed wallet.
CREATE FUNCTION app.complete_wallet_verification(session_id uuid, wallet text, signature text, message text)
RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  s wallet_verification_sessions%ROWTYPE;
  address text := lower(wallet);
  holder text;
BEGIN
  IF address IS NULL OR address !~ '^0x[0-9a-f]{40}$' THEN
    RAISE EXCEPTION 'wallet % is not a 0x-prefixed 40-hex-digit address', wallet USING ERRCODE = '22023';
  END IF;
  IF signature IS NULL OR message IS NULL THEN
    RAISE EXCEPTION 'a wallet verification needs its signature and message' USING ERRCODE = '22023';
  END IF;
  SELECT * INTO s FROM wallet_verification_sessions v
   WHERE v.id = session_id AND v.community_id = (SELECT app.current_community_id())
   FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'verification session % not found', session_id USING ERRCODE = 'AR002';
  END IF;
  IF s.status <> 'pending' OR s.expires_at <= now() THEN
    RAISE EXCEPTION 'verification session % is % (expires %)', session_id, s.status, s.expires_at
      USING ERRCODE = 'AR003';
  END IF;
  SELECT w.discord_user_id INTO holder FROM wallet_verifications w WHERE w.wallet_address = address FOR UPDATE;
  IF holder IS NOT NULL AND holder <> s.discord_user_id THEN
    RAISE EXCEPTION 'wallet % is verified by another user', address USING ERRCODE = 'AR004';
  END IF;
  INSERT INTO wallet_verifications AS w (discord_user_id, wallet_address, verified_at, signature, message, method)
  VALUES (s.discord_user_id, address, now(), signature, message, 'eip191')
  ON CONFLICT (discord_user_id) DO UPDATE
    SET wallet_address = EXCLUDED.wallet_address, verified_at = EXCLUDED.verified_at,
        signature = EXCLUDED.signature, message = EXCLUDED.message, method = 'eip191';
  UPDATE wallet_verification_sessions v SET status = 'completed', wallet_address = address, completed_at = now()
   WHERE v.id = s.id;
  RETURN s.discord_user_id;
END
$$;
REVOKE EXECUTE ON FUNCTION app.complete_wallet_verification(uuid, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.complete_wallet_verification(uuid, text, text, text) TO arrakis_app;
