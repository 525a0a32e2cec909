// /leaderboard badges|tiers (public; onboarded members only).
//   badges: the top 10 onboarded members by held (not revoked) badges, ties going to the earlier
//           profile, cached 60 s per community; the caller's position when outside the top 10.
//   tiers:  members below Fedaykin (the BGT tiers) closest to their next BGT threshold, top 10,
//           with the caller's own progress; nobody in the BGT tiers -> a private notice.
// The command is not deferred by the host: a refusal (not onboarded, no subcommand) is answered
// privately as the first response (an unknown subcommand too), and only then is the board deferred publicly.
// Maintainer notes: docs/commands/leaderboard.md.
#include <arrakis/sdk.hpp>
#include <arrakis/sietch/sietch.hpp>

#include "arrakis_plugin_commands.h"  // generated from plugins/sietch/commands.json
#include "boards.hpp"

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;

namespace {

void handle(sdk::Host& host, const sdk::Event& event) {
  const auto caller = sietch::onboarded_profile(host, event.user_id());
  if (!caller) return sietch::reply_onboarding_required(host);
  // No subcommand (a stale client's definition) is the original board, badges.
  const std::string board = event.subcommand().empty() ? "badges" : event.subcommand();
  if (board != "badges" && board != "tiers") {
    host.reply(sdk::Message()
                   .content("Choose a leaderboard: `/leaderboard badges` or `/leaderboard tiers`.")
                   .ephemeral());
    return;
  }
  host.defer(false);  // the board is public; deferring keeps its queries off Discord's 3 s clock
  const std::string profile = (*caller)["id"].get<std::string>();
  if (board == "badges") {
    leaderboard::badges_board(host, profile);
  } else {
    leaderboard::tiers_board(host, profile);
  }
}

}  // namespace

ARRAKIS_PLUGIN(sdk::PluginSpec(ARRAKIS_PLUGIN_NAME, ARRAKIS_PLUGIN_VERSION)
                   .command("leaderboard", ARRAKIS_COMMAND_NO_DEFER, ARRAKIS_COMMAND_DEFINITION_LEADERBOARD),
               handle)
