#include "arrakis/ingestor/event_buffer.hpp"

#include <algorithm>

namespace arrakis::ingestor {

EventBuffer::EventBuffer(std::size_t capacity) : capacity_(std::max<std::size_t>(1, capacity)) {}

bool EventBuffer::try_push(OutboundEvent& event) {
  {
    std::lock_guard lock(mutex_);
    if (waiting_.size() + taken_ >= capacity_) return false;
    waiting_.push_back(std::move(event));
  }
  has_events_.notify_one();
  return true;
}

std::vector<OutboundEvent> EventBuffer::take(std::size_t max, std::chrono::milliseconds wait) {
  std::unique_lock lock(mutex_);
  if (waiting_.empty() && wait.count() > 0) has_events_.wait_for(lock, wait, [&] { return !waiting_.empty(); });
  std::vector<OutboundEvent> out;
  const std::size_t n = std::min(max, waiting_.size());
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(std::move(waiting_.front()));
    waiting_.pop_front();
  }
  taken_ += n;
  return out;
}

void EventBuffer::requeue_front(std::vector<OutboundEvent> events) {
  {
    std::lock_guard lock(mutex_);
    for (auto it = events.rbegin(); it != events.rend(); ++it) waiting_.push_front(std::move(*it));
    taken_ -= std::min(taken_, events.size());
  }
  has_events_.notify_one();
}

void EventBuffer::release(std::size_t count) {
  bool empty = false;
  {
    std::lock_guard lock(mutex_);
    taken_ -= std::min(taken_, count);
    empty = waiting_.empty() && taken_ == 0;
  }
  if (empty) drained_.notify_all();
}

void EventBuffer::notify() { has_events_.notify_all(); }

bool EventBuffer::wait_until_empty(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  return drained_.wait_until(lock, deadline, [&] { return waiting_.empty() && taken_ == 0; });
}

std::size_t EventBuffer::held() const {
  std::lock_guard lock(mutex_);
  return waiting_.size() + taken_;
}

std::size_t EventBuffer::waiting() const {
  std::lock_guard lock(mutex_);
  return waiting_.size();
}

bool EventBuffer::full() const {
  std::lock_guard lock(mutex_);
  return waiting_.size() + taken_ >= capacity_;
}

}  // namespace arrakis::ingestor
