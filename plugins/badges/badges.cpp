// /badges: the badges a member holds (revoked ones never show).
//   /badges            your own, only to you, grouped by category; needs a finished onboarding
//   /badges nym:<x>    an onboarded, present member's, to the channel, in two columns; an unknown
//                      nym (or a member still onboarding, or gone) -> an ephemeral "No member found"
//   No badges -> a friendly line instead of an empty embed (yours: ephemeral; theirs: public).
//   nym autocomplete and the unknown-nym answer: arrakis/sietch/nym_lookup.hpp.
// Viewing someone else's badges needs no profile of your own: badges are public.
// The command is declared NO_DEFER because its visibility depends on the call: it defers
// ephemerally or publicly itself once it knows which. Details: docs/commands/badges.md.
#include <arrakis/sdk.hpp>
#include <arrakis/sietch/sietch.hpp>
#include <arrakis/sietch/nym_lookup.hpp>

#include "arrakis_plugin_commands.h"  // generated from plugins/sietch/commands.json
#include "render.hpp"

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;
namespace badges = arrakis::badges;

namespace {

void own(sdk::Host& host, const sdk::Event& e) {
  host.defer(true);
  const auto profile = sietch::onboarded_profile(host, e.user_id());
  if (!profile) {
    sietch::reply_onboarding_required(host);
    return;
  }
  const auto held = sietch::held_badges(host, (*profile)["id"].get<std::string>());
  if (held.empty()) {
    host.reply(badges::own_no_badges());
    return;
  }
  host.reply(badges::own_badges((*profile)["nym"].get<std::string>(), (*profile)["tier"].get<std::string>(), held));
}

void of_member(sdk::Host& host, const std::string& nym) {
  const auto member = sietch::member_by_nym(host, nym);
  if (!member) {
    host.reply(sietch::no_member_with_nym(nym));  // not deferred: a direct ephemeral answer
    return;
  }
  host.defer(false);
  const std::string shown = (*member)["nym"].get<std::string>();  // as the member spells it
  const auto held = sietch::held_badges(host, (*member)["id"].get<std::string>());
  if (held.empty()) {
    host.reply(badges::member_no_badges(shown));
    return;
  }
  host.reply(badges::member_badges(shown, (*member)["tier"].get<std::string>(), held));
}

void handle(sdk::Host& host, const sdk::Event& e) {
  if (e.kind() == ARRAKIS_EVENT_AUTOCOMPLETE) {
    sietch::autocomplete_nym(host, e);
    return;
  }
  const std::string nym = sietch::nym_option(e);
  if (nym.empty()) {
    own(host, e);
  } else {
    of_member(host, nym);
  }
}

}  // namespace

ARRAKIS_PLUGIN(sdk::PluginSpec(ARRAKIS_PLUGIN_NAME, ARRAKIS_PLUGIN_VERSION)
                   .command("badges", ARRAKIS_COMMAND_NO_DEFER, ARRAKIS_COMMAND_DEFINITION_BADGES),
               handle)
