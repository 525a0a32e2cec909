#pragma once
// A clock the test moves by hand, shared by schedulers, and a wait for a condition that other
// threads make true.
#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

namespace arrakis::testing {

class FakeClock {
 public:
  explicit FakeClock(std::chrono::system_clock::time_point start) : ms_(to_ms(start)) {}
  std::chrono::system_clock::time_point now() const {
    return std::chrono::system_clock::time_point(std::chrono::milliseconds(ms_.load()));
  }
  void advance(std::chrono::milliseconds by) { ms_ += by.count(); }
  // A clock that reads this one shifted by `offset` (a replica whose clock is off).
  std::function<std::chrono::system_clock::time_point()> reader(std::chrono::milliseconds offset = {}) const {
    return [this, offset] { return now() + offset; };
  }

 private:
  static std::int64_t to_ms(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  }
  std::atomic<std::int64_t> ms_;
};

// Polls `done` until it holds or `limit` passes; the caller asserts on the result.
inline bool eventually(const std::function<bool()>& done, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  const auto give_up = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > give_up) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

}  // namespace arrakis::testing
