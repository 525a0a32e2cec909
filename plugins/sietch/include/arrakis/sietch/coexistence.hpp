// Coexistence with an incumbent gating bot (Collab.Land, Guild.xyz, Matrica, ...): where a
// community stands on the one-way path shadow -> parallel -> primary -> exclusive, and what its
// shadow run measured. Read by /admin-migrate (readiness, plans, execution) and /admin-takeover
// (primary -> exclusive), so both see one state the same way.
#pragma once

#include <string>

#include "arrakis/sdk.hpp"

namespace arrakis::sietch {

// The modes in their order; a migration only ever moves a community forward.
inline int coexistence_mode_rank(const std::string& mode) {
  if (mode == "shadow") return 0;
  if (mode == "parallel") return 1;
  if (mode == "primary") return 2;
  if (mode == "exclusive") return 3;
  return -1;
}

struct CoexistenceState {
  bool started = false;          // the community has a migration_states row (a shadow run began)
  std::string mode = "shadow";   // current_mode (the table's default when there is no row)
  std::string target_mode;       // "" when none is set
  std::string strategy;          // "" until a migration was executed
  long long shadow_days = 0;     // days the shadow run has compared decisions
  long long accuracy_x100 = 0;   // agreement with the incumbent, percent x 100 (9512 = 95.12%)
  std::string incumbent;         // provider of the configured incumbent bot, "" when none is configured
  long long compared_members = 0;  // members the shadow run compared
};

// The community's state (row-level security scopes every table to the call's community).
inline CoexistenceState read_coexistence(sdk::Host& host) {
  const auto rows = host.query(
      "SELECT m.community_id IS NOT NULL AS started, COALESCE(m.current_mode, 'shadow') AS mode, "
      "COALESCE(m.target_mode, '') AS target_mode, COALESCE(m.strategy, '') AS strategy, "
      "COALESCE(m.shadow_days, 0) AS shadow_days, COALESCE(m.accuracy_percent, 0) AS accuracy, "
      "COALESCE(i.provider, '') AS incumbent, (SELECT count(*) FROM shadow_member_states) AS compared "
      "FROM (SELECT 1) one LEFT JOIN migration_states m ON true LEFT JOIN incumbent_configs i ON true");
  CoexistenceState s;
  if (!rows.is_array() || rows.empty()) return s;
  const auto& r = rows.at(0);
  s.started = r["started"].get<bool>();
  s.mode = r["mode"].get<std::string>();
  s.target_mode = r["target_mode"].get<std::string>();
  s.strategy = r["strategy"].get<std::string>();
  s.shadow_days = r["shadow_days"].get<long long>();
  s.accuracy_x100 = r["accuracy"].get<long long>();
  s.incumbent = r["incumbent"].get<std::string>();
  s.compared_members = r["compared"].get<long long>();
  return s;
}

// The provider as people know it: "Collab.Land", "Guild.xyz", "Matrica", "another bot".
inline std::string incumbent_label(const std::string& provider) {
  if (provider == "collabland") return "Collab.Land";
  if (provider == "guild_xyz") return "Guild.xyz";
  if (provider == "matrica") return "Matrica";
  return "another bot";
}

}  // namespace arrakis::sietch
