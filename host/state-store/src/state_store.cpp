#include "arrakis/state_store.hpp"

#include <unistd.h>

#include <random>

#include "arrakis/redis.hpp"
#include "arrakis/url.hpp"
#include "connection_pool.hpp"
#include "lua_scripts.hpp"

namespace arrakis::state {
namespace {

using redis::Reply;
using std::chrono::milliseconds;

std::string ms(milliseconds value) { return std::to_string(value.count()); }

// Error replies that mean "the server cannot serve now", not "the request is wrong".
bool is_outage(const std::string& error) {
  static const char* const kPrefixes[] = {"LOADING", "BUSY", "MASTERDOWN", "TRYAGAIN", "CLUSTERDOWN",
                                          "READONLY", "OOM", "NOAUTH", "NOREPLICAS"};
  for (const char* prefix : kPrefixes) {
    if (error.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

Reply checked(detail::ConnectionPool& pool, Reply reply, const char* what) {
  if (!reply.is_error()) return reply;
  if (is_outage(reply.str)) pool.unavailable(std::string(what) + ": " + reply.str);
  throw StateError("state store: Redis " + pool.endpoint() + ": " + what + ": " + reply.str);
}

std::vector<std::string> script_command(const char* verb, const std::string& script_id,
                                        const std::vector<std::string>& keys, const std::vector<std::string>& args) {
  std::vector<std::string> command{verb, script_id, std::to_string(keys.size())};
  command.insert(command.end(), keys.begin(), keys.end());
  command.insert(command.end(), args.begin(), args.end());
  return command;
}

Reply run_script(detail::ConnectionPool& pool, const detail::LuaScript& script, const std::vector<std::string>& keys,
                 const std::vector<std::string>& args, const char* what) {
  Reply reply = pool.with_connection([&](redis::Connection& c) {
    Reply r = c.command(script_command("EVALSHA", script.sha1, keys, args));
    if (r.is_error() && r.str.rfind("NOSCRIPT", 0) == 0) r = c.command(script_command("EVAL", script.source, keys, args));
    return r;
  });
  return checked(pool, std::move(reply), what);
}

// An empty scope keeps the unscoped key of earlier releases (cd:{command}:{user}).
std::string scoped(const char* kind, const std::string& scope, const std::string& name, const std::string& user) {
  std::string key(kind);
  if (!scope.empty()) key.append(scope).append(":");
  return key.append(name).append(":").append(user);
}
std::string cooldown_key(const std::string& scope, const std::string& command, const std::string& user) {
  return scoped("cd:", scope, command, user);
}
std::string session_key(const std::string& scope, const std::string& type, const std::string& user) {
  return scoped("sess:", scope, type, user);
}

}  // namespace

StateStore::StateStore(Options options) : options_(std::move(options)) {
  auto url = parse_service_url(options_.redis_url);
  // Never echo the URL: it may carry the password.
  if (!url || (url->scheme != "redis" && url->scheme != "rediss") || url->host.empty()) {
    throw std::invalid_argument("state store: the Redis URL is not redis[s]://[[user]:password@]host:port[/db]");
  }
  if (options_.timeout <= milliseconds::zero()) throw std::invalid_argument("state store: timeout must be positive");
  if (options_.default_ttl <= milliseconds::zero()) {
    throw std::invalid_argument("state store: default_ttl must be positive");
  }
  endpoint_ = url->host + ":" + std::to_string(url->port ? url->port : 6379);
  std::random_device random;
  member_prefix_ = std::to_string(::getpid()) + "." + std::to_string(random()) + "." + std::to_string(random());
  pool_ = std::make_unique<detail::ConnectionPool>(options_.redis_url, endpoint_, options_.pool_size, options_.timeout);
}

StateStore::~StateStore() = default;

milliseconds StateStore::ttl_or_default(milliseconds ttl) const {
  return ttl > milliseconds::zero() ? ttl : options_.default_ttl;
}

// --- plain keys -------------------------------------------------------------------------------

std::optional<std::string> StateStore::get(const std::string& key) {
  Reply r = checked(*pool_, pool_->command({"GET", key}), "GET");
  if (r.is_nil()) return std::nullopt;
  return std::move(r.str);
}

void StateStore::set(const std::string& key, const std::string& value, milliseconds ttl) {
  checked(*pool_, pool_->command({"SET", key, value, "PX", ms(ttl_or_default(ttl))}), "SET");
}

bool StateStore::del(const std::string& key) {
  return checked(*pool_, pool_->command({"DEL", key}), "DEL").integer > 0;
}

std::int64_t StateStore::increment(const std::string& key, std::int64_t delta, milliseconds ttl) {
  return run_script(*pool_, detail::increment_script(), {key}, {std::to_string(delta), ms(ttl_or_default(ttl))},
                    "increment")
      .integer;
}

// --- cooldowns --------------------------------------------------------------------------------

CooldownResult StateStore::cooldown_try(const std::string& command, const std::string& user_id, milliseconds cooldown) {
  return cooldown_try(std::string(), command, user_id, cooldown);
}

CooldownResult StateStore::cooldown_try(const std::string& scope, const std::string& command, const std::string& user_id,
                                        milliseconds cooldown) {
  if (cooldown <= milliseconds::zero()) return {true, milliseconds::zero()};
  Reply r = run_script(*pool_, detail::cooldown_script(), {cooldown_key(scope, command, user_id)}, {ms(cooldown)},
                       "cooldown");
  if (r.elements.size() != 2) throw StateError("state store: cooldown script returned an unexpected reply");
  return {r.elements[0].integer == 1, milliseconds(r.elements[1].integer)};
}

// --- sessions ---------------------------------------------------------------------------------

std::optional<nlohmann::json> StateStore::session_get(const std::string& type, const std::string& user_id) {
  return session_get(std::string(), type, user_id);
}

std::optional<nlohmann::json> StateStore::session_get(const std::string& scope, const std::string& type,
                                                      const std::string& user_id) {
  Reply r = checked(*pool_, pool_->command({"GET", session_key(scope, type, user_id)}), "GET session");
  if (r.is_nil()) return std::nullopt;
  auto session = nlohmann::json::parse(r.str, nullptr, false);
  if (session.is_discarded() || !session.is_object()) {
    throw StateError("state store: session " + type + " of user " + user_id + " is not a JSON object");
  }
  return session;
}

void StateStore::session_put(const std::string& type, const std::string& user_id, const nlohmann::json& data,
                             milliseconds ttl) {
  session_put(std::string(), type, user_id, data, ttl);
}

void StateStore::session_put(const std::string& scope, const std::string& type, const std::string& user_id,
                             const nlohmann::json& data, milliseconds ttl) {
  // One script: read the old session and its TTL, write the new one (KEEPTTL on update).
  // JSON is text: bytes that are not UTF-8 become U+FFFD rather than failing the call.
  const auto text = [](const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); };
  const std::string fields = "\"type\":" + text(type) + ",\"userId\":" + text(user_id) + ",\"data\":" + text(data);
  run_script(*pool_, detail::session_put_script(), {session_key(scope, type, user_id)},
             {fields, ms(ttl_or_default(ttl))}, "session put");
}

bool StateStore::session_delete(const std::string& type, const std::string& user_id) {
  return session_delete(std::string(), type, user_id);
}

bool StateStore::session_delete(const std::string& scope, const std::string& type, const std::string& user_id) {
  return del(session_key(scope, type, user_id));
}

// --- sliding-window rate limit ------------------------------------------------------------------

RateLimitResult StateStore::rate_limit_hit(const std::string& key, std::uint32_t limit, milliseconds window) {
  if (window <= milliseconds::zero()) throw std::invalid_argument("state store: rate limit window must be positive");
  // Members must be unique even for hits in the same millisecond from several replicas.
  const std::string member = member_prefix_ + "." + std::to_string(hit_counter_.fetch_add(1));
  Reply r = run_script(*pool_, detail::sliding_window_script(), {"rl:" + key},
                       {std::to_string(limit), ms(window), member}, "rate limit");
  if (r.elements.size() != 3) throw StateError("state store: rate limit script returned an unexpected reply");
  return {r.elements[0].integer == 1, static_cast<std::uint32_t>(r.elements[1].integer),
          milliseconds(r.elements[2].integer)};
}

// --- idempotency ------------------------------------------------------------------------------

bool StateStore::is_processed(const std::string& event_id) {
  return checked(*pool_, pool_->command({"EXISTS", "event:processed:" + event_id}), "EXISTS").integer > 0;
}

void StateStore::mark_processed(const std::string& event_id, milliseconds ttl) {
  set("event:processed:" + event_id, "1", ttl);
}

// --- locks ------------------------------------------------------------------------------------

std::optional<std::int64_t> StateStore::acquire_lock(const std::string& name, const std::string& owner,
                                                     milliseconds ttl) {
  return acquire_lock(name, owner, ttl, name);
}

std::optional<std::int64_t> StateStore::acquire_lock(const std::string& name, const std::string& owner,
                                                     milliseconds ttl, const std::string& fence_name) {
  if (ttl <= milliseconds::zero()) throw std::invalid_argument("state store: lock TTL must be positive");
  const milliseconds fence_ttl = std::max<milliseconds>(kFenceTtl, ttl);
  Reply r = run_script(*pool_, detail::acquire_lock_script(), {"lock:" + name, "fence:" + fence_name},
                       {owner, ms(ttl), ms(fence_ttl)}, "acquire lock");
  if (r.is_nil()) return std::nullopt;
  return r.integer;
}

bool StateStore::release_lock(const std::string& name, const std::string& owner) {
  return run_script(*pool_, detail::release_lock_script(), {"lock:" + name}, {owner}, "release lock").integer == 1;
}

// --- health -----------------------------------------------------------------------------------

bool StateStore::ping(milliseconds* latency) {
  try {
    const auto start = std::chrono::steady_clock::now();
    Reply r = pool_->command({"PING"});
    if (r.is_error()) return false;
    if (latency) *latency = std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - start);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace arrakis::state
