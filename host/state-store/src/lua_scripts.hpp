#pragma once
// The Lua scripts that make the multi-step operations of the StateStore atomic on the server.
// Each is sent with EVALSHA (its SHA-1 computed here) and falls back to EVAL on NOSCRIPT, which also
// caches it on the server for the next call.
#include <string>

namespace arrakis::state::detail {

struct LuaScript {
  explicit LuaScript(std::string source);
  std::string source;
  std::string sha1;  // lower-case hex, as Redis names cached scripts
};

// KEYS[1] counter; ARGV delta, ttl_ms. INCRBY, and a TTL when the key has none. -> new value
const LuaScript& increment_script();
// KEYS[1] cooldown; ARGV cooldown_ms. -> {1, 0} taken, or {0, remaining_ms}
const LuaScript& cooldown_script();
// KEYS[1] session; ARGV fields ("type":..,"userId":..,"data":.. as JSON text), ttl_ms.
// Creates the session, or replaces it keeping createdAt, expiresAt and the TTL. -> 1 created, 0 updated
const LuaScript& session_put_script();
// KEYS[1] window set; ARGV limit, window_ms, member. -> {allowed 0|1, remaining, retry_after_ms}
const LuaScript& sliding_window_script();
// KEYS[1] lock, KEYS[2] fence; ARGV owner, ttl_ms, fence_ttl_ms. -> fencing token or nil
const LuaScript& acquire_lock_script();
// KEYS[1] lock; ARGV owner. -> 1 released, 0 not the owner
const LuaScript& release_lock_script();

}  // namespace arrakis::state::detail
