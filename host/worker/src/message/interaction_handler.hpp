#pragma once
// Handles one message of arrakis.interactions: validate, defer exactly once (as the owning
// plugin declared), dispatch, make sure the user sees an answer, settle.
#include "arrakis/discord_rest.hpp"
#include "arrakis/plugin_host/plugin_manager.hpp"
#include "arrakis/state_store.hpp"
#include "message/community_cache.hpp"
#include "control/latency_tracker.hpp"
#include "control/plugin_errors.hpp"
#include "message/queue_consumer.hpp"
#include "services/worker_services.hpp"

namespace arrakis::worker {

class InteractionHandler : public MessageHandler {
 public:
  InteractionHandler(plugin_host::PluginManager& plugins, WorkerServices& services, discord::DiscordRest& rest,
                     CommunityCache& communities, state::StateStore& state, int max_attempts)
      : plugins_(plugins), services_(services), rest_(rest), communities_(communities), state_(state),
        max_attempts_(max_attempts) {}

  Outcome handle(const amqp::Message& message) override;

  LatencyTracker* latencies = nullptr;  // recent call latencies for the admin API (optional)
  PluginErrors* errors = nullptr;       // last error per plugin for the admin API (optional)

  static constexpr const char* kErrorReply = "❌ An error occurred while processing your command. Please try again later.";

 private:
  // Sends an ephemeral message whether or not the interaction was deferred.
  void tell_user(const plugin_host::Invocation& inv, const std::string& text);
  // Defers as the owner declared; returns an outcome when the interaction cannot go on.
  std::optional<Outcome> defer(plugin_host::Invocation& inv);

  plugin_host::PluginManager& plugins_;
  WorkerServices& services_;
  discord::DiscordRest& rest_;
  CommunityCache& communities_;
  state::StateStore& state_;
  int max_attempts_;
};

}  // namespace arrakis::worker
