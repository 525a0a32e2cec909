// /admin-takeover (administrators; every answer ephemeral): the one-way move from primary to
// exclusive mode, where Arrakis becomes the server's only gate. Allowed only in primary mode.
// Three chained modals confirm it: the server's real name (compared with the guild's name from
// Discord, case-insensitively), "I understand" for the risks, "confirmed" for the rollback plan.
// Discord cannot answer a modal with another modal, so each right answer replies with a button
// that opens the next one. The progress lives in a 5-minute session per admin (not in this
// process); a wrong answer ends the takeover (nothing changes; start again). On the last answer
// the roles named "arrakis-…" lose their prefix through the host, then the mode becomes exclusive
// with an audit entry; if Discord refuses a rename the mode stays primary and the admin can run it
// again. The Administrator bit is re-checked on the command, every button and every modal.
// Messages and decisions: docs/commands/admin-takeover.md.
#include <arrakis/sdk.hpp>
#include <arrakis/sietch/admin.hpp>
#include <arrakis/sietch/coexistence.hpp>

#include "arrakis_plugin_commands.h"  // generated from plugins/sietch/commands.json
#include "takeover_render.hpp"
#include "takeover_steps.hpp"

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;
using namespace admin_takeover;
using nlohmann::json;

namespace {

constexpr const char* kSession = "takeover";
constexpr std::uint64_t kSessionMs = 5 * 60'000;

void reply_text(sdk::Host& host, const std::string& text) {
  host.reply(sdk::Message().content(text).no_mentions().ephemeral());
}

const char* kExpired = "⏰ Your takeover confirmation expired (it lasts 5 minutes) or was finished. Nothing was "
                       "changed; run `/admin-takeover` to start again.";

// The guild's name as Discord has it; "" when it cannot be read (step 1 then fails closed).
std::string server_name(sdk::Host& host) {
  try {
    const auto guild = host.guild();
    if (guild.is_object() && guild.contains("name") && guild["name"].is_string()) return guild["name"];
  } catch (const sdk::Error& e) {
    host.warn(std::string("takeover: could not read the guild's name: ") + e.what());
  }
  return {};
}

void start(sdk::Host& host, const sdk::Event& event) {
  const auto state = sietch::read_coexistence(host);
  if (state.mode != "primary") {
    return host.reply(sdk::Message().embed(not_available_embed(state.mode, state.started)).ephemeral());
  }
  // A new takeover starts over with a fresh 5 minutes (rewriting a live session keeps its expiry).
  host.session_delete(kSession, event.user_id());
  host.session_put(kSession, event.user_id(), {{"guild", event.guild_id()}, {"step", 1}}, kSessionMs);
  host.show_modal(step_modal(1, event.guild_id()));
}

// The admin's takeover in progress, or nullopt after answering that it is gone.
std::optional<json> pending(sdk::Host& host, const sdk::Event& event, const std::string& guild_id) {
  if (guild_id != event.guild_id()) {
    reply_text(host, "❌ This takeover belongs to another server. Run `/admin-takeover` in this one.");
    return std::nullopt;
  }
  const auto session = host.session_get(kSession, event.user_id());
  if (!session || !session->contains("data") || !(*session)["data"].is_object() ||
      (*session)["data"].value("guild", "") != guild_id) {
    reply_text(host, kExpired);
    return std::nullopt;
  }
  return (*session)["data"];
}

std::string out_of_order(int at) {
  return "❌ That step is not the one your takeover is waiting for (step " + std::to_string(at) +
         " of 3). Use the newest message's button, or run `/admin-takeover` to start again.";
}

// takeover_next_{n}_{guild}: opens modal n when the takeover is waiting for step n.
void open_step(sdk::Host& host, const sdk::Event& event) {
  const auto id = parse_button_id(event.custom_id());
  if (!id) return reply_text(host, "❌ This button is not one of /admin-takeover's. Run `/admin-takeover` again.");
  const auto data = pending(host, event, id->guild_id);
  if (!data) return;
  const int at = data->value("step", 0);
  if (at != id->number) return reply_text(host, out_of_order(at));
  host.show_modal(step_modal(id->number, id->guild_id));
}

// Renames the parallel roles, then writes exclusive mode when every rename went through.
void take_over(sdk::Host& host, const sdk::Event& event) {
  host.session_delete(kSession, event.user_id());  // the takeover ends here, whatever happens next
  const auto rows = host.query("SELECT current_mode FROM migration_states FOR UPDATE");
  const std::string mode = rows.empty() ? "shadow" : rows.at(0)["current_mode"].get<std::string>();
  if (mode != "primary") {
    return host.reply(sdk::Message().embed(not_available_embed(mode, !rows.empty())).ephemeral());
  }
  std::vector<Rename> renamed, failed;
  for (const auto& role : host.roles()) {
    if (!role.is_object() || !role.contains("name") || !role["name"].is_string()) continue;
    const std::string name = role["name"];
    const auto to = unprefixed(name);
    if (!to) continue;
    const Rename r{role.value("id", ""), name, *to};
    try {
      host.modify_role(r.role_id, {{"name", r.to}}, "Arrakis takeover: exclusive mode");
      renamed.push_back(r);
    } catch (const sdk::Error& e) {
      host.warn("takeover: could not rename role " + r.role_id + " (" + r.from + "): " + e.what());
      failed.push_back(r);
    }
  }
  if (!failed.empty()) return host.reply(sdk::Message().embed(incomplete_embed(renamed, failed)).ephemeral());
  json renames = json::array();
  for (const auto& r : renamed) renames.push_back({{"roleId", r.role_id}, {"from", r.from}, {"to", r.to}});
  host.exec(
      "UPDATE migration_states SET current_mode = 'exclusive', target_mode = 'exclusive', last_transition_at = now() "
      "WHERE current_mode = 'primary'");
  host.exec(
      "INSERT INTO audit_log (community_id, event_type, event_data, actor) "
      "VALUES (app.current_community_id(), 'migration_takeover', $1::jsonb, $2)",
      json::array({json{{"fromMode", "primary"}, {"toMode", "exclusive"}, {"rolesRenamed", renames}}.dump(),
                   event.user_id()}));
  const std::string name = server_name(host);
  host.reply(sdk::Message().embed(complete_embed(name.empty() ? "this server" : name, renamed)).ephemeral());
}

// takeover_step{n}_{guild}: the answer to modal n.
void answer(sdk::Host& host, const sdk::Event& event) {
  const auto id = parse_modal_id(event.custom_id());
  if (!id) return reply_text(host, "❌ This form is not one of /admin-takeover's. Run `/admin-takeover` again.");
  const auto data = pending(host, event, id->guild_id);
  if (!data) return;
  const int at = data->value("step", 0);
  if (at != id->number) return reply_text(host, out_of_order(at));
  const auto given = event.modal_field(step(id->number)->field).value_or("");
  const std::string name = id->number == 1 ? server_name(host) : std::string();
  if (id->number == 1 && name.empty()) {
    host.session_delete(kSession, event.user_id());
    return reply_text(host, "❌ Takeover cancelled: this server's name could not be read from Discord, so it cannot be "
                            "confirmed. Nothing was changed; run `/admin-takeover` again in a minute.");
  }
  if (!answer_matches(id->number, given, name)) {
    host.session_delete(kSession, event.user_id());
    return reply_text(host, wrong_answer_text(id->number));
  }
  if (id->number == 3) return take_over(host, event);
  host.session_put(kSession, event.user_id(), {{"guild", id->guild_id}, {"step", id->number + 1}}, kSessionMs);
  host.reply(next_step_message(id->number, id->guild_id));
}

void handle(sdk::Host& host, const sdk::Event& event) {
  if (!sietch::require_admin(host, event)) return;
  if (event.kind() == ARRAKIS_EVENT_COMPONENT) return open_step(host, event);
  if (event.kind() == ARRAKIS_EVENT_MODAL) return answer(host, event);
  start(host, event);
}

}  // namespace

ARRAKIS_PLUGIN(sdk::PluginSpec(ARRAKIS_PLUGIN_NAME, ARRAKIS_PLUGIN_VERSION)
                   .command("admin-takeover", ARRAKIS_COMMAND_NO_DEFER | ARRAKIS_COMMAND_ADMIN,
                            ARRAKIS_COMMAND_DEFINITION_ADMIN_TAKEOVER)
                   // The buttons open the next modal: they answer first themselves.
                   .component("takeover_next_", ARRAKIS_COMPONENT_NO_DEFER | ARRAKIS_COMPONENT_ADMIN)
                   // The modals' answers are private new messages, whether or not a message opened them.
                   .component("takeover_step", ARRAKIS_COMPONENT_EPHEMERAL | ARRAKIS_COMPONENT_ADMIN),
               handle)
