// The dynamic roles (engaged, veteran, trusted): who qualifies, and what to change on Discord to
// get a member there. Pure functions, so the re-sync on request (plugins/role-sync,
// docs/events/role-sync.md) and a periodic sync apply the same rules.
//
//   engaged: at least 5 held badges, or an activity balance (decayed, as it stands now) of 200;
//   veteran: a member for at least 90 whole days (profiles.joined_at); never removed once held;
//   trusted: at least 10 held badges, or holds the `helper` badge.
// Held badges are those not revoked, whatever their category.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "arrakis/sietch/tenure.hpp"

namespace arrakis::sietch {

inline constexpr int kEngagedMinBadges = 5;
inline constexpr double kEngagedMinBalance = 200.0;
inline constexpr int kTrustedMinBadges = 10;
inline constexpr const char* kTrustedBadge = "helper";

// What the rules look at, read from the member's current state (never from the event asking).
struct MemberStanding {
  int held_badges = 0;            // member_badges not revoked
  bool holds_helper = false;      // holds the `helper` badge (not revoked)
  double activity_balance = 0;    // with the pending decay applied (activity.hpp)
  int days_as_member = 0;         // whole days since profiles.joined_at
};

struct DynamicRoles {
  bool engaged = false;
  bool veteran = false;
  bool trusted = false;
  bool operator==(const DynamicRoles&) const = default;
};

inline DynamicRoles qualifying_roles(const MemberStanding& m) {
  DynamicRoles r;
  r.engaged = m.held_badges >= kEngagedMinBadges || m.activity_balance >= kEngagedMinBalance;
  r.veteran = m.days_as_member >= kVeteranDays;
  r.trusted = m.held_badges >= kTrustedMinBadges || m.holds_helper;
  return r;
}

// The community's Discord role for each dynamic role (community_config); nullopt = not configured,
// and a role not configured is left alone.
struct DynamicRoleIds {
  std::optional<std::string> engaged = std::nullopt;
  std::optional<std::string> veteran = std::nullopt;
  std::optional<std::string> trusted = std::nullopt;
  bool any() const { return engaged || veteran || trusted; }
};

struct RoleChanges {
  std::vector<std::string> add = {};
  std::vector<std::string> remove = {};
  bool empty() const { return add.empty() && remove.empty(); }
  bool operator==(const RoleChanges&) const = default;
};

// The role calls that bring `current` (the member's Discord roles) to what `qualifies` says: add a
// configured role the member qualifies for and lacks, remove one held without qualifying — except
// veteran, which is never removed. Nothing when the member already matches (so a repeated sync
// changes nothing). Order: engaged, veteran, trusted.
inline RoleChanges plan_role_changes(const DynamicRoles& qualifies, const DynamicRoleIds& ids,
                                     const std::vector<std::string>& current) {
  RoleChanges changes;
  const auto holds = [&](const std::string& role) {
    return std::find(current.begin(), current.end(), role) != current.end();
  };
  const auto converge = [&](const std::optional<std::string>& role, bool wanted, bool removable) {
    if (!role || role->empty()) return;
    if (wanted && !holds(*role)) changes.add.push_back(*role);
    if (!wanted && removable && holds(*role)) changes.remove.push_back(*role);
  };
  converge(ids.engaged, qualifies.engaged, true);
  converge(ids.veteran, qualifies.veteran, false);
  converge(ids.trusted, qualifies.trusted, true);
  return changes;
}

}  // namespace arrakis::sietch
