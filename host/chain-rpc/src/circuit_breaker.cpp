#include "arrakis/chain/circuit_breaker.hpp"

#include <algorithm>

namespace arrakis::chain {

const char* to_string(CircuitBreaker::State state) {
  switch (state) {
    case CircuitBreaker::State::closed: return "closed";
    case CircuitBreaker::State::open: return "open";
    case CircuitBreaker::State::half_open: return "half-open";
  }
  return "?";
}

bool CircuitBreaker::allow(time_point now) {
  switch (state_) {
    case State::closed:
      return true;
    case State::open:
      if (now < opened_at_ + options_.reset) return false;
      state_ = State::half_open;
      probing_ = false;
      [[fallthrough]];
    case State::half_open:
      if (probing_) return false;
      probing_ = true;
      return true;
  }
  return false;
}

void CircuitBreaker::record(bool success, time_point now) {
  ++calls_;
  if (!success) ++failures_;
  switch (state_) {
    case State::half_open:
      probing_ = false;
      if (success) {
        state_ = State::closed;
        outcomes_.clear();
      } else {
        trip(now);
      }
      return;
    case State::open:
      return;  // a call let through before the trip; the breaker has decided already
    case State::closed:
      outcomes_.emplace_back(now, success);
      prune(now);
      if (static_cast<int>(outcomes_.size()) >= options_.min_calls) {
        const auto failed = std::count_if(outcomes_.begin(), outcomes_.end(), [](const auto& o) { return !o.second; });
        if (static_cast<double>(failed) >= options_.error_rate * static_cast<double>(outcomes_.size())) trip(now);
      }
      return;
  }
}

CircuitBreaker::State CircuitBreaker::state(time_point now) const {
  if (state_ == State::open && now >= opened_at_ + options_.reset) return State::half_open;
  return state_;
}

void CircuitBreaker::trip(time_point now) {
  state_ = State::open;
  opened_at_ = now;
  probing_ = false;
  outcomes_.clear();
}

void CircuitBreaker::prune(time_point now) {
  while (!outcomes_.empty() && outcomes_.front().first + options_.window <= now) outcomes_.pop_front();
}

}  // namespace arrakis::chain
