// RAII wrappers over the host service table for one hook call. Failed host calls throw the
// matching sdk error (caught by the barrier), except where "absent" or "limited" is an ordinary
// answer (state_get, session_get, cooldown, rate limit), which come back as values.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "arrakis/plugin.h"
#include "arrakis/sdk/builders.hpp"
#include "arrakis/sdk/errors.hpp"

namespace arrakis::sdk {

inline arrakis_borrowed_str borrow(std::string_view s) { return arrakis_borrowed_str{s.data(), s.size()}; }

// Owns one arrakis_host_buffer and gives it back to the host when destroyed.
class HostBuffer {
 public:
  explicit HostBuffer(const arrakis_host_api* api) : api_(api) {}
  HostBuffer(const HostBuffer&) = delete;
  HostBuffer& operator=(const HostBuffer&) = delete;
  ~HostBuffer() {
    if (buffer_.host_handle || buffer_.data) api_->buffer_release(&buffer_);
  }
  arrakis_host_buffer* out() { return &buffer_; }
  std::string str() const { return std::string(buffer_.data ? buffer_.data : "", buffer_.size); }

 private:
  const arrakis_host_api* api_;
  arrakis_host_buffer buffer_{nullptr, 0, nullptr};
};

struct Cooldown {
  bool acquired;
  std::uint64_t remaining_ms;
};

class Host {
 public:
  Host(const arrakis_host_api* api, arrakis_call* call) : api_(api), call_(call) {}

  const arrakis_host_api* api() const { return api_; }
  arrakis_call* call() const { return call_; }

  // --- interaction responses
  // With a command declared ARRAKIS_COMMAND_NO_DEFER (or a component with
  // ARRAKIS_COMPONENT_NO_DEFER), the plugin picks the visibility per invocation here.
  void defer(bool ephemeral) { check(api_->interaction_defer(call_, ephemeral ? ARRAKIS_EPHEMERAL : 0u), "defer"); }
  // An ephemeral reply to a publicly deferred command reaches only the user: the host removes the
  // public placeholder and answers ephemerally.
  void reply(const Message& m) {
    stage_files(m);
    check(api_->interaction_reply(call_, borrow(m.dump())), "reply");
  }
  nlohmann::json followup(const Message& m) {
    stage_files(m);
    HostBuffer out(api_);
    check(api_->interaction_followup(call_, borrow(m.dump()), out.out()), "follow-up");
    return parse_or_null(out.str());
  }
  void edit_original(const Message& m) {
    stage_files(m);
    check(api_->interaction_edit_original(call_, borrow(m.dump())), "edit original");
  }
  void update_message(const Message& m) {
    stage_files(m);
    check(api_->interaction_update_message(call_, borrow(m.dump())), "update message");
  }
  void delete_original() {
    require(ARRAKIS_HAS_SLOT(api_, interaction_delete_original), "interaction_delete_original");
    check(api_->interaction_delete_original(call_), "delete original");
  }
  void show_modal(const Modal& m) { check(api_->interaction_show_modal(call_, borrow(m.dump())), "show modal"); }
  void autocomplete(const Choices& c) { check(api_->interaction_autocomplete(call_, borrow(c.dump())), "autocomplete"); }

  // --- guild operations
  void add_role(const std::string& user_id, const std::string& role_id, const std::string& reason = "") {
    check(api_->guild_add_role(call_, borrow(user_id), borrow(role_id), borrow(reason)), "add role");
  }
  void remove_role(const std::string& user_id, const std::string& role_id, const std::string& reason = "") {
    check(api_->guild_remove_role(call_, borrow(user_id), borrow(role_id), borrow(reason)), "remove role");
  }
  std::optional<nlohmann::json> member(const std::string& user_id) {
    HostBuffer out(api_);
    const auto s = api_->guild_get_member(call_, borrow(user_id), out.out());
    if (s == ARRAKIS_NOT_FOUND) return std::nullopt;
    check(s, "get member");
    return parse_or_null(out.str());
  }
  // A DM sent through the host remembers which community sent it, so a click on its buttons is
  // served under that community.
  void send_dm(const std::string& user_id, const Message& m) {
    stage_files(m);
    check(api_->guild_send_dm(call_, borrow(user_id), borrow(m.dump())), "send DM");
  }
  nlohmann::json post_message(const std::string& channel_id, const Message& m) {
    stage_files(m);
    HostBuffer out(api_);
    check(api_->guild_post_message(call_, borrow(channel_id), borrow(m.dump()), out.out()), "post message");
    return parse_or_null(out.str());
  }

  // --- guild operations (ABI 1.1; NotAvailableError on an older host)
  nlohmann::json guild() { return read_slot(ARRAKIS_HAS_SLOT(api_, guild_get), "guild_get", [&](arrakis_host_buffer* o) { return api_->guild_get(call_, o); }); }
  nlohmann::json roles() {
    return read_slot(ARRAKIS_HAS_SLOT(api_, guild_list_roles), "guild_list_roles",
                     [&](arrakis_host_buffer* o) { return api_->guild_list_roles(call_, o); });
  }
  nlohmann::json channels() {
    return read_slot(ARRAKIS_HAS_SLOT(api_, guild_list_channels), "guild_list_channels",
                     [&](arrakis_host_buffer* o) { return api_->guild_list_channels(call_, o); });
  }
  nlohmann::json create_role(const nlohmann::json& role, const std::string& reason = "") {
    const std::string body = role.dump();
    return read_slot(ARRAKIS_HAS_SLOT(api_, guild_create_role), "guild_create_role", [&](arrakis_host_buffer* o) {
      return api_->guild_create_role(call_, borrow(body), borrow(reason), o);
    });
  }
  nlohmann::json modify_role(const std::string& role_id, const nlohmann::json& patch, const std::string& reason = "") {
    const std::string body = patch.dump();
    return read_slot(ARRAKIS_HAS_SLOT(api_, guild_modify_role), "guild_modify_role", [&](arrakis_host_buffer* o) {
      return api_->guild_modify_role(call_, borrow(role_id), borrow(body), borrow(reason), o);
    });
  }
  nlohmann::json create_channel(const nlohmann::json& channel, const std::string& reason = "") {
    const std::string body = channel.dump();
    return read_slot(ARRAKIS_HAS_SLOT(api_, guild_create_channel), "guild_create_channel", [&](arrakis_host_buffer* o) {
      return api_->guild_create_channel(call_, borrow(body), borrow(reason), o);
    });
  }
  void edit_message(const std::string& channel_id, const std::string& message_id, const Message& m) {
    require(ARRAKIS_HAS_SLOT(api_, guild_edit_message), "guild_edit_message");
    stage_files(m);
    check(api_->guild_edit_message(call_, borrow(channel_id), borrow(message_id), borrow(m.dump())), "edit message");
  }

  // --- plugin-to-plugin events (ABI 1.1): delivered only if this call commits
  void publish(const std::string& type, const nlohmann::json& data) {
    require(ARRAKIS_HAS_SLOT(api_, event_publish), "event_publish");
    if (!data.is_object()) throw BadInputError("an internal event's data must be a JSON object");
    check(api_->event_publish(call_, borrow(type), borrow(data.dump())), "publish " + type);
  }

  // --- HTTP route tenants (ABI 1.1)
  void bind_route_tenant(const std::string& key, std::uint64_t ttl_ms) {
    require(ARRAKIS_HAS_SLOT(api_, route_tenant_bind), "route_tenant_bind");
    check(api_->route_tenant_bind(call_, borrow(key), ttl_ms), "bind route tenant");
  }

  // Whether the host offers everything of ABI 1.1 (a plugin can degrade instead of failing).
  bool host_is_at_least_1_1() const { return ARRAKIS_HAS_SLOT(api_, interaction_delete_original); }

  // --- state
  std::optional<std::string> state_get(const std::string& key) {
    HostBuffer out(api_);
    const auto s = api_->state_get(call_, borrow(key), out.out());
    if (s == ARRAKIS_NOT_FOUND) return std::nullopt;
    check(s, "state get");
    return out.str();
  }
  void state_set(const std::string& key, const std::string& value, std::uint64_t ttl_ms) {
    check(api_->state_set(call_, borrow(key), borrow(value), ttl_ms), "state set");
  }
  void state_delete(const std::string& key) { check(api_->state_delete(call_, borrow(key)), "state delete"); }
  std::int64_t state_increment(const std::string& key, std::int64_t delta, std::uint64_t ttl_ms) {
    std::int64_t value = 0;
    check(api_->state_increment(call_, borrow(key), delta, ttl_ms, &value), "state increment");
    return value;
  }
  Cooldown cooldown(const std::string& command, const std::string& user_id, std::uint64_t cooldown_ms) {
    std::uint64_t remaining = 0;
    const auto s = api_->cooldown_try(call_, borrow(command), borrow(user_id), cooldown_ms, &remaining);
    if (s == ARRAKIS_LIMITED) return {false, remaining};
    check(s, "cooldown");
    return {true, 0};
  }
  // The session envelope {createdAt, expiresAt, type, userId, data} (plugin.h), or nullopt.
  std::optional<nlohmann::json> session_get(const std::string& type, const std::string& user_id) {
    HostBuffer out(api_);
    const auto s = api_->session_get(call_, borrow(type), borrow(user_id), out.out());
    if (s == ARRAKIS_NOT_FOUND) return std::nullopt;
    check(s, "session get");
    return parse_or_null(out.str());
  }
  void session_put(const std::string& type, const std::string& user_id, const nlohmann::json& data,
                   std::uint64_t ttl_ms) {
    check(api_->session_put(call_, borrow(type), borrow(user_id), borrow(data.dump()), ttl_ms), "session put");
  }
  void session_delete(const std::string& type, const std::string& user_id) {
    check(api_->session_delete(call_, borrow(type), borrow(user_id)), "session delete");
  }
  // True when the hit is within the limit.
  bool rate_limit(const std::string& key, std::uint32_t limit, std::uint64_t window_ms) {
    const auto s = api_->rate_limit_hit(call_, borrow(key), limit, window_ms, nullptr);
    if (s == ARRAKIS_LIMITED) return false;
    check(s, "rate limit");
    return true;
  }

  // --- SQL: rows as JSON objects keyed by column name
  nlohmann::json query(const std::string& sql, const nlohmann::json& params = nlohmann::json::array()) {
    HostBuffer out(api_);
    check(api_->sql_query(call_, borrow(sql), borrow(params.dump()), out.out()), "SQL query");
    return parse_or_null(out.str());
  }
  std::uint64_t exec(const std::string& sql, const nlohmann::json& params = nlohmann::json::array()) {
    std::uint64_t affected = 0;
    check(api_->sql_exec(call_, borrow(sql), borrow(params.dump()), &affected), "SQL exec");
    return affected;
  }

  // A savepoint inside the call's transaction: rolled back unless commit() is called.
  class Transaction {
   public:
    explicit Transaction(Host& host) : host_(host) { host_.check(host_.api_->sql_begin(host_.call_), "SQL begin"); }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction() {
      if (!done_) host_.api_->sql_rollback(host_.call_);
    }
    void commit() {
      host_.check(host_.api_->sql_commit(host_.call_), "SQL commit");
      done_ = true;
    }

   private:
    Host& host_;
    bool done_ = false;
  };

  // --- chain
  nlohmann::json chain_rpc(const std::string& method, const nlohmann::json& params) {
    HostBuffer out(api_);
    check(api_->chain_rpc(call_, borrow(method), borrow(params.dump()), out.out()), "chain RPC " + method);
    return parse_or_null(out.str());
  }

  // --- HTTP routes
  void http_respond(std::uint32_t status, const std::string& content_type, const std::string& body) {
    check(api_->http_respond(call_, status, borrow(content_type), borrow(body)), "HTTP respond");
  }

  // --- observability, time, configuration
  void log(std::uint32_t level, const std::string& message) { api_->log(call_, level, borrow(message)); }
  void info(const std::string& message) { log(ARRAKIS_LOG_INFO, message); }
  void warn(const std::string& message) { log(ARRAKIS_LOG_WARN, message); }
  void count(const std::string& name, double delta = 1) { api_->metric_counter(call_, borrow(name), delta); }
  void observe(const std::string& name, double value) { api_->metric_histogram(call_, borrow(name), value); }
  std::int64_t now_ms() { return api_->clock_now_ms(call_); }
  std::optional<std::string> config(const std::string& key) {
    HostBuffer out(api_);
    const auto s = api_->config_get(call_, borrow(key), out.out());
    if (s == ARRAKIS_NOT_FOUND) return std::nullopt;
    check(s, "config " + key);
    return out.str();
  }

  // Why the last host call failed, as the host explained it.
  std::string last_error() {
    HostBuffer out(api_);
    if (api_->last_error(call_, out.out()) != ARRAKIS_OK) return {};
    return out.str();
  }

 private:
  void require(bool offered, const char* slot) {
    if (!offered) {
      throw NotAvailableError(std::string("this host does not offer ") + slot + " (it needs a host of ABI 1.1 or later)");
    }
  }
  template <typename Fn>
  nlohmann::json read_slot(bool offered, const char* slot, Fn&& fn) {
    require(offered, slot);
    HostBuffer out(api_);
    check(fn(out.out()), slot);
    return parse_or_null(out.str());
  }
  // Files travel ahead of the message that carries them (attach_file stages them for it).
  void stage_files(const Message& m) {
    if (m.files().empty()) return;
    require(ARRAKIS_HAS_SLOT(api_, attach_file), "attach_file");
    for (const auto& f : m.files()) {
      const arrakis_file file{sizeof(arrakis_file), borrow(f.filename), borrow(f.content_type), borrow(f.bytes)};
      check(api_->attach_file(call_, &file), "attach " + f.filename);
    }
  }
  static nlohmann::json parse_or_null(const std::string& s) {
    if (s.empty()) return nullptr;
    auto j = nlohmann::json::parse(s, nullptr, false);
    return j.is_discarded() ? nlohmann::json(nullptr) : j;
  }
  void check(arrakis_status s, const std::string& what) {
    if (s == ARRAKIS_OK) return;
    const std::string why = last_error();
    throw_host_failure(s, what + " failed" + (why.empty() ? std::string() : ": " + why));
  }

  const arrakis_host_api* api_;
  arrakis_call* call_;
};

}  // namespace arrakis::sdk
