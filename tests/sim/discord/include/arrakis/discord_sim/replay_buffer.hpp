#pragma once
// The dispatches a session sent, kept so a RESUME can replay exactly what the client missed.
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace arrakis::discord_sim {

using Frame = std::shared_ptr<const std::string>;

class ReplayBuffer {
 public:
  explicit ReplayBuffer(std::size_t capacity) : capacity_(capacity ? capacity : 1) {}

  void push(std::uint64_t seq, Frame frame) {
    entries_.push_back({seq, std::move(frame)});
    if (entries_.size() > capacity_) entries_.pop_front();
  }

  // Every frame after `seq`, in order; nullopt when some of them were already evicted (the
  // session cannot be resumed from there).
  std::optional<std::vector<Frame>> after(std::uint64_t seq) const {
    std::vector<Frame> out;
    if (!entries_.empty() && entries_.front().seq > seq + 1) return std::nullopt;
    for (const auto& e : entries_) {
      if (e.seq > seq) out.push_back(e.frame);
    }
    return out;
  }

  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::uint64_t seq;
    Frame frame;
  };
  std::size_t capacity_;
  std::deque<Entry> entries_;
};

}  // namespace arrakis::discord_sim
