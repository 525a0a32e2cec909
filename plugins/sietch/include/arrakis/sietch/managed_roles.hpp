// Every Discord role the Sietch manages for a member, and what to change on Discord to get the
// member there. Pure functions over the member's state as the database holds it (never over what an
// event says), so role-sync (on request and on its schedule, docs/events/role-sync.md) and any
// plugin that needs to know which gate role a member should hold apply one set of rules.
//
//   onboarded    held by every onboarded member; never removed here.
//   Naib         held while the member holds a Naib seat (a naib_seats row not unseated), whatever
//                the rank: the seat is the truth, and the eligibility sync unseats ineligible holders.
//   Fedaykin     held while the member is eligible (rank 1-69) without a seat. So: a seat gives
//                +Naib -Fedaykin; eligible without one (never seated, bumped, lost the seat) gives
//                +Fedaykin -Naib; neither (ranked beyond 69, unranked, no wallet) gives -Naib -Fedaykin.
//   Former Naib  added to a former Naib (profiles.is_former_naib) who holds no seat; never removed
//                (the flag records history and is never cleared).
//   tier         the role of the member's BGT tier (profiles.tier, hajra..usul) is held and the roles
//                of every BGT tier above it are removed (a demotion); lower tier roles are left alone
//                (a member may hold every tier role up to the current one). The fedaykin and naib
//                tiers have no tier role of their own (theirs is the gate role): no tier role changes.
//   dynamic      engaged, veteran, trusted as in dynamic_roles.hpp (veteran never removed).
//   Taqwa is not managed here: the waitlist commands give and take it.
// A role not configured is left alone. The gate roles (Naib, Fedaykin) are left alone altogether
// when the caller says the Sietch does not own them (sietch_owns_gate_roles) or cannot judge them.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "arrakis/sietch/dynamic_roles.hpp"
#include "arrakis/sietch/ranks.hpp"
#include "arrakis/sietch/tiers.hpp"

namespace arrakis::sietch {

// hajra..usul (the first entries of kTiers) each have a role; fedaykin and naib do not.
inline constexpr std::size_t kBgtTierCount = kFedaykinTier;

// The community's Discord role for each managed role (community_config); nullopt = not configured.
struct ManagedRoleIds {
  DynamicRoleIds dynamic = {};
  std::optional<std::string> onboarded = std::nullopt;
  std::optional<std::string> naib = std::nullopt;
  std::optional<std::string> fedaykin = std::nullopt;
  std::optional<std::string> former_naib = std::nullopt;
  std::array<std::optional<std::string>, kBgtTierCount> tiers = {};  // in kTiers order: hajra first

  bool any() const {
    return dynamic.any() || onboarded || naib || fedaykin || former_naib ||
           std::any_of(tiers.begin(), tiers.end(), [](const auto& t) { return t.has_value(); });
  }
};

// What the rules look at for an onboarded member, read from the database now.
struct MemberRoleState {
  MemberStanding standing = {};  // the dynamic roles' inputs
  bool seated = false;           // holds a Naib seat now
  int rank = 0;                  // the linked wallet's rank in the current ranking; 0 = unranked or none
  bool former_naib = false;      // profiles.is_former_naib
  std::string tier = "hajra";    // profiles.tier
};

enum class GateRole { none, fedaykin, naib };

// The gate role a member should hold: Naib with a seat, else Fedaykin when ranked 1-69, else none.
inline constexpr GateRole gate_role(bool seated, int rank) {
  if (seated) return GateRole::naib;
  return is_eligible_rank(rank) ? GateRole::fedaykin : GateRole::none;
}

// Whether the Sietch gives and takes the Naib and Fedaykin roles itself, from the coexistence state
// (coexistence.hpp: whether a shadow run started, the mode, whether an incumbent bot is configured).
// Yes in a community with no incumbent bot and no shadow run (the Sietch is the only gate), and from
// parallel mode on (its own roles beside, then instead of, the incumbent's). No in shadow mode: the
// incumbent bot gates the community and owns those roles; the Sietch only compares.
inline bool sietch_owns_gate_roles(bool shadow_run_started, std::string_view mode, bool incumbent_configured) {
  if (mode == "parallel" || mode == "primary" || mode == "exclusive") return true;
  return !shadow_run_started && !incumbent_configured;
}

// Which roles the member must hold (added when missing) and must not hold (removed when held);
// a role in neither list is left alone. Orders: dynamic roles, onboarded, Naib, Fedaykin, Former
// Naib, tier roles lowest first.
struct RoleTargets {
  std::vector<std::string> hold = {};
  std::vector<std::string> drop = {};
};

inline RoleTargets managed_role_targets(const MemberRoleState& m, const ManagedRoleIds& ids, bool manage_gate_roles) {
  RoleTargets t;
  enum class Want { hold, drop, leave };
  const auto want = [&t](const std::optional<std::string>& role, Want w) {
    if (!role || role->empty() || w == Want::leave) return;
    (w == Want::hold ? t.hold : t.drop).push_back(*role);
  };
  const auto dynamic = qualifying_roles(m.standing);
  want(ids.dynamic.engaged, dynamic.engaged ? Want::hold : Want::drop);
  want(ids.dynamic.veteran, dynamic.veteran ? Want::hold : Want::leave);  // never removed
  want(ids.dynamic.trusted, dynamic.trusted ? Want::hold : Want::drop);
  want(ids.onboarded, Want::hold);
  if (manage_gate_roles) {
    const auto gate = gate_role(m.seated, m.rank);
    want(ids.naib, gate == GateRole::naib ? Want::hold : Want::drop);
    want(ids.fedaykin, gate == GateRole::fedaykin ? Want::hold : Want::drop);
  }
  if (m.former_naib && !m.seated) want(ids.former_naib, Want::hold);
  const auto tier = tier_by_name(m.tier);
  if (tier && *tier < kBgtTierCount) {
    for (std::size_t i = *tier; i < kBgtTierCount; ++i) want(ids.tiers[i], i == *tier ? Want::hold : Want::drop);
  }
  return t;
}

// The role calls that bring `current` (the member's Discord roles) to `targets`: add each role to
// hold that is missing, then remove each role to drop that is held. A role id in both lists (one
// Discord role configured for two keys) is held, never removed, so a repeated sync never flips it;
// each role is called at most once. Nothing when the member already matches.
inline RoleChanges plan_changes(const RoleTargets& targets, const std::vector<std::string>& current) {
  RoleChanges changes;
  const auto in = [](const std::vector<std::string>& list, const std::string& role) {
    return std::find(list.begin(), list.end(), role) != list.end();
  };
  for (const auto& role : targets.hold) {
    if (!in(current, role) && !in(changes.add, role)) changes.add.push_back(role);
  }
  for (const auto& role : targets.drop) {
    if (in(current, role) && !in(targets.hold, role) && !in(changes.remove, role)) changes.remove.push_back(role);
  }
  return changes;
}

inline RoleChanges plan_managed_role_changes(const MemberRoleState& m, const ManagedRoleIds& ids,
                                             const std::vector<std::string>& current, bool manage_gate_roles) {
  return plan_changes(managed_role_targets(m, ids, manage_gate_roles), current);
}

}  // namespace arrakis::sietch
