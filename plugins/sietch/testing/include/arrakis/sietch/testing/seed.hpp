#pragma once
// Seed data for the Sietch plugins' tests, written as the admin role into a PluginBench's
// community: a ranking, onboarded (or not) members with wallets, balances and Naib seats.
// The ranking (eligibility_current) is chain-wide, not per community: a test that seeds it
// clears it again when it ends.
#include <functional>
#include <string>
#include <vector>

#include "arrakis/testing/plugin_bench.hpp"

namespace arrakis::sietch::testing {

using arrakis::testing::PluginBench;

// Runs one SQL statement as the admin role (row-level security bypassed), $1.. bound from the list.
using AdminSql = std::function<pqxx::result(const std::string& sql, const std::vector<std::string>& params)>;
AdminSql admin_sql(PluginBench& bench);

// "0x" and 40 hex digits of n: a distinct, valid-looking wallet address per n.
std::string wallet_address(int n);

// Ranks 1..count, wallet_address(rank) holding (200 - rank) BGT each, except rank 70 which holds
// 129.5 BGT (so the gap between #69 and #70 is 1.5); replaces the whole ranking.
void seed_ranking(PluginBench& bench, int count);
void clear_ranking(PluginBench& bench);
void clear_ranking(const AdminSql& admin);

struct Member {
  std::string discord_id;
  std::string nym;
  int wallet = 0;  // wallet_address(wallet), linked to this Discord user
  bool onboarded = true;
  bool former_naib = false;
};

// A profile in the bench's community with its user's wallet; returns the profile id.
std::string add_member(PluginBench& bench, const Member& member);

// wallet_address(wallet) at `rank` holding `bgt` whole BGT ("500").
void set_balance(PluginBench& bench, int wallet, int rank, const std::string& bgt);

// A Naib seat held since `seated_at` (ISO 8601); with `unseated_at` a finished term.
void add_seat(PluginBench& bench, int seat_number, const std::string& profile_id, const std::string& seated_at,
              const std::string& unseated_at = "");

}  // namespace arrakis::sietch::testing
