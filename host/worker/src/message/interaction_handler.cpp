#include "message/interaction_handler.hpp"

#include <spdlog/spdlog.h>

#include "arrakis/metrics.hpp"
#include "arrakis/plugin_host/invocation.hpp"
#include "message/discord_protocol.hpp"

namespace arrakis::worker {

using nlohmann::json;
using plugin_host::Invocation;

namespace {

using namespace discord_protocol;
constexpr double kDeferBudgetSeconds = 2.5;  // of the 3 s Discord gives an interaction to be acknowledged

double seconds_since(std::int64_t event_ms) {
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch()).count();
  return static_cast<double>(now - event_ms) / 1000.0;
}

}  // namespace

void InteractionHandler::tell_user(const Invocation& inv, bool deferred, bool deferred_update, bool deferred_ephemeral,
                                   const std::string& text) {
  const json msg = {{"content", text}, {"flags", kEphemeralFlag}};
  discord::RestResponse r;
  if (!deferred) {
    r = rest_.interaction_callback(inv.interaction_id, inv.interaction_token, {{"type", kChannelMessage}, {"data", msg}});
  } else if (deferred_update) {
    r = rest_.followup(inv.interaction_token, msg);
  } else if (deferred_ephemeral) {
    r = rest_.edit_original(inv.interaction_token, {{"content", text}});  // their own "thinking" becomes the answer
  } else {
    rest_.delete_original(inv.interaction_token);  // never leave a public "thinking" behind a private answer
    r = rest_.followup(inv.interaction_token, msg);
  }
  if (!r.ok()) spdlog::warn("could not tell the user ({}): Discord answered {}", inv.type, r.status);
}

InteractionHandler::Response InteractionHandler::response_for(const Invocation& inv, const json& data,
                                                              const std::optional<plugin_host::CommandInfo>& command,
                                                              const std::optional<plugin_host::ComponentRoute>& component) {
  Response r;
  if (inv.kind == ARRAKIS_EVENT_COMMAND) {
    const std::uint32_t flags = command ? command->flags : 0;
    r.defer = !(flags & ARRAKIS_COMMAND_NO_DEFER);
    r.ephemeral = flags & ARRAKIS_COMMAND_EPHEMERAL;
    r.admin = flags & ARRAKIS_COMMAND_ADMIN;
    return r;
  }
  const std::uint32_t flags = component ? component->flags : 0;
  r.defer = !(flags & ARRAKIS_COMPONENT_NO_DEFER);
  r.ephemeral = flags & ARRAKIS_COMPONENT_EPHEMERAL;
  r.admin = flags & ARRAKIS_COMPONENT_ADMIN;
  const bool on_message = data.is_object() && data.contains("messageId") && data["messageId"].is_string();
  // Components update their message silently unless declared ephemeral; a modal submit can only
  // update a message when it was opened from one.
  r.update = !r.ephemeral && (inv.kind == ARRAKIS_EVENT_COMPONENT || on_message);
  return r;
}

std::optional<Outcome> InteractionHandler::defer(Invocation& inv, const Response& response) {
  if (!response.defer) return std::nullopt;  // the plugin answers first itself
  json body = {{"type", response.update ? kDeferredUpdateMessage : kDeferredChannelMessage}};
  if (!response.update && response.ephemeral) body["data"] = {{"flags", kEphemeralFlag}};
  const auto start = std::chrono::steady_clock::now();
  auto r = rest_.interaction_callback(inv.interaction_id, inv.interaction_token, body);
  metrics::registry().histogram_observe("arrakis_defer_seconds", {},
                                        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  if (r.ok() || r.discord_code == kAlreadyAcknowledged) {  // 40060: deferred by an earlier delivery of this message
    inv.deferred = true;
    inv.deferred_update = response.update;
    inv.deferred_ephemeral = !response.update && response.ephemeral;
    return std::nullopt;
  }
  if (r.status == 404 || r.discord_code == kUnknownInteraction) {
    return Outcome::dead("defer failed: the interaction expired or is unknown (10062)");
  }
  if (r.status == 0 || r.status == 429 || r.status >= 500) return Outcome::retry("defer failed: Discord answered " + std::to_string(r.status));
  return Outcome::dead("defer failed: Discord answered " + std::to_string(r.status));
}

bool InteractionHandler::resolve_tenant(Invocation& inv, const json& data) {
  if (!inv.guild_id.empty()) {
    inv.community_id = communities_.community_for(inv.guild_id);
  } else {
    if (!dm_bindings) return false;
    const std::string message_id = data.is_object() ? data.value("messageId", std::string()) : std::string();
    auto tenant = dm_bindings->resolve(message_id, inv.user_id);
    if (!tenant) return false;
    inv.guild_id = tenant->guild_id;
    inv.community_id = tenant->community_id;
  }
  plugin_host::add_tenant_to_payload(inv);
  return true;
}

Outcome InteractionHandler::handle(const amqp::Message& message) {
  json payload = json::parse(message.body, nullptr, false);
  if (payload.is_discarded()) return Outcome::dead("malformed JSON payload");
  Invocation inv;
  try {
    inv = plugin_host::invocation_from_payload(payload);
  } catch (const plugin_host::InvalidPayload& e) {
    return Outcome::dead(std::string("invalid payload: ") + e.what());
  }
  if (inv.kind == ARRAKIS_EVENT_GUILD || inv.kind == ARRAKIS_EVENT_INTERNAL) {
    return Outcome::dead("not an interaction: " + inv.type);
  }
  if (inv.interaction_id.empty() || inv.interaction_token.empty()) {
    return Outcome::dead("interaction without interactionId or interactionToken");
  }
  const std::string event_id = payload.value("eventId", message.message_id);

  // Discord wants the first response within 3 s. One that is already older than the defer budget
  // cannot be deferred any more: don't spend a REST call learning that (it would come back 10062),
  // and don't let a backlog of dead interactions slow down the live ones.
  if (inv.kind != ARRAKIS_EVENT_AUTOCOMPLETE && payload.contains("timestamp") && payload["timestamp"].is_number() &&
      payload["timestamp"].get<std::int64_t>() > 0) {
    const double age = seconds_since(payload["timestamp"].get<std::int64_t>());
    if (age > kDeferBudgetSeconds && attempts_of(message) == 0 && !message.redelivered) {
      metrics::registry().counter_add("arrakis_interactions_expired_total");
      return Outcome::dead("interaction expired: consumed " + std::to_string(static_cast<int>(age * 1000)) +
                           " ms after Discord sent it (the first response is due within 3 s)");
    }
  }

  // A delivery whose effects already happened (a redelivery after a crash) is only acked.
  try {
    if (!event_id.empty() && state_.is_processed(event_id)) return Outcome::ack();
  } catch (const std::exception& e) {
    return Outcome::retry(std::string("idempotency check unavailable: ") + e.what());
  }

  const auto owners = plugins_.owners(inv);
  if (owners.empty()) {
    if (inv.kind != ARRAKIS_EVENT_AUTOCOMPLETE) {
      tell_user(inv, "This command isn't available right now. It may be updating — please try again in a minute.");
    }
    metrics::registry().counter_add("arrakis_unknown_interactions_total", {{"type", inv.type}});
    return Outcome::ack();
  }

  const json& data = payload.contains("data") ? payload["data"] : json();
  const auto route = inv.kind == ARRAKIS_EVENT_AUTOCOMPLETE
                         ? Response{false, false, false, false}  // answered directly by the plugin
                         : response_for(inv, data,
                                        inv.kind == ARRAKIS_EVENT_COMMAND ? plugins_.command(inv.command) : std::nullopt,
                                        inv.kind == ARRAKIS_EVENT_COMMAND ? std::nullopt : plugins_.component(inv.custom_id));

  const std::uint64_t permission_bits =
      std::strtoull(data.value("memberPermissions", std::string("0")).c_str(), nullptr, 10);
  // An admin command's autocomplete suggests nothing to a member without Administrator: its choices
  // (member nyms, grant ids) are the admin's view. The plugin re-checks as well.
  if (inv.kind == ARRAKIS_EVENT_AUTOCOMPLETE && !(permission_bits & 0x8ull)) {
    const auto command = plugins_.command(inv.command);
    if (command && (command->flags & ARRAKIS_COMMAND_ADMIN)) {
      const auto r = rest_.interaction_callback(inv.interaction_id, inv.interaction_token,
                                                {{"type", kAutocompleteResult}, {"data", {{"choices", json::array()}}}});
      if (!r.ok()) spdlog::warn("could not answer a refused autocomplete: Discord answered {}", r.status);
      metrics::registry().counter_add("arrakis_admin_autocomplete_refused_total");
      return Outcome::ack();
    }
  }

  // Checked before any defer, so a refusal is a first response only the member sees.
  if (route.admin) {
    if (!(permission_bits & 0x8ull)) {
      tell_user(inv, inv.kind == ARRAKIS_EVENT_COMMAND
                         ? "🔒 You need the Administrator permission to use /" + inv.command + "."
                         : std::string("🔒 You need the Administrator permission to do this."));
      return Outcome::ack();
    }
  }

  if (auto stop = defer(inv, route)) return *stop;

  try {
    if (!resolve_tenant(inv, data)) {
      if (inv.kind != ARRAKIS_EVENT_AUTOCOMPLETE) tell_user(inv, kNoCommunityReply);
      metrics::registry().counter_add("arrakis_unresolved_dm_interactions_total");
      return Outcome::ack();
    }
  } catch (const std::exception& e) {
    return Outcome::retry(std::string("database unavailable: ") + e.what());
  }

  inv.idempotency_key = event_id.empty() ? std::string() : plugin_host::idempotency_key(event_id, owners.front());
  const auto result = plugins_.dispatch_to(owners.front(), inv, services_);
  if (latencies) latencies->record(result.plugin, result.duration);
  metrics::registry().histogram_observe("arrakis_plugin_call_seconds",
                                        {{"plugin", result.plugin}, {"version", result.version}},
                                        std::chrono::duration<double>(result.duration).count());
  if (payload.contains("timestamp") && payload["timestamp"].is_number()) {
    metrics::registry().histogram_observe("arrakis_end_to_end_seconds", {{"queue", "interactions"}},
                                          seconds_since(payload["timestamp"].get<std::int64_t>()));
  }
  if (!result.found) return Outcome::retry("plugin " + owners.front() + " was unloaded during dispatch");
  // The plugin may have deferred by itself (a NO_DEFER command choosing its visibility).
  const bool deferred = result.deferred || inv.deferred;
  const bool deferred_ephemeral = inv.deferred ? inv.deferred_ephemeral : result.deferred_ephemeral;
  if (result.status == ARRAKIS_OK) {
    // Never leave a member looking at "thinking…", nor a NO_DEFER interaction unanswered.
    if (!result.replied && inv.kind != ARRAKIS_EVENT_AUTOCOMPLETE && !inv.deferred_update) {
      if (deferred) {
        rest_.edit_original(inv.interaction_token, {{"content", "✅ Done."}});
      } else {
        tell_user(inv, false, false, false, "✅ Done.");
      }
    }
    try {
      if (!event_id.empty()) state_.mark_processed(event_id);
    } catch (const std::exception& e) {
      spdlog::warn("could not record interaction {} as processed: {}", event_id, e.what());
    }
    return Outcome::ack();
  }
  metrics::registry().counter_add("arrakis_plugin_errors_total", {{"plugin", result.plugin}, {"version", result.version}});
  if (errors) errors->record(result.plugin, result.version, result.error);
  spdlog::warn("plugin {} {} failed on {} (status {}): {}", result.plugin, result.version, inv.type, result.status,
               result.error);
  if (result.status == ARRAKIS_RETRYABLE && attempts_of(message) + 1 < max_attempts_) {
    return Outcome::retry(result.error, result.plugin);
  }
  if (inv.kind != ARRAKIS_EVENT_AUTOCOMPLETE && !(result.replied && !deferred)) {
    tell_user(inv, deferred, inv.deferred_update, deferred_ephemeral, kErrorReply);
  }
  return Outcome::dead(result.plugin + " " + result.version + ": " + result.error, result.plugin);
}

}  // namespace arrakis::worker
