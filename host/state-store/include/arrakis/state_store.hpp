#pragma once
// StateStore: the worker's ephemeral state on Redis (spec 5.2): plain keys, cooldowns (cd:),
// sessions (sess:), sliding-window rate limits (rl:), idempotency keys (event:processed:) and locks
// with fencing tokens for the scheduler. Losing Redis loses no data (D1): everything here expires.
//
// Contract on failure. Every method except ping() throws StateUnavailable when Redis cannot be
// reached, does not answer within Options::timeout, or answers that it cannot serve now (LOADING,
// BUSY, READONLY, ...). The store takes no policy decision: the CALLER chooses it, and the worker's
// rule is
//   - cooldowns and rate limits fail OPEN (a user is not blocked because Redis is away);
//   - idempotency checks, sessions and locks fail SAFE (requeue the message / skip the firing),
//     because acting without them could apply an effect twice or lose a user's progress.
// StateError (a different type) means Redis answered with an error that is a bug, not an outage
// (for example WRONGTYPE when a key holds another type): retrying will not help.
// Messages name the Redis address (host:port), never a password.
//
// Thread-safe. Connections are pooled (Options::pool_size); a connection that fails is dropped
// together with the idle ones (after a Redis restart they are all stale) and re-opened on the next
// call, so the store heals by itself when Redis returns. Constructing the store never connects.
// Keys and values are binary-safe. Every key written has a TTL.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace arrakis::state::detail {
class ConnectionPool;
}  // namespace arrakis::state::detail

namespace arrakis::state {

// Redis is down, unreachable or timed out: the caller applies its fail-open / fail-safe policy.
class StateUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Redis answered with an error that retrying will not fix (wrong type, script error).
class StateError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct CooldownResult {
  bool acquired;
  std::chrono::milliseconds remaining;  // 0 when acquired; else the time until the cooldown ends
};

struct RateLimitResult {
  bool allowed;
  std::uint32_t remaining;               // hits still allowed in the current window
  std::chrono::milliseconds retry_after;  // 0 when allowed; else when the oldest hit leaves the window
};

class StateStore {
 public:
  struct Options {
    std::string redis_url;  // redis://[:password@]host:port[/db]
    std::size_t pool_size = 4;
    std::chrono::milliseconds timeout{1000};  // connect, each command, and waiting for a free connection
    std::chrono::milliseconds default_ttl{std::chrono::hours(24)};
  };

  // Throws std::invalid_argument for a URL that is not redis://; never connects.
  explicit StateStore(Options options);
  ~StateStore();
  StateStore(const StateStore&) = delete;
  StateStore& operator=(const StateStore&) = delete;

  // --- plain keys (callers namespace them); ttl <= 0 means Options::default_ttl ---------------
  std::optional<std::string> get(const std::string& key);
  void set(const std::string& key, const std::string& value, std::chrono::milliseconds ttl);
  bool del(const std::string& key);  // true when the key existed
  // Atomic INCRBY; the TTL is set when the key is created (or found without one), never extended.
  std::int64_t increment(const std::string& key, std::int64_t delta, std::chrono::milliseconds ttl);

  // --- cooldowns: cd:[{scope}:]{command}:{userId} = expiry time in ms (Redis clock), PX cooldown --
  // One atomic step: takes the cooldown when free, else reports the time left. cooldown <= 0 is
  // always acquired and writes nothing. `scope` namespaces the key (the worker passes the calling
  // plugin and community, so equal command names of two plugins or two guilds never meet); the
  // overloads without it use the unscoped key.
  CooldownResult cooldown_try(const std::string& scope, const std::string& command, const std::string& user_id,
                              std::chrono::milliseconds cooldown);
  CooldownResult cooldown_try(const std::string& command, const std::string& user_id,
                              std::chrono::milliseconds cooldown);

  // --- sessions: sess:[{scope}:]{type}:{userId} = {type, userId, data, createdAt, expiresAt} (ms) -
  std::optional<nlohmann::json> session_get(const std::string& scope, const std::string& type,
                                            const std::string& user_id);
  std::optional<nlohmann::json> session_get(const std::string& type, const std::string& user_id);
  // Creating uses ttl (<= 0: default_ttl). Updating an existing session replaces its data and keeps
  // its createdAt, expiresAt and remaining TTL (spec 5.2): a session never outlives its first TTL.
  void session_put(const std::string& scope, const std::string& type, const std::string& user_id,
                   const nlohmann::json& data, std::chrono::milliseconds ttl);
  void session_put(const std::string& type, const std::string& user_id, const nlohmann::json& data,
                   std::chrono::milliseconds ttl);
  bool session_delete(const std::string& scope, const std::string& type, const std::string& user_id);
  bool session_delete(const std::string& type, const std::string& user_id);

  // --- sliding-window rate limit: rl:{key}, a sorted set of hits scored by time (Redis clock) ---
  // Trim, count and add run in one Lua script, so concurrent callers never exceed `limit` per
  // window. A denied hit is not recorded. window must be > 0.
  RateLimitResult rate_limit_hit(const std::string& key, std::uint32_t limit, std::chrono::milliseconds window);

  // --- idempotency: event:processed:{eventId} = "1" ------------------------------------------
  bool is_processed(const std::string& event_id);
  void mark_processed(const std::string& event_id, std::chrono::milliseconds ttl = std::chrono::hours(24));

  // --- locks with fencing tokens ----------------------------------------------------------------
  // SET lock:{name} owner NX PX ttl and, in the same atomic script, INCR fence:{fence_name}: the
  // token grows with every successful acquisition, so a stale holder's writes can be refused.
  // nullopt when another owner holds the lock. ttl must be > 0. The fence key lives kFenceTtl after
  // its last use (every key has a TTL; no lock outlives that, so tokens stay monotonic for any
  // holder that can still be alive).
  std::optional<std::int64_t> acquire_lock(const std::string& name, const std::string& owner,
                                           std::chrono::milliseconds ttl);
  std::optional<std::int64_t> acquire_lock(const std::string& name, const std::string& owner,
                                           std::chrono::milliseconds ttl, const std::string& fence_name);
  // Deletes lock:{name} only when `owner` still holds it (compare-and-delete script).
  bool release_lock(const std::string& name, const std::string& owner);
  static constexpr std::chrono::hours kFenceTtl{24 * 35};

  // PING round trip. Never throws: false when Redis cannot be reached (health probes).
  bool ping(std::chrono::milliseconds* latency = nullptr);

  // host:port of the Redis server, for messages and health output.
  const std::string& endpoint() const { return endpoint_; }

 private:
  std::chrono::milliseconds ttl_or_default(std::chrono::milliseconds ttl) const;

  Options options_;
  std::string endpoint_;
  std::string member_prefix_;  // makes rate-limit members unique across processes
  std::unique_ptr<detail::ConnectionPool> pool_;
  std::atomic<std::uint64_t> hit_counter_{0};
};

}  // namespace arrakis::state
