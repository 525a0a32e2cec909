#pragma once
// A circuit breaker for one RPC endpoint (domain 6.2), as a pure state machine with time passed in:
// closed -> open when, over the last `window`, at least `min_calls` calls were made and at least
// `error_rate` of them failed; open -> half-open once `reset` has passed, letting one probe through;
// the probe's success closes it, its failure opens it again. Not thread-safe (ChainRpc locks).
#include <chrono>
#include <cstdint>
#include <deque>
#include <string>

namespace arrakis::chain {

class CircuitBreaker {
 public:
  using Clock = std::chrono::steady_clock;
  using time_point = Clock::time_point;
  using duration = Clock::duration;

  enum class State { closed, open, half_open };

  struct Options {
    double error_rate = 0.5;
    int min_calls = 5;
    duration reset = std::chrono::seconds(30);
    duration window = std::chrono::seconds(10);
  };

  CircuitBreaker() : CircuitBreaker(Options{}) {}
  explicit CircuitBreaker(Options options) : options_(options) {}

  // May a call go to the endpoint now? In half-open, only one probe at a time.
  bool allow(time_point now);
  // The outcome of a call that allow() let through.
  void record(bool success, time_point now);

  State state(time_point now) const;  // an open breaker past its reset reads as half-open
  std::uint64_t calls() const { return calls_; }
  std::uint64_t failures() const { return failures_; }

 private:
  void trip(time_point now);
  void prune(time_point now);

  Options options_;
  State state_ = State::closed;
  time_point opened_at_{};
  bool probing_ = false;
  std::deque<std::pair<time_point, bool>> outcomes_;  // closed state only: (when, success)
  std::uint64_t calls_ = 0;
  std::uint64_t failures_ = 0;
};

const char* to_string(CircuitBreaker::State state);

}  // namespace arrakis::chain
