#pragma once
// Publishes slash-command interactions the way the ingestor would: each is first registered with
// discord-sim (so the worker's callback and follow-up are accepted and timed) and marked dispatched,
// then its queue payload goes to arrakis.events on a confirm channel. Pacing is open loop: message i
// is due at start + i / rate, whatever the worker does, so a slow worker shows up as latency.
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "arrakis/amqp.hpp"
#include "arrakis/discord_sim/simulator.hpp"

namespace arrakis::bench {

struct PublishReport {
  std::uint64_t published = 0;
  std::uint64_t acked = 0;
  std::uint64_t nacked = 0;          // nacked or returned by the broker
  double seconds = 0;                // first publish to last publish
  double max_behind_ms = 0;          // worst lateness of a publish against its schedule
  std::uint64_t first_sequence = 0;  // the channel's last publish sequence before this run
};

class InteractionPublisher {
 public:
  InteractionPublisher(discord_sim::Simulator& sim, const std::string& rabbitmq_url, std::string guild_id);

  // `commands` are used in turn (echo, threshold, naib, ...).
  PublishReport run(double rate, std::uint64_t count, const std::vector<std::string>& commands);

 private:
  void publish_one(const std::string& command, std::uint64_t n);
  void take_confirms(std::chrono::milliseconds wait, PublishReport& report);

  discord_sim::Simulator& sim_;
  amqp::Connection amqp_;
  std::string guild_id_;
  std::uint64_t last_sequence_ = 0;
  std::uint64_t confirmed_through_ = 0;
  // Numbers every interaction across runs: event ids must never repeat, or the worker's
  // idempotency rightly drops the repeats.
  std::uint64_t next_number_ = 0;
};

}  // namespace arrakis::bench
