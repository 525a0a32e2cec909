-- Badges (domain 3.4): a global catalogue of the twelve canonical badges, and the awards, which
-- are per community.

CREATE TABLE badges (
  id                  text PRIMARY KEY,
  name                text NOT NULL,
  description         text NOT NULL,
  category            text NOT NULL CHECK (category IN ('tenure', 'engagement', 'contribution', 'special')),
  emoji               text NOT NULL,
  auto_criteria_type  text CHECK (auto_criteria_type IN ('tenure_days', 'launch_window_days',
                        'activity_balance', 'onboarded_count', 'tier')),
  auto_criteria_value text,
  display_order       integer NOT NULL
);
-- The catalogue is data owned by the migrations: the application reads it only.
REVOKE INSERT, UPDATE, DELETE ON badges FROM arrakis_app;

INSERT INTO badges (id, name, description, category, emoji, auto_criteria_type, auto_criteria_value, display_order) VALUES
  ('og',                'OG',                'Joined within 30 days of the launch',            'tenure',       '👑', 'launch_window_days', '30',   1),
  ('veteran',           'Veteran',           'A member for 90 days or more',                   'tenure',       '⭐', 'tenure_days',        '90',   2),
  ('elder',             'Elder',             'A member for 180 days or more',                  'tenure',       '✨', 'tenure_days',        '180',  3),
  ('consistent',        'Consistent',        'Reached an activity balance of 100',             'engagement',   '🔥', 'activity_balance',   '100',  4),
  ('dedicated',         'Dedicated',         'Reached an activity balance of 250',             'engagement',   '💪', 'activity_balance',   '250',  5),
  ('devoted',           'Devoted',           'Reached an activity balance of 500',             'engagement',   '🌟', 'activity_balance',   '500',  6),
  ('helper',            'Helper',            'Helps other members, awarded by an admin',       'contribution', '🤝', NULL,                 NULL,   7),
  ('builder',           'Builder',           'Builds for the community, awarded by an admin',  'contribution', '🛠️', NULL,                 NULL,   8),
  ('teacher',           'Teacher',           'Teaches others, awarded by an admin',            'contribution', '📚', NULL,                 NULL,   9),
  ('water-sharer',      'Water Sharer',      'Holds the water of The Oasis and may share it once', 'contribution', '💧', NULL,             NULL,   10),
  ('founding-fedaykin', 'Founding Fedaykin', 'Onboarded while the Sietch had 69 members or fewer', 'special',   '🗡️', 'onboarded_count',    '69',   11),
  ('usul-ascended',     'Usul Ascended',     'Reached the Usul tier',                          'special',      '🏜️', 'tier',               'usul', 12);

CREATE TABLE member_badges (
  id            bigserial PRIMARY KEY,
  community_id  uuid NOT NULL REFERENCES communities (id),
  profile_id    uuid NOT NULL,
  badge_id      text NOT NULL REFERENCES badges (id),
  awarded_at    timestamptz NOT NULL DEFAULT now(),
  awarded_by    text,  -- Discord id of the admin or granter; NULL = awarded automatically
  award_reason  text,
  revoked       boolean NOT NULL DEFAULT false,
  revoked_at    timestamptz,
  revoked_by    text,
  UNIQUE (community_id, profile_id, badge_id),
  FOREIGN KEY (community_id, profile_id) REFERENCES profiles (community_id, id) ON DELETE CASCADE
);
-- /leaderboard badges (count per member), /badges and /directory (badges of a page of members).
CREATE INDEX member_badges_held ON member_badges (community_id, profile_id) WHERE NOT revoked;
-- /admin-stats "Badges This Week".
CREATE INDEX member_badges_recent ON member_badges (community_id, awarded_at DESC);
SELECT app.isolate_tenant_table('member_badges');
