#include "arrakis/plugin_host/effect_recorder.hpp"

namespace arrakis::plugin_host {

using nlohmann::json;

json EffectRecorder::parse(std::string_view text) {
  auto j = json::parse(text, nullptr, false);
  return j.is_discarded() ? json(std::string(text)) : j;  // keep invalid JSON visible as text
}

void EffectRecorder::record(json effect) {
  std::lock_guard lock(mutex_);
  effect["seq"] = effects_.size() + 1;
  effects_.push_back(std::move(effect));
}

json EffectRecorder::effects() const {
  std::lock_guard lock(mutex_);
  return effects_;
}

json EffectRecorder::effects(const std::string& kind) const {
  std::lock_guard lock(mutex_);
  json out = json::array();
  for (const auto& e : effects_) {
    if (e.value("kind", "") == kind) out.push_back(e);
  }
  return out;
}

void EffectRecorder::clear() {
  std::lock_guard lock(mutex_);
  effects_ = json::array();
  if (keep_state_) return;
  state_.clear();
  cooldown_until_.clear();
  rate_hits_.clear();
}

void EffectRecorder::forget_state() {
  std::lock_guard lock(mutex_);
  state_.clear();
  cooldown_until_.clear();
  rate_hits_.clear();
}

EffectRecorder::Stored* EffectRecorder::live_state(const std::string& key, std::int64_t now_ms) {
  auto it = state_.find(key);
  if (it == state_.end()) return nullptr;
  if (it->second.expires_at_ms != 0 && it->second.expires_at_ms <= now_ms) {
    state_.erase(it);
    return nullptr;
  }
  return &it->second;
}

// A TTL of 0 means the state store's default of a day, as in the worker.
std::int64_t EffectRecorder::expiry(std::int64_t now_ms, std::uint64_t ttl_ms) {
  constexpr std::int64_t kDefaultTtlMs = 24LL * 60 * 60 * 1000;
  return now_ms + (ttl_ms == 0 ? kDefaultTtlMs : static_cast<std::int64_t>(ttl_ms));
}

json EffectRecorder::take_files(Call& c) {
  json files = json::array();
  for (const auto& f : c.staged_files) {
    files.push_back({{"filename", f.filename}, {"contentType", f.content_type}, {"size", f.bytes.size()}});
  }
  c.staged_files.clear();
  return files;
}

// Adds the staged files to a recorded message effect (only when there are some, so effects of
// plugins that attach nothing look as they always did). In tee mode the real host sends them.
json EffectRecorder::with_files(json effect, Call& c) const {
  if (forward_) return effect;
  json files = take_files(c);
  if (!files.empty()) effect["files"] = std::move(files);
  return effect;
}

std::string EffectRecorder::next_id() {
  std::lock_guard lock(mutex_);
  return std::to_string(next_message_id_++);
}

std::optional<std::string> EffectRecorder::answer(const std::string& kind, const json& args) {
  if (answer_) return answer_(kind, args);
  return std::nullopt;
}

// ---- interaction responses: recorded, never sent
arrakis_status EffectRecorder::interaction_defer(Call& c, std::uint32_t flags) {
  record({{"kind", "interaction.defer"}, {"ephemeral", (flags & ARRAKIS_EPHEMERAL) != 0}});
  if (forward_) return forward_->interaction_defer(c, flags);
  if (!c.deferred) {
    c.deferred = true;
    c.deferred_ephemeral = (flags & ARRAKIS_EPHEMERAL) != 0;
  }
  return ARRAKIS_OK;
}
arrakis_status EffectRecorder::interaction_reply(Call& c, std::string_view m) {
  record(with_files({{"kind", "interaction.reply"}, {"message", parse(m)}}, c));
  if (forward_) return forward_->interaction_reply(c, m);
  c.replied = true;
  return ARRAKIS_OK;
}
arrakis_status EffectRecorder::interaction_followup(Call& c, std::string_view m, std::string& out) {
  auto message = parse(m);
  record(with_files({{"kind", "interaction.followup"}, {"message", message}}, c));
  if (forward_) return forward_->interaction_followup(c, m, out);
  std::lock_guard lock(mutex_);
  if (message.is_object()) message["id"] = std::to_string(next_message_id_++);
  out = message.dump();
  return ARRAKIS_OK;
}
arrakis_status EffectRecorder::interaction_edit_original(Call& c, std::string_view m) {
  record(with_files({{"kind", "interaction.edit_original"}, {"message", parse(m)}}, c));
  if (forward_) return forward_->interaction_edit_original(c, m);
  return ARRAKIS_OK;
}
arrakis_status EffectRecorder::interaction_update_message(Call& c, std::string_view m) {
  record(with_files({{"kind", "interaction.update_message"}, {"message", parse(m)}}, c));
  if (forward_) return forward_->interaction_update_message(c, m);
  return ARRAKIS_OK;
}
arrakis_status EffectRecorder::interaction_show_modal(Call& c, std::string_view m) {
  record({{"kind", "interaction.modal"}, {"modal", parse(m)}});
  if (forward_) return forward_->interaction_show_modal(c, m);
  return ARRAKIS_OK;
}
arrakis_status EffectRecorder::interaction_autocomplete(Call& c, std::string_view m) {
  record({{"kind", "interaction.autocomplete"}, {"choices", parse(m)}});
  if (forward_) return forward_->interaction_autocomplete(c, m);
  return ARRAKIS_OK;
}

// ---- guild operations
arrakis_status EffectRecorder::guild_add_role(Call& c, std::string_view u, std::string_view r, std::string_view why) {
  record({{"kind", "guild.add_role"}, {"user", u}, {"role", r}, {"reason", why}});
  if (forward_) return forward_->guild_add_role(c, u, r, why);
  return ARRAKIS_OK;
}
arrakis_status EffectRecorder::guild_remove_role(Call& c, std::string_view u, std::string_view r, std::string_view why) {
  record({{"kind", "guild.remove_role"}, {"user", u}, {"role", r}, {"reason", why}});
  if (forward_) return forward_->guild_remove_role(c, u, r, why);
  return ARRAKIS_OK;
}
arrakis_status EffectRecorder::guild_get_member(Call& c, std::string_view u, std::string& out) {
  if (forward_) return forward_->guild_get_member(c, u, out);
  if (auto a = answer("guild.get_member", {{"user", u}})) {
    out = *a;
    return ARRAKIS_OK;
  }
  if (reads_) return reads_->guild_get_member(c, u, out);
  return failed(c, ARRAKIS_NOT_FOUND, "no recorded member " + std::string(u));
}
arrakis_status EffectRecorder::guild_send_dm(Call& c, std::string_view u, std::string_view m) {
  record(with_files({{"kind", "guild.send_dm"}, {"user", u}, {"message", parse(m)}}, c));
  if (forward_) return forward_->guild_send_dm(c, u, m);
  return ARRAKIS_OK;
}
arrakis_status EffectRecorder::guild_post_message(Call& c, std::string_view ch, std::string_view m, std::string& out) {
  auto message = parse(m);
  record(with_files({{"kind", "guild.post_message"}, {"channel", ch}, {"message", message}}, c));
  if (forward_) return forward_->guild_post_message(c, ch, m, out);
  std::lock_guard lock(mutex_);
  if (message.is_object()) message["id"] = std::to_string(next_message_id_++);
  out = message.dump();
  return ARRAKIS_OK;
}

// ---- state: an in-memory map, writes recorded
arrakis_status EffectRecorder::state_get(Call& c, std::string_view key, std::string& out) {
  if (forward_) return forward_->state_get(c, key, out);
  const std::int64_t now = clock_now_ms(c);
  {
    std::lock_guard lock(mutex_);
    if (const Stored* stored = live_state(std::string(key), now)) {
      out = stored->value;
      return ARRAKIS_OK;
    }
  }
  if (auto a = answer("state.get", {{"key", key}})) {
    out = *a;
    return ARRAKIS_OK;
  }
  if (reads_) return reads_->state_get(c, key, out);
  return failed(c, ARRAKIS_NOT_FOUND, "no state " + std::string(key));
}
arrakis_status EffectRecorder::state_set(Call& c, std::string_view key, std::string_view value, std::uint64_t ttl) {
  record({{"kind", "state.set"}, {"key", key}, {"value", value}, {"ttlMs", ttl}});
  if (forward_) return forward_->state_set(c, key, value, ttl);
  const std::int64_t now = clock_now_ms(c);
  std::lock_guard lock(mutex_);
  state_[std::string(key)] = {std::string(value), expiry(now, ttl)};
  return ARRAKIS_OK;
}
arrakis_status EffectRecorder::state_delete(Call& c, std::string_view key) {
  record({{"kind", "state.delete"}, {"key", key}});
  if (forward_) return forward_->state_delete(c, key);
  std::lock_guard lock(mutex_);
  state_.erase(std::string(key));
  return ARRAKIS_OK;
}
arrakis_status EffectRecorder::state_increment(Call& c, std::string_view key, std::int64_t delta, std::uint64_t ttl,
                                               std::int64_t& out) {
  record({{"kind", "state.increment"}, {"key", key}, {"delta", delta}, {"ttlMs", ttl}});
  if (forward_) return forward_->state_increment(c, key, delta, ttl, out);
  const std::int64_t now = clock_now_ms(c);
  std::lock_guard lock(mutex_);
  Stored* stored = live_state(std::string(key), now);
  if (!stored) stored = &(state_[std::string(key)] = {"0", expiry(now, ttl)});
  out = std::stoll(stored->value) + delta;
  stored->value = std::to_string(out);
  return ARRAKIS_OK;
}
arrakis_status EffectRecorder::cooldown_try(Call& c, std::string_view command, std::string_view user,
                                            std::uint64_t ms, std::uint64_t& remaining) {
  if (forward_) {
    record({{"kind", "cooldown.take"}, {"command", command}, {"user", user}, {"cooldownMs", ms}});
    return forward_->cooldown_try(c, command, user, ms, remaining);
  }
  const std::int64_t now = clock_now_ms(c);
  const std::string key = std::string(command) + ":" + std::string(user);
  {
    std::lock_guard lock(mutex_);
    auto it = cooldown_until_.find(key);
    if (it != cooldown_until_.end() && it->second > now) {
      remaining = static_cast<std::uint64_t>(it->second - now);
      return ARRAKIS_LIMITED;
    }
    cooldown_until_[key] = now + static_cast<std::int64_t>(ms);
  }
  record({{"kind", "cooldown.take"}, {"command", command}, {"user", user}, {"cooldownMs", ms}});
  return ARRAKIS_OK;
}
arrakis_status EffectRecorder::session_get(Call& c, std::string_view type, std::string_view user, std::string& out) {
  if (forward_) return forward_->session_get(c, type, user, out);
  const std::int64_t now = clock_now_ms(c);
  {
    std::lock_guard lock(mutex_);
    if (const Stored* stored = live_state("sess:" + std::string(type) + ":" + std::string(user), now)) {
      out = stored->value;
      return ARRAKIS_OK;
    }
  }
  if (auto a = answer("session.get", {{"type", type}, {"user", user}})) {
    out = *a;
    return ARRAKIS_OK;
  }
  if (reads_) return reads_->session_get(c, type, user, out);
  return failed(c, ARRAKIS_NOT_FOUND, "no " + std::string(type) + " session");
}
arrakis_status EffectRecorder::session_put(Call& c, std::string_view type, std::string_view user, std::string_view data,
                                           std::uint64_t ttl) {
  record({{"kind", "session.put"}, {"type", type}, {"user", user}, {"data", parse(data)}, {"ttlMs", ttl}});
  if (forward_) return forward_->session_put(c, type, user, data, ttl);
  const std::int64_t now = clock_now_ms(c);
  std::lock_guard lock(mutex_);
  // The worker's envelope; a live session keeps its creation time and expiry (the state store's KEEPTTL).
  const std::string key = "sess:" + std::string(type) + ":" + std::string(user);
  std::int64_t created = now, expires = expiry(now, ttl);
  if (const Stored* old = live_state(key, now)) {
    const json envelope = json::parse(old->value, nullptr, false);
    if (envelope.is_object()) {
      created = envelope.value("createdAt", created);
      expires = envelope.value("expiresAt", expires);
    }
  }
  const json envelope = {{"createdAt", created}, {"expiresAt", expires}, {"type", type}, {"userId", user},
                         {"data", parse(data)}};
  state_[key] = {envelope.dump(), expires};
  return ARRAKIS_OK;
}
arrakis_status EffectRecorder::session_delete(Call& c, std::string_view type, std::string_view user) {
  record({{"kind", "session.delete"}, {"type", type}, {"user", user}});
  if (forward_) return forward_->session_delete(c, type, user);
  std::lock_guard lock(mutex_);
  state_.erase("sess:" + std::string(type) + ":" + std::string(user));
  return ARRAKIS_OK;
}
arrakis_status EffectRecorder::rate_limit_hit(Call& c, std::string_view key, std::uint32_t limit,
                                              std::uint64_t window_ms, std::uint32_t& remaining) {
  if (forward_) return forward_->rate_limit_hit(c, key, limit, window_ms, remaining);
  const std::int64_t now = clock_now_ms(c);
  std::lock_guard lock(mutex_);
  auto& hits = rate_hits_[std::string(key)];
  std::erase_if(hits, [&](std::int64_t t) { return t <= now - static_cast<std::int64_t>(window_ms); });
  if (hits.size() >= limit) {
    remaining = 0;
    return ARRAKIS_LIMITED;
  }
  hits.push_back(now);
  remaining = static_cast<std::uint32_t>(limit - hits.size());
  return ARRAKIS_OK;
}

// ---- SQL: delegated when a database is attached, recorded either way
arrakis_status EffectRecorder::sql_query(Call& c, std::string_view sql, std::string_view params, std::string& out) {
  if (auto a = answer("sql.query", {{"sql", sql}, {"params", parse(params)}})) {
    out = *a;
    return ARRAKIS_OK;
  }
  if (forward_) return forward_->sql_query(c, sql, params, out);
  if (sql_) return sql_->sql_query(c, sql, params, out);
  return not_available(c, "sql_query (no database attached to this recorder)");
}
arrakis_status EffectRecorder::sql_exec(Call& c, std::string_view sql, std::string_view params, std::uint64_t& out) {
  record({{"kind", "sql.exec"}, {"sql", sql}, {"params", parse(params)}});
  if (forward_) return forward_->sql_exec(c, sql, params, out);
  if (sql_) return sql_->sql_exec(c, sql, params, out);
  out = 0;
  return ARRAKIS_OK;
}
HostServices* EffectRecorder::sql_target() const { return forward_ ? forward_ : sql_; }
arrakis_status EffectRecorder::sql_begin(Call& c) { return sql_target() ? sql_target()->sql_begin(c) : ARRAKIS_OK; }
arrakis_status EffectRecorder::sql_commit(Call& c) { return sql_target() ? sql_target()->sql_commit(c) : ARRAKIS_OK; }
arrakis_status EffectRecorder::sql_rollback(Call& c) { return sql_target() ? sql_target()->sql_rollback(c) : ARRAKIS_OK; }

arrakis_status EffectRecorder::chain_rpc(Call& c, std::string_view method, std::string_view params, std::string& out) {
  if (forward_) return forward_->chain_rpc(c, method, params, out);
  if (auto a = answer("chain.rpc", {{"method", method}, {"params", parse(params)}})) {
    out = *a;
    return ARRAKIS_OK;
  }
  if (reads_) return reads_->chain_rpc(c, method, params, out);
  return not_available(c, "chain_rpc (no answer recorded for " + std::string(method) + ")");
}

arrakis_status EffectRecorder::http_respond(Call& c, std::uint32_t status, std::string_view ct, std::string_view body) {
  const auto s = forward_ ? forward_->http_respond(c, status, ct, body) : HostServices::http_respond(c, status, ct, body);
  if (s == ARRAKIS_OK) record({{"kind", "http.respond"}, {"status", status}, {"contentType", ct}, {"body", body}});
  return s;
}

void EffectRecorder::log(Call& c, std::uint32_t level, std::string_view message) { HostServices::log(c, level, message); }
void EffectRecorder::metric_counter(Call& c, std::string_view name, double delta) {
  if (forward_) forward_->metric_counter(c, name, delta);
}
void EffectRecorder::metric_histogram(Call& c, std::string_view name, double value) {
  if (forward_) forward_->metric_histogram(c, name, value);
}
std::int64_t EffectRecorder::clock_now_ms(Call& c) {
  if (clock_) return *clock_;
  return forward_ ? forward_->clock_now_ms(c) : HostServices::clock_now_ms(c);
}

arrakis_status EffectRecorder::config_get(Call& c, std::string_view key, std::string& out) {
  if (forward_) return forward_->config_get(c, key, out);
  if (auto it = config_.find(std::string(key)); it != config_.end()) {
    out = it->second;
    return ARRAKIS_OK;
  }
  if (auto a = answer("config.get", {{"key", key}})) {
    out = *a;
    return ARRAKIS_OK;
  }
  if (reads_) return reads_->config_get(c, key, out);
  return failed(c, ARRAKIS_NOT_FOUND, "no configuration value " + std::string(key));
}

// ---- 1.1
template <typename Forward>
arrakis_status EffectRecorder::read(Call& c, const char* kind, std::string& out, Forward&& forward) {
  if (forward_) return forward(*forward_);
  if (auto a = answer(kind, json::object())) {
    out = *a;
    return ARRAKIS_OK;
  }
  if (reads_) return forward(*reads_);
  return failed(c, ARRAKIS_NOT_FOUND, std::string("no recorded answer for ") + kind);
}
arrakis_status EffectRecorder::guild_get(Call& c, std::string& out) {
  return read(c, "guild.get", out, [&](HostServices& s) { return s.guild_get(c, out); });
}
arrakis_status EffectRecorder::guild_list_roles(Call& c, std::string& out) {
  return read(c, "guild.list_roles", out, [&](HostServices& s) { return s.guild_list_roles(c, out); });
}
arrakis_status EffectRecorder::guild_list_channels(Call& c, std::string& out) {
  return read(c, "guild.list_channels", out, [&](HostServices& s) { return s.guild_list_channels(c, out); });
}
arrakis_status EffectRecorder::guild_create_role(Call& c, std::string_view role, std::string_view why, std::string& out) {
  auto body = parse(role);
  record({{"kind", "guild.create_role"}, {"role", body}, {"reason", why}});
  if (forward_) return forward_->guild_create_role(c, role, why, out);
  if (body.is_object()) body["id"] = next_id();
  out = body.dump();
  return ARRAKIS_OK;
}
arrakis_status EffectRecorder::guild_modify_role(Call& c, std::string_view id, std::string_view patch,
                                                 std::string_view why, std::string& out) {
  auto body = parse(patch);
  record({{"kind", "guild.modify_role"}, {"role", id}, {"patch", body}, {"reason", why}});
  if (forward_) return forward_->guild_modify_role(c, id, patch, why, out);
  if (body.is_object()) body["id"] = id;
  out = body.dump();
  return ARRAKIS_OK;
}
arrakis_status EffectRecorder::guild_create_channel(Call& c, std::string_view channel, std::string_view why,
                                                    std::string& out) {
  auto body = parse(channel);
  record({{"kind", "guild.create_channel"}, {"channel", body}, {"reason", why}});
  if (forward_) return forward_->guild_create_channel(c, channel, why, out);
  if (body.is_object()) body["id"] = next_id();
  out = body.dump();
  return ARRAKIS_OK;
}
arrakis_status EffectRecorder::guild_edit_message(Call& c, std::string_view ch, std::string_view id, std::string_view m) {
  record(with_files({{"kind", "guild.edit_message"}, {"channel", ch}, {"messageId", id}, {"message", parse(m)}}, c));
  if (forward_) return forward_->guild_edit_message(c, ch, id, m);
  return ARRAKIS_OK;
}
arrakis_status EffectRecorder::attach_file(Call& c, StagedFile file) {
  // Validated and staged like every host does; in tee mode the real host stages (and sends) it.
  if (forward_) return forward_->attach_file(c, std::move(file));
  return HostServices::attach_file(c, std::move(file));
}
arrakis_status EffectRecorder::event_publish(Call& c, std::string_view type, std::string_view data) {
  record({{"kind", "event.publish"}, {"type", type}, {"data", parse(data)}});
  if (forward_) return forward_->event_publish(c, type, data);
  return ARRAKIS_OK;
}
arrakis_status EffectRecorder::route_tenant_bind(Call& c, std::string_view key, std::uint64_t ttl) {
  record({{"kind", "route.tenant_bind"}, {"key", key}, {"ttlMs", ttl}});
  if (forward_) return forward_->route_tenant_bind(c, key, ttl);
  return ARRAKIS_OK;
}
arrakis_status EffectRecorder::interaction_delete_original(Call& c) {
  record({{"kind", "interaction.delete_original"}});
  if (forward_) return forward_->interaction_delete_original(c);
  return ARRAKIS_OK;
}

}  // namespace arrakis::plugin_host
