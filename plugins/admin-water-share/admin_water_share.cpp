// /admin-water-share list|revoke|lineage (administrators; every reply ephemeral): the active
// Water Sharer grants, a cascading revoke (the grant, every grant downstream of it, and exactly
// the badges those grants gave — never a badge an admin awarded or one awarded automatically),
// and one member's place in the lineage. The Administrator bit is checked again here on every
// interaction, autocomplete included. Each member whose badge a revoke took back gets a dynamic
// role re-sync request (the roles logic's internal event). Messages and decisions:
// docs/commands/admin-water-share.md.
#include <arrakis/sdk.hpp>
#include <arrakis/sietch/admin.hpp>
#include <arrakis/sietch/members.hpp>
#include <arrakis/sietch/nym_lookup.hpp>
#include <arrakis/sietch/water_sharer.hpp>

#include "arrakis_plugin_commands.h"  // generated from plugins/sietch/commands.json
#include "grants_render.hpp"
#include "grants_store.hpp"

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;
using namespace admin_water_share;

namespace {

constexpr int kListed = 25;

void reply_text(sdk::Host& host, const std::string& text) {
  host.reply(sdk::Message().content(text).no_mentions().ephemeral());
}

// What the admin typed as a grant id, safe to quote back inside `code`: backticks and line breaks
// dropped, cut after 40 characters (a uuid is 36), on a character boundary.
std::string quoted_input(const std::string& typed) {
  std::string shown;
  std::size_t characters = 0;
  for (const char ch : typed) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c & 0xC0) != 0x80 && ++characters > 40) {
      shown += "…";
      break;
    }
    if (c == '`' || c == '\n' || c == '\r') continue;
    shown += ch;
  }
  return shown;
}

void list(sdk::Host& host) {
  long long total = 0;
  const auto grants = active_grants(host, kListed, total);
  if (grants.empty()) return reply_text(host, "💧 No active Water Sharer grants found.");
  host.reply(sdk::Message().embed(list_embed(grants, total)).ephemeral());
}

void revoke(sdk::Host& host, const sdk::Event& event) {
  const auto id = event.option_string("grant_id").value_or("");
  const auto grant = active_grant(host, id);
  if (!grant) return reply_text(host, "❌ Grant `" + quoted_input(id) + "` not found or already revoked.");
  const auto revoked = revoke_grant(host, *grant, event.user_id());
  if (revoked.grants == 0) return reply_text(host, "❌ Grant `" + grant->id + "` not found or already revoked.");
  for (const auto& m : revoked.lost_badge) {
    sietch::request_water_roles_resync(host, m.discord_id, m.profile_id, "water_share_revoke");
  }
  reply_text(host, revoked_message(*grant, revoked));
}

void lineage(sdk::Host& host, const sdk::Event& event) {
  const auto nym = sietch::nym_option(event);
  const auto member = nym.empty() ? std::nullopt : sietch::member_by_nym(host, nym);
  if (!member) return host.reply(sietch::no_member_with_nym(nym));
  const auto standing = sietch::water_standing(host, (*member)["id"].get<std::string>());
  host.reply(sdk::Message().embed(lineage_embed((*member)["nym"], standing.received_from, standing.shared_to)).ephemeral());
}

void autocomplete(sdk::Host& host, const sdk::Event& event) {
  if (event.focused_option() != "grant_id") return sietch::autocomplete_nym(host, event);  // nym, or nothing
  sdk::Choices choices;
  for (const auto& g : grants_matching(host, event.focused_value())) choices.add(choice_label(g), g.id);
  host.autocomplete(choices);
}

void handle(sdk::Host& host, const sdk::Event& event) {
  if (!sietch::require_admin(host, event)) return;
  if (event.kind() == ARRAKIS_EVENT_AUTOCOMPLETE) return autocomplete(host, event);
  const std::string sub = event.subcommand();
  if (sub == "list") return list(host);
  if (sub == "revoke") return revoke(host, event);
  if (sub == "lineage") return lineage(host, event);
  reply_text(host, "❌ Unknown subcommand. Use `/admin-water-share list`, `revoke` or `lineage`.");
}

}  // namespace

ARRAKIS_PLUGIN(sdk::PluginSpec(ARRAKIS_PLUGIN_NAME, ARRAKIS_PLUGIN_VERSION)
                   .command("admin-water-share",
                            ARRAKIS_COMMAND_EPHEMERAL | ARRAKIS_COMMAND_ADMIN | ARRAKIS_COMMAND_AUTOCOMPLETE,
                            ARRAKIS_COMMAND_DEFINITION_ADMIN_WATER_SHARE),
               handle)
