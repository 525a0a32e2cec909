// /admin-migrate check|plan|execute (administrators; every reply ephemeral): moving a community
// from an incumbent gating bot to Arrakis along shadow -> parallel -> primary -> exclusive.
// `check` lists the four readiness criteria (>= 14 shadow days, accuracy >= 95%, an incumbent bot
// configured, mode shadow or parallel); `plan` is a dry run of a strategy; `execute` asks for a
// confirmation whose 60-second window lives in a session (not in this process), so whichever
// worker replica receives the click can finish it. The buttons carry the admin's id and the
// confirmation's id: another member's click, a stale confirmation and an expired one each get
// their own answer. The Administrator bit is re-checked on the command and on every click.
// Messages and decisions: docs/commands/admin-migrate.md.
#include <arrakis/sdk.hpp>
#include <arrakis/sietch/admin.hpp>
#include <arrakis/sietch/coexistence.hpp>

#include "arrakis_plugin_commands.h"  // generated from plugins/sietch/commands.json
#include "migration.hpp"
#include "migration_render.hpp"
#include "migration_store.hpp"

namespace sdk = arrakis::sdk;
namespace sietch = arrakis::sietch;
using namespace admin_migrate;
using nlohmann::json;

namespace {

constexpr const char* kSession = "execute";   // one pending confirmation per admin (and community)
constexpr std::uint64_t kConfirmMs = 60'000;  // the confirmation window

void reply_text(sdk::Host& host, const std::string& text) {
  host.reply(sdk::Message().content(text).no_mentions().ephemeral());
}
void reply_embed(sdk::Host& host, const sdk::Embed& embed) { host.reply(sdk::Message().embed(embed).ephemeral()); }

// An integer option within [low, high], `fallback` when absent; nullopt when present but invalid.
std::optional<int> bounded(const sdk::Event& event, const std::string& name, int low, int high, int fallback) {
  const auto value = event.option(name);
  if (!value || value->is_null()) return fallback;
  if (!value->is_number_integer()) return std::nullopt;
  const auto n = value->get<long long>();
  if (n < low || n > high) return std::nullopt;
  return static_cast<int>(n);
}

// The options of plan and execute, or a reply saying what is wrong with them.
std::optional<Options> read_options(sdk::Host& host, const sdk::Event& event) {
  const auto strategy = strategy_named(event.option_string("strategy").value_or(""));
  if (!strategy) {
    reply_text(host, "❌ Choose a strategy: `instant`, `gradual`, `parallel_forever` or `arrakis_primary`.");
    return std::nullopt;
  }
  const auto batch = bounded(event, "batch_size", 10, 1000, kDefaultBatchSize);
  if (!batch) {
    reply_text(host, "❌ `batch_size` must be a whole number from 10 to 1000 (default 100).");
    return std::nullopt;
  }
  const auto days = bounded(event, "duration_days", 1, 30, kDefaultDurationDays);
  if (!days) {
    reply_text(host, "❌ `duration_days` must be a whole number from 1 to 30 (default 7).");
    return std::nullopt;
  }
  return Options{*strategy, *batch, *days};
}

void check(sdk::Host& host) {
  const auto state = sietch::read_coexistence(host);
  reply_embed(host, readiness_embed(state, evaluate(state)));
}

void plan(sdk::Host& host, const sdk::Event& event) {
  const auto options = read_options(host, event);
  if (!options) return;
  const auto state = sietch::read_coexistence(host);
  reply_embed(host, plan_embed(*options, state, evaluate(state), host.now_ms()));
}

// Identifies this confirmation among the admin's: the interaction's id (unique per command).
std::string confirmation_id(const sdk::Event& event) {
  const auto& payload = event.json();
  if (payload.contains("interactionId") && payload["interactionId"].is_string()) return payload["interactionId"];
  return event.event_id();
}

void execute(sdk::Host& host, const sdk::Event& event) {
  const auto options = read_options(host, event);
  if (!options) return;
  const auto state = sietch::read_coexistence(host);
  const auto readiness = evaluate(state);
  if (!readiness.ready()) return reply_embed(host, readiness_embed(state, readiness, true));
  if (!moves_forward(state.mode, options->strategy)) return reply_embed(host, wrong_direction_embed(*options, state.mode));
  const std::string nonce = confirmation_id(event);
  // A new confirmation replaces the admin's previous one with a fresh 60 s window (rewriting a live
  // session would keep its old expiry).
  host.session_delete(kSession, event.user_id());
  host.session_put(kSession, event.user_id(),
                   {{"confirmation", nonce},
                    {"strategy", options->strategy.name},
                    {"batchSize", options->batch_size},
                    {"durationDays", options->duration_days},
                    {"fromMode", state.mode}},
                   kConfirmMs);
  host.reply(confirm_message(*options, state.mode, event.user_id(), nonce));
}

void finish(sdk::Host& host, const std::string& admin_id, const json& pending) {
  Options options{*strategy_named(pending.value("strategy", "")), pending.value("batchSize", kDefaultBatchSize),
                  pending.value("durationDays", kDefaultDurationDays)};
  const std::string from_mode = pending.value("fromMode", "");
  const auto state = sietch::read_coexistence(host);
  if (state.mode != from_mode) return host.update_message(sdk::Message().embed(state_changed_embed(from_mode, state.mode)).clear_components());
  const auto readiness = evaluate(state);
  if (!readiness.ready()) {
    return host.update_message(sdk::Message().embed(readiness_embed(state, readiness, true)).clear_components());
  }
  const auto batches = gradual_batches(state.compared_members, options.batch_size);
  if (!apply_migration(host, options, from_mode, batches, admin_id)) {
    const auto now = sietch::read_coexistence(host);
    return host.update_message(sdk::Message().embed(state_changed_embed(from_mode, now.mode)).clear_components());
  }
  host.update_message(sdk::Message().embed(executed_embed(options, host.now_ms(), batches)).clear_components());
}

// migrate_confirm:{admin}:{confirmation} and migrate_cancel:{admin}:{confirmation}.
void click(sdk::Host& host, const sdk::Event& event) {
  const auto parts = event.custom_id_parts();
  const bool known = parts.size() == 3 && (parts[0] == "migrate_confirm" || parts[0] == "migrate_cancel") &&
                     !parts[1].empty() && !parts[2].empty();
  if (!known) return reply_text(host, "❌ This button is not one of /admin-migrate's. Run `/admin-migrate execute` again.");
  const std::string& admin = parts[1];
  if (admin != event.user_id()) {
    return reply_text(host, "❌ Only the administrator who ran `/admin-migrate execute` can answer this confirmation.");
  }
  const auto session = host.session_get(kSession, admin);
  const json pending = session && session->contains("data") ? (*session)["data"] : json();
  if (!pending.is_object()) return host.update_message(sdk::Message().embed(timed_out_embed()).clear_components());
  if (pending.value("confirmation", "") != parts[2] || !strategy_named(pending.value("strategy", ""))) {
    return host.update_message(sdk::Message().embed(timed_out_embed(true)).clear_components());
  }
  host.session_delete(kSession, admin);  // answered once: a second click finds nothing pending
  if (parts[0] == "migrate_cancel") return host.update_message(sdk::Message().embed(cancelled_embed()).clear_components());
  finish(host, admin, pending);
}

void handle(sdk::Host& host, const sdk::Event& event) {
  if (!sietch::require_admin(host, event)) return;
  if (event.kind() == ARRAKIS_EVENT_COMPONENT) return click(host, event);
  const std::string sub = event.subcommand();
  if (sub == "check") return check(host);
  if (sub == "plan") return plan(host, event);
  if (sub == "execute") return execute(host, event);
  reply_text(host, "❌ Unknown subcommand. Use `/admin-migrate check`, `plan` or `execute`.");
}

}  // namespace

ARRAKIS_PLUGIN(sdk::PluginSpec(ARRAKIS_PLUGIN_NAME, ARRAKIS_PLUGIN_VERSION)
                   .command("admin-migrate", ARRAKIS_COMMAND_EPHEMERAL | ARRAKIS_COMMAND_ADMIN,
                            ARRAKIS_COMMAND_DEFINITION_ADMIN_MIGRATE)
                   .component("migrate_", ARRAKIS_COMPONENT_ADMIN),
               handle)
