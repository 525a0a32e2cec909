#pragma once
// Handles one message of arrakis.events.guild: idempotent per event and per subscribed plugin,
// dispatched to every plugin subscribed to the event type. Three kinds arrive on that queue:
//   guild events (member.*, guild.*, message.*, reaction.*) from the ingestor;
//   internal events (internal.*) plugins published, relayed from the outbox: the same delivery
//     rules, the outbox row's id as eventId, the publisher's community;
//   job items (eventType schedule.*), handed to the JobHandler.
#include "arrakis/plugin_host/plugin_manager.hpp"
#include "arrakis/state_store.hpp"
#include "jobs/job_handler.hpp"
#include "message/community_cache.hpp"
#include "control/latency_tracker.hpp"
#include "control/plugin_errors.hpp"
#include "message/queue_consumer.hpp"
#include "services/worker_services.hpp"

namespace arrakis::worker {

class EventHandler : public MessageHandler {
 public:
  EventHandler(plugin_host::PluginManager& plugins, WorkerServices& services, CommunityCache& communities,
               state::StateStore& state)
      : plugins_(plugins), services_(services), communities_(communities), state_(state) {}

  Outcome handle(const amqp::Message& message) override;

  LatencyTracker* latencies = nullptr;  // recent call latencies for the admin API (optional)
  PluginErrors* errors = nullptr;       // last error per plugin for the admin API (optional)
  jobs::JobHandler* jobs = nullptr;     // job items; without it they are dead-lettered

 private:
  plugin_host::PluginManager& plugins_;
  WorkerServices& services_;
  CommunityCache& communities_;
  state::StateStore& state_;
};

}  // namespace arrakis::worker
