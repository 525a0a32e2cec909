#include "message/event_handler.hpp"

#include <spdlog/spdlog.h>

#include "arrakis/metrics.hpp"
#include "arrakis/plugin_host/invocation.hpp"

namespace arrakis::worker {

using nlohmann::json;

Outcome EventHandler::handle(const amqp::Message& message) {
  json payload = json::parse(message.body, nullptr, false);
  if (payload.is_discarded()) return Outcome::dead("malformed JSON payload");
  if (payload.is_object() && payload.contains("eventType") && payload["eventType"].is_string() &&
      payload["eventType"].get_ref<const std::string&>().rfind("schedule.", 0) == 0) {
    if (!jobs) return Outcome::dead("job item, but this worker runs no jobs");
    return jobs->handle(message, payload);
  }
  plugin_host::Invocation inv;
  try {
    inv = plugin_host::invocation_from_payload(payload);
  } catch (const plugin_host::InvalidPayload& e) {
    return Outcome::dead(std::string("invalid payload: ") + e.what());
  }
  const bool internal = inv.kind == ARRAKIS_EVENT_INTERNAL;
  if (inv.kind != ARRAKIS_EVENT_GUILD && !internal) return Outcome::dead("not a guild or internal event: " + inv.type);
  const std::string event_id = payload.value("eventId", message.message_id);
  if (event_id.empty()) return Outcome::dead("event without eventId");

  // Idempotency fails safe: without Redis we cannot know whether this already ran, so retry later.
  try {
    if (state_.is_processed(event_id)) {
      metrics::registry().counter_add("arrakis_duplicate_events_total");
      return Outcome::ack();
    }
  } catch (const std::exception& e) {
    return Outcome::retry(std::string("idempotency check unavailable: ") + e.what());
  }

  const auto subscribers = plugins_.owners(inv);
  if (subscribers.empty()) return Outcome::ack();
  if (internal) {
    // The publisher's community (invocation_from_payload took it from the payload).
    if (inv.community_id.empty()) return Outcome::dead("internal event without a communityId");
  } else {
    try {
      if (!inv.guild_id.empty()) inv.community_id = communities_.community_for(inv.guild_id);
    } catch (const std::exception& e) {
      return Outcome::retry(std::string("database unavailable: ") + e.what());
    }
    plugin_host::add_tenant_to_payload(inv);  // the envelope's communityId (plugin_events.h)
  }

  std::optional<Outcome> failure;
  for (const auto& plugin : subscribers) {
    // Per-plugin marks let a retry skip the plugins that already succeeded on this event.
    const std::string mark = plugin_host::idempotency_key(event_id, plugin);
    try {
      if (state_.is_processed(mark)) continue;
    } catch (const std::exception& e) {
      return Outcome::retry(std::string("idempotency check unavailable: ") + e.what());
    }
    inv.idempotency_key = mark;  // SQL effects commit at most once, even across crashes
    const auto r = plugins_.dispatch_to(plugin, inv, services_);
    if (latencies) latencies->record(r.plugin, r.duration);
    metrics::registry().histogram_observe("arrakis_plugin_call_seconds", {{"plugin", r.plugin}, {"version", r.version}},
                                          std::chrono::duration<double>(r.duration).count());
    if (!r.found) continue;  // unloaded meanwhile: nobody to run it
    if (r.status == ARRAKIS_OK) {
      try {
        state_.mark_processed(mark);
      } catch (const std::exception& e) {
        spdlog::warn("could not mark {} processed: {}", mark, e.what());
      }
      continue;
    }
    metrics::registry().counter_add("arrakis_plugin_errors_total", {{"plugin", r.plugin}, {"version", r.version}});
    if (errors) errors->record(r.plugin, r.version, r.error);
    const std::string why = r.plugin + " " + r.version + ": " + r.error;
    if (r.status == ARRAKIS_RETRYABLE) {
      if (!failure) failure = Outcome::retry(why, r.plugin);
    } else {
      failure = Outcome::dead(why, r.plugin);  // permanent or bad input: retrying cannot help
    }
  }
  if (failure) return *failure;
  try {
    state_.mark_processed(event_id);
  } catch (const std::exception& e) {
    spdlog::warn("could not mark event {} processed: {}", event_id, e.what());
  }
  return Outcome::ack();
}

}  // namespace arrakis::worker
