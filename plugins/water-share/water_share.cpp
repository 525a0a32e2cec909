// /water-share share|status (every reply ephemeral; onboarded members only): a holder of the
// Water Sharer badge gives it, once, to another onboarded member who never received it. The
// rules and their order are in share_rules.cpp; the grant, the badge it gives (provenance
// 'water_sharer', tied to the grant so a cascade revoke takes back exactly that badge) and the
// `water_sharer_grant` audit row are written in one savepoint, so a failed award leaves no grant.
// The recipient's dynamic roles are then re-synced through the roles logic's internal event.
// Messages, embeds and decisions: docs/commands/water-share.md.
#include <arrakis/sdk.hpp>
#include <arrakis/sietch/onboarding.hpp>

#include <algorithm>
#include <cctype>

#include "arrakis_plugin_commands.h"  // generated from plugins/sietch/commands.json
#include "share_render.hpp"
#include "share_rules.hpp"
#include "share_store.hpp"

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;
using namespace water_share;

namespace {

void reply_text(sdk::Host& host, const std::string& text) {
  host.reply(sdk::Message().content(text).no_mentions().ephemeral());
}

bool is_snowflake(const std::string& s) {
  return !s.empty() && s.size() <= 20 && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

std::optional<Granter> caller(sdk::Host& host, const sdk::Event& event) {
  const auto profile = sietch::onboarded_profile(host, event.user_id());
  if (!profile) return std::nullopt;
  return Granter{(*profile)["id"], (*profile)["nym"].is_string() ? (*profile)["nym"].get<std::string>() : "", event.user_id()};
}

void share(sdk::Host& host, const sdk::Event& event) {
  const auto granter = caller(host, event);
  if (!granter) return sietch::reply_onboarding_required(host);
  const auto target = event.option_string("member").value_or("");
  if (!is_snowflake(target)) return reply_text(host, "❌ Choose the member to share your badge with.");
  const std::string mention = "<@" + target + ">";

  std::string recipient_nym;
  auto facts = read_share_facts(host, *granter, target, recipient_nym);
  if (auto refusal = first_refusal(facts)) return reply_text(host, refusal_message(*refusal, mention));

  std::optional<std::string> grant;
  try {
    grant = write_share(host, *granter, facts.recipient_profile_id, recipient_nym);
  } catch (const sdk::Error& e) {
    if (e.status() == ARRAKIS_RETRYABLE) throw;  // the database is away: the host retries the whole call
    // Nothing was written (the savepoint is rolled back). Usually another share got there first.
    host.warn(std::string("water-share: the share was rolled back: ") + e.what());
  }
  if (grant) {
    sietch::request_water_roles_resync(host, target, facts.recipient_profile_id, "water_share");
    return host.reply(sdk::Message().embed(shared_embed(recipient_nym)).ephemeral());
  }
  facts = read_share_facts(host, *granter, target, recipient_nym);
  if (auto refusal = first_refusal(facts)) return reply_text(host, refusal_message(*refusal, mention));
  reply_text(host, "❌ The Water Sharer badge could not be given to " + mention +
                       ", so nothing was shared. Please try again in a moment.");
}

void status(sdk::Host& host, const sdk::Event& event) {
  const auto member = caller(host, event);
  if (!member) return sietch::reply_onboarding_required(host);
  host.reply(sdk::Message().embed(status_embed(read_status(host, member->profile_id))).ephemeral());
}

void handle(sdk::Host& host, const sdk::Event& event) {
  const std::string sub = event.subcommand();
  if (sub == "share") return share(host, event);
  if (sub == "status") return status(host, event);
  reply_text(host, "❌ Unknown subcommand. Use `/water-share share` or `/water-share status`.");
}

}  // namespace

ARRAKIS_PLUGIN(sdk::PluginSpec(ARRAKIS_PLUGIN_NAME, ARRAKIS_PLUGIN_VERSION)
                   .command("water-share", ARRAKIS_COMMAND_EPHEMERAL, ARRAKIS_COMMAND_DEFINITION_WATER_SHARE),
               handle)
