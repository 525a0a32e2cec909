#pragma once
// The gateway's send limit (spec 1.4): 120 client payloads per connection per 60 s, or the server
// closes with 4008. Heartbeats count too, so other payloads get a smaller budget and heartbeats
// always find room. One per connection; used from the shard's thread only.
#include <chrono>
#include <deque>

namespace arrakis::ingestor {

class SendLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  explicit SendLimiter(int limit = 120, Clock::duration window = std::chrono::seconds(60), int heartbeat_reserve = 10);

  // How long to wait before this payload may be sent (zero = now). Does not record anything.
  Clock::duration delay(bool heartbeat, Clock::time_point now = Clock::now());
  // Records a payload sent at `now`.
  void record(Clock::time_point now = Clock::now());
  int sent_in_window(Clock::time_point now = Clock::now());

 private:
  void expire(Clock::time_point now);
  int limit_;
  Clock::duration window_;
  int heartbeat_reserve_;
  std::deque<Clock::time_point> sent_;
};

}  // namespace arrakis::ingestor
