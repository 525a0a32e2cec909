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
constexpr double kDeferBudgetSeconds = 2.5;  // domain.md 5.2: defer budget 2500 ms of Discord's 3 s

double seconds_since(std::int64_t event_ms) {
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch()).count();
  return static_cast<double>(now - event_ms) / 1000.0;
}

}  // namespace

void InteractionHandler::tell_user(const Invocation& inv, const std::string& text) {
  const json msg = {{"content", text}, {"flags", 64}};
  discord::RestResponse r;
  if (inv.deferred) {
    r = rest_.followup(inv.interaction_token, msg);
  } else {
    r = rest_.interaction_callback(inv.interaction_id, inv.interaction_token, {{"type", kChannelMessage}, {"data", msg}});
  }
  if (!r.ok()) spdlog::warn("could not tell the user ({}): Discord answered {}", inv.type, r.status);
}

std::optional<Outcome> InteractionHandler::defer(Invocation& inv) {
  json body;
  if (inv.kind == ARRAKIS_EVENT_COMMAND) {
    auto cmd = plugins_.command(inv.command);
    if (cmd && (cmd->flags & ARRAKIS_COMMAND_NO_DEFER)) return std::nullopt;  // the plugin answers first itself
    body = {{"type", kDeferredChannelMessage}};
    if (cmd && (cmd->flags & ARRAKIS_COMMAND_EPHEMERAL)) body["data"] = {{"flags", 64}};
  } else {
    body = {{"type", kDeferredUpdateMessage}};  // components and modal submits: no loading state
  }
  const auto start = std::chrono::steady_clock::now();
  auto r = rest_.interaction_callback(inv.interaction_id, inv.interaction_token, body);
  metrics::registry().histogram_observe("arrakis_defer_seconds", {},
                                        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  if (r.ok() || r.discord_code == kAlreadyAcknowledged) {  // 40060: deferred by an earlier delivery of this message
    inv.deferred = true;
    return std::nullopt;
  }
  if (r.status == 404 || r.discord_code == kUnknownInteraction) {
    return Outcome::dead("defer failed: the interaction expired or is unknown (10062)");
  }
  if (r.status == 0 || r.status == 429 || r.status >= 500) return Outcome::retry("defer failed: Discord answered " + std::to_string(r.status));
  return Outcome::dead("defer failed: Discord answered " + std::to_string(r.status));
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
  if (inv.kind == ARRAKIS_EVENT_GUILD) return Outcome::dead("not an interaction: " + inv.type);
  inv.interaction_id = payload.value("interactionId", "");
  inv.interaction_token = payload.value("interactionToken", "");
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

  // Autocomplete is answered directly by the plugin (no defer); everything else is deferred at once.
  if (inv.kind != ARRAKIS_EVENT_AUTOCOMPLETE) {
    if (auto stop = defer(inv)) return *stop;
  }

  if (inv.kind == ARRAKIS_EVENT_COMMAND) {
    auto cmd = plugins_.command(inv.command);
    const auto perms = payload["data"].value("memberPermissions", std::string("0"));
    std::uint64_t bits = 0;
    try {
      bits = std::stoull(perms);
    } catch (...) {
    }
    if (cmd && (cmd->flags & ARRAKIS_COMMAND_ADMIN) && !(bits & 0x8ull)) {
      tell_user(inv, "🔒 You need the Administrator permission to use /" + inv.command + ".");
      return Outcome::ack();
    }
  }

  try {
    if (!inv.guild_id.empty()) inv.community_id = communities_.community_for(inv.guild_id);
  } catch (const std::exception& e) {
    return Outcome::retry(std::string("database unavailable: ") + e.what());
  }

  inv.idempotency_key = event_id.empty() ? std::string() : event_id + ":" + owners.front();
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
  if (result.status == ARRAKIS_OK) {
    if (!result.replied && inv.deferred && inv.kind == ARRAKIS_EVENT_COMMAND) {
      // Never leave a member looking at "thinking…".
      rest_.edit_original(inv.interaction_token, {{"content", "✅ Done."}});
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
  tell_user(inv, kErrorReply);
  return Outcome::dead(result.plugin + " " + result.version + ": " + result.error, result.plugin);
}

}  // namespace arrakis::worker
