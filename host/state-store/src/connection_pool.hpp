#pragma once
// A bounded pool of Redis connections shared by the threads of one StateStore. Connections are
// opened on first use; one that fails is dropped together with every idle one (after a Redis
// restart or a pause they are all stale or busy) and new ones are opened on the next call.
// Failures come out as StateUnavailable naming host:port.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "arrakis/redis.hpp"

namespace arrakis::state::detail {

class ConnectionPool {
 public:
  ConnectionPool(std::string url, std::string endpoint, std::size_t size, std::chrono::milliseconds timeout);
  ~ConnectionPool();

  // Runs `work` with a connection of its own. A redis::RedisError thrown by the work (I/O failure,
  // timeout) marks the connection broken and becomes StateUnavailable; so does a connection that
  // cannot be opened or a pool that stays exhausted for the whole timeout.
  template <typename Work>
  auto with_connection(Work&& work) -> decltype(work(std::declval<redis::Connection&>()));

  redis::Reply command(const std::vector<std::string>& args) {
    return with_connection([&](redis::Connection& c) { return c.command(args); });
  }
  std::vector<redis::Reply> pipeline(const std::vector<std::vector<std::string>>& commands) {
    return with_connection([&](redis::Connection& c) { return c.pipeline(commands); });
  }

  [[noreturn]] void unavailable(const std::string& why) const;
  const std::string& endpoint() const { return endpoint_; }

 private:
  struct Leased {
    std::unique_ptr<redis::Connection> connection;
    std::uint64_t generation = 0;
  };
  // reuse: back to the idle list; discard: close it (unknown protocol state); failed: close it and
  // every idle one, because the server itself is suspect.
  enum class Outcome { reuse, discard, failed };
  Leased take();
  void give_back(Leased leased, Outcome outcome);

  const std::string url_;
  const std::string endpoint_;
  const std::size_t size_;
  const std::chrono::milliseconds timeout_;

  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<redis::Connection>> idle_;
  std::size_t open_ = 0;          // idle + leased
  std::uint64_t generation_ = 0;  // bumped on each failure; older leased connections are not reused
};

template <typename Work>
auto ConnectionPool::with_connection(Work&& work) -> decltype(work(std::declval<redis::Connection&>())) {
  Leased leased = take();
  try {
    if constexpr (std::is_void_v<decltype(work(*leased.connection))>) {
      work(*leased.connection);
      give_back(std::move(leased), Outcome::reuse);
    } else {
      auto result = work(*leased.connection);
      give_back(std::move(leased), Outcome::reuse);
      return result;
    }
  } catch (const redis::RedisError& e) {
    give_back(std::move(leased), Outcome::failed);
    unavailable(e.what());
  } catch (...) {
    // Anything else may leave the connection mid-protocol (e.g. inside WATCH): do not reuse it.
    give_back(std::move(leased), Outcome::discard);
    throw;
  }
}

}  // namespace arrakis::state::detail
