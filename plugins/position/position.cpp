// /position (ephemeral): the caller's rank in the BGT ranking, their status (Naib seat holder, at
// risk at ranks 63-69, Fedaykin, or waiting), the BGT to pass the wallet above, the buffer over
// the wallet below, and beyond rank 69 the BGT still needed to enter. Any present member with a
// profile may ask (onboarding is not required: the spec gates this command on a profile only).
// Maintainer notes: docs/commands/position.md.
#include <arrakis/sdk.hpp>
#include <arrakis/sietch/guarded_read.hpp>
#include <arrakis/sietch/sietch.hpp>

#include "arrakis_plugin_commands.h"  // generated from plugins/sietch/commands.json
#include "position.hpp"

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;

namespace {

const char* const kNotAMember =
    "❌ You are not a member of the Sietch. Once your wallet is eligible, the Sietch bot will DM you to "
    "complete onboarding.";
const char* const kNoWallet =
    "❌ Your profile does not have a wallet address linked. Use `/verify start` to link your wallet.";
const char* const kNotRanked =
    "❌ Could not find your wallet in the eligibility rankings. Your BGT holdings may be too low to rank.";
const char* const kUnableToFetch = "❌ Unable to fetch your position right now. Please try again in a moment.";

sdk::Message ephemeral_text(const std::string& text) { return sdk::Message().content(text).ephemeral(); }

// The answer for the caller; reads only.
sdk::Message answer(sdk::Host& host, const std::string& discord_id) {
  const auto member = sietch::member_by_discord_id(host, discord_id);
  if (!member) return ephemeral_text(kNotAMember);
  const auto& wallet = (*member)["wallet_address"];
  if (!wallet.is_string()) return ephemeral_text(kNoWallet);
  const auto position = arrakis::position::read_position(host, (*member)["id"], wallet);
  if (!position) return ephemeral_text(kNotRanked);
  return sdk::Message().embed(arrakis::position::position_embed(*position)).ephemeral();
}

void handle(sdk::Host& host, const sdk::Event& event) {
  host.reply(sietch::guarded_read(
      host, "/position", [&] { return answer(host, event.user_id()); }, ephemeral_text(kUnableToFetch)));
}

}  // namespace

ARRAKIS_PLUGIN(sdk::PluginSpec(ARRAKIS_PLUGIN_NAME, ARRAKIS_PLUGIN_VERSION)
                   .command("position", ARRAKIS_COMMAND_EPHEMERAL, ARRAKIS_COMMAND_DEFINITION_POSITION),
               handle)
