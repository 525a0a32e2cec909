#pragma once
// The publisher's in-flight window: publishes sent on the confirm channel and not yet answered,
// by publish sequence number. Acks (single or `multiple`) confirm them; a nack, or a basic.return
// (unroutable with `mandatory`) followed by its ack, sends them back for retry. Used from the
// publisher thread only; pure logic so the window rules are unit-tested without a broker.
#include <chrono>
#include <cstdint>
#include <map>
#include <vector>

#include "arrakis/amqp.hpp"
#include "arrakis/ingestor/outbound_event.hpp"

namespace arrakis::ingestor {

class ConfirmWindow {
 public:
  using Clock = std::chrono::steady_clock;

  explicit ConfirmWindow(std::size_t limit);

  std::size_t room() const { return limit_ > entries_.size() ? limit_ - entries_.size() : 0; }
  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }

  void add(std::uint64_t sequence, OutboundEvent event, Clock::time_point sent = Clock::now());

  struct Outcome {
    std::vector<OutboundEvent> confirmed;
    std::vector<OutboundEvent> retry;   // nacked or returned: publish again
    std::vector<double> latencies_ms;   // publish -> ack, per confirmed event
    std::size_t nacked = 0;
    std::size_t returned = 0;
  };
  // Applies one broker answer; events answered leave the window.
  void apply(const amqp::Confirm& confirm, Outcome& outcome, Clock::time_point now = Clock::now());

  // The connection is gone: every unanswered publish must be sent again (in order).
  std::vector<OutboundEvent> take_all();

 private:
  struct Entry {
    OutboundEvent event;
    Clock::time_point sent;
    bool returned = false;
  };
  void settle(std::map<std::uint64_t, Entry>::iterator it, bool ack, Outcome& outcome, Clock::time_point now);

  std::size_t limit_;
  std::map<std::uint64_t, Entry> entries_;
};

}  // namespace arrakis::ingestor
