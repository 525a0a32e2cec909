// The C host service table: every slot unpacks its arguments, forwards to the call's
// HostServices and packs results into host-owned buffers. No exception crosses into the plugin.
#include <spdlog/spdlog.h>

#include <cstddef>
#include <stdexcept>

#include "arrakis/plugin_host/host_services.hpp"

namespace arrakis::plugin_host {
namespace {

std::string_view view(arrakis_borrowed_str s) { return s.data ? std::string_view(s.data, s.size) : std::string_view(); }

// Hands a string to the plugin; freed by release_buffer.
void give(arrakis_host_buffer* out, std::string value) {
  if (!out) return;
  auto* owned = new std::string(std::move(value));
  out->data = owned->data();
  out->size = owned->size();
  out->host_handle = owned;
}

void release_buffer(arrakis_host_buffer* buffer) {
  if (!buffer) return;
  delete static_cast<std::string*>(buffer->host_handle);
  *buffer = arrakis_host_buffer{nullptr, 0, nullptr};
}

// Runs one forwarded call; a host exception becomes a retryable failure with its message.
template <typename Fn>
arrakis_status forward(arrakis_call* call, const char* slot, Fn&& fn) noexcept {
  if (!call || !call->services) return ARRAKIS_BAD_INPUT;
  try {
    call->last_error.clear();
    return fn(*call->services, *call);
  } catch (const std::invalid_argument& e) {  // the plugin passed something malformed
    call->last_error = std::string(slot) + ": " + e.what();
    return ARRAKIS_BAD_INPUT;
  } catch (const std::exception& e) {
    call->last_error = std::string(slot) + ": " + e.what();
    return ARRAKIS_RETRYABLE;
  } catch (...) {
    call->last_error = std::string(slot) + ": unknown host failure";
    return ARRAKIS_RETRYABLE;
  }
}

// Same, for slots that return a string to the plugin.
template <typename Fn>
arrakis_status forward_out(arrakis_call* call, const char* slot, arrakis_host_buffer* out, Fn&& fn) noexcept {
  if (out) *out = arrakis_host_buffer{nullptr, 0, nullptr};
  std::string value;
  const auto status = forward(call, slot, [&](HostServices& s, Call& c) { return fn(s, c, value); });
  if (status == ARRAKIS_OK) give(out, std::move(value));
  return status;
}

arrakis_status failed_call(Call& c, std::string message) {
  c.last_error = std::move(message);
  return ARRAKIS_BAD_INPUT;
}

void set_error(arrakis_call* call, arrakis_borrowed_str message) {
  if (call) call->error.assign(view(message));
}

arrakis_status last_error(arrakis_call* call, arrakis_host_buffer* out) {
  if (!call || !out) return ARRAKIS_BAD_INPUT;
  give(out, call->last_error);
  return ARRAKIS_OK;
}

arrakis_host_api make_table() {
  arrakis_host_api t{};
  t.struct_size = sizeof(arrakis_host_api);
  t.abi_major = ARRAKIS_ABI_MAJOR;
  t.abi_minor = ARRAKIS_ABI_MINOR;
  t.set_error = &set_error;
  t.last_error = &last_error;
  t.buffer_release = &release_buffer;

  t.interaction_defer = [](arrakis_call* call, uint32_t flags) {
    return forward(call, "interaction_defer", [&](HostServices& s, Call& c) { return s.interaction_defer(c, flags); });
  };
  t.interaction_reply = [](arrakis_call* call, arrakis_borrowed_str m) {
    return forward(call, "interaction_reply", [&](HostServices& s, Call& c) { return s.interaction_reply(c, view(m)); });
  };
  t.interaction_followup = [](arrakis_call* call, arrakis_borrowed_str m, arrakis_host_buffer* out) {
    return forward_out(call, "interaction_followup", out,
                       [&](HostServices& s, Call& c, std::string& v) { return s.interaction_followup(c, view(m), v); });
  };
  t.interaction_edit_original = [](arrakis_call* call, arrakis_borrowed_str m) {
    return forward(call, "interaction_edit_original",
                   [&](HostServices& s, Call& c) { return s.interaction_edit_original(c, view(m)); });
  };
  t.interaction_update_message = [](arrakis_call* call, arrakis_borrowed_str m) {
    return forward(call, "interaction_update_message",
                   [&](HostServices& s, Call& c) { return s.interaction_update_message(c, view(m)); });
  };
  t.interaction_show_modal = [](arrakis_call* call, arrakis_borrowed_str m) {
    return forward(call, "interaction_show_modal",
                   [&](HostServices& s, Call& c) { return s.interaction_show_modal(c, view(m)); });
  };
  t.interaction_autocomplete = [](arrakis_call* call, arrakis_borrowed_str m) {
    return forward(call, "interaction_autocomplete",
                   [&](HostServices& s, Call& c) { return s.interaction_autocomplete(c, view(m)); });
  };

  t.guild_add_role = [](arrakis_call* call, arrakis_borrowed_str u, arrakis_borrowed_str r, arrakis_borrowed_str why) {
    return forward(call, "guild_add_role",
                   [&](HostServices& s, Call& c) { return s.guild_add_role(c, view(u), view(r), view(why)); });
  };
  t.guild_remove_role = [](arrakis_call* call, arrakis_borrowed_str u, arrakis_borrowed_str r, arrakis_borrowed_str why) {
    return forward(call, "guild_remove_role",
                   [&](HostServices& s, Call& c) { return s.guild_remove_role(c, view(u), view(r), view(why)); });
  };
  t.guild_get_member = [](arrakis_call* call, arrakis_borrowed_str u, arrakis_host_buffer* out) {
    return forward_out(call, "guild_get_member", out,
                       [&](HostServices& s, Call& c, std::string& v) { return s.guild_get_member(c, view(u), v); });
  };
  t.guild_send_dm = [](arrakis_call* call, arrakis_borrowed_str u, arrakis_borrowed_str m) {
    return forward(call, "guild_send_dm", [&](HostServices& s, Call& c) { return s.guild_send_dm(c, view(u), view(m)); });
  };
  t.guild_post_message = [](arrakis_call* call, arrakis_borrowed_str ch, arrakis_borrowed_str m,
                            arrakis_host_buffer* out) {
    return forward_out(call, "guild_post_message", out, [&](HostServices& s, Call& c, std::string& v) {
      return s.guild_post_message(c, view(ch), view(m), v);
    });
  };

  t.state_get = [](arrakis_call* call, arrakis_borrowed_str k, arrakis_host_buffer* out) {
    return forward_out(call, "state_get", out,
                       [&](HostServices& s, Call& c, std::string& v) { return s.state_get(c, view(k), v); });
  };
  t.state_set = [](arrakis_call* call, arrakis_borrowed_str k, arrakis_borrowed_str v, uint64_t ttl) {
    return forward(call, "state_set", [&](HostServices& s, Call& c) { return s.state_set(c, view(k), view(v), ttl); });
  };
  t.state_delete = [](arrakis_call* call, arrakis_borrowed_str k) {
    return forward(call, "state_delete", [&](HostServices& s, Call& c) { return s.state_delete(c, view(k)); });
  };
  t.state_increment = [](arrakis_call* call, arrakis_borrowed_str k, int64_t d, uint64_t ttl, int64_t* out) {
    int64_t value = 0;
    auto st = forward(call, "state_increment",
                      [&](HostServices& s, Call& c) { return s.state_increment(c, view(k), d, ttl, value); });
    if (out) *out = value;
    return st;
  };
  t.cooldown_try = [](arrakis_call* call, arrakis_borrowed_str cmd, arrakis_borrowed_str u, uint64_t ms,
                      uint64_t* out) {
    uint64_t remaining = 0;
    auto st = forward(call, "cooldown_try",
                      [&](HostServices& s, Call& c) { return s.cooldown_try(c, view(cmd), view(u), ms, remaining); });
    if (out) *out = remaining;
    return st;
  };
  t.session_get = [](arrakis_call* call, arrakis_borrowed_str type, arrakis_borrowed_str u, arrakis_host_buffer* out) {
    return forward_out(call, "session_get", out,
                       [&](HostServices& s, Call& c, std::string& v) { return s.session_get(c, view(type), view(u), v); });
  };
  t.session_put = [](arrakis_call* call, arrakis_borrowed_str type, arrakis_borrowed_str u, arrakis_borrowed_str d,
                     uint64_t ttl) {
    return forward(call, "session_put",
                   [&](HostServices& s, Call& c) { return s.session_put(c, view(type), view(u), view(d), ttl); });
  };
  t.session_delete = [](arrakis_call* call, arrakis_borrowed_str type, arrakis_borrowed_str u) {
    return forward(call, "session_delete",
                   [&](HostServices& s, Call& c) { return s.session_delete(c, view(type), view(u)); });
  };
  t.rate_limit_hit = [](arrakis_call* call, arrakis_borrowed_str k, uint32_t limit, uint64_t window,
                        uint32_t* out) {
    uint32_t remaining = 0;
    auto st = forward(call, "rate_limit_hit",
                      [&](HostServices& s, Call& c) { return s.rate_limit_hit(c, view(k), limit, window, remaining); });
    if (out) *out = remaining;
    return st;
  };

  t.sql_query = [](arrakis_call* call, arrakis_borrowed_str q, arrakis_borrowed_str p, arrakis_host_buffer* out) {
    return forward_out(call, "sql_query", out,
                       [&](HostServices& s, Call& c, std::string& v) { return s.sql_query(c, view(q), view(p), v); });
  };
  t.sql_exec = [](arrakis_call* call, arrakis_borrowed_str q, arrakis_borrowed_str p, uint64_t* out) {
    uint64_t affected = 0;
    auto st = forward(call, "sql_exec", [&](HostServices& s, Call& c) { return s.sql_exec(c, view(q), view(p), affected); });
    if (out) *out = affected;
    return st;
  };
  t.sql_begin = [](arrakis_call* call) {
    return forward(call, "sql_begin", [&](HostServices& s, Call& c) { return s.sql_begin(c); });
  };
  t.sql_commit = [](arrakis_call* call) {
    return forward(call, "sql_commit", [&](HostServices& s, Call& c) { return s.sql_commit(c); });
  };
  t.sql_rollback = [](arrakis_call* call) {
    return forward(call, "sql_rollback", [&](HostServices& s, Call& c) { return s.sql_rollback(c); });
  };

  t.chain_rpc = [](arrakis_call* call, arrakis_borrowed_str m, arrakis_borrowed_str p, arrakis_host_buffer* out) {
    return forward_out(call, "chain_rpc", out,
                       [&](HostServices& s, Call& c, std::string& v) { return s.chain_rpc(c, view(m), view(p), v); });
  };
  t.http_respond = [](arrakis_call* call, uint32_t status, arrakis_borrowed_str ct, arrakis_borrowed_str body) {
    return forward(call, "http_respond",
                   [&](HostServices& s, Call& c) { return s.http_respond(c, status, view(ct), view(body)); });
  };

  t.log = [](arrakis_call* call, uint32_t level, arrakis_borrowed_str m) {
    forward(call, "log", [&](HostServices& s, Call& c) {
      s.log(c, level, view(m));
      return ARRAKIS_OK;
    });
  };
  t.metric_counter = [](arrakis_call* call, arrakis_borrowed_str n, double d) {
    forward(call, "metric_counter", [&](HostServices& s, Call& c) {
      s.metric_counter(c, view(n), d);
      return ARRAKIS_OK;
    });
  };
  t.metric_histogram = [](arrakis_call* call, arrakis_borrowed_str n, double v) {
    forward(call, "metric_histogram", [&](HostServices& s, Call& c) {
      s.metric_histogram(c, view(n), v);
      return ARRAKIS_OK;
    });
  };
  t.clock_now_ms = [](arrakis_call* call) -> int64_t {
    if (!call || !call->services) return 0;
    try {
      return call->services->clock_now_ms(*call);
    } catch (...) {
      return 0;
    }
  };
  t.config_get = [](arrakis_call* call, arrakis_borrowed_str k, arrakis_host_buffer* out) {
    return forward_out(call, "config_get", out,
                       [&](HostServices& s, Call& c, std::string& v) { return s.config_get(c, view(k), v); });
  };

  // --- 1.1
  t.guild_get = [](arrakis_call* call, arrakis_host_buffer* out) {
    return forward_out(call, "guild_get", out, [&](HostServices& s, Call& c, std::string& v) { return s.guild_get(c, v); });
  };
  t.guild_list_roles = [](arrakis_call* call, arrakis_host_buffer* out) {
    return forward_out(call, "guild_list_roles", out,
                       [&](HostServices& s, Call& c, std::string& v) { return s.guild_list_roles(c, v); });
  };
  t.guild_list_channels = [](arrakis_call* call, arrakis_host_buffer* out) {
    return forward_out(call, "guild_list_channels", out,
                       [&](HostServices& s, Call& c, std::string& v) { return s.guild_list_channels(c, v); });
  };
  t.guild_create_role = [](arrakis_call* call, arrakis_borrowed_str role, arrakis_borrowed_str why,
                           arrakis_host_buffer* out) {
    return forward_out(call, "guild_create_role", out, [&](HostServices& s, Call& c, std::string& v) {
      return s.guild_create_role(c, view(role), view(why), v);
    });
  };
  t.guild_modify_role = [](arrakis_call* call, arrakis_borrowed_str id, arrakis_borrowed_str patch,
                           arrakis_borrowed_str why, arrakis_host_buffer* out) {
    return forward_out(call, "guild_modify_role", out, [&](HostServices& s, Call& c, std::string& v) {
      return s.guild_modify_role(c, view(id), view(patch), view(why), v);
    });
  };
  t.guild_create_channel = [](arrakis_call* call, arrakis_borrowed_str channel, arrakis_borrowed_str why,
                              arrakis_host_buffer* out) {
    return forward_out(call, "guild_create_channel", out, [&](HostServices& s, Call& c, std::string& v) {
      return s.guild_create_channel(c, view(channel), view(why), v);
    });
  };
  t.guild_edit_message = [](arrakis_call* call, arrakis_borrowed_str ch, arrakis_borrowed_str id,
                            arrakis_borrowed_str m) {
    return forward(call, "guild_edit_message",
                   [&](HostServices& s, Call& c) { return s.guild_edit_message(c, view(ch), view(id), view(m)); });
  };
  t.attach_file = [](arrakis_call* call, const arrakis_file* file) {
    return forward(call, "attach_file", [&](HostServices& s, Call& c) {
      if (!file || file->struct_size < offsetof(arrakis_file, bytes) + sizeof(arrakis_borrowed_str)) {
        return failed_call(c, "attach_file needs an arrakis_file of ABI 1.1 or later");
      }
      return s.attach_file(c, StagedFile{std::string(view(file->filename)), std::string(view(file->content_type)),
                                         std::string(view(file->bytes))});
    });
  };
  t.event_publish = [](arrakis_call* call, arrakis_borrowed_str type, arrakis_borrowed_str data) {
    return forward(call, "event_publish", [&](HostServices& s, Call& c) { return s.event_publish(c, view(type), view(data)); });
  };
  t.route_tenant_bind = [](arrakis_call* call, arrakis_borrowed_str key, uint64_t ttl) {
    return forward(call, "route_tenant_bind",
                   [&](HostServices& s, Call& c) { return s.route_tenant_bind(c, view(key), ttl); });
  };
  t.interaction_delete_original = [](arrakis_call* call) {
    return forward(call, "interaction_delete_original",
                   [&](HostServices& s, Call& c) { return s.interaction_delete_original(c); });
  };
  return t;
}

}  // namespace

const arrakis_host_api* host_api_table() {
  static const arrakis_host_api table = make_table();
  return &table;
}

}  // namespace arrakis::plugin_host
