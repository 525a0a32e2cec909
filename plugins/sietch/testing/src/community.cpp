#include "arrakis/sietch/testing/community.hpp"

#include <array>

#include "arrakis/sietch/tiers.hpp"

namespace arrakis::sietch::testing {

namespace {

// A PostgreSQL array literal of plain tokens (no commas, quotes or braces in them); "NULL" stays NULL.
std::string array_literal(const std::vector<std::string>& items) {
  std::string out = "{";
  for (const auto& item : items) out.append(item).append(",");
  if (out.size() > 1) out.pop_back();
  return out + "}";
}

bool has_wallet(int n) { return n != kNoWalletMember; }
bool is_ranked(int n) { return n >= 1 && n <= kRankedWallets; }

// Whole BGT as wei text.
std::string wei(int bgt) { return std::to_string(bgt) + "000000000000000000"; }

struct Profiles {
  std::vector<std::string> discord_ids, nyms, onboarded, former, departed, tiers, ranks, joined_at;
};

std::vector<int> all_members() {
  std::vector<int> members = onboarded_members();
  members.insert(members.end(), {41, 42, 43});
  return members;
}

Profiles profile_columns() {
  Profiles p;
  for (int n : all_members()) {
    p.discord_ids.push_back(member_discord_id(n));
    p.nyms.push_back(nym(n));
    p.onboarded.push_back(n == 41 || n == 42 ? "false" : "true");
    p.former.push_back(n == 3 || n == 8 || n == 9 || n == 10 ? "true" : "false");
    p.departed.push_back(n == 43 ? "true" : "false");
    const int rank = is_ranked(n) ? n : 0;
    p.tiers.push_back(std::string(tier_for(rank, rank ? standard_bgt(rank) : 0).name));
    p.ranks.push_back(rank ? std::to_string(rank) : "NULL");
    p.joined_at.push_back(std::to_string(joined_days_ago(n)));
  }
  return p;
}

void seed_wallets(const AdminSql& admin) {
  std::vector<std::string> ids, wallets;
  for (int n : all_members()) {
    if (!has_wallet(n)) continue;
    ids.push_back(member_discord_id(n));
    wallets.push_back(wallet_address(n));
  }
  // One wallet per Discord user, shared by every community (wallet_verifications is chain-wide).
  admin("DELETE FROM wallet_verifications WHERE wallet_address = ANY ($1::text[]) "
        "AND discord_user_id <> ALL ($2::text[])",
        {array_literal(wallets), array_literal(ids)});
  admin("INSERT INTO wallet_verifications (discord_user_id, wallet_address, method) "
        "SELECT * , 'seeded' FROM unnest($1::text[], $2::text[]) "
        "ON CONFLICT (discord_user_id) DO UPDATE SET wallet_address = EXCLUDED.wallet_address",
        {array_literal(ids), array_literal(wallets)});
  admin("DELETE FROM wallet_verifications WHERE discord_user_id = $1", {member_discord_id(kNoWalletMember)});
}

std::map<int, std::string> seed_profiles(const AdminSql& admin, const std::string& community) {
  const Profiles p = profile_columns();
  const auto rows = admin(
      "INSERT INTO profiles (community_id, discord_id, nym, onboarding_complete, is_former_naib, departed_at, tier, "
      "  current_rank, joined_at, created_at) "
      "SELECT $1::uuid, d, nym, onb, former, CASE WHEN gone THEN now() - interval '2 days' END, tier, rank, "
      "  CASE WHEN days < 0 THEN timestamptz '2025-01-10 00:00:00+00' + make_interval(mins => -days) "
      "       ELSE now() - make_interval(days => days) END, "
      "  CASE WHEN days < 0 THEN timestamptz '2025-01-10 00:00:00+00' + make_interval(mins => -days) "
      "       ELSE now() - make_interval(days => days) END "
      "FROM unnest($2::text[], $3::text[], $4::boolean[], $5::boolean[], $6::boolean[], $7::text[], $8::int[], "
      "            $9::int[]) AS m(d, nym, onb, former, gone, tier, rank, days) "
      "RETURNING discord_id, id::text",
      {community, array_literal(p.discord_ids), array_literal(p.nyms), array_literal(p.onboarded),
       array_literal(p.former), array_literal(p.departed), array_literal(p.tiers), array_literal(p.ranks),
       array_literal(p.joined_at)});
  std::map<std::string, int> member_of;
  for (int n : all_members()) member_of[member_discord_id(n)] = n;
  std::map<int, std::string> ids;
  for (const auto& row : rows) ids[member_of.at(row[0].as<std::string>())] = row[1].as<std::string>();
  return ids;
}

void seed_seats(const AdminSql& admin, const std::string& community, const SeededSietch& s) {
  // (member, seat, start offset from the first seat, end offset or "" while seated)
  struct Term {
    int member, seat;
    const char* from;
    const char* to;
  };
  const std::array<Term, 11> terms = {{
      {1, 1, "0 minutes", ""},          {2, 2, "10 minutes", ""},         {3, 3, "20 minutes", ""},
      {4, 4, "30 minutes", ""},         {5, 5, "59 minutes", ""},         {6, 6, "1 hour", ""},
      {7, 7, "90 days", ""},            {8, 4, "-100 days", "-90 days"},  {8, 5, "-50 days", "-45 days"},
      {9, 6, "-30 days", "-27 days"},   {3, 7, "-80 days", "-60 days"},
  }};
  for (const auto& t : terms) {
    // The first current seat was taken 200 days ago.
    const bool closed = *t.to != '\0';
    admin(std::string("INSERT INTO naib_seats (community_id, seat_number, profile_id, seated_at, unseated_at, "
                      "unseat_reason, bgt_at_seating) VALUES ($1::uuid, $2, $3::uuid, "
                      "date_trunc('second', now()) - interval '200 days' + $4::interval, ") +
              (closed ? "date_trunc('second', now()) - interval '200 days' + $5::interval, 'bumped', "
                      : "NULLIF($5::interval, $5::interval) + now(), NULL, ") +
              "$6::numeric)",
          {community, std::to_string(t.seat), s.profile_id(t.member), t.from, closed ? t.to : "0 days",
           wei(standard_bgt(t.member))});
  }
}

void seed_badges(const AdminSql& admin, const std::string& community, const SeededSietch& s) {
  static const std::array<const char*, 5> kEarned = {"helper", "builder", "teacher", "consistent", "dedicated"};
  std::vector<std::string> profiles, badges, sources, hours, revoked;
  for (int n : onboarded_members()) {
    for (int i = 0; i < n % 5; ++i) {
      profiles.push_back(s.profile_id(n));
      badges.push_back(kEarned[static_cast<std::size_t>(i)]);
      sources.push_back(i < 3 ? "admin" : "automatic");
      hours.push_back(std::to_string(n * 5 + i));
      revoked.push_back("false");
    }
    if (n % 7 == 0) {
      profiles.push_back(s.profile_id(n));
      badges.push_back("devoted");
      sources.push_back("automatic");
      hours.push_back(std::to_string(n * 5 + 4));
      revoked.push_back("true");
    }
  }
  admin("INSERT INTO member_badges (community_id, profile_id, badge_id, awarded_at, awarded_by, source, revoked, "
        "  revoked_at) "
        "SELECT $1::uuid, p, b, now() - make_interval(hours => h), CASE WHEN src = 'admin' THEN '1' END, src, r, "
        "  CASE WHEN r THEN now() END "
        "FROM unnest($2::uuid[], $3::text[], $4::text[], $5::int[], $6::boolean[]) AS x(p, b, src, h, r)",
        {community, array_literal(profiles), array_literal(badges), array_literal(sources), array_literal(hours),
         array_literal(revoked)});
}

void seed_activity(const AdminSql& admin, const std::string& community, const SeededSietch& s) {
  std::vector<std::string> profiles, balances, messages, days;
  for (int n : onboarded_members()) {
    profiles.push_back(s.profile_id(n));
    balances.push_back(std::to_string((n * 13) % 300));
    messages.push_back(std::to_string(n * 7));
    days.push_back(std::to_string(n % 3));
  }
  admin("INSERT INTO member_activity (community_id, profile_id, activity_balance, peak_balance, last_decay_at, "
        "  total_messages, last_active_at) "
        "SELECT $1::uuid, p, bal, bal, now(), msgs, now() - make_interval(days => d) "
        "FROM unnest($2::uuid[], $3::float8[], $4::int[], $5::int[]) AS x(p, bal, msgs, d)",
        {community, array_literal(profiles), array_literal(balances), array_literal(messages), array_literal(days)});
}

void seed_waitlist(const AdminSql& admin, const std::string& community) {
  for (const auto& [user, wallet] : {std::pair{waitlist_discord_id(75), 75}, std::pair{member_discord_id(71), 71}}) {
    admin("INSERT INTO waitlist_registrations (community_id, discord_user_id, wallet_address, "
          "position_at_registration, bgt_at_registration) VALUES ($1::uuid, $2, $3, $4, $5::numeric)",
          {community, user, wallet_address(wallet), std::to_string(wallet), wei(standard_bgt(wallet))});
  }
}

}  // namespace

std::string member_discord_id(int n) { return std::to_string(810000000000000000ull + static_cast<unsigned>(n)); }
std::string waitlist_discord_id(int n) { return std::to_string(820000000000000000ull + static_cast<unsigned>(n)); }

std::string nym(int n) {
  static const std::array<const char*, 12> kNames = {"Stilgar", "chani", "Jamis", "harah", "Otheym", "liet",
                                                      "Korba",   "tharthar", "Farok", "shishakli", "Turok", "ramallo"};
  return std::string(kNames[static_cast<std::size_t>(n) % kNames.size()]) + "-" + std::to_string(n);
}

int joined_days_ago(int n) {
  // Every tenth member joined inside the OG window (a negative value: minutes after 2025-01-10).
  if (n % 10 == 0) return -n;
  return 1 + (n * 37) % 400;
}

int standard_bgt(int rank) {
  if (rank == 65) return standard_bgt(64);
  if (rank == 101) return standard_bgt(100);
  if (rank <= 69) return 2000 - 15 * rank;
  return 900 - 14 * (rank - 70);
}

std::vector<int> onboarded_members() {
  std::vector<int> members;
  for (int n = 1; n <= 40; ++n) members.push_back(n);
  for (int n = 60; n <= 72; ++n) members.push_back(n);
  for (int n = 95; n <= 105; ++n) members.push_back(n);
  for (int n = 120; n <= 125; ++n) members.push_back(n);
  members.push_back(kUnrankedWallet);
  members.push_back(kNoWalletMember);
  return members;
}

bool is_onboarded_member(int n) {
  for (int m : onboarded_members()) {
    if (m == n) return true;
  }
  return false;
}

void seed_standard_ranking(const AdminSql& admin) {
  admin("DELETE FROM eligibility_current", {});
  std::vector<std::string> addresses, ranks, balances, roles;
  for (int rank = 1; rank <= kRankedWallets; ++rank) {
    addresses.push_back(wallet_address(rank));
    ranks.push_back(std::to_string(rank));
    balances.push_back(wei(standard_bgt(rank)));
    roles.push_back(rank <= 7 ? "naib" : rank <= 69 ? "fedaykin" : "none");
  }
  admin("INSERT INTO eligibility_current (address, rank, bgt_held, role) "
        "SELECT * FROM unnest($1::text[], $2::int[], $3::numeric[], $4::text[])",
        {array_literal(addresses), array_literal(ranks), array_literal(balances), array_literal(roles)});
}

SeededSietch seed_sietch(const AdminSql& admin, const std::string& community_id) {
  seed_standard_ranking(admin);
  seed_wallets(admin);
  SeededSietch s;
  s.profile_ids = seed_profiles(admin, community_id);
  seed_seats(admin, community_id, s);
  seed_badges(admin, community_id, s);
  seed_activity(admin, community_id, s);
  seed_waitlist(admin, community_id);
  return s;
}

SeededSietch seed_sietch(PluginBench& bench) { return seed_sietch(admin_sql(bench), bench.community_id()); }

}  // namespace arrakis::sietch::testing
