-- Chain-wide tables (decision D1): one BGT ranking serves every community, so these are global
-- and have no row-level security. Balances are wei, stored exactly as numeric(78,0)
-- (2^256 has 78 digits). Addresses are stored lower-case.

CREATE TABLE eligibility_current (
  address    text PRIMARY KEY CHECK (address ~ '^0x[0-9a-f]{40}$'),
  rank       integer NOT NULL CHECK (rank >= 1),
  bgt_held   numeric(78,0) NOT NULL CHECK (bgt_held >= 0),
  role       text NOT NULL CHECK (role IN ('naib', 'fedaykin', 'none')),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- /position, /threshold and the waitlist read neighbours by rank (D2: ranks down to 100).
CREATE UNIQUE INDEX eligibility_current_rank ON eligibility_current (rank);

CREATE TABLE eligibility_snapshots (
  id         bigserial PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  data       jsonb NOT NULL
);
CREATE INDEX eligibility_snapshots_created_at ON eligibility_snapshots (created_at DESC);

CREATE TABLE eligibility_admin_overrides (
  id         bigserial PRIMARY KEY,
  address    text NOT NULL CHECK (address ~ '^0x[0-9a-f]{40}$'),
  action     text NOT NULL CHECK (action IN ('add', 'remove')),
  reason     text NOT NULL DEFAULT '',
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz,
  active     boolean NOT NULL DEFAULT true
);
CREATE INDEX eligibility_admin_overrides_active ON eligibility_admin_overrides (address) WHERE active;

-- A single row (id = 1) the sync job updates; health reads it to decide "degraded".
CREATE TABLE eligibility_health_status (
  id                    integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  last_successful_query timestamptz,
  last_query_attempt    timestamptz,
  consecutive_failures  integer NOT NULL DEFAULT 0,
  in_grace_period       boolean NOT NULL DEFAULT false,
  last_synced_block     bigint
);
INSERT INTO eligibility_health_status (id) VALUES (1);

-- A Discord user's verified wallet (EIP-191), shared by every community the user is in.
CREATE TABLE wallet_verifications (
  discord_user_id text PRIMARY KEY,
  wallet_address  text NOT NULL UNIQUE CHECK (wallet_address ~ '^0x[0-9a-f]{40}$'),
  verified_at     timestamptz NOT NULL DEFAULT now(),
  signature       text NOT NULL,
  message         text NOT NULL
);

-- Logs fetched from the chain, kept so a sync only scans new blocks.
CREATE TABLE chain_claim_events (
  tx_hash      text NOT NULL,
  log_index    integer NOT NULL,
  block_number bigint NOT NULL,
  address      text NOT NULL,
  amount       numeric(78,0) NOT NULL,
  PRIMARY KEY (tx_hash, log_index)
);
CREATE INDEX chain_claim_events_address ON chain_claim_events (address);

CREATE TABLE chain_burn_events (
  tx_hash      text NOT NULL,
  log_index    integer NOT NULL,
  block_number bigint NOT NULL,
  address      text NOT NULL,
  amount       numeric(78,0) NOT NULL,
  PRIMARY KEY (tx_hash, log_index)
);
-- "has this wallet ever burned" is the eligibility question.
CREATE INDEX chain_burn_events_address ON chain_burn_events (address);

