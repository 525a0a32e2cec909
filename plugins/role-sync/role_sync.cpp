// role-sync: every Discord role the Sietch manages for a member — onboarded, Naib / Fedaykin /
// Former Naib, the BGT tier role, engaged / veteran / trusted — converged to what the database says
// now. Maintainer page: docs/events/role-sync.md.
//
// - On request: consumes `internal.sietch.roles.resync` {discordId, profileId, reason}, published by
//   whatever changed something a role depends on (a badge, a seat, a tier, onboarding; the reasons
//   are in docs/internal-events-and-jobs.md "Sietch: role re-sync requests"). The event only says
//   whose roles may have changed: the member's seat, rank, tier, badges, activity and tenure are
//   read now, the rules (arrakis/sietch/managed_roles.hpp) decide, and the member's Discord roles
//   (read through the host) converge to them. Audit reason "Sietch role sync (<reason>)".
// - On schedule: `sync-roles`, hourly per community, converges the onboarded members a page at a
//   time (kMembersPerRun, in profile-id order, continuing after the last run's page; the cursor is
//   ephemeral state: lost, the pass starts over), so a community of any size costs a bounded run.
// - A repeated, redelivered or out-of-order request, or a second pass, recomputes and finds nothing
//   to change. Veteran and Former Naib are never removed; Taqwa is never touched; a role not
//   configured is left alone; Naib and Fedaykin are left alone while an incumbent bot gates the
//   community (shadow mode) or before any ranking exists.
// - Nothing is changed for a profile that is unknown, not onboarded or departed, or a user not in
//   the guild.
// - A role call Discord refuses for good is logged and counted, and the other roles are still
//   synced; a retryable failure (Discord unavailable, rate limit) fails the call so the host retries
//   it, which is harmless since the sync converges (a scheduled run redoes its page).
#include <arrakis/sdk.hpp>
#include <arrakis/sietch/managed_roles.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "role_store.hpp"

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;
using namespace role_sync;

namespace {

constexpr const char* kResyncEvent = "internal.sietch.roles.resync";
constexpr const char* kSchedule = "sync-roles";
constexpr const char* kScheduleReason = "scheduled";
constexpr std::size_t kMaxReasonChars = 64;  // the audit reason stays short and readable
// The bound of one scheduled run: at most this many members (one member read each, plus their role
// calls). An hourly run covers 1200 members a day; the seeded Sietch (72) takes two runs.
constexpr std::size_t kMembersPerRun = 50;
// Where the next scheduled run continues (a profile id). Kept two days: a cursor that outlived a
// long pause only means the pass starts over.
constexpr const char* kCursorKey = "sync-roles:after";
constexpr std::uint64_t kCursorTtlMs = 2ull * 24 * 60 * 60 * 1000;

std::string field_text(const nlohmann::json& data, const char* name) {
  const auto it = data.find(name);
  return it != data.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string audit_reason(std::string reason) {
  if (reason.empty()) return "Sietch role sync";
  if (reason.size() > kMaxReasonChars) reason.resize(kMaxReasonChars);
  return "Sietch role sync (" + reason + ")";
}

std::vector<std::string> current_roles(const nlohmann::json& member) {
  std::vector<std::string> roles;
  if (!member.is_object() || !member.contains("roles") || !member["roles"].is_array()) return roles;
  for (const auto& r : member["roles"]) {
    if (r.is_string()) roles.push_back(r.get<std::string>());
  }
  return roles;
}

bool retryable(const sdk::Error& e) { return e.status() == ARRAKIS_RETRYABLE || e.status() == ARRAKIS_LIMITED; }

// One role call; a refusal for good is logged and counted, a retryable failure propagates.
void change_role(sdk::Host& host, bool add, const std::string& user, const std::string& role,
                 const std::string& reason) {
  try {
    if (add) {
      host.add_role(user, role, reason);
    } else {
      host.remove_role(user, role, reason);
    }
    host.count(add ? "role_sync.roles_added" : "role_sync.roles_removed");
  } catch (const sdk::Error& e) {
    if (retryable(e)) throw;
    host.warn(std::string("role-sync: could not ") + (add ? "add" : "remove") + " role " + role + " for " + user +
              ": " + e.what());
    host.count("role_sync.role_failures");
  }
}

// Converges one onboarded, present member's roles; nullopt when the user is not in the guild.
std::optional<sietch::RoleChanges> converge(sdk::Host& host, const CommunityRoles& roles, const Profile& profile,
                                            const std::string& reason) {
  const auto member = host.member(profile.discord_id);
  if (!member) return std::nullopt;
  const auto changes =
      sietch::plan_managed_role_changes(profile.state, roles.ids, current_roles(*member), roles.manage_gate_roles);
  const std::string why = audit_reason(reason);
  for (const auto& role : changes.add) change_role(host, true, profile.discord_id, role, why);
  for (const auto& role : changes.remove) change_role(host, false, profile.discord_id, role, why);
  return changes;
}

void resync_one(sdk::Host& host, const sdk::Event& event) {
  const auto& data = event.data();
  const std::string discord_id = field_text(data, "discordId");
  const std::string profile_id = field_text(data, "profileId");
  const std::string reason = field_text(data, "reason");
  if (discord_id.empty() && profile_id.empty()) {
    host.warn("role-sync: a re-sync request names no member (no discordId, no profileId); ignored");
    return;
  }
  const auto roles = read_community_roles(host);
  if (!roles.ids.any()) {
    host.info("role-sync: no Sietch role is configured; nothing to sync");
    return;
  }
  const auto profile = read_profile(host, profile_id, discord_id);
  const std::string who = profile ? profile->discord_id : (discord_id.empty() ? profile_id : discord_id);
  if (!profile) {
    host.info("role-sync: no profile for " + who + "; no role changes");
    return;
  }
  if (!profile->onboarded || profile->departed) {
    host.info("role-sync: " + who + (profile->departed ? " has departed" : " has not finished onboarding") +
              "; no role changes");
    return;
  }
  if (!roles.gate_note.empty()) host.info("role-sync: " + roles.gate_note);
  const auto changes = converge(host, roles, *profile, reason);
  if (!changes) {
    host.info("role-sync: " + who + " is not in the guild; no role changes");
  } else if (changes->empty()) {
    host.info("role-sync: the roles of " + who + " are already in sync (" + reason + ")");
  } else {
    host.info("role-sync: " + who + ": " + std::to_string(changes->add.size()) + " role(s) added, " +
              std::to_string(changes->remove.size()) + " removed (" + reason + ")");
  }
}

// A stored cursor is a profile id; anything else starts the pass over.
bool is_uuid(const std::string& s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

// One scheduled run: the next page of onboarded members, then the cursor moves on (or, after the
// last page, is cleared so the next run starts a new pass).
void sync_page(sdk::Host& host) {
  const auto roles = read_community_roles(host);
  if (!roles.ids.any()) {
    host.info("role-sync: no Sietch role is configured; nothing to sync");
    return;
  }
  if (!roles.gate_note.empty()) host.info("role-sync: " + roles.gate_note);
  std::string after = host.state_get(kCursorKey).value_or("");
  if (!is_uuid(after)) after.clear();
  const auto page = read_onboarded_after(host, after, kMembersPerRun + 1);
  const bool more = page.size() > kMembersPerRun;
  const std::size_t count = std::min(page.size(), kMembersPerRun);
  std::size_t added = 0, removed = 0, changed = 0, absent = 0, failed = 0;
  for (std::size_t i = 0; i < count; ++i) {
    try {
      const auto changes = converge(host, roles, page[i], kScheduleReason);
      if (!changes) {
        ++absent;
      } else if (!changes->empty()) {
        ++changed;
        added += changes->add.size();
        removed += changes->remove.size();
      }
    } catch (const sdk::Error& e) {
      // A member Discord refuses to show for good must not stall the pass; a retryable failure
      // fails the run, whose retry redoes this page.
      if (retryable(e)) throw;
      host.warn("role-sync: could not sync the roles of " + page[i].discord_id + ": " + e.what());
      host.count("role_sync.member_failures");
      ++failed;
    }
  }
  if (more) {
    host.state_set(kCursorKey, page[count - 1].id, kCursorTtlMs);
  } else {
    host.state_delete(kCursorKey);
  }
  host.count("role_sync.members_checked", static_cast<double>(count));
  host.info("role-sync: scheduled run: " + std::to_string(count) + " member(s) checked, " + std::to_string(changed) +
            " changed (" + std::to_string(added) + " role(s) added, " + std::to_string(removed) + " removed), " +
            std::to_string(absent) + " not in the guild, " + std::to_string(failed) + " failed; " +
            (more ? "the next run continues after " + page[count - 1].id : std::string("the pass is complete")));
}

void handle(sdk::Host& host, const sdk::Event& event) {
  if (event.kind() == ARRAKIS_EVENT_INTERNAL && event.type() == kResyncEvent) return resync_one(host, event);
  if (event.kind() == ARRAKIS_EVENT_SCHEDULE && event.schedule() == kSchedule) return sync_page(host);
}

}  // namespace

ARRAKIS_PLUGIN(sdk::PluginSpec(ARRAKIS_PLUGIN_NAME, ARRAKIS_PLUGIN_VERSION)
                   .event(kResyncEvent)
                   .schedule(kSchedule, "0 * * * *", {ARRAKIS_SCHEDULE_PER_COMMUNITY, 0, 3}),
               handle)
