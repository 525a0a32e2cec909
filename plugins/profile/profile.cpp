// /profile: a member's Sietch profile, never their wallet or Discord account.
//   view           your own profile, only to you (any profile of yours, finished onboarding or not;
//                  none -> how onboarding starts)
//   view nym:<x>   an onboarded, present member's public profile, to the channel; an unknown nym
//                  (or a member still onboarding, or gone) -> an ephemeral "No member found"
//   edit           DMs you the entry point of the profile-edit wizard (a `profile-edit:start`
//                  button served by the wizard's plugin) and says "Check your DMs!" only once the
//                  DM is out; DMs closed -> how to open them. Needs a finished onboarding.
//   nym autocomplete and the unknown-nym answer: arrakis/sietch/nym_lookup.hpp.
// The command is declared NO_DEFER because its visibility depends on the call: it defers
// ephemerally or publicly itself once it knows which. Details: docs/commands/profile.md.
#include <arrakis/sdk.hpp>
#include <arrakis/sietch/sietch.hpp>
#include <arrakis/sietch/nym_lookup.hpp>

#include "arrakis_plugin_commands.h"  // generated from plugins/sietch/commands.json
#include "render.hpp"

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;
namespace profile = arrakis::profile;

namespace {

std::int64_t now_seconds(sdk::Host& host) { return host.now_ms() / 1000; }

void view_own(sdk::Host& host, const sdk::Event& e) {
  host.defer(true);
  const auto member = sietch::member_by_discord_id(host, e.user_id());
  if (!member || !(*member)["nym"].is_string()) {
    host.reply(profile::no_profile());
    return;
  }
  host.reply(profile::own_profile(*member, now_seconds(host)));
}

void view_other(sdk::Host& host, const std::string& nym) {
  const auto member = sietch::member_by_nym(host, nym);
  if (!member) {
    host.reply(sietch::no_member_with_nym(nym));  // not deferred: a direct ephemeral answer
    return;
  }
  host.defer(false);
  host.reply(profile::public_profile(*member, sietch::held_badges(host, (*member)["id"].get<std::string>())));
}

void edit(sdk::Host& host, const sdk::Event& e) {
  host.defer(true);
  const auto member = sietch::member_by_discord_id(host, e.user_id());
  if (!member || !(*member)["onboarding_complete"].get<bool>()) {
    sietch::reply_onboarding_required(host);
    return;
  }
  try {
    host.send_dm(e.user_id(), profile::edit_dm(*member, now_seconds(host)));
  } catch (const sdk::Error& failure) {
    // Closed DMs are the member's setting, not our fault: tell them how to open them.
    host.warn(std::string("profile edit DM not sent: ") + failure.what());
    host.reply(profile::dm_failed());
    return;
  }
  host.reply(profile::check_your_dms());
}

void handle(sdk::Host& host, const sdk::Event& e) {
  if (e.kind() == ARRAKIS_EVENT_AUTOCOMPLETE) {
    sietch::autocomplete_nym(host, e);
    return;
  }
  const std::string sub = e.subcommand();
  if (sub == "view") {
    const std::string nym = sietch::nym_option(e);
    if (nym.empty()) {
      view_own(host, e);
    } else {
      view_other(host, nym);
    }
  } else if (sub == "edit") {
    edit(host, e);
  } else {
    host.reply(sdk::Message().content("Use /profile view or /profile edit.").ephemeral());
  }
}

}  // namespace

ARRAKIS_PLUGIN(sdk::PluginSpec(ARRAKIS_PLUGIN_NAME, ARRAKIS_PLUGIN_VERSION)
                   .command("profile", ARRAKIS_COMMAND_NO_DEFER, ARRAKIS_COMMAND_DEFINITION_PROFILE),
               handle)
