#include "services/worker_services.hpp"

#include <spdlog/spdlog.h>

#include <cctype>
#include <cstdlib>

#include "arrakis/metrics.hpp"
#include "message/discord_protocol.hpp"

namespace arrakis::worker {

using nlohmann::json;
using plugin_host::Invocation;

namespace {

using namespace discord_protocol;

json parse_or_throw(std::string_view text, const char* what) {
  auto j = json::parse(text, nullptr, false);
  if (j.is_discarded()) throw std::invalid_argument(std::string(what) + " is not valid JSON");
  return j;
}

bool is_interaction(const Invocation* inv) {
  return inv && !inv->interaction_token.empty() && inv->kind != ARRAKIS_EVENT_GUILD &&
         inv->kind != ARRAKIS_EVENT_HTTP && inv->kind != ARRAKIS_EVENT_SCHEDULE;
}

}  // namespace

arrakis_status WorkerServices::from_rest(Call& c, const discord::RestResponse& r, const char* what) {
  if (r.ok()) return ARRAKIS_OK;
  std::string why = std::string(what) + ": Discord answered " + std::to_string(r.status);
  if (r.discord_code) why += " (code " + std::to_string(r.discord_code) + ")";
  // Unknown channel, guild, member, message, role or user: the thing the plugin named is not there.
  if (r.status == 404 && (r.discord_code == 10003 || r.discord_code == 10004 || r.discord_code == 10007 ||
                          r.discord_code == 10008 || r.discord_code == 10011 || r.discord_code == 10013)) {
    return failed(c, ARRAKIS_NOT_FOUND, why);
  }
  if (r.status == 0 || r.status == 429 || r.status >= 500) return failed(c, ARRAKIS_RETRYABLE, why);
  return failed(c, ARRAKIS_PERMANENT, why);
}

// ---------------------------------------------------------------- interactions
// The call, not the invocation, knows whether the response is deferred: the host may have deferred
// before the call, or the plugin itself (a NO_DEFER command choosing its visibility). Every answer
// below routes on call.deferred, so a plugin's own defer is never followed by a second first response.
arrakis_status WorkerServices::interaction_defer(Call& c, std::uint32_t flags) {
  if (!is_interaction(c.invocation)) return failed(c, ARRAKIS_BAD_INPUT, "defer outside an interaction");
  if (c.deferred) return ARRAKIS_OK;  // deferred already (by the host or earlier): exactly once
  if (c.replied) return failed(c, ARRAKIS_BAD_INPUT, "defer after the interaction was answered");
  const bool ephemeral = (flags & ARRAKIS_EPHEMERAL) != 0;
  json body = {{"type", kDeferredChannelMessage}};
  if (ephemeral) body["data"] = {{"flags", kEphemeralFlag}};
  const auto s = from_rest(
      c, d_.rest->interaction_callback(c.invocation->interaction_id, c.invocation->interaction_token, body), "defer");
  if (s == ARRAKIS_OK) {
    c.deferred = true;
    c.deferred_ephemeral = ephemeral;
  }
  return s;
}

namespace {
bool wants_ephemeral(const json& msg) {
  return msg.is_object() && msg.contains("flags") && msg["flags"].is_number_unsigned() &&
         (msg["flags"].get<std::uint64_t>() & kEphemeralFlag) != 0;
}
}  // namespace

arrakis_status WorkerServices::interaction_reply(Call& c, std::string_view message) {
  if (!is_interaction(c.invocation)) return failed(c, ARRAKIS_BAD_INPUT, "reply outside an interaction");
  const auto& inv = *c.invocation;
  const json msg = parse_or_throw(message, "reply");
  discord::RestResponse r;
  if (c.replied) {
    r = d_.rest->followup(inv.interaction_token, msg, take_files(c));  // a second reply is a follow-up message
  } else if (c.deferred && !c.deferred_update && !c.deferred_ephemeral && wants_ephemeral(msg)) {
    // A refusal (or anything private) to a publicly deferred command: the public "thinking"
    // placeholder is removed and the answer goes to the user alone.
    auto removed = d_.rest->delete_original(inv.interaction_token);
    if (!removed.ok() && removed.status != 404) return from_rest(c, removed, "remove the public placeholder");
    r = d_.rest->followup(inv.interaction_token, msg, take_files(c));
  } else if (c.deferred && !c.deferred_update) {
    r = d_.rest->edit_original(inv.interaction_token, msg, take_files(c));  // completes the "thinking" response
  } else if (c.deferred) {
    r = d_.rest->followup(inv.interaction_token, msg, take_files(c));  // components: a new message, the clicked one stays
  } else {
    r = d_.rest->interaction_callback(inv.interaction_id, inv.interaction_token,
                                      {{"type", kChannelMessage}, {"data", msg}}, take_files(c));
  }
  const auto s = from_rest(c, r, "reply");
  if (s == ARRAKIS_OK) c.replied = true;
  return s;
}

arrakis_status WorkerServices::interaction_followup(Call& c, std::string_view message, std::string& out) {
  if (!is_interaction(c.invocation)) return failed(c, ARRAKIS_BAD_INPUT, "follow-up outside an interaction");
  auto r = d_.rest->followup(c.invocation->interaction_token, parse_or_throw(message, "follow-up"), take_files(c));
  out = r.body;
  return from_rest(c, r, "follow-up");
}

arrakis_status WorkerServices::interaction_edit_original(Call& c, std::string_view message) {
  if (!is_interaction(c.invocation)) return failed(c, ARRAKIS_BAD_INPUT, "edit outside an interaction");
  return from_rest(c,
                   d_.rest->edit_original(c.invocation->interaction_token, parse_or_throw(message, "edit"), take_files(c)),
                   "edit original");
}

arrakis_status WorkerServices::interaction_update_message(Call& c, std::string_view message) {
  if (!is_interaction(c.invocation)) return failed(c, ARRAKIS_BAD_INPUT, "update outside an interaction");
  const auto& inv = *c.invocation;
  const json msg = parse_or_throw(message, "update");
  if (c.deferred && !c.deferred_update) {
    return failed(c, ARRAKIS_BAD_INPUT, "update_message needs a component interaction deferred as an update "
                                        "(not declared ARRAKIS_COMPONENT_EPHEMERAL); use reply instead");
  }
  // After a deferred update (type 6), @original is the component's message.
  auto r = c.deferred ? d_.rest->edit_original(inv.interaction_token, msg, take_files(c))
                        : d_.rest->interaction_callback(inv.interaction_id, inv.interaction_token,
                                                        {{"type", kUpdateMessage}, {"data", msg}}, take_files(c));
  const auto s = from_rest(c, r, "update message");
  if (s == ARRAKIS_OK) c.replied = true;
  return s;
}

arrakis_status WorkerServices::interaction_show_modal(Call& c, std::string_view modal) {
  if (!is_interaction(c.invocation)) return failed(c, ARRAKIS_BAD_INPUT, "modal outside an interaction");
  if (c.deferred || c.replied) {
    return failed(c, ARRAKIS_PERMANENT,
                  "a modal must be the first response: declare the command with ARRAKIS_COMMAND_NO_DEFER "
                  "(or the component with ARRAKIS_COMPONENT_NO_DEFER) and show it before deferring");
  }
  if (c.invocation->kind == ARRAKIS_EVENT_MODAL) {
    return failed(c, ARRAKIS_BAD_INPUT, "Discord cannot answer a modal submit with another modal: reply with a "
                                        "button that opens the next one");
  }
  auto r = d_.rest->interaction_callback(c.invocation->interaction_id, c.invocation->interaction_token,
                                         {{"type", kModal}, {"data", parse_or_throw(modal, "modal")}});
  const auto s = from_rest(c, r, "show modal");
  if (s == ARRAKIS_OK) c.replied = true;
  return s;
}

arrakis_status WorkerServices::interaction_autocomplete(Call& c, std::string_view choices) {
  if (!is_interaction(c.invocation)) return failed(c, ARRAKIS_BAD_INPUT, "autocomplete outside an interaction");
  auto r = d_.rest->interaction_callback(
      c.invocation->interaction_id, c.invocation->interaction_token,
      {{"type", kAutocompleteResult}, {"data", {{"choices", parse_or_throw(choices, "choices")}}}});
  const auto s = from_rest(c, r, "autocomplete");
  if (s == ARRAKIS_OK) c.replied = true;
  return s;
}

// ---------------------------------------------------------------- guild operations
arrakis_status WorkerServices::guild_add_role(Call& c, std::string_view user, std::string_view role,
                                              std::string_view reason) {
  return from_rest(c, d_.rest->add_role(c.invocation->guild_id, std::string(user), std::string(role), std::string(reason)),
                   "add role");
}
arrakis_status WorkerServices::guild_remove_role(Call& c, std::string_view user, std::string_view role,
                                                 std::string_view reason) {
  return from_rest(
      c, d_.rest->remove_role(c.invocation->guild_id, std::string(user), std::string(role), std::string(reason)),
      "remove role");
}
arrakis_status WorkerServices::guild_get_member(Call& c, std::string_view user, std::string& out) {
  auto r = d_.rest->get_member(c.invocation->guild_id, std::string(user));
  if (r.status == 404) return failed(c, ARRAKIS_NOT_FOUND, "not a member of this guild");
  out = r.body;
  return from_rest(c, r, "get member");
}
arrakis_status WorkerServices::guild_send_dm(Call& c, std::string_view user, std::string_view message) {
  auto r = d_.rest->send_dm(std::string(user), parse_or_throw(message, "DM"), take_files(c));
  const auto s = from_rest(c, r, "send DM");
  // Remember which community sent it, so a click on its buttons runs in that community.
  if (s == ARRAKIS_OK && d_.dm_bindings && c.invocation && !c.invocation->community_id.empty()) {
    const json sent = json::parse(r.body, nullptr, false);
    if (sent.is_object() && sent.contains("id") && sent["id"].is_string()) {
      try {
        d_.dm_bindings->record(sent["id"].get<std::string>(), sent.value("channel_id", std::string()), std::string(user),
                               c.invocation->guild_id, c.invocation->community_id, std::string(c.plugin_name));
      } catch (const std::exception& e) {
        // The DM is out; only a later click in it may fall back to the member's latest binding.
        spdlog::warn("DM sent but its community was not recorded: {}", e.what());
      }
    }
  }
  return s;
}
arrakis_status WorkerServices::guild_post_message(Call& c, std::string_view channel, std::string_view message,
                                                  std::string& out) {
  auto r = d_.rest->post_message(std::string(channel), parse_or_throw(message, "message"), take_files(c));
  out = r.body;
  return from_rest(c, r, "post message");
}

arrakis_status WorkerServices::interaction_delete_original(Call& c) {
  if (!is_interaction(c.invocation)) return failed(c, ARRAKIS_BAD_INPUT, "delete outside an interaction");
  return from_rest(c, d_.rest->delete_original(c.invocation->interaction_token), "delete original");
}

// ---------------------------------------------------------------- state
// Every state slot (keys, counters, cooldowns, sessions, rate limits) is namespaced by the calling
// plugin and the call's community: "p:{plugin}:{community}". Plugin names are [a-z0-9-] and
// communities UUIDs (or "" for a call without one), so two scopes never share a prefix and no
// plugin or guild can reach another's entries, whatever names they choose.
namespace {
std::string state_scope(const plugin_host::Call& c) {
  return "p:" + std::string(c.plugin_name) + ":" + (c.invocation ? c.invocation->community_id : std::string());
}
}  // namespace

std::string WorkerServices::scoped_key(const Call& c, std::string_view key) {
  return state_scope(c) + ":" + std::string(key);
}

template <typename Fn>
arrakis_status WorkerServices::with_state(Call& c, Fn&& fn) {
  try {
    return fn(*d_.state);
  } catch (const state::StateUnavailable& e) {
    return failed(c, ARRAKIS_RETRYABLE, e.what());
  } catch (const state::StateError& e) {  // Redis refused the command itself: retrying cannot help
    return failed(c, ARRAKIS_PERMANENT, e.what());
  }
}

arrakis_status WorkerServices::state_get(Call& c, std::string_view key, std::string& out) {
  return with_state(c, [&](state::StateStore& s) {
    auto v = s.get(scoped_key(c, key));
    if (!v) return failed(c, ARRAKIS_NOT_FOUND, "no value for " + std::string(key));
    out = std::move(*v);
    return ARRAKIS_OK;
  });
}
arrakis_status WorkerServices::state_set(Call& c, std::string_view key, std::string_view value, std::uint64_t ttl) {
  return with_state(c, [&](state::StateStore& s) {
    s.set(scoped_key(c, key), std::string(value), std::chrono::milliseconds(ttl));
    return ARRAKIS_OK;
  });
}
arrakis_status WorkerServices::state_delete(Call& c, std::string_view key) {
  return with_state(c, [&](state::StateStore& s) {
    s.del(scoped_key(c, key));
    return ARRAKIS_OK;
  });
}
arrakis_status WorkerServices::state_increment(Call& c, std::string_view key, std::int64_t delta, std::uint64_t ttl,
                                               std::int64_t& out) {
  return with_state(c, [&](state::StateStore& s) {
    out = s.increment(scoped_key(c, key), delta, std::chrono::milliseconds(ttl));
    return ARRAKIS_OK;
  });
}
arrakis_status WorkerServices::cooldown_try(Call& c, std::string_view command, std::string_view user,
                                            std::uint64_t ms, std::uint64_t& remaining) {
  try {
    auto r = d_.state->cooldown_try(state_scope(c), std::string(command), std::string(user), std::chrono::milliseconds(ms));
    remaining = static_cast<std::uint64_t>(r.remaining.count());
    return r.acquired ? ARRAKIS_OK : ARRAKIS_LIMITED;
  } catch (const state::StateUnavailable& e) {
    // Cooldowns fail open: a member is never blocked because Redis is down.
    spdlog::warn("cooldown check skipped (Redis unavailable): {}", e.what());
    metrics::registry().counter_add("arrakis_cooldown_fail_open_total");
    remaining = 0;
    return ARRAKIS_OK;
  }
}
arrakis_status WorkerServices::session_get(Call& c, std::string_view type, std::string_view user, std::string& out) {
  return with_state(c, [&](state::StateStore& s) {
    auto v = s.session_get(state_scope(c), std::string(type), std::string(user));
    if (!v) return failed(c, ARRAKIS_NOT_FOUND, "no " + std::string(type) + " session");
    out = v->dump();
    return ARRAKIS_OK;
  });
}
arrakis_status WorkerServices::session_put(Call& c, std::string_view type, std::string_view user,
                                           std::string_view data, std::uint64_t ttl) {
  return with_state(c, [&](state::StateStore& s) {
    s.session_put(state_scope(c), std::string(type), std::string(user), parse_or_throw(data, "session"),
                  std::chrono::milliseconds(ttl));
    return ARRAKIS_OK;
  });
}
arrakis_status WorkerServices::session_delete(Call& c, std::string_view type, std::string_view user) {
  return with_state(c, [&](state::StateStore& s) {
    s.session_delete(state_scope(c), std::string(type), std::string(user));
    return ARRAKIS_OK;
  });
}
arrakis_status WorkerServices::rate_limit_hit(Call& c, std::string_view key, std::uint32_t limit,
                                              std::uint64_t window_ms, std::uint32_t& remaining) {
  return with_state(c, [&](state::StateStore& s) {
    auto r = s.rate_limit_hit(scoped_key(c, key), limit, std::chrono::milliseconds(window_ms));
    remaining = r.remaining;
    return r.allowed ? ARRAKIS_OK : ARRAKIS_LIMITED;
  });
}

// ---------------------------------------------------------------- SQL
plugin_host::PostgresSql* WorkerServices::sql_for(const Call& c) const {
  // Global jobs span communities: they run on the jobs role (ServiceDeps::admin_sql is the worker's
  // jobs_sql). A per-community job item has its community and runs as a tenant, like everything else.
  if (c.invocation && c.invocation->kind == ARRAKIS_EVENT_SCHEDULE && c.invocation->community_id.empty() &&
      d_.admin_sql) {
    return d_.admin_sql;
  }
  return d_.tenant_sql;
}
arrakis_status WorkerServices::sql_query(Call& c, std::string_view sql, std::string_view params, std::string& out) {
  return sql_for(c)->sql_query(c, sql, params, out);
}
arrakis_status WorkerServices::sql_exec(Call& c, std::string_view sql, std::string_view params, std::uint64_t& out) {
  return sql_for(c)->sql_exec(c, sql, params, out);
}
arrakis_status WorkerServices::sql_begin(Call& c) { return sql_for(c)->sql_begin(c); }
arrakis_status WorkerServices::sql_commit(Call& c) { return sql_for(c)->sql_commit(c); }
arrakis_status WorkerServices::sql_rollback(Call& c) { return sql_for(c)->sql_rollback(c); }

// ---------------------------------------------------------------- chain
arrakis_status WorkerServices::chain_rpc(Call& c, std::string_view method, std::string_view params, std::string& out) {
  if (!d_.chain) return not_available(c, "chain_rpc (no ARRAKIS_CHAIN_RPC_URLS configured)");
  try {
    out = d_.chain->call(std::string(method), parse_or_throw(params, "chain params")).dump();
    return ARRAKIS_OK;
  } catch (const chain::ChainUnavailable& e) {
    return failed(c, ARRAKIS_RETRYABLE, e.what());
  } catch (const chain::ChainRpcError& e) {
    return failed(c, ARRAKIS_PERMANENT, e.what());
  }
}

// ---------------------------------------------------------------- observability, configuration
void WorkerServices::metric_counter(Call& c, std::string_view name, double delta) {
  metrics::registry().counter_add("arrakis_plugin_" + std::string(name), {{"plugin", std::string(c.plugin_name)}}, delta);
}
void WorkerServices::metric_histogram(Call& c, std::string_view name, double value) {
  metrics::registry().histogram_observe("arrakis_plugin_" + std::string(name), {{"plugin", std::string(c.plugin_name)}},
                                        value);
}
arrakis_status WorkerServices::config_get(Call& c, std::string_view key, std::string& out) {
  // ARRAKIS_PLUGIN_<PLUGIN>_<KEY>, upper case, '-' and '.' as '_'.
  std::string var = "ARRAKIS_PLUGIN_" + std::string(c.plugin_name) + "_" + std::string(key);
  for (auto& ch : var) ch = (ch == '-' || ch == '.') ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (const char* v = std::getenv(var.c_str())) {
    out = v;
    return ARRAKIS_OK;
  }
  return failed(c, ARRAKIS_NOT_FOUND, var + " is not set");
}

}  // namespace arrakis::worker
