#include "message/pending_copies.hpp"

#include <algorithm>

namespace arrakis::worker {

std::vector<PendingCopies::Settled> PendingCopies::apply(const amqp::Confirm& confirm) {
  std::vector<Settled> out;
  if (confirm.kind == amqp::Confirm::Kind::returned) return out;
  const bool confirmed = confirm.kind == amqp::Confirm::Kind::ack;
  if (!confirm.multiple) {
    if (auto it = by_sequence_.find(confirm.sequence); it != by_sequence_.end()) {
      out.push_back({it->second, confirmed});
      by_sequence_.erase(it);
    }
    return out;
  }
  const auto end = by_sequence_.upper_bound(confirm.sequence);
  for (auto it = by_sequence_.begin(); it != end; ++it) out.push_back({it->second, confirmed});
  by_sequence_.erase(by_sequence_.begin(), end);
  return out;
}

std::optional<std::chrono::steady_clock::time_point> PendingCopies::oldest() const {
  if (by_sequence_.empty()) return std::nullopt;
  auto it = std::min_element(by_sequence_.begin(), by_sequence_.end(),
                             [](const auto& a, const auto& b) { return a.second.published < b.second.published; });
  return it->second.published;
}

}  // namespace arrakis::worker
