// /naib overview|current|former (public; onboarded members only): the council of seven, its
// current seats in council order with founding marks, and the former Naib by time served. Only
// nyms are shown. Every text, the ordering rules and the choices made: docs/commands/naib.md.
//
// The command is declared NO_DEFER so that a refusal is the first response and reaches only the
// caller; an onboarded caller's answer is deferred publicly before the council is read.
#include <arrakis/sdk.hpp>
#include <arrakis/sietch/sietch.hpp>

#include "arrakis_plugin_commands.h"  // generated from plugins/sietch/commands.json
#include "council.hpp"
#include "render.hpp"

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;
namespace naib = arrakis::naib;

namespace {

void handle(sdk::Host& host, const sdk::Event& event) {
  if (!sietch::onboarded_profile(host, event.user_id())) return sietch::reply_onboarding_required(host);
  host.defer(false);
  const std::string view = event.subcommand();
  if (view == "current") {
    host.reply(sdk::Message().embed(naib::current_embed(naib::read_council(host))));
  } else if (view == "former") {
    host.reply(sdk::Message().embed(naib::former_embed(naib::read_former(host, naib::kFormerShown))));
  } else {
    // "overview", no subcommand, or one Discord no longer offers (a stale client): the overview.
    host.reply(sdk::Message().embed(naib::overview_embed(naib::read_council(host), naib::count_former(host))));
  }
}

}  // namespace

ARRAKIS_PLUGIN(sdk::PluginSpec(ARRAKIS_PLUGIN_NAME, ARRAKIS_PLUGIN_VERSION)
                   .command("naib", ARRAKIS_COMMAND_NO_DEFER, ARRAKIS_COMMAND_DEFINITION_NAIB)
                   .volatile_field("tenure_days"),
               handle)
