// /admin-badge award|revoke (Administrator only, ephemeral): an admin awards a contribution or
// special badge to a member, or revokes any badge a member holds. Behaviour, every message and
// decision: docs/commands/admin-badge.md.
//
// - Every interaction (the command and both autocompletes) re-checks the Administrator bit here,
//   whatever the host checked (sietch::require_admin): a forged payload is refused the same way.
// - award: the member (onboarded, present) and the badge (by id or name) must exist; tenure and
//   engagement badges are refused (they are earned automatically); a held badge is refused; a
//   revoked one is restored (app.award_badge, source 'admin', awarded_by = the admin's Discord id).
//   Then an audit row, the dynamic-role re-sync request, the badge_award DM (a critical alert:
//   always sent, whatever the member's alert toggles; a failed DM is logged in alert_history and
//   noted to the admin, never fatal), and the reply.
// - revoke: sets revoked, revoked_at and revoked_by; an audit row and the re-sync request.
// - The re-sync request is the internal event `internal.sietch.roles.resync` {discordId,
//   profileId, reason}; the host delivers it only if this call commits
//   (docs/internal-events-and-jobs.md), so a refused or failed call requests nothing.
// - Unknown nyms and the nym autocomplete are the library's (sietch/nym_lookup.hpp), as in every
//   command with a nym option.
// - Autocomplete: `nym` lists onboarded members; `badge` lists contribution and special badges
//   for award and the badges of the member already typed in `nym` for revoke; a substring of the
//   name or id, at most 25, labelled "{emoji} {name} ({category})" with the badge id as value.
#include <arrakis/sdk.hpp>
#include <arrakis/sietch/nym_lookup.hpp>
#include <arrakis/sietch/sietch.hpp>

#include "arrakis_plugin_commands.h"  // generated from plugins/sietch/commands.json
#include "badge_render.hpp"
#include "badge_store.hpp"

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;
using namespace admin_badge;

namespace {

constexpr std::size_t kMaxReason = 500;  // the option's max_length in commands.json
constexpr const char* kResyncEvent = "internal.sietch.roles.resync";

void answer(sdk::Host& host, const std::string& text) { host.reply(sdk::Message().content(text).ephemeral()); }

std::string trimmed(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return {};
  return s.substr(begin, s.find_last_not_of(" \t\r\n") - begin + 1);
}

// The member and badge both subcommands name; nullopt after answering what is wrong.
struct Target {
  nlohmann::json member;
  Badge badge;
};

std::optional<Target> read_target(sdk::Host& host, const sdk::Event& event) {
  const std::string nym = sietch::nym_option(event);
  const std::string badge_typed = trimmed(event.option_string("badge").value_or(""));
  std::optional<nlohmann::json> member;
  std::optional<Badge> badge;
  if (nym.empty()) {
    answer(host, missing_option("nym"));
  } else if (badge_typed.empty()) {
    answer(host, missing_option("badge"));
  } else if (!(member = sietch::member_by_nym(host, nym))) {
    host.reply(sietch::no_member_with_nym(nym));
  } else if (!(badge = find_badge(host, badge_typed))) {
    answer(host, unknown_badge(badge_typed));
  } else {
    return Target{std::move(*member), std::move(*badge)};
  }
  return std::nullopt;
}

void request_role_resync(sdk::Host& host, const nlohmann::json& member, const std::string& reason) {
  host.publish(kResyncEvent, {{"discordId", member["discord_id"]}, {"profileId", member["id"]}, {"reason", reason}});
}

// Sends the DM and records it; false when Discord refused it (closed DMs, left the server).
bool send_award_dm(sdk::Host& host, const nlohmann::json& member, const Badge& badge, const std::string& reason,
                   const std::string& admin_id) {
  const std::string discord_id = member["discord_id"];
  std::string error;
  try {
    host.send_dm(discord_id, badge_award_dm(badge, reason));
  } catch (const sdk::Error& e) {
    error = e.what();
    host.warn("badge_award DM to " + discord_id + " failed: " + error);
  }
  record_badge_alert(host, member["id"],
                     {{"badgeId", badge.id}, {"badgeName", badge.name}, {"reason", reason}, {"awardedBy", admin_id}},
                     error.empty(), error);
  return error.empty();
}

void award_badge(sdk::Host& host, const sdk::Event& event) {
  auto target = read_target(host, event);
  if (!target) return;
  const std::string reason = trimmed(event.option_string("reason").value_or(""));
  if (reason.empty()) return answer(host, missing_option("reason"));
  if (sdk::discord_length(reason) > kMaxReason) return answer(host, reason_too_long(kMaxReason));
  const auto& [member, badge] = *target;
  const std::string nym = member["nym"];
  if (!awardable(badge)) return answer(host, not_awardable(badge));

  const std::string admin_id = event.user_id();
  const std::string outcome = award(host, member["id"], badge.id, admin_id, reason);
  if (outcome == "held") return answer(host, already_held(badge, nym));
  audit(host, "badge_award", admin_id,
        {{"profileId", member["id"]}, {"nym", nym}, {"badgeId", badge.id}, {"reason", reason}, {"outcome", outcome}});
  request_role_resync(host, member, "badge_award");
  const bool delivered = send_award_dm(host, member, badge, reason, admin_id);
  answer(host, award_success(badge, nym, reason, outcome == "restored", delivered));
}

void revoke_badge(sdk::Host& host, const sdk::Event& event) {
  auto target = read_target(host, event);
  if (!target) return;
  const auto& [member, badge] = *target;
  const std::string nym = member["nym"];
  const std::string admin_id = event.user_id();
  if (!revoke(host, member["id"], badge.id, admin_id)) return answer(host, nothing_to_revoke(badge, nym));
  audit(host, "badge_revoke", admin_id, {{"profileId", member["id"]}, {"nym", nym}, {"badgeId", badge.id}});
  request_role_resync(host, member, "badge_revoke");
  answer(host, revoke_success(badge, nym));
}

void autocomplete(sdk::Host& host, const sdk::Event& event) {
  const std::string focused = event.focused_option();
  const std::string typed = trimmed(event.focused_value());
  sdk::Choices choices;
  if (focused == "nym") {
    choices = sietch::nym_choices(host, typed);
  } else if (focused == "badge") {
    nlohmann::json rows = nlohmann::json::array();
    if (event.subcommand() == "award") {
      rows = awardable_badges_matching(host, typed);
    } else if (event.subcommand() == "revoke") {
      // The member whose badges to list is the one typed (or chosen) in `nym` so far.
      const auto member = sietch::member_by_nym(host, sietch::nym_option(event));
      if (member) rows = held_badges_matching(host, (*member)["id"], typed);
    }
    for (const auto& row : rows) choices.add(choice_label(row["emoji"], row["name"], row["category"]), row["id"]);
  }
  host.autocomplete(choices);
}

void handle(sdk::Host& host, const sdk::Event& event) {
  if (!sietch::require_admin(host, event)) return;
  if (event.kind() == ARRAKIS_EVENT_AUTOCOMPLETE) return autocomplete(host, event);
  if (event.subcommand() == "award") return award_badge(host, event);
  if (event.subcommand() == "revoke") return revoke_badge(host, event);
  answer(host, unknown_subcommand());
}

}  // namespace

ARRAKIS_PLUGIN(sdk::PluginSpec(ARRAKIS_PLUGIN_NAME, ARRAKIS_PLUGIN_VERSION)
                   .command("admin-badge", ARRAKIS_COMMAND_EPHEMERAL | ARRAKIS_COMMAND_ADMIN | ARRAKIS_COMMAND_AUTOCOMPLETE,
                            ARRAKIS_COMMAND_DEFINITION_ADMIN_BADGE),
               handle)
