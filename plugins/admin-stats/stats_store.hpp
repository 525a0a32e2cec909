// /admin-stats's SQL, all against the community's own tables (row-level security scopes them).
// "Members" are onboarded profiles that have not left; "this week" is the last 7 days (168 h)
// before the query; a promotion is a tier_history row from a lower to a higher tier.
#pragma once

#include <map>
#include <string>

#include "arrakis/sdk.hpp"

namespace admin_stats {

struct Totals {
  long long members = 0;
  std::string total_bgt;  // whole BGT of the members' linked wallets, rounded, digits only
  long long weekly_active = 0;
  long long new_this_week = 0;
  long long promotions_this_week = 0;
  long long badges_this_week = 0;  // awards of the week still held
};

Totals read_totals(arrakis::sdk::Host& host);
// Members per tier name (tiers without members are absent).
std::map<std::string, long long> tier_counts(arrakis::sdk::Host& host);
// Top 5 members active within 7 days by activity balance (then nym): rows of nym, balance (rounded).
nlohmann::json most_active(arrakis::sdk::Host& host);
// The 5 latest promotions, newest first: rows of nym, old_tier, new_tier, days_ago (whole days).
nlohmann::json recent_promotions(arrakis::sdk::Host& host);

}  // namespace admin_stats
