#pragma once
// The bounded hand-over between the shards and the publisher. Capacity counts every event not yet
// confirmed by the broker (waiting and in flight), so memory stays bounded while RabbitMQ is down;
// when it is full, try_push fails and the shard stops reading from Discord (back-pressure) instead
// of dropping. Thread-safe.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <vector>

#include "arrakis/ingestor/outbound_event.hpp"

namespace arrakis::ingestor {

class EventBuffer {
 public:
  explicit EventBuffer(std::size_t capacity);

  // Moves `event` in and returns true, or leaves it untouched and returns false when full.
  bool try_push(OutboundEvent& event);

  // Publisher side. Takes up to `max` waiting events (they stay counted until released), waiting
  // up to `wait` for the first one.
  std::vector<OutboundEvent> take(std::size_t max, std::chrono::milliseconds wait);
  // Puts events that must be published again at the front, in their original order.
  void requeue_front(std::vector<OutboundEvent> events);
  // `count` taken events were confirmed: frees their room.
  void release(std::size_t count);
  // Wakes a publisher blocked in take() (shutdown).
  void notify();

  // Blocks until every event is confirmed or the deadline passes; true when empty.
  bool wait_until_empty(std::chrono::steady_clock::time_point deadline);

  std::size_t capacity() const { return capacity_; }
  std::size_t held() const;     // waiting + in flight
  std::size_t waiting() const;  // not yet handed to the publisher
  bool full() const;

 private:
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable has_events_;
  std::condition_variable drained_;
  std::deque<OutboundEvent> waiting_;
  std::size_t taken_ = 0;
};

}  // namespace arrakis::ingestor
