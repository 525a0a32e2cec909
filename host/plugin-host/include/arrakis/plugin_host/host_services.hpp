#pragma once
// The C++ side of the host service table. Each slot of arrakis_host_api (plugin.h) forwards to a
// virtual method of HostServices for the call's services object, so the same plugin can run
// against the real world (the worker), a recorder (tests, self-tests, shadow runs) or a mix.
// Every method has a default that answers ARRAKIS_NOT_AVAILABLE with a clear reason, so a slot a
// host does not offer never crashes a plugin.
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "arrakis/plugin.h"

namespace arrakis::plugin_host {

// One thing a plugin is asked to handle, with what the host knows about its tenant.
struct Invocation {
  std::uint32_t kind = ARRAKIS_EVENT_COMMAND;  // ARRAKIS_EVENT_*
  std::string type;                            // routing key: "interaction.command.naib", "member.join", ...
  std::string payload_json;                    // handed to the plugin as event.json
  std::string guild_id;
  std::string community_id;  // tenant for SQL row-level security ("" = none resolved)
  std::string user_id;
  // Routing keys, filled by whoever builds the invocation (the consumer parses the payload once):
  std::string command;    // commands and autocomplete: the command name
  std::string custom_id;  // components and modals
  std::string http_method, http_path;  // HTTP routes
  std::string schedule;   // schedules: the schedule's name (the plugin is chosen by the scheduler)
  // Interactions, host-only (never in payload_json): how to answer and whether the host already
  // deferred (then a plugin's reply edits the deferred response).
  std::string interaction_id;
  std::string interaction_token;
  bool deferred = false;
  // When set, the call's SQL transaction also records this key and commits only if it was new:
  // a redelivered message's second run rolls back instead of repeating its SQL effects.
  std::string idempotency_key;
  // Interactions: how the host deferred (so a plugin's later answers take the right route):
  // ephemeral "thinking" (type 5 with flag 64), or a silent update of the component's message (type 6).
  bool deferred_ephemeral = false;
  bool deferred_update = false;
  // Schedules: per-statement timeout for the job's SQL (0 = the SQL service's default).
  std::uint32_t statement_timeout_ms = 0;
};

// A file staged with attach_file, sent with the call's next message.
struct StagedFile {
  std::string filename;
  std::string content_type;
  std::string bytes;
};

// An internal event published during a call (event_publish); relayed only if the call commits.
struct PublishedEvent {
  std::string type;  // "internal.<name>"
  std::string data_json;
};

class HostServices;

// A plugin's SQL work during one call: owned by the call, created by the SQL service on first use.
class SqlSession {
 public:
  virtual ~SqlSession() = default;
  // Commits or rolls back the call's transaction. Throws DuplicateEffects when the invocation's
  // idempotency key was already committed (the transaction is rolled back).
  virtual void finish(bool commit) = 0;
};

struct DuplicateEffects : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace arrakis::plugin_host

// What the opaque arrakis_call of plugin.h is, on the host side.
struct arrakis_call {
  arrakis::plugin_host::HostServices* services = nullptr;
  const arrakis::plugin_host::Invocation* invocation = nullptr;
  std::string_view plugin_name;     // points into the loaded plugin's info, alive during the call
  std::string_view plugin_version;
  std::string error;       // what the plugin said with set_error
  std::string last_error;  // why the last host function failed
  std::unique_ptr<arrakis::plugin_host::SqlSession> sql;
  // Interactions: whether the plugin's first reply was sent (later replies become follow-ups).
  bool replied = false;
  // Interactions: whether the response is deferred — by the host before the call (copied from
  // the invocation) or by the plugin's own interaction_defer — and with which visibility.
  bool deferred = false;
  bool deferred_ephemeral = false;
  bool deferred_update = false;  // deferred with type 6: @original is the component's message
  // Files staged for the next message (attach_file).
  std::vector<arrakis::plugin_host::StagedFile> staged_files;
  // For HTTP calls: what the plugin answered.
  std::optional<std::uint32_t> http_status;
  std::string http_content_type, http_body;
};

namespace arrakis::plugin_host {

using Call = arrakis_call;

class HostServices {
 public:
  virtual ~HostServices() = default;

  // Interaction responses.
  virtual arrakis_status interaction_defer(Call& c, std::uint32_t flags);
  virtual arrakis_status interaction_reply(Call& c, std::string_view message_json);
  virtual arrakis_status interaction_followup(Call& c, std::string_view message_json, std::string& out_message);
  virtual arrakis_status interaction_edit_original(Call& c, std::string_view message_json);
  virtual arrakis_status interaction_update_message(Call& c, std::string_view message_json);
  virtual arrakis_status interaction_show_modal(Call& c, std::string_view modal_json);
  virtual arrakis_status interaction_autocomplete(Call& c, std::string_view choices_json);

  // Guild operations.
  virtual arrakis_status guild_add_role(Call& c, std::string_view user, std::string_view role, std::string_view reason);
  virtual arrakis_status guild_remove_role(Call& c, std::string_view user, std::string_view role, std::string_view reason);
  virtual arrakis_status guild_get_member(Call& c, std::string_view user, std::string& out_member);
  virtual arrakis_status guild_send_dm(Call& c, std::string_view user, std::string_view message_json);
  virtual arrakis_status guild_post_message(Call& c, std::string_view channel, std::string_view message_json,
                                            std::string& out_message);

  // State.
  virtual arrakis_status state_get(Call& c, std::string_view key, std::string& out_value);
  virtual arrakis_status state_set(Call& c, std::string_view key, std::string_view value, std::uint64_t ttl_ms);
  virtual arrakis_status state_delete(Call& c, std::string_view key);
  virtual arrakis_status state_increment(Call& c, std::string_view key, std::int64_t delta, std::uint64_t ttl_ms,
                                         std::int64_t& out_value);
  virtual arrakis_status cooldown_try(Call& c, std::string_view command, std::string_view user,
                                      std::uint64_t cooldown_ms, std::uint64_t& out_remaining_ms);
  virtual arrakis_status session_get(Call& c, std::string_view type, std::string_view user, std::string& out_json);
  virtual arrakis_status session_put(Call& c, std::string_view type, std::string_view user, std::string_view data_json,
                                     std::uint64_t ttl_ms);
  virtual arrakis_status session_delete(Call& c, std::string_view type, std::string_view user);
  virtual arrakis_status rate_limit_hit(Call& c, std::string_view key, std::uint32_t limit, std::uint64_t window_ms,
                                        std::uint32_t& out_remaining);

  // SQL.
  virtual arrakis_status sql_query(Call& c, std::string_view sql, std::string_view params_json, std::string& out_rows);
  virtual arrakis_status sql_exec(Call& c, std::string_view sql, std::string_view params_json,
                                  std::uint64_t& out_affected);
  virtual arrakis_status sql_begin(Call& c);
  virtual arrakis_status sql_commit(Call& c);
  virtual arrakis_status sql_rollback(Call& c);

  // Chain.
  virtual arrakis_status chain_rpc(Call& c, std::string_view method, std::string_view params_json,
                                   std::string& out_result);

  // HTTP routes: the default stores the answer in the call (the HTTP server reads it).
  virtual arrakis_status http_respond(Call& c, std::uint32_t status, std::string_view content_type,
                                      std::string_view body);

  // Observability, time, configuration. Defaults: spdlog, no metrics, the system clock, nothing set.
  virtual void log(Call& c, std::uint32_t level, std::string_view message);
  virtual void metric_counter(Call& c, std::string_view name, double delta);
  virtual void metric_histogram(Call& c, std::string_view name, double value);
  virtual std::int64_t clock_now_ms(Call& c);
  virtual arrakis_status config_get(Call& c, std::string_view key, std::string& out_value);

  // --- 1.1 ---------------------------------------------------------------------------------
  virtual arrakis_status guild_get(Call& c, std::string& out_guild);
  virtual arrakis_status guild_list_roles(Call& c, std::string& out_roles);
  virtual arrakis_status guild_list_channels(Call& c, std::string& out_channels);
  virtual arrakis_status guild_create_role(Call& c, std::string_view role_json, std::string_view reason,
                                           std::string& out_role);
  virtual arrakis_status guild_modify_role(Call& c, std::string_view role_id, std::string_view patch_json,
                                           std::string_view reason, std::string& out_role);
  virtual arrakis_status guild_create_channel(Call& c, std::string_view channel_json, std::string_view reason,
                                              std::string& out_channel);
  virtual arrakis_status guild_edit_message(Call& c, std::string_view channel, std::string_view message_id,
                                            std::string_view message_json);
  // Default: validates and stages the file in the call (every host sends staged files the same way).
  virtual arrakis_status attach_file(Call& c, StagedFile file);
  virtual arrakis_status event_publish(Call& c, std::string_view type, std::string_view data_json);
  virtual arrakis_status route_tenant_bind(Call& c, std::string_view key, std::uint64_t ttl_ms);
  virtual arrakis_status interaction_delete_original(Call& c);

 protected:
  // Sets call.last_error and returns ARRAKIS_NOT_AVAILABLE.
  static arrakis_status not_available(Call& c, std::string_view service);
  static arrakis_status failed(Call& c, arrakis_status status, std::string message);
};

// The C table whose slots forward to call->services. One static table serves every plugin.
const arrakis_host_api* host_api_table();

}  // namespace arrakis::plugin_host
