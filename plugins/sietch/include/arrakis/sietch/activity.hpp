// Activity points (demurrage): the balance decays by a factor of 0.9 for every whole 6-hour period
// since it last decayed. The scheduled decay job writes the decayed balance; a reader shows the
// balance as it stands now by applying the decay still pending, computed in SQL against the
// database's clock (so every plugin agrees, and a read never has to write).
#pragma once

#include <string>

namespace arrakis::sietch {

inline constexpr double kActivityDecayFactor = 0.9;
inline constexpr int kActivityDecayPeriodSeconds = 6 * 60 * 60;

// SQL: the whole decay periods between `last_decay_at` (a timestamptz expression) and now; never
// negative (a last_decay_at in the future decays nothing).
inline std::string activity_decay_periods_sql(const std::string& last_decay_at) {
  return "GREATEST(floor(extract(epoch FROM now() - " + last_decay_at + ") / " +
         std::to_string(kActivityDecayPeriodSeconds) + "), 0)::float8";
}

// SQL: `balance` (a double precision expression) with the pending decay applied:
// balance × 0.9^k, k = activity_decay_periods_sql(last_decay_at).
inline std::string decayed_balance_sql(const std::string& balance, const std::string& last_decay_at) {
  return "(" + balance + " * power(" + std::to_string(kActivityDecayFactor) + "::float8, " +
         activity_decay_periods_sql(last_decay_at) + "))";
}

}  // namespace arrakis::sietch
