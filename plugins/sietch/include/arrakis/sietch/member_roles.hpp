// A member's Discord roles as the Sietch sees them: recording the roles a member.join or
// member.update carries against the last ones seen (member_role_state, docs/database.md "Member
// roles"), and which role ids the community configured (community_config): the eligibility roles
// (naib, fedaykin) and every role the Sietch manages.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "arrakis/sdk.hpp"

namespace arrakis::sietch {

// A Discord id as the schema stores it (app.snowflake): 1-20 decimal digits.
inline bool is_discord_id(const std::string& id) {
  if (id.empty() || id.size() > 20) return false;
  for (char c : id) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// The member a member.join/update/leave event is about: data.userId, else the envelope's userId
// (plugin_events.h); "" when neither is a Discord id.
inline std::string event_member_id(const sdk::Event& event) {
  const auto& data = event.data();
  std::string id = data.is_object() && data.contains("userId") && data["userId"].is_string()
                       ? data["userId"].get<std::string>()
                       : event.user_id();
  return is_discord_id(id) ? id : std::string();
}

// What changed since the roles last recorded for a member. first_seen: nothing was recorded before,
// so every current role counts as added.
struct RoleDiff {
  std::vector<std::string> added;
  std::vector<std::string> removed;
  bool first_seen = false;
  bool empty() const { return added.empty() && removed.empty(); }
};

// Records `roles` as the member's current roles in this community (in the guild again) and returns
// the difference with what was recorded before, in one statement (app.sync_member_roles, which
// serialises concurrent updates of one member). Recording the same roles twice returns no change.
inline RoleDiff record_member_roles(sdk::Host& host, const std::string& user_id, const std::vector<std::string>& roles) {
  nlohmann::json current = nlohmann::json::array();
  for (const auto& r : roles) current.push_back(r);
  const auto rows = host.query("SELECT added, removed, first_seen FROM app.sync_member_roles($1, $2::jsonb)",
                               nlohmann::json::array({user_id, current}));
  RoleDiff diff;
  if (!rows.is_array() || rows.empty()) return diff;
  const auto& row = rows[0];
  for (const auto& r : row.value("added", nlohmann::json::array())) diff.added.push_back(r.get<std::string>());
  for (const auto& r : row.value("removed", nlohmann::json::array())) diff.removed.push_back(r.get<std::string>());
  diff.first_seen = row.value("first_seen", false);
  return diff;
}

// The role ids the community configured: `eligibility` holds the naib and fedaykin roles (what
// the chain ranking, or the external gate, gives a member who may onboard); `managed` every role
// of community_config (community_role_ids: naib, fedaykin, onboarded, the dynamic, former Naib,
// Taqwa and tier roles). Roles not configured are in neither.
struct SietchRoleIds {
  std::set<std::string> eligibility;
  std::set<std::string> managed;
};

inline SietchRoleIds read_sietch_role_ids(sdk::Host& host) {
  SietchRoleIds ids;
  const auto rows = host.query("SELECT role_key, role_id FROM community_role_ids");
  if (!rows.is_array()) return ids;
  for (const auto& r : rows) {
    const std::string key = r.value("role_key", "");
    const std::string id = r.value("role_id", "");
    if (id.empty()) continue;
    ids.managed.insert(id);
    if (key == "naib" || key == "fedaykin") ids.eligibility.insert(id);
  }
  return ids;
}

// The roles of `roles` that are in `ids`, in the order given.
inline std::vector<std::string> roles_in(const std::vector<std::string>& roles, const std::set<std::string>& ids) {
  std::vector<std::string> out;
  for (const auto& r : roles) {
    if (ids.count(r) != 0) out.push_back(r);
  }
  return out;
}

}  // namespace arrakis::sietch
