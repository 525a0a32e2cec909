#include "arrakis/plugin_host/plugin_call.hpp"

#include "arrakis/plugin_host/effect_recorder.hpp"

namespace arrakis::plugin_host {

DispatchResult run_once(LoadedPlugin& plugin, const Invocation& inv, HostServices& services,
                        const CallOptions& options) {
  if (options.record) options.record->clear();
  arrakis_call call;
  call.services = &services;
  call.invocation = &inv;
  call.deferred = inv.deferred;
  call.deferred_ephemeral = inv.deferred_ephemeral;
  call.deferred_update = inv.deferred_update;
  const arrakis_event event{sizeof(arrakis_event), inv.kind, {inv.type.data(), inv.type.size()},
                            {inv.payload_json.data(), inv.payload_json.size()}};
  DispatchResult r;
  r.found = true;
  const auto start = std::chrono::steady_clock::now();
  r.status = plugin.handle(call, event);
  if (call.sql) {
    try {
      call.sql->finish(r.status == ARRAKIS_OK && !options.roll_back);
    } catch (const DuplicateEffects&) {  // an earlier delivery committed them: done, nothing repeated
      r.duplicate = true;
    } catch (const std::exception& e) {  // the commit itself failed: the effects did not happen
      r.status = ARRAKIS_RETRYABLE;
      call.error = std::string("commit failed: ") + e.what();
    }
  }
  r.duration = std::chrono::steady_clock::now() - start;
  r.http_status = call.http_status;
  r.http_content_type = std::move(call.http_content_type);
  r.http_body = std::move(call.http_body);
  r.replied = call.replied;
  r.deferred = call.deferred;
  r.deferred_ephemeral = call.deferred_ephemeral;
  r.plugin = plugin.info().name;
  r.version = plugin.info().version;
  if (r.status != ARRAKIS_OK) r.error = call.error.empty() ? "plugin returned status " + std::to_string(r.status) : call.error;
  if (options.record) r.effects = options.record->effects();
  return r;
}

}  // namespace arrakis::plugin_host
