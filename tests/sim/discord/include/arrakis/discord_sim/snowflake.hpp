#pragma once
// Discord snowflakes (spec 7): 42 bits of ms since 2015-01-01, worker, process, increment.
#include <cstdint>
#include <mutex>
#include <string>

namespace arrakis::discord_sim {

inline constexpr std::uint64_t kDiscordEpochMs = 1420070400000ULL;

inline std::uint64_t make_snowflake(std::uint64_t unix_ms, std::uint32_t worker, std::uint32_t process,
                                    std::uint32_t increment) {
  return ((unix_ms - kDiscordEpochMs) << 22) | (std::uint64_t{worker & 31u} << 17) |
         (std::uint64_t{process & 31u} << 12) | (increment & 0xFFFu);
}

inline std::string id_string(std::uint64_t id) { return std::to_string(id); }

// New ids for runtime objects (interactions, messages, DM channels); thread-safe.
class SnowflakeGenerator {
 public:
  explicit SnowflakeGenerator(std::uint32_t process) : process_(process) {}
  std::uint64_t next(std::uint64_t unix_ms);

 private:
  std::mutex mutex_;
  std::uint32_t process_;
  std::uint64_t last_ms_ = 0;
  std::uint32_t sequence_ = 0;
};

}  // namespace arrakis::discord_sim
