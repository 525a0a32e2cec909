#pragma once
// Runs one job item (docs/internal-events-and-jobs.md): the message the fan-out wrote for one firing
// of a plugin schedule (and, for a per-community schedule, one community). The EventHandler hands
// it every message whose eventType is schedule.*.
//
//  * Tenant: a per-community item runs under its community (tenant SQL pool, row-level security);
//    a global item has none and its SQL goes to the jobs role.
//  * Idempotency: "<eventId>:<plugin>" marks the item in Redis and in the call's SQL transaction,
//    so an item delivered twice has its effects once.
//  * Failure: retryable -> retried by the consumer with back-off (1 s, 5 s, 30 s, 2 min) up to the
//    schedule's max_attempts (default 5, capped by ARRAKIS_MAX_ATTEMPTS), then dead-lettered with
//    the reason; permanent -> dead-lettered at once. Items are independent messages, so one
//    community's failure never holds up another's.
#include <nlohmann/json.hpp>

#include "arrakis/amqp.hpp"
#include "arrakis/plugin_host/plugin_manager.hpp"
#include "arrakis/state_store.hpp"
#include "message/outcome.hpp"
#include "services/worker_services.hpp"

namespace arrakis::worker::jobs {

inline constexpr std::uint32_t kDefaultMaxAttempts = 5;

class JobHandler {
 public:
  JobHandler(plugin_host::PluginManager& plugins, WorkerServices& services, state::StateStore& state)
      : plugins_(plugins), services_(services), state_(state) {}

  // `item` is the message's parsed body.
  Outcome handle(const amqp::Message& message, const nlohmann::json& item);

 private:
  plugin_host::PluginManager& plugins_;
  WorkerServices& services_;
  state::StateStore& state_;
};

}  // namespace arrakis::worker::jobs
