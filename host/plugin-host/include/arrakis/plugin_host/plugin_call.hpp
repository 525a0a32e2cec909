#pragma once
// One plugin call, run the same way by every caller: the worker (PluginManager), shadow runs
// (ShadowRunner), the plugin test bench and arrakis-plugin-run. run_once calls `handle`, then
// closes the call's SQL transaction (opened by the SQL service on the first statement, with the
// call's community and statement timeout): committed with the invocation's idempotency key when
// the plugin returned OK, rolled back otherwise. So tests see production's commit semantics
// (docs/plugin-abi.md "One call, one path").
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "arrakis/plugin_host/host_services.hpp"
#include "arrakis/plugin_host/loaded_plugin.hpp"

namespace arrakis::plugin_host {

class EffectRecorder;

struct DispatchResult {
  bool found = false;  // a plugin owns the invocation
  arrakis_status status = ARRAKIS_OK;
  std::string error;  // the plugin's explanation (set_error), or the commit's failure, when status != OK
  std::string plugin;
  std::string version;
  // HTTP route calls: what the plugin answered (nullopt when it did not call http_respond).
  std::optional<std::uint32_t> http_status;
  std::string http_content_type, http_body;
  bool replied = false;    // interactions: the plugin sent a reply
  bool deferred = false;   // interactions: deferred when the call ended (by the host or the plugin)
  bool deferred_ephemeral = false;
  bool duplicate = false;  // its SQL effects had already been committed by an earlier delivery
  std::chrono::nanoseconds duration{0};
  // Recording hosts (CallOptions::record): the effects the plugin asked for during this call.
  nlohmann::json effects = nlohmann::json::array();
};

// What differs between callers, as parameters rather than copies of the call.
struct CallOptions {
  // Shadow runs and dry runs: the transaction is rolled back whatever the plugin returns (no
  // idempotency key is recorded either; it lives in the same transaction).
  bool roll_back = false;
  // A recording host (the `services` of the call, or the recorder a tee writes to): cleared
  // before the call, its effects handed back in DispatchResult::effects.
  EffectRecorder* record = nullptr;
};

// load is the caller's (it holds the LoadedPlugin alive); call → commit/rollback → idempotency key
// → effects is this. A duplicate idempotency key is reported as `duplicate` with status OK (an
// earlier delivery committed the same effects); a failed commit as ARRAKIS_RETRYABLE.
DispatchResult run_once(LoadedPlugin& plugin, const Invocation& invocation, HostServices& services,
                        const CallOptions& options = {});

}  // namespace arrakis::plugin_host
