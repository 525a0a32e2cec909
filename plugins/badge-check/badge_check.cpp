// badge-check: the daily automatic badge check (`0 0 * * *` UTC, one job item per community).
// Maintainer page: docs/events/jobs.md.
//
// - Awards the tenure, engagement and founding badges the community's onboarded, present members
//   have earned and have no row for (og by community_config.launch_date, veteran and elder by
//   days since joining, consistent/dedicated/devoted by the decayed activity balance,
//   founding-fedaykin while the community has at most 69 onboarded members). The rules and the
//   single awarding statement are the library's (arrakis/sietch/badge_rules.hpp): this plugin
//   only runs them and tells the others.
// - Nothing is ever revoked (an engagement badge stays when the balance falls), and a badge an
//   admin revoked is not given back.
// - For each award: `internal.sietch.alert` type badge_award {badgeId, badgeName} (alert-delivery
//   DMs it with the catalogue's description, always: a critical alert). For each member who got at least one: one `internal.sietch.roles.resync`
//   (reason badge_award) — role-sync converges all of the member's roles at once, so one request
//   covers several awards. Both are delivered only if the awards commit.
// - A second run (a retry, or the next day) finds nothing new to award and publishes nothing.
#include <arrakis/sdk.hpp>
#include <arrakis/sietch/badge_rules.hpp>

#include <set>

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;

namespace {

constexpr const char* kSchedule = "badge-check";
constexpr const char* kAlertEvent = "internal.sietch.alert";
constexpr const char* kResyncEvent = "internal.sietch.roles.resync";

void handle(sdk::Host& host, const sdk::Event& event) {
  if (event.kind() != ARRAKIS_EVENT_SCHEDULE || event.schedule() != kSchedule) return;
  const auto awards = sietch::award_earned_badges(host);
  std::set<std::string> resynced;
  for (const auto& a : awards) {
    host.publish(kAlertEvent, {{"discordId", a.discord_id},
                               {"profileId", a.profile_id},
                               {"type", "badge_award"},
                               {"data", {{"badgeId", a.badge_id}, {"badgeName", a.name}}}});
    if (resynced.insert(a.profile_id).second) {
      host.publish(kResyncEvent, {{"discordId", a.discord_id}, {"profileId", a.profile_id}, {"reason", "badge_award"}});
    }
  }
  host.count("badge_check.awarded", static_cast<double>(awards.size()));
  host.info("badge-check: " + std::to_string(awards.size()) + " badge(s) awarded to " +
            std::to_string(resynced.size()) + " member(s)");
}

}  // namespace

ARRAKIS_PLUGIN(sdk::PluginSpec(ARRAKIS_PLUGIN_NAME, ARRAKIS_PLUGIN_VERSION)
                   .schedule(kSchedule, "0 0 * * *", {ARRAKIS_SCHEDULE_PER_COMMUNITY, 30000, 5}),
               handle)
