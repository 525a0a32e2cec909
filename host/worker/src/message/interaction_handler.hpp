#pragma once
// Handles one message of arrakis.interactions: validate, defer exactly once (as the owning
// plugin declared), dispatch, make sure the user sees an answer, settle.
#include "arrakis/discord_rest.hpp"
#include "arrakis/plugin_host/plugin_manager.hpp"
#include "arrakis/state_store.hpp"
#include "message/community_cache.hpp"
#include "message/dm_bindings.hpp"
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

  DmBindings* dm_bindings = nullptr;   // resolves DM interactions to their community (optional)
  LatencyTracker* latencies = nullptr;  // recent call latencies for the admin API (optional)
  PluginErrors* errors = nullptr;       // last error per plugin for the admin API (optional)

  static constexpr const char* kErrorReply = "❌ An error occurred while processing your command. Please try again later.";
  static constexpr const char* kNoCommunityReply =
      "I couldn't tell which community this belongs to. Please run the command again from your server.";

  // How the host answers an interaction before its plugin runs, from the owner's declaration.
  struct Response {
    bool defer = true;       // false: the plugin answers first itself (NO_DEFER)
    bool update = false;     // a silent update of the component's message (type 6)
    bool ephemeral = false;  // a "thinking" response only the user sees (type 5, flag 64)
    bool admin = false;      // the Administrator bit is checked first
  };
  // What the declaration of a command, component or modal asks for. Modal submits of a modal a
  // slash command opened cannot be updates (Discord accepts type 6 only when there is a message).
  static Response response_for(const plugin_host::Invocation& inv, const nlohmann::json& data,
                               const std::optional<plugin_host::CommandInfo>& command,
                               const std::optional<plugin_host::ComponentRoute>& component);

 private:
  // Tells the user something only they see, whatever state the response is in: a first response,
  // an edit of their own "thinking", or (after a public defer) removing the public placeholder first.
  void tell_user(const plugin_host::Invocation& inv, bool deferred, bool deferred_update, bool deferred_ephemeral,
                 const std::string& text);
  void tell_user(const plugin_host::Invocation& inv, const std::string& text) {
    tell_user(inv, inv.deferred, inv.deferred_update, inv.deferred_ephemeral, text);
  }
  // Defers as the owner declared; returns an outcome when the interaction cannot go on.
  std::optional<Outcome> defer(plugin_host::Invocation& inv, const Response& response);
  // Sets the invocation's community (and, for a DM, its guild); false when a DM cannot be placed.
  bool resolve_tenant(plugin_host::Invocation& inv, const nlohmann::json& data);

  plugin_host::PluginManager& plugins_;
  WorkerServices& services_;
  discord::DiscordRest& rest_;
  CommunityCache& communities_;
  state::StateStore& state_;
  int max_attempts_;
};

}  // namespace arrakis::worker
