#include "arrakis/discord_sim/snowflake.hpp"

namespace arrakis::discord_sim {

std::uint64_t SnowflakeGenerator::next(std::uint64_t unix_ms) {
  std::lock_guard lock(mutex_);
  // Never go back in time (the clock can be advanced by tests), and borrow the next millisecond
  // once 4096 ids were issued in one: ids stay unique and increasing.
  if (unix_ms < last_ms_) unix_ms = last_ms_;
  if (unix_ms == last_ms_) {
    if (++sequence_ > 0xFFF) {
      ++unix_ms;
      sequence_ = 0;
    }
  } else {
    sequence_ = 0;
  }
  last_ms_ = unix_ms;
  return make_snowflake(unix_ms, 1, process_, sequence_);
}

}  // namespace arrakis::discord_sim
