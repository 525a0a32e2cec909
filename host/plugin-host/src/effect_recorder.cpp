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
  state_.clear();
  cooldown_until_.clear();
  rate_hits_.clear();
}

std::optional<std::string> EffectRecorder::answer(const std::string& kind, const json& args) {
  if (answer_) return answer_(kind, args);
  return std::nullopt;
}

// ---- interaction responses: recorded, never sent
arrakis_status EffectRecorder::interaction_defer(Call&, std::uint32_t flags) {
  record({{"kind", "interaction.defer"}, {"ephemeral", (flags & ARRAKIS_EPHEMERAL) != 0}});
  return ARRAKIS_OK;
}
arrakis_status EffectRecorder::interaction_reply(Call& c, std::string_view m) {
  c.replied = true;
  record({{"kind", "interaction.reply"}, {"message", parse(m)}});
  return ARRAKIS_OK;
}
arrakis_status EffectRecorder::interaction_followup(Call&, std::string_view m, std::string& out) {
  auto message = parse(m);
  record({{"kind", "interaction.followup"}, {"message", message}});
  std::lock_guard lock(mutex_);
  if (message.is_object()) message["id"] = std::to_string(next_message_id_++);
  out = message.dump();
  return ARRAKIS_OK;
}
arrakis_status EffectRecorder::interaction_edit_original(Call&, std::string_view m) {
  record({{"kind", "interaction.edit_original"}, {"message", parse(m)}});
  return ARRAKIS_OK;
}
arrakis_status EffectRecorder::interaction_update_message(Call&, std::string_view m) {
  record({{"kind", "interaction.update_message"}, {"message", parse(m)}});
  return ARRAKIS_OK;
}
arrakis_status EffectRecorder::interaction_show_modal(Call&, std::string_view m) {
  record({{"kind", "interaction.modal"}, {"modal", parse(m)}});
  return ARRAKIS_OK;
}
arrakis_status EffectRecorder::interaction_autocomplete(Call&, std::string_view m) {
  record({{"kind", "interaction.autocomplete"}, {"choices", parse(m)}});
  return ARRAKIS_OK;
}

// ---- guild operations
arrakis_status EffectRecorder::guild_add_role(Call&, std::string_view u, std::string_view r, std::string_view why) {
  record({{"kind", "guild.add_role"}, {"user", u}, {"role", r}, {"reason", why}});
  return ARRAKIS_OK;
}
arrakis_status EffectRecorder::guild_remove_role(Call&, std::string_view u, std::string_view r, std::string_view why) {
  record({{"kind", "guild.remove_role"}, {"user", u}, {"role", r}, {"reason", why}});
  return ARRAKIS_OK;
}
arrakis_status EffectRecorder::guild_get_member(Call& c, std::string_view u, std::string& out) {
  if (auto a = answer("guild.get_member", {{"user", u}})) {
    out = *a;
    return ARRAKIS_OK;
  }
  return failed(c, ARRAKIS_NOT_FOUND, "no recorded member " + std::string(u));
}
arrakis_status EffectRecorder::guild_send_dm(Call&, std::string_view u, std::string_view m) {
  record({{"kind", "guild.send_dm"}, {"user", u}, {"message", parse(m)}});
  return ARRAKIS_OK;
}
arrakis_status EffectRecorder::guild_post_message(Call&, std::string_view ch, std::string_view m, std::string& out) {
  auto message = parse(m);
  record({{"kind", "guild.post_message"}, {"channel", ch}, {"message", message}});
  std::lock_guard lock(mutex_);
  if (message.is_object()) message["id"] = std::to_string(next_message_id_++);
  out = message.dump();
  return ARRAKIS_OK;
}

// ---- state: an in-memory map, writes recorded
arrakis_status EffectRecorder::state_get(Call& c, std::string_view key, std::string& out) {
  {
    std::lock_guard lock(mutex_);
    if (auto it = state_.find(std::string(key)); it != state_.end()) {
      out = it->second;
      return ARRAKIS_OK;
    }
  }
  if (auto a = answer("state.get", {{"key", key}})) {
    out = *a;
    return ARRAKIS_OK;
  }
  return failed(c, ARRAKIS_NOT_FOUND, "no state " + std::string(key));
}
arrakis_status EffectRecorder::state_set(Call&, std::string_view key, std::string_view value, std::uint64_t ttl) {
  record({{"kind", "state.set"}, {"key", key}, {"value", value}, {"ttlMs", ttl}});
  std::lock_guard lock(mutex_);
  state_[std::string(key)] = std::string(value);
  return ARRAKIS_OK;
}
arrakis_status EffectRecorder::state_delete(Call&, std::string_view key) {
  record({{"kind", "state.delete"}, {"key", key}});
  std::lock_guard lock(mutex_);
  state_.erase(std::string(key));
  return ARRAKIS_OK;
}
arrakis_status EffectRecorder::state_increment(Call&, std::string_view key, std::int64_t delta, std::uint64_t ttl,
                                               std::int64_t& out) {
  record({{"kind", "state.increment"}, {"key", key}, {"delta", delta}, {"ttlMs", ttl}});
  std::lock_guard lock(mutex_);
  auto& v = state_[std::string(key)];
  std::int64_t current = v.empty() ? 0 : std::stoll(v);
  out = current + delta;
  v = std::to_string(out);
  return ARRAKIS_OK;
}
arrakis_status EffectRecorder::cooldown_try(Call& c, std::string_view command, std::string_view user,
                                            std::uint64_t ms, std::uint64_t& remaining) {
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
  return state_get(c, "sess:" + std::string(type) + ":" + std::string(user), out);
}
arrakis_status EffectRecorder::session_put(Call&, std::string_view type, std::string_view user, std::string_view data,
                                           std::uint64_t ttl) {
  record({{"kind", "session.put"}, {"type", type}, {"user", user}, {"data", parse(data)}, {"ttlMs", ttl}});
  std::lock_guard lock(mutex_);
  state_["sess:" + std::string(type) + ":" + std::string(user)] = std::string(data);
  return ARRAKIS_OK;
}
arrakis_status EffectRecorder::session_delete(Call&, std::string_view type, std::string_view user) {
  record({{"kind", "session.delete"}, {"type", type}, {"user", user}});
  std::lock_guard lock(mutex_);
  state_.erase("sess:" + std::string(type) + ":" + std::string(user));
  return ARRAKIS_OK;
}
arrakis_status EffectRecorder::rate_limit_hit(Call& c, std::string_view key, std::uint32_t limit,
                                              std::uint64_t window_ms, std::uint32_t& remaining) {
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
  if (sql_) return sql_->sql_query(c, sql, params, out);
  return not_available(c, "sql_query (no database attached to this recorder)");
}
arrakis_status EffectRecorder::sql_exec(Call& c, std::string_view sql, std::string_view params, std::uint64_t& out) {
  record({{"kind", "sql.exec"}, {"sql", sql}, {"params", parse(params)}});
  if (sql_) return sql_->sql_exec(c, sql, params, out);
  out = 0;
  return ARRAKIS_OK;
}
arrakis_status EffectRecorder::sql_begin(Call& c) { return sql_ ? sql_->sql_begin(c) : ARRAKIS_OK; }
arrakis_status EffectRecorder::sql_commit(Call& c) { return sql_ ? sql_->sql_commit(c) : ARRAKIS_OK; }
arrakis_status EffectRecorder::sql_rollback(Call& c) { return sql_ ? sql_->sql_rollback(c) : ARRAKIS_OK; }

arrakis_status EffectRecorder::chain_rpc(Call& c, std::string_view method, std::string_view params, std::string& out) {
  if (auto a = answer("chain.rpc", {{"method", method}, {"params", parse(params)}})) {
    out = *a;
    return ARRAKIS_OK;
  }
  return not_available(c, "chain_rpc (no answer recorded for " + std::string(method) + ")");
}

arrakis_status EffectRecorder::http_respond(Call& c, std::uint32_t status, std::string_view ct, std::string_view body) {
  const auto s = HostServices::http_respond(c, status, ct, body);
  if (s == ARRAKIS_OK) record({{"kind", "http.respond"}, {"status", status}, {"contentType", ct}, {"body", body}});
  return s;
}

void EffectRecorder::log(Call& c, std::uint32_t level, std::string_view message) { HostServices::log(c, level, message); }
void EffectRecorder::metric_counter(Call&, std::string_view, double) {}
void EffectRecorder::metric_histogram(Call&, std::string_view, double) {}
std::int64_t EffectRecorder::clock_now_ms(Call& c) { return clock_ ? *clock_ : HostServices::clock_now_ms(c); }

arrakis_status EffectRecorder::config_get(Call& c, std::string_view key, std::string& out) {
  if (auto it = config_.find(std::string(key)); it != config_.end()) {
    out = it->second;
    return ARRAKIS_OK;
  }
  if (auto a = answer("config.get", {{"key", key}})) {
    out = *a;
    return ARRAKIS_OK;
  }
  return failed(c, ARRAKIS_NOT_FOUND, "no configuration value " + std::string(key));
}

}  // namespace arrakis::plugin_host
