#include "arrakis/ingestor/heartbeat_monitor.hpp"

#include <algorithm>

namespace arrakis::ingestor {

void HeartbeatMonitor::start(std::chrono::milliseconds interval) {
  interval_ = interval;
  awaiting_ack_ = false;
  latency_.reset();
}

std::chrono::milliseconds HeartbeatMonitor::first_delay(double jitter) const {
  jitter = std::clamp(jitter, 0.0, 1.0);
  return std::chrono::milliseconds(static_cast<long long>(static_cast<double>(interval_.count()) * jitter));
}

bool HeartbeatMonitor::beat_due(Clock::time_point now, bool excused) {
  if (awaiting_ack_ && !excused) return false;
  awaiting_ack_ = true;
  sent_at_ = now;
  return true;
}

void HeartbeatMonitor::acknowledged(Clock::time_point now) {
  if (!awaiting_ack_) return;  // an ACK for a heartbeat the server asked for (op 1): nothing to time
  awaiting_ack_ = false;
  latency_ = std::chrono::duration_cast<std::chrono::milliseconds>(now - sent_at_);
}

}  // namespace arrakis::ingestor
