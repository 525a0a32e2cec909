#include "arrakis/sietch/testing/seed.hpp"

#include <cstdio>

namespace arrakis::sietch::testing {

std::string wallet_address(int n) {
  char buf[43];
  std::snprintf(buf, sizeof buf, "0x%040x", n);
  return buf;
}

AdminSql admin_sql(PluginBench& bench) {
  return [&bench](const std::string& sql, const std::vector<std::string>& params) {
    return bench.admin_exec(sql, params);
  };
}

void clear_ranking(const AdminSql& admin) { admin("DELETE FROM eligibility_current", {}); }
void clear_ranking(PluginBench& bench) { clear_ranking(admin_sql(bench)); }

void seed_ranking(PluginBench& bench, int count) {
  clear_ranking(bench);
  for (int rank = 1; rank <= count; ++rank) {
    const std::string wei = rank == 70 ? "129500000000000000000" : std::to_string(200 - rank) + "000000000000000000";
    bench.admin_exec("INSERT INTO eligibility_current (address, rank, bgt_held, role) VALUES ($1, $2, $3, $4)",
                     {wallet_address(rank), std::to_string(rank), wei,
                      rank <= 7 ? "naib" : rank <= 69 ? "fedaykin" : "none"});
  }
}

std::string add_member(PluginBench& b, const Member& m) {
  const auto wallet = wallet_address(m.wallet);
  // One wallet per Discord user, shared by every community (wallet_verifications).
  b.admin_exec("DELETE FROM wallet_verifications WHERE wallet_address = $1 AND discord_user_id <> $2",
               {wallet, m.discord_id});
  b.admin_exec("INSERT INTO wallet_verifications (discord_user_id, wallet_address, method) VALUES ($1, $2, 'migrated') "
               "ON CONFLICT (discord_user_id) DO UPDATE SET wallet_address = EXCLUDED.wallet_address",
               {m.discord_id, wallet});
  return b
      .admin_exec(
          "INSERT INTO profiles (community_id, discord_id, nym, onboarding_complete, is_former_naib) "
          "VALUES ($1::uuid, $2, $3, $4::boolean, $5::boolean) RETURNING id::text",
          {b.community_id(), m.discord_id, m.nym, m.onboarded ? "true" : "false", m.former_naib ? "true" : "false"})[0][0]
      .as<std::string>();
}

void set_balance(PluginBench& b, int wallet, int rank, const std::string& bgt) {
  b.admin_exec(
      "INSERT INTO eligibility_current (address, rank, bgt_held, role) "
      "VALUES ($1, $2, ($3 || '000000000000000000')::numeric, 'naib')",
      {wallet_address(wallet), std::to_string(rank), bgt});
}

void add_seat(PluginBench& b, int seat_number, const std::string& profile_id, const std::string& seated_at,
              const std::string& unseated_at) {
  if (unseated_at.empty()) {
    b.admin_exec(
        "INSERT INTO naib_seats (community_id, seat_number, profile_id, seated_at) "
        "VALUES ($1::uuid, $2, $3::uuid, $4::timestamptz)",
        {b.community_id(), std::to_string(seat_number), profile_id, seated_at});
  } else {
    b.admin_exec(
        "INSERT INTO naib_seats (community_id, seat_number, profile_id, seated_at, unseated_at, unseat_reason) "
        "VALUES ($1::uuid, $2, $3::uuid, $4::timestamptz, $5::timestamptz, 'bumped')",
        {b.community_id(), std::to_string(seat_number), profile_id, seated_at, unseated_at});
  }
}

}  // namespace arrakis::sietch::testing
