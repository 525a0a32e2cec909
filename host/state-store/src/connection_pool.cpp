#include "connection_pool.hpp"

#include "arrakis/state_store.hpp"

namespace arrakis::state::detail {

ConnectionPool::ConnectionPool(std::string url, std::string endpoint, std::size_t size,
                               std::chrono::milliseconds timeout)
    : url_(std::move(url)), endpoint_(std::move(endpoint)), size_(size == 0 ? 1 : size), timeout_(timeout) {}

ConnectionPool::~ConnectionPool() = default;

void ConnectionPool::unavailable(const std::string& why) const {
  // RedisError messages already start with "Redis host:port"; others get the address added.
  if (why.rfind("Redis ", 0) == 0) throw StateUnavailable("state store unavailable: " + why);
  throw StateUnavailable("state store unavailable: Redis " + endpoint_ + ": " + why);
}

ConnectionPool::Leased ConnectionPool::take() {
  std::unique_lock lock(mutex_);
  const auto deadline = std::chrono::steady_clock::now() + timeout_;
  while (idle_.empty() && open_ >= size_) {
    if (returned_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() && open_ >= size_) {
      unavailable("all " + std::to_string(size_) + " connections busy for " + std::to_string(timeout_.count()) + " ms");
    }
  }
  if (!idle_.empty()) {
    Leased leased{std::move(idle_.back()), generation_};
    idle_.pop_back();
    return leased;
  }
  // Open a new one outside the lock: connecting can take up to the timeout.
  ++open_;
  const auto generation = generation_;
  lock.unlock();
  try {
    return Leased{std::make_unique<redis::Connection>(redis::Connection::open(url_, timeout_)), generation};
  } catch (const redis::RedisError& e) {
    lock.lock();
    --open_;
    returned_.notify_one();
    lock.unlock();
    unavailable(e.what());
  }
}

void ConnectionPool::give_back(Leased leased, Outcome outcome) {
  std::lock_guard lock(mutex_);
  if (outcome == Outcome::reuse && leased.connection->is_broken()) outcome = Outcome::failed;
  if (outcome == Outcome::discard) {
    --open_;
  } else if (outcome == Outcome::failed) {
    // The server went away or stalled: the idle connections are as suspect as this one.
    ++generation_;
    open_ -= 1 + idle_.size();
    idle_.clear();
  } else if (leased.generation != generation_) {
    --open_;  // opened before a failure: do not trust it
  } else {
    idle_.push_back(std::move(leased.connection));
  }
  returned_.notify_all();
}

}  // namespace arrakis::state::detail
