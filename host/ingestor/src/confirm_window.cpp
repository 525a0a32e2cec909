#include "arrakis/ingestor/confirm_window.hpp"

#include <algorithm>

namespace arrakis::ingestor {

ConfirmWindow::ConfirmWindow(std::size_t limit) : limit_(std::max<std::size_t>(1, limit)) {}

void ConfirmWindow::add(std::uint64_t sequence, OutboundEvent event, Clock::time_point sent) {
  entries_.emplace(sequence, Entry{std::move(event), sent, false});
}

void ConfirmWindow::settle(std::map<std::uint64_t, Entry>::iterator it, bool ack, Outcome& outcome,
                           Clock::time_point now) {
  Entry& entry = it->second;
  if (ack && !entry.returned) {
    outcome.latencies_ms.push_back(std::chrono::duration<double, std::milli>(now - entry.sent).count());
    outcome.confirmed.push_back(std::move(entry.event));
  } else {
    // A nack, or the ack that follows a basic.return: the broker did not queue it.
    if (!ack) ++outcome.nacked;
    ++entry.event.attempts;
    outcome.retry.push_back(std::move(entry.event));
  }
}

void ConfirmWindow::apply(const amqp::Confirm& confirm, Outcome& outcome, Clock::time_point now) {
  if (confirm.kind == amqp::Confirm::Kind::returned) {
    // The ack of the same publish follows; remember that it was not routed.
    if (auto it = entries_.find(confirm.sequence); it != entries_.end()) {
      it->second.returned = true;
      ++outcome.returned;
    }
    return;
  }
  const bool ack = confirm.kind == amqp::Confirm::Kind::ack;
  if (confirm.multiple) {
    auto end = entries_.upper_bound(confirm.sequence);
    for (auto it = entries_.begin(); it != end; ++it) settle(it, ack, outcome, now);
    entries_.erase(entries_.begin(), end);
  } else if (auto it = entries_.find(confirm.sequence); it != entries_.end()) {
    settle(it, ack, outcome, now);
    entries_.erase(it);
  }
}

std::vector<OutboundEvent> ConfirmWindow::take_all() {
  std::vector<OutboundEvent> out;
  out.reserve(entries_.size());
  for (auto& [sequence, entry] : entries_) out.push_back(std::move(entry.event));
  entries_.clear();
  return out;
}

}  // namespace arrakis::ingestor
