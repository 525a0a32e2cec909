#include "arrakis/plugin_host/host_services.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

namespace arrakis::plugin_host {

arrakis_status HostServices::not_available(Call& c, std::string_view service) {
  c.last_error = std::string(service) + " is not available in this host";
  return ARRAKIS_NOT_AVAILABLE;
}

arrakis_status HostServices::failed(Call& c, arrakis_status status, std::string message) {
  c.last_error = std::move(message);
  return status;
}

arrakis_status HostServices::interaction_defer(Call& c, std::uint32_t) { return not_available(c, "interaction_defer"); }
arrakis_status HostServices::interaction_reply(Call& c, std::string_view) { return not_available(c, "interaction_reply"); }
arrakis_status HostServices::interaction_followup(Call& c, std::string_view, std::string&) {
  return not_available(c, "interaction_followup");
}
arrakis_status HostServices::interaction_edit_original(Call& c, std::string_view) {
  return not_available(c, "interaction_edit_original");
}
arrakis_status HostServices::interaction_update_message(Call& c, std::string_view) {
  return not_available(c, "interaction_update_message");
}
arrakis_status HostServices::interaction_show_modal(Call& c, std::string_view) {
  return not_available(c, "interaction_show_modal");
}
arrakis_status HostServices::interaction_autocomplete(Call& c, std::string_view) {
  return not_available(c, "interaction_autocomplete");
}
arrakis_status HostServices::guild_add_role(Call& c, std::string_view, std::string_view, std::string_view) {
  return not_available(c, "guild_add_role");
}
arrakis_status HostServices::guild_remove_role(Call& c, std::string_view, std::string_view, std::string_view) {
  return not_available(c, "guild_remove_role");
}
arrakis_status HostServices::guild_get_member(Call& c, std::string_view, std::string&) {
  return not_available(c, "guild_get_member");
}
arrakis_status HostServices::guild_send_dm(Call& c, std::string_view, std::string_view) {
  return not_available(c, "guild_send_dm");
}
arrakis_status HostServices::guild_post_message(Call& c, std::string_view, std::string_view, std::string&) {
  return not_available(c, "guild_post_message");
}
arrakis_status HostServices::state_get(Call& c, std::string_view, std::string&) { return not_available(c, "state_get"); }
arrakis_status HostServices::state_set(Call& c, std::string_view, std::string_view, std::uint64_t) {
  return not_available(c, "state_set");
}
arrakis_status HostServices::state_delete(Call& c, std::string_view) { return not_available(c, "state_delete"); }
arrakis_status HostServices::state_increment(Call& c, std::string_view, std::int64_t, std::uint64_t, std::int64_t&) {
  return not_available(c, "state_increment");
}
arrakis_status HostServices::cooldown_try(Call& c, std::string_view, std::string_view, std::uint64_t, std::uint64_t&) {
  return not_available(c, "cooldown_try");
}
arrakis_status HostServices::session_get(Call& c, std::string_view, std::string_view, std::string&) {
  return not_available(c, "session_get");
}
arrakis_status HostServices::session_put(Call& c, std::string_view, std::string_view, std::string_view, std::uint64_t) {
  return not_available(c, "session_put");
}
arrakis_status HostServices::session_delete(Call& c, std::string_view, std::string_view) {
  return not_available(c, "session_delete");
}
arrakis_status HostServices::rate_limit_hit(Call& c, std::string_view, std::uint32_t, std::uint64_t, std::uint32_t&) {
  return not_available(c, "rate_limit_hit");
}
arrakis_status HostServices::sql_query(Call& c, std::string_view, std::string_view, std::string&) {
  return not_available(c, "sql_query");
}
arrakis_status HostServices::sql_exec(Call& c, std::string_view, std::string_view, std::uint64_t&) {
  return not_available(c, "sql_exec");
}
arrakis_status HostServices::sql_begin(Call& c) { return not_available(c, "sql_begin"); }
arrakis_status HostServices::sql_commit(Call& c) { return not_available(c, "sql_commit"); }
arrakis_status HostServices::sql_rollback(Call& c) { return not_available(c, "sql_rollback"); }
arrakis_status HostServices::chain_rpc(Call& c, std::string_view, std::string_view, std::string&) {
  return not_available(c, "chain_rpc");
}

arrakis_status HostServices::http_respond(Call& c, std::uint32_t status, std::string_view content_type,
                                          std::string_view body) {
  if (!c.invocation || c.invocation->kind != ARRAKIS_EVENT_HTTP) {
    return failed(c, ARRAKIS_BAD_INPUT, "http_respond is only valid while handling an HTTP route");
  }
  if (status < 100 || status > 599) return failed(c, ARRAKIS_BAD_INPUT, "HTTP status must be 100-599");
  c.http_status = status;
  c.http_content_type = content_type;
  c.http_body = body;
  return ARRAKIS_OK;
}

void HostServices::log(Call& c, std::uint32_t level, std::string_view message) {
  const auto lvl = level >= ARRAKIS_LOG_ERROR  ? spdlog::level::err
                   : level == ARRAKIS_LOG_WARN ? spdlog::level::warn
                   : level == ARRAKIS_LOG_INFO ? spdlog::level::info
                                               : spdlog::level::debug;
  spdlog::log(lvl, "[plugin {}@{}] {}", c.plugin_name, c.plugin_version, message);
}
void HostServices::metric_counter(Call&, std::string_view, double) {}
void HostServices::metric_histogram(Call&, std::string_view, double) {}
std::int64_t HostServices::clock_now_ms(Call&) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}
arrakis_status HostServices::config_get(Call& c, std::string_view key, std::string&) {
  return failed(c, ARRAKIS_NOT_FOUND, "no configuration value " + std::string(key));
}

// --- 1.1 -------------------------------------------------------------------------------------
arrakis_status HostServices::guild_get(Call& c, std::string&) { return not_available(c, "guild_get"); }
arrakis_status HostServices::guild_list_roles(Call& c, std::string&) { return not_available(c, "guild_list_roles"); }
arrakis_status HostServices::guild_list_channels(Call& c, std::string&) {
  return not_available(c, "guild_list_channels");
}
arrakis_status HostServices::guild_create_role(Call& c, std::string_view, std::string_view, std::string&) {
  return not_available(c, "guild_create_role");
}
arrakis_status HostServices::guild_modify_role(Call& c, std::string_view, std::string_view, std::string_view,
                                               std::string&) {
  return not_available(c, "guild_modify_role");
}
arrakis_status HostServices::guild_create_channel(Call& c, std::string_view, std::string_view, std::string&) {
  return not_available(c, "guild_create_channel");
}
arrakis_status HostServices::guild_edit_message(Call& c, std::string_view, std::string_view, std::string_view) {
  return not_available(c, "guild_edit_message");
}

namespace {
// Discord's own limits for message attachments (10 per message; the host caps each at 8 MiB).
constexpr std::size_t kMaxStagedFiles = 10;
constexpr std::size_t kMaxFileBytes = 8u << 20;

bool valid_filename(std::string_view name) {
  if (name.empty() || name.size() > 100 || name.front() == '.') return false;
  for (char ch : name) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.' ||
                    ch == '_' || ch == '-';
    if (!ok) return false;
  }
  return true;
}
}  // namespace

arrakis_status HostServices::attach_file(Call& c, StagedFile file) {
  if (!valid_filename(file.filename)) {
    return failed(c, ARRAKIS_BAD_INPUT, "attachment filename '" + file.filename + "' must match [A-Za-z0-9._-]{1,100}");
  }
  if (file.content_type.empty() || file.content_type.find('/') == std::string::npos) {
    return failed(c, ARRAKIS_BAD_INPUT, "attachment " + file.filename + " needs a content type such as image/png");
  }
  if (file.bytes.size() > kMaxFileBytes) {
    return failed(c, ARRAKIS_BAD_INPUT, "attachment " + file.filename + " is larger than 8 MiB");
  }
  if (c.staged_files.size() >= kMaxStagedFiles) {
    return failed(c, ARRAKIS_BAD_INPUT, "at most 10 files can be attached to one message");
  }
  for (const auto& f : c.staged_files) {
    if (f.filename == file.filename) return failed(c, ARRAKIS_BAD_INPUT, "attachment " + file.filename + " is staged twice");
  }
  c.staged_files.push_back(std::move(file));
  return ARRAKIS_OK;
}
arrakis_status HostServices::event_publish(Call& c, std::string_view, std::string_view) {
  return not_available(c, "event_publish");
}
arrakis_status HostServices::route_tenant_bind(Call& c, std::string_view, std::uint64_t) {
  return not_available(c, "route_tenant_bind");
}
arrakis_status HostServices::interaction_delete_original(Call& c) {
  return not_available(c, "interaction_delete_original");
}

}  // namespace arrakis::plugin_host
