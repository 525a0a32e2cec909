// /stats (ephemeral; onboarded members only): the caller's private stats — tier and progress to
// the next tier, tenure, badges, activity this week (decayed balance / 10 as a message count) and
// streaks. Nothing is written: pending activity decay is applied in the read. Maintainer notes:
// docs/commands/stats.md.
#include <arrakis/sdk.hpp>
#include <arrakis/sietch/guarded_read.hpp>
#include <arrakis/sietch/sietch.hpp>

#include "arrakis_plugin_commands.h"  // generated from plugins/sietch/commands.json
#include "stats.hpp"

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;

namespace {

const char* const kNoProfile =
    "❌ You don't have a Sietch profile yet. Once your wallet is eligible, the Sietch bot will DM you to set "
    "one up.";
const char* const kUnableToFetch = "❌ Unable to fetch your stats right now. Please try again in a moment.";

sdk::Message ephemeral_text(const std::string& text) { return sdk::Message().content(text).ephemeral(); }

// The answer for the caller (reads only): a message, or the library's onboarding refusal.
struct Answer {
  bool onboarding_required = false;
  sdk::Message message;
};

Answer answer(sdk::Host& host, const std::string& discord_id) {
  const auto member = sietch::member_by_discord_id(host, discord_id);
  if (!member) return {false, ephemeral_text(kNoProfile)};
  if (!(*member)["onboarding_complete"].get<bool>()) return {true, {}};
  const auto stats = arrakis::stats::read_member_stats(host, *member);
  return {false, sdk::Message().embed(arrakis::stats::stats_embed(stats)).ephemeral()};
}

void handle(sdk::Host& host, const sdk::Event& event) {
  const Answer a = sietch::guarded_read(host, "/stats", [&] { return answer(host, event.user_id()); },
                                        Answer{false, ephemeral_text(kUnableToFetch)});
  if (a.onboarding_required) return sietch::reply_onboarding_required(host);
  host.reply(a.message);
}

}  // namespace

ARRAKIS_PLUGIN(sdk::PluginSpec(ARRAKIS_PLUGIN_NAME, ARRAKIS_PLUGIN_VERSION)
                   .command("stats", ARRAKIS_COMMAND_EPHEMERAL, ARRAKIS_COMMAND_DEFINITION_STATS)
                   .volatile_field("messages_this_week")
                   .volatile_field("active_today"),
               handle)
