#pragma once
// Heartbeat bookkeeping of one connection (spec 1.4): the first beat after HELLO waits
// interval * jitter, the ACK measures latency, and a beat due while the previous one is still
// unacknowledged means the connection is a zombie. Pure logic; the shard owns the timer.
#include <chrono>
#include <optional>

namespace arrakis::ingestor {

class HeartbeatMonitor {
 public:
  using Clock = std::chrono::steady_clock;

  void start(std::chrono::milliseconds interval);
  std::chrono::milliseconds interval() const { return interval_; }
  // Delay before the first beat: interval * jitter, jitter in [0, 1).
  std::chrono::milliseconds first_delay(double jitter) const;

  // A beat is due. Returns false when the last beat was never acknowledged (zombie connection),
  // unless `excused` (the shard stopped reading for back-pressure, so an ACK cannot be seen).
  bool beat_due(Clock::time_point now, bool excused = false);
  void acknowledged(Clock::time_point now);

  std::optional<std::chrono::milliseconds> latency() const { return latency_; }

 private:
  std::chrono::milliseconds interval_{41250};
  bool awaiting_ack_ = false;
  Clock::time_point sent_at_{};
  std::optional<std::chrono::milliseconds> latency_;
};

}  // namespace arrakis::ingestor
