#include "jobs/job_handler.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>

#include "arrakis/metrics.hpp"
#include "arrakis/plugin_host/invocation.hpp"
#include "message/queue_consumer.hpp"

namespace arrakis::worker::jobs {

using nlohmann::json;

namespace {

std::string text(const json& j, const char* name) {
  const auto it = j.find(name);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The schedule as the plugin's active version declares it now (nullopt: unloaded, or the schedule
// was removed since the firing).
std::optional<plugin_host::ScheduleInfo> declared(plugin_host::PluginManager& plugins, const std::string& plugin,
                                                  const std::string& schedule) {
  for (const auto& status : plugins.list()) {
    if (status.info.name != plugin) continue;
    for (const auto& s : status.info.schedules) {
      if (s.name == schedule) return s;
    }
  }
  return std::nullopt;
}

void count(const std::string& plugin, const char* outcome) {
  metrics::registry().counter_add("arrakis_job_items_total", {{"plugin", plugin}, {"outcome", outcome}});
}

}  // namespace

Outcome JobHandler::handle(const amqp::Message& message, const json& item) {
  const std::string plugin = text(item, "plugin");
  const std::string schedule = text(item, "schedule");
  const std::string event_id = text(item, "eventId");
  const std::string scope = text(item, "scope");
  if (plugin.empty() || schedule.empty() || event_id.empty()) {
    return Outcome::dead("job item without plugin, schedule or eventId");
  }
  const bool per_community = scope == "per-community";
  if (!per_community && scope != "global") return Outcome::dead("job item with unknown scope '" + scope + "'");
  if (per_community && text(item, "communityId").empty()) return Outcome::dead("per-community job item without a community");

  const auto info = declared(plugins_, plugin, schedule);
  if (!info) {
    spdlog::info("job item {} dropped: {} no longer declares schedule {}", event_id, plugin, schedule);
    count(plugin, "dropped");
    return Outcome::ack();
  }

  // Idempotency fails safe: without Redis we cannot know whether this already ran, so retry later.
  const std::string mark = plugin_host::idempotency_key(event_id, plugin);
  try {
    if (state_.is_processed(mark)) {
      count(plugin, "duplicate");
      return Outcome::ack();
    }
  } catch (const std::exception& e) {
    return Outcome::retry(std::string("idempotency check unavailable: ") + e.what());
  }

  const auto attempt = attempts_of(message) + 1;
  plugin_host::Invocation inv = plugin_host::schedule_invocation(item, attempt, info->statement_timeout_ms);
  inv.idempotency_key = mark;  // SQL effects commit at most once, even across crashes

  const auto r = plugins_.dispatch_to(plugin, inv, services_);
  if (!r.found) {
    count(plugin, "dropped");
    return Outcome::ack();  // unloaded meanwhile: nobody to run it
  }
  if (r.status == ARRAKIS_OK) {
    count(plugin, r.duplicate ? "duplicate" : "ok");
    try {
      state_.mark_processed(mark);
    } catch (const std::exception& e) {
      spdlog::warn("could not mark job item {} processed: {}", mark, e.what());
    }
    return Outcome::ack();
  }
  metrics::registry().counter_add("arrakis_plugin_errors_total", {{"plugin", r.plugin}, {"version", r.version}});
  const std::string where = per_community ? " for community " + inv.community_id : std::string();
  const std::string why = "job " + plugin + "/" + schedule + where + ": " + r.error;
  if (r.status != ARRAKIS_RETRYABLE) {
    count(plugin, "dead");
    return Outcome::dead(why, plugin);
  }
  const auto max_attempts = static_cast<std::int64_t>(info->max_attempts ? info->max_attempts : kDefaultMaxAttempts);
  if (attempt >= max_attempts) {
    count(plugin, "dead");
    return Outcome::dead("gave up after " + std::to_string(attempt) + " attempts: " + why, plugin);
  }
  count(plugin, "retry");
  return Outcome::retry(why, plugin);
}

}  // namespace arrakis::worker::jobs
