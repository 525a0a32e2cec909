#pragma once
// Copies of consumed messages (to the DLQ, or to the retry queue) that were published but whose
// publisher confirm has not arrived yet, each with the delivery it settles. The consumer acks an
// original only when the broker has confirmed its copy, so a copy is never lost; keeping them here
// instead of waiting for each confirm lets the consumer go on reading while the broker confirms.
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "arrakis/amqp.hpp"

namespace arrakis::worker {

class PendingCopies {
 public:
  struct Copy {
    std::uint64_t delivery_tag = 0;  // the original, on the consuming connection
    bool requeue_on_nack = false;    // a refused retry copy goes back to the queue; a refused DLQ copy
                                     // to the queue's own dead-letter exchange
    std::chrono::steady_clock::time_point published{};
  };
  struct Settled {
    Copy copy;
    bool confirmed = false;  // false: the broker nacked the copy
  };

  void add(std::uint64_t sequence, Copy copy) { by_sequence_[sequence] = copy; }

  // Applies one confirm (single or `multiple`) and returns the copies it settles, oldest first.
  // Returned messages are ignored: copies are published without `mandatory`.
  std::vector<Settled> apply(const amqp::Confirm& confirm);

  // When the oldest unconfirmed copy was published; nullopt when none is waiting.
  std::optional<std::chrono::steady_clock::time_point> oldest() const;
  std::size_t size() const { return by_sequence_.size(); }
  bool empty() const { return by_sequence_.empty(); }
  void clear() { by_sequence_.clear(); }

 private:
  std::map<std::uint64_t, Copy> by_sequence_;
};

}  // namespace arrakis::worker
