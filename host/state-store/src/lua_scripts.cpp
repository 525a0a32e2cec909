#include "lua_scripts.hpp"

#include <openssl/evp.h>

#include <array>
#include <stdexcept>

namespace arrakis::state::detail {
namespace {

std::string sha1_hex(const std::string& text) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(text.data(), text.size(), digest.data(), &length, EVP_sha1(), nullptr) != 1) {
    throw std::runtime_error("SHA-1 of a Lua script failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xF];
  }
  return out;
}

// Time on the Redis server in ms: every replica then agrees on "now" whatever its own clock says.
// (Redis 5+ replicates script effects, so TIME is allowed before writes.)
constexpr const char* kNowMs = R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
)lua";

}  // namespace

LuaScript::LuaScript(std::string text) : source(std::move(text)), sha1(sha1_hex(source)) {}

const LuaScript& increment_script() {
  static const LuaScript script(R"lua(
local value = redis.call('INCRBY', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return value
)lua");
  return script;
}

const LuaScript& cooldown_script() {
  static const LuaScript script(std::string(kNowMs) + R"lua(
local cooldown = tonumber(ARGV[1])
if redis.call('SET', KEYS[1], string.format('%.0f', now + cooldown), 'NX', 'PX', cooldown) then
  return {1, 0}
end
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
  -- found without a TTL (written by something else): give it one rather than block forever
  redis.call('PEXPIRE', KEYS[1], cooldown)
  left = cooldown
end
return {0, left}
)lua");
  return script;
}

const LuaScript& session_put_script() {
  // The session is written with createdAt and expiresAt first, so an update finds them with an
  // anchored match on the stored text: no JSON decoding (cjson would round big numbers in data).
  static const LuaScript script(std::string(kNowMs) + R"lua(
local old = redis.call('GET', KEYS[1])
local left = redis.call('PTTL', KEYS[1])
if old and left > 0 then
  local created, expires = string.match(old, '^{"createdAt":(%d+),"expiresAt":(%d+),')
  if not created then
    created = string.format('%.0f', now)
    expires = string.format('%.0f', now + left)
  end
  redis.call('SET', KEYS[1], '{"createdAt":' .. created .. ',"expiresAt":' .. expires .. ',' .. ARGV[1] .. '}', 'KEEPTTL')
  return 0
end
local ttl = tonumber(ARGV[2])
redis.call('SET', KEYS[1], '{"createdAt":' .. string.format('%.0f', now) .. ',"expiresAt":' ..
           string.format('%.0f', now + ttl) .. ',' .. ARGV[1] .. '}', 'PX', ttl)
return 1
)lua");
  return script;
}

const LuaScript& sliding_window_script() {
  // A hit at time t counts while now - t < window. Denied hits are not recorded, so a client that
  // keeps retrying does not extend its own ban.
  static const LuaScript script(std::string(kNowMs) + R"lua(
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return {1, limit - count - 1, 0}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local retry = window
if oldest[2] then
  retry = tonumber(oldest[2]) + window - now
  if retry < 1 then retry = 1 end
end
return {0, 0, retry}
)lua");
  return script;
}

const LuaScript& acquire_lock_script() {
  static const LuaScript script(R"lua(
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return false
end
local token = redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return token
)lua");
  return script;
}

const LuaScript& release_lock_script() {
  static const LuaScript script(R"lua(
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
)lua");
  return script;
}

}  // namespace arrakis::state::detail
