#pragma once
// The real host services a plugin reaches from the worker: Discord through DiscordRest (the
// interaction token for replies, the bot token for guild operations), state through the
// StateStore (keys namespaced per plugin and community), SQL through PostgresSql under the
// event's tenant, chain RPC, metrics and configuration.
//
// Failure policy (ARCHITECTURE.md): Redis down -> cooldowns fail open, sessions and state fail
// safe (retryable); PostgreSQL down -> retryable; Discord 5xx after retries -> retryable.
#include <atomic>
#include <memory>

#include "arrakis/chain_rpc.hpp"
#include "arrakis/discord_rest.hpp"
#include "arrakis/plugin_host/host_services.hpp"
#include "arrakis/plugin_host/postgres_sql.hpp"
#include "arrakis/state_store.hpp"
#include "message/dm_bindings.hpp"

namespace arrakis::worker {

namespace routes {
class RouteTenants;
}  // namespace routes

struct ServiceDeps {
  discord::DiscordRest* rest = nullptr;
  state::StateStore* state = nullptr;
  plugin_host::PostgresSql* tenant_sql = nullptr;  // app role, row-level security
  plugin_host::PostgresSql* admin_sql = nullptr;   // admin role, for scheduled jobs
  chain::ChainRpc* chain = nullptr;                // may be null when no endpoint is configured
  DmBindings* dm_bindings = nullptr;               // records which community each DM belongs to (may be null)
  routes::RouteTenants* route_tenants = nullptr;   // route_tenant_bind's index (null: the slot is not available)
};

class WorkerServices : public plugin_host::HostServices {
 public:
  explicit WorkerServices(ServiceDeps deps) : d_(deps) {}

  using Call = plugin_host::Call;
  arrakis_status interaction_defer(Call& c, std::uint32_t flags) override;
  arrakis_status interaction_reply(Call& c, std::string_view message_json) override;
  arrakis_status interaction_followup(Call& c, std::string_view message_json, std::string& out) override;
  arrakis_status interaction_edit_original(Call& c, std::string_view message_json) override;
  arrakis_status interaction_update_message(Call& c, std::string_view message_json) override;
  arrakis_status interaction_show_modal(Call& c, std::string_view modal_json) override;
  arrakis_status interaction_autocomplete(Call& c, std::string_view choices_json) override;
  arrakis_status guild_add_role(Call& c, std::string_view user, std::string_view role, std::string_view reason) override;
  arrakis_status guild_remove_role(Call& c, std::string_view user, std::string_view role,
                                   std::string_view reason) override;
  arrakis_status guild_get_member(Call& c, std::string_view user, std::string& out) override;
  arrakis_status guild_send_dm(Call& c, std::string_view user, std::string_view message_json) override;
  arrakis_status guild_post_message(Call& c, std::string_view channel, std::string_view message_json,
                                    std::string& out) override;
  arrakis_status state_get(Call& c, std::string_view key, std::string& out) override;
  arrakis_status state_set(Call& c, std::string_view key, std::string_view value, std::uint64_t ttl_ms) override;
  arrakis_status state_delete(Call& c, std::string_view key) override;
  arrakis_status state_increment(Call& c, std::string_view key, std::int64_t delta, std::uint64_t ttl_ms,
                                 std::int64_t& out) override;
  arrakis_status cooldown_try(Call& c, std::string_view command, std::string_view user, std::uint64_t cooldown_ms,
                              std::uint64_t& out_remaining_ms) override;
  arrakis_status session_get(Call& c, std::string_view type, std::string_view user, std::string& out) override;
  arrakis_status session_put(Call& c, std::string_view type, std::string_view user, std::string_view data_json,
                             std::uint64_t ttl_ms) override;
  arrakis_status session_delete(Call& c, std::string_view type, std::string_view user) override;
  arrakis_status rate_limit_hit(Call& c, std::string_view key, std::uint32_t limit, std::uint64_t window_ms,
                                std::uint32_t& out_remaining) override;
  arrakis_status sql_query(Call& c, std::string_view sql, std::string_view params_json, std::string& out) override;
  arrakis_status sql_exec(Call& c, std::string_view sql, std::string_view params_json, std::uint64_t& out) override;
  arrakis_status sql_begin(Call& c) override;
  arrakis_status sql_commit(Call& c) override;
  arrakis_status sql_rollback(Call& c) override;
  arrakis_status chain_rpc(Call& c, std::string_view method, std::string_view params_json, std::string& out) override;
  void metric_counter(Call& c, std::string_view name, double delta) override;
  void metric_histogram(Call& c, std::string_view name, double value) override;
  arrakis_status config_get(Call& c, std::string_view key, std::string& out) override;

  // ABI 1.1. Guild administration and message edits: services/guild_operations.cpp.
  arrakis_status guild_get(Call& c, std::string& out) override;
  arrakis_status guild_list_roles(Call& c, std::string& out) override;
  arrakis_status guild_list_channels(Call& c, std::string& out) override;
  arrakis_status guild_create_role(Call& c, std::string_view role_json, std::string_view reason,
                                   std::string& out) override;
  arrakis_status guild_modify_role(Call& c, std::string_view role_id, std::string_view patch_json,
                                   std::string_view reason, std::string& out) override;
  arrakis_status guild_create_channel(Call& c, std::string_view channel_json, std::string_view reason,
                                      std::string& out) override;
  arrakis_status guild_edit_message(Call& c, std::string_view channel, std::string_view message_id,
                                    std::string_view message_json) override;
  arrakis_status interaction_delete_original(Call& c) override;
  // Plugin-to-plugin events through the outbox: services/event_publish.cpp.
  arrakis_status event_publish(Call& c, std::string_view type, std::string_view data_json) override;
  // HTTP route tenants: services/route_tenant_bind.cpp.
  arrakis_status route_tenant_bind(Call& c, std::string_view key, std::uint64_t ttl_ms) override;

 private:
  // Maps a REST answer to a status, keeping Discord's explanation for the plugin.
  static arrakis_status from_rest(Call& c, const discord::RestResponse& r, const char* what);
  // The files staged with attach_file, taken for the message about to be sent (the call's list is
  // emptied: each staged file goes out with exactly one message).
  static discord::Files take_files(Call& c);
  // The call's guild, or empty after explaining (ARRAKIS_BAD_INPUT) that the call has none.
  static const std::string* call_guild(Call& c);
  // Sends `send(guild)` for the call's guild, hands Discord's answer to the plugin in `out` and maps
  // it to a status (services/guild_operations.cpp).
  template <typename Send>
  arrakis_status on_call_guild(Call& c, std::string& out, const char* what, Send&& send);
  template <typename Fn>
  arrakis_status with_state(Call& c, Fn&& fn);
  plugin_host::PostgresSql* sql_for(const Call& c) const;
  static std::string scoped_key(const Call& c, std::string_view key);

  ServiceDeps d_;
};

}  // namespace arrakis::worker
